"""Literal text templates (`收入总计{金额}万元`) matched against narrative sections to pull out stated numbers."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from typing import Any

from engine.language.numbers import Amount

try:  # google-re2: linear in the text whatever the template; Python's re backtracks (issue 15 #2)
    import re2 as _linear_re
except ImportError:  # pragma: no cover - a declared dependency; the fallback keeps a broken install usable
    _linear_re = re

# Placeholders a template may use; everything else is literal text.
_NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_DIRECTIONS = {"增加": 1, "增长": 1, "上升": 1, "减少": -1, "下降": -1, "降低": -1, "持平": 0, "相同": 0}
_PLACEHOLDERS = {
    "金额": f"(?P<amount{{i}}>{_NUMBER})",
    "数": f"(?P<amount{{i}}>{_NUMBER})",
    "%": f"(?P<percent{{i}}>{_NUMBER})%",
    "增减": "(?P<direction{i}>" + "|".join(_DIRECTIONS) + ")",
    "*": r"(?:[^。；;]{{0,40}}?)",
    "原因": "(?P<reason{i}>[^。；;]{{1,200}})",  # the stated reason, to the end of its sentence
}
TEMPLATE_SLOT = re.compile(r"\{([^{}]*)\}")
# written between a label and its number; 合计/总计/小计 are labels themselves (支出总计为0.3万元), 共计 is not
_CONNECTIVES = ("为", "是", "共", "共计", "达", "的")
_CONNECTIVE = "(?:为|是|共计|共|合计|计|达)?"
_QUOTES = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("「", '"'), ("」", '"'))
_SPACE = re.compile(r"\s+")


class TemplateError(ValueError):
    """A template that cannot be used; `code` is the diagnostic code, `params` its message parameters."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def normal(text: str) -> str:
    """NFKC and ASCII quotes, whitespace kept (str.replace: translate with a dict costs ~40× more on CJK text)."""
    text = unicodedata.normalize("NFKC", text or "")
    for quote, ascii_quote in _QUOTES:
        if quote in text:
            text = text.replace(quote, ascii_quote)
    return text


def flatten(text: str) -> str:
    """Width and whitespace differences do not count: NFKC, ASCII quotes, no whitespace."""
    return _SPACE.sub("", normal(text))


def flat_lines(text: str) -> list[str]:
    """flatten() of each line, from one normalisation of the whole text (NFKC neither makes nor removes a "\n")."""
    return [_SPACE.sub("", line) for line in normal(text).split("\n")]


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class Found:
    """What a template matched: the amount, the percentage, the direction sign, the reason, and the matched words."""

    amount: Amount | None
    percent: Amount | None
    sign: int | None
    snippet: str
    reason: str | None = None
    start: int = 0  # offset of the match in the flattened text (so a finding can point at its printed line)


@dataclass(frozen=True)
class Template:
    text: str
    source: str | None  # the regular expression; None while slots are unfilled
    wants: frozenset[str]  # which placeholders appear: amount, percent, direction
    parts: tuple[str, ...] = ()  # regex pieces; a slot is the piece "\0name"
    slots: tuple[str, ...] = ()  # loop variables named in the template: `{r}` is the label of row r
    needles: tuple[str, ...] = ()  # literal words every match contains: a text without one cannot match
    lead: tuple[str, ...] = ()  # the literal words every match starts with (a slot "\\0name" until bound), or ()
    _bound: dict[tuple[str, ...], Template] = field(default_factory=dict, compare=False, repr=False)
    # RE2 expands {0,40} and {1,200} of a multi-byte class into copies: compiling every template at rule load and
    # building its automaton cost ~0.15 s of a one-file check, and most templates never get past the needle test
    _compiled: list[Any] = field(default_factory=list, compare=False, repr=False)
    # `{r}…`: what follows the leading slot, compiled once for every label (bind compiles a pattern per label)
    _tail: list[Any] = field(default_factory=list, compare=False, repr=False)

    @property
    def pattern(self) -> Any:
        return self.compiled()

    def compiled(self) -> Any:
        """The compiled matcher, built on first use. Raises TemplateError (E240) when over RE2's budget."""
        return self._matcher()[0]

    def _matcher(self) -> tuple[Any, tuple[tuple[str, int], ...], Any]:
        """The compiled matcher, its named groups as (kind letter, index) in groupdict's order (which decides the
        first amount when a template has two), and its first-match search giving every group's byte span."""
        if not self._compiled:
            if self.source is None:
                raise TypeError("a template with slots is searched once bound")
            pattern = _compile(template=self.text, pattern=self.source)
            self._compiled.append((pattern, tuple((name[0], i) for name, i in pattern.groupindex.items()),
                                   _first_spans(pattern, "".join(self.lead).encode())))
        found: tuple[Any, tuple[tuple[str, int], ...], Any] = self._compiled[0]
        return found

    def verify(self) -> None:
        """Compile now, as `rulebook lint` does: raises TemplateError (E240) when over RE2's budget. A slot is
        tried with a one-character label (a long label adds only literal characters)."""
        if self.source is not None:
            self.compiled()
        else:
            _compile(template=self.text, pattern="".join("x" if p.startswith("\\0") else p for p in self.parts))

    def bind(self, values: dict[str, str]) -> Template:
        """The template with each slot replaced by its literal text (one pattern per distinct label)."""
        key = tuple(values[s] for s in self.slots)
        found = self._bound.get(key)
        if found is None:
            pieces = [re.escape(flatten(values[p[2:]])) if p.startswith("\\0") else p for p in self.parts]
            labels = tuple(flatten(values[s]) for s in self.slots)
            lead = "".join(flatten(values[p[2:]]) if p.startswith("\\0") else p for p in self.lead)
            found = self._bound[key] = Template(self.text, "".join(pieces), self.wants,
                                                needles=self.needles + tuple(w for w in labels if w),
                                                lead=(lead,) if lead else ())
        return found

    def find_labelled(self, labels: tuple[str, ...], text: str, nth: int = 1, encoded: bytes | None = None
                      ) -> Found | None:
        """`bind` (the slots' labels, in order) then `find_flat`. A template that starts with its only slot
        (`{r}年初预算{*}支出决算{金额}万元`) is searched for its first match without a pattern per label: at each
        occurrence of its leading words with the label, what follows the label is matched anchored by one pattern
        compiled once for all labels. The label is literal text, so this is the match the bound pattern finds."""
        label = _flat_label(labels[0]) if len(labels) == 1 else ""
        tail = self._tail_matcher() if label and nth == 1 else None
        if tail is None:
            return self.bind(dict(zip(self.slots, labels))).find_flat(text, nth, encoded)
        if label not in text:
            return None
        for word in self.needles:
            if word not in text:
                return None
        match, anchored, groups = tail
        data = text.encode() if encoded is None else encoded
        lead = (label + "".join(self.lead[1:])).encode()
        skip, end = len(label.encode()), len(data)
        at = data.find(lead)
        while at >= 0:
            spans: list[tuple[int, int]] = match(anchored, data, at + skip, end)
            if spans[0][0] >= 0:
                spans[0] = (at, spans[0][1])
                return _found(spans, data, groups)
            at = data.find(lead, at + 1)
        return None

    def _tail_matcher(self) -> tuple[Any, Any, tuple[tuple[str, int], ...]] | None:
        """RE2's anchored Match for what follows a leading only slot, and its groups; None when the template is not
        of that form (or RE2's native Match is not there: the bound pattern is searched instead)."""
        if not self._tail:
            shaped = (len(self.slots) == 1 and len(self.parts) > 2 and self.parts[0] == ""
                      and self.parts[1] == "\\0" + self.slots[0] and self.lead[:1] == self.parts[1:2])
            anchors = getattr(_linear_re, "_Anchor", None)
            made = None
            if shaped and anchors is not None:
                try:
                    pattern = _compile(template=self.text, pattern="".join(self.parts[2:]))
                except TemplateError as err:
                    from engine.language.runtime import EvalError

                    raise EvalError(err.code, **err.params) from None
                native = getattr(pattern, "_regexp", None)
                if native is not None and hasattr(native, "Match"):
                    made = (native.Match, anchors.ANCHOR_START,
                            tuple((name[0], i) for name, i in pattern.groupindex.items()))
            self._tail.append(made)
        tail: tuple[Any, Any, tuple[tuple[str, int], ...]] | None = self._tail[0]
        return tail

    def find(self, text: str, nth: int = 1) -> Found | None:
        """The n-th (1-based) match in `text`, or None."""
        return self.find_flat(flatten(text), nth)

    def find_flat(self, text: str, nth: int = 1, encoded: bytes | None = None) -> Found | None:
        """`find` in a text already flattened (a section's text is flattened once per document; `encoded` is its
        UTF-8, also kept per document). A pattern over RE2's budget is an EvalError here (the rule's finding is an
        error), never a traceback."""
        for word in self.needles:  # most look-ups miss: a substring test says so fast
            if word not in text:
                return None
        try:
            pattern, groups, first = self._matcher()
        except TemplateError as err:
            from engine.language.runtime import EvalError

            raise EvalError(err.code, **err.params) from None
        # RE2 works on UTF-8: given str, its wrapper re-encodes the whole text and maps offsets back on every search
        data = text.encode() if encoded is None else encoded
        if nth == 1:
            spans = first(data)
            return _found(spans, data, groups) if spans is not None else None
        for i, m in enumerate(pattern.finditer(data), start=1):
            if i == nth:
                return _found([m.span(g) for g in range(pattern.groups + 1)], data, groups)
        return None


@lru_cache(maxsize=4096)
def _flat_label(label: str) -> str:
    """A slot's label as `bind` writes it into the pattern (a row's label is asked for in many look-ups)."""
    return flatten(label)


def _number(text: str | None) -> Amount | None:
    if text is None:
        return None
    return Amount.printed(Decimal(text.replace(",", "")))


def _first_spans(pattern: Any, lead: bytes) -> Any:
    """`data` -> the byte span of the first match and of each group ((-1, -1) for a group that took no part), or
    None. RE2's own Match, called as its wrapper's `search` calls it (its generator and match object cost a third
    of a search on a section's text); any other matcher goes through `search`. Every match starts with `lead` (the
    template's leading words, when it has some): the leftmost match is the first occurrence of them where the
    pattern matches anchored, so RE2 reads from there on only (UTF-8 is self-synchronising: a byte search for
    whole characters finds character starts only)."""
    native = getattr(pattern, "_regexp", None)
    anchors = getattr(_linear_re, "_Anchor", None)
    if native is None or anchors is None or not hasattr(native, "Match"):
        def spans(data: bytes) -> list[tuple[int, int]] | None:
            m = pattern.search(data)
            return None if m is None else [m.span(g) for g in range(pattern.groups + 1)]
        return spans
    match, unanchored, anchored = native.Match, anchors.UNANCHORED, anchors.ANCHOR_START
    if not lead:
        def first(data: bytes) -> list[tuple[int, int]] | None:
            found: list[tuple[int, int]] = match(unanchored, data, 0, len(data))
            return None if found[0][0] < 0 else found
        return first

    def at_lead(data: bytes) -> list[tuple[int, int]] | None:
        end, at = len(data), data.find(lead)
        while at >= 0:
            found: list[tuple[int, int]] = match(anchored, data, at, end)
            if found[0][0] >= 0:
                return found
            at = data.find(lead, at + 1)
        return None
    return at_lead


def _found(spans: list[tuple[int, int]], data: bytes, groups: tuple[tuple[str, int], ...]) -> Found:
    """The first matched amount, percentage, direction and reason (groups amountN, percentN, directionN, reasonN) of
    a match in UTF-8 `data`, given by each group's byte span; offsets and words given as characters."""
    amount = percent = sign = reason = None
    for kind, i in groups:
        s, e = spans[i]
        if s < 0:
            continue
        raw = data[s:e]
        if kind == "a" and amount is None:
            amount = _number(raw.decode())
        elif kind == "p" and percent is None:
            percent = _number(raw.decode())
        elif kind == "d" and sign is None:
            sign = _DIRECTIONS[raw.decode()]
        elif kind == "r" and reason is None:
            reason = raw.decode()
    start, end = spans[0]
    return Found(amount, percent, sign, data[start:end].decode(), reason, len(data[:start].decode()))


def _compile(*, template: str, pattern: str) -> Any:
    """A matcher with a linear-time guarantee (RE2): several `{*}` slots cannot backtrack catastrophically."""
    try:
        return _linear_re.compile(pattern)
    except Exception:  # noqa: BLE001 - re2.error: the program is over RE2's memory budget
        raise TemplateError("E240", template=template[:80]) from None


def tail_free(flat: str, end: int) -> bool:
    """Nothing of the template follows a placeholder ending at `end` (what follows in the text is not fixed)."""
    return not flat[end:].strip()


@lru_cache(maxsize=4096)
def compile_template(template: str, variables: frozenset[str] = frozenset()) -> Template:
    """Escape the literal parts, turn placeholders into number patterns, and `{r}` (a loop variable in
    `variables`) into a slot filled with r's label at run time. Raises TemplateError (E240, over RE2's budget, only
    when the pattern is first used or Template.verify is called)."""
    flat = flatten(template)
    parts: list[str] = []
    needles: list[str] = []
    lead: list[str] = []  # the literal words (and slots) before the first placeholder
    leading = True
    wants: set[str] = set()
    pos = 0
    after_direction = False
    for i, m in enumerate(TEMPLATE_SLOT.finditer(flat)):
        literal = flat[pos:m.start()]
        if "{" in literal or "}" in literal:
            raise TemplateError("E231", template=template)
        parts.append(re.escape(literal))
        needles.append(literal)
        name = m.group(1)
        if leading:
            lead.append(literal)
        if name in variables and name not in _PLACEHOLDERS:
            parts.append("\\0" + name)
            if leading:
                lead.append("\\0" + name)
            pos = m.end()
            after_direction = False
            continue
        if name not in _PLACEHOLDERS:
            raise TemplateError("E232", placeholder=name, known="、".join("{" + k + "}" for k in _PLACEHOLDERS))
        piece = _PLACEHOLDERS[name].replace("{i}", str(i)).replace("{{", "{").replace("}}", "}")
        if name in ("金额", "数", "%") and literal and not literal.endswith(_CONNECTIVES):
            # 支出决算{金额}万元 also reads “支出决算为0.39万元”: the connective a writer may put between a label and its
            # number; without it a variant would miss here and match a different figure further on
            piece = _CONNECTIVE + piece
        if name in ("金额", "数") and after_direction and not literal:
            piece = f"(?:{piece})?"  # 持平 may stand without an amount
        if name == "%" and after_direction and not literal and tail_free(flat, m.end()):
            # 增长13.95。: a rate right after its direction word, its % sign left out (Y07b warns of that): still
            # the rate, so the rules reading it check its figure too; only where punctuation ends it (the template ends
            piece = piece[:-1] + "(?:%|[。，,；;])"  # there: RE2 has no look-ahead, the punctuation is matched)
        parts.append(piece)
        leading = False
        wants.add({"金额": "amount", "数": "amount", "%": "percent", "增减": "direction", "原因": "reason"}.get(name, "skip"))
        after_direction = name == "增减"
        pos = m.end()
    tail = flat[pos:]
    if "{" in tail or "}" in tail:
        raise TemplateError("E231", template=template)
    parts.append(re.escape(tail))
    needles.append(tail)
    wants.discard("skip")
    if not wants:
        raise TemplateError("E233", template=template)
    slots = tuple(p[2:] for p in parts if p.startswith("\\0"))
    source = None if slots else "".join(parts)  # compiled on its first search past the needles (Template.pattern)
    if leading:
        lead.append(tail)
    return Template(template, source, frozenset(wants), tuple(parts), slots, tuple(w for w in needles if w),
                    tuple(p for p in lead if p))
