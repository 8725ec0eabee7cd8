"""Timing helpers for the benchmark: best-of-k in process, subprocess wall time, and peak memory of a process tree."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best(fn, k: int, setup=None) -> float:
    """Best of k wall times of fn() in seconds (the least disturbed run); setup() runs before each, untimed."""
    times = []
    for _ in range(k):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def best_of_each(fns: dict[str, Callable[[], object]], k: int) -> dict[str, float]:
    """Best of k wall times of each function, the functions taking turns: a ratio of two of them is then measured
    over the same stretch of a machine whose speed drifts (two back-to-back best-of-3s could differ by 1.5×)."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(k):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: min(t) for name, t in times.items()}


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    return e


def wall(argv: list[str], k: int, extra: dict | None = None, codes: tuple[int, ...] = (0,)) -> float:
    """Best of k wall times of a subprocess (output discarded); `codes`: the exit codes that count as success."""
    def run() -> None:
        code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**env(), **(extra or {})},
                              cwd=ROOT).returncode
        if code not in codes:
            raise subprocess.CalledProcessError(code, argv)
    return best(run, k)


def cpu(argv: list[str], k: int, extra: dict | None = None) -> float:
    """Best of k CPU times (user + system) of a subprocess: on a loaded machine wall time mostly measures the load."""
    import resource

    times = []
    for _ in range(k):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**env(), **(extra or {})},
                       cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(times)


_PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants. It walks only the tree, through each thread's
    /proc/…/children: scanning all of /proc cost 3.6 ms a sample, 7% of a core taken from the batch it measured."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * _PAGE
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack += map(int, f.read().split())
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue
    return total


@dataclass
class Batch:
    seconds: float
    tree_peak_mb: float  # sampled sum of RSS over the process tree
    maxrss_mb: float  # wait4's ru_maxrss: the largest single process (the main one or a worker)
    returncode: int


class Sampler:
    """Calls `tick()` every `interval` seconds in a thread while in use (`with`); `spent` is the sampler's own CPU
    (not the measured process's)."""

    def __init__(self, interval: float) -> None:
        self.interval, self.spent = interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def tick(self) -> None:
        raise NotImplementedError

    def _sample(self) -> None:
        began = time.thread_time()
        while not self._stop.is_set():
            self.tick()
            self._stop.wait(self.interval)
        self.spent = time.thread_time() - began

    def __enter__(self):  # the subclass's own type
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


class TreePeak(Sampler):
    """Samples a process tree's RSS: `peak` in bytes."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(interval)
        self.pid, self.peak = pid, 0

    def tick(self) -> None:
        self.peak = max(self.peak, _tree_rss(self.pid))


def batch(argv: list[str], out: Path, interval: float = 0.05) -> Batch:
    """Runs argv with stdout to `out`, sampling the process tree's RSS until it exits."""
    with open(out, "wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL, env=env(), cwd=ROOT)
        with TreePeak(proc.pid, interval) as tree:
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Batch(seconds, tree.peak / 2**20, usage.ru_maxrss / 1024, proc.returncode)


def same_reports(a: Path, b: Path) -> bool:
    """Two (large) report files equal line by line, each report's `checked_at` (the clock) aside."""
    import re

    clock = re.compile(rb'"checked_at": ?"[^"]*"')
    with open(a, "rb") as fa, open(b, "rb") as fb:
        for x, y in zip(fa, fb, strict=False):
            if x != y and clock.sub(b"", x) != clock.sub(b"", y):
                return False
        return fa.read(1) == fb.read(1) == b""


def lines(path: Path) -> int:
    """Lines of a file, counted in bytes (decoding a 600 MB report file to count its lines took 3 s)."""
    with open(path, "rb") as f:
        return sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))


def load() -> str:
    """The 1, 5 and 15-minute load averages, as recorded beside a figure; "" where the system has none."""
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return ""


def machine() -> dict[str, str]:
    facts = {"python": sys.version.split()[0], "cores": str(os.cpu_count())}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                facts["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                facts["memory"] = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    facts["load"] = load() or "unknown"  # a busy machine skews every figure
    facts.setdefault("cpu", "unknown")
    facts.setdefault("memory", "unknown")
    return facts
