"""bench/round_trip.py bounded for CI: 50 generated disclosures, every form in turn, each rendered, imported again and
compared (amounts, findings). Every difference the bench finds is named by its cause; none is expected."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from invariance import ROOT

pytestmark = pytest.mark.slow
DOCS = 50


def test_round_trip_bench_bounded(tmp_path):
    (tmp_path / "RESULTS-forms.md").write_text("# other sections\n\nkept\n", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "bench.round_trip", "--docs", str(DOCS), "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    trip = json.loads((tmp_path / "results-round-trip.json").read_text("utf-8"))["round_trip"]
    from bench.round_trip import FORMS

    assert trip["docs"] == DOCS and set(trip["by_form"]) == set(FORMS)
    assert all(v["docs"] >= DOCS // len(FORMS) for v in trip["by_form"].values())
    assert trip["causes"] == {}, trip["causes"]
    results = (tmp_path / "RESULTS-forms.md").read_text("utf-8")
    assert results.startswith("# other sections\n\nkept") and results.count("<!-- round-trip:start -->") == 1
