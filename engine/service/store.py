"""Durable file writes: atomic replace (temp file in the same folder, fsync, rename, fsync folder), the change log,
and an inter-process lock so two service processes on one rulebook also serialise their edits."""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import uuid
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


def change_entry(*, who: str, action: str, rule: str, file: str, before: Any, after: Any,
                 version_before: str | None, version_after: str | None) -> dict:
    """One change-log entry; the editor's token never appears, only its name. `id` ties it to its journal."""
    return {"id": uuid.uuid4().hex, "when": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "who": who, "action": action, "rule": rule, "file": file, "version_before": version_before,
            "version_after": version_after, "before": before, "after": after}


def append_change(log: Path, entry: dict) -> None:
    """Appends one JSON line and fsyncs; on failure (a full disk) the log is cut back to where it was, so it never
    ends in half a line written by us."""
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    log.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        size = os.fstat(fd).st_size
        try:
            written = 0
            while written < len(line):
                written += os.write(fd, line[written:])
            os.fsync(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)


class EditLock:
    """A thread lock for this process plus flock on a lock file for other processes serving the same rulebook.

    Re-entrant: a thread already holding it (an edit that reloads the rulebook it finds changed on disk) goes on
    without taking the file lock again; flock on a second descriptor would wait for itself forever."""

    def __init__(self, lock_file: Path) -> None:
        self.lock_file = lock_file
        self._thread_lock = threading.RLock()
        self._depth = 0  # holds by the owning thread; only touched while _thread_lock is held

    @contextlib.contextmanager
    def hold(self, wait: bool = True) -> Iterator[bool]:
        """Yields True once held; with wait=False yields False at once when another thread or process holds it."""
        if not self._thread_lock.acquire(blocking=wait):
            yield False
            return
        try:
            handle = None
            if self._depth == 0:
                handle = _flock(self.lock_file, wait)
                if handle is False:
                    yield False
                    return
            self._depth += 1
            try:
                yield True
            finally:
                self._depth -= 1
                if handle:
                    handle.close()
        finally:
            self._thread_lock.release()


def _flock(lock_file: Path, wait: bool = True):
    """An open, exclusively locked handle; None where flock is unavailable (the thread lock still serialises);
    False when not waiting and another process holds it."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        handle = open(lock_file, "a+")
    except OSError:
        return None  # a read-only folder: edits fail later with a clear message anyway
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return False
    except OSError:
        handle.close()
        return None
    return handle
