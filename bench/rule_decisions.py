"""Which rule decisions of check.py changed when they came to be taken from the compiled rule (engine/language/
analysis.py) instead of its text (session 14): the parts and forms a rule needs that were not fully read (不可核),
and whether its pass is a table's own arithmetic over rows the import placed by it.

    python -m bench.rule_decisions [--generated 200] [--no-pdf]

Prints, per rule, every document on which a decision differs (old → new) and every outcome that differs, over the
samples, the real PDFs (as given and as pdfplumber's text) and generated documents (as JSON and as single-space
text rendered from them). The text heuristics are kept here, as main had them, only to compare."""
from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

import click

from engine.checking import check as checking
from engine.checking.readings import reads_rows
from engine.importers import load_disclosure
from engine.model import Disclosure
from engine.rules.loader import Rule, load_rulebook

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent.parent / "shared" / "pdf"
_PARTS = ("情况说明", "概况", "名词解释")


def old_needs_unread(rule: Rule, doubtful: dict, *, precondition: bool = False, every_table: bool = True) -> list[str]:
    """main's: parts and forms by the words of the rule's text; tables only as named (never every table)."""
    if not doubtful:
        return []
    tables = (rule.precondition.tables if rule.precondition else frozenset()) if precondition else rule.tables
    needs = [t for t in sorted(tables) if t in doubtful]
    text = rule.when or "" if precondition else f"{rule.canonical} {rule.when or ''}"
    needs += [p for p in _PARTS if p in doubtful and p in text]
    if "自评表" in text:
        needs += [item for item, r in doubtful.items() if r.kind == "form"]
    return needs


def old_own_sums(rule: Rule, doc: Disclosure, placed: dict[str, list[str] | None]) -> list[str]:
    """main's: 表内平衡/科目层级 with ==, and sum( or + or - in its text."""
    text = rule.canonical
    if not (rule.category in ("表内平衡", "科目层级") and "==" in text and any(t in text for t in ("sum(", "+", " - "))):
        return []
    return [t for t, rows in placed.items() if t in rule.tables and (rows is None or reads_rows(rule, doc, t, rows))]


def _imported(data: bytes, suffix: str) -> Disclosure:
    with tempfile.NamedTemporaryFile(suffix=suffix) as fh:
        fh.write(data)
        fh.flush()
        return load_disclosure(Path(fh.name))


def documents(generated: int, pdf: bool) -> Iterator[tuple[str, Disclosure]]:
    for path in sorted((ROOT / "samples").glob("*.json")) + sorted((ROOT / "samples").glob("*.txt")):
        yield path.name, load_disclosure(path)
    if pdf:
        from engine.render.derive import pdfplumber_text

        for path in sorted(SHARED.glob("*.pdf")):
            yield path.name, load_disclosure(path)
            yield f"{path.name} (pdfplumber)", _imported(pdfplumber_text(path), ".txt")
    if generated:
        from bench.generate import generate
        from engine.render.derive import from_model

        with tempfile.TemporaryDirectory() as tmp:
            for path in generate(Path(tmp), generated, seed=14, text=False):
                doc = load_disclosure(path)
                yield f"gen {path.stem}", doc
                yield f"gen {path.stem} (single-space)", _imported(from_model(doc, "single-space"), ".txt")


def _doubting(name: str, doc: Disclosure) -> Iterator[tuple[str, Disclosure]]:
    """The document as read, and with each part (and its forms) as an import leaves it partly read: what a rule's
    needs decide only shows when something is not fully read, and no real document here has such a part."""
    from engine.model import Reading

    yield name, doc
    for item, kind in (*((p, "part") for p in _PARTS), *((f"自评表「{f.project}」", "form") for f in doc.attachments[:1])):
        doubted = doc.model_copy(update={"reading": [r for r in doc.reading if r.item != item] + [
            Reading(item=item, kind=kind, status="partly_read", reason="（比较用）")]})
        yield f"{name} [{item} partly read]", doubted


def static(book: Any) -> list[str]:
    """Per rule, what it needs when every part, a form and 公开09 are not fully read, and whether it is an own sum: old → new."""
    from engine.model import Reading

    doubtful = {p: Reading(item=p, kind="part", status="partly_read") for p in _PARTS}
    doubtful["自评表「甲」"] = Reading(item="自评表「甲」", kind="form", status="partly_read")
    doubtful["公开09"] = Reading(item="公开09", kind="table", status="partly_read")  # rules over every table
    out = []
    for rule in book.rules:
        for pre in (True, False):
            old, new = old_needs_unread(rule, doubtful, precondition=pre), checking._needs_unread(
                rule, doubtful, precondition=pre)
            if old != new:
                out.append(f"{rule.id} ({rule.category}) {'precondition ' if pre else ''}needs: {old} → {new}")
        text = rule.canonical
        old_own = rule.category in ("表内平衡", "科目层级") and "==" in text and any(
            t in text for t in ("sum(", "+", " - "))
        if old_own != bool(rule.compiled.identity):
            out.append(f"{rule.id} ({rule.category}) own sums: {old_own} → {sorted(rule.compiled.identity)}")
    return out


def _placed(doc: Disclosure) -> dict[str, list[str] | None]:
    return {r.item: r.placed_by_sums or None for r in doc.reading
            if r.kind == "table" and (r.placed_by_sums or checking._says(r.reason, "I22"))}


def _outcomes(doc: Disclosure, book: Any, old: bool) -> dict[str, tuple[str, str]]:
    saved = checking._needs_unread, checking._own_sums
    if old:
        checking._needs_unread, checking._own_sums = old_needs_unread, old_own_sums  # type: ignore[assignment]
    try:
        return dict(checking.check(doc, book).outcomes)
    finally:
        checking._needs_unread, checking._own_sums = saved


@click.command()
@click.option("--generated", type=int, default=200, show_default=True, help="生成文档数量")
@click.option("--no-pdf", is_flag=True, help="不读 PDF")
def main(generated: int, no_pdf: bool) -> None:
    book = load_rulebook(ROOT / "rulebook" / "default.yaml")
    decisions: dict[str, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    outcomes: dict[str, list[str]] = defaultdict(list)
    print("decisions that differ, every part and a form not fully read:")
    for line in static(book):
        print(f"  {line}")
    count = 0
    for name, doc in (pair for named in documents(generated, not no_pdf) for pair in _doubting(*named)):
        count += 1
        doubtful, placed = doc.doubtful(), _placed(doc)
        for rule in book.rules:
            for pre in (True, False):
                old, new = old_needs_unread(rule, doubtful, precondition=pre), checking._needs_unread(
                    rule, doubtful, precondition=pre)
                if old != new:
                    decisions[rule.id][("precondition needs" if pre else "needs", tuple(old), tuple(new))].append(name)
            if placed:
                old, new = old_own_sums(rule, doc, placed), checking._own_sums(rule, doc, placed)
                if old != new:
                    decisions[rule.id][("own sums", tuple(old), tuple(new))].append(name)
        if doubtful or placed:
            before, after = _outcomes(doc, book, True), _outcomes(doc, book, False)
            for rule_id in before:
                if before[rule_id] != after[rule_id]:
                    outcomes[rule_id].append(f"{name}: {before[rule_id]} → {after[rule_id]}")
        if "partly read]" not in name:
            print(f"{name}: doubtful {sorted(doubtful) or '-'}; placed {sorted(placed) or '-'}", file=sys.stderr)
    print(f"{count} documents")
    for rule_id in sorted(decisions):
        for (what, old, new), names in decisions[rule_id].items():
            print(f"{rule_id} {what}: {list(old)} → {list(new)} on {len(names)}: {', '.join(names[:6])}"
                  + (" …" if len(names) > 6 else ""))
    print("outcomes that differ:")
    for rule_id in sorted(outcomes):
        for line in outcomes[rule_id]:
            print(f"  {rule_id} {line}")


if __name__ == "__main__":
    main()
