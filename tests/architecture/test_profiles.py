"""A profile is data: a toy profile declared in a catalogue file of its own is detected, imported and checked, with
no code changed; the same document is refused where that file is not in use."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from engine.catalogue import catalogue_path, load_catalogue
from engine.resources import sample

TOY_RULES = """\
rulebook:
  id: toy
  版本: "1"
规则:
  - 编号: Y01
    名称: 玩具口径
    级别: error
    类别: 口径
    规则: 口径 == "toy3"
  - 编号: Y02
    名称: 有收入
    级别: error
    类别: 表内平衡
    规则: 公开01.本年收入合计 > 0
"""


def _rulebook(args: list[str], catalogue: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "RULEBOOK_CATALOGUE"}
    if catalogue is not None:
        env["RULEBOOK_CATALOGUE"] = str(catalogue)
    return subprocess.run([sys.executable, "-m", "engine.cli.main", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_a_toy_profile_from_data_alone(tmp_path: Path) -> None:
    raw = yaml.safe_load(catalogue_path().read_text(encoding="utf-8"))
    toy = {"name": "玩具3张表", "tables": ["公开01", "公开02", "公开05"], "detect": {"tables": ["公开02"]}}
    raw["profiles"] = {"toy3": toy, **raw["profiles"]}  # first: its mark (公开02) is checked before the others
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert list(load_catalogue(catalogue).profiles)[0] == "toy3"
    rules = tmp_path / "toy.yaml"
    rules.write_text(TOY_RULES, encoding="utf-8")
    imported = tmp_path / "doc.json"

    done = _rulebook(["import", str(sample("yangquan-czj-2024.txt")), "-o", str(imported)], catalogue)
    assert done.returncode == 0, done.stderr
    assert "(toy3)" in done.stdout  # detected from the toy profile's mark
    assert json.loads(imported.read_text(encoding="utf-8"))["metadata"]["profile"] == "toy3"

    checked = _rulebook(["check", str(imported), "--rulebook", str(rules), "--format", "json"], catalogue)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = json.loads(checked.stdout)
    assert report["summary"]["rules"] == report["summary"]["passed"] == 2  # 口径 == "toy3" holds

    forced = _rulebook(["import", str(sample("yangquan-czj-2024.txt")), "--profile", "toy3", "--format", "json"],
                       catalogue)
    assert forced.returncode == 0 and "profile_forced" not in forced.stdout

    # where the toy catalogue is not in use, toy3 is no profile: a clear error, no traceback
    refused = _rulebook(["check", str(imported), "--rulebook", str(rules)], None)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "profile" in refused.stderr + refused.stdout
    unknown = _rulebook(["import", str(sample("yangquan-czj-2024.txt")), "--profile", "toy3"], None)
    assert unknown.returncode == 2 and "toy3" in unknown.stderr
