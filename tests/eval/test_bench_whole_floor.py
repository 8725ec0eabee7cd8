"""bench/: the whole default rulebook is measured against an estimated floor that says what it is."""
from __future__ import annotations

import pytest


def test_the_whole_rulebook_floor_is_the_conversion_plus_the_mean_rule(tmp_path):
    from bench import report, workload
    from engine.rules.loader import load_rulebook

    out = workload.run(3, 1, 1, tmp_path)  # cel-python on one document: it is slow
    w = out["whole_floor"]
    floor = out["per_doc_s"][workload.Floor.name]["median"]
    conversion = out["per_doc_s"][workload.FloorConversion.name]["median"]
    assert w["rules"] == len(load_rulebook().rules) > len(workload.RULES)
    assert 0 < w["conversion_s"] == conversion
    assert w["per_rule_s"] == pytest.approx(max(0.0, floor - conversion) / len(workload.RULES))
    assert w["estimate_s"] == pytest.approx(conversion + w["rules"] * w["per_rule_s"])
    assert w["ratio"] == pytest.approx(w["rulebook_s"] / w["estimate_s"])
    assert workload.FloorConversion.name not in out["disagreements"]  # it gives no verdicts to compare
    text = "\n".join(report.peers_lines(out))
    assert f"{w['ratio']:.2f}× the estimate" in text and "upper bound" in text
