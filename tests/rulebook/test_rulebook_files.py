"""`rulebook_files`: the files a rulebook is read from, what a copy of it elsewhere (a cluster's worker) needs."""
from __future__ import annotations

from pathlib import Path

from engine.rules.loader import load_rulebook, rulebook_files


def test_the_files_of_a_rulebook_are_its_top_its_includes_and_its_base(tmp_path, monkeypatch):
    base = tmp_path / "base"
    base.mkdir()
    (base / "default.yaml").write_text("rulebook: {id: base, include: [more.yaml]}\nrules: []\n", "utf-8")
    (base / "more.yaml").write_text(
        "rules:\n- {id: X1, name: 一, severity: error, category: 表内, expr: '1 = 1'}\n", "utf-8")
    (base / "unused.yaml").write_text("rules: []\n", "utf-8")  # in the folder, not read: not a file of the rulebook
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "default.yaml").write_text("rulebook: {id: mine, extends: ../base/default.yaml}\nrules: []\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    files = rulebook_files(Path("mine"))  # a folder, given relatively: its default.yaml, absolute
    assert files[0] == (mine / "default.yaml").resolve()
    assert set(files) == {(mine / "default.yaml").resolve(), (base / "default.yaml").resolve(),
                          (base / "more.yaml").resolve()}
    assert all(f.is_absolute() for f in files)
    assert [r.id for r in load_rulebook(Path("mine")).rules] == ["X1"]  # the files are what the loader reads


def test_the_default_rulebook_files_include_every_yaml_it_loads():
    files = rulebook_files()
    assert files[0].name == "default.yaml" and len(files) == len(set(files)) > 1
    rule_files = {r.file.resolve() for r in load_rulebook(None).rules}
    assert rule_files <= set(files)

