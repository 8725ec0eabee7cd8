"""The Excel, HTML and Word readers: each turns its format into the lines and cells text and PDF produce."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.cli.main import cli
from engine.importers import DisclosureError, load_disclosure, office_kind
from engine.importers.excel import read_excel
from engine.importers.html import read_html
from engine.importers.word import read_word
from invariance import SAMPLES


def _cells(source) -> list[list[str]]:
    return [line.cells for line in source.lines if not line.blank]


def _xlsx(build) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    build(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_keeps_printed_decimals_merged_cells_and_skips_hidden_sheets():
    def build(book):
        sheet = book.active
        sheet.title = "公开05"
        sheet.append(["项目", None, "本年支出"])
        sheet.merge_cells("C1:E1")
        sheet.append(["科目代码", "科目名称", "合计", "基本支出", "项目支出"])
        sheet.append([201, "一般公共服务支出", 2014.4, 1230.37, 0.1 + 0.2])
        for cell, fmt in zip(sheet[3][2:], ("0.00", "#,##0.00", "0.00")):
            cell.number_format = fmt
        sheet.append(["", "占比", 0.6108])
        sheet["C4"].number_format = "0.00%"
        hidden = book.create_sheet("底稿")
        hidden.append(["不应读出"])
        hidden.sheet_state = "hidden"
        book.create_sheet("公开06").append(["人员经费合计", None, 12])

    source = read_excel(_xlsx(build))
    assert _cells(source) == [["公开05"], ["项目", "", "本年支出"], ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
                              ["201", "一般公共服务支出", "2014.40", "1,230.37", "0.30"], ["", "占比", "61.08%"],
                              ["公开06"], ["人员经费合计", "", "12"]]  # sheets named by their table number
    assert [line.page for line in source.lines if not line.blank] == [1, 1, 1, 1, 1, 2, 2]


def test_xls_is_read_too():
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("收入决算表")
    for c, text in enumerate(["科目代码", "科目名称", "本年收入合计"]):
        sheet.write(0, c, text)
    sheet.write(1, 0, 201)
    sheet.write(1, 1, "一般公共服务支出")
    sheet.write(1, 2, 1564.12)
    book.add_sheet("第二张").write(0, 0, "注：本表反映部门本年度的总收支。")
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert office_kind(data) == "excel"
    # the sheet's name is its table's title and its cells print none: the name leads its lines
    assert _cells(read_excel(data)) == [["收入决算表"], ["科目代码", "科目名称", "本年收入合计"],
                                        ["201", "一般公共服务支出", "1564.12"], ["注：本表反映部门本年度的总收支。"]]


def test_html_lays_out_spans_as_a_grid_and_reads_gbk():
    page = """<html><head><meta charset="gb2312"><script>var x = "收入";</script></head><body>
    <h2>收入支出决算总表</h2><p>部门名称：阳泉市财政局<br>金额单位：万元</p>
    <table><tr><td colspan="3">收入</td><td colspan="3">支出</td></tr>
    <tr><th>项目</th><th>行次</th><th>金额</th><th>项目</th><th>行次</th><th>金额</th></tr>
    <tr><td rowspan="2">一、一般公共预算财政拨款收入</td><td>1</td><td>2,014.44</td><td>一、一般公共服务支出</td><td>32</td><td>1564.12</td></tr>
    <tr><td>2</td><td></td><td>二、外交支出</td><td>33</td><td>&nbsp;</td></tr></table>
    <div>注：本表反映部门本年度的总收支<!-- 隐藏 -->和年末结转结余情况。</div></body></html>"""
    source = read_html(page.encode("gbk"))
    assert _cells(source) == [
        ["收入支出决算总表"], ["部门名称：阳泉市财政局"], ["金额单位：万元"],
        ["收入", "", "", "支出"], ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["一、一般公共预算财政拨款收入", "1", "2,014.44", "一、一般公共服务支出", "32", "1564.12"],
        ["", "2", "", "二、外交支出", "33"],
        ["注：本表反映部门本年度的总收支和年末结转结余情况。"]]


def test_docx_reads_paragraphs_tables_merges_and_page_breaks():
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.add_paragraph("第三部分 情况说明")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "三公经费"
    table.cell(0, 2).text = "决算数"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "公务用车"
    table.cell(1, 1).text = "购置费"
    table.cell(1, 2).text = "12.50"
    table.cell(2, 1).text = "运行维护费"
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("一、收入支出决算总体情况说明")
    out = io.BytesIO()
    document.save(out)
    source = read_word(out.getvalue())
    assert _cells(source) == [["第三部分 情况说明"], ["三公经费", "", "决算数"], ["公务用车", "购置费", "12.50"],
                              ["", "运行维护费"], ["一、收入支出决算总体情况说明"]]
    assert [line.page for line in source.lines if not line.blank][-1] == 2


def test_forms_are_told_apart_by_content_not_by_name(tmp_path):
    from engine.render import Printed, write
    from engine.render.derive import source_lines

    printed = Printed.from_lines(source_lines(SAMPLES / "yangquan-czj-2024.txt"))
    want = load_disclosure(SAMPLES / "yangquan-czj-2024.txt")
    for form in ("xlsx", "html", "docx"):
        path = tmp_path / f"renamed-{form}.dat"
        path.write_bytes(write(printed, form))
        got = load_disclosure(path)
        assert got.metadata.unit_name == want.metadata.unit_name == "阳泉市财政局"
        assert got.tables["公开05"].row("2010602").cells["项目支出"].value == want.tables["公开05"].row(
            "2010602").cells["项目支出"].value


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("name, data, code, words", [
    ("damaged.xlsx", _zip({"xl/workbook.xml": b"<not a workbook"}), "xlsx_damaged", "Excel 文件已损坏"),
    ("damaged.docx", _zip({"word/document.xml": b"<w:document/>"}), "docx_damaged", "Word 文档已损坏"),
    ("blank.xlsx", _xlsx(lambda book: None), "empty", "没有文字"),
    ("other.zip", _zip({"readme.txt": b"hello"}), "unsupported_format", "不支持的文件格式"),
    ("poem.html", "<html><body><p>床前明月光，疑是地上霜。</p></body></html>".encode(), "not_disclosure", "不是部门决算公开"),
])
def test_bad_office_files_exit_2_with_a_chinese_message(tmp_path, name, data, code, words):
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["import", str(path)])
    assert result.exit_code == 2, result.output
    assert f"[{code}]" in result.output and words in result.output
    assert "Traceback" not in result.output
    with pytest.raises(DisclosureError):
        load_disclosure(path)


def test_check_and_import_take_a_workbook_and_a_page(tmp_path):
    from engine.render.derive import from_lines

    for form, suffix in (("xlsx", ".xlsx"), ("html", ".html")):
        path = tmp_path / f"yangquan{suffix}"
        path.write_bytes(from_lines(SAMPLES / "yangquan-czj-2024.txt", form))
        imported = CliRunner().invoke(cli, ["import", str(path), "-o", str(tmp_path / "out.json")])
        assert imported.exit_code == 0, imported.output
        checked = CliRunner().invoke(cli, ["check", str(path)])
        assert "阳泉市财政局" in checked.output and "P01" in checked.output
    listed = CliRunner().invoke(cli, ["check", "-j", "1", str(tmp_path)])  # a folder: its workbooks and pages
    assert re.search(r"yangquan\.xlsx: 共 \d+ 条规则", listed.output), listed.output
    assert re.search(r"yangquan\.html: 共 \d+ 条规则", listed.output) and "无法读取 0 个" in listed.output


def test_render_command_writes_a_form_that_checks_the_same(tmp_path):
    from engine.render.compare import findings, layout_independent

    out = tmp_path / "公开.html"
    result = CliRunner().invoke(cli, ["render", str(SAMPLES / "yangquan-czj-2024.txt"), "--to", "html",
                                      "--numbering", "公开", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"<!DOCTYPE html>") and "公开05表" in out.read_text("utf-8")
    want, got = load_disclosure(SAMPLES / "yangquan-czj-2024.txt"), load_disclosure(out)
    assert layout_independent(findings(got)) == layout_independent(findings(want))  # numbering: only 表头 rules
    missing = CliRunner().invoke(cli, ["render", str(tmp_path / "无.txt"), "--to", "xlsx", "-o", str(tmp_path / "x")])
    assert missing.exit_code == 2 and "找不到文件" in missing.output


def test_a_sheet_named_by_its_table_needs_no_title_row():
    """The 决算 software names each sheet by its table and may leave the title out of the cells."""
    from engine.catalogue import load_catalogue
    from engine.importers import import_office
    from engine.render import write
    from engine.render.compare import amounts, differences
    from engine.render.layout import render

    catalogue = load_catalogue()
    want = load_disclosure(SAMPLES / "shanghai-putuo-czj-2024.pdf")
    printed = render(want)
    for n, name in enumerate(printed.names):
        if name in want.tables:
            printed.names[n] = catalogue.tables[name].title
            printed.pages[n] = [line for line in printed.pages[n] if not (
                len(line) == 1 and (catalogue.table_by_title(line[0]) or line[0].startswith("公开")))]
    got = import_office(write(printed, "xlsx"), "excel")
    assert sorted(got.tables) == sorted(want.tables)
    assert differences(amounts(want), amounts(got)) == []


def test_html_page_framed_by_a_layout_table_reads_its_content_in_order():
    """Government sites often wrap the whole article in a table: its cells are blocks, the tables inside are tables."""
    page = """<!DOCTYPE html><html><body><table width="100%"><tr><td>
    <p>第二部分 决算表</p><table border="1"><tr><td>项目</td><td>行次</td><td>金额</td></tr>
    <tr><td>合计</td><td>1</td><td>13.99</td></tr></table></td><td><div>附注</div></td></tr></table></body></html>"""
    assert _cells(read_html(page.encode())) == [["第二部分 决算表"], ["项目", "行次", "金额"], ["合计", "1", "13.99"],
                                               ["附注"]]


_CELL = st.one_of(
    st.just(""),
    st.text(alphabet="收入支出合计项目一般公共预算财政拨款（）、：%ABCxyz-", min_size=1, max_size=12).map(str.strip),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False).map(lambda d: f"{d:.2f}"),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(lambda d: f"{d:,.2f}"),
    st.integers(0, 9999999).map(str),
    st.sampled_from(["——", "-", "0", "0.00", "007", "2014. 44", "61.08%"]),
)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(grid=st.lists(st.lists(_CELL, min_size=1, max_size=8), min_size=1, max_size=12),
       form=st.sampled_from(["xlsx", "html", "docx"]))
def test_any_grid_reads_back_cell_for_cell(grid, form):
    """Whatever the cells, each writer and its reader give back the same printed text in the same place."""
    from engine.render import Printed, write

    grid = [row for row in grid if any(c.strip() for c in row)]
    if not grid:
        return
    readers = {"xlsx": read_excel, "html": read_html, "docx": read_word}
    got = _cells(readers[form](write(Printed(pages=[grid]), form)))

    def trimmed(row: list[str]) -> list[str]:
        row = [c.strip() for c in row]
        while row and not row[-1]:
            row.pop()
        return row

    assert [trimmed(r) for r in got] == [trimmed(r) for r in grid]
