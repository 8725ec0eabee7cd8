"""Options every command shares, and the config file that gives their defaults.

Config: `[tool.rulebook]` in pyproject.toml, or a rulebook.toml (top level or `[rulebook]`), the nearest one found
from the current folder upwards. Keys: rulebook, profile, fail-on, lang; a relative rulebook path is relative to
the config file. Options on the command line win.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

CONFIG_KEYS = {"rulebook": "rulebook_path", "profile": "profile", "fail-on": "fail_on", "fail_on": "fail_on",
               "lang": "lang"}


def _set_lang(ctx: click.Context, _param, value: str | None) -> None:
    if value is not None:
        root = ctx.find_root()
        root.obj = {**(root.obj or {}), "lang": value}


def lang_option(command):
    """`--lang zh|en` after the subcommand too (`rulebook check … --lang en`)."""
    return click.option("--lang", type=click.Choice(["zh", "en"]), default=None, expose_value=False,
                        is_eager=True, callback=_set_lang, help="输出语言 / language of messages")(command)


def _positive(_ctx, _param, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter(f"应为正整数（写的是 {value}）/ must be at least 1")
    return value


def jobs_option(command):
    return click.option("--jobs", "-j", type=int, default=None, callback=_positive,
                        help="并行进程数（默认：CPU 核数）")(command)


def find_config(start: Path | None = None) -> tuple[Path, dict] | None:
    """The nearest rulebook.toml or pyproject.toml with [tool.rulebook], from `start` (the current folder) up."""
    import tomllib

    folder = (start or Path.cwd()).resolve()
    for here in (folder, *folder.parents):
        own = here / "rulebook.toml"
        if own.is_file():
            data = tomllib.loads(own.read_text("utf-8"))
            return own, data.get("rulebook", data)
        project = here / "pyproject.toml"
        if project.is_file():
            try:
                table = tomllib.loads(project.read_text("utf-8")).get("tool", {}).get("rulebook")
            except tomllib.TOMLDecodeError:
                continue  # someone else's broken pyproject is not ours to report
            if table is not None:
                return project, table
    return None


def default_map(commands: dict[str, click.Command]) -> tuple[dict[str, Any], Any]:
    """(click default_map for every command that has the options, lang) from the config file; ({}, None) without.
    A bad config file is a usage error (exit 2) naming the file and the key."""
    import tomllib

    try:
        found = find_config()
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"配置文件无法读取：{exc}") from None
    if found is None:
        return {}, None
    path, table = found
    values: dict[str, object] = {}
    for key, value in table.items():
        name = CONFIG_KEYS.get(key)
        if name is None:
            from difflib import get_close_matches

            near = get_close_matches(key, list(CONFIG_KEYS), n=1)
            raise click.UsageError(f"{path}：无法识别的配置项「{key}」" + (f"，是否是「{near[0]}」？" if near else
                                   f"（可用：{'、'.join(k for k in CONFIG_KEYS if '_' not in k)}）"))
        values[name] = str(path.parent / value) if name == "rulebook_path" else value
    mapping = {}
    for name, command in commands.items():
        own = {p.name for p in command.params}
        mapping[name] = {k: v for k, v in values.items() if k in own and k != "lang"}
    return mapping, values.get("lang")
