"""The whole default rulebook against an honest floor, class by class (issue 19).

No hand-written floor of all the rulebook's rules exists (it would be a second rulebook). What is measured instead:
- every rule of the default rulebook is put in a class by what it does (bench/floor_whole_rules.classify);
- a sample of rules of every class is hand-written in plain Python over json.loads output (the 40 rules of
  bench/floor.py and bench/floor_whole_rules.SAMPLE and bench/floor_whole_costly.COSTLY: FLOOR below), checked verdict
  by verdict against rulebook. How the sample is chosen: up to session 14 it was the simpler rules of each class
  (a field test per 自评表 form, one template per rule), so the estimate sat below the true floor where a class's
  cost is in a few rules; session 15 added each class's costliest rules by rulebook's own per-rule time (the 自评表
  indicator rules, the per-类 percentage and yoy templates, the list scans of structure and text, the codes scans)
  and, for the 自评表 and the table headers, every rule of the family, so each class's mean is of its costly and its
  cheap rules. Rules whose meaning needs the 情况说明's claims (N18 其中超出, N06a/N07d 文中所述) are not written:
  `lines` names the unsampled rules costing rulebook more than their class's mean;
- the cost of each sampled floor function and of each rulebook rule is timed per document (CPU time), the rulebook's
  rules inside one check-like pass that shares one Memo, as `check` does;
- the honest estimate: the floor's conversion (JSON → flat dict + the 情况说明 flattened once) + Σ over classes of
  the class's floor, a ratio estimate: the written rules at their measured floor cost, each unwritten rule at its own
  rulebook time × (Σ floor ÷ Σ rulebook over the written rules of its class) — not at the written rules' mean,
  which (the written ones being each class's costliest) would price the cheap unwritten rules as costly ones.

    python -m bench.floor_whole [--docs N] [--passes P]
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench import floor as fl
from bench import floor_whole_rules as fw
from bench.floor_whole_costly import COSTLY

# the hand-written floor: the 40 rules of bench/floor.py, floor_whole_rules.SAMPLE and floor_whole_costly.COSTLY
# (assembled here, so that the helper module floor_whole_rules imports none of the modules that use its helpers)
FLOOR = {**fl.RULES, **fw.SAMPLE, **COSTLY}


def verdict(rule_id: str, d: fw.FloorDoc) -> str:
    """One hand-written floor function's verdict on one document."""
    fn = FLOOR[rule_id]
    try:
        return fn(d.v) if rule_id in fl.RULES else fn(d)
    except fl.Missing:
        return "not_checkable"
    except fl.NoRow:
        return "error"

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
    ids = [r.id for r in book.rules if r.id in FLOOR]
    bad, counts = [], {}
    reached: dict[str, set[str]] = {rid: set() for rid in ids}
    for i, text in enumerate(texts):
        got = rulebook_verdicts(book, text)
        d = fw.floor_doc(text)
        for rid in ids:
            mine = verdict(rid, d)
            counts[mine] = counts.get(mine, 0) + 1
            reached[rid].add(got[rid])
            if mine != got[rid]:
                bad.append((i, rid, mine, got[rid]))
    return {"rules": ids, "verdicts": counts, "disagreements": len(bad), "examples": bad[:20],
            "reached": {rid: sorted(v) for rid, v in reached.items()}}


def agreement_set(texts: list[bytes], extra: list[bytes] = (), mutants: int = 300, every: int = 3) -> list[bytes]:
    """The documents the floor is compared on: `texts` (the workload's), `extra` (the real samples) and `mutants`
    mutants of every `every`-th of them and the real samples (bench/floor_mutants: deterministic), so that each floor
    function's fail branch is compared with rulebook's as well as its pass branch; and the targeted probes of the
    real samples (parts of the 情况说明 dropped, every table's title, number and header elements dropped, its amounts moved by 1)."""
    from bench.floor_mutants import mutants as made
    from bench.floor_mutants import probes

    probed = [p for text in extra for p in probes(text)]
    return [*texts, *extra, *made([*texts[::every], *extra], mutants), *probed]


def clock_overhead(clock=None, n: int = 20000) -> float:
    """What one timing pair (t0 = clock(); … += clock() - t0) adds to a sum with nothing timed between, in ns: the
    mean of n empty pairs, the least of 5 tries. Each rule's per-call sums (floor and rulebook) have it taken off."""
    clock = clock or time.process_time_ns
    best = float("inf")
    for _ in range(5):
        total = 0
        for _ in range(n):
            t0 = clock()
            total += clock() - t0
        best = min(best, total / n)
    return best


def _rulebook_pass(book, texts: list[bytes], overhead: float = 0.0) -> tuple[dict[str, int], int, int]:
    """One pass: each rule's CPU ns over all documents as check runs it (适用 then run, one Memo per document, in
    the rulebook's order, so the first rule to need a shared look-up pays for it), the validation into the model,
    and the whole `check` (validation, every rule, the findings) timed apart."""
    from engine.checking.check import applies, check
    from engine.language.runtime import Memo
    from engine.model import Disclosure

    clock = time.process_time_ns
    sums = {r.id: 0 for r in book.rules}
    validate = 0
    for text in texts:
        t0 = clock()
        doc = Disclosure.model_validate_json(text)
        validate += clock() - t0
        memo = Memo(doc)
        for rule in book.rules:
            t0 = clock()
            if applies(rule, doc, memo):
                rule.compiled.run(doc, tolerance=rule.tolerance, memo=memo)
            sums[rule.id] += clock() - t0
    t0 = clock()
    for text in texts:
        check(Disclosure.model_validate_json(text), book)
    return _less(sums, overhead * len(texts)), validate, clock() - t0


def _less(sums: dict[str, int], ns: float) -> dict[str, int]:
    """Each rule's sum less the timing pairs' own cost (`ns` for all its calls), not below 0."""
    return {rid: max(0, round(v - ns)) for rid, v in sums.items()}


def _floor_pass(texts: list[bytes], overhead: float = 0.0) -> tuple[dict[str, int], int]:
    """One pass of the floor: its conversion (JSON → flat dict + 情况说明 flattened) and each sampled function, less
    `overhead` ns a call (the timing pair's own cost, clock_overhead: rulebook's whole check is timed as one block)."""
    clock = time.process_time_ns
    sums = dict.fromkeys(FLOOR, 0)
    conversion = 0
    for text in texts:
        t0 = clock()
        d = fw.floor_doc(text)
        conversion += clock() - t0
        for rid in sums:
            t0 = clock()
            verdict(rid, d)
            sums[rid] += clock() - t0
    return _less(sums, overhead * len(texts)), conversion


def costs(book, texts: list[bytes], passes: int) -> dict:
    """Floor and rulebook taking turns in every pass; per rule and per part the median pass, in CPU seconds per
    document."""
    per: dict[str, dict[str, list[int]]] = {"floor": {}, "rulebook": {}}
    parts: dict[str, list[int]] = {"conversion": [], "validate": [], "check": []}
    overhead = clock_overhead()
    for _ in range(passes):
        f, conversion = _floor_pass(texts, overhead)
        r, validate, whole = _rulebook_pass(book, texts, overhead)
        for side, sums in (("floor", f), ("rulebook", r)):
            for rid, ns in sums.items():
                per[side].setdefault(rid, []).append(ns)
        for key, ns in (("conversion", conversion), ("validate", validate), ("check", whole)):
            parts[key].append(ns)
    n = len(texts) * 1e9
    return {"floor_s": {k: statistics.median(v) / n for k, v in per["floor"].items()},
            "rulebook_s": {k: statistics.median(v) / n for k, v in per["rulebook"].items()},
            **{f"{k}_s": statistics.median(v) / n for k, v in parts.items()}, "clock_overhead_s": overhead / 1e9}


def estimate(book, measured: dict) -> dict:
    """The honest estimate: the floor's conversion + Σ over classes of the class's floor; beside it rulebook's own
    cost per class (Σ of its rules' times).

    A class's floor is a ratio estimate: its hand-written rules at their measured floor cost, and each rule not
    written at its own rulebook time × (Σ floor ÷ Σ rulebook time over the written rules of its class). The sample
    is not a random one (each class's costliest rules were written first), so pricing the unwritten rules at the
    written ones' mean would price cheap rules as costly ones; the ratio keeps each rule's own weight. A class with
    no rulebook time on its written rules falls back to their mean."""
    rows = {}
    total = measured["conversion_s"]
    for name, ids in fw.classes(book).items():
        sampled = [rid for rid in ids if rid in measured["floor_s"]]
        written_floor = sum(measured["floor_s"][rid] for rid in sampled)
        written_book = sum(measured["rulebook_s"][rid] for rid in sampled)
        unwritten = [rid for rid in ids if rid not in measured["floor_s"]]
        mean = written_floor / len(sampled) if sampled else 0.0
        if written_book > 0:
            scale = written_floor / written_book
            floor_class = written_floor + scale * sum(measured["rulebook_s"][rid] for rid in unwritten)
        else:
            scale = None
            floor_class = written_floor + mean * len(unwritten)
        mine = sum(measured["rulebook_s"][rid] for rid in ids)
        rows[name] = {"rules": len(ids), "sampled": sampled, "sampled_mean_s": mean, "floor_scale": scale,
                      "floor_mean_s": floor_class / len(ids) if ids else 0.0, "floor_s": floor_class,
                      "rulebook_s": mine, "ratio": mine / floor_class if floor_class else None,
                      "per_rule_s": {rid: measured["rulebook_s"][rid] for rid in ids}}
        total += floor_class
    rules_s = sum(measured["rulebook_s"].values())
    return {"classes": rows, "conversion_s": measured["conversion_s"], "estimate_s": total,
            "rulebook_rules_s": rules_s, "validate_s": measured["validate_s"], "check_s": measured["check_s"],
            "ratio": measured["check_s"] / total}


def run(book, texts: list[bytes], passes: int, extra: list[bytes] = ()) -> dict:
    """Agreement first over `texts` and `extra` (the real samples; 0 disagreements wanted), then the interleaved
    timings over `texts` and the estimate."""
    import gc

    agreed = agreement_set(texts, extra)
    agree = agreement(book, agreed)
    gc.collect()
    gc.freeze()
    out = estimate(book, costs(book, texts, passes))
    return {**out, "docs": len(texts), "agreed_docs": len(agreed), "passes": passes, "agreement": agree}


def lines(w: dict) -> list[str]:
    """The paragraph and the per-class table of RESULTS.md §3 for the whole default rulebook."""
    rules = sum(c["rules"] for c in w["classes"].values())
    sampled = sum(len(c["sampled"]) for c in w["classes"].values())
    out = [f"**The whole default rulebook ({rules} rules) against an honest floor, class by class** "
           f"(`bench/floor_whole.py`). Every rule is put in a class by what it reads (bench/floor_whole_rules.classify); "
           f"{sampled} rules, a sample of every class, are hand-written in plain Python over json.loads output (the "
           "40 of the table above plus the rest of bench/floor_whole_rules.SAMPLE: regular expressions precompiled "
           "once, the 情况说明 flattened once per document, Decimal intervals with the same rounding-aware "
           "tolerance; the only rulebook helper imported is engine.labels.normalise, for label spelling, and "
           "rulebook/catalogue.yaml is read as data for the fixed rows and table titles) and agree with "
           f"rulebook verdict by verdict ({w['agreement']['disagreements']} disagreements over {w['agreed_docs']} "
           "documents, the workload's, the real samples and mutants of them (bench/floor_mutants), on every sampled rule). The estimate = the floor's conversion (JSON → flat dict + 情况说明 flattened, "
           f"{_ms(w['conversion_s'])}, measured) + Σ over classes of the class's floor, a ratio estimate (the written "
           "rules at their measured floor cost, each unwritten rule at its own rulebook time × Σ floor ÷ Σ rulebook "
           f"over the written rules of its class) = **{_ms(w['estimate_s'])}**; rulebook's whole check (validation, every "
           f"rule, the findings) {_ms(w['check_s'])} = **{w['ratio']:.2f}× the estimate** (medians of {w['passes']} "
           "interleaved passes, CPU time). The sample holds each class's costliest rules by rulebook's own time as "
           "well as its cheap ones (bench/floor_whole_costly.py, session 15; before it, the cheap ones only); not "
           f"hand-written and costing rulebook more than their class's mean: {_unsampled(w)}. Per class (rulebook: Σ "
           f"of its rules' times inside one check-like pass, validation {_ms(w['validate_s'])} and the findings "
           "apart):", "",
           "| class | rules | sampled | floor per rule | floor, whole class | rulebook, whole class | × floor |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for name, c in w["classes"].items():
        ratio = f"{c['ratio']:.1f}" if c["ratio"] else "–"
        out.append(f"| {fw.ZH[name]} ({name}) | {c['rules']} | {len(c['sampled'])} | {c['floor_mean_s'] * 1e6:.1f} µs "
                   f"| {_ms(c['floor_s'])} | {_ms(c['rulebook_s'])} | {ratio} |")
    out.append(f"| conversion / validation | | | | {_ms(w['conversion_s'])} | {_ms(w['validate_s'])} | |")
    return out


def _unsampled(w: dict) -> str:
    """The rules no floor function is written for whose rulebook time is above their class's mean, costliest first."""
    out = []
    for c in w["classes"].values():
        mean = c["rulebook_s"] / c["rules"] if c["rules"] else 0.0
        # runs recorded before per-rule times were kept name none
        out += [(s, rid) for rid, s in c.get("per_rule_s", {}).items() if rid not in c["sampled"] and s > mean]
    return ", ".join(rid for _, rid in sorted(out, reverse=True)) or "none"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms"


def main(argv: list[str] | None = None) -> None:
    import argparse
    import tempfile

    from bench.workload import documents
    from engine.rules.loader import load_rulebook

    parser = argparse.ArgumentParser(prog="python -m bench.floor_whole", description="整个默认规则库对照手写下限（分类）")
    parser.add_argument("--docs", type=int, default=60, help="生成文档数（另加探针与真实样本）")
    parser.add_argument("--passes", type=int, default=5, help="交替轮数")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rulebook-floor-whole-") as tmp:
        texts, _ = documents(args.docs, Path(tmp))
    out = run(load_rulebook(), texts, args.passes, extra=real_samples())
    print("\n".join(lines(out)))


if __name__ == "__main__":
    main()
