"""Any text, and any damaged copy of the sample, gives a Disclosure or a DisclosureError: never a traceback."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.importers import DisclosureError, import_text
from importer_paths import SAMPLE_TXT

LINES = SAMPLE_TXT.read_text("utf-8").splitlines()


def _import(text: str):
    try:
        return import_text(text)
    except DisclosureError as exc:
        assert exc.code and exc.message_zh and exc.message_en
        return None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("公开01表收入支出合计\t\n 2014. 44——项目行次栏次一、（一）指标1总分自评等级优第三部分情况说明目录"))))
def test_any_text(text):
    _import(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, len(LINES) - 1), max_size=40, unique=True), st.integers(0, len(LINES)))
def test_sample_with_lines_dropped_and_cut(dropped, cut):
    keep = [line for n, line in enumerate(LINES[:cut]) if n not in set(dropped)]
    doc = _import("\n".join(keep))
    if doc is not None and cut < len(LINES) * 9 // 10:
        assert doc.warnings  # a damaged copy never imports silently
