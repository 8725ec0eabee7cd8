"""An edit and its change-log entry succeed or fail together, even across kill -9 and a full disk.

Protocol (always under the edit lock): 1. the entry is written to a pending journal beside the change log (atomic,
fsynced); 2. the rule file is replaced atomically; 3. the entry is appended to the change log; 4. the journal is
removed. A failure in 2 or 3 puts the old file back and removes the journal. After a crash, `recover()` (at start-up
and before every edit) reads a journal left behind: if the file holds the journalled version the edit was applied,
so its entry is appended unless already there; otherwise the edit never happened. Either way the journal goes.
It also removes the temporary files and candidate copies a crash can leave."""
from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
from pathlib import Path

from engine.service.candidate import CANDIDATE_PREFIX
from engine.service.errors import ApiError, refusal
from engine.service.store import append_change, write_atomic
from engine.service.yamlfile import versions_in

log = logging.getLogger("rulebook.service")

_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def storage_error(exc: OSError, rid: str) -> ApiError:
    """A write that failed: 507 when the disk (or quota) is full, 503 otherwise; nothing was saved either way."""
    if exc.errno in _FULL:
        return refusal(507, "storage_full", "S52", extra={"rule": rid}, rule=rid)
    return refusal(503, "storage_unavailable", "S53", headers={"Retry-After": "30"}, extra={"rule": rid}, rule=rid,
                   why=exc.strerror or type(exc).__name__)


class Journal:
    def __init__(self, changelog: Path, folder: Path) -> None:
        self.changelog = changelog
        self.pending = changelog.with_name(changelog.name + ".pending")
        self.folder = folder  # the served rulebook's folder: edits write only here

    # --- one edit --------------------------------------------------------------------------------

    def commit(self, path: Path, original: str, text: str, entry: dict) -> None:
        """Writes `text` to `path` and logs `entry`, both or neither (raises ApiError 507/503 on a write failure)."""
        try:
            self.changelog.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.pending, json.dumps({"path": str(path), "entry": entry}, ensure_ascii=False))
        except OSError as exc:
            raise storage_error(exc, entry["rule"]) from None
        try:
            write_atomic(path, text)
        except OSError as exc:
            self._drop()
            raise storage_error(exc, entry["rule"]) from None
        try:
            append_change(self.changelog, entry)
        except OSError as exc:
            try:
                write_atomic(path, original)
            except OSError:  # the journal stays: recovery decides from what the file holds
                log.error("edit of %s: neither logged nor undone; recovery will log it", entry["rule"])
                raise storage_error(exc, entry["rule"]) from None
            self._drop()
            raise storage_error(exc, entry["rule"]) from None
        self._drop()

    def _drop(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.pending)

    # --- after a crash ---------------------------------------------------------------------------

    def recover(self) -> str | None:
        """Settles a journal left by a crash: 'logged', 'discarded' or None (nothing to do). Caller holds the lock."""
        self._sweep()
        self._cut_partial_line()
        try:
            raw = self.pending.read_text("utf-8")
        except FileNotFoundError:
            return None
        except OSError:
            return None
        try:
            pending = json.loads(raw)
            entry, path = pending["entry"], Path(pending["path"])
        except (ValueError, KeyError, TypeError):
            self._drop()  # written atomically, so a broken journal was never ours to act on
            return "discarded"
        if self._applied(path, entry):
            if not self._logged(entry["id"]):
                append_change(self.changelog, entry)  # a failure here leaves the journal for the next attempt
            self._drop()
            return "logged"
        self._drop()
        return "discarded"

    @staticmethod
    def _applied(path: Path, entry: dict) -> bool:
        try:
            held = versions_in(path.read_text("utf-8")).get(entry["rule"])
        except (OSError, UnicodeDecodeError, ValueError):
            return False
        except Exception:  # noqa: BLE001 - a rule file broken by hand: the journalled text is not there
            return False
        return held == entry["version_after"]

    def _logged(self, entry_id: str) -> bool:
        try:
            with open(self.changelog, "rb") as handle:
                handle.seek(0, os.SEEK_END)
                handle.seek(max(0, handle.tell() - 256 * 1024))
                tail = handle.read()
        except FileNotFoundError:
            return False
        return f'"id": "{entry_id}"'.encode() in tail

    def _cut_partial_line(self) -> None:
        """A crash inside an append can leave half a line at the end: cut it (its journal re-appends it)."""
        try:
            with open(self.changelog, "rb+") as handle:
                size = handle.seek(0, os.SEEK_END)
                if size == 0:
                    return
                handle.seek(max(0, size - 1))
                if handle.read(1) == b"\n":
                    return
                start = max(0, size - 1024 * 1024)
                handle.seek(start)
                tail = handle.read()
                cut = tail.rfind(b"\n")
                handle.truncate(start + cut + 1 if cut >= 0 else start)
        except OSError:
            return

    def _sweep(self) -> None:
        """Temporary rule files and candidate rulebook copies that a killed process left behind."""
        for stray in self.folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()
        for stray in self.pending.parent.glob(f".{self.pending.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()
        for copy in self.folder.parent.glob(f"{CANDIDATE_PREFIX}{self.folder.name}-*"):
            shutil.rmtree(copy, ignore_errors=True)
