"""A for-each rule judged element by element over the possible readings of the rows each element reads.

A for-each's findings are per element, and an element (a 类 and its 款) reads a few rows. When a rule's tables have
more combinations of readings than readings.py checks one by one, each element is judged over the combinations of
only the groups that element looked at: the rule is run with every look at a doubtful row's cells told to the element
being evaluated (compiler/loops.py `ELEMENTS`), and a run's outcome for an element holds for every combination that
agrees with that run on the groups the element read — so each element's runs branch on its own groups only, and one
run serves every element whose next combination it fits. Beyond the cap (readings._WORLDS runs) an element is 不可核
(I152); past the rule's run budget (_RUNS) the elements still open are 不可核 for that (I155).

Soundness rests on every look at a doubtful cell being watched while the element that makes it is current: a cell
read inside a cached computation (a Memo.once in the language runtime) would be told only to the element that first
computed it, and a later element reusing the result would be judged as if it had not read that row. No computation
so cached reads cells inside an element today; one that does must be kept out of elements (or told each time).

Only a rule whose whole text is one for-each is judged so, and only when nothing outside its elements (its set, a
precondition) reads a doubtful row and every finding names an element: otherwise which elements there are, or what
they report, could itself depend on the reading (readings.py then judges the rule as a whole).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from math import prod
from typing import Any, Protocol

from engine.checking.findings import Finding, Report
from engine.language.compiler.loops import ELEMENTS, element_label
from engine.language.nodes import ForAll
from engine.model import Ambiguity, Disclosure
from engine.rules.loader import Rule, Rulebook

_RUNS = 256  # runs of one rule at most, whatever its elements: past it, the elements still open are 不可核 (I152)


class Worlds(Protocol):
    """What of readings.Worlds this module uses (it imports this one)."""

    book: Rulebook
    lang: str
    check: Callable[..., Report]

    def world(self, groups: list[tuple[str, Ambiguity]], choice: list[int], read: Tracker) -> Disclosure: ...


@dataclass
class Seen:
    """What an element was judged over: one report a run (each the check of one combination, or of every
    combination agreeing with it on `read`), the groups it read (indexes), and whether it passed the cap."""

    reports: list[Report]
    read: set[int]
    over: bool = False
    budget: bool = False  # stopped by the rule's run budget (_RUNS), not by its own combinations passing the cap
    # per run: the combinations it covers (the readings it fixes: group → reading) and whether the element failed
    leaves: list[tuple[dict[int, int], bool]] = field(default_factory=list)

    def combinations(self, groups: list[tuple[str, Ambiguity]]) -> int:
        return prod(len(groups[i][1].readings) for i in self.read)


@dataclass
class Tracker:
    """Which groups each element of the loop `top` looked at (by its unit), and which were looked at outside it."""

    top: ForAll
    current: str | None = None
    outside: set[int] = field(default_factory=set)
    by: dict[str, set[int]] = field(default_factory=dict)

    def told(self, node: Any, item: Any) -> None:
        if node is self.top:  # an inner loop's elements are part of the outer element
            self.current = None if item is None else unit(element_label(item))
            if self.current is not None:
                self.by.setdefault(self.current, set())

    def add(self, group: int) -> None:
        (self.outside if self.current is None else self.by[self.current]).add(group)


def unit(label: str) -> str:
    """What an element is known by: its first word (a row's code: a finding on a row whose name is in doubt names it
    by its code alone, names_read.py). Elements sharing it are judged as one, over what all of them read."""
    return label.partition(" ")[0]


def top(finding: Finding) -> str | None:
    """The element of the rule's own for-each a finding is on (by its unit), None for none."""
    return unit(finding.element.split(" / ", 1)[0]) if finding.element else None


def explore(worlds: Worlds, rule: Rule, groups: list[tuple[str, Ambiguity]],
            cap: int) -> tuple[dict[str | None, Seen], list[Report]] | None:
    """Each element of the rule over the readings of the groups it read (at most `cap` runs an element), and every
    run's report; None when the rule cannot be judged so."""
    loop = rule.compiled.node
    if not isinstance(loop, ForAll):
        return None
    book = dataclasses.replace(worlds.book, rules=[rule])

    def run(choice: list[int]) -> tuple[Report, Tracker] | None:
        tracker = Tracker(loop)
        token = ELEMENTS.set(tracker.told)
        try:
            report = worlds.check(worlds.world(groups, choice, tracker), book, lang=worlds.lang)
        finally:
            ELEMENTS.reset(token)
        labels = set(tracker.by)
        if tracker.outside or any(f.rule == rule.id and top(f) not in labels for f in report.findings):
            return None
        return report, tracker

    choice = [0] * len(groups)
    first = run(choice)
    if first is None:
        return None
    report, tracker = first
    labels = list(tracker.by)
    seen: dict[str | None, Seen] = {label: Seen([report], set(tracker.by[label])) for label in labels}
    for label in labels:
        seen[label].leaves.append(({i: 0 for i in tracker.by[label]}, _fails(report, rule, label)))
    pending = {label: branches({}, choice, tracker.by[label], groups) for label in labels}
    runs = [report]
    while True:
        merged: dict[int, int] = {}
        members: list[tuple[str, dict[int, int]]] = []
        for label in labels:  # one run for as many elements as it fits: each takes its next combination
            for k, fixed in enumerate(pending[label]):
                if all(merged.get(i, v) == v for i, v in fixed.items()):
                    merged.update(fixed)
                    members.append((label, pending[label].pop(k)))
                    break
        if not members:
            return seen, runs
        if len(runs) >= _RUNS:
            for label in labels:
                if not seen[label].over and (pending[label] or any(label == m for m, _ in members)):
                    seen[label].over = seen[label].budget = True
            return seen, runs
        choice = [merged.get(i, 0) for i in range(len(groups))]
        found = run(choice)
        if found is None or set(found[1].by) != set(labels):
            return None  # an element read outside, or the elements themselves differ: judged as a whole
        report, tracker = found
        runs.append(report)
        for label, fixed in members:
            element = seen[label]
            element.reports.append(report)
            element.read |= tracker.by[label]
            element.leaves.append(({**fixed, **{i: choice[i] for i in tracker.by[label]}}, _fails(report, rule, label)))
            if len(element.reports) > cap:
                element.over, pending[label] = True, []
            else:
                pending[label] += branches(fixed, choice, tracker.by[label], groups)


def _fails(report: Report, rule: Rule, label: str) -> bool:
    return any(f.rule == rule.id and f.status == "fail" and top(f) == label for f in report.findings)


def nowhere_all_hold(seen: dict[str | None, Seen], cap: int) -> list[dict[int, int]] | None:
    """The combinations (each a set of fixed readings, the other groups free) where no element judged over all its
    readings fails: the joins of each element's runs that did not fail. None when more than `cap`. An empty list: the
    rule fails in every reading, some element in each (the one it fails in differing from reading to reading)."""
    joined: list[dict[int, int]] = [{}]
    done = sorted((e for e in seen.values() if not e.over), key=lambda e: sum(not f for _, f in e.leaves))
    for element in done:
        joined = [{**have, **leaf} for have in joined for leaf, failed in element.leaves
                  if not failed and all(have.get(i, v) == v for i, v in leaf.items())]
        if len(joined) > cap:
            return None
    return joined


def branches(fixed: dict[int, int], choice: list[int], read: set[int],
              groups: list[tuple[str, Ambiguity]]) -> list[dict[int, int]]:
    """The combinations agreeing with `fixed` that a run with `choice`, having read `read`, does not cover: for the
    first group read where they differ from `choice`, each other reading (so each is covered exactly once)."""
    free = [i for i in sorted(read) if i not in fixed]
    out = []
    for k, i in enumerate(free):
        agreed = {**fixed, **{j: choice[j] for j in free[:k]}}
        out += [{**agreed, i: other} for other in range(len(groups[i][1].readings)) if other != choice[i]]
    return out
