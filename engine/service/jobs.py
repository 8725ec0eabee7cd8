"""The document work of the service: a submission imported and checked, or an expression evaluated on it.

Each job runs in a worker process (engine/service/workers.py) with that process's own copy of the served rulebook,
and returns the response body as text: nothing but bytes crosses back, and nothing heavy runs on the event loop."""
from __future__ import annotations

from pathlib import Path

from engine.service.errors import refusal
from engine.service.intake import from_json, from_upload, keep, value_json, within_limits
from engine.service.schemas import EvalRequest, EvalResult
from engine.service.state import ServedRulebook
from engine.service.submission import Submission


def check_document(served: ServedRulebook, submission: Submission, lang: str, name: str | None, max_json: int,
                   keep_folder: Path | None) -> str:
    """The report of `rulebook check --format json` for the submission."""
    from engine.checking.formats import as_json

    source, raw, _ = submission.parts()
    _, report = checked(served, source, raw, lang, name, max_json, keep_folder)
    return bounded(as_json(report))


def checked(served: ServedRulebook, source: str, raw: bytes, lang: str, name: str | None, max_json: int,
            keep_folder: Path | None):
    """A submission imported (kept when configured and allowed) and checked: (document, Report). Shared by
    /v1/check, /v1/report and the workbench."""
    from engine.checking.check import check

    doc = from_json(raw) if source == "json" else from_upload(source, raw, max_json)
    keep(keep_folder, doc, raw, ".json" if source == "json" else _suffix(source))
    book = served.current().book
    return doc, check(doc, book, lang=lang, file=name or (None if source == "json" else source))


def imported(served: ServedRulebook, submission: Submission, text_limit: int | None = None):
    """(file name or 'json', the submitted bytes, Disclosure): the import alone, for work the server finishes itself
    (a review submission is stored in the server's database)."""
    source, raw, _ = submission.parts()
    return source, raw, from_json(raw) if source == "json" else from_upload(source, raw, text_limit)


def sample_json(served: ServedRulebook, path: str) -> str:
    """A bundled sample as normalised JSON (a text or PDF sample imported first)."""
    from engine.importers import load_disclosure

    return load_disclosure(Path(path)).to_json()


def bounded(report: str) -> str:
    from engine.limits import MAX_REPORT_BYTES

    if len(report) > MAX_REPORT_BYTES // 4 and len(report.encode("utf-8")) > MAX_REPORT_BYTES:
        raise refusal(422, "report_too_large", "S37", extra={"limit": MAX_REPORT_BYTES},
                      mb=MAX_REPORT_BYTES // 1024 // 1024, limit=MAX_REPORT_BYTES)
    return report


def _suffix(name: str) -> str:
    return Path(name).suffix.lower() or ".txt"


def eval_request(submission: Submission, max_json: int) -> EvalRequest:
    """The JSON EvalRequest, or one made of a form's fields and its uploaded file."""
    source, raw, fields = submission.parts()
    if source == "json":
        from pydantic import ValidationError

        from engine.service.errors import unprocessable

        try:
            return EvalRequest.model_validate_json(raw or b"{}")
        except ValidationError as exc:
            raise unprocessable(list(exc.errors()), "S14") from None
    expression = str(fields.get("expression", "")).strip()
    if not expression or len(expression) > 8000:
        raise refusal(422, "missing_expression", "S38")
    return EvalRequest.model_construct(
        expression=expression, disclosure=from_upload(source, raw, max_json),
        trace=str(fields.get("trace", "")).lower() in ("1", "true", "yes", "on"))


def evaluate(served: ServedRulebook, submission: Submission, lang: str, max_json: int) -> str:
    """EvalResult as JSON: the expression compiled with the served rulebook's definitions, evaluated (traced)."""
    from engine.diagnostics import DiagnosticError

    body = eval_request(submission, max_json)
    within_limits(body.disclosure)
    book = served.current().book
    try:
        compiled = book.environment.compile(body.expression)
    except DiagnosticError as exc:
        raise refusal(400, "bad_expression", "S39", extra={"diagnostics": [d.to_dict() for d in exc.diagnostics]}) from None
    result = compiled.value(body.disclosure, trace=body.trace)
    message = result.message_en if lang == "en" else result.message_zh
    return EvalResult(
        status=result.status, kind=result.kind, value=value_json(result.value),
        tolerance=value_json(result.tolerance), canonical=compiled.canonical, code=result.code,
        message=message or None,
        refs=[{"table": r.table, "row": r.row, "column": r.column, "label": r.label,
               "value": value_json(r.value), "source": str(r.source) if r.source is not None else None}
              for r in result.refs],
        steps=None if result.steps is None else [
            {"text": s.text, "value": s.value if isinstance(s.value, bool) else value_json(s.value),
             "tolerance": value_json(s.tolerance), "kind": s.kind} for s in result.steps]).model_dump_json()


def explain(served: ServedRulebook, rule_id: str, submission: Submission, lang: str, max_json: int) -> str:
    """ExplainOut as JSON: the rule described, run step by step on the document when one is given."""
    from engine.checking.explain_rule import describe
    from engine.service.schemas import ExplainOut

    rule = served.current().book.rule(rule_id)
    if rule is None:  # deleted since the server looked it up
        raise refusal(404, "unknown_rule", "S40", extra={"rule": rule_id}, rule=rule_id)
    source, raw, _ = submission.parts()
    if source == "json":
        disclosure = from_json(raw) if raw.strip() and raw.strip() != b"null" else None
    else:
        disclosure = from_upload(source, raw, max_json)
    return ExplainOut(rule=rule.id, text=describe(rule, disclosure, lang)).model_dump_json()
