"""Runs a compiled rulebook over one disclosure and turns rule results into findings."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from engine import __version__
from engine.checking.findings import Finding, Ref, Report, Summary, built, printed
from engine.checking.fingerprint import fingerprints
from engine.messages import MESSAGES
from engine.labels import PREVIOUS
from engine.model import Disclosure
from engine.rules.loader import Rule, Rulebook
from engine.language.runtime import Memo

# A finding's texts, from the one message table (engine/messages.py F01–F09).
_KEYS = {"fail": "F01", "fail_bool": "F02", "rounding": "F03", "tolerance_note": "F04", "missing": "F05",
         "missing_name": "F06", "error": "F07", "no_previous": "F08", "no_previous_name": "F09"}
TEXT = {lang: {key: getattr(MESSAGES[code], lang) for key, code in _KEYS.items()} for lang in ("zh", "en")}


def _fmt(value: Decimal | None, rounding: str = ROUND_HALF_UP) -> str:
    """Printed amounts as printed; computed ones (a ratio, a propagated tolerance) to 4 decimals at most."""
    return "（空）" if value is None else format(printed(value, rounding), "f")


def _at_printed(value: Decimal | None, rounding: str = ROUND_HALF_UP) -> Decimal | None:
    """The difference and tolerance a report carries are the ones its message prints (not 28 digits)."""
    return None if value is None else printed(value, rounding)


def _refs(violation) -> list[Ref]:
    out, seen = [], set()
    for ref in violation.refs:
        source = ref.source
        line = source.line if source is not None else None
        key = (ref.table, ref.row, ref.column, line)
        if key in seen:  # a cell read twice by one comparison is shown once
            continue
        seen.add(key)
        text = ref.text
        words = text if ref.value is None and isinstance(text, str) and text.strip() else None
        out.append(built(Ref, table=ref.table, row=ref.row, column=ref.column, label=ref.label, value=ref.value,
                         text=words, source=str(source) if source is not None else None, line=line))
    return out


def _cells_text(refs: list[Ref]) -> str:
    return "；".join(f"{r.table or ''}「{r.label or r.row}」{('·' + r.column) if r.column else ''}{_shown(r)}"
                    + (f"（{r.source}）" if r.source else "") for r in refs)


def _shown(ref: Ref) -> str:
    """`=value`; printed words instead of an empty value; nothing when the label already quotes the words."""
    if ref.value is None and ref.text:
        return "" if ref.text == ref.label else f"={ref.text}"
    return f"={_fmt(ref.value)}"


def _listed_text(refs: list[Ref]) -> str:
    """{清单}: the entries a structure check lists (目录 entries, numbering gaps, words), each with its line."""
    seen = dict.fromkeys(f"「{r.label}」（{r.source}）" if r.source else f"「{r.label}」" for r in refs if r.label)
    return "、".join(seen)


# Each placeholder a message may show, formatted only when the message shows it.
_PARAMS = {
    "元素": lambda rule, v, lang, refs: f"{v.element}：" if v.element else "",
    "名称": lambda rule, v, lang, refs: rule.name,
    "表达式": lambda rule, v, lang, refs: rule.canonical,
    "左": lambda rule, v, lang, refs: _fmt(v.left),
    "右": lambda rule, v, lang, refs: _fmt(v.right),
    "差额": lambda rule, v, lang, refs: _fmt(v.difference),
    "容差": lambda rule, v, lang, refs: _fmt(v.tolerance, ROUND_UP),
    "单元格": lambda rule, v, lang, refs: _cells_text(_refs(v) if refs is None else refs),  # a rule's own message only
    "清单": lambda rule, v, lang, refs: _listed_text(_refs(v) if refs is None else refs),
    "原因": lambda rule, v, lang, refs: v.message(lang),
}
_TOKENS = tuple(("{" + key + "}", key) for key in _PARAMS)


class _Params(dict):
    def __init__(self, *args) -> None:
        super().__init__()
        self.args = args

    def __missing__(self, key: str) -> str:
        value = self[key] = _PARAMS[key](*self.args)
        return value


def message_for(rule: Rule, violation, lang: str = "zh", refs: list[Ref] | None = None) -> str:
    text = TEXT[lang]
    params = _Params(rule, violation, lang, refs)
    if violation.status == "error":
        return text["error"].format_map(params)
    if violation.status == "rounding":
        return text["rounding"].format_map(params)
    if rule.message and lang == "zh":
        message = rule.message
        for token, key in _TOKENS:
            if token in message:
                message = message.replace(token, params[key])
        if violation.tolerance and "{容差}" not in rule.message:
            message += text["tolerance_note"].format_map(params)
        return message
    if violation.left is None and violation.right is None:
        return text["fail_bool"].format_map(params)
    return text["fail"].format_map(params)


def applies(rule: Rule, doc: Disclosure, memo: Memo | None = None) -> bool | None:
    """True/False from the precondition; None when it cannot be decided (a table it needs is missing)."""
    condition = rule.precondition
    if condition is None:
        return True
    if memo is None:
        return condition.holds(doc)
    # rules share preconditions (有表(公开10) guards seven): each is decided once per document
    return memo.once(("applies", condition.canonical), doc, lambda: condition.holds(doc, memo))


def check(doc: Disclosure, book: Rulebook, *, lang: str = "zh", file: str | None = None,
          previous: Disclosure | None = None) -> Report:
    if previous is not None:
        from engine.checking.previous import with_previous

        doc = with_previous(doc, previous)
    report = Report(file=file, unit=doc.metadata.unit_name or None, rulebook=f"{book.id} {book.version}".strip(),
                    rulebook_version=book.version or None, tool=f"rulebook {__version__}",
                    checked_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    counts = dict.fromkeys(("rules", "passed", "not_checkable", "not_applicable", "errors", "warnings", "infos"), 0)
    missing: dict[str, list[str]] = {}
    outcomes = report.outcomes
    memo = Memo(doc)  # one per document: rules share its cell intervals and narrative look-ups
    counts["rules"] = len(book.rules)
    for rule in book.rules:
        applicable = applies(rule, doc, memo)
        if applicable is False:
            counts["not_applicable"] += 1
            outcomes[rule.id] = ("not_applicable", "")
            continue
        result = rule.compiled.run(doc, tolerance=rule.tolerance, memo=memo) if applicable else None
        if result is None or result.status == "not_checkable":
            counts["not_checkable"] += 1
            tables = (result.missing_tables if result else None) or sorted(
                t for t in rule.tables if doc.table(t) is None)
            if any(t.startswith(PREVIOUS) for t in tables or ()):  # last year's disclosure not given: one group
                tables = [PREVIOUS]
            for table in tables or ["?"]:
                if rule.id not in missing.setdefault(table, []):
                    missing[table].append(rule.id)
            outcomes[rule.id] = ("not_checkable", "、".join(tables or ["?"]))
            continue
        failed = rounding = False
        for violation in result.violations:
            if violation.status == "not_checkable":
                continue
            severity = "info" if violation.status == "rounding" else (
                "warning" if violation.status == "error" and rule.severity == "error" else rule.severity)
            failed |= violation.status in ("fail", "error")
            rounding |= violation.status == "rounding"
            refs = _refs(violation)
            report.findings.append(built(Finding,
                rule=rule.id, name=rule.name, severity=severity, category=rule.category, status=violation.status,
                message=message_for(rule, violation, lang, refs), element=violation.element,
                difference=_at_printed(violation.difference), tolerance=_at_printed(violation.tolerance, ROUND_UP),
                basis=rule.basis, refs=refs, fingerprint=None))
        if not failed:
            counts["passed"] += 1
        outcomes[rule.id] = ("fail" if failed else "rounding" if rounding else "pass", "")
    text = TEXT[lang]
    for table, rule_ids in sorted(missing.items()):
        cross_year = table == PREVIOUS
        report.findings.append(Finding(
            rule="-", name=text["no_previous_name" if cross_year else "missing_name"], severity="info",
            category="跨年度" if cross_year else "完整性", status="not_checkable",
            message=text["no_previous" if cross_year else "missing"].format(表=table, n=len(rule_ids),
                                                                           规则="、".join(rule_ids)),
            refs=[Ref(table=table)]))
    for finding in report.findings:
        counts[{"error": "errors", "warning": "warnings", "info": "infos"}[finding.severity]] += 1
    report.summary = Summary(**counts)  # counted in a dict: a model's attribute assignment costs more
    report.findings.sort(key=lambda f: ({"error": 0, "warning": 1, "info": 2}[f.severity], f.rule))
    for finding, print_ in zip(report.findings, fingerprints(report.findings)):
        finding.__dict__["fingerprint"] = print_  # the review store's key (engine/checking/fingerprint.py)
    return report
