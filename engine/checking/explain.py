"""A traced run → worked arithmetic a policy officer can read: each cell with its source, each step, the verdict."""
from __future__ import annotations

from decimal import Decimal

from engine.language.environment import CellRef, Compiled, Result, Step, Violation
from engine.model import Disclosure

_WORDS = {
    "zh": {"rule": "规则", "refs": "引用", "steps": "计算", "verdict": "结论", "pass": "成立",
           "no": "不成立", "value": "结果", "blank": "空白（按 0 计）", "na": "——（不适用，按 0 计）",
           "row": "行", "text_in": "中", "element": "元素", "none": "（无）", "error": "无法计算",
           "not_checkable": "无法核对", "tol": "容差", "rounding": "尾数差异", "unprinted": "未印出",
           "empty": "空白（未填写）"},
    "en": {"rule": "rule", "refs": "cells read", "steps": "steps", "verdict": "verdict", "pass": "holds",
           "no": "does not hold", "value": "value", "blank": "blank (counts as 0)", "na": "—— (n/a, counts as 0)",
           "row": " row", "text_in": " in", "element": "element", "none": "(none)", "error": "cannot evaluate",
           "not_checkable": "not checkable", "tol": "tolerance", "rounding": "rounding difference",
           "unprinted": "not printed", "empty": "blank (not filled in)"},
}


def _num(value: Decimal) -> str:
    return format(value, "f")


def _ref(ref: CellRef, w: dict[str, str]) -> str:
    where = f"（{ref.source}）" if ref.source is not None else ""
    if ref.table is None:  # a narrative look-up
        value = f"→ {_num(ref.value)}" if ref.value is not None else ""  # quoted words (a reason) carry no number
        return f"{ref.row}{w['text_in']}「{ref.text}」{value}{where}"
    if ref.column is None and ref.value is None and ref.row == ref.label:  # a header element: words, not a number
        return f"{ref.table} {ref.label} = {f'「{ref.text}」' if ref.text else w['unprinted']}{where}"
    if ref.value is not None:
        shown = _num(ref.value)
    elif ref.text and ref.text.strip() in ("——", "-", "—"):
        shown = w["na"]
    elif ref.text:
        shown = f"「{ref.text}」"
    elif ref.table == "自评表" and ref.row == ref.label:  # a 绩效指标 cell is words: blank is not 0
        shown = w["empty"]
    else:
        shown = w["blank"]
    column = f"「{ref.column}」" if ref.column else ""
    if ref.row and ref.row != ref.label and ref.row.isdigit():  # coded rows: show the 科目编码
        return f"{ref.table}[{ref.row}] {ref.label}{column} = {shown}{where}"
    return f"{ref.table} {ref.label}{w['row']}{column} = {shown}{where}"


def _step(step: Step, w: dict[str, str]) -> str:
    if step.kind == "bool":
        return f"{step.text}：{w['pass'] if step.value else w['no']}"
    if isinstance(step.value, Decimal):
        tol = f"（{w['tol']} ±{_num(step.tolerance)}）" if step.tolerance else ""
        return f"{step.text} = {_num(step.value)}{tol}"
    return f"{step.text} = {step.value}"


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


def _block(title: str, lines: list[str], w: dict[str, str]) -> list[str]:
    return [f"{title}："] + [f"  {line}" for line in (lines or [w["none"]])]


def _violation(v: Violation, w: dict[str, str], lang: str) -> list[str]:
    out = [f"【{w['element']} {v.element}】"] if v.element else []
    out += _block(w["refs"], _unique([_ref(r, w) for r in v.refs]), w)
    out += _block(w["steps"], _unique([_step(s, w) for s in v.steps or []]), w)
    out.append(f"{w['verdict']}：{v.message(lang)}")
    return out


def explain(compiled: Compiled, doc: Disclosure, lang: str = "zh") -> str:
    """Every reference with its label, value and source line; every step with its tolerance; the verdict."""
    w = _WORDS["en" if lang == "en" else "zh"]
    lines = [f"{w['rule']}：{compiled.canonical}"]
    if compiled.kind == "bool":  # one traced run: its verdict, and every cell and step it read
        return "\n".join(lines + _verdict(compiled.run(doc, trace=True), w, lang))
    traced = compiled.value(doc, trace=True)
    if traced.status != "ok":
        word = w["error"] if traced.status == "error" else w["not_checkable"]
        return "\n".join(lines + _unevaluated(traced.refs, traced.steps, word, traced.message_en if lang == "en"
                                               else traced.message_zh, w))
    lines += _block(w["refs"], _unique([_ref(r, w) for r in traced.refs]), w)
    lines += _block(w["steps"], _unique([_step(s, w) for s in traced.steps or []]), w)
    tol = f"（{w['tol']} ±{_num(traced.tolerance)}）" if traced.tolerance else ""
    shown = _num(traced.value) if isinstance(traced.value, Decimal) else traced.value
    lines.append(f"{w['value']}：{shown}{tol}")
    return "\n".join(lines)


def _unevaluated(refs: list[CellRef], steps: list[Step] | None, word: str, why: str, w: dict[str, str]) -> list[str]:
    """A rule or expression that could not be evaluated: what it read before, and why."""
    return (_block(w["refs"], _unique([_ref(r, w) for r in refs]), w)
            + _block(w["steps"], _unique([_step(s, w) for s in steps or []]), w) + [f"{w['verdict']}：{word}：{why}"])


def _verdict(result: Result, w: dict[str, str], lang: str) -> list[str]:
    if not result.evaluated:
        word = w["error"] if result.status == "error" else w["not_checkable"]
        return _unevaluated(result.refs, result.steps, word, result.violations[0].message(lang), w)
    if not result.violations:
        return (_block(w["refs"], _unique([_ref(r, w) for r in result.refs]), w)
                + _block(w["steps"], _unique([_step(s, w) for s in result.steps or []]), w)
                + [f"{w['verdict']}：{w['pass']}"])
    return [line for v in result.violations for line in _violation(v, w, lang)]
