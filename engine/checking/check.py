"""Runs a compiled rulebook over one disclosure and turns rule results into findings."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from engine import __version__
from engine.checking.findings import (SEVERITY_ORDER, Finding, ReadingNote, Ref, Report, Summary, built, new_report,
                                      printed)
from engine.checking.findings import ref as new_ref
from engine.checking.fingerprint import fingerprints
from engine.checking.names_read import NamesDoubt
from engine.checking.readings import Worlds, reads_both, reads_rows, uncertain_tables
from engine.checking.wording import english, listed_ids, reading_reason
from engine.messages import FORM_WORDS, MESSAGES
from engine.labels import PREVIOUS
from engine.model import READ_STATUS_ZH, Disclosure, PerformanceForm, Reading
from engine.rules.loader import Rule, Rulebook
from engine.said import say, shown
from engine.language.analysis import NOTHING
from engine.language.runtime import Memo

# A finding's texts, from the one message table (engine/messages.py F01–F11).
_KEYS = {"fail": "F01", "fail_bool": "F02", "rounding": "F03", "tolerance_note": "F04", "missing": "F05",
         "missing_name": "F06", "error": "F07", "no_previous": "F08", "no_previous_name": "F09",
         "unread": "F10", "unread_name": "F11"}
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
        text = ref.value is None and ref.text  # printed words where there is no value
        out.append(new_ref(ref.table, ref.row, ref.column, ref.label, ref.value,
                           text if isinstance(text, str) and text.strip() else None,
                           None if source is None else str(source), line,
                           (source.page, *source.box) if source is not None and source.box else None))
    return out


def _cells_text(refs: list[Ref], lang: str = "zh") -> str:
    return "；".join(f"{r.table or ''}「{shown(r.label or r.row, lang)}」{('·' + r.column) if r.column else ''}{_shown(r)}"
                    + (f"（{r.source}）" if r.source else "") for r in refs)


def _shown(ref: Ref) -> str:
    """`=value`; printed words instead of an empty value; nothing when the label already quotes the words."""
    if ref.value is None and ref.text:
        return "" if ref.text == ref.label else f"={ref.text}"
    return f"={_fmt(ref.value)}"


def _listed_text(refs: list[Ref], lang: str = "zh") -> str:
    """{清单}: the entries a structure check lists (目录 entries, numbering gaps, words), each with its line."""
    seen = dict.fromkeys(f"「{shown(r.label, lang)}」（{r.source}）" if r.source else f"「{shown(r.label, lang)}」"
                         for r in refs if r.label)
    return "、".join(seen)


# Each placeholder a message may show, formatted only when the message shows it.
_PARAMS = {
    "元素": lambda rule, v, lang, refs: (f"{v.element}：" if lang == "zh" else f"{v.element}: ") if v.element else "",
    "名称": lambda rule, v, lang, refs: rule.named(lang),
    "表达式": lambda rule, v, lang, refs: v.text or rule.canonical,  # the failing part of a multi-part rule
    "左": lambda rule, v, lang, refs: _fmt(v.left),
    "右": lambda rule, v, lang, refs: _fmt(v.right),
    "差额": lambda rule, v, lang, refs: _fmt(v.difference),
    "容差": lambda rule, v, lang, refs: _fmt(v.tolerance, ROUND_UP),
    "单元格": lambda rule, v, lang, refs: _cells_text(_refs(v) if refs is None else refs, lang),  # a rule's message only
    "清单": lambda rule, v, lang, refs: _listed_text(_refs(v) if refs is None else refs, lang),
    "原因": lambda rule, v, lang, refs: v.message(lang),
}
# Filled only in the engine's own (English) messages, not offered to a rule's 提示: the cells read, named instead of
# the rule's expression (rules are written in Chinese).
_OWN = {"读到": lambda rule, v, lang, refs: _read_text(_refs(v) if refs is None else refs)}


def _read_text(refs: list[Ref]) -> str:
    return f"; read: {_cells_text(refs[:6], 'en')}" + ("…" if len(refs) > 6 else "") if refs else ""
_FORM_KEYS = tuple(FORM_WORDS["shanxi"]["zh"])
FILLED = (*_PARAMS, *_FORM_KEYS)  # every placeholder a rule's 提示 may show (engine/rules/loader.py PLACEHOLDERS)
_TOKENS = tuple(("{" + key + "}", key) for key in FILLED)
_UNIT = re.compile(r"[（(]\s*万?元\s*[)）]")


def form_words(form: PerformanceForm | None, lang: str = "zh") -> dict[str, str]:
    """What a 自评表 finding calls the form's columns ({执行数栏}, {预算数栏}, {完成值栏}, {原因栏}) and the 执行率's
    分值 ({执行率分值}): its template's words (engine/messages.py FORM_WORDS), the fund columns as the form printed
    them (its unit left out), the 分值 as a national form printed it. Without a form, the Shanxi template's."""
    national = form is not None and form.template == "national"
    words = dict(FORM_WORDS["national" if national else "shanxi"][lang])
    if form is None:
        return words
    for key, line in (("执行数栏", form.executed), ("预算数栏", form.available)):
        label = _UNIT.sub("", line.total.label).strip() if line is not None else ""
        if label and lang == "zh":
            words[key] = label
        elif label and national and label not in words[key]:
            words[key] = f"{words[key].partition(' (')[0]} ({label})"
    weight = form.execution_weight
    if national and weight is not None and weight.value is not None:
        words["执行率分值"] = _fmt(weight.value)
    return words


def _form_of(violation, forms: dict[str, PerformanceForm] | None) -> PerformanceForm | None:
    """The 自评表 a finding is about: its element is the form's project (`project / indicator` for a row)."""
    if not forms or not violation.element:
        return None
    element = violation.element
    return forms.get(element) or next((f for p, f in forms.items() if element.startswith(f"{p} / ")), None)


class _Params(dict):
    def __init__(self, *args, forms: dict[str, PerformanceForm] | None = None) -> None:
        super().__init__()
        self.args = args
        self.forms = forms

    def __missing__(self, key: str) -> str:
        if key in _FORM_KEYS:  # already in the report's language
            self.update(form_words(_form_of(self.args[1], self.forms), self.args[2]))
            return str(self[key])
        value = (_PARAMS.get(key) or _OWN[key])(*self.args)
        if self.args[2] == "en" and key not in ("元素", "名称", "原因"):  # where, blanks, separators in English
            value = english(value)
        self[key] = value
        return value


def message_for(rule: Rule, violation, lang: str = "zh", refs: list[Ref] | None = None,
                forms: dict[str, PerformanceForm] | None = None) -> str:
    """`forms`: the document's 自评表 by project, for a message naming a form's columns (form_words)."""
    text = TEXT[lang]
    params = _Params(rule, violation, lang, refs, forms=forms)
    if violation.status == "error":
        return text["error"].format_map(params)
    if violation.status == "rounding":
        return text["rounding"].format_map(params)
    # English: the rule's 英文提示; without one its Chinese 提示 is shown as written (never the expression)
    template = rule.message_en if lang == "en" and rule.message_en else rule.message
    if template:
        message = template
        for token, key in _TOKENS:
            if token in message:
                message = message.replace(token, params[key])
        if violation.tolerance and "{容差}" not in template:
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


_PARTS = ("情况说明", "概况", "名词解释")
_STATUS_EN = {"partly_read": "partly read", "unreadable": "present but not readable", "absent": "absent"}


def _needs_unread(rule: Rule, doubtful: dict, *, precondition: bool = False, every_table: bool = True) -> list[str]:
    """The tables, parts and forms a rule (or only its precondition) reads that the import could not read fully: what
    the compiler found it reads (engine/language/analysis.py Reads), through its definitions and the functions it
    calls (a function that never said what it reads counts as reading everything). One reading every table (公开表,
    同表科目重复(), 金额单位疑误() …) needs each table partly read for its amounts; a table in doubt about some rows'
    names only is asked of it in its run instead (names_read.py NamesDoubt.everywhere). `every_table=False`: only
    what it names."""
    if not doubtful:
        return []
    reads = (rule.precondition.reads if rule.precondition else NOTHING) if precondition else rule.reads
    tables = set(reads.tables)
    if reads.every_table and every_table:  # (a function that never said what it reads counts as reading every table too)
        tables |= {item for item, r in doubtful.items() if r.kind == "table" and not r.names_only}
    needs = [t for t in sorted(tables) if t in doubtful]
    needs += [p for p in _PARTS if p in doubtful and p in reads.parts]
    if reads.forms:
        needs += [item for item, r in doubtful.items() if r.kind == "form"]
    return needs


def _own_sums(rule: Rule, doc: Disclosure, placed: dict[str, list[str] | None]) -> list[str]:
    """The tables whose rows placed by their own arithmetic (Reading.placed_by_sums, engine/importers/placement.py)
    this rule reads, when it is that arithmetic — the compiler's `identity`: sums of one table's cells compared with
    == (engine/language/analysis.py), whatever its category: its pass holds by construction. A table marked by its
    I22 note alone (a JSON written before the rows were marked) counts whole."""
    own = rule.compiled.identity
    if not own:
        return []
    return [t for t, rows in placed.items() if t in own and (rows is None or reads_rows(rule, doc, t, rows))]


def _placed_by(doc: Disclosure) -> list[Reading]:
    """The document's tables with rows placed by another table's figures (links.py): what _placed_by_figures asks of
    every rule, found once per document (most documents have none)."""
    return [r for r in doc.reading if r.kind == "table" and r.placed_by]


def _placed_by_figures(rule: Rule, doc: Disclosure, lang: str, linked: list[Reading]) -> str | None:
    """Why a pass of the rule is no check (I154): it reads rows placed by another table's figures, and that table
    (links.py) — the comparison holds by construction. None when it does not read both. `linked`: _placed_by(doc)."""
    for r in linked:
        if r.item not in rule.tables:
            continue
        sources = [s for s, rows in r.placed_by.items() if s in rule.tables and reads_both(rule, doc, r.item, rows, s)]
        if sources:
            return getattr(MESSAGES["I154"], lang).format(table=r.item, sources="、".join(sources))
    return None


def _says(reason: object, code: str) -> bool:
    """Whether a reading's reason (a Said, or several joined) says message `code` (engine/said.py)."""
    if getattr(reason, "code", None) == code:
        return True
    return any(_says(part, code) for part in getattr(reason, "params", ()) if not isinstance(part, tuple))


def check(doc: Disclosure, book: Rulebook, *, lang: str = "zh", file: str | None = None,
          previous: Disclosure | None = None) -> Report:
    if previous is not None:
        from engine.checking.previous import with_previous

        doc = with_previous(doc, previous)
    checked_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    reading_notes = [ReadingNote(item=r.item, status=r.status, reason=reading_reason(r.reason, lang))
                     for r in doc.reading if r.status != "read" or r.reason]  # read, with a note: placed by arithmetic
    findings: list[Finding] = []  # the report is built from these at the end (findings.new_report)
    doubtful = doc.doubtful()
    # tables in doubt about some rows' names only: a rule that does not read those names relies on them (names_read.py)
    names_only = {item: r for item, r in doubtful.items() if r.names_only}
    probe = NamesDoubt(doc, names_only) if names_only else None
    placed: dict[str, list[str] | None] = {  # rows placed by arithmetic (None: the table, as its I22 note says)
        r.item: r.placed_by_sums or None for r in doc.reading
        if r.kind == "table" and (r.placed_by_sums or _says(r.reason, "I22"))}
    linked = _placed_by(doc)  # placed by another table's figures
    unread: dict[str, list[str]] = {}
    counts = dict.fromkeys(_SUMMARY, 0)
    missing: dict[str, list[str]] = {}
    outcomes: dict[str, tuple[str, str]] = {}
    forms = {f.project: f for f in doc.attachments} if doc.attachments else None  # messages naming a form's columns
    memo = Memo(doc)  # one per document: rules share its cell intervals and narrative look-ups
    # rows whose amounts stand in one of several listed ways: rules reading them are judged over each (readings.py)
    worlds = Worlds(doc, book, lang, uncertain, check) if (uncertain := uncertain_tables(doc)) else None

    def unchecked(rule_id: str, needs: list[str]) -> None:
        """不可核 because it needs what was not fully read: counted, and listed under each such item."""
        counts["not_checkable"] += 1
        for item in needs:
            if rule_id not in unread.setdefault(item, []):  # a finding on it may have listed it (over every table)
                unread[item].append(rule_id)
        outcomes[rule_id] = ("not_checkable", "、".join(needs))

    counts["rules"] = len(book.rules)
    for rule in book.rules:
        if worlds is not None and (judged := worlds.judge(rule)) is not None:
            if judged.unread:
                unchecked(rule.id, judged.unread)
            else:
                findings.extend(judged.findings)
                for item in judged.noted:  # listed in a reading's "-" note (a finding on what was not read)
                    if item in doubtful and rule.id not in unread.setdefault(item, []):
                        unread[item].append(rule.id)
                for table in judged.missing:
                    if rule.id not in missing.setdefault(table, []):
                        missing[table].append(rule.id)
                status = judged.outcome[0]
                if status != "fail":
                    counts["passed" if status in ("pass", "rounding") else status] += 1
            outcomes[rule.id] = judged.outcome
            continue
        applicable = applies(rule, doc, memo)
        if applicable is False and (needs := _needs_unread(rule, doubtful, precondition=True)):
            # "does not apply" decided from what was not fully read (三公表有数据 of an unread 公开09): 不可核
            unchecked(rule.id, needs)
            continue
        if applicable is False:
            counts["not_applicable"] += 1
            outcomes[rule.id] = ("not_applicable", "")
            continue
        needs = _needs_unread(rule, doubtful)
        # tables it needs only as one of every table: its findings on the tables read stand, its pass does not
        every = set(needs) - set(_needs_unread(rule, doubtful, every_table=False)) if needs else set()
        # 每个 p 属于 编码名称不一()：不应出现(p): its function lists certain findings only and tells the names compared
        listing = probe is not None and probe.per_finding(rule)
        in_doubt, ran, compared = doubtful, None, None
        if listing and probe is not None:
            ran, compared = probe.judged(rule, applicable, doc, memo)
            if compared is not None:
                needs = [n for n in needs if n not in probe.items]
                in_doubt = {k: v for k, v in doubtful.items() if k not in probe.items}
        if probe is not None and probe.everywhere(rule) and compared is None:  # names no table, reads every one's names
            needs = list(dict.fromkeys([*needs, *sorted(probe.items)]))
        if probe is not None and not listing and set(needs) & probe.items:
            reads, ran = probe.reads_names(rule, applicable, doc, memo)
            if not reads:  # the doubtful names are not what it reads: those tables are as good as read for it
                needs = [n for n in needs if n not in probe.items]
                in_doubt = {k: v for k, v in doubtful.items() if k not in probe.items}
        # a rule that reads what was not fully read is 不可核 whatever it finds (a 完整性 rule that passes aside):
        # only that pass is asked for, from the fast form, and nothing is located for a finding never reported
        verdict = rule.compiled.verdict(doc, tolerance=rule.tolerance, memo=memo) if needs and applicable and (
            rule.category == "完整性" or set(needs) <= every) else None
        over_every = verdict == "fail" and set(needs) <= every
        if needs and not (rule.category == "完整性" and verdict == "pass") and not over_every:
            # what the rule needs is present but not (fully) read: never a finding against the department
            unchecked(rule.id, needs)
            continue
        result = ran or (rule.compiled.run(doc, tolerance=rule.tolerance, memo=memo) if applicable else None)
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
        failed = unreadable = rounding = False
        shown: set[tuple] = set()  # one finding per distinct text: a part read twice is reported once
        for violation in result.violations:
            if violation.status == "not_checkable":
                continue
            touched = ([ref.table for ref in violation.refs if ref.table in in_doubt]
                       + [t for t in in_doubt if violation.element and violation.element.startswith(t)]) if in_doubt else None
            if probe is not None and not touched and not listing:  # doubtful rows quoted by code; 不可核 if a name shows
                violation = probe.by_code(violation)
                refs = _refs(violation)
                message = message_for(rule, violation, lang, refs, forms)
                own = f"{(rule.message_en if lang == 'en' else None) or rule.message or ''} {rule.named(lang)} {rule.canonical}"
                touched = probe.shows(violation, message, own)
            if touched:  # a finding on a table not fully read (每个 t 属于 公开表): 不可核, not against the department
                for item in dict.fromkeys(touched):
                    unread.setdefault(item, []).append(rule.id)
                unreadable = True
                continue
            if probe is None or listing:
                refs = _refs(violation)
                message = message_for(rule, violation, lang, refs, forms)
            if (violation.status, violation.element, message) in shown:
                continue
            shown.add((violation.status, violation.element, message))
            # An evaluation error (除数为零, a number not found) is not a finding against the department: 不可核,
            # with its reason, in its own group.
            status = "not_checkable" if violation.status == "error" else violation.status
            severity = "info" if status in ("rounding", "not_checkable") else rule.severity
            failed |= violation.status == "fail"
            unreadable |= violation.status == "error"
            rounding |= violation.status == "rounding"
            findings.append(built(Finding,
                rule=rule.id, name=rule.named(lang), severity=severity, category=rule.category, status=status,
                message=message, element=violation.element,
                difference=_at_printed(violation.difference), tolerance=_at_printed(violation.tolerance, ROUND_UP),
                basis=rule.basis, refs=refs, fingerprint=None))
        if over_every:  # over every table: findings on the tables read stand, but it was not checked over the others
            if not failed:
                unchecked(rule.id, needs)
                continue
            for item in needs:
                if rule.id not in unread.setdefault(item, []):
                    unread[item].append(rule.id)
        if not (failed or unreadable or shown) and placed and (by_sums := _own_sums(rule, doc, placed)):
            # its own sums over amounts the import placed by those very sums: they hold by construction, not a pass
            counts["not_checkable"] += 1
            outcomes[rule.id] = ("not_checkable", "、".join(sorted(by_sums)))
            continue
        if compared:  # a doubtful name was compared: not a pass (each finding listed holds whatever the names are)
            for item in compared:
                unread.setdefault(item, []).append(rule.id)
            if not failed:
                counts["not_checkable"] += 1
                codes = "、".join(dict.fromkeys(code for codes in compared.values() for code in codes))
                outcomes[rule.id] = ("not_checkable", reading_reason(say("I160", codes=codes), lang))
                continue
        if not (failed or unreadable or shown) and linked and (circular := _placed_by_figures(rule, doc, lang, linked)):
            counts["not_checkable"] += 1
            outcomes[rule.id] = ("not_checkable", circular)
            continue
        if unreadable and not failed:
            counts["not_checkable"] += 1
        elif not failed:
            counts["passed"] += 1
        reason = next((f.message for f in findings[-len(shown):] if f.status == "not_checkable"), "") if shown else ""
        outcomes[rule.id] = ("fail" if failed else "not_checkable" if unreadable else "rounding" if rounding else "pass",
                             "" if failed or not unreadable else reason)
    text = TEXT[lang]
    for table, rule_ids in sorted(missing.items()):
        cross_year = table == PREVIOUS
        findings.append(Finding(
            rule="-", name=text["no_previous_name" if cross_year else "missing_name"], severity="info",
            category="跨年度" if cross_year else "完整性", status="not_checkable",
            message=text["no_previous" if cross_year else "missing"].format(表=table, n=len(rule_ids),
                                                                           规则=listed_ids(rule_ids, lang)),
            refs=[Ref(table=table)]))
    for item, rule_ids in unread.items():
        reading = doubtful[item]
        rule_ids = list(dict.fromkeys(rule_ids))
        state = READ_STATUS_ZH[reading.status] if lang == "zh" else _STATUS_EN[reading.status]
        findings.append(Finding(
            rule="-", name=text["unread_name"], severity="info", category="完整性", status="not_checkable",
            message=text["unread"].format(项=item, 状态=state, 原因=reading_reason(reading.reason, lang), n=len(rule_ids),
                                          规则=listed_ids(rule_ids, lang)),
            refs=[Ref(table=item if reading.kind == "table" else None,
                      source=str(reading.lines[0]) if reading.lines else None,
                      line=reading.lines[0].line if reading.lines else None)]))
    for finding in findings:
        counts[_COUNTED[finding.severity]] += 1
    findings.sort(key=_severity_then_rule)
    for finding, print_ in zip(findings, fingerprints(findings)):
        finding.__dict__["fingerprint"] = print_  # the review store's key (engine/checking/fingerprint.py)
    return new_report(file=file, unit=doc.metadata.unit_name or None, rulebook=f"{book.id} {book.version}".strip(),
                      rulebook_version=book.version or None, tool=f"rulebook {__version__}", checked_at=checked_at,
                      summary=built(Summary, **counts), reading=reading_notes, findings=findings, outcomes=outcomes,
                      notes={"unread": unread, "missing": missing})


_SUMMARY = tuple(Summary.__pydantic_fields__)  # counted in a dict in the summary's field order, built once at the end
_COUNTED = {"error": "errors", "warning": "warnings", "info": "infos"}


def _severity_then_rule(finding: Finding) -> tuple[int, str]:
    """Errors first, then warnings, then infos; by rule within each."""
    return SEVERITY_ORDER[finding.severity], finding.rule
