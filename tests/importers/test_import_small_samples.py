"""The small hand-made disclosures: checked in as generated, consistent where they should be, one defect each."""
import importlib.util
import re
from decimal import Decimal

import pytest

from engine.importers import load_disclosure
from importer_paths import SAMPLES

spec = importlib.util.spec_from_file_location("make_small", SAMPLES / "make_small.py")
make_small = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_small)
NAMES = ["consistent", "defect-sum", "defect-text", "defect-missing-table"]


def _v(table, key, col):
    cell = table.row(key).cells[col]
    return cell.value if cell.kind == "number" else Decimal(0)


def problems(doc) -> set[str]:
    """A few identities from domain.md, checked by hand here (independent of the rule engine)."""
    found = set()
    if set(doc.tables) != {f"公开0{i}" for i in range(1, 10)}:
        found.add("C01")
    t05 = doc.tables["公开05"]
    for r in t05.rows:
        if _v(t05, r.key, "合计") != _v(t05, r.key, "基本支出") + _v(t05, r.key, "项目支出"):
            found.add("T11")
    t01 = doc.tables["公开01"]
    stated = re.search(r"收入总计([\d,.]+)万元", doc.narrative.sections[0].text)[1]
    if Decimal(stated.replace(",", "")) != _v(t01, "收入总计", "金额"):
        found.add("N01")
    t06 = doc.tables["公开06"]
    if _v(t05, "合计", "基本支出") != _v(t06, "人员经费合计", "决算数") + _v(t06, "公用经费合计", "决算数"):
        found.add("X08")
    return found


@pytest.mark.parametrize("name", NAMES)
def test_checked_in_json_is_what_the_generator_writes(name):
    build = getattr(make_small, name.replace("-", "_"))
    assert (SAMPLES / f"{name}.json").read_text("utf-8") == build().to_json() + "\n"


@pytest.mark.parametrize("name, expected", [
    ("consistent", set()), ("defect-sum", {"T11"}), ("defect-text", {"N01"}), ("defect-missing-table", {"C01"}),
])
def test_each_variant_has_exactly_its_defect(name, expected):
    assert problems(load_disclosure(SAMPLES / f"{name}.json")) == expected
