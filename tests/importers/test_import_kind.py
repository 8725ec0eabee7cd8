"""Document kind: a 预算公开 is refused with a clear Chinese message (exit 2 on the command line, 422 over HTTP);
a random text and an empty file get their own answers; a 决算公开 is accepted."""
from __future__ import annotations

import subprocess
import sys

import pytest

from engine.importers import DisclosureError, import_text, load_disclosure
from engine.importers.kind import document_kind
from engine.importers.text import read_text
from importer_paths import SAMPLES, SHARED

CORPUS = SHARED / "corpus"
# One of each layout: a narrative document, a tables file, a tables file printed rotated (text comes out reversed).
SOME = ["jiangsu-gjfy-2019-budget-document.pdf", "jiangsu-zxbgt-2018-budget-tables.pdf",
        "jiangsu-rdbgt-2019-budget-tables.pdf", "jiangsu-jcy-2017-budget-document.pdf"]


@pytest.mark.parametrize("name", SOME)
def test_budget_disclosure_is_refused(name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip("the corpus is not here")
    with pytest.raises(DisclosureError) as exc:
        load_disclosure(path)
    assert exc.value.code == "budget_disclosure"
    assert "预算公开" in exc.value.message_zh and "决算" in exc.value.message_zh


def test_budget_text_is_refused_on_the_command_line(tmp_path):
    text = tmp_path / "budget.txt"
    text.write_text("江苏省某某厅\n2019年度部门预算公开\n\n目录\n第一部分 部门概况\n第二部分 2019年度部门预算表\n"
                    "一、收支预算总表\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "engine.cli.main", "check", str(text)], capture_output=True, text=True)
    assert run.returncode == 2
    assert "预算公开" in run.stderr + run.stdout and "Traceback" not in run.stderr


def test_random_text_and_empty_file():
    with pytest.raises(DisclosureError) as exc:
        import_text("今天天气很好，我们去公园散步。\n一、公园里有很多人\n二、湖边的柳树发芽了\n".encode("utf-8"))
    assert exc.value.code == "not_disclosure"
    with pytest.raises(DisclosureError) as exc:
        import_text(b"   \n\n")
    assert exc.value.code == "empty"


def test_final_accounts_are_accepted_and_kind_is_named():
    kind = document_kind(read_text((SAMPLES / "yangquan-czj-2024.txt").read_bytes()).lines)
    assert (kind.kind, kind.scope) == ("final", "单位")
    # a 决算 text full of 预算 words (一般公共预算, 年初预算) is still a 决算
    lines = read_text("某局\n2024年度部门决算\n一般公共预算财政拨款支出决算表\n年初预算100万元，部门预算改革\n".encode()).lines
    assert document_kind(lines).kind == "final"


def test_import_and_check_show_what_was_not_read(tmp_path):
    """Single-space text (each tab one space): 公开05's amounts are placed by its arithmetic, and both commands say
    so; 公开06 (groups printed side by side) cannot be placed. `import` lists every status, `check` names what was not
    read at the top of its report, and the rules that need it are 不可核."""
    text = tmp_path / "single.txt"
    text.write_text((SAMPLES / "yangquan-czj-2024.txt").read_text("utf-8").replace("\t", " "), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "engine.cli.main", "import", str(text)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "读取情况：" in run.stdout and "公开06  有但无法读取" in run.stdout and "公开03  没有" in run.stdout
    assert "公开05  已读取" in run.stdout and "按本表的算术关系定位" in run.stdout
    run = subprocess.run([sys.executable, "-m", "engine.cli.main", "check", str(text)], capture_output=True, text=True)
    head = run.stdout.split("\n\n")[0]
    assert "读取情况（以下内容未核对或未全部核对）：" in head and "公开06：有但无法读取" in head
    assert "公开05：已读取（公开05：原文空白单元格没有留下痕迹" in head
    assert "未读全不可核" in run.stdout and "以下" in run.stdout
