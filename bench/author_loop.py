"""The rule author's loop: `rulebook lint` of the whole default rulebook and `rulebook test RULE` / `-k` for one rule,
as a cold command (what the author waits for), against `python -c pass` started the same way, taking turns.

    python -m bench.author_loop            # best of 3, writes bench/RESULTS-author.md
    python -m bench.author_loop --quick    # best of 1, prints only

Targets (issue 16): lint ≤ 2 s, test of one rule ≤ 1 s (before: ~25 s and ~40 s; a deep copy of the sample per
example was ~97% of lint).
"""
from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import click

from bench import measure

CLI = [sys.executable, "-c", "from engine.cli.main import main; main()"]
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "rulebook lint": CLI + ["lint"],
    "rulebook test T11": CLI + ["test", "T11"],
    "rulebook test -k 三公": CLI + ["test", "-k", "三公"],
}
TARGETS = {"rulebook lint": 2.0, "rulebook test T11": 1.0, "rulebook test -k 三公": 1.0}


def _run(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run. CPU time (user + system of the child) is what the command costs; on a shared
    machine the wall time also counts the waits for a core (it was 4× the CPU time at a load of 12 on 2 cores)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=measure.env(),
                   cwd=measure.ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure_loop(k: int) -> dict[str, tuple[float, float]]:
    """Best wall and best CPU time of k runs of each command, the commands taking turns."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(k):
        for name, argv in COMMANDS.items():
            runs[name].append(_run(argv))
    return {name: (min(w for w, _ in r), min(c for _, c in r)) for name, r in runs.items()}


def report(times: dict[str, tuple[float, float]]) -> str:
    base_wall, base_cpu = times["python -c pass"]
    lines = ["# The rule author's loop (bench/author_loop.py)", "",
             "Machine: " + ", ".join(f"{k} {v}" for k, v in measure.machine().items()), "",
             "Targets are judged on CPU time (user + system): the wall time on this shared machine includes waiting "
             "for a core.", "",
             "| command | CPU time | wall time | CPU ÷ `python -c pass` | target | met |", "|---|---|---|---|---|---|"]
    for name, (wall, cpu) in times.items():
        target = TARGETS.get(name)
        met = ("yes" if cpu <= target else "NO") if target else "—"
        lines.append(f"| `{name}` | {cpu:.2f} s | {wall:.2f} s | {cpu / base_cpu:.0f}× | "
                     f"{'≤ %.0f s' % target if target else '—'} | {met} |")
    return "\n".join(lines) + "\n"


@click.command()
@click.option("--quick", is_flag=True)
def main(quick: bool) -> None:
    text = report(measure_loop(1 if quick else 3))
    click.echo(text)
    if not quick:
        (Path(__file__).parent / "RESULTS-author.md").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
