"""Renders reports: a table grouped by severity, stable JSON, JSON lines, and JUnit XML."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from engine.checking.findings import Report
from engine.checking.sarif import as_sarif
from engine.checking.wording import english, reading_reason

HEADINGS: dict[str, dict[str, Any]] = {
    "zh": {"error": "错误（强制性，须更正）", "warning": "警告（提示性，须说明）", "info": "提示",
           "not_checkable": "不可核（无法判断，不是对部门的发现）",
           "cols": ["规则", "名称", "位置", "说明"], "none": "未发现问题。",
           "summary": "共 {rules} 条规则：通过 {passed}，不适用 {not_applicable}，不可核 {not_checkable}；"
                      "错误 {errors}，警告 {warnings}，提示 {infos}",
           "totals": "合计 {files} 个文件：错误 {errors}，警告 {warnings}，提示 {infos}；无法读取 {bad} 个",
           "reading": "读取情况（以下内容未核对或未全部核对）：", "status": {"partly_read": "部分读取",
           "unreadable": "有但无法读取", "absent": "没有", "read": "已读取"}},
    "en": {"error": "Errors (must be corrected)", "warning": "Warnings (need an explanation)", "info": "Notes",
           "not_checkable": "Not checkable (no verdict; not a finding against the department)",
           "cols": ["rule", "name", "where", "message"], "none": "No findings.",
           "summary": "{rules} rules: {passed} passed, {not_applicable} not applicable, {not_checkable} not "
                      "checkable; {errors} errors, {warnings} warnings, {infos} notes",
           "totals": "{files} files: {errors} errors, {warnings} warnings, {infos} notes; {bad} unreadable",
           "reading": "Reading (not checked, or not fully):", "status": {"partly_read": "partly read",
           "unreadable": "present but not readable", "absent": "absent", "read": "read"}},
}


def summary_line(report: Report, lang: str = "zh") -> str:
    return HEADINGS[lang]["summary"].format(**report.summary.model_dump())


def _where(finding, lang: str = "zh") -> str:
    """The printed places a finding rests on: 第3页第12行 (PDF) or 第285、286行 (text); p. 3 l. 12, lines 285, 286."""
    places = list(dict.fromkeys(r.source for r in finding.refs if r.source and r.source != "未知位置"))
    if not places:
        return ""
    if all(p.startswith("第") and p.endswith("行") and "页" not in p for p in places):
        numbers = [p[1:-1] for p in places]
        more = "…" if len(numbers) > 4 else ""
        if lang == "en":
            return ("line " if len(numbers) == 1 else "lines ") + ", ".join(numbers[:4]) + more
        return "第" + "、".join(numbers[:4]) + more + "行"
    if lang == "en":
        return "; ".join(english(f"（{p}）")[2:-1] for p in places[:3]) + ("…" if len(places) > 3 else "")
    return "、".join(places[:3]) + ("…" if len(places) > 3 else "")


def _group(finding) -> str:
    """Not-checkable findings (a missing table, an evaluation error) are listed apart from notes."""
    return "not_checkable" if finding.status == "not_checkable" else finding.severity


def screen_width() -> int:
    """The terminal's width (COLUMNS when set); 100 when the report goes to a file or a pipe."""
    import shutil

    return max(60, shutil.get_terminal_size((100, 24)).columns)


def as_table(report: Report, lang: str = "zh", columns: int | None = None) -> str:
    """The findings grouped by severity (not-checkable ones apart), wrapped to fit `columns` display columns."""
    from engine.checking.wrap import columns as table, report_widths

    text = HEADINGS[lang]
    out = []
    head = " · ".join(x for x in (report.file, report.unit, report.rulebook) if x)
    if head:
        out.append(head)
    out.append(summary_line(report, lang))
    if report.reading:
        out.append(text["reading"])
        colon, left, right = ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
        out += [f"  {r.item}{colon}{text['status'].get(r.status, r.status)}"
                + (f"{left}{reading_reason(r.reason, lang)}{right}" if r.reason else "")
                for r in report.reading]
    if not report.findings:
        out.append(text["none"])
    widths = report_widths(columns or screen_width(), [f.rule for f in report.findings],
                           [_where(f, lang) for f in report.findings])
    for severity in ("error", "warning", "info", "not_checkable"):
        rows = [[f.rule, f.name, _where(f, lang), f.message] for f in report.findings if _group(f) == severity]
        if rows:
            out.append(f"\n{text[severity]}（{len(rows)}）" if lang == "zh" else f"\n{text[severity]} ({len(rows)})")
            out.append(table(rows, text["cols"], widths))
    return "\n".join(out)


def as_json(report: Report, *, indent: int | None = 1) -> str:
    skip = None if report.reading else {"reading"}  # the key appears only when something was not read fully
    if indent is None:  # one line (jsonl, batches): pydantic's own serialiser, ~3× faster than dump + json.dumps
        return report.model_dump_json(exclude=skip)
    return json.dumps(report.model_dump(mode="json", exclude=skip), ensure_ascii=False, indent=indent)


def as_jsonl(report: Report) -> str:
    return as_json(report, indent=None)


def _ref_line(ref) -> str:
    """公开06 302 决算数 = 134.68（第285行）: only the parts a cell has (never Python's None)."""
    head = " ".join(x for x in (ref.table, ref.row, ref.column) if x)
    shown = ref.text if ref.value is None else format(ref.value, "f")
    return head + (f" = {shown}" if shown else "") + (f"（{ref.source}）" if ref.source else "")


_SKIP_TEXT = {"zh": {"not_applicable": "不适用", "not_checkable": "不可核：缺少{reason}"},
              "en": {"not_applicable": "not applicable", "not_checkable": "not checkable: {reason} missing"}}


def as_junit(reports: list[Report], book=None, lang: str = "zh") -> str:
    """One <testsuite> per file and one <testcase> per rule (tests = the testcases written): <failure> for an
    error or warning, <skipped> for a rule that did not apply or could not be checked, notes in <system-out>."""
    from xml.etree import ElementTree as ET

    suites = ET.Element("testsuites")
    rules = {r.id: r for r in book.rules} if book is not None else {}
    for report in reports:
        by_rule: dict[str, list] = {}
        for finding in report.findings:
            by_rule.setdefault(finding.rule, []).append(finding)
        ids = list(report.outcomes) or [r for r in by_rule if r != "-"]
        suite = ET.SubElement(suites, "testsuite", name=report.file or "disclosure")
        failures = skipped = 0
        for rule_id in ids:
            found = by_rule.get(rule_id, [])
            rule = rules.get(rule_id)
            name = (rule.named(lang) if rule is not None
                    else (found[0].name if found else ""))
            category = rule.category if rule is not None else (found[0].category if found else "")
            case = ET.SubElement(suite, "testcase", classname=category or "rulebook", name=f"{rule_id} {name}".strip())
            outcome, reason = report.outcomes.get(rule_id, ("fail", ""))
            if outcome in ("not_applicable", "not_checkable"):
                skipped += 1
                ET.SubElement(case, "skipped", message=_SKIP_TEXT[lang][outcome].format(reason=reason))
                continue
            bad = [f for f in found if f.severity in ("error", "warning")]
            if bad:
                failures += 1
                failure = ET.SubElement(case, "failure", type=bad[0].severity, message=bad[0].message)
                failure.text = "\n\n".join(f.message + "".join("\n  " + _ref_line(r) for r in f.refs) for f in bad)
            notes = [f.message for f in found if f.severity == "info"]
            if notes:
                ET.SubElement(case, "system-out").text = "\n".join(notes)
        for key, value in (("tests", len(ids)), ("failures", failures), ("errors", 0), ("skipped", skipped)):
            suite.set(key, str(value))
    return ET.tostring(suites, encoding="unicode")


@dataclass(frozen=True)
class Format:
    """An output format of `rulebook check`: how one report is written, how a batch of them is framed, and how a
    file's own report is written (check -o DIR)."""

    name: str
    extension: str  # of a file's own report
    own: Callable[[Report, Any, str], str] | None  # (report, rulebook, lang) -> a file's whole report
    one: Callable[[Report, str, str, bool], str] | None  # (report, file name, lang, single file) -> its text
    many: Callable[[list[Report], Any, str], str] | None = None  # all reports at once, after the batch
    write: Callable[[list[Report], Path, str], None] | None = None  # a binary report written to its file (-o)
    opening: str = ""  # a batch's first line, the prefix of every report but the first, its last line
    between: str = ""
    closing: str = ""
    totals: bool = False  # a batch ends with the totals line

    def save(self, report: Report, book: Any, lang: str, target: Path) -> None:
        """A file's own report (check -o DIR)."""
        if self.write is not None:
            self.write([report], target, lang)
        else:
            assert self.own is not None
            target.write_text(self.own(report, book, lang) + "\n", "utf-8")


def _html(reports: list[Report], book: Any, lang: str) -> str:
    from engine.reports.html import as_html

    return as_html(reports, lang)


def _xlsx(reports: list[Report], target: Path, lang: str) -> None:
    from engine.reports.xlsx import write_xlsx

    write_xlsx(reports, target, lang)


def _table(report: Report, name: str, lang: str, single: bool) -> str:
    return as_table(report, lang) if single else f"{name}: {summary_line(report, lang)}"


# The CLI reads its --format choices from here.
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table", "txt", lambda r, book, lang: as_table(r, lang), _table, totals=True),
    Format("json", "json", lambda r, book, lang: as_json(r),
           lambda r, name, lang, single: as_json(r) if single else as_json(r, indent=None),
           opening="[", between=",", closing="]"),
    Format("jsonl", "jsonl", lambda r, book, lang: as_jsonl(r), lambda r, name, lang, single: as_jsonl(r)),
    Format("junit", "xml", lambda r, book, lang: as_junit([r], book, lang), None, many=as_junit),
    Format("sarif", "sarif", lambda r, book, lang: as_sarif([r], book, lang), None, many=as_sarif),
    Format("html", "html", lambda r, book, lang: _html([r], book, lang), None, many=_html),
    Format("xlsx", "xlsx", None, None, write=_xlsx),
)}
