"""The rule author's loop: `rulebook lint` of the whole default rulebook and `rulebook test RULE` / `-k` for one rule,
as a cold command (what the author waits for), against `python -c pass` started the same way, taking turns.

    python -m bench.author_loop            # best of 3, writes bench/RESULTS-author.md
    python -m bench.author_loop --quick    # best of 1, prints only

Targets (issue 16): lint ≤ 2 s, test of one rule ≤ 1 s (before: ~25 s and ~40 s; a deep copy of the sample per
example was ~97% of lint).
"""
from __future__ import annotations

import subprocess
import sys
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


def _run(argv: list[str]) -> None:
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=measure.env(),
                   cwd=measure.ROOT)


def measure_loop(k: int) -> dict[str, float]:
    return measure.best_of_each({name: (lambda argv=argv: _run(argv)) for name, argv in COMMANDS.items()}, k)


def report(times: dict[str, float]) -> str:
    base = times["python -c pass"]
    lines = ["# The rule author's loop (bench/author_loop.py)", "",
             "Machine: " + ", ".join(f"{k} {v}" for k, v in measure.machine().items()), "",
             "| command | wall time (best of runs) | ÷ `python -c pass` | target | met |", "|---|---|---|---|---|"]
    for name, seconds in times.items():
        target = TARGETS.get(name)
        lines.append(f"| `{name}` | {seconds:.2f} s | {seconds / base:.0f}× | "
                     f"{'≤ %.0f s' % target if target else '—'} | {('yes' if seconds <= target else 'NO') if target else '—'} |")
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
