"""Options that work the same across commands, and the config file that gives their defaults."""
import json

import pytest
from click.testing import CliRunner

from engine.cli.main import cli
from engine.resources import sample

SAMPLE = str(sample("yangquan-czj-2024.json"))


def _run(*args, cwd=None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, list(args))
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(cli, list(args))


def test_lang_after_the_subcommand():
    before = _run("--lang", "en", "check", SAMPLE, "--select", "T11")
    after = _run("check", SAMPLE, "--select", "T11", "--lang", "en")
    assert after.exit_code == before.exit_code == 0
    assert after.stdout == before.stdout and "1 rules: 1 passed" in after.stdout


def test_select_and_ignore_by_id_pattern_and_category():
    picked = json.loads(_run("check", SAMPLE, "--format", "json", "--select", "T1*,表内平衡",
                             "--ignore", "T12").stdout)
    listed = json.loads(_run("list", "--format", "json").stdout)
    expected = {r["id"] for r in listed if (r["id"].startswith("T1") or r["category"] == "表内平衡")} - {"T12"}
    assert picked["summary"]["rules"] == len(expected) > 5
    assert {f["rule"] for f in picked["findings"]} - {"-"} <= expected  # "-": a missing table, not a rule


@pytest.mark.parametrize("args, says", [
    (["check", SAMPLE, "--select", "T111"], "没有编号或类别为「T111」的规则；是否是 T11"),
    (["list", "--category", "表内"], "是否是 表内平衡"),
    (["explain", "T1"], "是否是"),
    (["test", "X1"], "规则库中没有规则「X1」"),
    (["check", SAMPLE, "--jobs", "0"], "应为正整数"),
])
def test_unknown_ids_categories_and_bad_jobs_are_usage_errors_with_suggestions(args, says):
    out = _run(*args)
    assert out.exit_code == 2 and says in out.output, out.output


def test_output_file_and_one_report_per_file_for_a_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("yangquan-czj-2024.json", "defect-sum.json"):
        (folder / name).write_bytes(sample(name).read_bytes())
    out = _run("check", str(folder), "--format", "sarif", "-o", str(tmp_path / "reports"), "--jobs", "1")
    assert out.exit_code == 1
    written = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert written == ["defect-sum.json.sarif", "yangquan-czj-2024.json.sarif"]
    for path in (tmp_path / "reports").iterdir():
        (run,) = json.loads(path.read_text("utf-8"))["runs"]
        assert run["artifacts"][0]["location"]["uri"].endswith(path.name.removesuffix(".sarif"))
    single = _run("check", SAMPLE, "-o", str(tmp_path / "one.txt"))
    assert single.exit_code == 1 and single.stdout == ""
    assert "错误（强制性，须更正）（4）" in (tmp_path / "one.txt").read_text("utf-8")


def test_lint_as_json():
    out = _run("lint", "--format", "json")
    data = json.loads(out.stdout)
    assert out.exit_code == 0 and data["errors"] == 0 and data["rules"] > 150


def test_eval_uses_the_rulebooks_definitions(tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text("rulebook: {id: t, 版本: '1', 扩展: default}\n定义:\n  工资两项: 公开06[30101].决算数 + 公开06[30102].决算数\n",
                    "utf-8")
    alone = _run("eval", "公开06[30101].决算数 + 公开06[30102].决算数", SAMPLE)
    named = _run("eval", "工资两项", SAMPLE, "--rulebook", str(book))
    assert alone.exit_code == named.exit_code == 0 and named.stdout == alone.stdout
    inherited = _run("eval", "三公预算", SAMPLE)  # a 定义 of the default rulebook
    assert "E201" not in inherited.output


def test_config_file_gives_defaults_and_the_command_line_wins(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.rulebook]\nfail-on = "warning"\nlang = "en"\n', "utf-8")
    (tmp_path / "sub").mkdir()
    runner = CliRunner()
    import os

    old = os.getcwd()
    os.chdir(tmp_path / "sub")  # found from the current folder upwards
    try:
        configured = runner.invoke(cli, ["check", SAMPLE, "--select", "N08"])
        overridden = runner.invoke(cli, ["check", SAMPLE, "--select", "N08", "--fail-on", "error", "--lang", "zh"])
        (tmp_path / "rulebook.toml").write_text('profle = "x"\n', "utf-8")
        bad = runner.invoke(cli, ["list"])
    finally:
        os.chdir(old)
    assert configured.exit_code == 1 and "warnings" in configured.stdout  # N08 warnings reach fail-on warning
    assert overridden.exit_code == 0 and "警告" in overridden.stdout
    assert bad.exit_code == 2 and "无法识别的配置项「profle」，是否是「profile」" in bad.output


def test_english_rule_names_in_list_and_sarif():
    """--lang en names each rule in English wherever a rule is named: the list and SARIF's rule table too."""
    import re

    cjk = re.compile(r"[\u4e00-\u9fff]")
    english = re.compile(r"公开\d\d|“[^”]*”")  # table numbers and quoted document words stay as printed
    listed = json.loads(_run("--lang", "en", "list", "--format", "json").output)
    assert len(listed) > 200 and not [r["id"] for r in listed if cjk.search(english.sub("", r["name"]))]
    zh = {r["id"]: r["name"] for r in json.loads(_run("list", "--format", "json").output)}
    assert all(cjk.search(name) for name in zh.values())  # Chinese by default
    sarif = json.loads(_run("--lang", "en", "check", SAMPLE, "--format", "sarif").output)
    names = [r["name"] for run in sarif["runs"] for r in run["tool"]["driver"]["rules"]]
    assert names and not [n for n in names if cjk.search(english.sub("", n))]
