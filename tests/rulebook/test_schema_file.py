"""The editor hook-up: every rulebook file names rulebook/rulebook.schema.json (yaml-language-server), the schema
file is what `rulebook schema rulebook` prints, and the shipped rulebook files are valid against it."""
import json
from pathlib import Path

import jsonschema
import yaml

from engine.rules.schema import rulebook_schema

FOLDER = Path(__file__).resolve().parents[2] / "rulebook"
MODELINE = "# yaml-language-server: $schema=rulebook.schema.json"
RULEBOOK_FILES = sorted(p for p in FOLDER.glob("*.yaml") if p.name != "catalogue.yaml")


def test_schema_file_is_the_printed_schema():
    assert json.loads((FOLDER / "rulebook.schema.json").read_text("utf-8")) == rulebook_schema()


def test_every_rulebook_file_names_the_schema_and_is_valid_against_it():
    validator = jsonschema.Draft202012Validator(rulebook_schema())
    assert len(RULEBOOK_FILES) >= 8
    for path in RULEBOOK_FILES:
        text = path.read_text("utf-8")
        assert text.splitlines()[0] == MODELINE, path.name
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(text))]
        assert errors == [], (path.name, errors[:3])


def test_the_schema_rejects_a_misspelt_key():
    validator = jsonschema.Draft202012Validator(rulebook_schema())
    bad = {"规则": [{"编号": "T1", "名字": "x", "级别": "error", "类别": "c", "规则": "1 == 1"}]}
    assert list(validator.iter_errors(bad))
