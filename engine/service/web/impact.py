"""Impact preview of a rule edit: on every stored submission whose file was kept (and on the bundled samples), the
findings the rule gives now and would give edited; which submissions gain or lose findings. Nothing is written."""
from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from pathlib import Path

from engine.diagnostics import DiagnosticError


def candidate_rule(book, rule, fields: dict):
    """The rule with the edited fields, compiled in the served rulebook's environment (DiagnosticError if not)."""
    expr = fields.get("expr") or rule.expr
    when = fields.get("when", rule.when) or None
    edited = dataclasses.replace(rule, expr=expr, when=when, name=fields.get("name") or rule.name,
                                 severity=fields.get("severity") or rule.severity,
                                 message=fields.get("message", rule.message) or None,
                                 tolerance=Decimal(str(fields["tolerance"])) if fields.get("tolerance") is not None
                                 else rule.tolerance)
    edited.compiled = book.environment.compile(expr)
    edited.precondition = book.environment.compile(when) if when else None
    return edited


def _only(book, rule):
    one = copy.copy(book)
    one.rules = [rule]
    return one


NOT_KEPT = "原文件未保存（服务未设置 RULEBOOK_KEEP_SUBMISSIONS）"
INTERNAL = "文件标有“仅供内部审核”，原文件按规定不保存"


MAX_STORED = 50  # the newest stored submissions previewed: each is imported and checked twice


def documents(review, samples: list[Path]) -> list[tuple[str, Path | None, str]]:
    """(label, kept file or None, why not) for each stored submission, then each bundled sample."""
    out: list[tuple[str, Path | None, str]] = []
    if review is not None:
        from sqlalchemy import select

        from engine.review import tables as t

        with review.engine.connect() as db:
            rows = db.execute(select(t.submissions.c.id, t.submissions.c.year, t.submissions.c.file_name,
                                     t.submissions.c.kept_path, t.units.c.name, t.submissions.c.internal_only)
                              .join(t.units, t.units.c.id == t.submissions.c.unit_id)
                              .order_by(t.submissions.c.id.desc()).limit(MAX_STORED)).all()[::-1]
        for sid, year, file_name, kept, unit, internal in rows:
            label = f"提交 #{sid} {unit} {year} {file_name or ''}".strip()
            out.append((label, Path(kept) if kept else None, INTERNAL if internal else NOT_KEPT))
    out += [(f"样本 {p.name}", p, "") for p in samples]
    return out


def impact(book, rule, fields: dict, docs: list[tuple[str, Path | None, str]]) -> dict:
    from engine.checking.check import check
    from engine.importers import DisclosureError, load_disclosure

    try:
        edited = candidate_rule(book, rule, fields)
    except DiagnosticError as exc:
        return {"ok": False, "diagnostics": [d.to_dict() for d in exc.diagnostics], "documents": []}
    before_book, after_book = _only(book, rule), _only(book, edited)
    rows = []
    for label, path, why in docs:
        if path is None or not path.exists():
            rows.append({"document": label, "status": "不可核", "reason": why or NOT_KEPT})
            continue
        try:
            doc = load_disclosure(path)
        except DisclosureError as exc:
            rows.append({"document": label, "status": "不可核", "reason": exc.message("zh")})
            continue
        before = {f.fingerprint: f.message for f in check(doc, before_book).findings if f.status != "not_checkable"}
        after = {f.fingerprint: f.message for f in check(doc, after_book).findings if f.status != "not_checkable"}
        gained = [after[k] for k in after if k not in before]
        lost = [before[k] for k in before if k not in after]
        rows.append({"document": label, "status": "变化" if gained or lost else "不变", "before": len(before),
                     "after": len(after), "gained": gained[:5], "lost": lost[:5]})
    return {"ok": True, "documents": rows,
            "changed": sum(1 for r in rows if r["status"] == "变化")}
