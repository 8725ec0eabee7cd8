"""Test-wide settings: the review store of any service a test starts lives in a temporary folder, never in $HOME."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _review_data(tmp_path_factory):
    os.environ.setdefault("RULEBOOK_DATA", str(tmp_path_factory.mktemp("review-data")))
    yield
