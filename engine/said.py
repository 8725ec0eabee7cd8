"""What an importer or a function says about the document, as a message code with parameters (engine/messages.py).

A `Said` is a str: its value is the Chinese text, so everything that stores, compares or prints it in Chinese (the
model JSON, findings' fingerprints, the Chinese report) sees exactly the text it always did. It carries its code and
parameters, so `shown(text, "en")` renders it in English where it is shown. Parameters are the document's words and
numbers (kept as printed) or Saids of their own (a unit, a list). Text that arrives without its code — a reason
read back from a JSON written earlier — is recognised by the Chinese templates of the table itself (`recover`).
"""
from __future__ import annotations

import re
from string import Formatter
from typing import Any

from engine.messages import MESSAGES

_SEPARATORS = {"；": "; ", "、": ", ", "和": " and ", "": ""}  # how a list of Saids is joined: Chinese and English


def _render(value: Any, lang: str) -> str:
    return value.text(lang) if isinstance(value, Said) else str(value)


class Said(str):
    """The Chinese text of a message code with its parameters; `text("en")` is the same message in English."""

    __slots__ = ("code", "params", "sep")
    code: str
    params: tuple[tuple[str, Any], ...] | tuple[Any, ...]
    sep: str

    def __new__(cls, zh: str, code: str, params: tuple[Any, ...] = (), sep: str = "") -> Said:
        said = super().__new__(cls, zh)
        said.code, said.params, said.sep = code, params, sep
        return said

    def __reduce__(self) -> tuple[type[Said], tuple[str, str, tuple[Any, ...], str]]:  # kept whole across processes (checks run in worker processes)
        return (Said, (str(self), self.code, self.params, self.sep))

    def text(self, lang: str = "zh") -> str:
        if lang == "zh":
            return str(self)
        if not self.code:  # a join (its sep may be "": a list and its …)
            return _SEPARATORS[self.sep].join(_render(part, lang) for part in self.params)
        msg = MESSAGES[self.code]
        return msg.en.format(**{key: _render(value, lang) for key, value in self.params})


def say(code: str, /, **params: Any) -> Said:
    """The message `code` with `params` (document words, numbers, or Saids), as Chinese text carrying its code."""
    zh = MESSAGES[code].zh.format(**{key: _render(value, "zh") for key, value in params.items()})
    return Said(zh, code, tuple(params.items()))


def joined(parts: list[Any], sep: str = "；") -> Said:
    """Several things said, one after the other: joined by `sep` in Chinese (；or 、), by its English form in English."""
    return Said(sep.join(_render(p, "zh") for p in parts), "", tuple(parts), sep)


_UNITS = {"万元": "I45", "元": "I46", "千元": "I47"}
_SIDES = {"收入": "I58", "支出": "I59"}  # a two-sided table's sides


def unit(name: str | None) -> Said | str:
    """A money unit as said (万元, 元, 千元), or as printed when it is none of these."""
    return say(_UNITS[name]) if name in _UNITS else name or ""


def side(name: str) -> Said | str:
    """A two-sided table's side (收入, 支出) as said, or as printed when it is neither."""
    return say(_SIDES[name]) if name in _SIDES else name


def short_lines(numbers: list[int], limit: int = 6) -> Said:
    """Line numbers listed in a reason: the first `limit`, then … when there are more."""
    shown = joined([str(n) for n in numbers[:limit]], "、")
    return joined([shown, "…"], "") if len(numbers) > limit else shown


def _pattern(template: str) -> str:
    out, names = [], set()
    for literal, name, _spec, _conv in _FORMAT.parse(template):
        out.append(re.escape(literal.replace("{{", "{").replace("}}", "}")))
        if name is None:
            continue
        out.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
        names.add(name)
    return "".join(out)


_FORMAT = Formatter()
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def stored(code: str) -> bool:
    """What importers say (I01–I49, I78–I140), which a model written to JSON keeps as Chinese text; the functions'
    listed entries (I50–I77) are made at check time and never read back."""
    return code[0] == "I" and not 50 <= int(code[1:]) <= 77


def _recognised() -> list[tuple[str, str]]:
    """Those, as a model read back from JSON holds them, most specific first: a template with Chinese words of its
    own (a code that is only placeholders is said inside another, never alone). Built when asked (English reports
    of JSON only), and the re module keeps the compiled patterns."""
    found = [(code, msg.zh) for code, msg in MESSAGES.items() if stored(code) and _CJK.search(_PLACEHOLDER.sub("", msg.zh))]
    return [(code, _pattern(zh)) for code, zh in sorted(found, key=lambda pair: -len(_PLACEHOLDER.sub("", pair[1])))]


_SAID_INSIDE = ("why", "side", "unit", "target", "where")  # parameters said themselves (a reason, a side, a unit, a page)


_LISTS = ("lines", "columns")  # parameters that are a list joined by 、 (lines may end in …)


def _inside(key: str, value: str, known: list[tuple[str, str]]) -> str:
    if key in _LISTS and "、" in value:
        listed = joined(value.removesuffix("…").split("、"), "、")
        return joined([listed, "…"], "") if value.endswith("…") else listed
    if key not in _SAID_INSIDE:
        return value
    if value in _UNITS or value in _SIDES:
        return unit(value) if value in _UNITS else side(value)
    return _one(value, known) or value


def _one(part: str, known: list[tuple[str, str]]) -> Said | None:
    for code, pattern in known:
        found = re.fullmatch(pattern, part)
        if found:
            params = {key: _inside(key, value, known) for key, value in found.groupdict().items()}
            return Said(part, code, tuple(params.items()))
    return None


def recover(text: str) -> str:
    """Text written by the importers without its code (read back from JSON): as a Said when the table knows it."""
    if isinstance(text, Said) or not text:
        return text
    known = _recognised()
    pieces, parts, i = text.split("；"), [], 0
    while i < len(pieces):  # a message may hold a ；of its own: the shortest run of pieces that is one message (a
        for j in range(i + 1, len(pieces) + 1):  # longer one could take the messages before it as its first word)
            # a list of known messages first: a template that is mostly a placeholder (有{table}…) matches lists too
            said = (_listed(pieces[i], known) if j == i + 1 else None) or _one("；".join(pieces[i:j]), known)
            if said is not None:
                break
        else:
            return text
        parts.append(said)
        i = j
    return parts[0] if len(parts) == 1 else joined(parts, "；")


def _listed(part: str, known: list[tuple[str, str]]) -> Said | None:
    """Several messages joined by 、, each known to the table."""
    items = [_one(item, known) for item in part.split("、")]
    return joined(items, "、") if len(items) > 1 and all(items) else None


def shown(text: str | None, lang: str) -> str:
    """What an importer or function said, in the report's language; text that is not a Said is shown as written."""
    return text.text(lang) if isinstance(text, Said) else str(text)


def reason_shown(text: str, lang: str) -> str:
    """An importer's reason or warning in the report's language, recognised by the table when read back from JSON."""
    if lang == "zh" or not text:
        return str(text)
    return shown(recover(text), lang)
