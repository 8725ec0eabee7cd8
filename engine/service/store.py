"""Durable file writes: atomic replace (temp file in the same folder, fsync, rename, fsync folder), the change log,
and an inter-process lock so two service processes on one rulebook also serialise their edits."""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a folder; the rename itself is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never a half-written one; a crash leaves at most a stray .tmp."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def append_change(log: Path, *, who: str, action: str, rule: str, file: str,
                  before: Any, after: Any, version_before: str | None, version_after: str | None) -> dict:
    """One JSON line per accepted change; the editor's token never appears, only its name."""
    entry = {"when": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "who": who, "action": action,
             "rule": rule, "file": file, "version_before": version_before, "version_after": version_after,
             "before": before, "after": after}
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return entry


class EditLock:
    """A thread lock for this process plus flock on a lock file for other processes serving the same rulebook."""

    def __init__(self, lock_file: Path) -> None:
        self.lock_file = lock_file
        self._thread_lock = threading.RLock()

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        with self._thread_lock:
            handle = _flock(self.lock_file)
            try:
                yield
            finally:
                if handle is not None:
                    handle.close()


def _flock(lock_file: Path):
    """An open, exclusively locked handle; None where flock is unavailable (the thread lock still serialises)."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        handle = open(lock_file, "a+")
    except OSError:
        return None  # a read-only folder: edits fail later with a clear message anyway
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    except OSError:
        handle.close()
        return None
    return handle
