"""Importers: a published disclosure (text now, PDF next) → the normalised Disclosure model.

source → SourceLines (text.py) → table, narrative and form recognition (recognise.py) → Disclosure.
"""
from __future__ import annotations

from pathlib import Path

from engine.importers.errors import DisclosureError, ImportError_
from engine.model import Disclosure

__all__ = ["DisclosureError", "ImportError_", "import_text", "load_disclosure"]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DisclosureError("not_found", f"找不到文件：{path}", f"file not found: {path}") from None
    except IsADirectoryError:
        raise DisclosureError("not_a_file", f"这是一个文件夹，不是文件：{path}", f"a folder, not a file: {path}") from None
    except OSError as exc:
        raise DisclosureError("unreadable", f"无法读取文件：{path}（{exc.strerror}）", f"cannot read {path}") from None


def import_text(path_or_text: str | Path | bytes, *, name: str | None = None) -> Disclosure:
    """Import published text given as a path, the text itself, or its bytes."""
    from engine.importers.recognise import recognise
    from engine.importers.text import read_text

    if isinstance(path_or_text, Path) or (isinstance(path_or_text, str) and "\n" not in path_or_text
                                          and len(path_or_text) < 4096 and Path(path_or_text).is_file()):
        path = Path(path_or_text)
        return recognise(read_text(_read(path)), name or path.name)
    return recognise(read_text(path_or_text), name)


def load_disclosure(path: str | Path) -> Disclosure:
    """A normalised `.json` disclosure or a published `.txt`, told apart by content."""
    from pydantic import ValidationError

    path = Path(path)
    data = _read(path)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        try:
            return Disclosure.model_validate_json(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise DisclosureError("bad_json", f"JSON 文件不是有效的规范化公开数据：{where}：{first['msg']}",
                                  f"not a valid normalised disclosure: {where}: {first['msg']}") from None
    return import_text(path)
