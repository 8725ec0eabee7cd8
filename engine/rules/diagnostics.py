"""Diagnostics about rulebook files themselves (E5xx): YAML, keys, ids, includes, examples."""
from __future__ import annotations

from typing import Any

from engine.diagnostics import Diagnostic, Origin, fill_message
from engine.messages import Message

_SEVERITY_WORDS = "error/错误/强制性、warning/警告/提示性、info/提示/信息"

RULEBOOK_MESSAGES: dict[str, Message] = {
    "E501": Message("error", "无法读取规则库文件 {path}：{reason}", "cannot read rulebook file {path}: {reason}"),
    "E502": Message("error", "YAML 格式错误：{reason}", "YAML syntax error: {reason_en}", "{hint}", "{hint_en}"),
    "E503": Message("error", "无法识别的键「{key}」", "unknown key '{key}'", "{hint}", "{hint_en}"),
    "E504": Message("error", "规则缺少必填项：{fields}", "rule lacks required fields: {fields_en}",
                    "每条规则须有 编号、名称、级别、类别、规则", "every rule needs id, name, severity, category, expr"),
    "E505": Message("error", "级别「{value}」无效", "invalid severity '{value}'", "可写：" + _SEVERITY_WORDS,
                    "use one of: " + _SEVERITY_WORDS),
    "E506": Message("error", "容差「{value}」不是数字", "tolerance '{value}' is not a number"),
    "E507": Message("error", "规则库循环扩展：{path}", "rulebook extends itself: {path}"),
    "E508": Message("error", "找不到文件「{path}」", "file not found: '{path}'"),
    "E509": Message("error", "无法调整规则「{id}」的级别为「{value}」", "cannot set severity of '{id}' to '{value}'",
                    "规则编号须存在；级别可写：" + _SEVERITY_WORDS, "the rule must exist; severity: " + _SEVERITY_WORDS),
    "E510": Message("error", "规则编号「{id}」重复（另见 {other}）", "duplicate rule id '{id}' (also at {other})"),
    "E511": Message("error", "规则「{id}」的第 {n} 个示例无法运行：{reason}", "example {n} of rule '{id}' cannot run: {reason}"),
    "E513": Message("error", "键「{key}」在同一处写了两次（第一次在第 {first} 行），后一个会悄悄覆盖前一个",
                    "key '{key}' given twice (first on line {first}): the last would silently win",
                    "删去其中一个（YAML 中后写的会悄悄覆盖先写的）", "remove one of them"),
    "E514": Message("error", "提示中的「{{{name}}}」不是可用的占位符", "'{{{name}}}' in the message is not a placeholder",
                    "{hint}", "{hint_en}"),
    "E515": Message("error", "规则「{id}」的第 {n} 个示例：期望「{value}」无效", "example {n} of rule '{id}': invalid "
                    "expectation '{value}'", "可写：通过、不通过、尾数差异、不可核、不适用、错误",
                    "use pass, fail, rounding, not_checkable, not_applicable or error"),
    "E516": Message("error", "规则编号「{id}」与所扩展的规则库中的规则重复（{other}）",
                    "rule id '{id}' is already a rule of the rulebook this one extends ({other})",
                    "要改写这条规则：在本规则库的「停用」中列出 {id}，并给新规则另起一个编号（如 {id}x）；"
                    "只改级别请用「级别调整」", "to replace it: list {id} under disable and give the new rule another "
                    "id; to change only its severity use severity"),
    "E512": Message("error", "「{path}」不是规则库文件：顶层应为含 规则库/规则/定义 的映射",
                    "'{path}' is not a rulebook file: the top level should map 规则库/rules, 规则/rules, 定义/definitions",
                    "请用 --rulebook 指向规则库目录或其 default.yaml", "point --rulebook at a rulebook folder or its default.yaml"),
    "E517": Message("error", "规则库「{path}」中没有任何规则，无法校验", "the rulebook '{path}' has no rules: it checks nothing",
                    "至少写一条规则，或用 扩展: default 以默认规则库为基础", "write a rule, or extend the default rulebook"),
    "W512": Message("warning", "规则「{id}」缺少{lacking}示例", "rule '{id}' lacks a {lacking} example",
                    "每条规则至少要有一个通过示例和一个不通过示例", "every rule needs a passing and a failing example"),
}


def problem(code: str, origin: Origin | None, line_text: str, **params: Any) -> Diagnostic:
    """A rulebook-file diagnostic pointing at `origin` (the value it concerns) on `line_text`."""
    msg = RULEBOOK_MESSAGES[code]
    origin = origin or Origin()
    start = max(0, origin.column - 1)
    token = line_text[start:].strip()  # empty when there is no line to show (an unreadable file)
    return Diagnostic(code=code, severity=msg.severity, message_zh=fill_message(msg.zh, params),
                      message_en=fill_message(msg.en, params), hint_zh=fill_message(msg.hint_zh, params) if msg.hint_zh else "",
                      hint_en=fill_message(msg.hint_en, params) if msg.hint_en else "", span=(0, len(token)),
                      source=token, origin=origin, line_text=line_text or None)
