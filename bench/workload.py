"""The 40-rule workload: rulebook, the honest floor and the peers over the same JSON texts, verdicts compared.

Documents: generated disclosures (bench/generate.py) plus probes made from them: a printed amount moved by one to
three cents (so comparisons land on, just inside and just outside their rounding tolerance), a 自评表 执行率 moved
by 0.01, a table dropped (not checkable, not applicable) and a named row dropped (error). Every engine starts from
the document's JSON text; parsing and its own conversion are inside the timed region.
Timing: passes over all documents, the engines taking turns within each pass (so the machine's drift hits all alike);
per engine the min and the median of its passes.
"""
from __future__ import annotations

import copy
import gc
import json
from decimal import Decimal
import random
import statistics
import time
from pathlib import Path

from bench import floor, floor_whole

RULES = list(floor.RULES)
DELTAS = ("0.01", "-0.01", "0.02", "-0.02", "0.03", "-0.03")


def _number_cells(data: dict) -> list[dict]:
    return [c for t in data["tables"].values() for r in t["rows"] for c in r["cells"].values()
            if c.get("kind") == "number" and c.get("value") and "." in c["value"]]


def _nudge(cell: dict, delta: str) -> None:
    value = Decimal(cell["value"]) + Decimal(delta)
    cell["value"] = cell["text"] = str(value)


def probes(sources: list[bytes], seed: int = 5) -> tuple[list[bytes], dict[str, int]]:
    """Documents derived from `sources`, each one change away from its source (see the module docstring)."""
    rng = random.Random(seed)
    out, kinds = [], {"amount": 0, "rate": 0, "table": 0, "row": 0}
    for text in sources:
        data = json.loads(text)
        for delta in DELTAS:
            d = copy.deepcopy(data)
            _nudge(rng.choice(_number_cells(d)), delta)
            out.append(d)
            kinds["amount"] += 1
        rated = [f for f in data.get("attachments", []) if (f.get("execution_rate") or {}).get("value")]
        if rated:
            d = copy.deepcopy(data)
            i = data["attachments"].index(rng.choice(rated))
            field = d["attachments"][i]["execution_rate"]
            field["value"] = str(Decimal(field["value"]) + Decimal(rng.choice(("0.01", "-0.01"))))
            out.append(d)
            kinds["rate"] += 1
        d = copy.deepcopy(data)
        d["tables"].pop(rng.choice(sorted(d["tables"])))
        out.append(d)
        kinds["table"] += 1
        d = copy.deepcopy(data)
        t = d["tables"][rng.choice(["公开01", "公开02", "公开05", "公开06"])]
        named = [r for r in t["rows"] if not r.get("code")] or t["rows"]
        t["rows"].remove(rng.choice(named))
        out.append(d)
        kinds["row"] += 1
    return [json.dumps(d, ensure_ascii=False).encode() for d in out], kinds


def documents(n: int, folder: Path, seed: int = 7) -> tuple[list[bytes], dict[str, int]]:
    """n generated documents and, for every fifth of them, its probes."""
    from bench.generate import generate

    texts = [p.read_bytes() for p in generate(folder, n, seed=seed, text=False)]
    extra, kinds = probes(texts[::5])
    kinds["generated"] = len(texts)
    return texts + extra, kinds


class Rulebook:
    """rulebook on the workload: JSON text -> validated model -> the 40 rules; `report` also builds the findings."""

    def __init__(self, report: bool, full: bool = False) -> None:
        import dataclasses

        from engine.rules.loader import load_rulebook

        book = load_rulebook()
        self.book = book if full else dataclasses.replace(book, rules=[book.rule(i) for i in RULES])
        self.report = report or full
        self.name = (f"rulebook, the whole default rulebook ({len(book.rules)} rules; check: findings)" if full
                     else "rulebook (check: findings)" if report else "rulebook (verdicts)")

    def run_all(self, text: bytes) -> dict[str, str]:
        from engine.checking.check import applies, check
        from engine.language.runtime import Memo
        from engine.model import Disclosure

        doc = Disclosure.model_validate_json(text)
        if self.report:
            check(doc, self.book)
            return {}
        memo = Memo(doc)
        out = {}
        for rule in self.book.rules:
            ok = applies(rule, doc, memo)
            out[rule.id] = ("not_applicable" if ok is False else "not_checkable" if ok is None
                            else rule.compiled.verdict(doc, tolerance=rule.tolerance, memo=memo))
        return out


class Floor:
    name = "hand-written Decimal Python (floor)"

    @staticmethod
    def run_all(text: bytes) -> dict[str, str]:
        return floor.run_all(text)


class FloorConversion:
    """The floor's conversion alone (JSON text → flat dict of Decimals): what every rule of a document shares. With
    the floor's time it splits a document's floor into the conversion and the rules (see whole_floor)."""
    name = "hand-written Decimal Python: JSON → flat dict only"

    @staticmethod
    def run_all(text: bytes) -> dict[str, str]:
        from bench.flat import view

        view(json.loads(text))
        return {}


def whole_floor(per_doc: dict, honest: dict) -> dict:
    """The whole default rulebook against the honest floor of bench/floor_whole.py (the floor's conversion + Σ over
    classes of rules × the mean cost of the class's hand-written sample, measured on these documents): this table's
    whole-rulebook median over that estimate."""
    whole = next(t["median"] for name, t in per_doc.items() if name.startswith("rulebook, the whole"))
    rules = sum(c["rules"] for c in honest["classes"].values())
    return {"rules": rules, "estimate_s": honest["estimate_s"], "rulebook_s": whole,
            "ratio": whole / honest["estimate_s"]}


def engines(with_cel: bool = True) -> list:
    from bench.peers import CelPeer, JsonLogicPeer, SimpleEvalPeer

    out = [Floor(), FloorConversion(), Rulebook(report=False), Rulebook(report=True), Rulebook(report=True, full=True),
           SimpleEvalPeer(), JsonLogicPeer()]
    if with_cel:
        out.append(CelPeer())
    return out


def agreement(engs: list, texts: list[bytes], cel_docs: int) -> dict:
    """Disagreements of every engine with the floor, verdict by verdict (cel on its first `cel_docs` documents)."""
    base = [floor.run_all(t) for t in texts]
    counts: dict[str, int] = {}
    for status in (s for row in base for s in row.values()):
        counts[status] = counts.get(status, 0) + 1
    out = {"verdicts": counts, "disagreements": {}, "examples": {}}
    for eng in engs:
        if isinstance(eng, (Floor, FloorConversion)) or (isinstance(eng, Rulebook) and eng.report):  # no verdicts
            continue
        docs = texts[:cel_docs] if "cel" in eng.name else texts
        bad = [(i, rid, b[rid], got.get(rid)) for i, (t, b) in enumerate(zip(docs, base))
               for got in [eng.run_all(t)] for rid in RULES if got.get(rid) != b[rid]]
        out["disagreements"][eng.name] = len(bad)
        out["examples"][eng.name] = bad[:5]
    return out


COLLECTORS = ("auto", "batch")  # Python's collector as a script leaves it; as rulebook's batch runs it


def timings(engs: list, texts: list[bytes], passes: int, cel_docs: int, collector: str = "auto") -> dict:
    """CPU seconds per document of each engine: min and median over interleaved passes. CPU time of this process,
    not wall time: on a shared machine the wall clock counts other people's work too.
    `collector`: "auto", the cycle collector running on its own (as in a plain script); "batch", as rulebook's own
    batch runs (engine/checking/batch.py): off during the pass, and one full collection at the end of each engine's
    pass, inside its timed region, so each engine pays for the garbage it made. The same for every engine."""
    times: dict[str, list[float]] = {e.name: [] for e in engs}
    was_enabled = gc.isenabled()
    if collector == "batch":
        gc.disable()
    try:
        for _ in range(passes):
            for eng in engs:
                docs = texts[:cel_docs] if "cel" in eng.name else texts
                start = time.process_time()
                for t in docs:
                    eng.run_all(t)
                if collector == "batch":
                    gc.collect()
                times[eng.name].append((time.process_time() - start) / len(docs))
    finally:
        if was_enabled:
            gc.enable()
    return {name: {"min": min(t), "median": statistics.median(t)} for name, t in times.items()}


def _ratios(per_doc: dict) -> dict:
    fl = per_doc[Floor.name]
    return {name: {"min": t["min"] / fl["min"], "median": t["median"] / fl["median"]} for name, t in per_doc.items()}


def run(n: int, passes: int, cel_docs: int, folder: Path, collectors: tuple[str, ...] = COLLECTORS) -> dict:
    """The workload timed under each collector regime (the first is the table of record: per_doc_s, ratio)."""
    texts, kinds = documents(n, folder)
    engs = engines()
    # Every engine's setup (compiled rules, parsed peers) lives as long as the run, as in a batch (which freezes it
    # too, engine/checking/batch.py): the collector then walks only what a document allocates, for every engine alike.
    gc.collect()
    gc.freeze()
    agree = agreement(engs, texts, cel_docs)
    whole_rules = max(len(e.book.rules) for e in engs if isinstance(e, Rulebook))
    book = next(e.book for e in engs if isinstance(e, Rulebook) and len(e.book.rules) == whole_rules)
    honest = floor_whole.run(book, texts, passes, extra=floor_whole.real_samples())
    regimes = {}
    for collector in collectors:
        per_doc = timings(engs, texts, passes, cel_docs, collector)
        regimes[collector] = {"per_doc_s": per_doc, "ratio": _ratios(per_doc),
                              "whole_floor": whole_floor(per_doc, honest)}
    first = regimes[collectors[0]]
    return {"rules": RULES, "docs": len(texts), "kinds": kinds, "passes": passes, "cel_docs": cel_docs,
            "load": _load(), **first, "collectors": regimes, "whole_classes": honest, **agree}


def _load() -> str:
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "not recorded"


def rewrite(here: Path, out: dict) -> None:
    """Writes a run's figures into `here`: results-peers.json, RESULTS.md section 3, the 目标 rows that come from it
    (the others stay the last full run's: results.json), and the notes."""
    from bench import report

    results = here / "RESULTS.md"
    (here / "results-peers.json").write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str), "utf-8")
    report.replace_section(results, report.SECTIONS[2], report.peers_lines(out))
    full = here / "results.json"
    if full.exists():
        data = {**json.loads(full.read_text("utf-8")), "peers": out}
        report.replace_section(results, report.SECTIONS[8], [
            *report.target_lines(data), "",
            f"The 40-rule rows are section 3's (load {out['load']}); the others are the last full run's "
            f"(`python -m bench.run`, load {data['machine'].get('load', 'not recorded')})."])
    report.replace_notes(results, (here / "notes.md").read_text("utf-8").strip().split("\n"))


def main(argv: list[str] | None = None) -> None:
    """Regenerates section 3 of bench/RESULTS.md (and bench/results-peers.json) from a run of this workload alone:
    `python -m bench.workload [--docs N] [--passes P] [--cel-docs C]` (defaults: 60 documents + 108 probes, 9 passes)."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m bench.workload", description="40 条规则对照：重写 RESULTS.md 第 3 节")
    parser.add_argument("--docs", type=int, default=60, help="生成文档数（另加探针）")
    parser.add_argument("--passes", type=int, default=9, help="交替轮数")
    parser.add_argument("--cel-docs", type=int, default=10, help="cel-python 只跑前几份（它很慢）")
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory(prefix="rulebook-workload-") as tmp:
        out = run(args.docs, args.passes, args.cel_docs, Path(tmp))
    rewrite(here, out)
    print(f"第 3 节已重写：{here / 'RESULTS.md'}（负载 {out['load']}）")


if __name__ == "__main__":
    main()
