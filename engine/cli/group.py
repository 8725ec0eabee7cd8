"""The `rulebook` command group: every command, imported when it runs (engine/cli/main.py is the entry point)."""
from __future__ import annotations

import click

from engine import __version__


# name -> (module, attribute): a command's module is imported when the command is run or listed, so `rulebook
# check` does not import the server, the review store, the renderer or the importer's commands.
_COMMANDS = {
    "check": ("engine.cli.rules", "check_command"), "list": ("engine.cli.rules", "list_command"),
    "explain": ("engine.cli.rules", "explain_command"), "test": ("engine.cli.rules", "test_command"),
    "lint": ("engine.cli.rules", "lint_command"), "import": ("engine.cli.importing", "import_command"),
    "schema": ("engine.cli.importing", "schema"), "eval": ("engine.cli.eval", "eval_command"),
    "serve": ("engine.cli.serve", "serve_command"), "render": ("engine.cli.render", "render_command"),
    "functions": ("engine.cli.functions", "functions_command"), "review": ("engine.cli.review", "review_command"),
    "inject": ("engine.cli.inject", "inject_command"), "daemon": ("engine.cli.daemon", "daemon_command"),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMANDS and cmd_name not in self.commands:
            import importlib

            from engine.cli.options import lang_option

            module, attribute = _COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attribute)
            nested = []
            if cmd_name == "schema":
                from engine.cli.rules import schema_rulebook_command

                if schema_rulebook_command.name not in command.commands:
                    command.add_command(schema_rulebook_command)
                nested = list(command.commands.values())
            for each in (command, *nested):
                if not any(p.name == "lang" for p in each.params):
                    lang_option(each)  # --lang after the subcommand too
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rulebook")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="输出语言 / language of messages（默认 zh）")
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    """rulebook：部门决算公开校验（规则即数据）。

    默认值可写在 rulebook.toml 或 pyproject.toml 的 [tool.rulebook]（rulebook、profile、fail-on、lang）。"""
    from engine.cli.options import default_map

    name = ctx.invoked_subcommand  # the config's defaults matter only to the command that runs
    command = cli.get_command(ctx, name) if name else None
    defaults, configured = default_map({name: command} if name and command is not None else {})
    ctx.default_map = {**defaults, **(ctx.default_map or {})}
    ctx.obj = {**(ctx.obj or {}), "lang": lang or (ctx.obj or {}).get("lang") or configured or "zh"}
    if ctx.invoked_subcommand != "check":  # only check manages the collector itself (engine/checking/batch.py)
        import gc

        gc.enable()
