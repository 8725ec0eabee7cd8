"""The sample imports to exactly the hand-checked JSON, and the JSON round-trips through the model."""
import json

from engine.importers import load_disclosure
from engine.model import Disclosure

from importer_paths import SAMPLE_JSON, SAMPLE_TXT


def test_sample_matches_checked_in_json(sample):
    expected = json.loads(SAMPLE_JSON.read_text("utf-8"))
    assert json.loads(sample.to_json()) == expected


def test_checked_in_json_loads_by_content():
    doc = load_disclosure(SAMPLE_JSON)
    assert isinstance(doc, Disclosure)
    assert doc.tables["公开05"].row("2010601").cells["基本支出"].text == "779.93"


def test_txt_and_json_load_alike():
    assert load_disclosure(SAMPLE_TXT).to_json() == load_disclosure(SAMPLE_JSON).to_json()
