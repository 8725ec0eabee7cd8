"""The rulebook cache (engine/rules/cache.py): same findings from a kept rulebook, stale entries never used."""
from __future__ import annotations

import re
import shutil

import pytest

from engine.checking.check import check
from engine.checking.formats import as_json
from engine.importers import load_disclosure
from engine.resources import data_dir, sample
from engine.rules import cache
from engine.rules.loader import load_rulebook


def _timeless(report: str) -> str:
    return re.sub(r'"checked_at": ?"[^"]*"', '"checked_at": ""', report)  # the one field that is the clock


@pytest.fixture()
def kept(tmp_path, monkeypatch):
    monkeypatch.setenv("RULEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RULEBOOK_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture()
def book_copy(tmp_path):
    folder = tmp_path / "book"
    shutil.copytree(data_dir("rulebook"), folder)
    return folder / "default.yaml"


def test_a_kept_rulebook_gives_the_same_report(kept):
    doc = load_disclosure(sample("yangquan-czj-2024.json"))
    plain = as_json(check(doc, load_rulebook()))
    first = load_rulebook(cache=True)  # makes the entry
    assert len(list(kept.glob("*.pickle"))) == 1
    assert cache.lookup(first.path) is not None
    second = load_rulebook(cache=True)  # from the entry
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    assert _timeless(as_json(check(doc, second))) == _timeless(plain)


def test_a_changed_rule_file_is_read_again(kept, book_copy):
    load_rulebook(book_copy, cache=True)
    assert cache.lookup(book_copy) is not None
    tables = book_copy.parent / "tables.yaml"
    tables.write_text(tables.read_text("utf-8").replace("名称: 总表收入合计", "名称: 改过的名称", 1), "utf-8")
    assert cache.lookup(book_copy) is None
    again = load_rulebook(book_copy, cache=True)
    assert again.rule("T01").name == "改过的名称"


def test_a_damaged_entry_is_ignored(kept, book_copy):
    load_rulebook(book_copy, cache=True)
    (entry,) = kept.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.lookup(book_copy) is None
    assert len(load_rulebook(book_copy, cache=True).rules) == len(load_rulebook(book_copy).rules)


def test_off_by_environment(kept, monkeypatch, book_copy):
    monkeypatch.setenv("RULEBOOK_NO_CACHE", "1")
    load_rulebook(book_copy, cache=True)
    assert not kept.exists() or not list(kept.glob("*.pickle"))


def test_kept_syntax_trees_and_origins_come_back_equal_with_their_spans(kept):
    """The entry rebuilds nodes and origins without dataclasses' __setstate__: every field must come back."""
    from engine.language.syntax import parse

    book = load_rulebook(cache=True)
    entry = cache.lookup(book.path)
    assert entry is not None and entry["trees"]
    for text, tree in entry["trees"].items():
        assert repr(tree) == repr(parse(text))  # repr shows every field, the span included (== ignores spans)
    plain = load_rulebook(compile=False)
    assert [r.origins for r in entry["rules"]] == [r.origins for r in plain.rules]


def test_an_entry_is_kept_per_catalogue(kept, tmp_path, monkeypatch):
    """RULEBOOK_CATALOGUE (a province's own catalogue): an entry made with one catalogue is never used with another,
    and the one in use is among the files whose content the entry depends on."""
    book = load_rulebook(cache=True)
    own = tmp_path / "catalogue.yaml"
    shutil.copyfile(data_dir("rulebook") / "catalogue.yaml", own)
    monkeypatch.setenv("RULEBOOK_CATALOGUE", str(own))
    assert cache.lookup(book.path) is None
    load_rulebook(cache=True)
    entry = cache.lookup(book.path)
    assert entry is not None and str(own.resolve()) in entry["files"]
    monkeypatch.delenv("RULEBOOK_CATALOGUE")
    assert str(own.resolve()) not in cache.lookup(book.path)["files"]


def test_the_catalogue_is_kept_per_content_and_read_back_without_yaml(kept):
    """engine/catalogue.py keeps the catalogue it read (cache.kept): the next process reads the entry, not the YAML;
    a damaged entry or another content means reading the YAML again."""
    from engine.catalogue import _read, catalogue_path

    data = catalogue_path().read_bytes()
    calls: list[int] = []

    def make():
        calls.append(1)
        return _read(data)

    first = cache.kept("catalogue", data, make)
    again = cache.kept("catalogue", data, make)
    assert calls == [1] and again == first and again is not first  # the second from the entry
    (entry,) = (kept / "catalogue").glob("*.pickle")
    entry.write_bytes(b"damaged")
    assert cache.kept("catalogue", data, make) == first and calls == [1, 1]
    assert cache.kept("catalogue", data + b"\n# changed\n", make) == first and calls == [1, 1, 1]


def test_the_code_key_covers_the_compiler_and_the_functions(monkeypatch):
    """Rules are compiled from the kept trees on first use, during a check: an entry made by another compiler or
    another set of functions (an upgrade that changed neither the loader nor the parser) must be stale."""
    from engine.rules import cache

    hashed: list[str] = []
    monkeypatch.setattr(cache, "_digest", lambda path: hashed.append(path.as_posix()) or "x")
    cache._code_digest.__wrapped__()
    assert any("/engine/functions/builtins.py" in p for p in hashed)
    assert any("/engine/language/compiler/calls.py" in p for p in hashed)
