"""The rule examples' variant documents are what make_variants.py builds from the bundled sample: after a re-import
of the sample, the script must reproduce them (or the examples test something nobody can rebuild)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "rulebook" / "examples"


def _script():
    spec = importlib.util.spec_from_file_location("make_variants", EXAMPLES / "make_variants.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
BUILT = SCRIPT.variants(json.loads(SCRIPT.SAMPLE.read_text("utf-8")))


@pytest.mark.parametrize("name", sorted(BUILT))
def test_the_script_reproduces_the_example_file(name):
    assert SCRIPT.dump(BUILT[name]) == (EXAMPLES / f"{name}.json").read_text("utf-8")


def test_every_example_document_is_built_by_the_script():
    files = {p.stem for p in EXAMPLES.glob("*.json")}
    assert files <= set(BUILT), f"example files the script does not build: {sorted(files - set(BUILT))}"
