"""Shared fixtures: the bundled sample, imported once."""
import pytest

from engine.importers import import_text
from importer_paths import SAMPLE_TXT


@pytest.fixture(scope="session")
def sample():
    return import_text(SAMPLE_TXT)
