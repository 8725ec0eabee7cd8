"""Rules judged over every possible reading of amounts whose column is not certain.

A row printed without its blank cells whose amounts the table's arithmetic could not place (placement.py) is handed
on with every way it may stand (Table.ambiguous; the reading says `uncertain: placement`). A rule that reads such a
table is run on each combination of those readings — the document with the rows so placed, nothing else changed —
and reported element by element (a for-each's findings are each an element's; a rule with none is one element), only
as far as every reading agrees:
- the same findings in each: those (a pass of the table's own sums over amounts placed by those sums stays 不可核:
  check.py's `_own_sums`, the readings of a `solved` group said to be placed so);
- a failure in each, its texts differing (they quote the cells): the findings every reading has, and when none of
  them is a failure, one finding that holds in each (I150: the element, the rows, the printed amounts, whatever
  their columns);
- otherwise the element is 不可核 (I151, naming the rows). The rule fails when an element fails in every reading
  (what is not decided is said beside, an info), is 不可核 when none fails and one is not decided, and passes only
  when every element passes in every reading.
The cost is paid only by documents with such rows, and only by the rules that read their tables: each set of those
tables is checked once per combination, for the rules that read exactly that set. Beyond _WORLDS combinations each
rule is checked alone, its rows' cells watched: a run holds for every combination that agrees with it on the groups
it looked at, so runs branch only on those — per element for a for-each (elements.py: each element over the groups
it read), else for the rule as a whole; beyond _WORLDS runs (an element's, or the rule's) 不可核 (I152; past a rule's run
budget, elements._RUNS: I155). A finding that holds in every reading also says the figures each reading has alike.

A 自评表's indicator rows whose cell boundaries the text does not show (PerformanceForm.ambiguous, form_rows.py) are
judged the same way, as items of their own (自评表「…」): a rule naming 自评表 reads them; each form is judged on its own
(elements.py, never every form's combinations at once), a world writes the row's cells and adds the 一级指标 scores
anew, and any look at the form's indicators or those scores counts as reading its rows (members.py caches a form's
indicators per form: sound while only that form's element reads them, as every P rule does). An element (a form) that
fails in every reading but differs in what else it finds is not decided for the rest (I158, not dropped silently).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import product
from math import prod
from typing import NamedTuple

from engine.checking import elements
from engine.checking.elements import Seen, Tracker, branches, explore, nowhere_all_hold, top
from engine.checking.findings import Finding, Ref, Report, built
from engine.checking.wording import english
from engine.messages import MESSAGES
from engine.model import Ambiguity, Disclosure, FormField, PerformanceForm, PossibleCell, Reading, Source, Table, form_item
from engine.rules.loader import Rule, Rulebook
from engine.said import joined, say, short_lines

_FORM_CODES = {"I150": "I159", "I151": "I158"}  # the same, of a 自评表's open rows (words, not amounts)
_WORLDS = 64  # combinations of possible readings a rule is judged over; beyond it the rule is 不可核 (I152)


class Judged(NamedTuple):
    """What a rule comes to over every reading: its outcome (check.py's outcomes), findings, and — 不可核 — the
    tables it is listed under."""

    outcome: tuple[str, str]
    findings: list[Finding]
    unread: list[str]
    # with findings: what the readings' reports list the rule under in their "-" notes (not read; tables missing)
    noted: list[str] = []
    missing: list[str] = []


def uncertain_tables(doc: Disclosure) -> dict[str, Reading]:
    """Tables some of whose rows stand in one of several listed ways, by id; and forms some of whose indicator rows
    do (PerformanceForm.ambiguous), by their reading's item (自评表「…」)."""
    forms = _forms(doc)
    return {r.item: r for r in doc.reading if "placement" in r.uncertain and (
        (r.kind == "table" and r.item in doc.tables and doc.tables[r.item].ambiguous)
        or (r.kind == "form" and r.item in forms and doc.attachments[forms[r.item]].ambiguous))}


def _forms(doc: Disclosure) -> dict[str, int]:
    """Each form with open rows by its reading's item → its index; a name two forms share is left out (不可核 as
    a partly read form, never judged as the other one)."""
    items = [form_item(f) for f in doc.attachments]
    return {item: k for k, item in enumerate(items) if items.count(item) == 1 and doc.attachments[k].ambiguous}


class Worlds:
    """One document's possible readings, and the rules judged over them (one per check: never shared)."""

    def __init__(self, doc: Disclosure, book: Rulebook, lang: str, tables: dict[str, Reading],
                 check: Callable[..., Report]) -> None:
        self.doc, self.book, self.lang, self.tables, self.check = doc, book, lang, tables, check
        self.reports: dict[frozenset[str], list[Report] | int] = {}  # per set of tables: a report a reading, or n
        self.forms = {item: k for item, k in _forms(doc).items() if item in tables}  # open forms → their index

    def groups(self, items: frozenset[str]) -> list[tuple[str, Ambiguity]]:
        """The possible-reading groups of these tables and forms, in a fixed order."""
        return [(t, g) for t in sorted(items) for g in self._ambiguous(t)]

    def _ambiguous(self, item: str) -> list[Ambiguity]:
        k = self.forms.get(item)
        return self.doc.tables[item].ambiguous if k is None else self.doc.attachments[k].ambiguous

    def reads(self, rule: Rule) -> frozenset[str]:
        """The uncertain tables a rule (or its precondition) reads, every one when it reads every table; the open
        forms when it reads the forms (Rule.reads: from the compiled rule, as check.py's _needs_unread)."""
        reads = rule.reads
        tables = [t for t in self.tables if t not in self.forms and (reads.every_table or t in reads.tables)]
        return frozenset(tables) | (frozenset(self.forms) if reads.forms else frozenset())

    def judge(self, rule: Rule) -> Judged | None:
        """The rule over every reading; None when it is 不可核 in each for what it needs (check.py says so as ever).
        Judged element by element (a for-each's findings are per element): an element failing in every reading of
        what it read is a finding, one whose outcome differs is 不可核, and the rule passes only when each passes."""
        tables = self.reads(rule)
        if not tables:
            return None
        groups = self.groups(tables)
        # forms only: each form judged on its own (an element of 每个 f 属于 自评表 reads its own rows), never all
        # combinations at once (which would make every form's element read every form's rows)
        together = self._reports(tables) if not tables <= self.forms.keys() else prod(len(g.readings) for _, g in groups)
        if not isinstance(together, int):  # every combination checked: each element judged over all of them
            every = set(range(len(groups)))
            return self._combined(rule, tables, groups, together, by_finding(rule, together, every), every)
        # too many to check all: each element over the groups it read (elements.py), else the rule alone
        explored = explore(self, rule, groups, _WORLDS)
        if explored is not None:
            return self._combined(rule, tables, groups, explored[1], explored[0], None)
        alone = self._explored(rule, groups)
        if alone is None:
            return Judged(("not_checkable", self._said("I152", [g for _, g in groups], n=together, cap=_WORLDS)), [],
                          sorted(tables))
        reports, read = alone
        return self._combined(rule, tables, groups, reports, by_finding(rule, reports, read), read)

    def _combined(self, rule: Rule, tables: frozenset[str], groups: list[tuple[str, Ambiguity]], reports: list[Report],
                  seen: dict[str | None, Seen], whole: set[int] | None) -> Judged | None:
        """The rule's outcome from its elements' (`seen`: what each was judged over). `whole`: the groups read, when
        each report holds for the rule as a whole (not per element) over every combination agreeing with it on them."""
        noted = {kind: list(dict.fromkeys(item for report in reports for item, ids in report.notes.get(kind, {}).items()
                                          if rule.id in ids)) for kind in ("unread", "missing")}
        findings: list[Finding] = []
        failed = False
        open_: list[tuple[str | None, Seen, str]] = []  # elements not decided: (label, what it read, I151 | I152 | I155)
        for label, element in seen.items():
            verdict = self._element(rule, label, element, groups)
            if isinstance(verdict, str):
                open_.append((label, element, verdict))
                continue
            findings += verdict
            failed |= any(f.status == "fail" for f in verdict)
            if self._differs_on_form(rule, label, element, groups):
                open_.append((label, element, "I151"))  # a form's element: what differs is its indicators' verdicts
        undecided = self._undecided(open_, groups)
        if not failed and undecided and whole is None and self._fails_in_each(rule, groups, seen):
            read = set().union(*(element.read for element in seen.values()))
            named = [groups[i][1] for i in sorted(read)]
            findings = [self._always_fails(rule, named, set(), prod(len(g.readings) for g in named))]
            failed, undecided = True, ""
        if not failed and undecided and whole is not None and all(
                any(f.rule == rule.id and f.status == "fail" for f in report.findings) for report in reports):
            # no element fails in every reading, but some element does in each: the rule fails in every one
            verdict = self._element(rule, "*", Seen(reports, whole), groups)
            assert not isinstance(verdict, str)
            findings, failed, undecided = verdict, True, ""
        if failed:  # what could not be decided is said beside the findings, and the tables listed as not read for it
            if undecided:
                findings.append(self._note(rule, undecided))
                noted["unread"] = list(dict.fromkeys([*noted["unread"], *self._open_items(tables, open_, groups)]))
            return Judged(("fail", ""), findings, [], noted["unread"], noted["missing"])
        if undecided:
            return Judged(("not_checkable", undecided), [], self._open_items(tables, open_, groups))
        outcomes = [report.outcomes.get(rule.id, ("not_checkable", "")) for report in reports]
        if any(o[0] != outcomes[0][0] for o in outcomes):
            read = whole if whole is not None else set().union(*(element.read for element in seen.values()))
            named = [g for i, (_, g) in enumerate(groups) if not read or i in read]
            return Judged(("not_checkable", self._said("I151", named)), [], sorted(tables))
        if outcomes[0][0] == "not_checkable" and not findings:
            if tables <= set(self.forms) and noted["missing"] and not noted["unread"]:
                # 不可核 in every reading for a table it needs that is missing: said so, not laid on the forms
                return Judged(outcomes[0], [], [], [], noted["missing"])
            return None
        return Judged(outcomes[0], findings, [], noted["unread"], noted["missing"])

    def _differs_on_form(self, rule: Rule, label: str | None, element: Seen,
                         groups: list[tuple[str, Ambiguity]]) -> bool:
        """Whether an element that read a form's open rows reports the failures every reading has while others differ
        between readings: the element is the form, its findings are its indicators' (每个 i 属于 f.指标), and one
        that holds in some readings only is not dropped silently (the element is not decided for it, I158)."""
        if not any(groups[i][0] in self.forms for i in element.read) or element.over:
            return False
        keys = [sorted(_key(f) for f in report.findings if f.rule == rule.id and (label == "*" or top(f) == label))
                for report in element.reports]
        # a failure every reading has is reported and the rest dropped: said; none (one finding holds in each, I159)
        return any(k != keys[0] for k in keys[1:]) and any(
            k[1] == "fail" and all(k in other for other in keys[1:]) for k in keys[0])

    def _open_items(self, tables: frozenset[str], open_: list[tuple[str | None, Seen, str]],
                    groups: list[tuple[str, Ambiguity]]) -> list[str]:
        """The items a rule not decided is listed under: every table it reads; of forms only (each judged on its
        own), those whose open rows an undecided element read."""
        if not tables <= set(self.forms):
            return sorted(tables)
        items = {groups[i][0] for _, element, _ in open_ for i in element.read}
        return sorted(items) or sorted(tables)

    def _fails_in_each(self, rule: Rule, groups: list[tuple[str, Ambiguity]], seen: dict[str | None, Seen]) -> bool:
        """Whether the rule fails in every combination though no element fails in each: where the elements judged
        over all their readings all hold (nowhere_all_hold), the rule is run on each combination, and fails there."""
        where = nowhere_all_hold(seen, _WORLDS)
        if where is None:
            return False
        read = sorted(set().union(*(element.read for element in seen.values())))
        free = [[i for i in read if i not in fixed] for fixed in where]
        if sum(prod(len(groups[i][1].readings) for i in f) for f in free) > _WORLDS:  # counted, never listed
            return False
        combinations = [{**fixed, **dict(zip(f, rest))} for fixed, f in zip(where, free)
                        for rest in product(*(range(len(groups[i][1].readings)) for i in f))]
        book = dataclasses.replace(self.book, rules=[rule])
        for fixed in combinations:
            report = self.check(self.world(groups, [fixed.get(i, 0) for i in range(len(groups))]), book, lang=self.lang)
            if not any(f.rule == rule.id and f.status == "fail" for f in report.findings):
                return False
        return True

    def _element(self, rule: Rule, label: str | None, element: Seen,
                 groups: list[tuple[str, Ambiguity]]) -> list[Finding] | str:
        """An element's findings when every reading agrees on them or it fails in each (I150 when those differ);
        else why it is not decided: I151 (its outcome differs), I152 (more combinations than the cap), I155 (the rule's
        run budget spent first). The label "*": the rule as a whole (every finding of each report)."""
        if element.over:
            return "I155" if element.budget else "I152"
        found = [[f for f in report.findings if f.rule == rule.id and (label == "*" or top(f) == label)]
                 for report in element.reports]
        keys = [[_key(f) for f in fs] for fs in found]
        if all(sorted(k) == sorted(keys[0]) for k in keys):
            return found[0]
        if not all(any(f.status == "fail" for f in fs) for fs in found):
            return "I151"
        common = [f for f, k in zip(found[0], keys[0]) if all(k in other for other in keys[1:])]
        if not any(f.status == "fail" for f in common):
            differing = {(r.table, r.row) for fs, ks in zip(found, keys) for f, k in zip(fs, ks)
                         if not all(k in other for other in keys) for r in f.refs}
            read = [groups[i][1] for i in sorted(element.read)]
            common.append(self._always_fails(rule, read, differing, element.combinations(groups),
                                             None if label == "*" else label, _same_in_each(found, groups)))
        return common

    def _undecided(self, open_: list[tuple[str | None, Seen, str]], groups: list[tuple[str, Ambiguity]]) -> str:
        """Why the elements in `open_` are not decided, naming the rows they read ("" when none is)."""
        said = []
        for code in ("I151", "I152", "I155"):
            which = [(label, element) for label, element, why in open_ if why == code]
            if not which:
                continue
            read = [groups[i][1] for i in sorted(set().union(*(element.read for _, element in which)))]
            if code == "I151":
                said.append(self._said(code, read))
            elif code == "I155":  # the rule's run budget, not these elements' combinations, stopped them
                said.append(self._said(code, read, cap=elements._RUNS))
            else:
                said.append(self._said(code, read, n=max(e.combinations(groups) for _, e in which), cap=_WORLDS))
        return ("；" if self.lang == "zh" else "; ").join(said)

    def _note(self, rule: Rule, why: str) -> Finding:
        """What of a failing rule could not be decided: an info, 不可核, beside its findings."""
        return built(Finding, rule=rule.id, name=rule.named(self.lang), severity="info", category=rule.category,
                     status="not_checkable", message=why, element=None, difference=None, tolerance=None,
                     basis=rule.basis, refs=[], fingerprint=None)

    def _reports(self, tables: frozenset[str]) -> list[Report] | int:
        """The check of every rule reading exactly `tables`, once per combination of their readings (or how many
        combinations there are, when more than _WORLDS)."""
        if tables not in self.reports:
            groups = self.groups(tables)
            n = prod(len(g.readings) for _, g in groups)
            if n > _WORLDS:
                self.reports[tables] = n
            else:
                rules = [r for r in self.book.rules if self.reads(r) == tables]
                book = dataclasses.replace(self.book, rules=rules)
                self.reports[tables] = [self.check(doc, book, lang=self.lang) for doc in self._worlds(groups)]
        return self.reports[tables]

    def _worlds(self, groups: list[tuple[str, Ambiguity]]) -> Iterator[Disclosure]:
        """The document once per combination: those rows so placed, those tables read but for their other doubts."""
        for combination in product(*(range(len(g.readings)) for _, g in groups)):
            yield self.world(groups, combination)

    def world(self, groups: list[tuple[str, Ambiguity]], choice: tuple[int, ...] | list[int],
               read: set[int] | Tracker | None = None) -> Disclosure:
        """The document with each group in its chosen reading; with `read`, every look at a group's rows' cells
        (a cell, or all of them) adds the group's index to it."""
        items = {t for t, _ in groups}
        readings = [r if r.item not in items or r.kind not in ("table", "form") or (r.kind == "form") != (r.item in self.forms)
                    else _settled(r, [g for t, g in groups if t == r.item]) for r in self.doc.reading]
        tables = dict(self.doc.tables)
        forms = list(self.doc.attachments)
        for table_id in dict.fromkeys(t for t, _ in groups):
            if table_id in self.forms:
                k = self.forms[table_id]
                chosen_cells = [(i, g.readings[choice[i]]) for i, (t, g) in enumerate(groups) if t == table_id]
                forms[k] = _form_placed(forms[k], chosen_cells, read)
                continue
            chosen = [(i, g.readings[choice[i]]) for i, (t, g) in enumerate(groups) if t == table_id]
            watch = {key: i for i, (t, g) in enumerate(groups) if t == table_id for key in g.rows} if read is not None else {}
            tables[table_id] = _placed(self.doc.tables[table_id], [c for _, cells in chosen for c in cells], watch, read)
        return self.doc.model_copy(update={"tables": tables, "reading": readings, "attachments": forms})

    def _explored(self, rule: Rule, groups: list[tuple[str, Ambiguity]]) -> tuple[list[Report], set[int]] | None:
        """The rule checked alone, over every combination of the readings of the groups it reads: a run's result holds
        for every combination that agrees with it on the groups that run read (the rule sees nothing else that
        differs), so the runs are branched only on those — each combination covered exactly once. None beyond
        _WORLDS runs; else the runs and every group they read."""
        book = dataclasses.replace(self.book, rules=[rule])
        runs: list[Report] = []
        everything: set[int] = set()
        pending: list[dict[int, int]] = [{}]
        while pending:
            fixed = pending.pop()
            choice = [fixed.get(i, 0) for i in range(len(groups))]
            read: set[int] = set()
            runs.append(self.check(self.world(groups, choice, read), book, lang=self.lang))
            if len(runs) > _WORLDS:
                return None
            everything |= read
            pending += branches(fixed, choice, read, groups)
        return runs, everything

    def _said(self, code: str, groups: list[Ambiguity], **params: object) -> str:
        return getattr(MESSAGES[self._code(code, groups)], self.lang).format(where=self._where(groups, None), **params)

    def _code(self, code: str, groups: list[Ambiguity]) -> str:
        """A form's rows are words cut into cells, not amounts put in columns: said so when only they are named."""
        forms = {id(g) for k in self.forms.values() for g in self.doc.attachments[k].ambiguous}
        return _FORM_CODES.get(code, code) if groups and all(id(g) in forms for g in groups) else code

    def _where(self, groups: list[Ambiguity], rows: set[tuple[str | None, str | None]] | None) -> str:
        """The rows (of `rows` when some are among them): table「row」(line); in English as the engine's other
        English messages place a cell (`公开06「30106」 (page 16, line 18)`, listed with commas)."""
        where = "、".join(f"{table_id}「{key}」" + (f"（{row.source}）" if row is not None and row.source.line else "")
                         for table_id, key, row in self._rows(groups, rows))
        return where if self.lang == "zh" else english(where)

    def _rows(self, groups: list[Ambiguity], rows: set[tuple[str | None, str | None]] | None) -> Iterator[tuple]:
        """(table, row key, the row or None) of the groups' rows, only those of `rows` when it names some."""
        for table_id in self.tables:
            if table_id in self.forms:
                yield from _form_rows(table_id, self.doc.attachments[self.forms[table_id]], groups, rows)
                continue
            table = self.doc.tables[table_id]
            for group in table.ambiguous:
                if group in groups:
                    for key in group.rows:
                        if not rows or (table_id, key) in rows:
                            yield table_id, key, table.row(key, exact=True)

    def _listed(self, parts: list[str]) -> str:
        """Amounts or cells listed: 、 in Chinese; in English a comma, or a semicolon between cells (an amount
        printed with thousands separators holds commas)."""
        if self.lang == "zh":
            return "、".join(parts)
        return ("; " if any(" " in p or "," in p for p in parts) else ", ").join(parts)

    def _cell(self, ref: Ref) -> str:
        """A cell said with its printed figure: 公开06「301」决算数 2082.85; in English its column quoted as the
        document prints it (the model names columns by their Chinese labels only): 公开06「301」 column 「决算数」 2082.85."""
        figure = ref.text or ref.value
        if self.lang == "zh":
            return f"{ref.table}「{ref.row}」{ref.column or ''} {figure}"
        return f"{ref.table}「{ref.row}」" + (f" column 「{ref.column}」" if ref.column else "") + f" {figure}"

    def _always_fails(self, rule: Rule, groups: list[Ambiguity], differing: set, n: int,
                      label: str | None = None, same: list[Ref] | None = None) -> Finding:
        """One finding that holds in every reading: the rows, their printed amounts, never one reading's columns;
        of one element (`label`) when the rule is judged per element. `same`: the cells the failing findings quote
        alike in every reading (the certain rows: a total, the rows it is compared with), said and referred to, so
        a reader sees which figures disagree."""
        named = {key for t, key in differing} & {key for g in groups for key in g.rows}
        rows = {(t, key) for t, key in differing if key in named} or None
        where = self._where(groups, rows)
        amounts = [c.text for g in groups if rows is None or any((t, k) in rows for t, k, _ in self._rows([g], None))
                   for c in g.readings[0] if c.text]  # a group's printed amounts, whichever of its rows a reading puts them on
        message = getattr(MESSAGES[self._code("I150", groups)], self.lang).format(
            rule=rule.named(self.lang), where=where, amounts=self._listed(amounts), n=n)
        if label is not None:
            message = f"{label}{'：' if self.lang == 'zh' else ': '}{message}"
        printed = [self._cell(r) for r in same or [] if r.value is not None]
        if printed:  # blank cells are referred to, not said (the message stays readable)
            message += ("；" if self.lang == "zh" else "; ") + getattr(MESSAGES["I156"], self.lang).format(
                cells=self._listed(printed))
        refs = [built(Ref, table=table_id, row=key, column=None, label=row.label or key, value=None, text=None,
                      source=str(row.source) if row.source.line else None, line=row.source.line, box=None)
                for table_id, key, row in self._rows(groups, rows) if row is not None] + list(same or [])
        return built(Finding, rule=rule.id, name=rule.named(self.lang), severity=rule.severity,
                     category=rule.category, status="fail", message=message, element=label, difference=None,
                     tolerance=None, basis=rule.basis, refs=refs, fingerprint=None)


def by_finding(rule: Rule, reports: list[Report], read: set[int]) -> dict[str | None, Seen]:
    """Each element some reading has a finding on, judged over every report (each one combination)."""
    labels = dict.fromkeys(top(f) for report in reports for f in report.findings if f.rule == rule.id)
    return {label: Seen(reports, read) for label in labels}


def _same_in_each(found: list[list[Finding]], groups: list[tuple[str, Ambiguity]]) -> list[Ref]:
    """The cells the failing findings of every reading quote alike (same value, same text), but for the doubtful
    rows' (named apart, by their printed amounts): each once, in the order first quoted."""
    doubtful = {(t, key) for t, g in groups for key in g.rows}

    def cells(fs: list[Finding]) -> dict[tuple, Ref]:
        return {(r.table, r.row, r.column, str(r.value), r.text): r for f in fs if f.status == "fail" for r in f.refs
                if (r.table, r.row) not in doubtful}
    each = [cells(fs) for fs in found]
    return [ref for key, ref in each[0].items() if all(key in other for other in each[1:])] if each else []


def _key(finding: Finding) -> tuple:
    """What a finding says, and every cell it quotes: two readings agree on it only when all of this is the same."""
    return (finding.severity, finding.status, finding.message, finding.element,
            tuple((r.table, r.row, r.column, str(r.value), r.text, r.source) for r in finding.refs))


def reads_both(rule: Rule, doc: Disclosure, table_id: str, rows: list[str], source: str) -> bool:
    """Whether the rule, run on `doc`, looks at a cell of `rows` of `table_id` and at a cell of table `source`."""
    read: set[int] = set()
    tables = dict(doc.tables)
    if table_id not in tables or source not in tables:
        return False
    tables[table_id] = _placed(tables[table_id], [], dict.fromkeys(rows, 0), read)
    tables[source] = _placed(tables[source], [], {row.key: 1 for row in tables[source].rows}, read)
    rule.compiled.run(doc.model_copy(update={"tables": tables}), tolerance=rule.tolerance)
    return read == {0, 1}


def reads_rows(rule: Rule, doc: Disclosure, table_id: str, rows: list[str]) -> bool:
    """Whether the rule, run on `doc`, looks at a cell of `rows` of `table_id`."""
    read: set[int] = set()
    if table_id not in doc.tables:
        return False
    tables = dict(doc.tables)
    tables[table_id] = _placed(tables[table_id], [], dict.fromkeys(rows, 0), read)
    rule.compiled.run(doc.model_copy(update={"tables": tables}), tolerance=rule.tolerance)
    return bool(read)


def _placed(table: Table, cells: list[PossibleCell], watch: dict[str, int] | None = None,
            read: set[int] | Tracker | None = None) -> Table:
    """The table with each cell of one reading written into its row (the row's other cells as read: blank); the rows
    in `watch` (row key → group index) report every look at their cells into `read`."""
    from engine.importers.amounts import to_cell  # the importers' modules only for a document read in several ways

    by_row: dict[str, dict[str, PossibleCell]] = {}
    for cell in cells:
        by_row.setdefault(cell.row, {})[cell.column] = cell
    rows = []
    for row in table.rows:
        if row.key in by_row or (watch and row.key in watch):
            written = dict(row.cells)
            for column, cell in by_row.get(row.key, {}).items():
                written[column] = to_cell(cell.text, row.source)
            if watch and row.key in watch and read is not None:
                written = _Watched(written, watch[row.key], read)
            row = row.model_copy(update={"cells": written})
        rows.append(row)
    return table.model_copy(update={"rows": rows, "ambiguous": []})


class _Tells:
    """Says, when looked at, which groups of possible readings it belongs to (each added to `read`)."""

    def _tell(self, groups: int | tuple[int, ...], read: set[int] | Tracker) -> None:
        self.groups, self.read = (groups,) if isinstance(groups, int) else groups, read

    def _seen(self) -> None:
        for group in self.groups:
            self.read.add(group)


class _Watched(_Tells, dict):
    """A row's cells (or a form's 一级指标 scores) that say when they are looked at (any cell, or all of them): the
    group they belong to (every group of the form)."""

    def __init__(self, cells: dict, groups: int | tuple[int, ...], read: set[int] | Tracker) -> None:
        super().__init__(cells)
        self._tell(groups, read)

    def get(self, key, default=None):
        self._seen()
        return super().get(key, default)

    def __getitem__(self, key):
        self._seen()
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self._seen()
        return super().__contains__(key)

    def __iter__(self):
        self._seen()
        return super().__iter__()

    def __len__(self) -> int:
        self._seen()
        return super().__len__()

    def keys(self):
        self._seen()
        return super().keys()

    def values(self):
        self._seen()
        return super().values()

    def items(self):
        self._seen()
        return super().items()

    def copy(self) -> dict:
        self._seen()
        return dict(super().items())


class _IndicatorRow(NamedTuple):
    """An open indicator row as a finding names it (a table row's label and source)."""

    label: str
    source: Source


def _form_rows(item: str, form: PerformanceForm, groups: list[Ambiguity],
               rows: set[tuple[str | None, str | None]] | None) -> Iterator[tuple]:
    """(form item, indicator name, the row) of the groups' indicator rows, only those of `rows` when it names some."""
    for group in form.ambiguous:
        if group in groups:
            for key in group.rows:
                indicator = form.indicators[int(key)]
                name = indicator.name or key
                if not rows or (item, name) in rows or (item, key) in rows:
                    yield item, name, _IndicatorRow(name, indicator.source)


def _form_placed(form: PerformanceForm, chosen: list[tuple[int, list[PossibleCell]]],
                 read: set[int] | Tracker | None) -> PerformanceForm:
    """The form with each open row's cells as one reading puts them, its 一级指标 scores added anew (forms.py); with
    `read`, any look at its indicators or those scores tells every group of the form (a rule walks them all)."""
    indicators = list(form.indicators)
    for _, cells in chosen:
        for cell in cells:
            k = int(cell.row)
            indicator = indicators[k]
            value: object = cell.text
            if cell.column in ("score", "weight"):  # printed points (the national template prints 分值 and 得分)
                label = "分值" if cell.column == "weight" else "得分" if form.template == "national" else "自评得分"
                value = FormField(label=label, value=Decimal(cell.text), text=cell.text,
                                  source=indicator.source) if cell.text else None
            indicators[k] = indicator.model_copy(update={cell.column: value})
    from engine.importers.forms import rescored

    scores = form.category_scores
    for level1 in dict.fromkeys(form.indicators[int(c.row)].level1 for _, cells in chosen for c in cells):
        scores = rescored(scores, level1, form.indicators, indicators)
    if read is not None:
        every = tuple(i for i, _ in chosen)
        return form.model_copy(update={"indicators": _WatchedList(indicators, every, read),
                                       "category_scores": _Watched(scores, every, read), "ambiguous": []})
    return form.model_copy(update={"indicators": indicators, "category_scores": scores, "ambiguous": []})


class _WatchedList(_Tells, list):
    """A form's indicator rows that say when they are looked at (any of them): every group of the form."""

    def __init__(self, items: list, groups: tuple[int, ...], read: set[int] | Tracker) -> None:
        super().__init__(items)
        self._tell(groups, read)

    def __iter__(self):
        self._seen()
        return super().__iter__()

    def __getitem__(self, key):
        self._seen()
        return super().__getitem__(key)

    def __len__(self) -> int:
        self._seen()
        return super().__len__()

    def __contains__(self, item) -> bool:
        self._seen()
        return super().__contains__(item)

    def __reversed__(self):
        self._seen()
        return super().__reversed__()


def _settled(reading: Reading, groups: list[Ambiguity]) -> Reading:
    """The table's reading once its rows are placed: in doubt only for what else it was (names), and — the readings
    being the solutions of its own sums — placed by arithmetic (I22: those sums are then not passes)."""
    uncertain = [u for u in reading.uncertain if u != "placement"]
    if reading.kind == "form":  # its open rows so read, the form is read (forms.py's other doubts are never judged so)
        return reading.model_copy(update={"uncertain": uncertain, "reason": "", "status": "read"})
    lines = [s.line for g in groups if g.solved for s in g.lines if s.line]
    reason, by_sums = reading.reason, reading.placed_by_sums
    if any(g.solved for g in groups):
        placed = say("I22", table=reading.item, n=sum(len(g.rows) for g in groups if g.solved), lines=short_lines(lines))
        reason = joined([reason, placed], "；") if reason else placed
        if by_sums:  # rows are marked: the solved groups' rows are placed by the same sums (else the note says the table)
            by_sums = [*by_sums, *(k for g in groups if g.solved for k in g.rows if k not in by_sums)]
    return reading.model_copy(update={"uncertain": uncertain, "reason": reason, "placed_by_sums": by_sums,
                                      "status": "partly_read" if uncertain else "read"})
