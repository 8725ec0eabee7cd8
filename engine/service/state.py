"""The served rulebook: compiled once, swapped under the edit lock after a write, reloaded when its files change."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from engine.rules.loader import Rulebook, RulebookError, load_rulebook
from engine.service.store import EditLock
from engine.service.yamlfile import versions_in

log = logging.getLogger("rulebook.service")


@dataclass(frozen=True)
class Snapshot:
    """One consistent view: the compiled rulebook and each rule's version, swapped as a whole."""

    book: Rulebook
    versions: dict[str, str]
    stamps: dict[Path, int | None]
    problems: list[dict] = field(default_factory=list)  # diagnostics of a newer file version that did not load


def _stamp(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _watched(book: Rulebook) -> set[Path]:
    folder = book.path.parent
    files = {book.path} | {rule.file for rule in book.rules}
    files |= {p.resolve() for p in folder.glob("*.yaml")}
    return {Path(p) for p in files}


def versions_of(book: Rulebook) -> dict[str, str]:
    versions: dict[str, str] = {}
    for path in sorted({rule.file for rule in book.rules}):
        try:
            versions.update(versions_in(path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return versions


class ServedRulebook:
    """Holds the current Snapshot; `current()` is cheap (a stat per file) and reloads when a file changed."""

    def __init__(self, path: Path | str | None) -> None:
        book = load_rulebook(path)  # a broken rulebook at start-up is the operator's error: raise
        self.entry = book.path.resolve()
        self.folder = self.entry.parent
        self.lock = EditLock(self.folder / ".rulebook.lock")
        self._snapshot = self._snap(book)

    def _snap(self, book: Rulebook, problems: list[dict] | None = None) -> Snapshot:
        stamps = {p: _stamp(p) for p in _watched(book)}
        return Snapshot(book, versions_of(book), stamps, problems or [])

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def changed(self) -> bool:
        return any(_stamp(p) != s for p, s in self._snapshot.stamps.items())

    def current(self) -> Snapshot:
        """Reloads a changed rulebook; while an edit holds the lock (here or in another process), readers get the
        last snapshot at once instead of waiting: the edit swaps in the new one when it is done."""
        if self.changed():
            with self.lock.hold(wait=False) as held:
                if held and self.changed():
                    self.reload()
        return self._snapshot

    def reload(self) -> Snapshot:
        """Loads the files as they are now; if they do not load, keeps serving the last good rulebook."""
        old = self._snapshot
        try:
            book = load_rulebook(self.entry)
        except RulebookError as exc:
            log.warning("rulebook reload refused: %d diagnostics", len(exc.diagnostics))
            # remember the broken files' stamps so we do not retry on every request
            stamps = {p: _stamp(p) for p in old.stamps}
            self._snapshot = Snapshot(old.book, old.versions, stamps, [d.to_dict() for d in exc.diagnostics])
            return self._snapshot
        self._snapshot = self._snap(book)
        return self._snapshot

    def swap(self, book: Rulebook) -> None:
        """After an accepted write (caller holds the lock)."""
        self._snapshot = self._snap(book)
