"""Does a rule use the names of rows whose names are in doubt? Seen in the rule's own run, not guessed from its text.

A table partly read in names only (engine/importers/name_proof.py: amounts, codes and columns certain, some rows'
names put back from other lines) can be relied on by a rule that finds its rows by code, 行次, level or as totals,
and by no other. A rule uses the doubtful names when, in its run on the document:
- it calls a function not declared name-free (calls.PLAIN_FUNCTIONS; engine/functions/row_names.py NAME_FREE, and
  its narrative look-ups TEMPLATED whose template names no variable — `文中金额(节, "支出{金额}万元")` reads the
  narrative only, `"{r}(类){金额}"` a row's name): a function that may match a row by name (文中所述(…, r, …), a
  code-name check) is taken to read names — a rule skipping rows whose names match nothing would otherwise pass
  unread (definitions it uses are looked into); a row of a for-each put into a template (`{r}`) or handed to 文中所述
  is read by name only if the for-each's domain holds a doubtful row (文中所述: or a row whose 类/款 is doubtful);
- or one of its row look-ups (runtime.find_row / find_key, also in its precondition) misses in a table with doubtful
  names (the row may be there under a wrong name), hits a doubtful row by its name, or asks for a doubtful name.
Such a rule stays 不可核 — except one listing the findings of a function reading every table's names
(`每个 p 属于 编码名称不一()：不应出现(p)`, `per_finding`): that function judges each comparison itself
(engine/functions/codes.py), so the rule's findings are the certain ones and it passes only when no doubtful name
was compared (`judged`: the rows compared, by table). A finding of a rule that does not read them quotes a doubtful row by its code only
(`by_code`), and is 不可核 only when what it shows — its message and element — still holds a doubtful name (`shows`);
the words it quotes from the text (an item of no table: a sentence of the narrative, a title) are the document's as
printed, not a row's name as read, and are set aside first.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable

from engine.labels import normalise
from engine.language import nodes as n
from engine.language.analysis import Scoped
from engine.functions.row_names import (COMPARED, NAME_FREE, NAME_FREE_PARTS, PLACEHOLDERS, READS_EVERY_TABLE,
                                        READS_HANDED_ROW, TEMPLATED)
from engine.language.compiler.calls import PLAIN_FUNCTIONS
from engine.language.runtime import Memo, RowItem
from engine.model import Disclosure, Reading
from engine.said import shown

_SLOT = re.compile(r"\{([^{}]*)\}")
_FREE = PLAIN_FUNCTIONS | frozenset(NAME_FREE) | TEMPLATED
_FORMS: tuple[Callable[[str], str], ...] = (str, normalise)  # a name as printed, and as compared


class NamesDoubt:
    """One document's rows whose names are in doubt, and the rules asked, one by one, whether they use them."""

    def __init__(self, doc: Disclosure, names_only: dict[str, Reading]) -> None:
        self.items = set(names_only)
        self.rows = {item: frozenset(r.rows) for item, r in names_only.items()}
        named = {key for item, keys in self.rows.items() for row in doc.tables[item].rows if row.key in keys
                 and not row.code for key in (row.key, normalise(row.label)) if key}
        self.doubt: dict[str, frozenset[str]] = {**self.rows, "": frozenset(named)}
        doubtful = [(item, row) for item, keys in self.rows.items() for row in doc.tables[item].rows if row.key in keys]
        # rows a finding can quote by their code instead of their name; the names, as printed and as compared
        self.coded = {item: frozenset(row.key for i, row in doubtful if i == item and row.code) for item in self.rows}
        self.elements = {f"{row.code} {row.label}".strip(): row.code for _, row in doubtful if row.code}
        self.row_labels = {item: {RowItem(doc.tables[i], row).label for i, row in doubtful if i == item}
                           for item in self.rows}
        self.codes = {item: {row.code for i, row in doubtful if i == item and row.code} for item in self.rows}
        self.labels = {item: {(row.label.strip(), normalise(row.label)) for i, row in doubtful if i == item
                              and normalise(row.label)} for item in self.rows}

    def everywhere(self, rule: Any) -> bool:
        """Whether the rule calls a function reading every table's names (READS_EVERY_TABLE): it reads the doubtful
        ones whatever tables it names (编码名称不一() names none)."""
        return any(c is not None and not c.plain and _Walk(c.env, READS_EVERY_TABLE).reads(c.node, {})
                   for c in (rule.compiled, rule.precondition))

    def per_finding(self, rule: Any) -> bool:
        """Whether the rule only lists what one function reading every table's names finds (每个 p 属于 F(…)：
        不应出现(p), F's arguments written out) and its precondition reads no name: each listed finding is then a
        finding, whatever the other findings of F (a count or a comparison of F's list would not be)."""
        c, node = rule.compiled, getattr(rule.compiled, "node", None)
        if c is None or c.plain or not (isinstance(node, n.ForAll) and isinstance(node.domain, n.Call)
                                         and isinstance(node.body, n.Call)):
            return False
        listing, body = c.env.functions.lookup(node.domain.func), c.env.functions.lookup(node.body.func)
        args = node.body.args
        if listing is None or listing.name not in READS_EVERY_TABLE or body is None or body.name != "absent" or not (
                len(args) == 1 and isinstance(args[0], n.Name) and args[0].name == node.var) or not all(
                isinstance(a, (n.String, n.Number)) for a in node.domain.args):
            return False
        condition = rule.precondition
        return condition is None or condition.plain or not _Walk(condition.env).reads(condition.node, {})

    def judged(self, rule: Any, applicable: bool | None, doc: Disclosure,
               memo: Memo) -> tuple[Any, dict[str, list[str]] | None]:
        """A per-finding rule run with the doubtful rows known: (its result, listing only certain findings; the codes
        of doubtful rows whose names its function compared, by table). (None, None) when its precondition looked a
        row up by a doubtful name, or it could not be run: not known not to read them."""
        memo.rows.clear()  # look-ups other rules cached would not pass the look-up hook
        held = dict(self.doubt)
        memo.names_doubtful, memo.named = held, False
        try:
            if rule.precondition is not None:
                rule.precondition.holds(doc, memo)
                if memo.named:
                    return None, None
            result = rule.compiled.run(doc, tolerance=rule.tolerance, memo=memo) if applicable else None
        except Exception:  # noqa: BLE001 — a rule that cannot be run is not known not to read the names
            return None, None
        finally:
            memo.names_doubtful = None
        compared: dict[str, list[str]] = {}
        for entry in sorted(held.get(COMPARED, ())):
            table, _, code = entry.partition(" ")
            compared.setdefault(table, []).append(code)
        return result, compared

    def reads_names(self, rule: Any, applicable: bool | None, doc: Disclosure, memo: Memo) -> tuple[bool, Any]:
        """(True when the rule uses a doubtful name or could not be run, the rule's result on the document: None when
        it does not apply or it uses the names)."""
        for c in (rule.compiled, rule.precondition):
            if c is None or c.plain:
                continue
            walk = _Walk(c.env)
            if walk.reads(c.node, {}) or any(self._names_rows(c.env, domain, doc, parents)
                                             for domain, parents in walk.domains):
                return True, None
        memo.rows.clear()  # look-ups other rules cached would not pass the look-up hook
        memo.names_doubtful, memo.named = self.doubt, False
        try:
            if rule.precondition is not None:
                rule.precondition.holds(doc, memo)
            result = rule.compiled.run(doc, tolerance=rule.tolerance, memo=memo) if applicable else None
        except Exception:  # noqa: BLE001 — a rule that cannot be run is not known not to read the names
            return True, None
        finally:
            memo.names_doubtful = None
        return (True, None) if memo.named else (False, result)

    def by_code(self, violation: Any) -> Any:
        """The finding of a rule that does not read the doubtful names, quoting each doubtful row by its code: the
        cells it cites without their row's name, its element (a row of a for-each) as the code alone."""
        refs = [dataclasses.replace(ref, label=None) if ref.row in self.coded.get(ref.table or "", ()) else ref
                for ref in violation.refs]
        element = self.elements.get((violation.element or "").strip(), violation.element)
        return dataclasses.replace(violation, refs=refs, element=element)

    def _names_rows(self, env: Any, domain: Any, doc: Disclosure, parents: bool) -> bool:
        """Whether a for-each domain whose rows are handed to a name reader holds a doubtful row (or, `parents`, a row
        whose 类/款 is doubtful): N06b's `{r}` over 公开05[类] reads no 款's name. Not known: it does."""
        try:
            compiled = env.compile_node(domain)
            found = compiled.value(doc)
        except Exception:  # noqa: BLE001 — a domain that cannot be read alone is not known to hold certain rows only
            return True
        # the rows are of the tables the domain reads (a 类 doubtful in 公开03 is certain in 公开05)
        doubted = {code for item in compiled.tables or self.codes for code in self.codes.get(item, ())}
        labels = {label for item in compiled.tables or self.row_labels for label in self.row_labels.get(item, ())}
        if found.status != "ok" or (found.kind != "rows" and found.value != "()"):
            return True
        for label in found.value if found.kind == "rows" else ():
            code = label.partition(" ")[0]
            codes = {code[:3], code[:5], code} if parents and code.isdigit() else {code}
            if label in labels or codes & doubted:
                return True
        return False

    def shows(self, violation: Any, message: str, own: str) -> list[str]:
        """Tables whose doubtful row a finding would still name: a cited cell of a row with no code to quote it by, or
        a doubtful name (as printed, or normalised) in its element, or more often in its message than in `own`, the
        rule's own words it prints whatever it finds (提示, name, expression: S02's 提示 says 公务用车购置)."""
        out = [ref.table for ref in violation.refs if ref.row in self.rows.get(ref.table or "", ())
               and ref.row not in self.coded[ref.table or ""]]
        # what a function listed from the text (an item of no table: narrative words, a title, each at its line) is
        # the document's words as printed, not a row's name as read: 公务接待费 in a quoted sentence is no doubt
        quoted = {text for ref in violation.refs if ref.table is None and ref.label
                  for text in (shown(ref.label, "zh"), shown(ref.label, "en"))}
        element, message = _unquoted(violation.element or "", quoted), _unquoted(message, quoted)
        return out + [item for item, labels in self.labels.items() if any(
            _names(name, form(element), form(message), form(own))
            for pair in labels for name, form in zip(pair, _FORMS))]


def _unquoted(text: str, quoted: set[str]) -> str:
    for words in sorted(quoted, key=len, reverse=True):
        text = text.replace(words, "")
    return text


def _names(name: str, element: str, message: str, own: str) -> bool:
    """Whether a finding names `name`: in its element, or in its message beyond the rule's own words."""
    return bool(name) and (name in element or message.count(name) > own.count(name))


class _Walk(Scoped):
    """One walk of a rule's tree (its definitions looked into, each once): with `only`, whether it calls one of those
    functions; without, whether it may read a row's name — a function not declared name-free, a narrative look-up
    whose template has a slot that is no placeholder or no row of a for-each, a row handed to 文中所述 that is no
    row of a for-each, or a document part not declared name-free. The for-each domains whose rows do reach a name
    reader are kept (`domains`: the domain, and whether the rows' 类/款 names are read too) to be looked at in the
    run. Names resolve as the compiler resolves them (analysis.Scoped: a loop variable hides a definition)."""

    def __init__(self, env: Any, only: frozenset[str] | None = None) -> None:
        self.env, self.only, self.seen = env, only, set[str]()
        self.definitions = env.definitions
        self.domains: list[tuple[Any, bool]] = []

    def reads(self, node: Any, bound: dict[str, Any]) -> bool:
        env = self.env
        if isinstance(node, n.Call) and self._call(node, bound):
            return True
        if isinstance(node, n.ForAll):
            return self.reads(node.domain, bound) or self.reads(node.body, self.within(bound, node, node.domain))
        if isinstance(node, n.Name):
            if self.only is None and env.functions.document_name(node.name) is not None \
                    and node.name not in NAME_FREE_PARTS:
                return True
            definition = self.definition(node, bound)
            if definition is not None and node.name not in self.seen:
                self.seen.add(node.name)
                if self.reads(definition, {}):
                    return True
        if isinstance(node, n.Node):
            return any(self.reads(getattr(node, f.name), bound) for f in dataclasses.fields(node))
        if isinstance(node, (tuple, list)):
            return any(self.reads(x, bound) for x in node)
        return False

    def _call(self, node: Any, bound: dict[str, Any]) -> bool:
        fn = self.env.functions.lookup(node.func)
        if fn is None or self.only is not None:
            return fn is None or fn.name in (self.only or ())
        if fn.name in TEMPLATED:
            template = node.args[1] if len(node.args) > 1 else None
            if not isinstance(template, n.String):
                return True
            slots = set(_SLOT.findall(template.value)) - PLACEHOLDERS
            if slots - set(bound):
                return True
            self.domains += [(bound[slot], False) for slot in slots]
            return False
        if fn.name in READS_HANDED_ROW:
            row = node.args[fn.params.index("row")] if len(node.args) > fn.params.index("row") else None
            if not isinstance(row, n.Name) or row.name not in bound:
                return True
            self.domains.append((bound[row.name], True))
            return False
        return fn.name not in _FREE


