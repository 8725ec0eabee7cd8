"""Checking many files: each jsonl line is the file's own report, a bad file does not stop the batch, and the
cycle collector, run by hand during a batch, is handed back as it was."""
from __future__ import annotations

import gc
import json

import pytest
from click.testing import CliRunner

from bench.generate import generate
from engine.checking import batch
from engine.cli.main import cli


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    generate(out, 5, seed=31, text=False)
    return out / "json"


def _reports(text: str) -> dict[str, dict]:
    """Each file's report, without the time it was checked at (runs seconds apart)."""
    return {r["file"]: {k: v for k, v in r.items() if k != "checked_at"} for r in map(json.loads, text.splitlines())}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_line_is_the_files_own_report(folder, jobs):
    runner = CliRunner()
    together = runner.invoke(cli, ["check", str(folder), "--format", "jsonl", "--jobs", jobs])
    assert together.exit_code == 1, together.output  # generated documents carry errors
    reports = _reports(together.stdout)
    assert len(reports) == 5
    for path in sorted(folder.glob("*.json"))[:2]:
        alone = runner.invoke(cli, ["check", str(path), "--format", "jsonl"])
        assert _reports(alone.stdout)[str(path)] == reports[str(path)]


def test_a_bad_file_is_reported_and_the_rest_checked(folder, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", "utf-8")
    out = CliRunner().invoke(cli, ["check", str(bad), *map(str, sorted(folder.glob("*.json"))[:2]),
                                   "--format", "jsonl", "--jobs", "1"])
    assert out.exit_code == 2
    assert len(out.stdout.splitlines()) == 2
    assert str(bad) in out.stderr


def test_collector_runs_by_hand_during_a_batch_and_is_handed_back(folder, monkeypatch):
    collections: list[bool] = []
    real = gc.collect
    monkeypatch.setattr(batch, "_COLLECT_EVERY", 2)
    monkeypatch.setattr(gc, "collect", lambda *a: collections.append(gc.isenabled()) or real(*a))
    assert gc.isenabled()
    out = CliRunner().invoke(cli, ["check", str(folder), "--format", "jsonl", "--jobs", "1"])
    assert len(out.stdout.splitlines()) == 5
    # one collection before the batch, then one every 2 documents with automatic collection off
    assert collections[0] is True and collections[1:] == [False, False]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_one_line_json_is_the_indented_report_on_one_line(folder):
    from engine.checking.check import check
    from engine.importers import load_disclosure
    from engine.checking.formats import as_json, as_jsonl
    from engine.rules.loader import load_rulebook

    report = check(load_disclosure(sorted(folder.glob("*.json"))[0]), load_rulebook())
    line = as_jsonl(report)
    assert "\n" not in line and "\\u" not in line  # Chinese as written, one report per line
    assert json.loads(line) == json.loads(as_json(report)) == report.model_dump(mode="json")
