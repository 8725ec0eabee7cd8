"""The check daemon: a warm local process that runs `rulebook check` command lines handed over by
engine/cli/client.py, so a script's one-file check pays neither Python's imports nor the rulebook load (the same
answer as mypy's dmypy or eslint_d). One check at a time; the command line runs through the same code as in a
process of its own (engine/cli/main.py run), in the client's folder and environment, so the output, stderr and
exit code are the same bytes. A rulebook is kept per content: when its files change, the next check loads it
again. Nothing of a document is logged or kept (仅供内部审核). It ends after `idle` seconds without a request.

    python -m engine.service.daemon [--idle SECONDS] [--rulebook PATH]   (started by `rulebook daemon start`)"""
from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import socket
import stat
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from engine.cli.client import receive, safe_folder, send, socket_path, version

IDLE = 900.0  # seconds without a request before the daemon ends


class Books:
    """Rulebooks kept loaded, each with the digests of the files it was read from; a check gets a shallow copy
    (`--select` replaces the copy's rule list, never the kept one)."""

    def __init__(self, keep: int = 4) -> None:
        self._kept: dict[Path, tuple[dict[str, str], Any]] = {}
        self._keep = keep
        self.loads = 0

    def load(self, path: Path | None, loader: Callable[[Path | None], Any]) -> Any:
        key = _entry(path)
        kept = self._kept.get(key)
        if kept is not None and all(_digest(Path(f)) == d for f, d in kept[0].items()):
            return copy.copy(kept[1])
        book = loader(path)  # a rulebook with errors raises here and is not kept
        self.loads += 1
        files = _files(key)
        if files:
            self._kept.pop(key, None)
            if len(self._kept) >= self._keep:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = (files, book)
        return copy.copy(book)

    def names(self) -> list[str]:
        return [str(p) for p in self._kept]


def _entry(path: Path | None) -> Path:
    from engine.rules.loader import default_rulebook

    entry = Path(path) if path else default_rulebook()
    return (entry / "default.yaml" if entry.is_dir() else entry).resolve()


def _files(entry: Path) -> dict[str, str]:
    """The rulebook's files and their digests, from its cache entry (which the load just made or found); none when
    the cache is off, and then the rulebook is loaded for every check."""
    from engine.rules import cache

    found = cache.lookup(entry) if cache.enabled() else None
    return dict(found["files"]) if found else {}


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class Daemon:
    def __init__(self, idle: float = IDLE) -> None:
        self.idle = idle
        self.books = Books()
        self.started = time.time()
        self.served = 0
        self.running: threading.Thread | None = None

    def serve(self, preload: Path | None = None) -> None:
        path = socket_path()
        folder = os.path.dirname(path)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid():
            os.chmod(folder, 0o700)  # our own folder, made under another umask
        if not safe_folder(folder):  # never chmod or unlink inside a folder that is not plainly ours
            raise OSError(f"{folder}：不是本用户独占的文件夹 / not a folder only this user can enter")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            os.unlink(path)  # a socket left by a daemon that was killed (start checked that none answers)
        except FileNotFoundError:
            pass
        old = os.umask(0o177)
        try:
            listener.bind(path)  # created 0600
        finally:
            os.umask(old)
        listener.listen(16)
        listener.settimeout(self.idle)
        self._warm(preload)
        try:
            while True:
                try:
                    conn, _ = listener.accept()
                except socket.timeout:
                    if self._busy():
                        continue
                    return
                running = self.running
                going = self._handle(conn)
                if self.running is running:  # not handed to a new check thread: done with it here
                    conn.close()
                if not going:
                    if self.running is not None:
                        self.running.join()
                    return
        finally:
            listener.close()
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass

    def _warm(self, preload: Path | None) -> None:
        """Check a bundled sample once, so the first request finds the rulebook loaded and the modules imported."""
        from engine.resources import sample

        book = ["--rulebook", str(preload)] if preload else []
        self._run(["check", str(sample("yangquan-czj-2024.json")), "--format", "json", *book], os.getcwd(),
                  dict(os.environ))
        self.served = 0
        import gc

        gc.freeze()  # the loaded rulebook lives as long as the daemon: collections need not walk it

    def _handle(self, conn: socket.socket) -> bool:
        """Answer one request; False when asked to stop."""
        if not _same_user(conn):
            return True
        conn.settimeout(60)
        try:
            request = json.loads(receive(conn))
        except (OSError, ValueError):
            return True
        if not isinstance(request, dict):
            return True
        op = request.get("op")
        try:
            if op == "status":
                send(conn, json.dumps({"op": "status", "pid": os.getpid(), "version": version(),
                                       "served": self.served, "loads": self.books.loads,
                                       "rulebooks": self.books.names(), "idle": self.idle,
                                       "uptime": round(time.time() - self.started, 1)}).encode())
                return True
            if op == "stop":
                send(conn, json.dumps({"op": "stopped", "pid": os.getpid()}).encode())
                return False
            if op != "run" or request.get("version") != version():
                send(conn, json.dumps({"op": "declined"}).encode())
                return True
            argv, cwd, env = request.get("argv"), request.get("cwd"), request.get("env")
            if not (isinstance(argv, list) and isinstance(cwd, str) and isinstance(env, dict)):
                send(conn, json.dumps({"op": "declined"}).encode())
                return True
            if self._busy():  # one check at a time (cwd, environment and stdout are the process's): run your own
                send(conn, json.dumps({"op": "declined"}).encode())
                return True
            self.running = threading.Thread(target=self._answer, args=(conn, argv, cwd, env), daemon=True)
            self.running.start()  # the thread answers and closes conn
        except OSError:  # the client went away: nothing to answer
            pass
        return True

    def _busy(self) -> bool:
        return self.running is not None and self.running.is_alive()

    def _answer(self, conn: socket.socket, argv: list[str], cwd: str, env: dict[str, str]) -> None:
        with conn:
            try:
                code, out, err = self._run(argv, cwd, env)
                send(conn, json.dumps({"op": "ran", "code": code}).encode())
                send(conn, out)
                send(conn, err)
            except OSError:  # the client went away: nothing to answer
                pass

    def _run(self, argv: list[str], cwd: str, env: dict[str, str]) -> tuple[int, bytes, bytes]:
        import gc

        from engine.cli.main import run

        self.served += 1
        try:
            with _captured(cwd, env) as (out, err):
                code = run(list(argv), obj={"books": self.books})
                sys.stdout.flush()
                sys.stderr.flush()
            return code, out.getvalue(), err.getvalue()
        finally:
            gc.collect()  # the check ran with the collector off, as in a process of its own


class _captured:
    """The client's folder, environment and fresh stdout/stderr for one command line; everything restored after."""

    def __init__(self, cwd: str, env: dict[str, str]) -> None:
        self.cwd, self.env = cwd, env

    def __enter__(self) -> tuple[io.BytesIO, io.BytesIO]:
        self.saved = (os.getcwd(), dict(os.environ), sys.stdout, sys.stderr)
        os.chdir(self.cwd)
        os.environ.clear()
        os.environ.update(self.env)
        out, err = io.BytesIO(), io.BytesIO()
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", newline=None)
        sys.stderr = io.TextIOWrapper(err, encoding="utf-8", newline=None)
        return out, err

    def __exit__(self, *exc: Any) -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
                stream.detach()  # the BytesIO stays readable
            except ValueError:
                pass
        cwd, env, sys.stdout, sys.stderr = self.saved
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)


def _same_user(conn: socket.socket) -> bool:
    """Only this user's processes may hand over files (the socket is 0600 already; this is the second lock)."""
    import struct

    try:
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except (OSError, AttributeError):
        return True  # no peer credentials on this system: the 0600 socket in a 0700 folder decides
    _, uid, _ = struct.unpack("3i", creds)
    return uid == os.getuid()


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m engine.service.daemon")
    parser.add_argument("--idle", type=float, default=IDLE)
    parser.add_argument("--rulebook", type=Path, default=None)
    args = parser.parse_args(argv)
    Daemon(args.idle).serve(args.rulebook)


if __name__ == "__main__":
    main()
