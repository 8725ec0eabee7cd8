"""`rulebook test --corpus`: the truth corpus measured, compared with its recorded baseline."""
from __future__ import annotations

import json
from pathlib import Path

import click

MSG = {
    "zh": {"no_dir": "答案库目录不存在或没有 *.key.json：{dir}", "bad_key": "答案 {file} 无法读取：{reason}",
           "below": "低于基线：", "ok": "各文件各级别的精确率与召回率均不低于基线 {file}。", "recorded": "已写入基线 {file}。",
           "no_baseline": "没有基线文件 {file}（用 --record 写入）。"},
    "en": {"no_dir": "No answer keys (*.key.json) in: {dir}", "bad_key": "Cannot read key {file}: {reason}",
           "below": "Below the baseline:", "ok": "Every document's precision and recall is at or above {file}.",
           "recorded": "Baseline written to {file}.", "no_baseline": "No baseline file {file} (write one with --record)."},
}


def corpus_command_body(book, directory: Path, baseline: Path | None, record: bool, verbose: bool, lang: str) -> int:
    from engine.checking.corpus import as_table, below, keys_in, render, run_corpus

    msg = MSG[lang]
    if not directory.is_dir() or not keys_in(directory):
        click.echo(msg["no_dir"].format(dir=directory), err=True)
        return 2
    try:
        scores = run_corpus(directory, book)
    except (OSError, ValueError) as exc:
        click.echo(msg["bad_key"].format(file=directory, reason=exc), err=True)
        return 2
    click.echo(render(scores, lang, verbose))
    baseline = baseline or directory / "baseline.json"
    if record:
        baseline.write_text(json.dumps(as_table(scores), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        click.echo(msg["recorded"].format(file=baseline))
        return 0
    if not baseline.exists():
        click.echo(msg["no_baseline"].format(file=baseline))
        return 0
    fallen = below(scores, json.loads(baseline.read_text(encoding="utf-8")))
    if fallen:
        click.echo(msg["below"] + "\n  " + "\n  ".join(fallen))
        return 1
    click.echo(msg["ok"].format(file=baseline))
    return 0
