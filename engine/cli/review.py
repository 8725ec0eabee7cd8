"""`rulebook review …`: the review store from the command line (units, tokens, submit, explain, decide, approve,
history). Without --token the command acts as the local administrator, named by --by."""
from __future__ import annotations

import functools
import getpass
import json
import sys
from pathlib import Path

import click


def _review(ctx: click.Context):
    from engine.review.db import StoreError, connect
    from engine.review.workflow import Review
    from engine.rules.loader import load_rulebook

    obj = ctx.obj
    if "review" not in obj:
        try:
            engine = connect(obj["db"])
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
        # compiled on first use only: unit and token commands need no rulebook
        obj["review"] = Review(engine, functools.cache(lambda: load_rulebook(obj["rulebook"])))
    return obj["review"]


def _actor(ctx: click.Context):
    from engine.review.workflow import Actor

    review = _review(ctx)
    if ctx.obj["token"]:
        actor = review.authenticate(ctx.obj["token"])
        if actor is None:
            raise click.ClickException("无效的令牌（--token）")
        return actor
    return Actor(ctx.obj["by"], "admin")


def _do(ctx: click.Context, fn, *args):
    from engine.review.workflow import ReviewError

    try:
        return fn(_actor(ctx), *args)
    except ReviewError as exc:
        click.echo(f"error: {exc.en}" if ctx.obj["lang"] == "en" else f"错误：{exc.zh}", err=True)
        sys.exit(2 if exc.status in (403, 404, 422) else 1)


def _print(data, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    if isinstance(data, dict) and "findings" in data:
        from engine.cli.columns import aligned

        sub = data["submission"]
        click.echo(f"提交 {sub['id']} · {sub['unit_name']} · {sub['year']} · {sub['kind']} · {sub['file_name'] or ''}")
        counts = data["counts"]
        click.echo(f"须更正 {counts['must_correct']}，待说明 {counts['to_explain']}，待审核 {counts['pending']}，"
                   f"已说明 {counts['accepted']}，说明被退回 {counts['rejected']}，提示 {counts['info']}")
        rows = [[f["fingerprint"], f["rule"], f["state_text"] + ("（可沿用上年说明）" if f.get("offer") else ""),
                 (f["message"] or "")[:60]] for f in data["findings"]]
        click.echo(aligned(rows, ["指纹", "规则", "状态", "说明"]))
        return
    if isinstance(data, list):
        for item in data:
            click.echo(json.dumps(item, ensure_ascii=False, default=str))
        return
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
                      help="输出格式")


@click.group("review")
@click.option("--db", envvar="RULEBOOK_DATABASE_URL", help="数据库地址（默认：数据目录中的 SQLite；或 postgresql+psycopg://…）")
@click.option("--token", envvar="RULEBOOK_TOKEN", help="以该令牌的用户身份操作（默认：本机管理员）")
@click.option("--by", default=lambda: getpass.getuser(), help="本机管理员的名字（记入每一步）")
@click.option("--rulebook", "rulebook_path", type=click.Path(path_type=Path), help="规则库（默认：随附的默认规则库）")
@click.pass_context
def review_command(ctx: click.Context, db: str | None, token: str | None, by: str, rulebook_path: Path | None) -> None:
    """审核库：提交、校验、审核说明、审核意见、审核通过与记录。"""
    ctx.obj = {**(ctx.obj or {}), "db": db, "token": token, "by": by, "rulebook": rulebook_path}


@review_command.command("unit")
@click.argument("code")
@click.argument("name")
@click.pass_context
def unit_command(ctx, code: str, name: str) -> None:
    """新建单位。"""
    _print(_do(ctx, _review(ctx).add_unit, code, name), "json")


@review_command.command("token")
@click.argument("name")
@click.option("--role", type=click.Choice(["department", "validator", "editor", "admin"]), required=True)
@click.option("--unit", help="单位编码（填报单位必填）")
@click.pass_context
def token_command(ctx, name: str, role: str, unit: str | None) -> None:
    """新建用户令牌（只显示这一次，库中只存其散列）。"""
    click.echo(_do(ctx, _review(ctx).add_principal, name, role, unit))


@review_command.command("submit")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--unit", required=True, help="单位编码")
@click.option("--year", type=int, help="年度（默认从文件读出）")
@FORMAT
@click.pass_context
def submit_command(ctx, file: Path, unit: str, year: int | None, fmt: str) -> None:
    """提交公开文件并校验；列出每条问题的指纹与状态。"""
    from engine.importers import DisclosureError, load_disclosure

    try:
        doc = load_disclosure(file)
    except DisclosureError as exc:
        click.echo(f"错误：{file} 无法导入：{exc.message('zh')}", err=True)
        sys.exit(2)
    _print(_do(ctx, _review(ctx).submit, unit, doc, file.read_bytes(), file.name, year, ctx.obj["lang"]), fmt)


@review_command.command("show")
@click.argument("submission", type=int)
@FORMAT
@click.pass_context
def show_command(ctx, submission: int, fmt: str) -> None:
    """一次提交的问题、状态、说明与可沿用的上年说明。"""
    _print(_do(ctx, _review(ctx).view, submission), fmt)


@review_command.command("list")
@click.option("--unit")
@click.option("--year", type=int)
@click.pass_context
def list_command(ctx, unit: str | None, year: int | None) -> None:
    """提交列表。"""
    _print(_do(ctx, _review(ctx).submissions, unit, year), "table")


@review_command.command("explain")
@click.argument("submission", type=int)
@click.argument("fingerprint")
@click.option("--category", help="说明类别：政策调整、口径差异、尾数差异、核算调整、其他…")
@click.option("--text", help="说明文字")
@click.option("--carry-from", type=int, help="确认沿用的上年说明编号")
@click.pass_context
def explain_command(ctx, submission: int, fingerprint: str, category, text, carry_from) -> None:
    """对提示性问题写审核说明（套话、过短、与问题无关或重复粘贴的说明当即退回）。"""
    _print(_do(ctx, _review(ctx).explain, submission, fingerprint, category, text, carry_from), "json")


@review_command.command("decide")
@click.argument("explanation", type=int)
@click.argument("decision", type=click.Choice(["accepted", "rejected"]))
@click.option("--comment", default="", help="审核意见（退回时必填）")
@click.pass_context
def decide_command(ctx, explanation: int, decision: str, comment: str) -> None:
    """通过或退回一条审核说明。"""
    _print(_do(ctx, _review(ctx).decide, explanation, decision, comment), "json")


@review_command.command("approve")
@click.argument("submission", type=int)
@click.option("--comment", default="")
@click.pass_context
def approve_command(ctx, submission: int, comment: str) -> None:
    """审核通过（仍有强制性问题时拒绝）。"""
    _print(_do(ctx, _review(ctx).approve, submission, comment), "json")


@review_command.command("history")
@click.argument("submission", type=int)
@click.pass_context
def history_command(ctx, submission: int) -> None:
    """本单位本年度的审核记录：谁在何时做了什么。"""
    _print(_do(ctx, _review(ctx).history, submission), "table")
