"""The whole default rulebook against an honest floor, class by class (issue 19).

No hand-written floor of all the rulebook's rules exists (it would be a second rulebook). What is measured instead:
- every rule of the default rulebook is put in a class by what it does (bench/floor_whole_rules.classify);
- a stratified sample of rules of every class is hand-written in plain Python over json.loads output (the 40 rules
  of bench/floor.py and bench/floor_whole_rules.SAMPLE), checked verdict by verdict against rulebook;
- the cost of each sampled floor function and of each rulebook rule is timed per document (CPU time), the rulebook's
  rules inside one check-like pass that shares one Memo, as `check` does;
- the honest estimate: the floor's conversion (JSON → flat dict + the 情况说明 flattened once) + Σ over classes of
  (rules in class × the measured mean cost of that class's sampled floor functions).

    python -m bench.floor_whole [--docs N] [--passes P]
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench import floor_whole_rules as fw

ROOT = Path(__file__).resolve().parent.parent
REAL = (ROOT / "samples" / "yangquan-czj-2024.json", ROOT / "samples" / "shanghai-putuo-czj-2024.json")
GHZYJ = ROOT.parent.parent / "shared" / "pdf" / "shanghai-putuo-ghzyj-2024.pdf"


def real_samples() -> list[bytes]:
    """The real documents: the two bundled samples' JSON and the ghzyj PDF read by the importer (when present)."""
    out = [p.read_bytes() for p in REAL if p.exists()]
    for pdf in (GHZYJ, Path("/work/shared/pdf/shanghai-putuo-ghzyj-2024.pdf")):
        if pdf.exists():
            from engine.importers import import_pdf

            out.append(import_pdf(pdf).model_dump_json().encode())
            break
    return out


def rulebook_verdicts(book, text: bytes) -> dict[str, str]:
    """Every rule's status as `check` decides it: 适用, then the fast form's verdict (bench/workload.Rulebook)."""
    from engine.checking.check import applies
    from engine.language.runtime import Memo
    from engine.model import Disclosure

    doc = Disclosure.model_validate_json(text)
    memo = Memo(doc)
    out = {}
    for rule in book.rules:
        ok = applies(rule, doc, memo)
        out[rule.id] = ("not_applicable" if ok is False else "not_checkable" if ok is None
                        else rule.compiled.verdict(doc, tolerance=rule.tolerance, memo=memo))
    return out


def agreement(book, texts: list[bytes]) -> dict:
    """Disagreements of the floor with rulebook, rule by rule, over `texts` (0 wanted)."""
    ids = [r.id for r in book.rules if r.id in fw.FLOOR]
    bad, counts = [], {}
    for i, text in enumerate(texts):
        got = rulebook_verdicts(book, text)
        d = fw.floor_doc(text)
        for rid in ids:
            mine = fw.verdict(rid, d)
            counts[mine] = counts.get(mine, 0) + 1
            if mine != got[rid]:
                bad.append((i, rid, mine, got[rid]))
    return {"rules": ids, "verdicts": counts, "disagreements": len(bad), "examples": bad[:20]}


def rulebook_costs(book, texts: list[bytes], passes: int) -> dict:
    """CPU seconds per document of each rule as check runs it (适用 then run, one Memo per document), and of the
    document's validation into the model; min over passes of each document's sum, then the median document... kept
    simple: per rule, the median over passes of its total time over all documents, ÷ documents."""
    from engine.checking.check import applies, check
    from engine.language.runtime import Memo
    from engine.model import Disclosure

    clock = time.process_time_ns
    per_rule: dict[str, list[int]] = {r.id: [] for r in book.rules}
    validate, whole = [], []
    for _ in range(passes):
        sums = dict.fromkeys(per_rule, 0)
        v = 0
        for text in texts:
            t0 = clock()
            doc = Disclosure.model_validate_json(text)
            v += clock() - t0
            memo = Memo(doc)
            for rule in book.rules:
                t0 = clock()
                ok = applies(rule, doc, memo)
                if ok:
                    rule.compiled.run(doc, tolerance=rule.tolerance, memo=memo)
                sums[rule.id] += clock() - t0
        t0 = clock()
        for text in texts:
            check(Disclosure.model_validate_json(text), book)
        whole.append(clock() - t0)
        validate.append(v)
        for rid, s in sums.items():
            per_rule[rid].append(s)
    n = len(texts)
    return {"rule_s": {rid: statistics.median(s) / n / 1e9 for rid, s in per_rule.items()},
            "validate_s": statistics.median(validate) / n / 1e9, "check_s": statistics.median(whole) / n / 1e9}


def floor_costs(texts: list[bytes], passes: int) -> dict:
    """CPU seconds per document of the floor's conversion and of each sampled floor function."""
    clock = time.process_time_ns
    per_rule: dict[str, list[int]] = {rid: [] for rid in fw.FLOOR}
    conv = []
    for _ in range(passes):
        sums = dict.fromkeys(per_rule, 0)
        c = 0
        for text in texts:
            t0 = clock()
            d = fw.floor_doc(text)
            c += clock() - t0
            for rid in per_rule:
                t0 = clock()
                fw.verdict(rid, d)
                sums[rid] += clock() - t0
        conv.append(c)
        for rid, s in sums.items():
            per_rule[rid].append(s)
    n = len(texts)
    return {"rule_s": {rid: statistics.median(s) / n / 1e9 for rid, s in per_rule.items()},
            "conversion_s": statistics.median(conv) / n / 1e9}
