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
    batch = out["collectors"]["batch"]  # the same passes with the collector as rulebook's batch runs it
    assert set(batch["per_doc_s"]) == set(out["per_doc_s"]) and batch["ratio"][workload.Floor.name]["median"] == 1
    assert f"**{batch['whole_floor']['ratio']:.2f}×**" in text


def test_section_three_is_rewritten_alone(tmp_path):
    from bench import report

    path = tmp_path / "RESULTS.md"
    path.write_text("\n".join(["# r", report.SECTIONS[1], "two", report.SECTIONS[2], "old", "old too",
                               report.SECTIONS[3], "four"]) + "\n", "utf-8")
    report.replace_section(path, report.SECTIONS[2], ["new"])
    assert path.read_text("utf-8") == "\n".join(["# r", report.SECTIONS[1], "two", report.SECTIONS[2], "", "new", "",
                                                 report.SECTIONS[3], "four"]) + "\n"


@pytest.mark.parametrize("by_cluster_bench", [True, False])
def test_a_full_run_keeps_the_paired_cluster_section(tmp_path, by_cluster_bench):
    """Section 5 written by `python -m bench.cluster_bench` (paired rounds) is the record: `bench.run` keeps it."""
    import json

    from bench import measure, report

    r = json.loads((measure.ROOT / "bench" / "results.json").read_text("utf-8"))
    path = tmp_path / "RESULTS.md"
    mine = ["paired: `python -m bench.cluster_bench`" if by_cluster_bench else "an older batch table", "| a | b |"]
    path.write_text("\n".join(["# r", report.SECTIONS[4], "", *mine, "", report.SECTIONS[5], "x"]) + "\n", "utf-8")
    report.write_markdown(r, path)
    text = path.read_text("utf-8")
    section = text[text.index(report.SECTIONS[4]):text.index(report.SECTIONS[5])]
    assert (section == "\n".join([report.SECTIONS[4], "", *mine, "", ""])) is by_cluster_bench
    assert text.count(report.SECTIONS[4]) == 1 and report.SECTIONS[0] in text
