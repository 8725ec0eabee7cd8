"""Builds the example variants of the bundled sample that the rule examples start from (run after re-importing)."""
from __future__ import annotations

import copy
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "samples" / "yangquan-czj-2024.json"


def _num(value: str, line: int | None = None) -> dict:
    return {"kind": "number", "value": value, "text": value, "source": {"line": line, "page": None}}


def _blank() -> dict:
    return {"kind": "blank", "value": None, "text": "", "source": {"line": None, "page": None}}


def _field(label: str, value: str | None) -> dict:
    return {"label": label, "value": value, "text": value or "", "source": {"line": None, "page": None}}


def fixed(sample: dict) -> dict:
    """The sample as it should have been published: 公开03 present, the 自评表 figures consistent."""
    doc = copy.deepcopy(sample)
    # The sample's reading statuses describe its own import (公开03 absent, …), not these edited documents: a
    # document given as JSON without them is read as given.
    doc.pop("reading", None)
    gk05 = doc["tables"]["公开05"]
    # All of this unit's spending is 一般公共预算财政拨款, so 公开03 carries 公开05's figures.
    columns = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    rows = []
    for row in gk05["rows"]:
        cells = {c: _blank() for c in columns}
        for src, dst in (("合计", "本年支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出")):
            if src in row["cells"]:
                cells[dst] = copy.deepcopy(row["cells"][src])
        rows.append({**copy.deepcopy(row), "cells": cells})
    doc["tables"]["公开03"] = {
        "id": "公开03", "title": "支出决算表", "number": "公开03表", "header": dict(gk05["header"]), "unit": "万元",
        "columns": [{"key": c, "label": c, "number": str(i + 1), "side": None} for i, c in enumerate(columns)],
        "rows": rows, "notes": [], "source": {"line": None, "page": None}}
    doc["tables"] = {k: doc["tables"][k] for k in sorted(doc["tables"])}
    # 公开01 is printed without its title block in the sample; the fixed sample prints it like the other tables.
    doc["tables"]["公开01"].update(title="收入支出决算总表", number="公开01表", header=dict(gk05["header"]), unit="万元")
    doc["warnings"] = [w for w in doc["warnings"] if w["code"] not in ("table_missing", "untitled_table")]
    # The 目录 calls the tables 部门决算表 while the cover says 单位决算 (C10); 公开10 skips 行次 16 (T21).
    for entry in doc["toc"]:
        entry["title"] = entry["title"].replace("2024年部门决算表", "2024年单位决算表")
    for row in doc["tables"]["公开10"]["rows"]:
        if row["line_no"] == "17":
            row["line_no"] = "16"
    forms = doc["attachments"]
    # (stated 执行率, 执行率得分, 产出, 效益, 满意度, 总分, 等级) recomputed from each form's own amounts.
    wanted = [("42.21", "4", "47", "30", "10", "91", "优"), ("65.26", "7", "50", "30", "9", "96", "优"),
              ("100", "10", "45", "29", "8", "92", "优"), ("82.57", "8", "50", "30", "10", "98", "优"),
              ("100", "10", "50", "30", "10", "100", "优")]
    for form, (rate, score, out, eff, sat, total, grade) in zip(forms, wanted):
        form["execution_rate"] = _field("预算执行率", rate)
        form["execution_score"] = _field("项目执行情况", score)
        form["category_scores"] = {"产出指标": _field("产出指标", out), "效益指标": _field("效益指标", eff),
                                   "满意度指标": _field("满意度指标", sat)}
        form["total_score"] = _field("总分", total)
        form["grade"] = grade
    # Indicators short of their targets explain why (P07); the conclusion quotes the indicator table (P08).
    for indicator in forms[2]["indicators"]:
        if indicator["name"] in ("财政业务教育培训次数", "会计业务培训人数", "安全事故发生率"):
            indicator["shortfall_reason"] = "受培训计划调整影响未完成，下年度将按计划组织"
    forms[0]["conclusion"] = forms[0]["conclusion"].replace("培训场次8场，培训总人数500人次", "培训场次10场，培训总人数1000人次")
    return doc


def sangong(base: dict) -> dict:
    """The fixed sample with a 三公 table that has data (预算 10.00, 决算 8.50) and matching counts in 公开10."""
    doc = copy.deepcopy(base)
    figures = [("合计", "10.00", "8.50"), ("因公出国(境)费", "2.00", "1.50"), ("公务用车购置及运行维护费", "5.00", "4.50"),
               ("公务用车购置费", "0.00", "0.00"), ("公务用车运行维护费", "5.00", "4.50"), ("公务接待费", "3.00", "2.50")]
    doc["tables"]["公开09"]["rows"] = [
        {"key": k, "label": k, "code": None, "line_no": None, "level": None, "side": None, "group": None,
         "cells": {"预算数": _num(b), "决算数": _num(f)}, "source": {"line": None, "page": None}}
        for k, b, f in figures]
    doc["tables"]["公开09"]["notes"] = []
    for row in doc["tables"]["公开10"]["rows"]:
        if row["key"] in ("车辆数合计(辆)", "其他用车"):
            row["cells"]["统计数"] = _num("1")
    overview = ("2024年度“三公”经费财政拨款支出全年预算10.00万元，支出决算8.50万元，完成全年预算的85.00%，"
                "决算数小于预算数的主要原因是厉行节约。与上年相比增加0.50万元，增长6.25%，主要原因是公务用车运行维护费增加。其中：\n"
                "因公出国（境）费支出1.50万元，占17.65%；\n公务用车购置费支出0万元，占0.00%；\n"
                "公务用车运行维护费支出4.50万元，占52.94%；\n公务接待费支出2.50万元，占29.41%。")
    detail = ("1、因公出国（境）费支出1.50万元，出国（境）团组共1个，3人次。\n"
              "2、公务用车购置支出0万元，使用财政拨款共购置公务用车0辆。\n"
              "3、公务用车运行维护费支出4.50万元，使用财政拨款负担的公务用车保有量共1辆。\n"
              "4、公务接待费支出2.50万元，共接待5批次，40人次。")
    nine = _section(doc, "九")
    first, second = nine["subsections"]
    first["text"], second["text"] = overview, detail
    nine["text"] = f"{first['number']}{first['title']}\n{overview}\n{second['number']}{second['title']}\n{detail}"
    for part in (_section(doc, "十"), _section(doc, "十", "(三)")):
        part["text"] = part["text"].replace("共有车辆0辆", "共有车辆1辆")
    return doc


def _coded(code: str, label: str, level: str | None, cells: dict) -> dict:
    return {"key": code or label, "label": label, "code": code or None, "line_no": None, "level": level,
            "side": None, "group": None, "cells": {k: _num(v) for k, v in cells.items()},
            "source": {"line": None, "page": None}}


def funds(base: dict) -> dict:
    """The fixed sample with data in the 政府性基金 (公开07) and 国有资本经营 (公开08) tables, internally consistent."""
    doc = copy.deepcopy(base)
    g7 = {"年初结转和结余": "1.00", "本年收入": "10.00", "本年支出": "8.00", "基本支出": "0.00", "项目支出": "8.00",
          "年末结转和结余": "3.00"}
    doc["tables"]["公开07"]["rows"] = [
        _coded("", "合计", None, g7), _coded("212", "城乡社区支出", "类", g7),
        _coded("21208", "国有土地使用权出让收入安排的支出", "款", g7),
        _coded("2120899", "其他国有土地使用权出让收入安排的支出", "项", g7)]
    g8 = {"合计": "5.00", "基本支出": "0.00", "项目支出": "5.00"}
    doc["tables"]["公开08"]["rows"] = [
        _coded("", "合计", None, g8), _coded("223", "国有资本经营预算支出", "类", g8),
        _coded("22301", "解决历史遗留问题及改革成本支出", "款", g8),
        _coded("2230199", "其他解决历史遗留问题及改革成本支出", "项", g8)]
    for tid in ("公开07", "公开08"):
        doc["tables"][tid]["notes"] = []
    return doc


def _section(doc: dict, number: str, sub: str | None = None) -> dict:
    section = next(s for s in doc["narrative"]["sections"] if s["number"] == number)
    return next(s for s in section["subsections"] if s["number"] == sub) if sub else section


def classes(base: dict) -> dict:
    """Every 功能分类 类 spent (10.00 each) in 公开05 and described in 情况说明（五）in the template wording, so the
    per-类 narrative rules have a consistent document to start from. Only the per-类 rules use it."""
    from ruamel.yaml import YAML

    catalogue = YAML(typ="safe").load((HERE.parent / "catalogue.yaml").read_text("utf-8"))
    doc = copy.deepcopy(base)
    gk05 = doc["tables"]["公开05"]
    present = {r["code"] for r in gk05["rows"] if r["code"]}
    parent, structure, detail = _section(doc, "五"), _section(doc, "五", "(二)"), _section(doc, "五", "(三)")
    for code, name in catalogue["function_classes"].items():
        code = str(code)
        if code in present:
            continue
        gk05["rows"].append(_coded(code, name, "类", {"合计": "10.00", "基本支出": "10.00"}))
        share = f"{name}(类)10.00万元，占比0.50%；"
        line = (f"{name}年初预算10.00万元，支出决算10.00万元，完成年初预算的100.00%，决算数与预算数持平。"
                f"较上年决算增加1.00万元，增长11.11%，主要原因是业务量增加。")
        # The importer keeps the parts' text in the section too: keep both copies alike.
        structure["text"] += share
        detail["text"] += line
        parent["text"] = parent["text"].replace("\n（三）", share + "\n（三）", 1) + line
    return doc


def template_titles(base: dict) -> dict:
    """情况说明四 titled and worded as in the 部门决算公开模板 (S1, used by Shanghai): 收入支出 instead of 收支."""
    doc = copy.deepcopy(base)
    section = _section(doc, "四")
    section["title"] = "财政拨款收入支出决算总体情况说明"
    section["text"] = section["text"].replace("财政拨款收入总计2,014.44万元，支出总计2,014.44万元",
                                              "财政拨款收入支出总计2,014.44万元")
    return doc


def no_narrative(base: dict) -> dict:
    doc = copy.deepcopy(base)
    doc["narrative"]["sections"] = []
    return doc


def flat_narrative(base: dict) -> dict:
    """情况说明 printed without the (一)(二)(三) parts: their text folded into the parent section."""
    doc = copy.deepcopy(base)
    for section in doc["narrative"]["sections"]:
        section["text"] += "".join(sub["title"] + sub["text"] for sub in section["subsections"])
        section["subsections"] = []
    return doc


def coarse(base: dict) -> dict:
    """Tables published only to 类/款: the 项 rows (7-digit) and 公开06's 款 rows (5-digit) left out."""
    doc = copy.deepcopy(base)
    for tid in ("公开02", "公开03", "公开05", "公开07", "公开08"):
        t = doc["tables"][tid]
        t["rows"] = [r for r in t["rows"] if not (r["code"] and len(r["code"]) == 7)]
    t = doc["tables"]["公开06"]
    t["rows"] = [r for r in t["rows"] if not (r["code"] and len(r["code"]) == 5)]
    return doc


def untitled(base: dict) -> dict:
    """Every table but 公开01 printed without its title block (no title, 表号 or header line); 公开01 keeps it."""
    doc = copy.deepcopy(base)
    for tid, table in doc["tables"].items():
        if tid != "公开01":
            table.update(title="", number=None, header={})
    return doc


def unit_line_only(base: dict) -> dict:
    """The Shanghai layout: each table prints its title and a 单位：万元 line; 部门名称 and 年度 appear once, on the cover."""
    doc = copy.deepcopy(base)
    for table in doc["tables"].values():
        table["header"] = {k: v for k, v in table["header"].items() if k == "金额单位"}
    return doc


def no_overview(base: dict) -> dict:
    """The fixed sample printed without its 概况 (职责, 机构设置) and 名词解释 parts (C07)."""
    doc = copy.deepcopy(base)
    doc["narrative"]["overview"] = []
    doc["narrative"]["glossary"] = []
    return doc


def misnumbered(base: dict) -> dict:
    """The fixed sample with 公开02's 栏次 printed 1, 2, 3, 5 … (4 skipped) and 公开10's 行次 8 printed twice."""
    doc = copy.deepcopy(base)
    for column in doc["tables"]["公开02"]["columns"]:
        if column["number"] and int(column["number"]) >= 4:
            column["number"] = str(int(column["number"]) + 1)
    for row in doc["tables"]["公开10"]["rows"]:
        if row["line_no"] == "9":
            row["line_no"] = "8"
    return doc


def _relabelled(base: dict, table: str, code: str, label: str) -> dict:
    doc = copy.deepcopy(base)
    for row in doc["tables"][table]["rows"]:
        if row["code"] == code:
            row["label"] = label
    return doc


def renamed(base: dict) -> dict:
    """The fixed sample with 公开03's 2210201 printed under another 科目's name (H05a: one code, two names)."""
    return _relabelled(base, "公开03", "2210201", "购房补贴")


def name_shared(base: dict) -> dict:
    """The fixed sample with 公开06's 30206 电费 printed as 基本工资, the name of 30101 (H05d: one name, two codes)."""
    return _relabelled(base, "公开06", "30206", "基本工资")


def name_same_place(base: dict) -> dict:
    """The fixed sample with 公开06's 30301 离休费 printed as 基本工资, the name of 30101: the same place (01) under
    another 类 (H05d: only the classification's own repeats are excused)."""
    return _relabelled(base, "公开06", "30301", "基本工资")


def class_repeated(base: dict) -> dict:
    """The fixed sample with 公开04's 二、外交支出 printed as 一、一般公共服务支出, read back as the importer reads a
    table that prints a 类 by name alone: a second row of 201 (H06)."""
    doc = copy.deepcopy(base)
    for row in doc["tables"]["公开04"]["rows"]:
        if row["code"] == "202":
            row.update(key="201#2", code="201", label="一、一般公共服务支出")
    return doc


def row_missing(base: dict) -> dict:
    """The fixed sample with 公开01's fixed row 其他收入 left out (C12: a fixed row of the form not printed)."""
    doc = copy.deepcopy(base)
    doc["tables"]["公开01"]["rows"] = [r for r in doc["tables"]["公开01"]["rows"] if r["key"] != "其他收入"]
    return doc


def national_form(base: dict) -> dict:
    """The fixed sample attaching one 自评表 on the national template (财预〔2020〕10号; as tests/national_form.py
    writes it out): funds by role (预算金额 = 年初预算数, 到位金额 = 全年预算数, 执行金额 = 全年执行数), 执行率 95.00% of
    分值 10 scored 9.5, five indicators with their 分值 and 得分, 总分 95.5, 自评等级 优."""
    doc = copy.deepcopy(base)

    def fund(label: str, total: str, parts: tuple[str, str, str]) -> dict:
        names = ("当年财政拨款", "上年结转资金", "其他资金")
        return {"total": _field(label, total), "parts": [_field(n, v) for n, v in zip(names, parts)]}

    def indicator(level1: str, level2: str, name: str, target: str, actual: str, weight: str, score: str,
                  reason: str = "") -> dict:
        return {"level1": level1, "level2": level2, "name": name, "target": target, "actual": actual,
                "shortfall_reason": reason, "score": _field("得分", score), "source": {"line": None, "page": None},
                "weight": _field("分值", weight)}
    rows = [indicator("产出指标", "数量指标", "服务人次", "≥5000人次", "5200人次", "20", "20"),
            indicator("产出指标", "质量指标", "服务合格率", "≥95%", "93%", "15", "13", "部分服务记录不全，已完善台账"),
            indicator("产出指标", "时效指标", "按时完成率", "100%", "100%", "15", "15"),
            indicator("效益指标", "社会效益指标", "居民获得感提升", "有效提升", "有效提升", "30", "28", "宣传覆盖不足，加强宣传"),
            indicator("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "92%", "10", "10")]
    doc["attachments"] = [{
        "project": "示范街道社区服务项目", "department": "示范区民政局", "implementer": "示范街道办事处", "year": "2023年度",
        "budget": fund("年初预算数", "100.00", ("100.00", "0.00", "0.00")),
        "available": fund("全年预算数", "120.00", ("110.00", "10.00", "0.00")),
        "executed": fund("全年执行数", "114.00", ("105.00", "9.00", "0.00")),
        "execution_rate": {**_field("执行率", "95.00"), "text": "95.00%"}, "execution_score": _field("得分", "9.5"),
        "indicators": rows,
        "category_scores": {"产出指标": {**_field("产出指标", "48"), "text": "20+13+15"},
                            "效益指标": _field("效益指标", "28"), "满意度指标": _field("满意度指标", "10")},
        "total_score": {**_field("总分", "95.5"), "text": "100 95.5"}, "grade": "优", "conclusion": "",
        "source": {"line": None, "page": None}, "template": "national", "execution_weight": _field("分值", "10"),
        "goal": "完成社区服务中心运营，服务居民不少于5000人次。", "goal_outcome": "完成运营，服务居民5200人次。"}]
    return doc


def variants(sample: dict) -> dict[str, dict]:
    """Every example variant by file name (without .json), built from the imported sample."""
    base = fixed(sample)
    return {"fixed": base, "sangong": sangong(base), "funds": funds(base), "classes": classes(base),
            "template-titles": template_titles(base), "no-narrative": no_narrative(base),
            "flat-narrative": flat_narrative(base), "coarse": coarse(funds(base)), "untitled": untitled(base),
            "unit-line-only": unit_line_only(base), "misnumbered": misnumbered(base), "no-overview": no_overview(base),
            "renamed": renamed(base), "name-shared": name_shared(base), "row-missing": row_missing(base),
            "name-same-place": name_same_place(base), "class-repeated": class_repeated(base),
            "national-form": national_form(base)}


def dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> None:
    for name, doc in variants(json.loads(SAMPLE.read_text("utf-8"))).items():
        (HERE / f"{name}.json").write_text(dump(doc), "utf-8")


if __name__ == "__main__":
    main()
