"""Rulebook mistakes that used to pass silently, each a golden diagnostic: tests/rulebook/golden/NAME.yaml is linted
and its rendered diagnostics (file:line:col, source line, carets, hint) must equal NAME.txt.
UPDATE_GOLDEN=1 rewrites the .txt files (read them before committing)."""
import os
import shutil
from pathlib import Path

import pytest

from engine.diagnostics import render
from engine.rules.lint import lint

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.yaml"))


@pytest.mark.parametrize("name", CASES)
def test_golden_diagnostic(name, tmp_path):
    book = tmp_path / f"{name}.yaml"
    shutil.copy(GOLDEN / f"{name}.yaml", book)
    diagnostics = [d for d in lint(book)[0] if d.origin.file == str(book.resolve()) or d.origin.file == str(book)]
    shown = "\n".join(render(d, "zh") for d in diagnostics).replace(str(tmp_path.resolve()) + os.sep, "")
    shown = shown.replace(str(tmp_path) + os.sep, "") + "\n"
    expected = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(shown, "utf-8")
    assert shown == expected.read_text("utf-8")


def test_every_case_has_its_golden_output():
    assert CASES and all((GOLDEN / f"{name}.txt").exists() for name in CASES)


def test_placeholders_the_loader_accepts_are_the_ones_a_report_fills():
    from engine.checking.check import FILLED
    from engine.rules.loader import PLACEHOLDERS

    assert set(PLACEHOLDERS) == set(FILLED)


def test_lint_from_the_cache_reports_what_a_full_read_reports(tmp_path, monkeypatch):
    """`rulebook lint` reads an unchanged rulebook from the cache (engine/rules/cache.py; issue 16: lint ≤ 2 s): the
    second run must give the same diagnostics as the first, and a rule broken since must be reported again."""
    monkeypatch.setenv("RULEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    book = tmp_path / "book.yaml"
    rule = ("规则:\n  - 编号: D8\n    名称: 合计等于分项\n    级别: 错误\n    类别: 表内平衡\n"
            "    规则: 公开05.合计.合计 == 公开05.合计.基本支出 + 公开05.合计.项目支出\n")
    book.write_text(rule, "utf-8")
    first = [render(d, "zh") for d in lint(book)[0]]
    assert list((tmp_path / "cache").glob("*.pickle")), "an error-free rulebook is kept"
    assert first and [render(d, "zh") for d in lint(book)[0]] == first  # W512: no examples, from the cache too
    book.write_text(rule.replace("级别: 错误", "级别: 严重"), "utf-8")
    assert "E505" in "\n".join(render(d, "zh") for d in lint(book)[0])
