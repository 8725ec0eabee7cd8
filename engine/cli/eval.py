"""`rulebook eval EXPR FILE [--explain]`: an expression's value on a disclosure, the quickest way to try a rule."""
from __future__ import annotations

from decimal import Decimal

import click


def _load(path: str):
    try:
        from engine.importers import load_disclosure
    except ImportError:  # before the importer existed: JSON only
        from pathlib import Path

        from engine.model import Disclosure
        return Disclosure.model_validate_json(Path(path).read_text("utf-8"))
    return load_disclosure(path)


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
@click.pass_context
def eval_command(ctx: click.Context, expr: str, file: str, show_trace: bool) -> None:
    """计算表达式在公开文件上的值（FILE 为 .json 或公开文本 .txt）。"""
    from engine.diagnostics import DiagnosticError, render
    from engine.checking.explain import explain
    from engine.functions.builtins import BUILTINS
    from engine.language.environment import Environment

    lang = (ctx.obj or {}).get("lang", "zh")
    try:
        compiled = Environment.build(functions=BUILTINS).compile(expr)
    except DiagnosticError as exc:
        for d in exc.diagnostics:
            click.echo(render(d, lang), err=True)
        ctx.exit(2)
    try:
        doc = _load(file)
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
