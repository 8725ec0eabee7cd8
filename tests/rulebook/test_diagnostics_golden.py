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
    diagnostics, _ = lint(book)
    shown = "\n".join(render(d, "zh") for d in diagnostics).replace(str(tmp_path.resolve()) + os.sep, "")
    shown = shown.replace(str(tmp_path) + os.sep, "") + "\n"
    expected = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(shown, "utf-8")
    assert shown == expected.read_text("utf-8")


def test_every_case_has_its_golden_output():
    assert CASES and all((GOLDEN / f"{name}.txt").exists() for name in CASES)


def test_placeholders_the_loader_accepts_are_the_ones_a_report_fills():
    from engine.checking.check import _PARAMS
    from engine.rules.loader import PLACEHOLDERS

    assert set(PLACEHOLDERS) == set(_PARAMS)
