"""Does a rule use the names of rows whose names are in doubt? Seen in the rule's own run, not guessed from its text.

A table partly read in names only (engine/importers/name_proof.py: amounts, codes and columns certain, some rows'
names put back from other lines) can be relied on by a rule that finds its rows by code, 行次, level or as totals,
and by no other. A rule uses the doubtful names when, in its run on the document:
- it calls a function not declared name-free (calls.PLAIN_FUNCTIONS, and the narrative look-ups of `_NARRATIVE_ONLY`
  whose template names no variable — `文中金额(节, "支出{金额}万元")` reads the narrative only, `"{r}(类){金额}"` a
  row's name) or reads a document part through the function registry: such a rule may hand a row to something that
  matches it by name (文中所述(…, r, …), a code-name check), so it is taken to read names — a rule skipping rows whose
  names match nothing would otherwise pass unread (definitions it uses are looked into);
- or one of its row look-ups (runtime.find_row / find_key, also in its precondition) misses in a table with doubtful
  names (the row may be there under a wrong name), hits a doubtful row by its name, or asks for a doubtful name.
Such a rule stays 不可核, and so does any finding whose wording would show a doubtful row (`shows`).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from engine.labels import normalise
from engine.language import nodes as n
from engine.language.compiler.calls import PLAIN_FUNCTIONS
from engine.language.runtime import Memo
from engine.model import Disclosure, Reading

# Look-ups in the narrative's words (engine/functions/templates.py, repeated.py): (section, template[, which]) read
# no table row; only a template slot naming a variable (`{r}`: a row's name) brings a name in.
_NARRATIVE_ONLY = frozenset(("text_amount", "text_percent", "text_change", "text_amounts_at"))
_SLOT = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDERS = frozenset(("金额", "数", "%", "增减", "*"))  # engine/functions/narrative.py: words, not names


class NamesDoubt:
    """One document's rows whose names are in doubt, and the rules asked, one by one, whether they use them."""

    def __init__(self, doc: Disclosure, names_only: dict[str, Reading]) -> None:
        self.items = set(names_only)
        self.rows = {item: frozenset(r.rows) for item, r in names_only.items()}
        named = {key for item, keys in self.rows.items() for row in doc.tables[item].rows if row.key in keys
                 and not row.code for key in (row.key, normalise(row.label)) if key}
        self.doubt: dict[str, frozenset[str]] = {**self.rows, "": frozenset(named)}

    def reads_names(self, rule: Any, applicable: bool | None, doc: Disclosure, memo: Memo) -> tuple[bool, Any]:
        """(True when the rule uses a doubtful name or could not be run, the rule's result on the document: None when
        it does not apply or it uses the names)."""
        if any(c is not None and not c.plain and _may_read_names(c.node, c.env, set())
               for c in (rule.compiled, rule.precondition)):
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

    def shows(self, violation: Any) -> list[str]:
        """Tables whose doubtful row a finding would name (a cell it quotes, or the element it is about)."""
        out = [ref.table for ref in violation.refs if ref.row in self.rows.get(ref.table or "", ())]
        element = violation.element or ""
        forms = {element, normalise(element), normalise(element.partition(" ")[2])} if element else set()
        return out + [item for item, keys in self.rows.items() if forms & keys or any(
            element.startswith(f"{key} ") for key in keys)]


def _may_read_names(node: Any, env: Any, seen: set[str]) -> bool:
    """Whether a rule's tree (its definitions looked into) calls anything that may read a row's name: a function
    outside PLAIN_FUNCTIONS and _NARRATIVE_ONLY, a narrative look-up whose template has a slot that is no placeholder
    (or is not written out), or a document part read through the function registry."""
    if isinstance(node, n.Call):
        fn = env.functions.lookup(node.func)
        if fn is None or (fn.name not in PLAIN_FUNCTIONS and fn.name not in _NARRATIVE_ONLY):
            return True
        if fn.name in _NARRATIVE_ONLY:
            template = node.args[1] if len(node.args) > 1 else None
            if not isinstance(template, n.String) or set(_SLOT.findall(template.value)) - _PLACEHOLDERS:
                return True
    if isinstance(node, n.Name):
        if env.functions.document_name(node.name) is not None:
            return True
        if node.name in env.definitions and node.name not in seen:
            seen.add(node.name)
            if _may_read_names(env.definitions[node.name], env, seen):
                return True
    if isinstance(node, n.Node):
        return any(_may_read_names(getattr(node, f.name), env, seen) for f in dataclasses.fields(node))
    if isinstance(node, (tuple, list)):
        return any(_may_read_names(x, env, seen) for x in node)
    return False
