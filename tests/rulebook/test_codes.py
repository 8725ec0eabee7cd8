"""科目编码与名称 (H05): one code one name across tables; narrative 类/款/项 chains; a user-supplied official list."""
from pathlib import Path

from engine.checking.check import check
from engine.importers import load_disclosure as load
from engine.rules.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "yangquan-czj-2024.json"


def _findings(doc, rule):
    book = load_rulebook(ROOT / "rulebook")
    return [f for f in check(doc, book).findings if f.rule == rule]


def test_official_list_is_used_when_supplied(tmp_path, monkeypatch):
    doc = load(SAMPLE)
    listed = tmp_path / "codes.csv"
    # the official 2024 name of 2210201 is 住房公积金; a list entry for another year does not count
    listed.write_text("编码,名称,年度\n2210201,住房公积金,2024\n2010601,行政运行,2023\n2010601,机关服务,2024\n",
                      encoding="utf-8")
    monkeypatch.setenv("RULEBOOK_SUBJECT_CODES", str(listed))
    found = _findings(doc, "H05c")
    assert found and all(f.severity == "warning" for f in found)
    labels = [r.label for f in found for r in f.refs]
    assert any("2010601" in label and "机关服务" in label for label in labels), labels
    assert not any("2210201" in label for label in labels), labels


def test_no_list_no_verdict(monkeypatch):
    monkeypatch.delenv("RULEBOOK_SUBJECT_CODES", raising=False)
    assert _findings(load(SAMPLE), "H05c") == []


def test_one_code_two_names_names_both_tables():
    doc = load(ROOT / "rulebook" / "examples" / "renamed.json")
    [finding] = _findings(doc, "H05a")
    assert "2210201" in finding.message and "公开02「住房公积金」" in finding.message and "购房补贴" in finding.message


# --- 名称编码不一 (H05d): only the classification's own repeats are excused ------------------------------------
FIXED = ROOT / "rulebook" / "examples" / "fixed.json"


def _relabelled(changes: dict[tuple[str, str], str]):
    """fixed.json with rows (table, code) printed under another name."""
    import json

    from engine.model import Disclosure

    dump = json.loads(FIXED.read_text("utf-8"))
    for (table, code), label in changes.items():
        [row] = [r for r in dump["tables"][table]["rows"] if r["code"] == code]
        row["label"] = label
    return Disclosure.model_validate(dump)


def _shared(doc) -> list[str]:
    from engine.functions.codes import _shared_names

    return [str(item.label) for item in _shared_names(doc)[0]]


def test_a_name_at_the_same_place_under_two_unrelated_parents_is_a_misnamed_code():
    # 30301 离休费 printed as 基本工资 (30101): both are 01 under their 类, but 301 and 303 are different 科目
    assert any("30301" in s for s in _shared(_relabelled({("公开06", "30301"): "基本工资"})))
    # 31001 房屋建筑物购建 as 基本工资: 310 is not a variant of 301 either
    assert any("31001" in s for s in _shared(_relabelled({("公开06", "31001"): "基本工资"})))


def _everywhere(changes: dict[str, tuple[str, str]]):
    """fixed.json with rows printed under another code and name in every table (so tables still agree: H05a silent)."""
    import json

    from engine.model import Disclosure

    dump = json.loads(FIXED.read_text("utf-8"))
    for table in dump["tables"].values():
        for row in table["rows"]:
            if row.get("code") in changes:
                row["code"], row["label"] = changes[row["code"]]
    return Disclosure.model_validate(dump)


def test_the_classifications_own_repeats_are_not_findings():
    assert _shared(load(FIXED)) == []  # 309/310 print the same 款 names (资本性支出（基本建设）/ 资本性支出)
    # the generic 项 of two administrative 款 of one 类: 2010601 and 2013201 are both 行政运行, 2010602 and 2013202
    # both 一般行政管理事务
    assert _shared(_everywhere({"2013299": ("2013201", "行政运行")})) == []
    assert _shared(_everywhere({"2013299": ("2013202", "一般行政管理事务")})) == []
    # and of administrative 款 in two 类: a department running 2010601 and 2080101 prints 行政运行 twice, rightly
    assert _shared(_everywhere({"2080501": ("2080101", "行政运行")})) == []


def test_a_generic_item_name_off_its_own_position_is_a_misnamed_code():
    # 2010602 printed as 行政运行 (01's name, at 02)
    assert any("2010602" in s for s in _shared(_everywhere({"2010602": ("2010602", "行政运行")})))


def test_a_name_at_one_place_under_many_parents_is_still_a_misnamed_code():
    three = _relabelled({("公开06", "30301"): "基本工资", ("公开06", "30201"): "基本工资"})
    found = _shared(three)
    assert any("30301" in s for s in found) and any("30201" in s for s in found), found


def test_a_parent_not_printed_is_no_excuse():
    import json

    from engine.model import Disclosure

    dump = json.loads(FIXED.read_text("utf-8"))
    rows = dump["tables"]["公开06"]["rows"]
    dump["tables"]["公开06"]["rows"] = [r for r in rows if r["code"] not in ("301", "302", "303")]  # 款 rows only
    [row] = [r for r in dump["tables"]["公开06"]["rows"] if r["code"] == "30301"]
    row["label"] = "基本工资"
    assert any("30301" in s for s in _shared(Disclosure.model_validate(dump)))


# --- 同表科目重复 (H06) -----------------------------------------------------------------------------------------

def test_a_class_printed_twice_in_one_table_is_found_with_both_names():
    doc = load(ROOT / "rulebook" / "examples" / "class-repeated.json")
    [finding] = _findings(doc, "H06")
    assert finding.severity == "warning" and "公开04 201" in finding.message and "一般公共服务支出" in finding.message


def test_the_same_code_on_both_sides_or_in_two_tables_is_not_repeated():
    assert _findings(load(FIXED), "H06") == []
    from engine.functions.codes import _repeated_in_table

    assert _repeated_in_table(load(SAMPLE)) == ((), frozenset())


# --- 经费科目不符 (H07): 人员经费 / 公用经费 lists in 情况说明 against 公开06 -------------------------------------------

def _with_text(path: Path, old: str, new: str):
    from engine.checking.inject_sites import _replace_in_text
    from engine.model import Disclosure

    dump = load(path).model_dump(mode="json")
    _replace_in_text(dump, old, new)
    return Disclosure.model_validate(dump)


def test_a_personnel_subject_listed_under_public_costs_is_found_at_its_line():
    from engine.functions.codes import _cost_mismatches

    putuo = ROOT / "samples" / "shanghai-putuo-czj-2024.json"
    doc = _with_text(putuo, "其他商品和服务支出、办公设备购置", "基本工资、办公设备购置")
    [item] = _cost_mismatches(doc, frozenset({"301", "303"}))[0]
    assert "基本工资" in item.label and "公用经费" in item.label and "301" in item.label
    assert item.source.page == 23  # the line of the list, not the section's heading
    [finding] = _findings(doc, "H07")
    assert finding.severity == "warning"


def test_names_written_otherwise_or_both_groups_in_one_clause_are_not_judged():
    from engine.functions.codes import _cost_mismatches

    assert _cost_mismatches(load(SAMPLE), frozenset({"301", "303"}))[0] == ()
    both = _with_text(SAMPLE, "主要包括工资福利支出979.45万元", "人员经费和公用经费主要包括工资福利支出979.45万元")
    assert _cost_mismatches(both, frozenset({"301", "303"}))[0] == ()
    other = _with_text(SAMPLE, "主要包括工资福利支出979.45万元", "主要包括工资福利类支出979.45万元")
    assert _cost_mismatches(other, frozenset({"301", "303"}))[0] == ()


PUTUO = ROOT / "samples" / "shanghai-putuo-czj-2024.json"
_PUBLIC_BASIC_PAY = ("其他商品和服务支出、办公设备购置", "基本工资、办公设备购置")


def _outcome(doc, rule):
    book = load_rulebook(ROOT / "rulebook")
    return check(doc, book).outcomes[rule][0]


def test_a_finding_read_against_a_partly_read_table_06_is_not_checkable():
    from engine.model import Disclosure

    dump = _with_text(PUTUO, *_PUBLIC_BASIC_PAY).model_dump(mode="json")
    [reading] = [r for r in dump["reading"] if r["item"] == "公开06"]
    reading.update(status="partly_read", reason="测试：公开06 有一行没有读出")
    doc = Disclosure.model_validate(dump)
    assert _findings(doc, "H07") == []
    assert _outcome(doc, "H07") == "not_checkable"
    unread = [f for f in check(doc, load_rulebook(ROOT / "rulebook")).findings
              if f.rule == "-" and "公开06" in f.message]
    assert unread and "H07" in unread[0].message


def test_without_table_06_the_rule_does_not_apply():
    from engine.model import Disclosure

    dump = _with_text(PUTUO, *_PUBLIC_BASIC_PAY).model_dump(mode="json")
    del dump["tables"]["公开06"]
    dump["reading"] = [r for r in dump["reading"] if r["item"] != "公开06"]
    assert _outcome(Disclosure.model_validate(dump), "H07") == "not_applicable"


def test_only_table_06_decides_the_group():
    # 基本工资 printed under 301 in another table only: R31 says "公开06 prints it", so it is not judged
    from engine.functions.codes import _cost_mismatches
    from engine.model import Disclosure

    dump = _with_text(PUTUO, *_PUBLIC_BASIC_PAY).model_dump(mode="json")
    rows = dump["tables"]["公开06"]["rows"]
    pay = [r for r in rows if r.get("label") == "基本工资"]
    assert pay
    dump["tables"]["公开06"]["rows"] = [r for r in rows if r.get("label") != "基本工资"]
    dump["tables"]["公开05"]["rows"].extend(pay)
    assert _cost_mismatches(Disclosure.model_validate(dump), frozenset({"301", "303"}))[0] == ()
