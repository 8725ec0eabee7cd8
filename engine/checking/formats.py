"""Renders reports: a table grouped by severity, stable JSON, JSON lines, and JUnit XML."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable
from xml.etree import ElementTree as ET

from engine.checking.findings import Report

HEADINGS: dict[str, dict[str, Any]] = {
    "zh": {"error": "错误（强制性，须更正）", "warning": "警告（提示性，须说明）", "info": "提示",
           "cols": ["规则", "名称", "位置", "说明"], "none": "未发现问题。",
           "summary": "共 {rules} 条规则：通过 {passed}，不适用 {not_applicable}，不可核 {not_checkable}；"
                      "错误 {errors}，警告 {warnings}，提示 {infos}",
           "totals": "合计 {files} 个文件：错误 {errors}，警告 {warnings}，提示 {infos}；无法读取 {bad} 个"},
    "en": {"error": "Errors (must be corrected)", "warning": "Warnings (need an explanation)", "info": "Notes",
           "cols": ["rule", "name", "where", "message"], "none": "No findings.",
           "summary": "{rules} rules: {passed} passed, {not_applicable} not applicable, {not_checkable} not "
                      "checkable; {errors} errors, {warnings} warnings, {infos} notes",
           "totals": "{files} files: {errors} errors, {warnings} warnings, {infos} notes; {bad} unreadable"},
}


def summary_line(report: Report, lang: str = "zh") -> str:
    return HEADINGS[lang]["summary"].format(**report.summary.model_dump())


def _where(finding) -> str:
    """The printed places a finding rests on: 第3页第12行 (PDF) or 第285、286行 (text)."""
    places = list(dict.fromkeys(r.source for r in finding.refs if r.source and r.source != "未知位置"))
    if not places:
        return ""
    if all(p.startswith("第") and p.endswith("行") and "页" not in p for p in places):
        numbers = [p[1:-1] for p in places]
        return "第" + "、".join(numbers[:4]) + ("…" if len(numbers) > 4 else "") + "行"
    return "、".join(places[:3]) + ("…" if len(places) > 3 else "")


def as_table(report: Report, lang: str = "zh") -> str:
    from tabulate import tabulate

    text = HEADINGS[lang]
    out = []
    head = " · ".join(x for x in (report.file, report.unit, report.rulebook) if x)
    if head:
        out.append(head)
    out.append(summary_line(report, lang))
    if not report.findings:
        out.append(text["none"])
    for severity in ("error", "warning", "info"):
        rows = [[f.rule, f.name, _where(f), f.message] for f in report.findings if f.severity == severity]
        if rows:
            out.append(f"\n{text[severity]}（{len(rows)}）" if lang == "zh" else f"\n{text[severity]} ({len(rows)})")
            out.append(tabulate(rows, headers=text["cols"], tablefmt="simple", maxcolwidths=[None, 16, 12, 60]))
    return "\n".join(out)


def as_json(report: Report, *, indent: int | None = 1) -> str:
    if indent is None:  # one line (jsonl, batches): pydantic's own serialiser, ~3× faster than dump + json.dumps
        return report.model_dump_json()
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=indent)


def as_jsonl(report: Report) -> str:
    return as_json(report, indent=None)


def as_junit(reports: list[Report]) -> str:
    suites = ET.Element("testsuites")
    for report in reports:
        suite = ET.SubElement(suites, "testsuite", name=report.file or "disclosure",
                              tests=str(report.summary.rules),
                              failures=str(report.summary.errors + report.summary.warnings))
        for finding in report.findings:
            case = ET.SubElement(suite, "testcase", classname=finding.category, name=f"{finding.rule} {finding.name}")
            if finding.severity in ("error", "warning"):
                failure = ET.SubElement(case, "failure", type=finding.severity, message=finding.message)
                failure.text = "\n".join(f"{r.table} {r.row} {r.column} = {r.value} ({r.source})"
                                         for r in finding.refs)
            else:
                ET.SubElement(case, "system-out").text = finding.message
    return ET.tostring(suites, encoding="unicode")


@dataclass(frozen=True)
class Format:
    """An output format of `rulebook check`: how one report is written, and how a batch of them is framed."""

    name: str
    one: Callable[[Report, str, str, bool], str] | None  # (report, file name, lang, single file) -> its text
    many: Callable[[list[Report]], str] | None = None  # all reports at once, after the batch (junit)
    opening: str = ""  # a batch's first line, the prefix of every report but the first, its last line
    between: str = ""
    closing: str = ""
    totals: bool = False  # a batch ends with the totals line


def _table(report: Report, name: str, lang: str, single: bool) -> str:
    return as_table(report, lang) if single else f"{name}: {summary_line(report, lang)}"


# The CLI reads its --format choices from here.
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table", _table, totals=True),
    Format("json", lambda r, name, lang, single: as_json(r) if single else as_json(r, indent=None),
           opening="[", between=",", closing="]"),
    Format("jsonl", lambda r, name, lang, single: as_jsonl(r)),
    Format("junit", None, many=as_junit),
)}
