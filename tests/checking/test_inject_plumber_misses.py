"""The misses of the narrative classes through pdfplumber's text (bench/INJECTION.md, s14-misses), each fixed where
it was ours to fix, each shown on more than one document.

- Words a function quotes from the narrative are the document's words as printed: a table's doubtful row name that
  happens to be among them (公务接待费 in a sentence about 三公 spending) does not make the finding 不可核.
- The template's XX left where a figure goes is printed among the figures (the figures' Latin font) and goes back
  into its sentence's hole as a figure does."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.checking import inject
from engine.checking.check import check
from engine.importers import load_disclosure
from engine.model import Disclosure, Reading

ROOT = Path(__file__).resolve().parents[2]
CZJ = ROOT / "samples" / "shanghai-putuo-czj-2024.pdf"


@pytest.fixture(scope="module")
def book():
    from engine.rules.loader import load_rulebook
    return load_rulebook()


@pytest.fixture(scope="module")
def plumber():
    """czj's pdfplumber text as a bench form, and that text checked as printed."""
    from engine.checking.inject_forms import TextForm
    from engine.render.derive import pdfplumber_text

    doc = load_disclosure(CZJ)
    return TextForm(doc, pdfplumber_text(CZJ).decode("utf-8"), None, form="pdfplumber", spaced_once=True)


def _caught(book, form, cls: str, words: str) -> list:
    from engine.checking.inject_forms import _import

    [site] = [s for s in inject.sites(form.doc, cls) if words in s.where]
    edited = form.edit(site)
    assert edited is not None, site.where
    before, after = check(_import(form.text.encode("utf-8"), "pdfplumber"), book), \
        check(_import(edited.encode("utf-8"), "pdfplumber"), book)
    return inject.caught(before, after)


def _names_in_doubt(doc: Disclosure, table_id: str, keys: list[str]) -> Disclosure:
    """The document with those rows' names in doubt (amounts, codes and columns certain), as name_proof.py says."""
    reading = [r for r in doc.reading if r.item != table_id] + [Reading(
        item=table_id, kind="table", status="partly_read", reason="names in doubt", uncertain=["names"], rows=keys)]
    return doc.model_copy(update={"reading": reading})


def test_narrative_words_quoted_by_a_finding_are_not_a_doubtful_rows_name(book):
    # yangquan (a Shanxi document, JSON), 公务接待费支出0万元 → XX万元: C11a quotes 「…待费支出XX万元，与…」. With
    # 公开06's 30217 公务接待费 in doubt (names only), the finding is still the document's: the words are the
    # narrative's, not the table's row name (before: dropped, C11a listed 不可核 for 公开06)
    doc = load_disclosure(ROOT / "samples" / "yangquan-czj-2024.json")
    [site] = [s for s in inject.sites(doc, "placeholder") if "待费支出0万元，与" in s.where]
    assert doc.tables["公开06"].row("30217", exact=True).label == "公务接待费"
    doubtful = _names_in_doubt(inject.injected(doc, site), "公开06", ["30217"])
    report = check(doubtful, book)
    found = [f for f in report.findings if f.rule == "C11a" and f.status == "fail"]
    assert any("公务接待费支出XX万元" in f.message for f in found), [f.message for f in found]
    assert "C11a" not in report.notes["unread"].get("公开06", [])


def test_a_doubtful_name_outside_the_quoted_words_still_shows():
    # only the quoted words are set aside: the same name in the message beyond them (a row's name said by the
    # finding itself) or in the words of an item of a table is still a doubtful name shown
    from engine.checking.names_read import NamesDoubt
    from engine.language.environment import Violation
    from engine.language.runtime import CellRef

    doc = load_disclosure(ROOT / "samples" / "yangquan-czj-2024.json")
    probe = NamesDoubt(doc, {"公开06": _names_in_doubt(doc, "公开06", ["30217"]).reading[-1]})
    words = "三公经费中公务接待费支出XX万元"

    def item(table):
        return CellRef(table=table, row=words, column=None, label=words, value=None, text=words, source=None)
    said = f"留有模板占位文字：「{words}」"
    assert probe.shows(Violation(status="fail", element=words, refs=[item(None)]), said, "") == []
    assert probe.shows(Violation(status="fail", element=words, refs=[item("公开06")]), said, "") == ["公开06"]
    assert probe.shows(Violation(status="fail", refs=[item(None)]), said + "，公务接待费", "") == ["公开06"]


def test_czj_through_pdfplumber_direction_and_three_public_amount_are_caught(book, plumber):
    # the two czj misses of bench/INJECTION.md (s14-misses): 决算数小于预算数 flipped (Y02 as given) and 公务接待费
    # 0.00 → 1.00 (N18 as given); both quote a sentence naming 公务接待费, a doubtful name of 公开06 in this form
    assert {f.rule for f in _caught(book, plumber, "direction", "出决算数小于预算数的")} == {"Y02"}
    assert "N18" in {f.rule for f in _caught(book, plumber, "narrative-amount", "接待费支出决算为0.00万元，完成预算的")}


def test_a_placeholder_in_a_figures_place_goes_back_into_its_sentence(book, plumber):
    # 公用经费184.65万元 → XX万元, the XX printed on the line of figures: read in its hole, as the PDF reads it
    # (before: joined to the next line's words, 「手续XX费」, and quoted there)
    [found] = [f for f in _caught(book, plumber, "placeholder", "公用经费184.65万元") if f.rule == "C11a"]
    assert "公用经费XX万元" in found.message and "手续XX费" not in found.message
    # every placeholder site can now be put into this form (before: 20 of 63, those whose sentence is printed once)
    sites = inject.sites(plumber.doc, "placeholder")
    assert len(sites) > 40 and all(plumber.edit(s) is not None for s in sites)


def test_lines_of_figures_with_a_placeholder_among_them():
    from engine.importers.figures import figures_in_place

    raws = ["年初预算为 万元，支出决算为 万元。", "187.75 187.19", "公用经费 万元，主要包括：办公费、印刷费、手续", "XX",
            "费、邮电费。", "完成预算的 ，其中：", "XX%", "人员经费 万元。", "2152.26"]
    out, apart = figures_in_place(raws)
    assert out[0] == "年初预算为187.75万元，支出决算为187.19万元。"
    assert out[2] == "公用经费XX万元，主要包括：办公费、印刷费、手续" and out[3] == ""
    assert out[5] == "完成预算的XX%，其中：" and out[7] == "人员经费2152.26万元。"
    assert apart == []
    # XX among words is no line of figures (the template's 上海市 XX 局 is printed in its sentence)
    out, _ = figures_in_place([*raws[:4], "上海市 XX 局", "XX 局概况", "本年收入 万元。", "10.00"])
    assert out[4:7] == ["上海市 XX 局", "XX 局概况", "本年收入10.00万元。"]
