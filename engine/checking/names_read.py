"""Does a rule use the names of rows whose names are in doubt? Seen in the rule's own run, not guessed from its text.

A table partly read in names only (engine/importers/name_proof.py: amounts, codes and columns certain, some rows'
names put back from other lines) can be relied on by a rule that finds its rows by code, 行次, level or as totals,
and by no other. A rule uses the doubtful names when, in its run on the document:
- it is not plain (Compiled.plain: a function outside the name-free set, a narrative or document part, a stated
  number): such a rule may hand a row to something that matches it by name (文中所述(…, r, …), a code-name check), so
  it is taken to read names — a rule skipping rows whose names match nothing would otherwise pass unread;
- or one of its row look-ups (runtime.find_row / find_key, also in its precondition) misses in a table with doubtful
  names (the row may be there under a wrong name), hits a doubtful row by its name, or asks for a doubtful name.
Such a rule stays 不可核, and so does any finding whose wording would show a doubtful row (`shows`).
"""
from __future__ import annotations

from typing import Any

from engine.labels import normalise
from engine.language.runtime import Memo
from engine.model import Disclosure, Reading


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
        if not rule.compiled.plain:
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
