"""Start-up of a one-file check from a script: `python -c pass`, the check in its own process, and the same check
handed to a running check daemon (engine/service/daemon.py), in paired runs (each round runs the three in a
shuffled order). Reported: the median over rounds of each side's wall and CPU time, and of the round's difference
to `python -c pass`. The daemon's CPU is read from /proc before and after each check, and counted with the
client's: a daemon saves work, it does not hide it.

Bytecode is compiled first (`compileall`, as an installed package has it): with PYTHONDONTWRITEBYTECODE set and no
__pycache__, every run would also compile the engine's sources (~0.15 s here), which is not start-up of the tool.
The figures go to bench/results-startup.json (one entry per file) and the in-process row of RESULTS.md's 目标 table.

    python -m bench.startup [--rounds 9] [--file samples/yangquan-czj-2024.txt] [--file samples/consistent.json]
                            [--no-write]"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from engine.cli.main import main; main()"]  # what the `rulebook` script runs
TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _timed(argv: list[str], env: dict[str, str], daemon: int | None) -> tuple[float, float, bytes]:
    """Wall and CPU seconds (the process's, plus the daemon's during it) and stdout of one run."""
    before = _cpu_of(daemon) if daemon else 0.0
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    out = proc.stdout.read() if proc.stdout else b""
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime + ((_cpu_of(daemon) - before) if daemon else 0.0)
    return wall, cpu, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--file", action="append", help="默认 samples/yangquan-czj-2024.txt；可重复")
    parser.add_argument("--write", action=argparse.BooleanOptionalAction, default=True,
                        help="写入 bench/results-startup.json 与 RESULTS.md 目标表")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "engine"], cwd=ROOT, check=True, capture_output=True)
    runs = [run(file, args.rounds) for file in args.file or ["samples/yangquan-czj-2024.txt"]]
    print(json.dumps(runs, ensure_ascii=False, indent=1))
    if args.write:
        (ROOT / "bench" / "results-startup.json").write_text(json.dumps({"runs": runs}, ensure_ascii=False, indent=1)
                                                            + "\n", "utf-8")
        from bench.report import replace_notes, rewrite_targets

        rewrite_targets(ROOT / "bench")
        replace_notes(ROOT / "bench" / "RESULTS.md", (ROOT / "bench" / "notes.md").read_text("utf-8").strip().split("\n"))


def run(file: str, rounds: int) -> dict:
    """One file's paired rounds: `python -c pass`, the check in its own process, the check through a daemon."""
    folder = tempfile.mkdtemp(prefix="rulebook-daemon-bench-")
    env = {**os.environ, "RULEBOOK_DAEMON_DIR": folder}
    local = {**env, "RULEBOOK_NO_DAEMON": "1"}
    check = CLI + ["check", file, "--format", "json"]
    subprocess.run(check, env=local, cwd=ROOT, capture_output=True)  # the rulebook cache warm
    subprocess.run(CLI + ["daemon", "start", "--idle", "600"], env=env, cwd=ROOT, check=True, capture_output=True)
    def status() -> dict:
        return json.loads(subprocess.run(
            [sys.executable, "-c", "import json; from engine.cli.client import ask; r, s = ask({'op': 'status'}); "
             "print(json.dumps(r))"], env=env, cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    pid = status()["pid"]
    sides = {"pass": ([sys.executable, "-c", "pass"], env, None), "in-process": (check, local, None),
             "daemon": (check, env, pid)}
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in sides}
    outputs: dict[str, set[bytes]] = {k: set() for k in sides}
    try:
        for _ in range(rounds):
            order = list(sides)
            random.shuffle(order)
            for name in order:
                argv, side_env, daemon = sides[name]
                wall, cpu, out = _timed(argv, side_env, daemon)
                times[name].append((wall, cpu))
                outputs[name].add(b"".join(line for line in out.splitlines(True) if b'"checked_at"' not in line))
        served = status()["served"]  # the daemon's own count: it answered every daemon-side run
    finally:
        subprocess.run(CLI + ["daemon", "stop"], env=env, cwd=ROOT, capture_output=True)
    result: dict[str, object] = {"file": file, "rounds": rounds, "load": os.getloadavg()[0], "cores": os.cpu_count(),
                                 "identical": outputs["in-process"] == outputs["daemon"]
                                 and len(outputs["daemon"]) == 1, "daemon_served": served}
    for name in sides:
        walls = [w for w, _ in times[name]]
        cpus = [c for _, c in times[name]]
        result[name] = {"wall_s": round(statistics.median(walls), 3), "cpu_s": round(statistics.median(cpus), 3)}
        if name != "pass":
            result[name]["over_pass_wall_s"] = round(statistics.median(  # type: ignore[index]
                w - p for (w, _), (p, _) in zip(times[name], times["pass"])), 3)
            result[name]["over_pass_cpu_s"] = round(statistics.median(  # type: ignore[index]
                c - p for (_, c), (_, p) in zip(times[name], times["pass"])), 3)
            result[name]["over_pass_cpu_min_s"] = round(min(  # type: ignore[index]
                c - p for (_, c), (_, p) in zip(times[name], times["pass"])), 3)
    return result


if __name__ == "__main__":
    main()
