"""`rulebook functions`: every built-in function of the rule language, from the function registry."""
from __future__ import annotations

import click


@click.command("functions")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="输出格式 / output format")
@click.pass_context
def functions_command(ctx: click.Context, fmt: str) -> None:
    """列出规则语言的全部内置函数：中英文签名、名称、说明与示例。"""
    from engine.functions.builtins import BUILTINS
    from engine.functions.reference import listing, markdown

    click.echo(markdown(BUILTINS) if fmt == "markdown" else listing(BUILTINS, (ctx.obj or {}).get("lang", "zh")))
