"""Does a rule read the names of rows whose names are in doubt? Asked of the rule itself, not guessed from its text.

A table partly read in names only (engine/importers/name_proof.py: amounts, codes and columns certain, some rows'
names put back from other lines) can be relied on by a rule that finds its rows by code, by column or as totals, and
not by one that finds a row by its name (a label look-up, a narrative claim matched by 科目 name, a code-name check).
Which kind a rule is shows in what it does: it is run once more on the same document with the doubtful names taken
away (left empty, as if never printed). A rule whose applicability, verdict, or any finding's status, compared values,
difference or cells changes reads those names, and stays 不可核; one whose outcome is the same does not read them
(only a finding's wording may show a doubtful name). A rule that cannot be run either way stays 不可核 too.
"""
from __future__ import annotations

from typing import Any

from engine.language.runtime import Memo
from engine.model import Disclosure, Reading


class NameProbe:
    """One document's rules asked, one by one, whether they read the doubtful names of `names_only` readings."""

    def __init__(self, doc: Disclosure, names_only: dict[str, Reading]) -> None:
        self.doc = doc
        self.items = set(names_only)
        tables = dict(doc.tables)
        for item, reading in names_only.items():
            table, doubtful = tables[item], set(reading.rows)
            tables[item] = table.model_copy(update={"rows": [
                row.model_copy(update={"label": ""}) if row.key in doubtful else row for row in table.rows]})
        self.blind = doc.model_copy(update={"tables": tables})  # private state (last year's disclosure) kept
        self.memo = Memo(self.blind)

    def reads_names(self, rule: Any, applicable: bool | None, memo: Memo, applies: Any) -> tuple[bool, Any]:
        """(True when the rule's outcome depends on the doubtful names or cannot be compared, the rule's result on
        the document as read: None when it does not apply or could not be run)."""
        try:
            if applies(rule, self.blind, self.memo) != applicable:
                return True, None
            if not applicable:
                return False, None
            seen = rule.compiled.run(self.doc, tolerance=rule.tolerance, memo=memo)
            blind = rule.compiled.run(self.blind, tolerance=rule.tolerance, memo=self.memo)
        except Exception:  # noqa: BLE001 — a rule that cannot be run on both is not known not to read the names
            return True, None
        return _outcome(seen) != _outcome(blind), seen


def _outcome(result: Any) -> tuple:
    """What a rule concluded, its wording aside: verdict, and each finding's status, values, difference and cells."""
    return (result.status, sorted(
        (v.status, str(v.left), str(v.right), str(v.difference), str(v.tolerance), v.code or "",
         sorted((r.table or "", r.row or "", r.column or "", str(r.value)) for r in v.refs))
        for v in result.violations))
