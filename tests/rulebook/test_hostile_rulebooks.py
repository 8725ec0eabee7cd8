"""Hostile rulebooks and inputs through the real CLI, its memory capped (issue 15 #7, #8, #9): alias bombs and
loops, extends loops, files that are not rulebooks, rulebooks without rules, bad numbers. Each ends in a clear
diagnostic and exit 1 or 2, never exit 70 (internal error), never unbounded memory."""
from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from engine.resources import sample

MEMORY_MB = 1500


def _cap() -> None:
    limit = MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def rulebook(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_cap)


BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{x}: &{x} [{','.join(['*' + p] * 9)}]" for p, x in zip("abcdefgh", "bcdefghi")]
    + ["规则: *i"]) + "\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("name, text, wanted", [
    ("bomb.yaml", BOMB, "E502"),
    ("loop.yaml", "规则: &r\n  - *r\n", "E502"),
    ("key.yaml", "? [a, b]\n: 1\n规则: []\n", "键"),
    ("empty.yaml", "rulebook: {id: e}\n规则: []\n", "E517"),
    ("list.yaml", "- a\n- b\n", "E512"),
    ("self.yaml", "rulebook:\n  id: s\n  扩展: self.yaml\n", "E507"),
    ("missing.yaml", "rulebook:\n  id: m\n  扩展: nowhere.yaml\n规则: []\n", "E508"),
])
def test_hostile_rulebook_is_a_diagnostic(tmp_path, name, text, wanted):
    path = _write(tmp_path, name, text)
    assert len(BOMB) < 700  # the 648-byte "billion laughs": 10^9 values once expanded
    for command in (["lint", "--rulebook", str(path)],
                    ["check", str(sample("consistent.json")), "--rulebook", str(path)]):
        result = rulebook(*command)
        assert result.returncode in (1, 2), (command, result.returncode, result.stderr[-500:])
        assert wanted in result.stdout + result.stderr, (command, result.stdout[-500:], result.stderr[-500:])
        assert "内部错误" not in result.stderr and "Traceback" not in result.stderr


def test_extends_loop_and_non_rulebook_base(tmp_path):
    _write(tmp_path, "a.yaml", "rulebook:\n  id: a\n  扩展: b.yaml\n规则: []\n")
    _write(tmp_path, "b.yaml", "rulebook:\n  id: b\n  扩展: a.yaml\n规则: []\n")
    _write(tmp_path, "c.yaml", "rulebook:\n  id: c\n  扩展: /etc/hostname\n")
    for entry, code in (("a.yaml", "E507"), ("c.yaml", "E512")):
        result = rulebook("lint", "--rulebook", str(tmp_path / entry))
        assert result.returncode == 1 and code in result.stdout + result.stderr, result.stderr[-500:]


def test_a_file_that_is_not_a_rulebook_never_passes(tmp_path):
    """#9: `--rulebook /etc/passwd` loaded 0 rules and reported 未发现问题 with exit 0."""
    for path in ("/etc/passwd", str(_write(tmp_path, "notes.yaml", "just some text\n"))):
        result = rulebook("check", str(sample("consistent.json")), "--rulebook", path)
        assert result.returncode == 2, (path, result.returncode, result.stdout[-300:])
        assert "E512" in result.stderr and "未发现问题" not in result.stdout


def test_bad_numbers_in_documents_and_rules_are_clear_errors(tmp_path):
    """#7: cells like 1E+999999999 and rules like 四舍五入(x, 1e9) ended in 内部错误, exit 70."""
    doc = json.loads(sample("consistent.json").read_text("utf-8"))
    cell = next(iter(doc["tables"]["公开01"]["rows"][0]["cells"].values()))
    for value in ("1E+999999999", "1E-999999999", "1E+499990", "9" * 5000):
        cell.update(value=value, text=value)
        path = _write(tmp_path, "bad.json", json.dumps(doc, ensure_ascii=False))
        result = rulebook("check", str(path))
        assert result.returncode == 2 and "内部错误" not in result.stderr, (value, result.stderr[-300:])
    good = str(sample("consistent.json"))
    for expression, code in (("四舍五入(公开01.收入总计, 1000000000) > 0", "E411"),
                             ("非 " * 300 + "(公开01.收入总计 > 0)", "E120"),
                             ("公开10[" + "9" * 5000 + ".." + "9" * 5001 + "] == 0", "E124")):
        result = rulebook("eval", expression, good)
        assert result.returncode in (1, 2) and code in result.stdout + result.stderr, (code, result.stdout[-300:],
                                                                                      result.stderr[-300:])
        assert "内部错误" not in result.stderr
    text = "\n".join(["阳泉市财政局2024年度单位决算公开", "一、收入支出决算总体情况说明", "收入总计" + "9" * 5000 + "万元。"])
    path = tmp_path / "long.txt"
    path.write_text(text, "utf-8")
    result = rulebook("check", str(path))
    assert result.returncode in (0, 1) and "内部错误" not in result.stderr, result.stderr[-300:]


def test_oversize_documents_are_refused_by_the_cli(tmp_path):
    """#6: a 1M-row JSON took the CLI to 5.9 GB. Over the row limit: exit 2 with the limit named; over the file
    size limit: refused before it is read."""
    doc = json.loads(sample("consistent.json").read_text("utf-8"))
    doc["tables"]["公开05"]["rows"] = [{"key": f"k{i}", "label": f"行{i}"} for i in range(6000)]
    rows = _write(tmp_path, "rows.json", json.dumps(doc, ensure_ascii=False))
    result = rulebook("check", str(rows))
    assert result.returncode == 2 and "超出处理上限" in result.stderr and "6000 行" in result.stderr, result.stderr[-300:]
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.write(b"{" + b" " * (33 * 1024 * 1024) + b"}")
    result = rulebook("check", str(huge))
    assert result.returncode == 2 and "文件过大" in result.stderr, result.stderr[-300:]
