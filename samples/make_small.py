"""Writes the small hand-made disclosures used by tests: one consistent, and variants each with one known defect.

Run `python samples/make_small.py` from the checkout; the JSON files are checked in.
"""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.catalogue import load_catalogue  # noqa: E402
from engine.model import (Cell, Column, Disclosure, Metadata, Narrative, Note, Row, Section,  # noqa: E402
                          Table, TocEntry)

HERE = Path(__file__).resolve().parent
HEADER = {"部门名称": "示例局", "年度": "2024年度", "金额单位": "万元"}


def cell(text: str | None) -> Cell:
    if text is None or text == "":
        return Cell(kind="blank")
    if text == "——":
        return Cell(kind="na", text=text)
    return Cell(kind="number", value=Decimal(text), text=text)


def table(table_id: str, title: str, columns: list[tuple[str, str | None]], rows: list[Row], notes=()) -> Table:
    return Table(id=table_id, title=title, number=f"{table_id}表", header=dict(HEADER), unit="万元",
                 columns=[Column(key=k, label=k, number=str(i + 1), side=s) for i, (k, s) in enumerate(columns)],
                 rows=rows, notes=[Note(text=n, kind="no_data" if "无数据" in n else "note") for n in notes])


def row(key: str, label: str, values: dict[str, str | None], **extra) -> Row:
    return Row(key=key, label=label, cells={k: cell(v) for k, v in values.items()}, **extra)


LEVEL = {3: "类", 5: "款", 7: "项"}
CLASSES = [("201", "一、一般公共服务支出", ["80.00", "80.00", None, None]),
           ("221", "十九、住房保障支出", ["20.00", "20.00", None, None])]
# code, name, 合计, 基本, 项目: the one set of 功能分类 figures every coded table repeats
FUNCTIONS = [
    ("201", "一般公共服务支出", "80.00", "50.00", "30.00"),
    ("20101", "人大事务", "80.00", "50.00", "30.00"),
    ("2010101", "行政运行", "50.00", "50.00", None),
    ("2010102", "一般行政管理事务", "30.00", None, "30.00"),
    ("221", "住房保障支出", "20.00", "20.00", None),
    ("22102", "住房改革支出", "20.00", "20.00", None),
    ("2210201", "住房公积金", "20.00", "20.00", None),
]


def coded(columns: dict[str, int], total: tuple[str, str, str]) -> list[Row]:
    """Rows of a coded table; `columns` maps column key → index into (合计, 基本, 项目)."""
    out = [row("合计", "合计", {k: total[i] for k, i in columns.items()})]
    for code, name, *figures in FUNCTIONS:
        out.append(row(code, name, {k: figures[i] for k, i in columns.items()}, code=code, level=LEVEL[len(code)]))
    return out


def two_sided(tid: str, spend_cols: list[str], values: dict[str, list[str | None]]) -> Table:
    """公开01/04 with every catalogue row of each side (blank unless given), 类 rows before 本年支出合计."""
    spec = load_catalogue().tables[tid]
    rows = []
    for r in spec.rows:
        if r.key == "本年支出合计":
            for code, label, figures in CLASSES:
                rows.append(row(code, label, dict(zip(spend_cols, figures)), side="支出", code=code, level="类"))
        cols = ["金额"] if r.side == "收入" else spend_cols
        label = "总计" if r.printed == "总计" else r.key.split("/")[-1]
        rows.append(row(r.key, label, dict(zip(cols, values.get(r.key, [None] * len(cols)))), side=r.side))
    return Table(id=tid, title=spec.title, number=f"{tid}表", header=dict(HEADER), unit="万元",
                 columns=[Column(key="金额", label="金额", number="1", side="收入")]
                 + [Column(key=c, label=c, number=str(i + 2), side="支出") for i, c in enumerate(spend_cols)],
                 rows=rows)


def consistent() -> Disclosure:
    t = {}
    t["公开01"] = two_sided("公开01", ["金额"], {
        "一般公共预算财政拨款收入": ["100.00"], "本年收入合计": ["100.00"], "收入总计": ["100.00"],
        "本年支出合计": ["100.00"], "支出总计": ["100.00"]})
    t["公开02"] = table("公开02", "收入决算表", [(c.key, None) for c in load_catalogue().tables["公开02"].columns],
                        coded({"本年收入合计": 0, "财政拨款收入": 0}, ("100.00", "70.00", "30.00")))
    t["公开03"] = table("公开03", "支出决算表", [(c.key, None) for c in load_catalogue().tables["公开03"].columns],
                        coded({"本年支出合计": 0, "基本支出": 1, "项目支出": 2}, ("100.00", "70.00", "30.00")))
    for tid in ("公开02", "公开03"):
        for r in t[tid].rows:
            for c in t[tid].columns:
                r.cells.setdefault(c.key, cell(None))
    t["公开04"] = two_sided("公开04", ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"], {
        "一般公共预算财政拨款": ["100.00"], "本年收入合计": ["100.00"], "收入总计": ["100.00"],
        "本年支出合计": ["100.00", "100.00", None, None], "支出总计": ["100.00", "100.00", None, None]})
    t["公开05"] = table("公开05", "一般公共预算财政拨款支出决算表", [("合计", None), ("基本支出", None), ("项目支出", None)],
                        coded({"合计": 0, "基本支出": 1, "项目支出": 2}, ("100.00", "70.00", "30.00")))
    econ = [("301", "工资福利支出", "50.00"), ("30101", "基本工资", "30.00"), ("30113", "住房公积金", "20.00"),
            ("302", "商品和服务支出", "15.00"), ("30201", "办公费", "10.00"), ("30211", "差旅费", "5.00"),
            ("30212", "因公出国（境）费用", None), ("30217", "公务接待费", None), ("30231", "公务用车运行维护费", None),
            ("303", "对个人和家庭的补助", "5.00"), ("30302", "退休费", "5.00"), ("309", "资本性支出（基本建设）", "——"),
            ("310", "资本性支出", None), ("31013", "公务用车购置", None)]
    t["公开06"] = table("公开06", "一般公共预算财政拨款基本支出决算明细表", [("决算数", None)],
                        [row(c, n, {"决算数": v}, code=c, level="类" if len(c) == 3 else "款") for c, n, v in econ]
                        + [row("人员经费合计", "人员经费合计", {"决算数": "55.00"}),
                           row("公用经费合计", "公用经费合计", {"决算数": "15.00"})])
    no_data = ["说明：本表无数据"]
    t["公开07"] = table("公开07", "政府性基金预算财政拨款收入支出决算表",
                        [(k, None) for k in ("年初结转和结余", "本年收入", "本年支出", "基本支出", "项目支出", "年末结转和结余")],
                        [row("合计", "合计", {k: None for k in ("年初结转和结余", "本年收入", "本年支出", "基本支出", "项目支出",
                                                              "年末结转和结余")})], no_data)
    t["公开08"] = table("公开08", "国有资本经营预算财政拨款支出决算表", [("合计", None), ("基本支出", None), ("项目支出", None)],
                        [row("合计", "合计", {"合计": None, "基本支出": None, "项目支出": None})], no_data)
    sangong = [("合计", "3.00", "2.50"), ("因公出国(境)费", "0", "0"), ("公务用车购置及运行维护费", "2.00", "1.50"),
               ("公务用车购置费", "0", "0"), ("公务用车运行维护费", "2.00", "1.50"), ("公务接待费", "1.00", "1.00")]
    t["公开09"] = Table(id="公开09", title='财政拨款"三公"经费支出决算表', number="公开09表", header=dict(HEADER), unit="万元",
                        columns=[Column(key="预算数", label="预算数"), Column(key="决算数", label="决算数")],
                        rows=[row(k, k, {"预算数": b, "决算数": f}) for k, b, f in sangong])
    sections = [
        Section(number="一", title="收入支出决算总体情况说明",
                text="2024年度收入总计100.00万元，支出总计100.00万元。与上年相比，收入总计增加10.00万元，增长11.11%，"
                     "支出总计增加10.00万元，增长11.11%。主要原因是人员增加。"),
        Section(number="二", title="收入决算情况说明",
                text="2024年度收入合计100.00万元，其中：\n财政拨款收入100.00万元，占比100.00%。"),
        Section(number="三", title="支出决算情况说明",
                text="2024年度支出合计100.00万元，其中：\n基本支出70.00万元，占比70.00%；\n项目支出30.00万元，占比30.00%。"),
        Section(number="四", title="财政拨款收支决算总体情况说明",
                text="2024年度财政拨款收入总计100.00万元，支出总计100.00万元。与上年相比，财政拨款收入总计增加10.00万元，"
                     "增长11.11%；财政拨款支出总计增加10.00万元，增长11.11%。主要原因是人员增加。"),
        _parted("五", "一般公共预算财政拨款支出决算情况说明", [
            ("一", "一般公共预算财政拨款支出决算总体情况",
             "2024年一般公共预算财政拨款决算支出100.00万元，占本年支出合计的100.00%。与上年相比，一般公共预算财政拨款"
             "支出增加10.00万元，增长11.11%。主要原因是人员增加。"),
            ("二", "一般公共预算财政拨款支出决算结构情况",
             "2024年度一般公共预算财政拨款支出100.00万元，主要用于以下方面：\n一般公共服务支出(类)80.00万元，占比80.00%；"
             "\n住房保障支出(类)20.00万元，占比20.00%。"),
            ("三", "一般公共预算财政拨款支出决算具体情况",
             "2024年度一般公共预算财政拨款支出年初预算100.00万元，支出决算100.00万元，完成年初预算的100.00%。其中：\n"
             "一般公共服务支出年初预算80.00万元，支出决算80.00万元，完成年初预算的100.00%，决算数与预算数持平。"
             "较上年决算增加5.00万元，增长6.67%，主要原因是人员增加。\n"
             "住房保障支出年初预算20.00万元，支出决算20.00万元，完成年初预算的100.00%，决算数与预算数持平。"
             "较上年决算增加5.00万元，增长33.33%，主要原因是缴费基数提高。")]),
        Section(number="六", title="一般公共预算财政拨款基本支出决算情况说明",
                text="2024年度财政拨款基本支出70.00万元，其中：\n人员经费55.00万元，主要包括工资福利支出50.00万元和对个人和"
                     "家庭的补助支出5.00万元；\n公用经费15.00万元，主要包括商品和服务支出15.00万元。"),
        Section(number="七", title="政府性基金预算财政拨款收支决算情况说明",
                text="本年度无政府性基金预算财政拨款收入和支出。"),
        Section(number="八", title="国有资本经营预算财政拨款支出决算情况说明",
                text="本年度无国有资本经营预算财政拨款支出。"),
        _parted("九", "财政拨款“三公”经费支出决算情况说明", [
            ("一", "“三公”经费财政拨款支出决算总体情况说明",
             "2024年度“三公”经费财政拨款支出全年预算3.00万元，支出决算2.50万元，完成全年预算的83.33%，决算数小于预算数的"
             "主要原因是厉行节约。与上年相比，“三公”经费财政拨款支出决算增加0.50万元，增长25.00%，主要原因是公务接待增加。"
             "其中：\n因公出国（境）费支出0万元，与上年相同，主要原因是本单位无因公出国（境）支出；\n"
             "公务用车购置费支出0万元，与上年相同，主要原因是本单位无公务用车购置支出；\n"
             "公务用车运行维护费支出1.50万元，比上年增加0.20万元，增长15.38%，主要原因是车辆维修增加；\n"
             "公务接待费支出1.00万元，比上年增加0.30万元，增长42.86%，主要原因是接待任务增加。"),
            ("二", "“三公”经费财政拨款支出决算具体情况说明",
             "1、因公出国（境）费支出0万元，出国（境）团组共0个，0人次。\n"
             "2、公务用车购置支出0万元，使用财政拨款共购置公务用车0辆。\n"
             "3、公务用车运行维护费支出1.50万元，使用财政拨款负担的公务用车保有量共1辆，主要用于公务出行。\n"
             "4、公务接待费支出1.00万元，共接待5批次，40人次。国内接待费1.00万元，共接待5批次，40人次，其中外事接待费0万元，"
             "共接待0批次，0人次；国（境）外接待费0万元，共接待国（境）外0批次，0人次。")]),
        _parted("十", "其他重要事项情况说明", [
            ("一", "机关运行经费支出情况说明",
             "2024年机关运行经费支出15.00万元，比2023年增加1.00万元，增长7.14%，主要原因是办公费增加。"),
            ("二", "政府采购情况说明",
             "2024年度政府采购支出总额10.00万元，其中：政府采购货物支出10.00万元、政府采购工程支出0万元、政府采购服务支出"
             "0万元。政府采购授予中小企业合同金额10.00万元，占政府采购支出总额的100.00%。其中：授予小微企业合同金额10.00万元，"
             "占政府采购支出总额的100.00%。"),
            ("三", "国有资产占用情况说明",
             "截至2024年12月31日，本部门（单位）共有车辆1辆，其中其他用车1辆。单价100万元（含）以上设备（不含车辆）0台（套）。"),
            ("四", "预算绩效情况说明", "2024年度本部门未开展项目支出绩效自评。")]),
    ]
    overview = [Section(number="一", title="本部门（单位）职责", text="负责本地区示例事务。"),
                Section(number="二", title="机构设置情况", text="示例局设有办公室和业务科2个内设科室。")]
    glossary = [Section(number="一", title="财政拨款收入", text="指单位从同级财政部门取得的财政预算资金。")]
    return Disclosure(
        metadata=Metadata(unit_name="示例局", year=2024, currency_unit="万元", disclosure_type="部门决算",
                          profile="national9", source_file="consistent.json"),
        toc=[TocEntry(title=f"{s.number}、{s.title}", page=None) for s in sections],
        tables=t, narrative=Narrative(overview=overview, sections=sections, glossary=glossary))


def _parted(number: str, title: str, parts: list[tuple[str, str, str]]) -> Section:
    """A section whose full text holds its (一)(二) parts, as the importer builds it."""
    subsections = [Section(number=f"({n})", title=t, text=body) for n, t, body in parts]
    return Section(number=number, title=title, subsections=subsections,
                   text="\n".join(f"（{n}）{t}\n{body}" for n, t, body in parts))


def defect_sum() -> Disclosure:
    """公开05 行 2010101: 合计 50.00 but 基本支出 50.00 + 项目支出 1.00 (T11; 款=Σ项 for 项目支出 follows)."""
    doc = consistent()
    doc.tables["公开05"].row("2010101").cells["项目支出"] = cell("1.00")
    doc.metadata.source_file = "defect-sum.json"
    return doc


def defect_text() -> Disclosure:
    """情况说明 一 states 收入总计 101.00万元 where 公开01 prints 100.00 (N01)."""
    doc = consistent()
    section = doc.narrative.sections[0]
    section.text = section.text.replace("收入总计100.00万元", "收入总计101.00万元")
    doc.metadata.source_file = "defect-text.json"
    return doc


def defect_missing_table() -> Disclosure:
    """公开08 is not published at all (C01), rather than published empty with 本表无数据."""
    doc = consistent()
    del doc.tables["公开08"]
    doc.metadata.source_file = "defect-missing-table.json"
    return doc


def main() -> None:
    for name, build in (("consistent", consistent), ("defect-sum", defect_sum), ("defect-text", defect_text),
                        ("defect-missing-table", defect_missing_table)):
        (HERE / f"{name}.json").write_text(build().to_json() + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
