"""A real `rulebook serve` on loopback serving a copy of the shipped rulebook (edits go to the copy)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.resources import default_rulebook
from tests.service import process


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("web")
    book = work / "rulebook"
    shutil.copytree(Path(default_rulebook()).parent, book)
    with process.running(book, work / "srv", env={"RULEBOOK_DATA": str(work / "data")}) as srv:
        srv.book = book
        yield srv
