"""Checking one file or thousands: worker processes, streamed output, flat memory, a progress bar on a terminal."""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.checking.findings import Report
from engine.checking.job import Checked, Job

_COLLECT_EVERY = 200  # documents between collections while the collector runs by hand


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


def _checked_in_turn(job: Job, paths: Iterable[Path]) -> Iterator[Checked]:
    """Each file checked in this process; with the collector off (a batch), it runs every _COLLECT_EVERY files."""
    for done, path in enumerate(paths, 1):
        if done % _COLLECT_EVERY == 0 and not gc.isenabled():
            gc.collect()
        yield job.checked(path)


def _results(job: Job, paths: list[Path], jobs: int) -> Iterator[Checked]:
    if jobs <= 1:
        yield from _checked_in_turn(job, paths)
        return
    yield from _forked(job, paths, jobs)


def _forked(job: Job, paths: list[Path], jobs: int) -> Iterator[Checked]:
    """`jobs` forked workers take files from a queue and send back what they checked; yielded in the files' order.
    A forked worker starts with this process's memory, so the job (its compiled rulebook) is never pickled."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    tasks: Any = context.SimpleQueue()
    results: Any = context.SimpleQueue()

    def work() -> None:
        numbered = iter(tasks.get, None)
        indexes: list[int] = []

        def files() -> Iterator[Path]:
            for i, path in numbered:
                indexes.append(i)
                yield path
        try:
            for checked in _checked_in_turn(job, files()):
                results.put((indexes.pop(), checked, None))
        except BaseException as exc:  # reported by the parent, which would otherwise wait for this file forever
            results.put((indexes.pop() if indexes else -1, None, f"{type(exc).__name__}: {exc}"))

    workers = [context.Process(target=work, daemon=True) for _ in range(jobs)]
    for worker in workers:
        worker.start()

    def feed() -> None:
        # From a thread: written from here, a long batch fills the tasks pipe while the workers' results fill
        # theirs, and all three processes wait on each other (seen: 1,000 files, --jobs 2, no progress)
        for item in enumerate(paths):
            tasks.put(item)
        for _ in workers:
            tasks.put(None)

    import threading

    feeder = threading.Thread(target=feed, daemon=True)
    completed = False
    try:
        feeder.start()
        waiting: dict[int, Checked] = {}
        for following in range(len(paths)):
            while following not in waiting:
                i, checked, failure = results.get()
                if failure is not None:
                    raise RuntimeError(failure)
                waiting[i] = checked
            yield waiting.pop(following)
        completed = True
    finally:
        for worker in workers:
            if not completed:  # a failure, or the reader stopped early: the workers' files are not wanted
                worker.terminate()
            worker.join()


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


def _cluster_results(job: Job, paths: list[Path], starting: Any, previous_file: Path | None) -> Iterator[Checked]:
    """The results from a Dask cluster (engine/checking/cluster.py), started while the rulebook was read."""
    from engine.checking import cluster

    started = starting.ready()
    return cluster.results(job, paths, started.client, rulebook_path=None, previous_file=previous_file,
                           by_path=True if started.local is not None else None, plugin=started.plugin,
                           threads=started.threads, budget=started.budget, own=started.local is not None)


def run_batch(paths: list[Path], *, rulebook_path: Path | None, fmt: str, fail_on: str, jobs: int | None,
              lang: str, load_book: Callable, echo: Callable, profile: str | None = None,
              previous=None, per_file: Path | None = None, cluster: Any = None,
              report_file: Path | None = None, previous_file: Path | None = None) -> int:
    """Checks every file, writing as it goes; returns the exit code (0 clean, 1 fail level reached, 2 unreadable).
    `cluster`: a cluster being started (engine/checking/cluster.py Starting) to run the batch on."""
    book = load_book(rulebook_path)  # diagnosed and compiled once, in this process, before any worker starts
    single = len(paths) == 1
    job = Job(book, lang, profile, fmt, fail_on, single, previous, per_file)
    if per_file is not None:
        per_file.mkdir(parents=True, exist_ok=True)
        fmt = "table"  # one summary line per file on screen, each full report in its own file
    if cluster:
        gc.enable()  # the Dask client's threads make cyclic garbage (the CLI starts with the collector off)
        return _write(paths, _cluster_results(job, paths, cluster, previous_file), book, fmt, lang, single, echo,
                      by_hand=False, report_file=report_file)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    return _write(paths, _results(job, paths, jobs), book, fmt, lang, single, echo, by_hand=not single,
                  report_file=report_file)


def _write(paths: list[Path], results: Iterator[Checked], book: Any, fmt: str, lang: str, single: bool,
           echo: Callable, by_hand: bool, report_file: Path | None = None) -> int:
    """Writes each result as it comes; `by_hand`: the collector runs every _COLLECT_EVERY documents (local
    workers); a cluster client keeps it automatic (its own threads make cyclic garbage)."""
    from engine.checking.formats import FORMATS, HEADINGS

    progress = _Progress(len(paths), enabled=not single and sys.stderr.isatty())
    totals = [0, 0, 0]  # errors, warnings, infos
    bad = failed = 0
    junit: list[Report] = []
    form = FORMATS[fmt]
    if form.opening and not single:
        echo(form.opening)
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
            elif form.between and not single:
                echo(("" if first else form.between) + (done.text or ""))
            else:
                echo(done.text)
            first = False
    if form.closing and not single:
        echo(form.closing)
    if form.many is not None:
        echo(form.many(junit, book, lang))
    if form.write is not None:
        assert report_file is not None  # the CLI asks for -o
        form.write(junit, report_file, lang)
    if not single and form.totals:
        echo(HEADINGS[lang]["totals"].format(files=len(paths), bad=bad, errors=totals[0], warnings=totals[1],
                                             infos=totals[2]))
    return 2 if bad else (1 if failed else 0)
