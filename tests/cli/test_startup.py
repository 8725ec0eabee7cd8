"""`rulebook check ONE_FILE` starts with what the check needs: a JSON check imports no importer, report format,
service or YAML it does not use, and a rulebook read from its cache entry compiles only the rules a check runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from engine.checking.check import check
from engine.checking.formats import as_json
from engine.importers import load_disclosure
from engine.resources import sample
from engine.rules.loader import load_rulebook

# What a check of a normalised JSON never needs (the text/PDF/office importers, other commands, YAML on a cache hit)
NOT_NEEDED = ("engine.importers.pdf", "engine.importers.text", "engine.importers.recognise", "engine.importers.excel",
              "engine.importers.word", "engine.importers.grid", "engine.service", "engine.review", "engine.render",
              "engine.reports", "openpyxl", "lxml", "docx", "fastapi", "pdfplumber", "yaml", "lark", "xml.etree")
_WRAPPER = ("import atexit, json, sys\n"
            "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
            "sys.argv = ['rulebook', *sys.argv[1:]]\n"
            "from engine.cli.main import main\n"
            "main()\n")


def _modules_of(args: list[str], cache: str) -> set[str]:
    env = {**os.environ, "RULEBOOK_NO_DAEMON": "1", "RULEBOOK_CACHE_DIR": cache}
    env.pop("RULEBOOK_NO_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *args], env=env, capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_a_json_check_imports_only_what_it_uses(tmp_path):
    args = ["check", str(sample("consistent.json")), "--format", "json"]
    _modules_of(args, str(tmp_path))  # fills the rulebook cache
    loaded = _modules_of(args, str(tmp_path))
    assert "engine.checking.check" in loaded and "engine.model" in loaded  # it did check
    assert sorted(m for m in loaded if any(m == n or m.startswith(n + ".") for n in NOT_NEEDED)) == []


@pytest.fixture()
def kept(tmp_path, monkeypatch):
    monkeypatch.setenv("RULEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RULEBOOK_NO_CACHE", raising=False)
    load_rulebook(cache=True)  # makes the entry: the next load is a cache hit


def test_a_cache_hit_compiles_no_rule_that_does_not_apply(kept):
    book = load_rulebook(cache=True)
    assert not any(r.compiled.built for r in book.rules)  # nothing compiled before the check
    doc = load_disclosure(sample("consistent.json"))
    report = check(doc, book)
    skipped = [r for r in book.rules if report.outcomes[r.id][0] == "not_applicable"]
    assert skipped and not any(r.compiled.built for r in skipped)
    assert all(r.compiled.built for r in book.rules if report.outcomes[r.id][0] in ("pass", "fail", "rounding"))
    assert _timeless(as_json(report)) == _timeless(as_json(check(doc, load_rulebook())))  # compiled in full


def _timeless(text: str) -> dict:
    data = json.loads(text)
    data.pop("checked_at", None)
    return data


def test_a_deferred_rule_compiles_to_what_one_compiled_alone_does(kept, monkeypatch):
    """Definitions compiled once and shared, rules compiled on first use: every rule's tables, reads, identity, kind
    and plainness are those of the rule compiled on its own, each definition compiled inside it."""
    from engine.language.compiler import names

    deferred = load_rulebook(cache=True)
    for rule in deferred.rules:  # compiled now, sharing definitions
        assert rule.compiled.kind and (rule.precondition is None or rule.precondition.kind)
    assert deferred.environment.shared  # definitions were shared
    monkeypatch.setattr(names, "_shared", lambda compiler, name: None)  # the ordinary path, nothing shared
    alone = load_rulebook()
    for a, b in zip(deferred.rules, alone.rules, strict=True):
        for mine, theirs in ((a.compiled, b.compiled), (a.precondition, b.precondition)):
            if theirs is None:
                assert mine is None
                continue
            assert (mine.tables, mine.reads, mine.identity, mine.kind, mine.plain) == \
                (theirs.tables, theirs.reads, theirs.identity, theirs.kind, theirs.plain), a.id


def test_the_entry_point_leaves_its_objects_to_the_end_of_the_process(tmp_path):
    """After the command, main() freezes what it built: Python's collection at exit does not walk it (exit handlers
    still run: this one does)."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 1000, file=sys.stderr))\n"
            "sys.argv = ['rulebook', 'check', sys.argv[1], '--format', 'json']\n"
            "from engine.cli.main import main\n"
            "main()\n")
    env = {**os.environ, "RULEBOOK_NO_DAEMON": "1", "RULEBOOK_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code, str(sample("consistent.json"))], env=env, capture_output=True,
                          text=True)
    assert proc.returncode in (0, 1) and json.loads(proc.stdout)["summary"]["rules"] > 100
    assert proc.stderr.strip().splitlines()[-1] == "frozen True"
