"""The benchmark's quick mode runs end to end (no timing assertions), and the floor agrees with the engine."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


def test_results_file_has_every_section(results):
    from bench.report import SECTIONS

    text = (results / "RESULTS.md").read_text("utf-8")
    for heading in SECTIONS:
        assert heading in text
    data = json.loads((results / "results.json").read_text("utf-8"))
    for key in ("compile", "check", "peers", "batch", "startup", "linearity"):
        assert key in data
    cluster = data["batch"]["cluster"]
    assert cluster["reports"] == data["batch"]["docs"] and cluster["identical_to_jobs1"]
    assert data["batch"]["jobs1"]["reports"] == data["batch"]["docs"]  # one jsonl report per document
    assert data["batch"]["jobs2"]["reports"] == data["batch"]["docs"]


def test_floor_and_peers_agree_with_the_engine(results):
    data = json.loads((results / "results.json").read_text("utf-8"))["peers"]
    assert len(data["rules"]) == 40
    assert set(data["disagreements"]) >= {"rulebook (verdicts)", "simpleeval (Decimal)",
                                          "json-logic (panzi-json-logic)", "cel-python"}
    assert all(n == 0 for n in data["disagreements"].values()), data["examples"]
    # probes and defects make rules fail, round, error and go uncheckable: agreement is not agreement on "all pass"
    for status in ("fail", "rounding", "error", "not_checkable", "not_applicable"):
        assert data["verdicts"].get(status, 0) > 0, status


def test_floor_agrees_with_engine_on_probes(tmp_path):
    """Every verdict of the 40 rules on generated documents and their tolerance-boundary probes."""
    from bench import floor, workload

    texts, kinds = workload.documents(6, tmp_path)
    assert kinds["amount"] > 0 and kinds["row"] > 0
    engine = workload.Rulebook(report=False)
    for text in texts:
        assert engine.run_all(text) == floor.run_all(text)


def test_a_peer_disagreement_is_counted(tmp_path):
    """The agreement check can fail: a peer whose T05 is wrong is caught."""
    from bench import workload

    texts, _ = workload.documents(2, tmp_path)

    class Wrong:
        name = "wrong"

        @staticmethod
        def run_all(text):
            return {**workload.floor.run_all(text), "T05": "pass"}
    counted = workload.agreement([Wrong()], texts, 0)["disagreements"]["wrong"]
    assert counted == sum(workload.floor.run_all(t)["T05"] != "pass" for t in texts) > 0


def test_generated_text_reads_back_as_the_generated_json(tmp_path):
    from engine.importers import import_text, load_disclosure
    from bench.generate import generate

    generate(tmp_path, 2, seed=5)
    for path in sorted((tmp_path / "json").glob("*.json")):
        a = load_disclosure(path).model_dump(mode="json")
        b = import_text(tmp_path / "txt" / (path.stem + ".txt")).model_dump(mode="json")
        a["metadata"].pop("source_file"), b["metadata"].pop("source_file")
        assert a == b
    manifest = [json.loads(x) for x in (tmp_path / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert len(manifest) == 2 and all(m["factor"] for m in manifest)


def test_peak_memory_counts_the_workers():
    """The sampler walks the process tree: a parent whose two children each hold 40 MB reads over 80 MB."""
    import time

    from bench.measure import _tree_rss

    hold = "import time; x = bytearray(40 * 2**20); time.sleep(4)"
    spawn = (f"import subprocess, sys, time; ps = [subprocess.Popen([sys.executable, '-c', {hold!r}]) "
             "for _ in range(2)]; time.sleep(4)")
    parent = subprocess.Popen([sys.executable, "-c", spawn])
    try:
        time.sleep(2)
        assert _tree_rss(parent.pid) > 80 * 2**20
    finally:
        parent.wait()


def test_report_lines_are_counted_across_read_blocks(tmp_path):
    from bench import measure

    path = tmp_path / "r.jsonl"
    line = '{"单位": "阳泉市财政局", "pad": "' + "x" * 700_000 + '"}\n'  # two lines span the 1 MiB read blocks
    path.write_text(line * 3, "utf-8")
    assert measure.lines(path) == 3


def test_best_of_each_takes_turns_and_keeps_each_ones_best():
    from bench import measure

    order: list[str] = []
    best = measure.best_of_each({"a": lambda: order.append("a"), "b": lambda: order.append("b")}, 3)
    assert order == ["a", "b"] * 3
    assert set(best) == {"a", "b"} and all(0 <= t < 1 for t in best.values())


def test_a_workload_run_rewrites_the_targets_it_measured(tmp_path):
    """The 目标 table's 40-rule rows follow section 3 when bench.workload rewrites it alone: a ratio that section 3
    no longer shows is never stated as met or missed."""
    import json
    import shutil

    from bench import workload

    here = Path(__file__).resolve().parents[1] / "bench"
    for name in ("RESULTS.md", "results.json", "notes.md"):
        shutil.copy(here / name, tmp_path / name)
    out = json.loads((here / "results-peers.json").read_text("utf-8"))
    out["ratio"]["rulebook (check: findings)"]["median"] = 1.5
    row = "| rulebook (findings) ≤ 2× the honest floor, 40 rules, median | 1.50× |"

    def goals(load: str) -> str:
        workload.rewrite(tmp_path, {**out, "load": load})
        text = (tmp_path / "RESULTS.md").read_text("utf-8")
        return text[text.index("## 目标"):text.index("## 说明")]

    assert f"{row} yes |" in goals("0.5 0.6 0.7")
    busy = goals("6.6 6.7 6.4")  # more work than the 2 cores: the ratios move with the load, no verdict
    assert f"{row} not judged (machine busy: load over its 2 cores) |" in busy and "load 6.6 6.7 6.4" in busy
    assert json.loads((tmp_path / "results-peers.json").read_text("utf-8")) == {**out, "load": "6.6 6.7 6.4"}


def test_a_time_target_is_judged_by_the_load_its_own_section_ended_with():
    """A run that starts quiet may end busy (others' work beside it): the batch's targets are then not judged,
    while a section that ran quiet still is."""
    import json

    from bench import report

    r = json.loads((Path(__file__).resolve().parents[1] / "bench" / "results.json").read_text("utf-8"))
    r["machine"] = {**r["machine"], "cores": "2", "load": "0.5 1.2 1.2"}
    r["section_load"] = {"compile": "0.6 1.0 1.1", "startup": "1.2 1.1 1.1", "import": "1.3 1.2 1.1",
                         "batch": "4.5 3.8 2.9"}
    met = {name: ok for name, _, ok in report.targets(r)}
    assert met["`--jobs 2` ≥ 1.7× `--jobs 1`"] is None
    assert met["Dask local 2-worker cluster within 20 % of `--jobs 2` (throughput)"] is None
    assert next(ok for name, ok in met.items() if name.startswith("whole run")) is None
    assert met["importing the 25-page PDF < 3 s"] is (r["import"]["pdf_cold_s"] < 3)
    assert met["compile ≤ 0.2 s warm"] is (r["compile"]["warm_s"] <= 0.2)


def test_the_targets_show_bench_startups_in_process_check(tmp_path):
    """bench.startup's run is a row of the 目标 table: the in-process one-file check over `python -c pass`."""
    import json
    import shutil

    from bench import report

    here = Path(__file__).resolve().parents[1] / "bench"
    for name in ("RESULTS.md", "results.json", "results-peers.json"):
        shutil.copy(here / name, tmp_path / name)
    run = {"file": "samples/consistent.json", "rounds": 9, "load": 0.5, "cores": 2,
           "in-process": {"over_pass_wall_s": 0.25, "over_pass_cpu_s": 0.24}}
    (tmp_path / "results-startup.json").write_text(json.dumps({"runs": [run]}), "utf-8")
    report.rewrite_targets(tmp_path)
    text = (tmp_path / "RESULTS.md").read_text("utf-8")
    goals = text[text.index("## 目标"):text.index("## 说明")]
    assert "consistent.json, median of 9 paired rounds; wall judged) | wall 0.250 s, CPU 0.240 s (load 0.5) | yes |" \
        in goals
    assert goals.count("`rulebook check ONE_FILE` in its own process") == 1
