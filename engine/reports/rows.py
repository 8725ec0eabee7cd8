"""The report's content as rows, in Chinese (or English), shared by the Excel workbook and the HTML page."""
from __future__ import annotations

import re

from engine.checking.findings import Finding, Report
from engine.checking.wording import reading_reason

SEVERITY = {"zh": {"error": "错误（强制性）", "warning": "警告（提示性）", "info": "提示"},
            "en": {"error": "error", "warning": "warning", "info": "note"}}
READING = {"zh": {"partly_read": "部分读取", "unreadable": "有但无法读取", "absent": "没有"},
           "en": {"partly_read": "partly read", "unreadable": "present but not readable", "absent": "absent"}}
SUMMARY_HEADERS = {
    "zh": ["文件", "单位", "规则库", "版本", "校验时间", "错误", "警告", "提示", "不可核规则", "结论", "未核对的内容及原因"],
    "en": ["file", "unit", "rulebook", "version", "checked at", "errors", "warnings", "notes", "not checkable rules",
           "status", "not checked, and why"],
}
FINDING_HEADERS = {
    "zh": ["文件", "规则", "名称", "级别", "页", "行", "表", "行（科目）", "列", "说明", "依据", "说明状态", "指纹"],
    "en": ["file", "rule", "name", "severity", "page", "line", "table", "row", "column", "message", "basis",
           "explanation", "fingerprint"],
}
_PAGE = re.compile(r"第(\d+)页")


def status(report: Report, lang: str) -> str:
    s = report.summary
    if lang == "en":
        return "errors to correct" if s.errors else "warnings to explain" if s.warnings else "passed"
    return "有强制性问题，须更正" if s.errors else "有提示性问题，须说明" if s.warnings else "通过"


def explanation_state(finding: Finding, lang: str) -> str:
    state = getattr(finding, "state_text", None)  # set when the report comes from the review store
    if state:
        return state
    if finding.status in ("rounding", "not_checkable") or finding.severity == "info":
        return "—"
    if lang == "en":
        return "to correct" if finding.severity == "error" else "to explain"
    return "须更正" if finding.severity == "error" else "待说明"


def summary_row(report: Report, lang: str) -> list:
    s = report.summary
    sep, colon, left, right = ("；", "：", "（", "）") if lang == "zh" else ("; ", ": ", " (", ")")
    unread = sep.join(f"{r.item}{colon}{READING[lang].get(r.status, r.status)}{left}{reading_reason(r.reason, lang)}{right}"
                      for r in report.reading)
    return [report.file or "", report.unit or "", (report.rulebook or "").split(" ")[0], report.rulebook_version or "",
            report.checked_at or "", s.errors, s.warnings, s.infos, s.not_checkable, status(report, lang), unread]


def finding_row(report: Report, f: Finding, lang: str) -> list:
    first = f.refs[0] if f.refs else None
    pages = _PAGE.findall(first.source or "") if first else []
    line = first.line if first else None
    return [report.file or "", f.rule, f.name, SEVERITY[lang][f.severity], int(pages[0]) if pages else None, line,
            (first.table or "") if first else "", (first.row or first.label or "") if first else "",
            (first.column or "") if first else "", f.message, f.basis or "", explanation_state(f, lang),
            f.fingerprint or ""]
