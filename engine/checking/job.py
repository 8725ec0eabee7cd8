"""One batch's settings and how it checks one file (Job), and what a checked file sends back (Checked): shared by
the local batch (engine/checking/batch.py) and the cluster's workers (engine/checking/cluster.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.checking.findings import Report

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


@dataclass(frozen=True)
class Job:
    """What every file of one batch is checked with: built before workers fork, so they inherit the compiled rulebook
    (nothing is compiled twice) without it being pickled."""

    book: Any
    lang: str = "zh"
    profile: str | None = None  # --profile: forced on every imported file
    fmt: str = "table"
    fail_on: str = "error"
    single: bool = False
    previous: Any = None  # --previous: last year's disclosure, loaded once
    per_file: Path | None = None  # check -o DIR: one report per file written there

    def check_file(self, path: Path, name: str | None = None) -> tuple[str, Report | None, str | None]:
        """(file, report, error): never raises for a bad file, so one bad submission does not stop a batch.
        `name` is the file's name in the report when it differs from where it is read (a cluster worker's copy)."""
        from engine.checking.check import check
        from engine.checking.previous import PreviousError
        from engine.importers import DisclosureError, load_disclosure

        name = str(path) if name is None else name
        try:
            doc = load_disclosure(path, profile=self.profile)
            return name, check(doc, self.book, lang=self.lang, file=name, previous=self.previous), None
        except DisclosureError as exc:
            return name, None, exc.message(self.lang)
        except PreviousError as exc:
            return name, None, exc.en if self.lang == "en" else exc.zh

    def checked(self, path: Path, shown: str | None = None) -> Checked:
        name, report, error = self.check_file(path, shown)
        if report is None:
            return Checked(name, error)
        return self.outcome(path, name, report)

    def outcome(self, path: Path, name: str, report: Report) -> Checked:
        """What the writer needs of one checked file; `path` is where it is on this machine (check -o DIR names
        the file's report after it)."""
        from engine.checking.formats import FORMATS

        s = report.summary
        totals = (s.errors, s.warnings, s.infos)
        if self.per_file is not None:
            return Checked(name, None, self._write_own_report(path, report), None, totals, report.reaches(self.fail_on))
        one = FORMATS[self.fmt].one
        text = one(report, name, self.lang, self.single) if one is not None else None
        return Checked(name, None, text, report if text is None else None, totals, report.reaches(self.fail_on))

    def _write_own_report(self, path: Path, report: Report) -> str:
        """check -o DIR: the file's full report in DIR/<name>.<ext>; returns the summary line to print."""
        from engine.checking.formats import FORMATS, summary_line

        form = FORMATS[self.fmt]
        assert self.per_file is not None
        target = self.per_file / f"{path.name}.{form.extension}"
        form.save(report, self.book, self.lang, target)
        return f"{path}: {summary_line(report, self.lang)} → {target}"
