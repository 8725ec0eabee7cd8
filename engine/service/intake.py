"""A submission -> Disclosure: JSON (the normalised model) or an uploaded file (published text, JSON, PDF, Excel,
HTML, Word).
Contents are never logged; they are kept only when RULEBOOK_KEEP_SUBMISSIONS names a folder."""
from __future__ import annotations

import json
import os
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from pydantic import ValidationError

from engine.limits import oversize, oversize_raw
from engine.model import Disclosure
from engine.service.errors import ApiError, refusal, unprocessable

UPLOAD_SUFFIXES = (".txt", ".json", ".pdf", ".xlsx", ".xlsm", ".xls", ".html", ".htm", ".docx")
_CONTAINERS = (".pdf", ".xlsx", ".xlsm", ".xls", ".docx")  # compressed or binary: not held to the text limit


# Building the model holds the interpreter lock for its whole length (~0.1 s per 1,000 rows): one at a time,
# so /healthz and the event loop wait for at most one document, not for every worker's.
_VALIDATING = threading.Lock()
_waiting = 0
PDF_QUEUE = 3  # PDF imports running (one at a time: the PDF library is not thread-safe) or waiting; more -> 429
_pdf_slots = threading.BoundedSemaphore(PDF_QUEUE)


def from_json(body: bytes) -> Disclosure:
    if not body.strip():
        raise refusal(422, "empty_body", "S30")
    global _waiting
    _waiting += 1  # approximate (no lock): only decides whether to pause
    with _VALIDATING:
        _waiting -= 1
        start = time.monotonic()
        try:
            return _validate(body)
        finally:  # another document waits: the event loop first gets the interpreter as long as this one had it
            if _waiting > 0:
                time.sleep(min(0.25, time.monotonic() - start))


def _validate(body: bytes) -> Disclosure:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting thousands deep
        error = {"type": "json_invalid", "loc": (), "msg": f"Invalid JSON: {exc}", "ctx": {"error": str(exc)[:200]}}
        raise unprocessable([error], "S15") from None
    over = oversize_raw(data)
    if over is not None:
        raise too_large(over)
    del data
    try:
        return within_limits(Disclosure.model_validate_json(body))  # from bytes: ~1.5x faster than from data
    except ValidationError as exc:
        raise unprocessable(list(exc.errors()), "S15") from None


def too_large(over: tuple[str, str]) -> ApiError:
    return refusal(422, "document_too_large", "S31", over=over[0], over_en=over[1])


def within_limits(doc: Disclosure) -> Disclosure:
    over = oversize(doc)
    if over is not None:
        raise too_large(over)
    return doc


def from_upload(name: str, data: bytes, text_limit: int | None = None) -> Disclosure:
    """Runs in a worker thread: importing a text or PDF takes real time. Nothing is written to disk.
    `text_limit`: bytes a .json, .txt or .html upload may have (the JSON body limit; PDF, Excel and Word may be
    larger)."""
    from engine.importers import DisclosureError, import_office, import_pdf, import_text, office_kind

    suffix = Path(name).suffix.lower() or ".txt"
    if suffix not in UPLOAD_SUFFIXES:
        raise refusal(415, "unsupported_file", "S32", suffix=suffix)
    if suffix not in _CONTAINERS and text_limit is not None and len(data) > text_limit:
        raise refusal(413, "body_too_large", "S33", extra={"limit": text_limit}, suffix=suffix, limit=text_limit)
    try:
        if suffix == ".json":
            return from_json(data)
        if suffix == ".txt":
            # bytes, never str: a short str naming an existing file would be read as a path on this server
            return within_limits(import_text(bytes(data), name=Path(name).name))
        if suffix != ".pdf":  # Excel, HTML, Word: the form is told by content, as the CLI does
            kind = office_kind(bytes(data))
            if kind is None:
                from engine.messages import text

                raise DisclosureError("unsupported_format", text("S36", "zh", suffix=suffix),
                                      text("S36", "en", suffix=suffix))
            return within_limits(import_office(bytes(data), kind, name=Path(name).name))
        if not _pdf_slots.acquire(blocking=False):
            raise refusal(429, "busy", "S34", headers={"Retry-After": "5"}, n=PDF_QUEUE)
        try:  # from memory: no temporary file to leave behind
            return within_limits(import_pdf(bytes(data), name=Path(name).name))
        finally:
            _pdf_slots.release()
    except DisclosureError as exc:
        raise refusal(422, f"unreadable_{exc.code}", "S35", extra={"line": exc.source.line, "page": exc.source.page},
                      name=Path(name).name, reason=exc.message("zh"), reason_en=exc.message("en")) from None


def keep(folder: Path | None, doc: Disclosure, raw: bytes, suffix: str) -> None:
    """Stores a submission when configured; a document marked internal_only (仅供内部审核) is never kept.
    Kept files are readable by the service's user only (0600 in a 0700 folder)."""
    if folder is None or doc.metadata.internal_only:
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(raw)


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


