"""A submission -> Disclosure: JSON (the normalised model) or an uploaded file (published text, JSON, PDF).
Contents are never logged; they are kept only when RULEBOOK_KEEP_SUBMISSIONS names a folder."""
from __future__ import annotations

import os
import tempfile
import uuid
from datetime import datetime, timezone
from pathlib import Path

from pydantic import ValidationError

from engine.model import Disclosure
from engine.service.errors import ApiError, unprocessable

UPLOAD_SUFFIXES = (".txt", ".json", ".pdf", ".xlsx", ".xlsm", ".xls", ".html", ".htm", ".docx")


def from_json(body: bytes) -> Disclosure:
    if not body.strip():
        raise ApiError(422, "empty_body", "请求体为空：应为规范化的公开文件 JSON 或上传的文件",
                       "empty body: send the normalised disclosure JSON or upload a file")
    try:
        return Disclosure.model_validate_json(body)
    except ValidationError as exc:
        raise unprocessable(list(exc.errors()), "公开文件 JSON ") from None


def from_upload(name: str, data: bytes) -> Disclosure:
    """Runs in a worker thread: importing a text or PDF takes real time."""
    from engine.importers import DisclosureError, import_text, load_disclosure

    suffix = Path(name).suffix.lower() or ".txt"
    if suffix not in UPLOAD_SUFFIXES:
        raise ApiError(415, "unsupported_file", f"不支持的文件类型「{suffix}」：应为 .txt、.json、.pdf、.xlsx、.xls、.html 或 .docx",
                       f"unsupported file type {suffix}: use .txt, .json, .pdf, .xlsx, .xls, .html or .docx")
    try:
        if suffix == ".json":
            return from_json(data)
        if suffix == ".txt":
            # bytes, never str: a short str naming an existing file would be read as a path on this server
            return import_text(bytes(data), name=Path(name).name)
        fd, tmp = tempfile.mkstemp(suffix=suffix)  # load_disclosure reads a path (PDF, Excel, HTML, Word); removed straight after
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            return load_disclosure(Path(tmp))
        finally:
            os.unlink(tmp)
    except DisclosureError as exc:
        raise ApiError(422, f"unreadable_{exc.code}", f"文件「{Path(name).name}」无法导入：{exc.message('zh')}",
                       f"cannot import {Path(name).name}: {exc.message('en')}",
                       line=exc.source.line, page=exc.source.page) from None


def keep(folder: Path | None, doc: Disclosure, raw: bytes, suffix: str) -> None:
    """Stores a submission when configured; a document marked internal_only (仅供内部审核) is never kept."""
    if folder is None or doc.metadata.internal_only:
        return
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    (folder / f"{stamp}-{uuid.uuid4().hex[:8]}{suffix}").write_bytes(raw)


def value_json(value) -> object:
    """Decimal-safe JSON for engine values (money stays text)."""
    from decimal import Decimal

    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return [None if v is None else str(value_json(v)) for v in value]
    return str(value)


