"""The `rulebook` command: a thin shell over the engine. Imports are lazy so start-up stays fast."""
from __future__ import annotations

import click

from engine import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rulebook")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="输出语言 / language of messages")
@click.pass_context
def cli(ctx: click.Context, lang: str) -> None:
    """rulebook：部门决算公开校验（规则即数据）。"""
    ctx.obj = {"lang": lang}


def main() -> None:
    cli(prog_name="rulebook")
