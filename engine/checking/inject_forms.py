"""Injection through a document's other forms: the defect put into the model and the model rendered as tab or
aligned text, Excel or HTML and imported back; or the defect edited into a text form (poppler's `pdftotext -layout`
output, pdfplumber's `extract_text`) where its site can be found in that text. Each form is checked against itself
without the defect, so an import loss the form has anyway is not counted as a miss; what the form loses of the
defect is.

A form is an object with `edit(site)` (what to import, or None when the site cannot be put into this form) and
`report(edited)` (the check of what `edit` returned; of the form without any defect for None)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from engine.model import Disclosure

MODEL_FORMS = ("tabs", "spaces", "xlsx", "html")  # engine/render forms the importers read back


def _import(data: bytes, form: str) -> Disclosure:
    from engine.importers import import_office, import_text

    if form in ("tabs", "spaces", "pdftotext", "pdfplumber"):
        return import_text(data)
    return import_office(data, "excel" if form == "xlsx" else "html")


_TABLE_OF_SITE = re.compile(r"^(公开\d+)\[")


def printable(site) -> bool:
    """A code-name defect exists in print only where the table prints codes: 公开01 and 公开04 print a 类 by its
    name alone (catalogue `coded: false`), so there the name is the code and another name is another row."""
    if site.cls != "code-name":
        return True
    from engine.catalogue import load_catalogue

    found = _TABLE_OF_SITE.match(site.where)
    spec = load_catalogue().tables.get(found.group(1)) if found else None
    return spec is None or bool(spec.coded)


@dataclass
class ModelForm:
    """The model (with the defect) rendered in `form` and imported back."""
    doc: Disclosure
    form: str
    check: Any  # Disclosure -> Report

    def edit(self, site):
        return site if printable(site) else None  # injected when checked

    def report(self, site):
        from engine.checking.inject import injected
        from engine.render import write
        from engine.render.layout import render

        doc = self.doc if site is None else injected(self.doc, site)
        return self.check(_import(write(render(doc), self.form), self.form))


# ---- editing a text form -------------------------------------------------------------------------------------

def _changes(before: Any, after: Any, key: str = "") -> list[tuple[str, str, str]] | None:
    """(key, old, new) for every string the site changed; None when it changed more than strings (a row or a table
    removed, a list grown): such a change has no place in a text."""
    if isinstance(before, dict) and isinstance(after, dict):
        if before.keys() != after.keys():
            return None
        out: list[tuple[str, str, str]] = []
        for k in before:
            sub = _changes(before[k], after[k], k)
            if sub is None:
                return None
            out += sub
        return out
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return None
        out = []
        for a, b in zip(before, after):
            sub = _changes(a, b, key)
            if sub is None:
                return None
            out += sub
        return out
    if before == after:
        return []
    if isinstance(before, str) and isinstance(after, str):
        return [(key, before, after)]
    return None


def _loose(chars: str) -> str:
    """A pattern for `chars` as a text form prints them: any white space (a line break, layout spaces) between."""
    return r"\s*".join(re.escape(c) for c in chars if not c.isspace())


def _columns_kept(rest: str, shift: int) -> str:
    """The text after an edit, with the run of layout spaces that ends the edited cell on its line widened or
    narrowed by `shift`, so the line's later cells stay in their columns (a longer or shorter name printed in a
    PDF moves nothing else on the line; pdftotext -layout keeps each cell at its column)."""
    line_end = rest.find("\n")
    gap = re.search(r" {2,}", rest[:line_end if line_end >= 0 else len(rest)])
    if not shift or gap is None:
        return rest
    width = max(2, len(gap[0]) + shift)
    return rest[:gap.start()] + " " * width + rest[gap.end():]


def _found(text: str, old: str, new: str) -> tuple[re.Match, str, int] | None:
    """Where in `text` the one change that turns `old` into `new` goes (the match, its group 1 the passage to
    replace), what replaces it, and the change in length; placed by the shortest context of `old` around the change
    that occurs once in `text`; None when no context is unique (the site cannot be told apart in the text)."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    middle_old, middle_new = old[start:len(old) - end], new[start:len(new) - end]
    for pad in (4, 8, 12, 20, 40, 80):
        before, after = old[max(0, start - pad):start], old[len(old) - end:len(old) - end + pad]
        numeric = not before.strip() and not after.strip()  # a bare number: not inside a longer one
        pattern = ((r"(?<![\d.,])" if numeric else "") + _loose(before) + r"\s*(" + _loose(middle_old) + r")\s*"
                   + _loose(after) + (r"(?![\d.,])" if numeric else ""))
        found = list(re.finditer(pattern, text))
        if len(found) == 1:
            return found[0], middle_new, len(middle_old) - len(middle_new)
        if not found or (start - pad <= 0 and len(old) - end + pad >= len(old)):
            return None  # not in the text, or the whole string is not unique
    return None


def _edit(text: str, old: str, new: str) -> str | None:
    """`text` with the one change that turns `old` into `new` (see _found); None when it cannot be placed."""
    placed = _found(text, old, new)
    if placed is None:
        return None
    m, middle_new, shift = placed
    head, tail = text[:m.start(1)], text[m.end(1):]
    token = (re.findall(r"\S*$", head) or [""])[0] + middle_new + (re.findall(r"^\S*", tail) or [""])[0]
    if shift and re.fullmatch(r"[\d,.%-]+", token):  # an amount is printed flush right: pad before it
        lead = re.search(r"( {2,})(\S*)$", head)
        if lead is not None:
            width = max(2, len(lead[1]) + shift)
            return head[:lead.start(1)] + " " * width + lead[2] + middle_new + tail
        return head + middle_new + tail
    return head + middle_new + _columns_kept(tail, shift)


def _mended(text: str) -> tuple[str, list[int | None]]:
    """The text with the figures a tool set on a line of their own put back into their sentences, as the importer
    puts them (engine/importers/figures.py), and for each of its characters its place in `text` (None: a line
    break the reading adds)."""
    from engine.importers.figures import figures_traced
    from engine.importers.text import running_lines

    chars: list[str] = []
    place: list[int | None] = []
    for at, char in enumerate(text):  # a form feed inside a line starts a line, as text.py reads it
        if char == "\f" and at and text[at - 1] != "\n":
            chars.append("\n")
            place.append(None)
        chars.append(char)
        place.append(at)
    raws = "".join(chars).split("\n")
    out, _, traces = figures_traced(raws, frozenset(running_lines(raws)) if "\f" in text else frozenset())
    starts = [0]
    for raw in raws:
        starts.append(starts[-1] + len(raw) + 1)
    view: list[str] = []
    where: list[int | None] = []
    for i, line in enumerate(out):
        trace = traces.get(i)
        view.append(line + "\n")
        where += ([place[starts[r] + c] for r, c in trace] if trace is not None else
                  place[starts[i]:starts[i] + len(line)] if line == raws[i] else [None] * len(line)) + [None]
    return "".join(view), where


def _edit_mended(text: str, old: str, new: str) -> str | None:
    """`text` (of a tool that prints one space between words, however wide the gap: pdfplumber) with the change
    made where the importer reads it: found in the text with its figures put back, and made to the characters as
    printed (a figure on its line of figures, a word in its sentence); None when the passage is not one run of
    printed characters."""
    view = _mended(text)
    placed = _found(view[0], old, new)
    if placed is None:
        return None
    m, middle_new, _ = placed
    if m.start(1) == m.end(1):  # an insertion: after the character before it (words go with the words before
        # them, not into a line of figures), or before the one after it at a line's start
        after = view[1][m.end(1)] if m.end(1) < len(view[1]) else None
        before = view[1][m.start(1) - 1] if m.start(1) else None
        at = before + 1 if before is not None else after
        if at is None:
            return None
        if middle_new.isspace() and (text[at - 1:at].isspace() or text[at:at + 1].isspace()):
            return text  # the tool prints one space between words, however wide the gap: nothing changes
        return text[:at] + middle_new + text[at:]
    spots = [view[1][k] for k in range(m.start(1), m.end(1)) if not view[0][k].isspace()]
    if any(k is None for k in spots):
        return None
    first, last = spots[0], spots[-1]
    assert first is not None and last is not None
    printed = text[first:last + 1]
    if last < first or re.sub(r"\s", "", printed) != re.sub(r"\s", "", m.group(1)):
        return None  # the passage's characters are printed apart (on two lines, or figures and words)
    return text[:first] + middle_new + text[last + 1:]


@dataclass
class TextForm:
    """A text form of the document (`pdftotext -layout`; pdfplumber's `extract_text` with `spaced_once`): the change
    a site makes to the model's strings edited into the text where each changed passage occurs once."""
    doc: Disclosure
    text: str
    check: Any
    form: str = "pdftotext"
    spaced_once: bool = False  # the tool prints one space between words (pdfplumber): _edit_mended, not _edit
    _dump: dict | None = field(default=None, repr=False)

    def edit(self, site) -> str | None:
        if not printable(site):
            return None
        if self._dump is None:
            self._dump = self.doc.model_dump(mode="json")
        after = self.doc.model_dump(mode="json")  # fresh: the site changes it in place
        site.apply(after)
        changes = _changes(self._dump, after)
        if not changes:
            return None
        texts = {k for k, _, _ in changes}
        text = self.text
        edit = _edit_mended if self.spaced_once else _edit
        for key, old, new in dict.fromkeys(changes):
            if key == "value" and "text" in texts:
                continue  # a cell's value goes with its printed text: the text is what is printed
            if text != self.text and edit(text, new, old) is not None:
                continue  # already made: a parent section repeats its part's text (editing on would change
                # another passage with the same digits, left as the only one still reading `old`)
            edited = edit(text, old, new)
            if edited is None:
                return None
            text = edited
        return text if text != self.text else None

    def report(self, edited: str | None):
        return self.check(_import((self.text if edited is None else edited).encode("utf-8"), self.form))
