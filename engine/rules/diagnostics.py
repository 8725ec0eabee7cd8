"""Diagnostics about rulebook files themselves (E5xx): YAML, keys, ids, includes, examples."""
from __future__ import annotations

from typing import Any

from engine.diagnostics import Diagnostic, Origin, _fill
from engine.messages import Message

RULEBOOK_MESSAGES: dict[str, Message] = {
    "E501": Message("error", "无法读取规则库文件 {path}：{reason}", "cannot read rulebook file {path}: {reason}"),
    "E502": Message("error", "YAML 格式错误：{reason}", "YAML syntax error: {reason}",
                    "检查缩进和冒号；表达式中含「:」时请用引号括起来", "check indentation; quote expressions containing ':'"),
    "E503": Message("error", "无法识别的键「{key}」", "unknown key '{key}'", "是否是「{hint}」？", "did you mean '{hint}'?"),
    "E504": Message("error", "规则缺少必填项：{fields}", "rule lacks required fields: {fields}",
                    "每条规则须有 编号、名称、级别、类别、规则", "every rule needs id, name, severity, category, expr"),
    "E505": Message("error", "级别「{value}」无效", "invalid severity '{value}'",
                    "应为 error（强制性）、warning（提示性）或 info", "use error, warning or info"),
    "E506": Message("error", "容差「{value}」不是数字", "tolerance '{value}' is not a number"),
    "E507": Message("error", "规则库循环扩展：{path}", "rulebook extends itself: {path}"),
    "E508": Message("error", "找不到文件「{path}」", "file not found: '{path}'"),
    "E509": Message("error", "无法调整规则「{id}」的级别为「{value}」", "cannot set severity of '{id}' to '{value}'",
                    "规则编号须存在，级别应为 error/warning/info", "the rule must exist; use error/warning/info"),
    "E510": Message("error", "规则编号「{id}」重复（另见 {other}）", "duplicate rule id '{id}' (also at {other})"),
    "E511": Message("error", "规则「{id}」的第 {n} 个示例无法运行：{reason}", "example {n} of rule '{id}' cannot run: {reason}"),
    "E512": Message("error", "「{path}」不是规则库文件：顶层应为含 规则库/规则/定义 的映射",
                    "'{path}' is not a rulebook file: the top level should map 规则库/rules, 规则/rules, 定义/definitions",
                    "请用 --rulebook 指向规则库目录或其 default.yaml", "point --rulebook at a rulebook folder or its default.yaml"),
    "E513": Message("error", "规则库「{path}」中没有任何规则，无法校验", "the rulebook '{path}' has no rules: it checks nothing",
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
    return Diagnostic(code=code, severity=msg.severity, message_zh=_fill(msg.zh, params),
                      message_en=_fill(msg.en, params), hint_zh=_fill(msg.hint_zh, params) if msg.hint_zh else "",
                      hint_en=_fill(msg.hint_en, params) if msg.hint_en else "", span=(0, len(token)),
                      source=token, origin=origin, line_text=line_text or None)
