"""`rulebook render`: a disclosure written out in another published form and layout (engine/render)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.cli.importing import MESSAGES, _lang

from engine.render import FORMS


@click.command("render")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "form", type=click.Choice(FORMS), required=True,
              help="形式：tabs 制表符文本、spaces 空格对齐文本、single-space、cell-lines 一格一行、xlsx（每表一个工作表）、"
                   "xlsx-one-sheet、html、docx、pdf / form")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="输出文件 / output")
@click.option("--numbering", type=click.Choice(["as-printed", "公开", "表", "附表", "none"]), default="as-printed",
              show_default=True, help="表号：照原样、公开05表、表五、附表5、不印 / table numbers")
@click.option("--order", default=None, help="表的顺序，逗号分隔，如 公开05,公开01 / table order")
@click.option("--yuan", default=None, help="以元印制的表，逗号分隔 / tables printed in 元")
@click.option("--no-form-feeds", is_flag=True, help="文本形式的页之间不用换页符 / no form feeds between pages")
def render_command(file: Path, form: str, output: Path, numbering: str, order: str | None, yuan: str | None,
                   no_form_feeds: bool) -> None:
    """把公开文件（任何可导入的形式或规范化 JSON）按指定形式与版式写出。"""
    from engine.importers import DisclosureError, load_disclosure
    from engine.render import write
    from engine.render.layout import Layout, render

    lang = _lang()
    try:
        doc = load_disclosure(file)
    except DisclosureError as exc:
        click.echo(f"{MESSAGES[lang]['error']} [{exc.code}] {file}：{exc.message(lang)}", err=True)
        sys.exit(2)
    layout = Layout(numbering=numbering, order=order.split(",") if order else None,
                    yuan=set(yuan.split(",")) if yuan else set())
    try:
        data = write(render(doc, layout), form, form_feeds=not no_form_feeds)
    except ModuleNotFoundError as exc:  # reportlab is the `render` extra
        click.echo(f"{MESSAGES[lang]['error']} 写 {form} 需要安装 {exc.name}：pip install 'rulebook[render]'", err=True)
        sys.exit(2)
    try:
        output.write_bytes(data)
    except OSError as exc:
        click.echo(f"{MESSAGES[lang]['error']} 无法写入 {output}：{exc.strerror}", err=True)
        sys.exit(2)
    click.echo(f"{output}（{len(data):,} 字节）")
