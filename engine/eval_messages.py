"""Fallback copy of the evaluator's messages (E2xx load time, E4xx run time); engine/messages.py is the real table."""
from __future__ import annotations

# code -> (zh, en); hints use the key "<code>.hint".
MESSAGES: dict[str, tuple[str, str]] = {
    "E201": ("未知名称「{name}」", "unknown name '{name}'"),
    "E202": ("表{table}没有行「{row}」", "table {table} has no row '{row}'"),
    "E203": ("表{table}没有列「{column}」", "table {table} has no column '{column}'"),
    "E204": ("未知函数「{name}」", "unknown function '{name}'"),
    "E205": ("函数「{name}」需要{expected}个参数，这里给了{got}个", "function '{name}' takes {expected} arguments, got {got}"),
    "E206": ("{what}需要{expected}，这里是{got}", "{what} needs {expected}, got {got}"),
    "E207": ("定义循环引用：{cycle}", "definitions refer to themselves: {cycle}"),
    "E208": ("「{name}」不能跟在{what}后面", "'{name}' cannot follow {what}"),
    "E209": ("情况说明的部分编号「{name}」无法识别（应为一、二……或（一）（二）……）",
             "narrative section number '{name}' not recognised (use 一, 二, … or (一), (二), …)"),
    "E210": ("自评表没有字段「{name}」", "the self-evaluation form has no field '{name}'"),
    "E211": ("表{table}不分{what}，不能用[{selector}]选行", "table {table} has no {what}: cannot select [{selector}]"),
    "E212": ("定义「{name}」有错误", "definition '{name}' has errors"),
    "E213": ("规则的结果必须是真/假判断，这里是{got}", "a rule must be a true/false check, got {got}"),
    "E231": ("文本模板「{template}」的花括号不成对", "unbalanced braces in text template '{template}'"),
    "E232": ("文本模板中的占位符「{{{placeholder}}}」无法识别，可用：{known}",
             "unknown placeholder '{{{placeholder}}}' in text template; known: {known}"),
    "E233": ("文本模板「{template}」没有取值的占位符（{{金额}}、{{%}}或{{增减}}）",
             "text template '{template}' has no value placeholder ({{金额}}, {{%}} or {{增减}})"),
    "E234": ("文本模板必须直接写成带引号的文字", "a text template must be a quoted literal"),
    "E401": ("除数为零", "division by zero"),
    "E402": ("找不到{table}的行「{row}」", "row '{row}' not found in {table}"),
    "E403": ("{where}是文字「{text}」，不是数字", "{where} is the text '{text}', not a number"),
    "E404": ("在情况说明{section}中找不到「{template}」", "'{template}' not found in narrative section {section}"),
    "E405": ("情况说明中没有第{section}部分", "the narrative has no section {section}"),
    "E406": ("{where}没有填写数值", "{where} has no value"),
    "E407": ("缺少表{table}，规则无法核对", "table {table} is missing: the rule cannot be checked"),
    "E408": ("{name}的集合为空", "{name} over an empty set"),
    "E409": ("第{n}处匹配不存在（只找到{found}处）", "match {n} does not exist (found {found})"),
}
HINTS: dict[str, tuple[str, str]] = {
    "suggest": ("是否是「{suggestion}」？", "did you mean '{suggestion}'?"),
}


def message(code: str, lang: str = "zh", **params: object) -> str:
    """The shared table (engine/messages.py) first; this file's copy only while that lacks the code."""
    from engine.messages import MESSAGES as SHARED
    shared = SHARED.get(code)
    zh, en = (shared.zh, shared.en) if shared else MESSAGES.get(code, ("{code}", "{code}"))
    template = en if lang == "en" else zh
    try:
        return template.format(code=code, **params)
    except (KeyError, IndexError):
        return template


def hint(key: str, lang: str = "zh", **params: object) -> str:
    zh, en = HINTS[key]
    return (en if lang == "en" else zh).format(**params)
