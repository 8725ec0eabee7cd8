"""The workbench's check result: import status, findings grouped by severity, each opening its page image with the
cells marked and the rule's worked arithmetic on this document (`explain`) beside it."""
from __future__ import annotations

from engine.reports.html import excerpt, page_figures
from engine.reports.pages import PageImages
from engine.reports.rows import READING, SEVERITY

GROUPS = [("error", "错误（强制性，须更正）"), ("warning", "警告（提示性，须说明）"), ("info", "提示"),
          ("not_checkable", "不可核（无法判断，不是对部门的发现）")]


def check_view(doc, report, book, raw: bytes | None, name: str) -> dict:
    """What templates/check_result.html shows: for a PDF each finding's pages, for a text file its source lines."""
    from engine.checking.explain_rule import describe

    kind = name.lower().rsplit(".", 1)[-1]
    images = PageImages(raw) if kind == "pdf" and raw else None
    lines = raw.decode("utf-8", errors="replace").replace("\f", "\n").splitlines() if kind == "txt" and raw else None
    explained: dict[str, str] = {}
    groups = []
    for key, title in GROUPS:
        items = []
        for f in report.findings:
            group = "not_checkable" if f.status == "not_checkable" else f.severity
            if group != key:
                continue
            rule = book.rule(f.rule)
            if rule is not None and f.rule not in explained:
                explained[f.rule] = describe(rule, doc, "zh")
            items.append({"finding": f, "figures": page_figures(images, f, "zh") + excerpt(lines, f),
                          "explain": explained.get(f.rule, ""), "severity": SEVERITY["zh"].get(f.severity, "")})
        if items:
            groups.append({"key": key, "title": title, "items": items})
    read = [r for r in doc.reading if r.status == "read"]
    return {"report": report, "groups": groups, "unit": doc.metadata.unit_name, "year": doc.metadata.year,
            "tables": len(doc.tables), "read": len(read), "reading": report.reading, "reading_names": READING["zh"],
            "warnings": doc.warnings[:30], "warning_count": len(doc.warnings)}
