"""Where the shipped data lives: inside the installed package, or beside the source in a checkout."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """`name` is one of grammar, rulebook, samples."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / name).is_dir():
        return _CHECKOUT / name  # a source checkout (tests, editable install)
    return Path(str(resources.files(f"engine._{name}")))


def grammar_path() -> Path:
    return data_dir("grammar") / "rules.lark"


def default_rulebook() -> Path:
    return data_dir("rulebook") / "default.yaml"


def sample(name: str) -> Path:
    return data_dir("samples") / name
