"""A rulebook read and parsed once per content: `rulebook check ONE_FILE` starts without YAML or the parser.

What is kept (pickled in the user's cache folder): the rules as read from the YAML files, the definitions, every
expression's syntax tree and the catalogue. Compiled closures cannot be kept; they are rebuilt from the trees.
An entry is used only when every file it was read from still has the same content (SHA-256) and the code that
reads and parses them is the same; anything else (a changed file, a newer engine, an unreadable or damaged entry)
means reading the files as before. Only rulebooks that loaded without an error are kept.

RULEBOOK_CACHE_DIR chooses the folder; RULEBOOK_NO_CACHE=1 turns the cache off.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")

# The code whose output an entry holds: a change to any of these makes every entry stale.
_CODE = ("engine/rules/loader.py", "engine/rules/yaml_positions.py", "engine/rules/marks.py", "engine/rules/cache.py",
         "engine/language/syntax.py", "engine/language/nodes.py", "engine/catalogue.py", "engine/labels.py")
_COMPILED = ("engine/language/compiler", "engine/functions")
_FORMAT = 1


def enabled() -> bool:
    return os.environ.get("RULEBOOK_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    explicit = os.environ.get("RULEBOOK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rulebook"


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@lru_cache(maxsize=1)  # the code does not change under a running process
def _code_digest() -> str:
    from engine import __version__
    from engine.resources import grammar_path

    root = Path(__file__).resolve().parent.parent.parent
    h = hashlib.sha256(f"{_FORMAT} {__version__} {sys.version}".encode())
    # the compiler and the functions too: rules are compiled from the kept trees on first use, during a check, so
    # an entry from other code must be stale rather than fail there
    code = [root / name for name in _CODE]
    for folder_name in _COMPILED:
        code += sorted((root / folder_name).glob("*.py"))
    for path in code:
        h.update((_digest(path) or path.name).encode())
    h.update((_digest(grammar_path()) or "grammar").encode())
    return h.hexdigest()


def _entry_path(rulebook: Path, code: str) -> Path:
    # the catalogue in use is part of the key: RULEBOOK_CATALOGUE names a province's own (engine/catalogue.py
    # catalogue_path), and rules compiled against one catalogue are not those of another
    catalogue = os.environ.get("RULEBOOK_CATALOGUE", "")
    key = hashlib.sha256(f"{rulebook.resolve()}\0{catalogue}\0{code}".encode()).hexdigest()[:32]
    return folder() / f"{key}.pickle"


def lookup(rulebook: Path) -> dict[str, Any] | None:
    """The entry for this rulebook file when it is current, else None."""
    code = _code_digest()
    try:
        with open(_entry_path(rulebook, code), "rb") as fh:
            entry = pickle.load(fh)
    except Exception:  # absent, unreadable, damaged or from another Python: read the files instead
        return None
    if not isinstance(entry, dict) or entry.get("code") != code:
        return None
    for path, digest in entry["files"].items():
        if _digest(Path(path)) != digest:
            return None
    return entry


def _slotted(cls: Any, values: tuple[Any, ...]) -> Any:
    """A frozen slotted dataclass from its field values, as dataclasses' own __setstate__ does without looking the
    fields up again for every object (an entry holds ~7,500 syntax nodes and ~2,000 origins: 40 → 20 ms)."""
    obj: Any = object.__new__(cls)
    for name, value in zip(cls.__dataclass_fields__, values):
        object.__setattr__(obj, name, value)
    return obj


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        from engine.diagnostics import Origin
        from engine.language.nodes import Node

        if not isinstance(obj, (Node, Origin)):
            return NotImplemented  # anything else pickles as usual
        names = [f.name for f in fields(obj)]
        assert names == list(type(obj).__dataclass_fields__)  # no ClassVar among them: _slotted sets them all
        return _slotted, (type(obj), tuple([getattr(obj, name) for name in names]))


def kept(kind: str, data: bytes, make: Callable[[], T]) -> T:
    """`make()`, kept per content like a rulebook: the value made from `data` (a data file's bytes) by this code, read
    back while both are the same (the catalogue: a check then starts without YAML). Never fails: anything wrong with
    the folder or an entry means making the value as without the cache."""
    if not enabled():
        return make()
    key = hashlib.sha256(b"%s\0%s\0%s" % (kind.encode(), hashlib.sha256(data).digest(), _code_digest().encode()))
    target = folder() / kind / f"{key.hexdigest()[:32]}.pickle"
    try:
        with open(target, "rb") as fh:
            value: T = pickle.load(fh)
        return value
    except Exception:  # absent, unreadable, damaged or from another Python: made again below
        pass
    value = make()
    try:
        _write(target, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        pass
    return value


def _write(target: Path, data: bytes) -> None:
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)  # atomic: a concurrent reader sees the old entry or the new one
    except BaseException:
        os.unlink(tmp)
        raise


def store(rulebook: Path, files: list[Path], **content: Any) -> None:
    """Keeps `content` for this rulebook, valid while `files` keep their content. Never fails a load."""
    code = _code_digest()
    try:
        digests = {str(p.resolve()): _digest(p) for p in files}
        if None in digests.values():
            return
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump({"code": code, "files": digests, **content})
        _write(_entry_path(rulebook, code), buffer.getvalue())
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return
