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
        from engine.checking.formats import as_json, as_jsonl, as_table, summary_line

        name, report, error = self.check_file(path, shown)
        if report is None:
            return Checked(name, error)
        s = report.summary
        if self.per_file is not None:
            return Checked(name, None, self._write_own_report(path, report), None, (s.errors, s.warnings, s.infos),
                           report.reaches(self.fail_on))
        if self.fmt == "jsonl":
            text = as_jsonl(report)
        elif self.fmt == "json":
            text = as_json(report) if self.single else as_json(report, indent=None)
        elif self.fmt == "table":
            text = as_table(report, self.lang) if self.single else f"{name}: {summary_line(report, self.lang)}"
        else:
            text = None
        return Checked(name, None, text, report if text is None else None, (s.errors, s.warnings, s.infos),
                       report.reaches(self.fail_on))


    def _write_own_report(self, path: Path, report: Report) -> str:
        """check -o DIR: the file's full report in DIR/<name>.<ext>; returns the summary line to print."""
        from engine.checking.formats import as_json, as_junit, as_table, summary_line

        if self.fmt == "junit":
            text = as_junit([report], self.book, self.lang)
        elif self.fmt == "sarif":
            from engine.checking.sarif import as_sarif

            text = as_sarif([report], self.book, self.lang)
        elif self.fmt == "table":
            text = as_table(report, self.lang)
        elif self.fmt == "html":
            from engine.reports.html import as_html

            text = as_html([report], self.lang)
        else:
            text = as_json(report, indent=None if self.fmt == "jsonl" else 1)
        assert self.per_file is not None
        target = self.per_file / f"{path.name}.{_EXTENSION[self.fmt]}"
        target.write_text(text + "\n", "utf-8")
        return f"{path}: {summary_line(report, self.lang)} → {target}"


_EXTENSION = {"table": "txt", "json": "json", "jsonl": "jsonl", "junit": "xml", "sarif": "sarif", "html": "html"}
