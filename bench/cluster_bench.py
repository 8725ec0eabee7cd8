"""Section 5 of bench/RESULTS.md, the batch: `--jobs 1`, `--jobs 2` and a two-worker Dask cluster on the same
generated documents, paired (the sides take turns within each round, so a machine whose load drifts weighs on both).

    python -m bench.cluster_bench                      # 1,000 documents, 2 rounds: 24-26 min at load 5-10 here (idle: ~6 min, estimated)
    python -m bench.cluster_bench --docs 200 --rounds 1 --no-write   # a quick look, RESULTS.md untouched

The cluster is measured two ways, as a user meets it:
- *warm*: `--cluster tcp://…` pointed at a cluster already running (started here before the rounds, with the
  settings the README gives for `dask worker`, and warmed by one small batch): the batch's CPU is the CLI's plus the
  scheduler's and the workers' over the run, read from /proc;
- *start included*: `--cluster local --jobs 2`, the CLI starting its own scheduler and two workers.
Every cluster output is compared with `--jobs 1`'s, report by report (`checked_at` aside). Figures: wall, CPU
(user + system of every process of the side), and the load average before each run. Raw figures go to
bench/results-cluster.json.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

from bench import measure

CLI = [sys.executable, "-c", "from engine.cli.main import main; main()"]
RESULTS = measure.ROOT / "bench" / "RESULTS.md"
RAW = measure.ROOT / "bench" / "results-cluster.json"


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Unreaped(measure.Sampler):
    """The CPU of a run's processes that the run's own process does not wait for, so its rusage misses them: a
    local cluster's workers, forked by multiprocessing's fork server (a child of the CLI that outlives it and reaps
    the workers itself). The tree is sampled (`interval`): each such process's CPU as last seen, so at most one
    interval per process is missed."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(interval)
        self.pid = pid
        self.seen: dict[int, tuple[int, float, bool | None]] = {}  # pid -> (parent, CPU seconds, a fork server?)

    def tick(self) -> None:
        stack = [self.pid]
        while stack:
            p = stack.pop()
            try:
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
                server = self.seen.get(p, (0, 0.0, None))[2]
                if server is None:
                    server = b"forkserver" in Path(f"/proc/{p}/cmdline").read_bytes()
                self.seen[p] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"),
                                server)
                for task in os.listdir(f"/proc/{p}/task"):
                    stack += map(int, Path(f"/proc/{p}/task/{task}/children").read_text().split())
            except (OSError, IndexError, ValueError):  # gone meanwhile
                continue

    def cpu(self) -> float:
        """The fork servers' CPU and their descendants'."""
        def under_server(p: int) -> bool:
            while p in self.seen:
                parent, _, server = self.seen[p]
                if server:
                    return True
                p = parent
            return False
        return sum(cpu for p, (_, cpu, _) in self.seen.items() if under_server(p))


def _idle() -> float:
    """Core-seconds the whole machine has been idle since boot (/proc/stat: idle + iowait)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return (int(fields[4]) + int(fields[5])) / os.sysconf("SC_CLK_TCK")


class _Stalls(measure.Sampler):
    """Was a slow run stalled, or starved by the machine? Samples the output's size and the machine's idle time
    (`interval`): the longest stretch in which no report came out, and how many cores the machine had idle meanwhile
    (a stall leaves cores idle; a machine busy with other work has none)."""

    def __init__(self, out: Path, interval: float = 0.25) -> None:
        super().__init__(interval)
        self.out = out
        self.samples: list[tuple[float, int, float]] = []  # (time, output bytes, machine idle core-seconds)

    def tick(self) -> None:
        try:
            size = self.out.stat().st_size
        except OSError:
            size = 0
        self.samples.append((time.perf_counter(), size, _idle()))

    def figures(self) -> dict:
        s = self.samples
        if len(s) < 2:
            return {}
        whole = (s[-1][2] - s[0][2]) / (s[-1][0] - s[0][0])
        writing = [i for i in range(1, len(s)) if s[i][1] > s[i - 1][1]]
        gap, at = 0.0, (0, 0)
        for a, b in zip(writing, writing[1:]):  # between the first report and the last
            if s[b][0] - s[a][0] > gap:
                gap, at = s[b][0] - s[a][0], (a, b)
        a, b = at
        during = (s[b][2] - s[a][2]) / gap if gap else 0.0
        return {"idle_cores": round(whole, 2), "longest_gap": round(gap, 2), "gap_idle_cores": round(during, 2)}


def _run(argv: list[str], out: Path, others: list[int] = ()) -> dict:  # type: ignore[assignment]
    """One CLI run, stdout to `out`: wall, CPU of its process tree (plus `others`' CPU over the run: a running
    cluster's workers; this process's, which hosts the scheduler, when `others` is given), peak tree RSS, load."""
    load = os.getloadavg()[0]
    before = {pid: _proc_cpu(pid) for pid in others}
    me = time.process_time() if others else 0.0
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL, env=measure.env(), cwd=measure.ROOT)
        with measure.TreePeak(proc.pid, 0.1) as tree, _Unreaped(proc.pid) as unreaped, _Stalls(out) as stalls:
            _, status, _ = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
    cluster_cpu = sum(_proc_cpu(pid) - before[pid] for pid in others)
    if others:
        cluster_cpu += time.process_time() - me - tree.spent - unreaped.spent - stalls.spent  # the scheduler,
        # hosted here (the samplers aside)
    cluster_cpu += unreaped.cpu()
    return {"wall": wall, "cpu": cpu + cluster_cpu, "cli_cpu": cpu, "unreaped_cpu": unreaped.cpu(),
            "peak_mb": tree.peak / 2**20, "load": load, "exit": os.waitstatus_to_exitcode(status),
            "reports": measure.lines(out), **stalls.figures()}


def _warm_cluster():
    """A running two-worker cluster, as `dask scheduler` + `dask worker --nthreads 1` with the README's settings."""
    import dask
    from distributed import Client, LocalCluster

    from engine.checking.cluster import LOCAL_CONFIG

    with dask.config.set(LOCAL_CONFIG):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               scheduler_kwargs={"dashboard": False})
    client = Client(cluster)
    client.wait_for_workers(2)
    return cluster, client, list(client.run(os.getpid).values())


def measure_batch(docs: int, rounds: int, tmp: Path) -> dict:
    from bench.generate import generate

    folder = tmp / "docs"
    generate(folder, docs, seed=11, text=False, jobs=2)
    source = str(folder / "json")
    out: dict = {"docs": docs, "rounds": [], "machine": measure.machine()}
    out["jobs1"] = _run(CLI + ["check", source, "--jobs", "1", "--format", "jsonl"], tmp / "jobs1.jsonl")
    cluster, client, workers = _warm_cluster()
    try:
        first = sorted(map(str, (folder / "json").glob("*.json")))[:4]
        _run(CLI + ["check", *first, "--cluster", cluster.scheduler_address, "--format", "jsonl"], tmp / "w.jsonl")
        sides = {
            "jobs2": lambda: _run(CLI + ["check", source, "--jobs", "2", "--format", "jsonl"], tmp / "jobs2.jsonl"),
            "warm": lambda: _run(CLI + ["check", source, "--cluster", cluster.scheduler_address, "--format",
                                        "jsonl"], tmp / "warm.jsonl", others=workers),
            "local": lambda: _run(CLI + ["check", source, "--cluster", "local", "--jobs", "2", "--format", "jsonl"],
                                  tmp / "local.jsonl"),
        }
        for r in range(rounds):
            order = list(sides) if r % 2 == 0 else list(reversed(sides))  # neither side always first
            row = {}
            for name in order:
                row[name] = sides[name]()
                if name != "jobs2":
                    row[name]["identical"] = measure.same_reports(tmp / f"{name}.jsonl", tmp / "jobs1.jsonl")
                print(f"round {r + 1} {name}: {_fmt(row[name])}", file=sys.stderr, flush=True)
            out["rounds"].append(row)
        out["worker_rss_mb"] = sum(client.run(_rss).values()) / 2**20
    finally:
        client.close()
        cluster.close()
    return out


def _rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def _fmt(run: dict) -> str:
    return (f"wall {run['wall']:.1f} s, CPU {run['cpu']:.1f} s, load {run['load']:.1f}, peak {run['peak_mb']:.0f} MB,"
            f" reports {run['reports']}, exit {run['exit']}" + (f", identical {run['identical']}"
                                                                 if "identical" in run else "")
            + (f", longest pause {run['longest_gap']:.1f} s ({run['gap_idle_cores']:.2f} cores idle meanwhile,"
               f" {run['idle_cores']:.2f} over the run)" if "longest_gap" in run else ""))


def section(r: dict) -> str:
    """Section 5 of RESULTS.md from the raw figures."""
    n, rounds = r["docs"], r["rounds"]
    labels = {"jobs2": "`--jobs 2`", "warm": "cluster, already running (`--cluster tcp://…`)",
              "local": "cluster, start included (`--cluster local --jobs 2`)"}
    lines = ["## 5. 批量校验", "",
             f"`rulebook check DIR --format jsonl` over {n:,} generated JSON disclosures, "
             f"`python -m bench.cluster_bench` (bench/cluster_bench.py; raw figures in bench/results-cluster.json). "
             f"Machine: {r['machine']['cpu']}, {r['machine']['cores']} cores. `--jobs 1` once (the reference "
             f"output), then {len(rounds)} round(s) in which `--jobs 2` and the two-worker Dask cluster (1 thread "
             "each) take turns, the order reversed every other round. CPU: user + system of every process of the "
             "side (for the running cluster: the CLI, the scheduler and both workers over the run). Peak: the "
             "sampled RSS of the CLI's process tree (the running cluster's workers not included: "
             f"{r['worker_rss_mb']:.0f} MB together at the end).", "",
             "Longest pause: the longest time between two reports coming out, with the cores the whole machine "
             "had idle meanwhile (a stall leaves cores idle; a machine busy with other work has none).", "",
             "| run | side | load | wall | documents / s | CPU | CPU per document | peak RSS | reports | "
             "identical to `--jobs 1` | longest pause (idle cores) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    j1 = r["jobs1"]
    lines.append(_row("—", "`--jobs 1`", j1, n, "(reference)"))
    for i, row in enumerate(rounds, 1):
        for name in ("jobs2", "warm", "local"):
            run = row[name]
            same = "—" if name == "jobs2" else ("**yes**" if run["identical"] else "**NO**")
            lines.append(_row(str(i), labels[name], run, n, same, cpu=_counted(name, run)))
    lines += ["", "Throughput of the cluster ÷ `--jobs 2`, per round (the same round's runs; ≥ 0.80 is the issue's "
              "target), and its CPU ÷ `--jobs 2`'s:", ""]
    for name in ("warm", "local"):
        tp = [row["jobs2"]["wall"] / row[name]["wall"] for row in rounds]
        cpu = [row[name]["cpu"] / row["jobs2"]["cpu"] for row in rounds if _counted(name, row[name])]
        lines.append(f"- {labels[name]}: throughput **{statistics.median(tp):.2f}×** (median; rounds "
                     f"{', '.join(f'{x:.2f}' for x in tp)}, lowest {min(tp):.2f}), " +
                     (f"CPU {statistics.median(cpu):.2f}× (rounds {', '.join(f'{x:.2f}' for x in cpu)})" if cpu
                      else "CPU not measured (the workers, forked by a fork server, were not counted: see below)"))
    lines.append(f"- `--jobs 2` ÷ `--jobs 1` throughput: {statistics.median(j1['wall'] / row['jobs2']['wall'] for row in rounds):.2f}×")
    return "\n".join(lines) + "\n"


def _counted(name: str, run: dict) -> bool:
    """A local cluster's CPU counts its workers only when the run sampled them (`unreaped_cpu`): since its workers
    are forked by a fork server, the CLI's rusage no longer includes them."""
    return name != "local" or "unreaped_cpu" in run


def _row(run: str, side: str, m: dict, n: int, same: str, cpu: bool = True) -> str:
    spent = f"{m['cpu']:.1f} s | {1000 * m['cpu'] / n:.0f} ms" if cpu else "n/m | n/m"
    pause = f"{m['longest_gap']:.1f} s ({m['gap_idle_cores']:.2f})" if "longest_gap" in m else "n/m"
    return (f"| {run} | {side} | {m['load']:.1f} | {m['wall']:.1f} s | {n / m['wall']:.1f} | {spent} | "
            f"{m['peak_mb']:.0f} MB | {m['reports']} | {same} | {pause} |")


def write_section(text: str) -> None:
    """Replaces section 5 of RESULTS.md (up to the next section) and nothing else."""
    old = RESULTS.read_text("utf-8")
    start = old.index("## 5. ")
    end = old.index("\n## ", start + 1) + 1
    RESULTS.write_text(old[:start] + text + "\n" + old[end:], "utf-8")


@click.command()
@click.option("--docs", type=click.IntRange(10, 100_000), default=1000, show_default=True, help="批量文档数")
@click.option("--rounds", type=click.IntRange(1, 10), default=2, show_default=True, help="交替轮数")
@click.option("--write/--no-write", default=True, help="写入 bench/RESULTS.md 第 5 节与 results-cluster.json")
def main(docs: int, rounds: int, write: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="rulebook-cluster-bench-") as tmp:
        r = measure_batch(docs, rounds, Path(tmp))
    text = section(r)
    print(text)
    if write:
        RAW.write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n", "utf-8")
        write_section(text)


if __name__ == "__main__":
    main()
