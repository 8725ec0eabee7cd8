"""`rulebook explain`: a rule in words, and on a document every step that led to its verdict."""
from __future__ import annotations

from typing import Any

from engine.checking.check import applies
from engine.model import Disclosure
from engine.rules.loader import Rule

LABELS: dict[str, dict[str, Any]] = {
    "zh": {"id": "规则", "name": "名称", "severity": "级别", "category": "类别", "expr": "表达式",
           "canonical": "规范写法", "when": "适用条件", "basis": "依据", "file": "定义于", "examples": "示例",
           "sev": {"error": "错误（强制性）", "warning": "警告（提示性）", "info": "提示"},
           "not_applicable": "结论：本文件不满足适用条件，规则不适用。",
           "not_checkable": "结论：缺少所需的表，规则不可核：{tables}。"},
    "en": {"id": "rule", "name": "name", "severity": "severity", "category": "category", "expr": "expression",
           "canonical": "canonical", "when": "applies when", "basis": "basis", "file": "defined in",
           "examples": "examples", "sev": {"error": "error", "warning": "warning", "info": "info"},
           "not_applicable": "Verdict: the precondition does not hold for this file; the rule does not apply.",
           "not_checkable": "Verdict: a table it needs is missing: {tables}."},
}


def describe(rule: Rule, doc: Disclosure | None, lang: str = "zh") -> str:
    text = LABELS[lang]
    lines = [
        f"{text['id']}：{rule.id}  {rule.name}",
        f"{text['severity']}：{text['sev'][rule.severity]}    {text['category']}：{rule.category}",
        f"{text['expr']}：{rule.expr}",
        f"{text['canonical']}：{rule.canonical}",
    ]
    if rule.when:
        lines.append(f"{text['when']}：{rule.when}")
    if rule.basis:
        lines.append(f"{text['basis']}：{rule.basis}")
    lines.append(f"{text['file']}：{rule.file.name}:{rule.line}    {text['examples']}：{len(rule.examples)}")
    if doc is None:
        return "\n".join(lines)
    lines.append("")
    applicable = applies(rule, doc)
    if applicable is False:
        lines.append(text["not_applicable"])
    elif applicable is None:
        missing = sorted(rule.tables - set(doc.tables))
        lines.append(text["not_checkable"].format(tables="、".join(missing) or "?"))
    else:
        from engine.checking.explain import explain

        lines.append(explain(rule.compiled, doc, lang=lang))
    return "\n".join(lines)
