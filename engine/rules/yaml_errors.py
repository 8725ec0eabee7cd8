"""libyaml's English syntax errors, said in Chinese with the hint that fits the cause (a value starting with `{`,
a tab, a half-width colon inside a value, an unclosed quote, uneven indentation), and where it is."""
from __future__ import annotations

import re

_STARTS_FLOW = re.compile(r"^\s*(?:-\s+)?[^\s:#][^:]*:\s+([{\[])")
_ANCHOR = re.compile(r"^\s*(?:-\s+)?[^:]+:\s+([*&@`!%|>])")


def explain(exc, lines: list[str]) -> tuple[int, int, str, str, str, str]:
    """(line, column, reason zh, reason en, hint zh, hint en), 1-based, for a yaml.MarkedYAMLError."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context_line = exc.context_mark.line + 1 if exc.context_mark else line
    problem = exc.problem or ""
    english = f"{exc.context + ': ' if exc.context else ''}{problem}"

    def text(n: int) -> str:
        return lines[n - 1] if 0 < n <= len(lines) else ""

    if any("\u4e00" <= ch <= "\u9fff" for ch in problem):  # our own refusal (alias bomb …), already in Chinese
        return line, column, problem, english, "别名（*、&）在规则库中用不到：请直接写出内容", "write the values out"
    if "tab" in problem:
        return (line, column, "缩进中有制表符（Tab）", english,
                "YAML 的缩进只能用空格：把这一行开头的 Tab 换成空格", "YAML indents with spaces only: replace the tab")
    for n in (line, line - 1, context_line):
        flow = _STARTS_FLOW.match(text(n))
        if flow and not _closed(text(n)[flow.end(1) - 1:]):
            bracket = flow.group(1)
            start = flow.end(1)
            return (n, start, f"以「{bracket}」开头的值被当作 YAML 的{'映射' if bracket == '{' else '列表'}，但它不是",
                    english, "把整个值用引号括起来，如  提示: \"{元素}：…\"",
                    "quote the whole value, e.g. message: \"{元素}: …\"")
    if "undefined alias" in problem or "cannot start any token" in problem or _ANCHOR.match(text(line)):
        return (line, column, "值以 YAML 的特殊符号（* & @ ` ! % | >）开头", english,
                "把整个值用引号括起来", "quote the whole value")
    if "quoted scalar" in (exc.context or "") and "end of stream" in problem:
        return (context_line, exc.context_mark.column + 1 if exc.context_mark else 1,
                "引号没有闭合", english, "在值的末尾补上同样的引号（\" 或 '）", "close the quote at the end of the value")
    if "mapping values are not allowed" in problem:
        current = text(line)
        first = current.find(":")
        if 0 <= first < column - 1:  # a second ': ' inside the value
            return (line, column, "值中含半角冒号加空格「: 」", english,
                    "改用全角冒号「：」，或把整个值用引号括起来", "use a full-width colon ：, or quote the whole value")
        return (line, column, "这一行的缩进比上一行深，但上一行不是一个键", english,
                "同一条规则的各键须左对齐（相同数量的空格）", "keys of one rule must be aligned")
    if "expected" in problem or "block end" in problem:
        return (line, column, "缩进不一致", english,
                "同一条规则的各键须左对齐；列表中的每一项以「- 」开头，且「-」对齐", "align the keys of one rule; "
                "each list item starts with '- ' at the same column")
    return line, column, f"无法解析（{english}）", english, "检查缩进和冒号", "check the indentation and colons"


def _closed(rest: str) -> bool:
    """A whole flow value on one line (`{a: 1}`, `[T1, T2]`, nothing after it) is not the mistake; `{元素}：合计`
    is (the braces close, then text follows)."""
    depth = 0
    for i, ch in enumerate(rest):
        depth += ch in "{[" or -(ch in "}]")
        if depth == 0:
            after = rest[i + 1:].strip()
            return not after or after.startswith("#")
    return False
