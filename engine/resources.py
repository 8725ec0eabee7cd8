"""Where the shipped data lives: inside the installed package, or beside the source in a checkout."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """`name` is one of grammar, rulebook, samples."""
    local = _CHECKOUT / name
    if local.is_dir():
        return local
    return Path(str(resources.files(f"engine._{name}")))


def grammar_path() -> Path:
    return data_dir("grammar") / "rules.lark"


def default_rulebook() -> Path:
    return data_dir("rulebook") / "default.yaml"


def sample(name: str) -> Path:
    return data_dir("samples") / name
