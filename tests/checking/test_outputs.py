"""Reports in the forms their ecosystems read: JSON (metadata, printed precision), JUnit (CI test reports), SARIF."""
import json
import re
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from engine import __version__
from engine.checking.check import check
from engine.checking.formats import as_json, as_junit
from engine.checking.sarif import as_sarif
from engine.cli.main import cli
from engine.importers import load_disclosure
from engine.resources import sample
from engine.rules.loader import load_rulebook

BOOK = load_rulebook()


@pytest.fixture(scope="module")
def report():
    return check(load_disclosure(sample("yangquan-czj-2024.txt")), BOOK, file="yangquan-czj-2024.txt")


def test_json_names_tool_rulebook_and_time_and_prints_amounts_as_the_messages_do(report):
    data = json.loads(as_json(report))
    assert data["tool"] == f"rulebook {__version__}" and data["rulebook_version"] == BOOK.version == "2024.1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", data["checked_at"])
    for finding in data["findings"]:
        for key in ("difference", "tolerance"):
            if finding[key] is not None:
                assert len(finding[key].partition(".")[2]) <= 4, finding  # not 28 digits
        if finding["tolerance"] not in (None, "0"):
            assert "±" + finding["tolerance"] in finding["message"], finding  # the tolerance the message states
        assert finding["fingerprint"]


def test_junit_has_one_testcase_per_rule_skips_what_was_not_checked_and_never_prints_none(report):
    xml = as_junit([report], BOOK)
    assert "None" not in xml
    suite = ET.fromstring(xml).find("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases) == len(BOOK.rules)
    failed = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert int(suite.get("failures")) == len(failed) == len({f.rule for f in report.findings
                                                            if f.severity in ("error", "warning")})
    s = report.summary
    assert int(suite.get("skipped")) == len(skipped) == s.not_checkable + s.not_applicable
    reasons = {c.get("name").split()[0]: c.find("skipped").get("message") for c in skipped}
    assert reasons["H01b"] == "不可核：缺少公开03"  # a rule needing the missing 公开03


def test_sarif_is_one_run_with_every_rule_and_a_result_per_finding(report):
    data = json.loads(as_sarif([report], BOOK))
    assert data["version"] == "2.1.0" and data["$schema"].endswith("sarif-2.1.0.json")
    (run,) = data["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["version"] == __version__ and len(rules) == len(BOOK.rules)
    assert len(run["results"]) == len(report.findings)
    for result, finding in zip(run["results"], report.findings):
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity]
        assert result["message"]["text"] == finding.message
        assert result["partialFingerprints"]["rulebookFinding/v1"] == finding.fingerprint
        if "ruleIndex" in result:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        for location in result["locations"]:
            assert location["physicalLocation"]["artifactLocation"]["uri"] == "yangquan-czj-2024.txt"
    p01 = next(r for r in run["results"] if r["ruleId"] == "P01")
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in p01["locations"]] == [570, 563, 563]  # 执行率; 执行金额, 到位金额


def test_check_writes_sarif_from_the_command_line(tmp_path):
    out = CliRunner().invoke(cli, ["check", str(sample("yangquan-czj-2024.json")), "--format", "sarif"])
    assert out.exit_code == 1, out.output  # the sample has errors
    assert json.loads(out.stdout)["runs"][0]["results"]
