from decimal import Decimal
from pathlib import Path

import pytest

from engine.model import Cell, Column, Disclosure, Row, Source, Table


def _row(key, label, values, line):
    return Row(key=key, label=label, code=key if key.isdigit() else None,
               level={3: "类", 5: "款", 7: "项"}.get(len(key)) if key.isdigit() else None,
               cells={col: (Cell(kind="number", value=Decimal(v), text=v, source=Source(line=line)) if v
                            else Cell(kind="blank", source=Source(line=line)))
                      for col, v in values.items()},
               source=Source(line=line))


@pytest.fixture
def tiny_doc() -> Disclosure:
    """公开05 with a consistent 合计 row and one 类/款/项 chain."""
    cols = [Column(key=k, label=k) for k in ("合计", "基本支出", "项目支出")]
    rows = [
        _row("合计", "合计", {"合计": "100.00", "基本支出": "60.00", "项目支出": "40.00"}, 10),
        _row("201", "一般公共服务支出", {"合计": "100.00", "基本支出": "60.00", "项目支出": "40.00"}, 11),
        _row("20106", "财政事务", {"合计": "100.00", "基本支出": "60.00", "项目支出": "40.00"}, 12),
        _row("2010601", "行政运行", {"合计": "60.00", "基本支出": "60.00", "项目支出": ""}, 13),
        _row("2010602", "一般行政管理事务", {"合计": "40.00", "基本支出": "", "项目支出": "40.00"}, 14),
    ]
    return Disclosure(tables={"公开05": Table(id="公开05", title="一般公共预算财政拨款支出决算表", columns=cols, rows=rows)})


@pytest.fixture
def write(tmp_path: Path):
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        return path
    return _write
