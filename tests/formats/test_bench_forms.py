"""bench/forms.py runs end to end on a few documents (no timing assertion: figures are the bench's, not a test's)."""
from __future__ import annotations

import json
import subprocess
import sys

from invariance import ROOT


def test_bench_forms_quick(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "bench.forms", "--docs", "3", "--reps", "1", "--placed-docs", "2",
                           "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads((tmp_path / "results-forms.json").read_text("utf-8"))
    assert {(r["document"], r["form"]) for r in result["speed"]} >= {("yangquan-czj-2024.txt", "xlsx"),
                                                                     ("yangquan-czj-2024.txt", "html")}
    assert all(r["best_s"] > 0 and r["within_budget"] in (True, False) for r in result["speed"]
               if r["form"] in ("xlsx", "html"))
    trip = result["round_trip"]
    assert trip["docs"] == 3 and sum(v["docs"] for v in trip["by_form"].values()) == 3
    assert trip["failed"] == 0 and trip["causes"] == {}, trip["causes"]
    placed = {(r["document"], r["form"]): r for r in result["placement"]}
    assert ("yangquan-czj-2024.txt", "model:single-space") in placed
    assert all(r["placed"] <= r["printed"] for r in placed.values())
    assert all(v["wrong_read"] == 0 and v["docs"] == 2 for v in result["placed_round_trip"].values())
    assert "导入速度" in (tmp_path / "RESULTS-forms.md").read_text("utf-8")
    assert "金额归位" in (tmp_path / "RESULTS-forms.md").read_text("utf-8")
