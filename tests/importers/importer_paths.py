"""Paths of the bundled samples, for the importer tests."""
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_TXT = SAMPLES / "yangquan-czj-2024.txt"
SAMPLE_JSON = SAMPLES / "yangquan-czj-2024.json"
# ../shared beside the checkout (CI, the main checkout) or two levels up (a worktree under wt/)
SHARED = next((p for p in (SAMPLES.parents[1] / "shared", SAMPLES.parents[2] / "shared") if p.is_dir()),
              SAMPLES.parents[1] / "shared")
