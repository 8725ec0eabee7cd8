"""Where a cluster batch's CPU goes: `rulebook check DIR --cluster ADDRESS` against a local Dask cluster this script
starts and warms first (as a user points the CLI at a running cluster), with the CPU of every process and of every
worker thread read from /proc before and after the batch; `--jobs 2` on the same files for comparison.

    python -m bench.cluster_profile DIR [--runs 2] [--defaults]
    python -m bench.cluster_profile DIR --start [--runs 5]

Prints, per run: wall and CPU of the client (the CLI process), of the scheduler, of each nanny and each worker, and
inside each worker the task thread (the checking) apart from the rest (event loop, heartbeats, communication).
With --start: the start of `--cluster local --jobs 2`, step by step (when each step began and ended, seconds from
the CLI's start: cluster up with its first worker, the rulebook's files listed and its plugin installed — in the
start thread —, the CLI's own rulebook load and file listing, the wait for the cluster, the first and last result),
the runs taking turns with `--jobs 2` on the same files (its wall for comparison).
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import ROOT, env

CLI = [sys.executable, "-c", "from engine.cli.main import main; main()"]


def _cpu(pid: int) -> float:
    """user + system CPU seconds of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _threads(pid: int, names: dict[int, str] | None = None) -> dict[str, float]:
    """CPU seconds of each thread of a process, by thread name (Python's names when given by native id; summed over
    threads of the same name)."""
    out: dict[str, float] = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except OSError:
            continue
        name = (names or {}).get(int(tid)) or stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def _thread_names() -> dict[int, str]:
    import re
    import threading

    # a pool's threads are numbered by creation ("ThreadPoolExecutor-0_0"): the number is not the role
    return {t.native_id: re.sub(r"-\d+_\d+$|-\d+$", "", t.name) for t in threading.enumerate()
            if t.native_id is not None}


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(argv: list[str], out: Path) -> tuple[float, float, int]:
    """(wall, CPU of the process and its children, exit code) of a CLI run, its output to `out`."""
    before = _children_cpu()
    start = time.perf_counter()
    with open(out, "wb") as sink:
        code = subprocess.run(argv, stdout=sink, stderr=subprocess.DEVNULL, env=env(), cwd=ROOT).returncode
    return time.perf_counter() - start, _children_cpu() - before, code


def _delta(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    return {k: b.get(k, 0.0) - a.get(k, 0.0) for k in b if b.get(k, 0.0) - a.get(k, 0.0) >= 0.005}


# Run as the CLI, each step of the start wrapped to print when it began and ended (stderr, one JSON line a step).
_STEPS = """
import json, sys, time
T0 = time.perf_counter()
from engine.checking import cluster
import engine.cli.rules as rules

def wrap(owner, name, label):
    f = getattr(owner, name)
    def timed(*a, **k):
        s = time.perf_counter()
        try:
            return f(*a, **k)
        finally:
            print(json.dumps([label, s - T0, time.perf_counter() - T0]), file=sys.stderr, flush=True)
    setattr(owner, name, timed)

for owner, name, label in [(cluster, "connect", "cluster up (first worker)"), (cluster, "rulebook_files", "files listed"),
                           (cluster, "install", "plugin installed"), (cluster.Starting, "ready", "CLI waits for it"),
                           (rules, "load_book", "CLI loads the rulebook"), (rules, "expand", "CLI lists the files")]:
    wrap(owner, name, label)
results = cluster.results
def timed_results(*a, **k):
    first = True
    for checked in results(*a, **k):
        if first:
            print(json.dumps(["first result", None, time.perf_counter() - T0]), file=sys.stderr, flush=True)
            first = False
        yield checked
    print(json.dumps(["last result", None, time.perf_counter() - T0]), file=sys.stderr, flush=True)
cluster.results = timed_results
from engine.cli.main import main
main()
"""


def start(folder: Path, runs: int) -> None:
    """The start of a local cluster, step by step, against `--jobs 2` (module docstring)."""
    import json
    import statistics

    files = sorted(map(str, folder.glob("*.json")))
    steps: dict[str, list[tuple[float | None, float]]] = {}
    walls: dict[str, list[float]] = {"--jobs 2": [], "--cluster local --jobs 2": []}
    for r in range(runs):
        for side in (walls if r % 2 == 0 else reversed(list(walls))):
            argv = [sys.executable, "-c", _STEPS if "cluster" in side else "from engine.cli.main import main; main()",
                    "check", *files, *side.split(), "--format", "jsonl"]
            began = time.perf_counter()
            done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env(),
                                  cwd=ROOT)
            walls[side].append(time.perf_counter() - began)
            for line in done.stderr.splitlines():
                if line.startswith("["):
                    label, s, e = json.loads(line)
                    steps.setdefault(label, []).append((s, e))
    print(f"{len(files)} documents, {runs} runs each, load {os.getloadavg()[0]:.1f}; seconds from the CLI's start, "
          "median (min-max)")
    for label, spans in steps.items():
        ends = [e for _, e in spans]
        begins = [s for s, _ in spans if s is not None]
        began = f"from {statistics.median(begins):5.2f} " if begins else " " * 11
        print(f"  {label:28s} {began}to {statistics.median(ends):5.2f} ({min(ends):.2f}-{max(ends):.2f})")
    for side, w in walls.items():
        print(f"  whole run, {side:24s} {statistics.median(w):5.2f} s ({min(w):.2f}-{max(w):.2f})")


def main() -> None:
    import psutil
    from distributed import Client, LocalCluster

    folder = Path(sys.argv[1])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 2
    if "--start" in sys.argv:
        start(folder, runs)
        return
    n = len(list(folder.glob("*.json")))
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"cluster-profile-{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True)
    import dask

    from engine.checking.cluster import LOCAL_CONFIG

    # the settings the README gives for `dask worker`; `--defaults`: Dask's own
    with dask.config.set({} if "--defaults" in sys.argv else LOCAL_CONFIG):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               scheduler_kwargs={"dashboard": False})
    client = Client(cluster)
    client.wait_for_workers(2)
    me = psutil.Process()
    workers = client.run(os.getpid)
    names = {pid: client.run(_thread_names, workers=[w])[w] for w, pid in workers.items()}
    nannies = {p.pid for p in me.children() if p.pid not in workers.values()}
    print(f"{n} documents, load {os.getloadavg()[0]:.1f}; scheduler in this process ({os.getpid()}), "
          f"workers {sorted(workers.values())}, nannies {sorted(nannies)}")
    # warm: each worker loads the rulebook once (the plugin), as on a cluster that has run a batch before
    _run(CLI + ["check", *sorted(map(str, folder.glob("*.json")))[:4], "--cluster", cluster.scheduler_address,
                "--format", "jsonl"], tmp / "warm.jsonl")
    for r in range(runs):
        wall, cpu, code = _run(CLI + ["check", str(folder), "--jobs", "2", "--format", "jsonl"], tmp / "jobs2.jsonl")
        print(f"run {r + 1} --jobs 2: wall {wall:.1f} s, CPU {cpu:.1f} s ({1000 * cpu / n:.0f} ms/doc), exit {code}")
        sched0 = _threads(os.getpid())
        procs0 = {pid: _cpu(pid) for pid in [*workers.values(), *nannies]}
        names = {pid: client.run(_thread_names, workers=[w])[w] for w, pid in workers.items()}
        threads0 = {pid: _threads(pid, names[pid]) for pid in workers.values()}
        wall, cpu, code = _run(CLI + ["check", str(folder), "--cluster", cluster.scheduler_address, "--format",
                                      "jsonl"], tmp / "cluster.jsonl")
        procs = {pid: _cpu(pid) - procs0[pid] for pid in procs0}
        sched = _delta(sched0, _threads(os.getpid()))
        total = cpu + sum(procs.values()) + sum(sched.values())
        print(f"run {r + 1} cluster (warm): wall {wall:.1f} s, CPU {total:.1f} s ({1000 * total / n:.0f} ms/doc), "
              f"exit {code}")
        print(f"  client (CLI process): {cpu:.2f} s")
        print(f"  scheduler (this process): {sum(sched.values()):.2f} s  {sched}")
        for pid in nannies:
            print(f"  nanny {pid}: {procs[pid]:.2f} s")
        for name, pid in workers.items():
            names[pid].update(client.run(_thread_names, workers=[name])[name])
            threads = _delta(threads0[pid], _threads(pid, names[pid]))
            print(f"  worker {pid}: {procs[pid]:.2f} s  " + ", ".join(f"{k} {v:.2f}" for k, v in
                                                                     sorted(threads.items(), key=lambda kv: -kv[1])))
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()
