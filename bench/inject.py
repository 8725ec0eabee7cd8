"""Defect injection across the truth corpus: every document with an answer key (samples/truth) and its derived
forms, recall per class, written to bench/INJECTION.md. `python -m bench.inject [--per-class N] [--seed S]`.

The list of classes below 95 % in INJECTION.md is the work list for the rules: keep it current by re-running this
after a rule change."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from engine.checking import inject
from engine.checking.corpus import document_of, keys_in
from engine.importers import load_disclosure
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
BOUNDED = {"per_class": 2, "seed": 0}  # the form CI runs (tests/truth/test_inject.py)
BOUNDED_FILE = ROOT / "bench" / "injection-bounded.json"
BOUNDED_DOCS = ("yangquan-czj-2024.txt", "shanghai-putuo-czj-2024.pdf")


def bounded(book) -> dict[str, dict[str, float]]:
    """Recall per class on the bounded sample: a floor CI keeps (raise it with --record-bounded)."""
    out = {}
    for path in documents():
        if path.name in BOUNDED_DOCS:
            res = inject.run(load_disclosure(path), book, **BOUNDED)
            out[path.name] = {cls: round(r.recall, 4) for cls, r in res.items()}
    return out


def documents() -> list[Path]:
    """Each keyed document, plus its checked-in derived forms (the same name with another suffix in samples/)."""
    out = []
    for key_path in keys_in(ROOT / "samples" / "truth"):
        path = document_of(key_path, json.loads(key_path.read_text(encoding="utf-8")))
        out.append(path)
        out += [p for p in sorted((ROOT / "samples").glob(path.stem + ".*")) if p != path and p.suffix == ".json"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-class", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "INJECTION.md")
    parser.add_argument("--record-bounded", action="store_true", help="only rewrite bench/injection-bounded.json")
    args = parser.parse_args()
    book = load_rulebook()
    if args.record_bounded:
        BOUNDED_FILE.write_text(json.dumps(bounded(book), indent=1) + "\n", encoding="utf-8")
        print(BOUNDED_FILE.read_text(encoding="utf-8"))
        return
    results, started = {}, time.time()
    for path in documents():
        results[path.name] = inject.run(load_disclosure(path), book, per_class=args.per_class, seed=args.seed)
    import subprocess

    from engine import __version__
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    header = (f"# Defect injection: recall per class per document\n\n"
              f"`python -m bench.inject --per-class {args.per_class} --seed {args.seed}` on commit {commit or '?'} "
              f"(rulebook {__version__}), {time.time() - started:.0f} s. Each defect is injected alone into the "
              f"normalised model of the document (engine/checking/inject.py) and the document checked again; it is "
              f"caught when a new warning or error appears. At most {args.per_class} sites per class per document, "
              f"sampled with the seed. Cells: recall (caught/injected); **bold** is below 95 %.")
    from engine.checking.corpus import render, run_corpus

    corpus = render(run_corpus(ROOT / "samples" / "truth", book), "en", verbose=True)
    text = inject.markdown(results, header=header, misses_shown=8)
    text += ("\n## Truth corpus (`rulebook test --corpus -v`, same commit)\n\nPrecision and recall per severity against "
             "the hand-written keys in samples/truth; ✗ a finding judged false (why), ○ a must-report defect not "
             "found at its severity.\n\n```\n" + corpus + "\n```\n")
    args.out.write_text(text, encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
