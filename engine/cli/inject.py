"""`rulebook inject`: defect injection per class into any document, recall per class (engine/checking/inject.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from engine.cli.rules import RULEBOOK_OPTION, _lang, _read_or_exit, expand, load_book

HEAD = {"zh": ["文件", "类别", "名称", "可注入处", "注入", "发现", "召回率"],
        "en": ["document", "class", "name", "sites", "injected", "caught", "recall"]}
LOW = {"zh": "召回率低于 95% 的类别（良性改动：改动后发现有变化的）：", "en": "Classes below 95 % recall (benign: changes that changed findings):"}


@click.command("inject")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@RULEBOOK_OPTION
@click.option("--class", "classes", multiple=True, help="只注入这些类别（可重复；默认全部，含良性改动）")
@click.option("--per-class", type=int, default=20, show_default=True, help="每个文件每类最多注入几处（0 = 全部）")
@click.option("--seed", type=int, default=0, show_default=True, help="抽样种子（结果可复现）")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@click.option("--misses", type=int, default=3, show_default=True, help="每个低于 95% 的类别列出几处未发现的注入")
def inject_command(files, rulebook_path, classes, per_class, seed, fmt, misses):
    """向公开文件逐一注入各类缺陷（表中金额、文中金额、百分比末位、方向词、标题年度/单位名称、占位符、模板选择项、
    科目名称、删行、删表、金额单位）及良性改动，报告每类的召回率。退出码：0 完成，2 用法错误或文件无法读取。"""
    from engine.checking import inject

    lang = _lang()
    unknown = [c for c in classes if c not in inject.GENERATORS]
    if unknown:
        raise click.UsageError(("未知类别：" if lang == "zh" else "unknown class: ") + "、".join(unknown)
                               + ("；可用：" if lang == "zh" else "; known: ") + "、".join(inject.GENERATORS))
    paths = expand(files)
    book = load_book(rulebook_path)
    results = {}
    for path in paths:
        doc = _read_or_exit(path)
        results[path.name] = inject.run(doc, book, classes=list(classes) or None, per_class=per_class or None,
                                        seed=seed)
    if fmt == "json":
        click.echo(json.dumps({d: {c: {"sites": r.available, "injected": r.tried, "caught": r.hits,
                                       "recall": round(r.recall, 4), "misses": r.misses} for c, r in by.items()}
                               for d, by in results.items()}, ensure_ascii=False, indent=1))
        sys.exit(0)
    if fmt == "markdown":
        click.echo(inject.markdown(results, header="# Defect injection", misses_shown=misses))
        sys.exit(0)
    from engine.cli.columns import aligned

    click.echo(aligned(inject.summary_rows(results), HEAD[lang]))
    low = inject.below_target(results)
    if low:
        click.echo("\n" + LOW[lang])
        for doc, cls, r in low:
            click.echo(f"  {doc} {cls} {r.recall:.2f}")
            for where in r.misses[:misses]:
                click.echo(f"    · {where}")
    sys.exit(0)
