"""Checking one file or thousands: worker processes, streamed output, flat memory, a progress bar on a terminal."""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from engine.checking.findings import Report

_BOOK = None  # the compiled rulebook, set before workers fork (they inherit it: nothing is compiled twice)
_LANG = "zh"
_PROFILE: str | None = None  # --profile: forced on every imported file
_FORMAT = "table"
_FAIL_ON = "error"
_SINGLE = False


def _use(book, lang: str, profile: str | None, fmt: str = "table", fail_on: str = "error", single: bool = False) -> None:
    global _BOOK, _LANG, _PROFILE, _FORMAT, _FAIL_ON, _SINGLE
    _BOOK, _LANG, _PROFILE, _FORMAT, _FAIL_ON, _SINGLE = book, lang, profile, fmt, fail_on, single


def check_file(path: Path, name: str | None = None) -> tuple[str, Report | None, str | None]:
    """(file, report, error): never raises for a bad file, so one bad submission does not stop a batch.
    `name` is the file's name in the report when it differs from where it is read (a cluster worker's copy)."""
    from engine.checking.check import check
    from engine.importers import DisclosureError, load_disclosure

    name = str(path) if name is None else name
    try:
        doc = load_disclosure(path, profile=_PROFILE)
    except DisclosureError as exc:
        return name, None, exc.message(_LANG)
    return name, check(doc, _BOOK, lang=_LANG, file=name), None


@dataclass(frozen=True, slots=True)
class Checked:
    """One file's outcome as the writing process needs it: the output already rendered where the check ran, so
    workers send a line of text instead of a pickled report."""

    name: str
    error: str | None = None
    text: str | None = None  # what to print for this file (None for junit, which needs the report)
    report: Report | None = None  # junit only
    totals: tuple[int, int, int] = (0, 0, 0)  # errors, warnings, infos
    failed: bool = False  # reached --fail-on


def _checked(path: Path, shown: str | None = None) -> Checked:
    from engine.checking.formats import as_json, as_jsonl, as_table, summary_line

    _collect_now_and_then()
    name, report, error = check_file(path, shown)
    if report is None:
        return Checked(name, error)
    s = report.summary
    if _FORMAT == "jsonl":
        text = as_jsonl(report)
    elif _FORMAT == "json":
        text = as_json(report) if _SINGLE else as_json(report, indent=None)
    elif _FORMAT == "table":
        text = as_table(report, _LANG) if _SINGLE else f"{name}: {summary_line(report, _LANG)}"
    else:
        text = None
    return Checked(name, None, text, report if text is None else None, (s.errors, s.warnings, s.infos),
                   report.reaches(_FAIL_ON))


_COLLECT_EVERY = 200  # documents between collections while the collector runs by hand
_since_collect = 0


@contextmanager
def _collector_by_hand(enabled: bool) -> Iterator[None]:
    """Documents are freed by reference counting; the cycle collector only finds a few small cycles per document,
    yet run automatically it walks each document many times (measured: ~14 ms of ~80 ms per document, still ~3 ms
    with a raised threshold). For a batch the compiled rulebook is frozen (never walked again) and the collector
    runs every _COLLECT_EVERY documents (forked workers inherit this), so memory stays flat."""
    if not enabled:
        yield
        return
    was_enabled = gc.isenabled()
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _collect_now_and_then() -> None:
    global _since_collect
    _since_collect += 1
    if _since_collect >= _COLLECT_EVERY and not gc.isenabled():
        _since_collect = 0
        gc.collect()


def _results(paths: list[Path], jobs: int) -> Iterator[Checked]:
    if jobs <= 1:
        yield from map(_checked, paths)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(_checked, paths, chunksize=max(1, min(32, len(paths) // (jobs * 8) or 1)))


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // self.total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


@contextmanager
def _cluster_results(paths: list[Path], address: str, jobs: int | None, rulebook_path: Path | None,
                     settings: dict) -> Iterator[Iterator[Checked]]:
    """The results from a Dask cluster (engine/checking/cluster.py); a `local` cluster lives as long as the batch."""
    from engine.checking import cluster

    client, local = cluster.connect(address, jobs or cluster.default_workers())
    try:
        yield cluster.results(paths, client, rulebook_path=rulebook_path, settings=settings)
    finally:
        client.close()
        if local is not None:
            local.close()


def run_batch(paths: list[Path], *, rulebook_path: Path | None, fmt: str, fail_on: str, jobs: int | None,
              lang: str, load_book: Callable, echo: Callable, profile: str | None = None,
              cluster: str | None = None) -> int:
    """Checks every file, writing as it goes; returns the exit code (0 clean, 1 fail level reached, 2 unreadable).
    With `cluster` (a Dask scheduler address, or `local`) the files are checked on that cluster's workers."""
    book = load_book(rulebook_path)  # diagnosed and compiled once, in this process, before any worker starts
    single = len(paths) == 1
    _use(book, lang, profile, fmt, fail_on, single)
    if cluster:
        settings = {"lang": lang, "profile": profile, "fmt": fmt, "fail_on": fail_on, "single": single}
        with _cluster_results(paths, cluster, jobs, rulebook_path, settings) as results:
            return _write(paths, results, fmt, lang, single, echo, by_hand=False)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    return _write(paths, _results(paths, jobs), fmt, lang, single, echo, by_hand=not single)


def _write(paths: list[Path], results: Iterator[Checked], fmt: str, lang: str, single: bool, echo: Callable,
           by_hand: bool) -> int:
    """Writes each result as it comes; `by_hand`: the collector runs every _COLLECT_EVERY documents (local
    workers); a cluster client keeps it automatic (its own threads make cyclic garbage)."""
    from engine.checking.formats import HEADINGS, as_junit

    progress = _Progress(len(paths), enabled=not single and sys.stderr.isatty())
    totals = [0, 0, 0]  # errors, warnings, infos
    bad = failed = 0
    junit: list[Report] = []
    if fmt == "json" and not single:
        echo("[")
    first = True
    with _collector_by_hand(enabled=by_hand):
        for done in results:
            progress.step()
            if done.error is not None:
                bad += 1
                echo(f"{done.name}: {done.error}", err=True)
                continue
            for i, n in enumerate(done.totals):
                totals[i] += n
            failed += done.failed
            if done.report is not None:
                junit.append(done.report)
            elif fmt == "json" and not single:
                echo(("" if first else ",") + done.text)
            else:
                echo(done.text)
            first = False
    if fmt == "json" and not single:
        echo("]")
    if fmt == "junit":
        echo(as_junit(junit))
    if not single and fmt == "table":
        echo(HEADINGS[lang]["totals"].format(files=len(paths), bad=bad, errors=totals[0], warnings=totals[1],
                                             infos=totals[2]))
    return 2 if bad else (1 if failed else 0)
