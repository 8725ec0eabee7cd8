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


_UNITS = {"": 1, "b": 1, "k": 2**10, "kib": 2**10, "kb": 10**3, "m": 2**20, "mib": 2**20, "mb": 10**6,
          "g": 2**30, "gib": 2**30, "gb": 10**9}


def byte_size(_ctx, _param, value: str | int | None) -> int | None:
    """A size such as 64MiB, 512MB, 1GiB or a number of bytes; KiB/MiB/GiB (and K/M/G) count in 1024s."""
    import re

    if value is None or isinstance(value, int):
        return value
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value)
    unit = _UNITS.get(found.group(2).lower()) if found else None
    size = int(float(found.group(1)) * unit) if found and unit else 0
    if size < 1:
        raise click.BadParameter(f"应为正的字节数，如 64MiB、512MB、1GiB（写的是 {value}）"
                                 f" / must be a positive size such as 64MiB, 512MB or 1GiB")
    return size


def cluster_memory_option(command):
    return click.option("--cluster-memory", metavar="SIZE", default="64MiB", show_default=True, callback=byte_size,
                        help="--cluster：已发给工作进程、尚未校验完的文件字节至多这么多（如 64MiB、1GiB）；"
                             "工作进程看得到同一文件时只发路径，不占这份预算")(command)


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
