"""Paths of the bundled samples, for the importer tests."""
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_TXT = SAMPLES / "yangquan-czj-2024.txt"
SAMPLE_JSON = SAMPLES / "yangquan-czj-2024.json"
