"""SARIF 2.1.0: the findings of one or many files as one run of one tool, for code-scanning platforms that already
collect findings (each result keeps the report's fingerprint, so a platform tracks it across re-checks)."""
from __future__ import annotations

import json
from pathlib import PurePath

from engine import __version__
from engine.checking.findings import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule, lang: str) -> dict:
    described = {"id": rule.id, "name": rule.named(lang), "shortDescription": {"text": rule.named(lang)},
                 "fullDescription": {"text": rule.canonical},
                 "defaultConfiguration": {"level": LEVELS[rule.severity]},
                 "properties": {"category": rule.category}}
    if rule.basis:
        described["help"] = {"text": rule.basis}
    return described


def _uri(file: str | None) -> str:
    return PurePath(file).as_posix() if file else "disclosure"


def _locations(report: Report, finding) -> list[dict]:
    """Each printed place once: a line region in a text file; in a PDF (no text lines) the page and line in the
    location's message, the table/row/column as a logical location."""
    text_file = bool(report.file) and not (report.file or "").lower().endswith(".pdf")
    out, seen = [], set()
    for ref in finding.refs:
        key = (ref.source, ref.table, ref.row, ref.column)
        if key in seen:
            continue
        seen.add(key)
        physical: dict = {"artifactLocation": {"uri": _uri(report.file)}}
        if text_file and ref.line:
            physical["region"] = {"startLine": ref.line}
        location: dict = {"physicalLocation": physical}
        where = "/".join(x for x in (ref.table, ref.row, ref.column) if x)
        if where:
            location["logicalLocations"] = [{"fullyQualifiedName": where, "kind": "member"}]
        if ref.source:
            location["message"] = {"text": ref.source}
        out.append(location)
    return out or [{"physicalLocation": {"artifactLocation": {"uri": _uri(report.file)}}}]


def as_sarif(reports: list[Report], book, lang: str = "zh") -> str:
    rules = list(book.rules)
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for report in reports:
        for finding in report.findings:
            result: dict = {"ruleId": finding.rule, "level": LEVELS[finding.severity],
                            "message": {"text": finding.message}, "locations": _locations(report, finding),
                            "properties": {"status": finding.status, "category": finding.category}}
            if finding.rule in index:
                result["ruleIndex"] = index[finding.rule]
            if finding.fingerprint:
                result["partialFingerprints"] = {"rulebookFinding/v1": finding.fingerprint}
            for key in ("element", "difference", "tolerance"):
                value = getattr(finding, key)
                if value is not None:
                    result["properties"][key] = value if isinstance(value, str) else format(value, "f")
            results.append(result)
    run = {"tool": {"driver": {"name": "rulebook", "version": __version__, "semanticVersion": __version__,
                               "informationUri": "https://pypi.org/project/rulebook/",
                               "rules": [_rule(r, lang) for r in rules]}},
           "language": "zh-CN" if lang == "zh" else "en-US",
           "artifacts": [{"location": {"uri": _uri(r.file)}} for r in reports],
           "properties": {"rulebook": reports[0].rulebook if reports else f"{book.id} {book.version}".strip()},
           "results": results}
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=1)
