"""Shared fixtures: the bundled sample, imported once."""
from pathlib import Path

import pytest

from engine.importers import import_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_TXT = SAMPLES / "yangquan-czj-2024.txt"
SAMPLE_JSON = SAMPLES / "yangquan-czj-2024.json"


@pytest.fixture(scope="session")
def sample():
    return import_text(SAMPLE_TXT)
