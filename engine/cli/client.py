"""The check daemon's client and wire format. A one-file `rulebook check` from a script pays Python's imports and
the rulebook load every time; when a daemon (engine/service/daemon.py) is running, the command line is handed to it
over a Unix socket instead. This module is imported before anything else of the engine: standard library only.

Wire format: each side sends one frame, a 4-byte big-endian length and a JSON object; the reply to a command line is
followed by two more frames, its stdout and stderr bytes."""
from __future__ import annotations

import json
import os
import stat
import struct
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a daemon's socket exists: a check in this process never opens one
    import socket

# options of `check` that take a value (the rest are flags or the files): used only to count the files
_VALUED = {"--rulebook", "--format", "--fail-on", "--jobs", "-j", "--profile", "--select", "--ignore", "-o",
           "--output", "--previous", "--cluster", "--lang"}
_LIMIT = 1 << 30  # a frame larger than this is not ours


def version() -> str:
    from engine import __version__  # engine/__init__.py holds only the version

    return __version__


def socket_path() -> str:
    """The socket of this user's daemon for this engine version: in the user's runtime dir (RULEBOOK_DAEMON_DIR
    overrides, as the tests do), in a folder only the user can enter."""
    folder = os.environ.get("RULEBOOK_DAEMON_DIR")
    if not folder:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        folder = os.path.join(runtime, "rulebook") if runtime else f"/tmp/rulebook-{os.getuid()}"
    return os.path.join(folder, f"check-{version()}.sock")


def safe_folder(folder: str) -> bool:
    """The socket's folder is ours and closed to others (a socket someone else put there is not trusted)."""
    try:
        st = os.lstat(folder)  # a symlink put there by someone else is not our folder, wherever it points
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">I", len(payload)) + payload)


def receive(sock: socket.socket) -> bytes:
    head = _exactly(sock, 4)
    (size,) = struct.unpack(">I", head)
    if size > _LIMIT:
        raise OSError("frame too large")
    return _exactly(sock, size)


def _exactly(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise OSError("connection closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def ask(request: dict[str, Any], timeout: float | None = None) -> tuple[dict[str, Any], socket.socket] | None:
    """Send `request` to the running daemon: its reply and the open socket, or None when no daemon answers."""
    path = socket_path()
    if not safe_folder(os.path.dirname(path)):
        return None
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
        send(sock, json.dumps(request).encode())
        reply = json.loads(receive(sock))
    except (OSError, ValueError):
        sock.close()
        return None
    return reply, sock


def one_file_check(argv: list[str]) -> bool:
    """`[--lang X] check … FILE …` with exactly one existing file and nothing a daemon would do differently: no
    stdin, no cluster, no debugging traceback, no progress bar (only a batch on a terminal shows one)."""
    if os.environ.get("RULEBOOK_NO_DAEMON") or os.environ.get("RULEBOOK_DEBUG"):
        return False
    args = list(argv)
    while args and args[0].startswith("--lang"):
        del args[:1 if "=" in args[0] else 2]
    if not args or args[0] != "check":
        return False
    files, skip = [], False
    for arg in args[1:]:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif arg == "-" or arg.startswith("--cluster"):
            return False
        elif not arg.startswith("-"):
            files.append(arg)
    return len(files) == 1 and os.path.isfile(files[0])


def forward(argv: list[str]) -> int | None:
    """Run a one-file check in the daemon: its exit code once its stdout and stderr are written here, or None when
    this process must run the command itself (not a one-file check, no daemon, a daemon that declined)."""
    if not one_file_check(argv):
        return None
    env = dict(os.environ)
    if "COLUMNS" not in env:  # the table is as wide as this terminal, which the daemon has not got
        try:
            env["COLUMNS"] = str(os.get_terminal_size(sys.stdout.fileno()).columns)
        except (OSError, ValueError):
            pass
    answered = ask({"op": "run", "argv": argv, "cwd": os.getcwd(), "env": env, "version": version()})
    if answered is None:
        return None
    reply, sock = answered
    try:
        if reply.get("op") != "ran":  # declined (another engine version, a rulebook it cannot load…)
            return None
        out, err = receive(sock), receive(sock)
    except OSError:
        return None
    finally:
        sock.close()
    sys.stdout.flush()
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    sys.stderr.flush()
    sys.stderr.buffer.write(err)
    sys.stderr.buffer.flush()
    return int(reply["code"])
