"""The benchmark in one run: compile, one document, the 40-rule workload (floor and peers), batch, start-up, linearity.

    python -m bench.run            # full: 10,000-document batch; writes bench/RESULTS.md (~9.5 min here)
    python -m bench.run --quick    # small N, few repetitions; CI runs this

Every figure is a ratio against a baseline measured in the same run (floor, engine, `python -c pass`), so the
results say something on any machine; RESULTS.md also records the machine.
"""
from __future__ import annotations

import dataclasses
import gc
import time
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from bench import measure
from bench.report import write_markdown

PY = sys.executable
CLI = [PY, "-c", "from engine.cli.main import main; main()"]  # what the `rulebook` script runs, without a shell shim


@dataclasses.dataclass
class Plan:
    docs: int  # documents for one-document check and linearity
    peer_docs: int  # generated documents of the 40-rule workload (probes are added)
    cel_docs: int
    batch: int
    reps: int
    startup_k: int


QUICK = Plan(docs=4, peer_docs=5, cel_docs=2, batch=12, reps=1, startup_k=1)
FULL = Plan(docs=20, peer_docs=100, cel_docs=10, batch=10_000, reps=3, startup_k=5)


def _verdicts(book, docs):
    from engine.checking.check import applies
    from engine.language.runtime import Memo

    out = []
    for doc in docs:
        row = {}
        memo = Memo(doc)  # as check() does: the document's rules share its cell intervals
        for rule in book.rules:
            ok = applies(rule, doc, memo)
            row[rule.id] = ("not_applicable" if ok is False else "not_checkable" if ok is None
                            else rule.compiled.verdict(doc, tolerance=rule.tolerance, memo=memo))
        out.append(row)
    return out


def _subset(book, ids):
    rules = [book.rule(i) for i in ids]
    return dataclasses.replace(book, rules=[r for r in rules if r is not None])


def _doubled(book):
    """Every rule twice: the copy under a new id, compiled again so it is its own closure."""
    copies = []
    for rule in book.rules:
        twin = dataclasses.replace(rule, id=rule.id + "_2")
        twin.compiled = book.environment.compile(rule.expr)
        twin.precondition = book.environment.compile(rule.when) if rule.when else None
        copies.append(twin)
    return dataclasses.replace(book, rules=book.rules + copies)


def section_compile(plan: Plan) -> dict:
    from engine import catalogue, labels
    from engine.rules.loader import load_rulebook

    code = "import time; t=time.perf_counter(); from engine.rules.loader import load_rulebook; load_rulebook(); " \
           "print(time.perf_counter()-t)"
    import subprocess

    colds = [float(subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True, env=measure.env(),
                                  cwd=measure.ROOT).stdout) for _ in range(max(1, plan.reps // 2))]
    book = load_rulebook()

    def warm() -> None:
        labels.normalise.cache_clear()
        catalogue.load_catalogue.cache_clear()
        load_rulebook()
    # The previous book's closures are cyclic garbage: collect them first so each run times one compile, not the
    # collector walking the documents already loaded (measured: 0.33 s in the full run vs 0.11 s in a fresh process).
    return {"rules": len(book.rules), "cold_s": min(colds), "warm_s": measure.best(warm, plan.reps, setup=gc.collect)}


def section_check(plan: Plan, book, doc) -> dict:
    from engine.checking.check import check

    seconds = measure.best(lambda: check(doc, book), plan.reps * 3)
    return {"rules": len(book.rules), "per_doc_s": seconds, "rule_evals_per_s": len(book.rules) / seconds}


def section_peers(plan: Plan, tmp: Path) -> dict:
    """The 40-rule workload: rulebook, the honest floor, simpleeval, json-logic and cel-python (bench/workload.py)."""
    from bench import workload

    return workload.run(plan.peer_docs, plan.reps * 3, plan.cel_docs, tmp / "workload")


def section_batch(plan: Plan, tmp: Path) -> dict:
    from bench.generate import generate


    folder = tmp / "batch"
    start = time.perf_counter()
    generate(folder, plan.batch, seed=11, text=False, jobs=os.cpu_count() or 1)
    out = {"docs": plan.batch, "generate_s": time.perf_counter() - start}
    for jobs in (1, 2):
        b = measure.batch(CLI + ["check", str(folder / "json"), "--jobs", str(jobs), "--format", "jsonl"],
                          tmp / f"jobs{jobs}.jsonl")
        lines = measure.lines(tmp / f"jobs{jobs}.jsonl")
        out[f"jobs{jobs}"] = {"seconds": b.seconds, "docs_per_s": plan.batch / b.seconds,
                              "tree_peak_mb": b.tree_peak_mb, "maxrss_mb": b.maxrss_mb,
                              "exit": b.returncode, "reports": lines}
    out["speedup"] = out["jobs2"]["docs_per_s"] / out["jobs1"]["docs_per_s"]
    # The same batch on a local Dask cluster of two worker processes (`--cluster local --jobs 2`): its start
    # (scheduler, two workers, the rulebook compiled on each) is inside the timing.
    b = measure.batch(CLI + ["check", str(folder / "json"), "--cluster", "local", "--jobs", "2", "--format", "jsonl"],
                      tmp / "cluster.jsonl")
    out["cluster"] = {"seconds": b.seconds, "docs_per_s": plan.batch / b.seconds, "tree_peak_mb": b.tree_peak_mb,
                      "maxrss_mb": b.maxrss_mb, "exit": b.returncode, "reports": measure.lines(tmp / "cluster.jsonl"),
                      "identical_to_jobs1": measure.same_reports(tmp / "cluster.jsonl", tmp / "jobs1.jsonl")}
    out["cluster_vs_jobs2"] = out["cluster"]["docs_per_s"] / out["jobs2"]["docs_per_s"]
    shutil.rmtree(folder, ignore_errors=True)
    return out


def section_startup(plan: Plan, tmp: Path) -> dict:
    from engine.resources import sample

    base = measure.wall([PY, "-c", "pass"], plan.startup_k)
    version = measure.wall(CLI + ["--version"], plan.startup_k)
    listing = measure.wall(CLI + ["list"], plan.startup_k)
    # `rulebook check ONE_FILE`: without the rulebook cache, and with it warm (the first run fills it, untimed)
    one = CLI + ["check", str(sample("yangquan-czj-2024.json"))]
    kept, cold = {"RULEBOOK_CACHE_DIR": str(tmp / "rulebook-cache")}, {"RULEBOOK_NO_CACHE": "1"}
    measure.wall(one, 1, kept, codes=(0, 1))
    k = max(3, plan.startup_k)
    out = {"python_pass_s": base, "version_s": version, "list_s": listing,
           "version_over_s": version - base, "list_over_s": listing - base}
    for name, extra in (("check_cold", cold), ("check_warm", kept)):
        out[name + "_s"] = measure.wall(one, k, extra, codes=(0, 1))
        out[name + "_over_s"] = out[name + "_s"] - base
        out[name + "_cpu_s"] = measure.cpu(one, k, extra)
    out["python_pass_cpu_s"] = measure.cpu([PY, "-c", "pass"], k)
    return out


def section_import(plan: Plan) -> dict:
    """Importing the published documents: the 25-page Shanghai PDF and the Yangquan text, in process and cold."""
    from engine.importers import load_disclosure
    from engine.resources import sample

    import shutil
    import subprocess

    from engine.importers import import_text

    pdf, text = sample("shanghai-putuo-czj-2024.pdf"), sample("yangquan-czj-2024.txt")
    load_disclosure(pdf)  # libraries imported once, as in a service
    out = {"pdf_s": measure.best(lambda: load_disclosure(pdf), plan.reps),
           "pdf_cold_s": measure.wall(CLI + ["import", str(pdf), "-o", os.devnull], plan.startup_k),
           "text_s": measure.best(lambda: load_disclosure(text), plan.reps)}
    if shutil.which("pdftotext"):  # the same PDF as `pdftotext -layout` text: cells by column position
        layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
        out["layout_text_s"] = measure.best(lambda: import_text(layout), plan.reps)
    return out


def section_linearity(plan: Plan, book, docs) -> dict:
    from engine.checking.check import check

    doubled = _doubled(book)
    best = measure.best_of_each({"one": lambda: [check(d, book) for d in docs],
                                 "two_rules": lambda: [check(d, doubled) for d in docs],
                                 "two_docs": lambda: [check(d, book) for d in docs + docs]}, plan.reps)
    one, two_rules, two_docs = best["one"], best["two_rules"], best["two_docs"]
    return {"base_s": one, "double_rules_ratio": two_rules / one, "double_docs_ratio": two_docs / one}


def run(plan: Plan, out_dir: Path, quick: bool) -> dict:
    from bench.generate import generate
    from engine.importers import load_disclosure
    from engine.rules.loader import load_rulebook


    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="rulebook-bench-"))
    try:
        paths = generate(tmp / "docs", plan.docs, seed=7, text=False)
        docs = [load_disclosure(p) for p in paths]
        results = {"mode": "quick" if quick else "full", "machine": measure.machine(), "section_s": {},
                   "section_load": {}}

        def timed(name: str, section: Callable[[], dict]) -> None:  # where the run's time goes (the 10-min budget)
            start = time.perf_counter()
            results[name] = section()
            results["section_s"][name] = time.perf_counter() - start
            # the load may rise during a long run: each time target is judged by its own section's load too
            results["section_load"][name] = measure.load()
        timed("compile", lambda: section_compile(plan))
        book = load_rulebook()
        gc.collect()
        timed("check", lambda: section_check(plan, book, docs[0]))
        timed("peers", lambda: section_peers(plan, tmp))
        timed("linearity", lambda: section_linearity(plan, book, docs))
        timed("startup", lambda: section_startup(plan, tmp))
        timed("import", lambda: section_import(plan))
        timed("batch", lambda: section_batch(plan, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["total_s"] = time.perf_counter() - started  # the whole run, the 10-minute budget of issue 6
    notes = Path(__file__).with_name("notes.md")
    if notes.exists():
        results["notes"] = notes.read_text("utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    write_markdown(results, out_dir / "RESULTS.md")
    return results


@click.command()
@click.option("--quick", is_flag=True, help="小规模快速运行（CI 用）：12 份批量，不重复")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path(__file__).resolve().parent,
              show_default=True, help="RESULTS.md 与 results.json 的输出目录")
@click.option("--batch", "batch_n", type=click.IntRange(2, 1_000_000), default=None, help="批量文档数（覆盖默认）")
@click.option("--peer-docs", type=click.IntRange(1, 100_000), default=None, help="40 条规则对照的生成文档数（覆盖默认）")
@click.option("--reps", type=click.IntRange(1, 100), default=None, help="重复次数（覆盖默认；对照轮数为其 3 倍）")
def main(quick: bool, out_dir: Path, batch_n: int | None, peer_docs: int | None, reps: int | None) -> None:
    """运行性能基准并写出 RESULTS.md。"""
    plan = QUICK if quick else FULL
    if batch_n:
        plan = dataclasses.replace(plan, batch=batch_n)
    if peer_docs:
        plan = dataclasses.replace(plan, peer_docs=peer_docs, cel_docs=min(plan.cel_docs, peer_docs))
    if reps:
        plan = dataclasses.replace(plan, reps=reps)
    try:
        run(plan, out_dir, quick)
    except OSError as exc:
        click.echo(f"基准运行失败：{exc}", err=True)
        sys.exit(2)
    click.echo(f"结果已写入 {out_dir / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
