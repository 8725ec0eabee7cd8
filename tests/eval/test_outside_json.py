"""A JSON file is validated in full whoever wrote it: the engine's own schema marker (`"version": "1.0"`) is something
any outside JSON can write too, so it earns no shortcut. Run as a user runs it: the installed command on a file."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from engine.resources import sample


def _broken(tmp_path, change) -> str:
    data = json.loads(sample("yangquan-czj-2024.json").read_text("utf-8"))
    assert data["version"] == "1.0"  # the marker the engine writes itself, kept
    change(data)
    path = tmp_path / "outside.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return str(path)


def _cell(data: dict) -> dict:
    return data["tables"]["公开01"]["rows"][0]["cells"]["金额"]


@pytest.mark.parametrize("change, where", [
    (lambda d: _cell(d).update(value="1E-999999999"), "tables.公开01.rows.0.cells.金额.value"),
    (lambda d: _cell(d).update(kind="amount"), "tables.公开01.rows.0.cells.金额.kind"),
    (lambda d: d["tables"]["公开01"]["rows"][0].update(extra="x"), "tables.公开01.rows.0.extra"),
])
def test_an_invalid_json_with_the_engines_own_marker_is_refused_in_chinese(tmp_path, change, where):
    path = _broken(tmp_path, change)
    done = subprocess.run([sys.executable, "-c", "from engine.cli.main import main; main()", "check", path],
                          capture_output=True, text=True, env={**os.environ, "RULEBOOK_NO_DAEMON": "1"}, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "JSON 文件不是有效的规范化公开数据" in done.stderr and where in done.stderr
    assert "Traceback" not in done.stderr and not done.stdout.strip()
