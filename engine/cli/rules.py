"""CLI commands over a rulebook: check, list, explain, test, lint. Heavy imports stay inside the commands."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.cli.choices import PROFILE_HELP, LazyChoice, formats, profiles
from engine.cli.options import cluster_memory_option, jobs_option

RULEBOOK_OPTION = click.option("--rulebook", "rulebook_path", type=click.Path(path_type=Path),
                               help="规则库文件或目录（默认：随附的默认规则库）")

MSG = {
    "zh": {"rulebook_bad": "规则库有 {n} 处错误，无法使用：", "no_rule": "规则库中没有规则「{id}」", "did_you_mean": "；是否是 {ids}？",
           "no_match": "没有编号或类别为「{word}」的规则",
           "no_files": "没有找到可校验的文件（.json/.txt/.pdf）：{paths}", "read_fail": "无法读取 {file}：{reason}",
           "cases": "示例 {total} 个：通过 {ok}，失败 {bad}", "lint_ok": "规则库检查通过：{rules} 条规则，无错误。",
           "lacking": "缺少不通过示例的规则：", "unread": "样本中改动后没有任何规则报告的金额单元格：",
           "claims": "样本情况说明中的数字 {numbers} 个：归入说法 {attached} 个，其中有规则读到的 {read} 个；未归入 {loose} 个（下列未归入及未读到的）",
           "all_covered": "样本的每个金额单元格都至少被一条规则核对。"},
    "en": {"rulebook_bad": "The rulebook has {n} errors and cannot be used:", "no_rule": "No rule '{id}' in the rulebook", "did_you_mean": "; did you mean {ids}?",
           "no_match": "No rule has the id or category '{word}'",
           "no_files": "No checkable files (.json/.txt/.pdf) in: {paths}", "read_fail": "Cannot read {file}: {reason}",
           "cases": "{total} examples: {ok} passed, {bad} failed", "lint_ok": "Rulebook OK: {rules} rules, no errors.",
           "lacking": "Rules without a failing example:", "unread": "Amount cells of the sample no rule reports on:",
           "claims": "Numbers in the sample's narrative: {numbers}; attached to a claim {attached}, read by some rule {read}; unattached {loose} (listed below with the unread)",
           "all_covered": "Every amount cell of the sample is checked by at least one rule."},
}


def _lang() -> str:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return (root.obj or {}).get("lang", "zh") if root else "zh"


def _msg(key: str, **params) -> str:
    return MSG[_lang()][key].format(**params)


def load_book(path: Path | None, *, compile: bool = True, only=None):
    """Loads the rulebook or exits 2 with every diagnostic rendered."""
    from engine.diagnostics import render
    from engine.rules.loader import RulebookError, load_rulebook

    ctx = click.get_current_context(silent=True)
    books = (ctx.obj or {}).get("books") if ctx is not None else None  # the check daemon's loaded rulebooks
    try:
        if books is not None and compile and only is None:
            return books.load(path, lambda p: load_rulebook(p, cache=True))
        return load_rulebook(path, compile=compile, only=only, cache=True)  # kept per content: a quick start
    except RulebookError as exc:
        click.echo(_msg("rulebook_bad", n=len(exc.diagnostics)), err=True)
        for diagnostic in exc.diagnostics:
            click.echo(render(diagnostic, _lang()), err=True)
        sys.exit(2)


def read_document(path: Path):
    """A disclosure from JSON, published text or PDF; raises DisclosureError with a Chinese message."""
    from engine.importers import load_disclosure

    return load_disclosure(path)


def expand(paths: tuple[Path, ...]) -> list[Path]:
    from engine.importers import OFFICE_SUFFIXES  # Excel, HTML, Word: read like text and PDF

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in (".json", ".txt", ".pdf", *OFFICE_SUFFIXES))
        else:
            files.append(path)
    return files


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@RULEBOOK_OPTION
@click.option("--format", "fmt", type=LazyChoice(formats), default="table",
              show_default=True, help="输出格式")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="达到该级别时退出码为 1")
@jobs_option
@click.option("--profile", type=LazyChoice(profiles), default=None, help=PROFILE_HELP)
@click.option("--select", multiple=True, help="只运行这些规则：编号（可用 * 通配）或类别，可重复、可用逗号分隔")
@click.option("--ignore", multiple=True, help="不运行这些规则：编号（可用 * 通配）或类别")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="写入文件而不是屏幕；校验多个文件时给一个目录，则每个文件写一份报告")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="本单位上年的决算公开（跨年度规则：年初结转和结余 = 上年年末，所写增减额与上年决算）")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="在 Dask 集群上校验：调度器地址（如 tcp://host:8786），或 local（本机启动 --jobs 个工作进程）")
@cluster_memory_option
def check_command(files, rulebook_path, fmt, fail_on, jobs, profile, select, ignore, output, previous, cluster,
                  cluster_memory):
    """校验公开文件（JSON、公开文本或 PDF）。退出码：0 通过，1 有问题达到 --fail-on 级别，2 用法错误或文件无法读取。"""
    with _executor(cluster, jobs, rulebook_path, cluster_memory) as started:
        _check(files, rulebook_path, fmt, fail_on, jobs, profile, select, ignore, output, previous, started)


def _executor(cluster: str | None, jobs: int | None, rulebook_path: Path | None, budget: int):
    """--cluster: started now, in a thread, so it comes up while the rulebook is read and the files are listed."""
    if cluster is None:
        from contextlib import nullcontext

        return nullcontext()
    from engine.checking.cluster import starting

    return starting(cluster, jobs, rulebook_path, budget)


def _check(files, rulebook_path, fmt, fail_on, jobs, profile, select, ignore, output, previous, cluster):
    from engine.checking.batch import run_batch

    lang = _lang()
    paths = expand(files)
    if not paths:
        raise click.UsageError(_msg("no_files", paths=" ".join(map(str, files))))
    last = None
    if previous is not None:
        from engine.importers import DisclosureError, load_disclosure

        try:
            last = load_disclosure(previous, profile=profile)
        except DisclosureError as exc:
            click.echo(f"{previous}: {exc.message(lang)}", err=True)
            sys.exit(2)

    def load_selected(path):
        return _selected(load_book(path), _words(select), _words(ignore))

    workbook = fmt == "xlsx"  # one workbook for the whole batch: a summary row per file
    if workbook and (output is None or output.is_dir()):
        raise click.UsageError("--format xlsx 写出 Excel 工作簿：请用 -o 给出文件名（如 -o 报告.xlsx）"
                               if lang == "zh" else "--format xlsx writes a workbook: give a file with -o")
    per_file = output if output is not None and not workbook and (output.is_dir() or len(paths) > 1) else None
    try:
        with _writer(None if per_file or workbook else output) as echo:
            code = run_batch(paths, rulebook_path=rulebook_path, fmt=fmt, fail_on=fail_on, jobs=jobs, lang=lang,
                             load_book=load_selected, echo=echo, profile=profile, per_file=per_file, previous=last,
                             cluster=cluster, report_file=output if workbook else None, previous_file=previous)
    except Exception as exc:  # --cluster only: no Dask, no scheduler
        if type(exc).__name__ != "ClusterError":
            raise
        click.echo(exc.message(lang), err=True)
        sys.exit(2)
    sys.exit(code)


def _words(values: tuple[str, ...]) -> list[str]:
    return [w.strip() for v in values for w in v.replace("，", ",").split(",") if w.strip()]


def _selected(book, select: list[str], ignore: list[str]):
    """The rulebook with only the --select'ed rules, less the --ignore'd (ids with * wildcards, or categories);
    a word that names no rule and no category is a usage error with the nearest ones."""
    from fnmatch import fnmatchcase

    def hits(rule, word: str) -> bool:
        return fnmatchcase(rule.id, word) or rule.category == word

    for word in select + ignore:
        if not any(hits(rule, word) for rule in book.rules):
            from difflib import get_close_matches

            names = [r.id for r in book.rules] + sorted({r.category for r in book.rules})
            near = get_close_matches(word, names, n=3, cutoff=0.5)
            raise click.UsageError(_msg("no_match", word=word) + (_msg("did_you_mean", ids="、".join(near)) if near
                                                                   else ""))
    if select:
        book.rules = [r for r in book.rules if any(hits(r, w) for w in select)]
    if ignore:
        book.rules = [r for r in book.rules if not any(hits(r, w) for w in ignore)]
    return book


from contextlib import contextmanager  # noqa: E402


@contextmanager
def _writer(output: Path | None):
    """click.echo, or the same lines written to `output` (UTF-8)."""
    if output is None:
        yield click.echo
        return
    with open(output, "w", encoding="utf-8") as sink:
        def echo(text: str = "", err: bool = False) -> None:
            if err:
                click.echo(text, err=True)
            else:
                sink.write(f"{text}\n")
        yield echo


@click.command("list")
@RULEBOOK_OPTION
@click.option("--category", help="只列出该类别")
@click.option("--severity", type=click.Choice(["error", "warning", "info"]), help="只列出该级别")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_command(rulebook_path, category, severity, fmt):
    """列出规则：编号、名称、级别、类别、表达式。"""
    import json

    book = load_book(rulebook_path, compile=False)  # listing needs the files, not the parser
    if category and category not in {r.category for r in book.rules}:
        _selected(book, [category], [])  # exits 2 naming the nearest categories
    rules = [r for r in book.rules if (not category or r.category == category)
             and (not severity or r.severity == severity)]
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "name": r.named(_lang()), "severity": r.severity, "category": r.category,
                                "expr": r.canonical, "when": r.when, "basis": r.basis} for r in rules],
                              ensure_ascii=False, indent=1))
        return
    from engine.cli.columns import aligned

    heads = ["编号", "名称", "级别", "类别", "规则"] if _lang() == "zh" else ["id", "name", "severity", "category", "expr"]
    click.echo(aligned([[r.id, r.named(_lang()), r.severity, r.category, r.canonical] for r in rules], heads))


@click.command("explain")
@click.argument("rule_id")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@RULEBOOK_OPTION
def explain_command(rule_id, file, rulebook_path):
    """解释一条规则；给出文件时逐步说明每个引用、每步运算及结论。"""
    from engine.checking.explain_rule import describe

    book = load_book(rulebook_path)
    rule = book.rule(rule_id)
    if rule is None:
        _no_such_rules(book, (rule_id,))
    doc = None
    if file is not None:
        doc = _read_or_exit(file)
    click.echo(describe(rule, doc, _lang()))


def _no_such_rules(book, wanted) -> None:
    """Exits 2 naming the nearest ids (是否是……？)."""
    from difflib import get_close_matches

    ids = [r.id for r in book.rules]
    near = sorted({m for w in wanted for m in get_close_matches(str(w), ids, n=3, cutoff=0.5)})
    click.echo(_msg("no_rule", id="、".join(map(str, wanted))) + (_msg("did_you_mean", ids="、".join(near)) if near else ""),
               err=True)
    sys.exit(2)


def _read_or_exit(file: Path):
    from engine.importers import DisclosureError

    try:
        return read_document(file)
    except DisclosureError as exc:
        click.echo(_msg("read_fail", file=file, reason=exc.message(_lang())), err=True)
        sys.exit(2)


def _picked(rule_ids: tuple[str, ...], keyword: str | None):
    """The rules `rulebook test T11 N0*` / `-k 三公` run: ids (shell-style patterns) or words in the id or name."""
    if not rule_ids and not keyword:
        return None
    from fnmatch import fnmatchcase

    def picked(rule) -> bool:
        if rule_ids and not any(fnmatchcase(rule.id, p) for p in rule_ids):
            return False
        return not keyword or keyword in rule.id or keyword in rule.name
    return picked


@click.command("test")
@click.argument("rule_ids", nargs=-1)
@RULEBOOK_OPTION
@click.option("-k", "keyword", help="只运行编号或名称含此文字的规则")
@click.option("--coverage", is_flag=True, help="列出缺少不通过示例的规则，以及样本中没有规则核对的单元格")
@click.option("--corpus", type=click.Path(path_type=Path), is_flag=False, flag_value="samples/truth", default=None,
              help="按答案库（*.key.json，默认 samples/truth）逐文件计算各级别的精确率与召回率")
@click.option("--baseline", type=click.Path(path_type=Path), default=None,
              help="与 --corpus 同用：低于该基线（默认 答案库/baseline.json）时退出码为 1")
@click.option("--record", is_flag=True, help="与 --corpus 同用：把本次结果写为基线")
@click.option("--verbose", "-v", is_flag=True, help="与 --corpus 同用：列出每条不正确的发现和每个未报的缺陷")
def test_command(rule_ids, rulebook_path, keyword, coverage, corpus, baseline, record, verbose):
    """运行每条规则的示例（可只给出规则编号，或用 -k 按文字挑选）；失败时显示期望与实际。
    --corpus：按答案库衡量各文件各级别的精确率与召回率。"""
    from engine.rules.examples import run_rule_examples

    if corpus is not None:
        from engine.cli.corpus import corpus_command_body

        sys.exit(corpus_command_body(load_book(rulebook_path), corpus, baseline, record, verbose, _lang()))
    picked = None if coverage else _picked(rule_ids, keyword)
    book = load_book(rulebook_path, only=picked)
    rules = [r for r in book.rules if picked is None or picked(r)]
    if not rules:
        _no_such_rules(book, rule_ids or (keyword,))
    total = bad = 0
    for rule in rules:
        for result in run_rule_examples(rule):
            total += 1
            if not result.ok:
                bad += 1
                click.echo(f"✗ {result.rule}/{result.case}: 期望 {result.expected}，实际 {result.actual}"
                           f"{'；' + result.detail if result.detail else ''}")
    click.echo(_msg("cases", total=total, ok=total - bad, bad=bad))
    if coverage:
        from engine.checking.coverage import lacking_failing_examples, unread_cells

        lacking = lacking_failing_examples(book)
        click.echo(_msg("lacking") + ("、".join(lacking) if lacking else " 无"))
        from engine.checking.coverage import claim_coverage

        claims = claim_coverage(book)
        click.echo(_msg("claims", **{k: claims[k] for k in ("numbers", "attached", "read")},
                        loose=len(claims["unattached"])))
        for c in claims["unattached"] + claims["unread"]:
            click.echo(f"  {c.words}（{c.source}）")
        cells = unread_cells(book)
        click.echo(_msg("unread") + (" 无" if not cells else ""))
        for cell in cells:
            click.echo(f"  {cell}")
    sys.exit(1 if bad else 0)


@click.command("lint")
@RULEBOOK_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写入文件而不是屏幕")
def lint_command(rulebook_path, fmt, output):
    """检查规则库：语法、未知名称、重复编号、无法识别的键、无法加载的示例。"""
    from engine.diagnostics import render
    from engine.rules.lint import lint

    diagnostics, rules = lint(rulebook_path)
    errors = [d for d in diagnostics if d.severity == "error"]
    lang = _lang()
    with _writer(output) as echo:
        if fmt == "json":
            import json

            echo(json.dumps({"rules": rules, "errors": len(errors), "diagnostics": [d.to_dict() for d in diagnostics]},
                            ensure_ascii=False, indent=1))
        else:
            for diagnostic in diagnostics:
                echo(render(diagnostic, lang))
            if not errors:
                echo(_msg("lint_ok", rules=rules))
    sys.exit(1 if errors else 0)


@click.command("rulebook")
def schema_rulebook_command():
    """打印规则库文件的 JSON Schema（供编辑器校验与补全）。"""
    import json

    from engine.rules.schema import rulebook_schema

    click.echo(json.dumps(rulebook_schema(), ensure_ascii=False, indent=1))
