"""Defect injection: one defect of a known class at a time, put into the normalised model of any document, then
the document checked again. A defect is caught when the check reports a new warning or error; a benign change
(reformatting, equivalent phrasing) must change no finding at all.

Injecting into the model (not into the PDF or text) makes every supported form injectable the same way; the model
is dumped to JSON, changed, and validated again, so an injection can never produce a model the importers could not.
Sites (engine/checking/inject_sites.py) are listed deterministically and sampled with a seeded random generator: a
run is reproducible.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from engine.checking.findings import Report
from engine.checking.inject_sites import (  # noqa: F401  (re-exported: the classes and their sites)
    AMOUNT,
    BENIGN,
    CLASSES,
    GENERATORS,
    PERCENT,
    Site,
    _sections,
)
from engine.model import Disclosure


def sites(doc: Disclosure, cls: str) -> list[Site]:
    return list(GENERATORS[cls](doc.model_dump(mode="json")))


def injected(doc: Disclosure, site: Site) -> Disclosure:
    """The document with the defect, as the importer would hand it over: a table whose 金额单位 now differs from the
    document's has its amounts converted, exactly as engine/importers/finish.py converts a table printed in 元."""
    from engine.importers.errors import Warnings
    from engine.importers.finish import convert_units

    dump = doc.model_dump(mode="json")  # a fresh dict each call: nothing shared with `doc` to copy
    site.apply(dump)
    out = Disclosure.model_validate(dump)
    convert_units(out, Warnings())
    return out


# ---- measuring ----------------------------------------------------------------------------------------------

def _signatures(report: Report, levels=("error", "warning", "info")) -> list[tuple]:
    return sorted((f.rule, f.severity, f.status, f.element or "",
                   tuple(sorted(str(r.value) for r in f.refs if r.value is not None)))
                  for f in report.findings if f.severity in levels)


# Classes that change one figure into another: only there can a change be a correction (a placeholder or a flipped
# word that silences a finding is a miss, not a repair).
REPAIRABLE = frozenset({"table-amount", "narrative-amount", "percent-digit"})


def repaired(before: Report, after: Report) -> list:
    """The warnings and errors of `before` that `after` no longer has: the change corrected a defect the document
    already had (a stated 99.86 % that should read 99.87 %, moved by one digit), so it injected none."""
    new = set(_signatures(after, ("error", "warning")))
    return [f for f in before.findings if f.severity in ("error", "warning") and f.status == "fail"
            and (f.rule, f.severity, f.status, f.element or "",
                 tuple(sorted(str(r.value) for r in f.refs if r.value is not None))) not in new]


def caught(before: Report, after: Report) -> list:
    """The warnings and errors of `after` that `before` did not have."""
    old = set(_signatures(before, ("error", "warning")))
    return [f for f in after.findings if f.severity in ("error", "warning") and f.status == "fail"
            and (f.rule, f.severity, f.status, f.element or "",
                 tuple(sorted(str(r.value) for r in f.refs if r.value is not None))) not in old]


@dataclass
class ClassResult:
    cls: str
    tried: int = 0
    hits: int = 0
    misses: list[str] = field(default_factory=list)  # where, for each injection not caught (benign: that changed)
    available: int = 0
    repairs: list[str] = field(default_factory=list)  # changes that removed a defect already there: not counted

    @property
    def recall(self) -> float:
        return 1.0 if not self.tried else self.hits / self.tried


class _Model:
    """The model itself, checked as it is (the default form)."""

    def __init__(self, doc: Disclosure, check_fn) -> None:
        self.doc, self.check = doc, check_fn

    def edit(self, site: Site) -> Site:
        return site  # every site fits the model; injected when checked (a document per site would not fit memory)

    def report(self, site: Site | None) -> Report:
        return self.check(self.doc if site is None else injected(self.doc, site))


def run(doc: Disclosure, book, *, classes=None, per_class: int | None = None, seed: int = 0,
        check_fn=None, form=None) -> dict[str, ClassResult]:
    """Each class's sites (all, or `per_class` sampled), injected one at a time and checked.
    For a defect class a hit is a new warning/error; for a benign class a hit is an unchanged set of findings.
    `form` (engine/checking/inject_forms.py) carries the defect into another form of the document; the sites it
    cannot put there are left out before sampling."""
    from engine.checking.check import check

    check_fn = check_fn or (lambda d: check(d, book))
    form = form or _Model(doc, check_fn)
    before = form.report(None)
    results = {}
    for cls in classes or list(CLASSES) + list(BENIGN):
        edits = [(site, edit) for site in sites(doc, cls) if (edit := form.edit(site)) is not None]
        chosen = edits if per_class is None or len(edits) <= per_class else \
            random.Random(f"{seed}:{cls}").sample(edits, per_class)
        res = ClassResult(cls, available=len(edits))
        for site, edit in chosen:
            try:
                after = form.report(edit)
            except Exception as exc:  # noqa: BLE001  an injection the engine cannot check is a finding too
                res.tried += 1
                res.misses.append(f"{site.where}（检查出错：{type(exc).__name__}）")
                continue
            ok = (_signatures(after) == _signatures(before)) if cls in BENIGN else bool(caught(before, after))
            if not ok and cls in REPAIRABLE and repaired(before, after):
                res.repairs.append(site.where)
                continue
            res.tried += 1
            if ok:
                res.hits += 1
            else:
                res.misses.append(site.where)
        results[cls] = res
    return results


# ---- reporting ----------------------------------------------------------------------------------------------

TARGET = 0.95
HOW = {
    "table-amount": "a printed number cell of any table +10 % (at least +1.00), value and printed text",
    "narrative-amount": "an amount before 万元 in the narrative +10 % (at least +1.00), printed like the original",
    "percent-digit": "a narrative percentage ±1 in its last printed digit (with carry), only where the printed "
                     "amounts that explain it (found in the same or previous sentence) do not allow the new figure",
    "direction": "增加↔减少, 增长↔下降, 大于↔小于, 上升→下降 before a figure or 预算数",
    "heading-year": "the year in a cover line, a body part heading, a 目录 entry, a table title or 表头 field −1",
    "heading-unit": "the unit name in those places (and in a narrative heading) replaced by another unit's",
    "placeholder": "an amount before 万元 replaced by XX",
    "alternation": "a direction word followed by the template's other choice: 减少（增加）, 下降（增长）, 小于（大于）",
    "code-name": "a 科目编码 row of one table given the name of another code of the same classification and level",
    "row-removed": "a row with a non-zero amount (not a 合计/总计/小计 row) deleted from one table",
    "table-removed": "one table deleted",
    "unit-changed": "a table's 金额单位 万元 → 元 (its amounts then converted as the importer converts a table printed "
                    "in 元; a table without a non-zero amount is left out), or a non-zero narrative amount's 万元 → 元",
    "benign-separator": "a narrative amount with/without thousands separators, or a space before 万元",
    "benign-phrasing": "占比 ↔ 占, 决算为X → 决算X, 合计X → 合计为X",
    "benign-cell-text": "a table cell's printed text with a thousands separator or a leading space (value unchanged)",
}


def summary_rows(results: dict[str, dict[str, ClassResult]]) -> list[list[str]]:
    rows = []
    for doc, by_class in results.items():
        for cls, r in by_class.items():
            name = CLASSES.get(cls) or BENIGN.get(cls)
            rows.append([doc, cls, name or cls, str(r.available), str(r.tried), str(r.hits), f"{r.recall:.2f}"])
    return rows


def below_target(results: dict[str, dict[str, ClassResult]]) -> list[tuple[str, str, ClassResult]]:
    return [(doc, cls, r) for doc, by_class in results.items() for cls, r in by_class.items()
            if r.tried and r.recall < TARGET]


def _table(results: dict[str, dict[str, ClassResult]], columns: list[str], heads: list[str]) -> list[str]:
    lines = ["| class | " + " | ".join(heads) + " |", "|---|" + "---|" * len(columns)]
    for cls in list(CLASSES) + list(BENIGN):
        cells = []
        for column in columns:
            r = results[column].get(cls)
            cells.append("—" if r is None or not r.tried else
                         f"{'**' if r.recall < TARGET else ''}{r.recall:.2f}{'**' if r.recall < TARGET else ''}"
                         f" ({r.hits}/{r.tried})" + (f" +{len(r.repairs)} repaired" if r.repairs else ""))
        lines.append(f"| {cls} {CLASSES.get(cls) or BENIGN.get(cls)} | " + " | ".join(cells) + " |")
    return lines


def markdown(results: dict[str, dict[str, ClassResult]], *, header: str, misses_shown: int = 6,
             groups: dict[str, list[str]] | None = None) -> str:
    """bench/INJECTION.md: recall per class per document (one table per document and its forms when `groups` names
    them), then every class under 95 % with examples."""
    classes = list(CLASSES) + list(BENIGN)
    lines = [header, ""]
    if groups:
        for name, columns in groups.items():
            lines += [f"### {name}", ""] + _table(results, columns, [c.split(" · ")[-1] for c in columns]) + [""]
    else:
        lines += _table(results, list(results), list(results))
    lines += ["", "For a benign class the figure is the share of changes that left every finding as it was. "
              "\"+N repaired\": changes that removed a warning or error the document already had and added none "
              "(the injected figure is the right one: 99.86 % → 99.87 % where 99.87 % is due); they inject no defect "
              "and are not counted.", "",
              "How each class is injected (engine/checking/inject_sites.py):", ""]
    lines += [f"- **{cls}**: {HOW[cls]}" for cls in classes]
    lines += ["",
              "## Below 95 % (what the rules must learn next)", ""]
    low = below_target(results)
    if not low:
        lines.append("Every class reaches 95 % on every document.")
    for doc, cls, r in low:
        lines.append(f"### {doc} · {cls} {CLASSES.get(cls) or BENIGN.get(cls)}: {r.recall:.2f} ({r.hits}/{r.tried})")
        lines.append("")
        lines += [f"- {m}" for m in r.misses[:misses_shown]]
        if len(r.misses) > misses_shown:
            lines.append(f"- … and {len(r.misses) - misses_shown} more")
        lines.append("")
    repairs = [(doc, cls, r) for doc, by_class in results.items() for cls, r in by_class.items() if r.repairs]
    if repairs:
        lines += ["## Repairs (not counted: the change removed a defect the document already had)", ""]
        lines += [f"- {doc} · {cls}: {where}" for doc, cls, r in repairs for where in r.repairs]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
