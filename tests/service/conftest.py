"""Fixtures: a copy of the test rulebook in tmp_path, and clients of an app serving it."""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from engine.resources import sample
from engine.service.settings import Settings

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from tests.service.helpers import DATA, TOKEN  # noqa: E402 (after the warnings filter)


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    target = tmp_path / "rulebook"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def changelog(tmp_path: Path) -> Path:
    return tmp_path / "log" / "changes.jsonl"


@pytest.fixture
def make_client(book_dir: Path, changelog: Path):
    from fastapi.testclient import TestClient

    from engine.service.app import create_app

    def make(**overrides) -> TestClient:
        base = {"edit_tokens": {TOKEN: "alice"}, "changelog": changelog}
        return TestClient(create_app(book_dir, Settings(**{**base, **overrides})))

    return make


@pytest.fixture
def client(make_client):
    return make_client()


@pytest.fixture(scope="session")
def sample_json() -> bytes:
    return sample("yangquan-czj-2024.json").read_bytes()


@pytest.fixture(scope="session")
def sample_text() -> bytes:
    return sample("yangquan-czj-2024.txt").read_bytes()
