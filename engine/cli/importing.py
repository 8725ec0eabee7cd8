"""CLI commands for importing: `rulebook import FILE` and the `rulebook schema` group (`schema disclosure`)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from engine.cli.choices import PROFILE_HELP, LazyChoice, profiles
from engine.said import reason_shown

MESSAGES = {
    "zh": {"tables": "公开表", "rows": "行", "columns": "列", "sections": "情况说明章节", "overview": "概况",
           "glossary": "名词解释", "forms": "自评表", "warnings": "导入提示", "none": "无", "wrote": "已写出",
           "missing": "（缺）", "error": "错误", "title": "导入报告", "colon": "：", "unwritable": "无法写出",
           "claims": "情况说明中的数字：{total} 个，归入说法 {attached} 个，未归入 {loose} 个"},
    "en": {"tables": "tables", "rows": "rows", "columns": "columns", "sections": "narrative sections",
           "overview": "overview", "glossary": "glossary", "forms": "self-evaluation forms", "warnings": "warnings",
           "none": "none", "wrote": "wrote", "missing": "(missing)", "error": "error", "title": "import report",
           "colon": ": ", "unwritable": "cannot write",
           "claims": "numbers in the narrative: {total}, attached to a claim {attached}, unattached {loose}"},
}


def _lang() -> str:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return (root.obj or {}).get("lang", "zh") if root else "zh"


def report(doc, lang: str = "zh") -> dict:
    """A short summary of what an import found (counts only: contents may be internal)."""
    return {
        "file": doc.metadata.source_file,
        "unit_name": doc.metadata.unit_name,
        "year": doc.metadata.year,
        "profile": doc.metadata.profile,
        "disclosure_type": doc.metadata.disclosure_type,
        "internal_only": doc.metadata.internal_only,
        "tables": {t.id: {"rows": len(t.rows), "columns": len(t.columns), "no_data": t.no_data,
                          "unit": t.unit, "page": t.source.page, "line": t.source.line}
                   for t in doc.tables.values()},
        "sections": [f"{s.number}、{s.title}" for s in doc.narrative.sections],
        "overview": len(doc.narrative.overview),
        "glossary": len(doc.narrative.glossary),
        "forms": [f.project for f in doc.attachments],
        "warnings": [{"code": w.code, "page": w.source.page, "line": w.source.line, "message": w.message}
                     for w in doc.warnings],
        "reading": [{"item": r.item, "kind": r.kind, "status": r.status, "reason": r.reason,
                     "page": r.lines[0].page if r.lines else None, "line": r.lines[0].line if r.lines else None}
                    for r in doc.reading],
        "claims": _claims(doc),
    }


def _claims(doc) -> dict:
    """情况说明中的数字：归入说法（科目、口径）的个数，以及没有归入的（内部文件只给个数）。"""
    from engine.functions.claims import coverage

    attached, total, loose = coverage(doc)
    listed = [] if doc.metadata.internal_only else [
        {"words": c.words, "page": c.source.page if c.source else None, "line": c.source.line if c.source else None}
        for c in loose]
    return {"numbers": total, "attached": attached, "unattached": listed}


def _print_text(summary: dict, lang: str) -> None:
    m = MESSAGES[lang]
    colon = m["colon"]
    click.echo(f"{m['title']}{colon}{summary['file'] or ''} {summary['unit_name']} {summary['year'] or ''} "
               f"{summary['disclosure_type']} ({summary['profile']})")
    click.echo(f"{m['tables']}{colon}{len(summary['tables'])}")
    for table_id, info in summary["tables"].items():
        flag = "  本表无数据" if info["no_data"] and lang == "zh" else "  no data" if info["no_data"] else ""
        where = _where(info, lang).strip()
        click.echo(f"  {table_id}  {info['rows']} {m['rows']} × {info['columns']} {m['columns']}"
                   f"  {info['unit'] or ''}  {where}{flag}")
    click.echo(f"{m['overview']}{colon}{summary['overview']}  {m['sections']}{colon}{len(summary['sections'])}  "
               f"{m['glossary']}{colon}{summary['glossary']}")
    for section in summary["sections"]:
        click.echo(f"  {section}")
    click.echo(f"{m['forms']}{colon}{len(summary['forms'])}")
    for project in summary["forms"]:
        click.echo(f"  {project}")
    _print_reading(summary.get("reading", []), lang)
    claims = summary["claims"]
    click.echo(m["claims"].format(total=claims["numbers"], attached=claims["attached"],
                                  loose=claims["numbers"] - claims["attached"]))
    for c in claims["unattached"]:
        click.echo(f"  {_where(c, lang)}{c['words']}")
    click.echo(f"{m['warnings']}{colon}{len(summary['warnings']) or m['none']}")
    for w in summary["warnings"]:
        click.echo(f"  [{w['code']}] {_where(w, lang)}{reason_shown(w['message'], lang)}")


_STATUS = {"zh": {"read": "已读取", "partly_read": "部分读取", "unreadable": "有但无法读取", "absent": "没有"},
           "en": {"read": "read", "partly_read": "partly read", "unreadable": "present but not readable",
                  "absent": "absent"}}


def _print_reading(reading: list[dict], lang: str) -> None:
    """Every table, part and form with its reading status; the reason and where, when not fully read."""
    if not reading:
        return
    names = _STATUS[lang]
    done = [r["item"] for r in reading if r["status"] == "read"]
    click.echo("读取情况：" if lang == "zh" else "reading:")
    if done:
        click.echo(f"  {names['read']}：{'、'.join(done)}" if lang == "zh" else f"  read: {', '.join(done)}")
    for r in reading:
        if r["status"] != "read" or r["reason"]:  # read with a note: amounts placed by the table's arithmetic
            click.echo(f"  {r['item']}  {names[r['status']]}  {_where(r, lang)}{reason_shown(r['reason'], lang)}")


def _where(item: dict, lang: str) -> str:
    """第3页第120行 / page 3 line 120, from what is known."""
    page, line = item.get("page"), item.get("line")
    if lang == "zh":
        text = (f"第{page}页" if page else "") + (f"第{line}行" if line else "")
    else:
        text = " ".join(p for p in (f"page {page}" if page else "", f"line {line}" if line else "") if p)
    return f"{text} " if text else ""


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="写出规范化 JSON 的文件 / where to write the normalised JSON")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text：导入报告；json：报告为 JSON（未给 -o 时输出规范化 JSON）/ report format")
@click.option("--profile", type=LazyChoice(profiles), default=None, help=PROFILE_HELP)
def import_command(file: Path, output: Path | None, fmt: str, profile: str | None) -> None:
    """导入公开文本（.txt）、PDF、Excel、HTML、Word 或规范化 JSON，打印导入报告并写出 JSON。"""
    from engine.importers import DisclosureError, load_disclosure

    lang = _lang()
    try:
        doc = load_disclosure(file, profile=profile)
    except DisclosureError as exc:
        click.echo(f"{MESSAGES[lang]['error']} [{exc.code}] {file}{MESSAGES[lang]['colon']}{exc.message(lang)}", err=True)
        sys.exit(2)
    if output is not None:
        try:
            output.write_text(doc.to_json(), encoding="utf-8")
        except OSError as exc:
            m = MESSAGES[lang]
            click.echo(f"{m['error']} [write] {m['unwritable']} {output}{m['colon']}{exc.strerror}", err=True)
            sys.exit(2)
    summary = report(doc, lang)
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1) if output else doc.to_json())
        return
    _print_text(summary, lang)
    if output is not None:
        click.echo(f"{MESSAGES[lang]['wrote']} {output}")


@click.group("schema")
def schema() -> None:
    """打印 JSON Schema / print a JSON Schema."""


@schema.command("disclosure")
def schema_disclosure() -> None:
    """规范化公开数据的 JSON Schema。"""
    from engine.model import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=1))
