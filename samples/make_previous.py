"""Builds yangquan-czj-2023-derived.json: the 2023 disclosure of 阳泉市财政局 as far as its 2024 disclosure states it.

We have no real consecutive-year pair, so last year's document is derived from this year's own statements about
last year, and only those figures are set; everything else is this year's and is not claimed to be 2023's:
- 年度 2023 on the cover, in the metadata and in the table headers;
- 年末结转和结余 of 公开01, 公开04 (total and by fund) and 公开07 = this year's 年初结转和结余 (the carry-over);
- 收入总计 and 支出总计 of 公开01 and 公开04 = this year's totals minus the change the narrative states
  (情况说明一 and 四: "收入总计减少145.57万元", "财政拨款支出总计减少145.57万元": 2,014.44 + 145.57 = 2,160.01).
Run from the repository root: python samples/make_previous.py
"""
from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
THIS_YEAR = HERE / "yangquan-czj-2024.json"
OUT = HERE / "yangquan-czj-2023-derived.json"
STATED_CHANGE = Decimal("-145.57")  # 情况说明一、四: 收入总计 / 支出总计 / 财政拨款收支总计 减少145.57万元


def _row(table: dict, key: str) -> dict:
    return next(r for r in table["rows"] if r["key"] == key)


def _set(cell: dict, value: Decimal | None) -> None:
    if value is None:
        cell.update(kind="blank", value=None, text="")
    else:
        cell.update(kind="number", value=str(value), text=f"{value:,}")


def derive(doc: dict) -> dict:
    prev = copy.deepcopy(doc)
    prev["metadata"]["year"] = 2023
    for line in prev.get("cover", []):
        line["text"] = line["text"].replace("2024", "2023")
    for table in prev["tables"].values():
        table["header"] = {k: v.replace("2024", "2023") for k, v in table.get("header", {}).items()}
    tables, this = prev["tables"], doc["tables"]

    def value(table: str, key: str, column: str) -> Decimal | None:
        cell = _row(this[table], key)["cells"].get(column) or {}
        return Decimal(cell["value"]) if cell.get("value") is not None else None

    _set(_row(tables["公开01"], "年末结转和结余")["cells"]["金额"], value("公开01", "年初结转和结余", "金额"))
    for fund in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"):
        _set(_row(tables["公开04"], "年末财政拨款结转和结余")["cells"][fund],
             value("公开04", f"年初财政拨款结转和结余/{fund}", "金额"))
    _set(_row(tables["公开04"], "年末财政拨款结转和结余")["cells"]["合计"],
         value("公开04", "年初财政拨款结转和结余", "金额"))
    for table, key, column in (("公开01", "收入总计", "金额"), ("公开01", "支出总计", "金额"),
                               ("公开04", "收入总计", "金额"), ("公开04", "支出总计", "合计"),
                               ("公开04", "支出总计", "一般公共预算财政拨款")):
        _set(_row(tables[table], key)["cells"][column], value(table, key, column) - STATED_CHANGE)
    return prev


if __name__ == "__main__":
    OUT.write_text(json.dumps(derive(json.loads(THIS_YEAR.read_text("utf-8"))), ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT}")
