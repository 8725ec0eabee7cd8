"""Findings are built without validation (findings.built): they must be the models validation would build."""
from __future__ import annotations

import pytest

from engine.checking.check import check
from engine.checking.findings import Ref, Report, built
from engine.importers import load_disclosure
from engine.resources import sample
from engine.rules.loader import load_rulebook


def test_a_report_built_without_validation_equals_the_validated_one():
    report = check(load_disclosure(sample("yangquan-czj-2024.json")), load_rulebook())
    assert report.findings and any(f.refs for f in report.findings)
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report


def test_built_wants_every_field():
    with pytest.raises(TypeError):
        built(Ref, table="公开01")
    ref = built(Ref, table="公开01", row="r", column="c", label="l", value=None, text=None, source=None, line=None,
                box=None)
    assert ref == Ref(table="公开01", row="r", column="c", label="l")


def test_ref_takes_every_field_in_order():
    """findings.ref is built(Ref, …) by position: a field added to Ref must be added to it too."""
    import inspect

    from engine.checking.findings import ref

    assert list(inspect.signature(ref).parameters) == list(Ref.__pydantic_fields__)
    values = dict(table="公开01", row="r", column="c", label="l", value=None, text="字", source="第3行", line=3,
                  box=(1, 0.0, 1.0, 2.0, 3.0))
    fast, slow = ref(**values), built(Ref, **values)
    assert fast == slow and fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump_json() == slow.model_dump_json() == Ref(**values).model_dump_json()


def test_built_models_share_one_fields_set_and_a_copy_leaves_it_alone():
    """A built model's fields set is its class's one set of every field (no set per model); pydantic only adds a
    field already in it, and a copy gets its own: no model's fields set is changed through another."""
    from engine.checking.findings import Finding, ref

    values = dict(table="公开01", row="r", column="c", label="l", value=None, text=None, source=None, line=None,
                  box=None)
    one, two = ref(**values), built(Ref, **values)
    assert one.model_fields_set is two.model_fields_set
    assert one.model_fields_set == set(Ref.__pydantic_fields__) == Ref(**values).model_fields_set
    finding = built(Finding, rule="T01", name="n", severity="error", category="c", status="fail", message="m",
                    element=None, difference=None, tolerance=None, basis=None, refs=[one], fingerprint=None)
    fields = set(finding.model_fields_set)
    copied = finding.model_copy(update={"message": "其他"})
    finding.fingerprint = "abc"
    one.row = "s"
    assert copied.model_fields_set is not finding.model_fields_set
    assert finding.model_fields_set == fields and two.model_fields_set == set(Ref.__pydantic_fields__)
    assert copied.message == "其他" and finding.message == "m" and two.row == "r"
