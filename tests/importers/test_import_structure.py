"""The importer keeps the cover's lines and the 行次 of spacer rows (for C10 and T21)."""
from __future__ import annotations

from engine.importers import import_text


def test_cover_lines_with_their_source(sample) -> None:
    assert [(line.text, line.source.line) for line in sample.cover] == [("阳泉市财政局", 11), ("2024年度单位决算公开", 13)]


def test_spacer_rows_keep_their_line_numbers(sample) -> None:
    spacers = sample.tables["公开01"].spacer_lines
    assert [s.number for s in spacers if s.side == "收入"] == [*map(str, range(9, 27)), "30"]
    assert [s.number for s in spacers if s.side == "支出"] == ["61"]
    assert all(s.source.line for s in spacers)


def test_cover_of_a_small_text(tmp_path) -> None:
    path = tmp_path / "small.txt"
    path.write_text("某某县教育局\n\n2023年度部门决算公开\n\n目 录\n\n第一部分 概况\t1\n\n第一部分 概况\n\n一、主要职责\n\n"
                    "负责全县教育工作。\n", encoding="utf-8")
    doc = import_text(path)
    assert [line.text for line in doc.cover] == ["某某县教育局", "2023年度部门决算公开"]
    assert doc.metadata.year == 2023
