"""The worker plugin of `rulebook check --cluster` (its own module: importing Dask costs start-up time, so only
a cluster batch imports it)."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from distributed import WorkerPlugin

from engine.checking.job import Job


class BookPlugin(WorkerPlugin):
    """Set up on every worker: writes the rulebook's files under a private folder, compiles them once, and keeps the
    batch's Job (rulebook, language, profile, format) on the worker, as `run_batch` builds it before forking."""

    name = "rulebook-book"
    idempotent = False

    def __init__(self, top: str, files: dict[str, bytes], settings: dict) -> None:
        self.top, self.files, self.settings = top, files, settings

    def setup(self, worker=None) -> None:
        import gc

        from engine.rules.loader import load_rulebook

        # A folder named by the files' content: a worker restarted on this machine finds its compiled-form cache
        # entry (keyed by path and content) and starts without parsing again.
        digest = hashlib.sha256(repr(sorted((k, hashlib.sha256(v).hexdigest()) for k, v in self.files.items()))
                                .encode()).hexdigest()[:16]
        user = getattr(os, "getuid", lambda: "")()
        folder = Path(tempfile.gettempdir()) / f"rulebook-worker-{user}-{digest}"
        for name, data in self.files.items():
            target = folder / name.lstrip("/\\").replace(":", "")
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.is_file() or target.read_bytes() != data:
                fd, tmp = tempfile.mkstemp(dir=target.parent)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, target)  # workers on one machine may write the same file at once
        book = load_rulebook(folder / self.top.lstrip("/\\").replace(":", ""), cache=True)
        worker.rulebook_job = Job(book, **self.settings)
        gc.collect()
        gc.freeze()  # the compiled rulebook lives as long as the worker: the collector need not walk it

    def teardown(self, worker=None) -> None:  # noqa: ARG002
        pass  # the folder is shared by this machine's workers and named by content: it stays for the next one
