"""What importers, functions, the daemon and the review store say is a message code with parameters (engine/said.py,
engine/messages.py I/D/R): both languages in the table, Chinese where it is stored, English only where it is shown."""
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path
from string import Formatter

import pytest

from engine.messages import MESSAGES
from engine.render import derive
from engine.said import Said, joined, reason_shown, recover, say, shown, stored

from .test_english import _TABLE_ID, _chinese_left, _document_words, _unquoted

ROOT = Path(__file__).resolve().parents[2]
_CJK = re.compile(r"[\u3400-\u9fff]")
OURS = sorted(code for code in MESSAGES if code[0] in "IDR")
# names of the rule language (公开05.合计, 自评表「项目」·全年完成值): identifiers, like the table ids
_LANGUAGE_NAMES = ("自评表", "全年完成值", "年度指标值", "未完成原因", "自评得分", "指标值", "完成值")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def _sample(code: str) -> dict[str, str]:
    """Each placeholder filled with words of its own (Chinese, as a document's words are)."""
    return {name: f"甲{i}乙" for i, name in enumerate(sorted(_placeholders(MESSAGES[code].zh)))}


@pytest.mark.parametrize("code", OURS)
def test_every_code_has_both_languages_with_the_same_placeholders(code):
    msg = MESSAGES[code]
    assert msg.zh and msg.en, code
    assert _placeholders(msg.zh) == _placeholders(msg.en), code
    assert not _CJK.search(_unquoted(re.sub(r"\{[^}]*\}", "", msg.en))), f"{code}: Chinese in English: {msg.en}"


@pytest.mark.parametrize("code", [c for c in OURS if c[0] == "I"])
def test_what_is_said_is_its_chinese_text_and_carries_its_english(code):
    params = _sample(code)
    said = say(code, **params)
    assert said == MESSAGES[code].zh.format(**params) and isinstance(said, str)
    assert shown(said, "zh") == said
    assert shown(said, "en") == MESSAGES[code].en.format(**params)
    assert said.text("en") != said or not _CJK.search(MESSAGES[code].zh)  # the template's own words change
    again = pickle.loads(pickle.dumps(said))  # checks run in worker processes
    assert again == said and again.text("en") == said.text("en")


def test_said_inside_said_and_lists_change_language_together():
    units = joined([say("I45"), say("I46")], "、")
    said = say("I39", table="公开05", title="一般公共预算财政拨款支出决算表", unit=say("I46"), target=say("I45"), n=3)
    assert str(units) == "万元、元" and units.text("en") == "10k yuan, yuan"
    assert "以元印制" in said and "printed in yuan" in said.text("en") and not _chinese_left(said.text("en"), [])
    assert shown("公开05「合计」", "en") == "公开05「合计」"  # a label is not a message: never guessed at


@pytest.mark.parametrize("code", [c for c in OURS if stored(c) and _CJK.search(MESSAGES[c].zh)])
def test_a_reason_read_back_from_json_is_recognised_by_the_table(code):
    """A model written to JSON keeps the Chinese text only; read back, the table's own templates find its code."""
    params = _sample(code)
    text = str(say(code, **params))
    found = recover(text)
    assert isinstance(found, Said) and found.code == code and dict(found.params) == params
    assert reason_shown(text, "en") == MESSAGES[code].en.format(**params)


def test_several_reasons_read_back_keep_their_separators():
    text = f"{say('I11')}、{say('I15')}；{say('I05', n=3)}"
    assert reason_shown(text, "en") == "a column not recognised, extra data rows; 3 amounts were read that the " \
                                       "table does not print"
    assert reason_shown("某种新的原因", "en") == "某种新的原因"  # not in the table: shown as written, never dropped


# --- the reports of the real samples, in English ---------------------------------------------------------------

SHARED_PDF = Path("/work/shared/pdf")


def _forms(tmp_path_factory) -> list[Path]:
    """Every real sample (samples/, the shared PDFs not already among them), and each PDF's text as pdftotext -layout
    and pdfplumber's extract_text write it (the forms a user pastes or converts)."""
    pdfs = [ROOT / "samples/shanghai-putuo-czj-2024.pdf", ROOT / "samples/shanghai-template-2024.pdf",
            ROOT / "samples/truth/shanghai-putuo-ghzyj-2024.pdf"]
    seen = {pdf.read_bytes() for pdf in pdfs}
    for pdf in sorted(SHARED_PDF.glob("*.pdf")) if SHARED_PDF.is_dir() else []:
        if pdf.read_bytes() not in seen:
            seen.add(pdf.read_bytes())
            pdfs.append(pdf)
    out = [ROOT / "samples/yangquan-czj-2024.txt", *pdfs]
    folder = tmp_path_factory.mktemp("derived")
    for i, pdf in enumerate(pdfs):
        layout = derive.pdftotext_layout(pdf)  # None without pdftotext
        if layout is not None:
            out.append(folder / f"{i}-{pdf.stem}.layout.txt")
            out[-1].write_bytes(layout)
        out.append(folder / f"{i}-{pdf.stem}.plumber.txt")
        out[-1].write_bytes(derive.pdfplumber_text(pdf))
    return out


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Per real sample: the document's own words, its English import report, its English check report (JSON), and
    the model as written to JSON (Chinese)."""
    out = {}
    folder = tmp_path_factory.mktemp("normalised")
    for path in _forms(tmp_path_factory):
        normalised = folder / f"{path.name}.json"
        imported = _cli("--lang", "en", "import", str(path), "-o", str(normalised))
        assert imported.returncode == 0, imported.stderr
        checked = _cli("--lang", "en", "check", "-j", "1", str(path), "--format", "json")
        assert checked.returncode in (0, 1), checked.stderr
        model = json.loads(normalised.read_text("utf-8"))
        words = list(_strings(model))
        out[path.name] = (words, imported.stdout, json.loads(checked.stdout), model)
    return out


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine.cli.main", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


def _strings(value, skip=("warnings", "reading")):
    """Every text the model read from the document (not what the importer said about it)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _left(text: str, words: list[str]) -> list[str]:
    """Chinese outside quotes that is neither a run of the document's words (as printed, or with their own quotes
    taken out as the text's are) nor a table id or a name of the rule language."""
    document = "\n".join(words + [_unquoted(w) for w in words])
    runs = re.findall(r"[\u3400-\u9fff]+", _unquoted(_TABLE_ID.sub(" ", text)))
    return [run for run in runs if run not in document and run not in _LANGUAGE_NAMES]


def test_the_english_import_report_of_each_real_sample(reports):
    for name, (words, report, _, _) in reports.items():
        for line in report.splitlines():
            assert not _left(line, words), f"{name}: {line}"


def test_the_english_check_report_of_each_real_sample_reasons_and_listed_entries(reports):
    """The reading summary, the 不可核 groups and every finding's message (listed entries included)."""
    for name, (words, _, report, _) in reports.items():
        for reading in report.get("reading", []):
            assert not _left(reading["reason"], words), f"{name}: {reading}"
        for finding in report["findings"]:
            refs = [type("R", (), {k: ref.get(k) for k in ("table", "row", "label", "column", "text")})
                    for ref in finding["refs"]]
            left = _left(finding["message"], _document_words(finding.get("element"), refs) + words)
            assert not left, f"{name} {finding['rule']}: {finding['message']}"


def test_every_import_warning_and_reading_reason_read_back_from_json_is_a_code_with_its_english(reports):
    """The model written to JSON keeps what the importers said as Chinese only: every warning and every reading
    reason of every real sample (and of its text forms) is found again in the table and shown in English."""
    said = []
    for name, (words, _, _, model) in reports.items():
        texts = [w["message"] for w in model.get("warnings", [])]
        texts += [r["reason"] for r in model.get("reading", []) if r.get("reason")]
        for text in texts:
            found = recover(text)
            assert isinstance(found, Said), f"{name}: not said by a code: {text}"
            english = reason_shown(text, "en")
            assert english != text and not _left(english, words), f"{name}: {text} → {english}"
            said.append(found.code)
    assert "I100" in said  # the samples' text forms do hold stacked names (a name part whose row the print leaves open)


def test_the_review_stores_refusals_and_the_daemons_texts_come_from_the_table():
    from engine.review.explanations import refusal
    from engine.review.workflow import ReviewError

    refused = refusal("已核实", "其他", {})
    assert refused is not None and refused.code == "boilerplate"
    assert (refused.zh, refused.en) == (MESSAGES["R21"].zh, MESSAGES["R21"].en)
    wrong = refusal("因政策调整增加了 5 万元", "随便", {}, categories=("政策调整", "其他"))
    assert wrong is not None and "随便" in wrong.zh and wrong.en == "unknown category 随便: use one of 政策调整, 其他"
    error = ReviewError(404, "no_such_unit", "R19", code="A01")
    assert (str(error), error.en, error.message_code) == ("没有编码为「A01」的单位", "no unit A01", "R19")
    daemon = (ROOT / "engine/cli/daemon.py").read_text("utf-8")
    assert not _CJK.search(daemon.split('"""', 2)[2].split("@click")[0]), "the daemon's texts belong in the table"
