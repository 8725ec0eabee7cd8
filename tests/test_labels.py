import pytest

from engine.labels import normalise


@pytest.mark.parametrize("a, b", [
    ("因公出国 (境) 费", "因公出国（境）费"),
    ("一、一般公共预算财政拨款收入", "一般公共预算财政拨款收入"),
    ("（一）行政单位", "行政单位"),
    ("1. 副部（省）级及以上领导用车", "副部(省)级及以上领导用车"),
    ("财政拨款“三公”经费支出决算表", '财政拨款"三公"经费支出决算表'),
    ("公务接待 费", "公务接待费"),
])
def test_labels_that_mean_the_same_match(a, b):
    assert normalise(a) == normalise(b)


def test_numbers_inside_a_label_are_kept():
    assert normalise("单价100万元（含）以上设备") == "单价100万元(含)以上设备"
    assert normalise("2024年度") == "2024年度"
