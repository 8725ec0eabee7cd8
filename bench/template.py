"""A disclosure as two templates (normalised JSON and published text) whose money amounts are numbered slots.

Every amount is a *quantity*; each place it is printed is a *slot* with its own style (commas, a stray space after
the point, decimals). Rendering a document is then one pass over literal pieces and slots, so generating thousands of
documents costs little, and the JSON and the text of one document always carry the same amounts.

What counts as money (domain.md §3: amounts are printed with decimals):
- table cells printed with a decimal point (counts such as 车辆数 are integers and stay as printed);
- 预算/到位/执行 amounts of the 自评表 (scores and rates are not money and stay as printed);
- numbers with a decimal point directly followed by 万元/元 anywhere else (narrative, notes, conclusions).
Percentages are ratios of amounts, so scaling every amount by one factor keeps them true up to rounding.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

OPEN, CLOSE = "\ue000", "\ue001"  # private-use marks: never in a disclosure, not escaped by json.dumps
_SLOT = re.compile(f"{OPEN}(\\d+):(\\d+){CLOSE}")
# A printed number: 2,014.44 / 2014. 44 / 226.1 (the point is what makes it an amount here).
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)\.\s?\d+"
_MONEY_IN_TEXT = re.compile(rf"(?<![\d.,])({_NUMBER})(?=\s*万?元)")
_TOKEN = re.compile(rf"(?<![\d.,])({_NUMBER}|\d+)(?![\d])")
_FUNDS = ("budget", "available", "executed")


@dataclass(frozen=True)
class Style:
    places: int
    commas: bool
    spaced: bool  # "2014. 44": a space after the point, as the sample sometimes prints


def parse_number(text: str) -> tuple[Decimal, Style]:
    commas, spaced = "," in text, ". " in text
    clean = text.replace(",", "").replace(" ", "")
    places = len(clean.split(".")[1]) if "." in clean else 0
    return Decimal(clean), Style(places, commas, spaced)


def render_number(value: Decimal, style: Style) -> str:
    text = f"{value:,.{style.places}f}" if style.commas else f"{value:.{style.places}f}"
    return text.replace(".", ". ", 1) if style.spaced else text


@dataclass
class Template:
    """Literal pieces and slots; `quantities[i]` is the original value of quantity i."""

    quantities: list[Decimal] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # what each quantity is (for defects and the manifest)
    styles: list[Style] = field(default_factory=list)
    json_parts: list = field(default_factory=list)
    text_parts: list = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def quantity(self, key: str, value: Decimal) -> int:
        if key not in self._index:
            self._index[key] = len(self.quantities)
            self.quantities.append(value)
            self.keys.append(key)
        return self._index[key]

    def slot(self, qid: int, style: Style) -> str:
        if style not in self.styles:
            self.styles.append(style)
        return f"{OPEN}{qid}:{self.styles.index(style)}{CLOSE}"

    def render(self, parts: list, values: list[Decimal]) -> str:
        printed: dict[tuple[int, int], str] = {}  # most amounts are printed twice (a cell's value and its text)

        def number(slot: tuple[int, int]) -> str:
            text = printed.get(slot)
            if text is None:
                text = printed[slot] = render_number(values[slot[0]], self.styles[slot[1]])
            return text
        return "".join(p if isinstance(p, str) else number(p) for p in parts)


def _split(text: str) -> list:
    parts: list = []
    last = 0
    for m in _SLOT.finditer(text):
        parts.append(text[last:m.start()])
        parts.append((int(m.group(1)), int(m.group(2))))
        last = m.end()
    parts.append(text[last:])
    return [p for p in parts if p != ""]


def _narrative(tpl: Template, text: str) -> str:
    """Money followed by 万元/元 becomes a slot; one quantity per printed value, so repeats stay equal."""
    def sub(m: re.Match) -> str:
        value, style = parse_number(m.group(1))
        return tpl.slot(tpl.quantity(f"文:{value}", value), style)
    return _MONEY_IN_TEXT.sub(sub, text)


def _walk_strings(tpl: Template, node):
    if isinstance(node, dict):
        return {k: _walk_strings(tpl, v) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk_strings(tpl, v) for v in node]
    if isinstance(node, str):
        return _narrative(tpl, node)
    return node


def _amount_field(tpl: Template, key: str, obj: dict, line_slots: dict[int, list]) -> None:
    """A Cell or FormField holding money: its value, its printed text and its text-file line become slots."""
    raw = obj.get("value")
    if obj.get("kind", "number") != "number" or raw is None or "." not in raw:
        return
    value = Decimal(raw)
    qid = tpl.quantity(key, value)
    printed = _TOKEN.findall(obj.get("text") or "")
    token = next((t for t in reversed(printed) if parse_number(t)[0] == value), None)
    obj["value"] = tpl.slot(qid, parse_number(raw)[1])
    if token is not None:
        obj["text"] = obj["text"][::-1].replace(token[::-1], tpl.slot(qid, parse_number(token)[1])[::-1], 1)[::-1]
        line = (obj.get("source") or {}).get("line")
        if line:
            line_slots.setdefault(line, []).append((qid, token))


def build(sample_json: Path, sample_text: Path) -> Template:
    tpl = Template()
    data = json.loads(sample_json.read_text("utf-8"))
    line_slots: dict[int, list] = {}
    tables = data.pop("tables")
    attachments = data.pop("attachments")
    for tid, table in tables.items():
        for row in table["rows"]:
            for col, cell in row["cells"].items():
                _amount_field(tpl, f"表:{tid}:{row['key']}:{col}", cell, line_slots)
    for i, form in enumerate(attachments):
        for fund in _FUNDS:
            line = form.get(fund)
            if not line:
                continue
            for j, part in enumerate([line["total"]] + line["parts"]):
                _amount_field(tpl, f"自评:{i}:{fund}:{j}", part, line_slots)
    data = _walk_strings(tpl, data)  # narrative, notes, metadata: money followed by 万元
    data["tables"] = {tid: {**t, "notes": _walk_strings(tpl, t["notes"])} for tid, t in tables.items()}
    data["attachments"] = [_walk_strings(tpl, form) for form in attachments]
    tpl.json_parts = _split(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    tpl.text_parts = _split(_text_template(tpl, sample_text.read_text("utf-8"), line_slots))
    return tpl


def _text_template(tpl: Template, text: str, line_slots: dict[int, list]) -> str:
    lines = text.split("\n")
    for number, slots in line_slots.items():
        line = lines[number - 1]
        out, pos = [], 0
        for qid, token in slots:  # cells in column order: claim each printed token left to right
            found = re.search(rf"(?<![\d.,]){re.escape(token)}(?![\d])", line[pos:])
            if found is None:
                continue
            start = pos + found.start()
            out.append(line[pos:start] + tpl.slot(qid, parse_number(token)[1]))
            pos = start + len(token)
        lines[number - 1] = "".join(out) + line[pos:]
    return "\n".join(_narrative(tpl, line) if OPEN not in line else line for line in lines)
