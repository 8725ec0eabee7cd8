"""The `rulebook` command: a thin shell over the engine. Imports are lazy so start-up stays fast."""
from __future__ import annotations

import click

from engine import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rulebook")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="输出语言 / language of messages（默认 zh）")
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    """rulebook：部门决算公开校验（规则即数据）。

    默认值可写在 rulebook.toml 或 pyproject.toml 的 [tool.rulebook]（rulebook、profile、fail-on、lang）。"""
    from engine.cli.options import default_map

    defaults, configured = default_map(dict(cli.commands))
    ctx.default_map = {**defaults, **(ctx.default_map or {})}
    ctx.obj = {**(ctx.obj or {}), "lang": lang or (ctx.obj or {}).get("lang") or configured or "zh"}


def main() -> None:
    import os
    import sys

    try:
        cli(prog_name="rulebook")
    except Exception as exc:  # a bug of ours: one clear line, not a traceback (RULEBOOK_DEBUG=1 shows it)
        if os.environ.get("RULEBOOK_DEBUG"):
            raise
        click.echo(f"rulebook 内部错误（internal error）：{type(exc).__name__}: {exc}。"
                   "请报告此问题；设置 RULEBOOK_DEBUG=1 可查看详细信息。", err=True)
        sys.exit(70)


from engine.cli.rules import check_command, explain_command, lint_command, list_command, test_command  # noqa: E402

for _command in (check_command, list_command, explain_command, test_command, lint_command):
    cli.add_command(_command)
from engine.cli.importing import import_command, schema  # noqa: E402

cli.add_command(import_command)
cli.add_command(schema)
from engine.cli.rules import schema_rulebook_command  # noqa: E402

schema.add_command(schema_rulebook_command)
from engine.cli.eval import eval_command  # noqa: E402
cli.add_command(eval_command)
from engine.cli.serve import serve_command  # noqa: E402
cli.add_command(serve_command)
from engine.cli.render import render_command  # noqa: E402
cli.add_command(render_command)
from engine.cli.functions import functions_command  # noqa: E402
cli.add_command(functions_command)
from engine.cli.review import review_command  # noqa: E402
cli.add_command(review_command)
from engine.cli.inject import inject_command  # noqa: E402
cli.add_command(inject_command)
from engine.cli.options import lang_option  # noqa: E402

for _command in [*cli.commands.values(), *schema.commands.values()]:
    lang_option(_command)  # --lang after the subcommand too


if __name__ == "__main__":  # python -m engine.cli.main
    main()
