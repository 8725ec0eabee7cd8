"""`rulebook eval EXPR FILE [--explain]`: an expression's value on a disclosure, the quickest way to try a rule."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import click


def _load(path: str, profile: str | None = None):
    from engine.importers import load_disclosure

    return load_disclosure(path, profile=profile)


def _shown(value, lang: str) -> str:
    if isinstance(value, bool):
        return ("true（成立）" if value else "false（不成立）") if lang == "zh" else str(value).lower()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v, lang) for v in value) + "]"
    return str(value)


@click.command("eval")
@click.argument("expr")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--explain", "show_trace", is_flag=True, help="逐步列出引用、计算和结论 / show the worked trace")
@click.option("--rulebook", "rulebook_path", type=click.Path(path_type=Path),
              help="使用该规则库的「定义」（如 三公决算）；默认：随附的默认规则库")
@click.option("--profile", type=click.Choice(["national9", "shanxi10"]), default=None,
              help="口径（默认：从文件内容识别）")
@click.pass_context
def eval_command(ctx: click.Context, expr: str, file: str, show_trace: bool, rulebook_path: Path | None,
                 profile: str | None) -> None:
    """计算表达式在公开文件上的值（FILE 为 .json、公开文本 .txt 或 PDF）；可用规则库「定义」中的名称。"""
    from engine.cli.rules import load_book
    from engine.diagnostics import DiagnosticError, render
    from engine.checking.explain import explain
    from engine.functions.builtins import BUILTINS
    from engine.language.environment import Environment

    lang = ctx.find_root().obj.get("lang", "zh") if ctx.find_root().obj else "zh"
    book = load_book(rulebook_path, compile=False)  # its 定义 only: no rule is compiled
    try:
        compiled = Environment.build(book.definitions, functions=BUILTINS).compile(expr)
    except DiagnosticError as exc:
        for d in exc.diagnostics:
            click.echo(render(d, lang), err=True)
        ctx.exit(2)
    try:
        doc = _load(file, profile)
    except Exception as exc:  # importer errors carry Chinese text; anything else is reported, not raised
        message = getattr(exc, "message_en" if lang == "en" else "message_zh", None) or str(exc)
        click.echo(("读取文件失败：" if lang == "zh" else "cannot read the file: ") + message, err=True)
        ctx.exit(2)
    if show_trace:
        click.echo(explain(compiled, doc, lang))
        return
    result = compiled.value(doc)
    if result.status != "ok":
        label = {"error": ("错误", "error"), "not_checkable": ("无法核对", "not checkable")}[result.status]
        text = result.message_en if lang == "en" else result.message_zh
        click.echo(f"{label[1] if lang == 'en' else label[0]} {result.code}：{text}", err=True)
        ctx.exit(1)
    tol = f" ±{format(result.tolerance, 'f')}" if result.tolerance else ""
    absent = {"blank": ("（空白，按 0 计）", " (blank, counts as 0)"), "na": ("（——，按 0 计）", " (n/a, counts as 0)")}
    suffix = absent[result.kind][lang == "en"] if result.kind in absent else (tol if result.kind == "number" else "")
    click.echo(f"{_shown(result.value, lang)}{suffix}")
    for note in result.notes:
        click.echo(f"  {note.message(lang)}")
