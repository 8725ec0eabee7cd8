"""Checking one file or thousands: worker processes, streamed output, flat memory, a progress bar on a terminal."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from engine.findings import Report

_BOOK = None  # the compiled rulebook, set before workers fork (they inherit it: nothing is compiled twice)
_LANG = "zh"
_PROFILE: str | None = None  # --profile: forced on every imported file


def _use(book, lang: str, profile: str | None) -> None:
    global _BOOK, _LANG, _PROFILE
    _BOOK, _LANG, _PROFILE = book, lang, profile


def check_file(path: Path) -> tuple[str, Report | None, str | None]:
    """(file, report, error): never raises for a bad file, so one bad submission does not stop a batch."""
    from engine.check import check
    from engine.importers import DisclosureError, load_disclosure

    try:
        doc = load_disclosure(path, profile=_PROFILE)
    except DisclosureError as exc:
        return str(path), None, exc.message(_LANG)
    return str(path), check(doc, _BOOK, lang=_LANG, file=str(path)), None


def _results(paths: list[Path], book, lang: str, jobs: int, profile: str | None = None) -> Iterator:
    _use(book, lang, profile)
    if jobs <= 1:
        yield from map(check_file, paths)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(check_file, paths, chunksize=max(1, min(32, len(paths) // (jobs * 8) or 1)))


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


def run_batch(paths: list[Path], *, rulebook_path: Path | None, fmt: str, fail_on: str, jobs: int | None,
              lang: str, load_book: Callable, echo: Callable, profile: str | None = None) -> int:
    """Checks every file, writing as it goes; returns the exit code (0 clean, 1 fail level reached, 2 unreadable)."""
    from engine.report import HEADINGS, as_json, as_jsonl, as_junit, as_table, summary_line

    book = load_book(rulebook_path)  # diagnosed and compiled once, in this process, before any worker starts
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    single = len(paths) == 1
    progress = _Progress(len(paths), enabled=not single and sys.stderr.isatty())
    totals = {"errors": 0, "warnings": 0, "infos": 0}
    bad = failed = 0
    junit: list[Report] = []
    if fmt == "json" and not single:
        echo("[")
    first = True
    for name, report, error in _results(paths, book, lang, jobs, profile):
        progress.step()
        if report is None:
            bad += 1
            echo(f"{name}: {error}", err=True)
            continue
        for key in totals:
            totals[key] += getattr(report.summary, key)
        failed += report.reaches(fail_on)
        if fmt == "jsonl":
            echo(as_jsonl(report))
        elif fmt == "json":
            echo(as_json(report) if single else ("" if first else ",") + as_json(report, indent=None))
        elif fmt == "junit":
            junit.append(report)
        elif single:
            echo(as_table(report, lang))
        else:
            echo(f"{name}: {summary_line(report, lang)}")
        first = False
    if fmt == "json" and not single:
        echo("]")
    if fmt == "junit":
        echo(as_junit(junit))
    if not single and fmt == "table":
        echo(HEADINGS[lang]["totals"].format(files=len(paths), bad=bad, **totals))
    return 2 if bad else (1 if failed else 0)
