"""A submitted document as it arrives: a JSON body, or a multipart form with one file and a few text fields.

Only the bytes are read on the event loop; the form is parsed in a worker (`Submission.parts()`): parsing a
multi-MB upload holds the interpreter lock, and /healthz must not wait behind it (issue 15)."""
from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from engine.service.errors import ApiError, refusal

MAX_FIELDS = 5  # a form's text fields (eval: expression, trace)
MAX_FIELD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Submission:
    content_type: str  # as sent; 'json' bodies are told apart by `is_json`
    body: bytes
    is_json: bool

    def parts(self) -> tuple[str, bytes, dict[str, str]]:
        """('json', body, {}) or (file name, file bytes, the form's text fields). Call it off the event loop."""
        if self.is_json:
            return "json", self.body, {}
        return _parse_form(self.content_type, self.body)


async def read_submission(request: Request) -> Submission:
    """The body as bytes (the BodyLimit middleware has already capped its size); the content type decides."""
    content_type = request.headers.get("content-type", "")
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("application/json", "") or kind.endswith("+json"):
        return Submission(content_type, await request.body(), True)
    if kind == "multipart/form-data":
        return Submission(content_type, await request.body(), False)
    raise refusal(415, "unsupported_media_type", "S07", kind=kind)


def _bad_form(message: str, **params) -> ApiError:
    return refusal(422, "bad_form", message, **params)


class _Part:
    def __init__(self) -> None:
        self.headers: dict[bytes, bytes] = {}
        self.data = bytearray()


class _Collector:
    """python-multipart's callbacks, collecting the parts in memory (the whole body is in memory already)."""

    def __init__(self) -> None:
        self.parts: list[_Part] = []
        self.field, self.value = b"", b""

    def callbacks(self) -> dict:
        return {"on_part_begin": self.begin, "on_header_field": self.header_field,
                "on_header_value": self.header_value, "on_header_end": self.header_end,
                "on_part_data": self.data}

    def begin(self) -> None:
        self.parts.append(_Part())

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.field += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self.value += data[start:end]

    def header_end(self) -> None:
        self.parts[-1].headers[self.field.lower()] = self.value
        self.field, self.value = b"", b""

    def data(self, data: bytes, start: int, end: int) -> None:
        self.parts[-1].data += data[start:end]


def _parse_form(content_type: str, body: bytes) -> tuple[str, bytes, dict[str, str]]:
    from python_multipart.exceptions import FormParserError
    from python_multipart.multipart import MultipartParser, parse_options_header

    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        raise _bad_form("S08")
    collector = _Collector()
    try:
        parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]
        parser.write(body)
        parser.finalize()
    except FormParserError:
        raise _bad_form("S09") from None
    files: list[tuple[str, str, bytes]] = []  # (field name, file name, content)
    fields: dict[str, str] = {}
    for part in collector.parts:
        _, disposition = parse_options_header(part.headers.get(b"content-disposition"))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in disposition:
            files.append((name, disposition[b"filename"].decode("utf-8", "replace"), bytes(part.data)))
        elif len(fields) >= MAX_FIELDS or len(part.data) > MAX_FIELD_BYTES:
            raise _bad_form("S10", fields=MAX_FIELDS, kb=MAX_FIELD_BYTES // 1024)
        else:
            fields[name] = part.data.decode("utf-8", "replace")
    if len(files) > 1:
        raise _bad_form("S11")
    if not files or files[0][0] != "file":
        raise refusal(422, "missing_file", "S12")
    _, filename, content = files[0]
    return filename or "upload.txt", content, fields
