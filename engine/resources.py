"""Where the shipped data lives: beside the source in a checkout, or inside the installed package."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def data_dir(name: str) -> Path:
    """`name` is one of grammar, rulebook, samples."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / name).is_dir():
        return _CHECKOUT / name  # a source checkout (tests, editable install)
    return _PACKAGE / f"_{name}"  # pyproject.toml installs grammar/ as engine/_grammar, and so on


def grammar_path() -> Path:
    return data_dir("grammar") / "rules.lark"


def default_rulebook() -> Path:
    return data_dir("rulebook") / "default.yaml"


def sample(name: str) -> Path:
    return data_dir("samples") / name
