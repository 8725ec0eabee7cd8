"""Bad inputs give a clear Chinese error and exit 2, or a partial import that says what it could not read."""
import json

import pytest
from click.testing import CliRunner

from engine.cli.main import cli
from importer_paths import SAMPLE_TXT


def _run(tmp_path, name, data, *args):
    path = tmp_path / name
    path.write_bytes(data)
    return CliRunner().invoke(cli, ["import", str(path), *args])


@pytest.mark.parametrize("name, data, code, words", [
    ("empty.txt", b"", "empty", "文件为空"),
    ("blank.txt", b"\n \n\t\n", "empty", "文件为空"),
    ("binary.txt", bytes(range(256)) * 8, "binary", "二进制"),
    ("gbk.txt", "阳泉市财政局\n2024年度单位决算公开\n".encode("gbk"), "not_utf8", "UTF-8"),
    ("poem.txt", "床前明月光，\n疑是地上霜。\n举头望明月，\n低头思故乡。\n".encode(), "not_disclosure", "不是部门决算公开文本"),
    ("english.txt", b"Lorem ipsum dolor sit amet,\tconsectetur\nadipiscing elit.\n", "not_disclosure", "不是部门决算公开文本"),
])
def test_unreadable_file_exits_2_with_chinese_message(tmp_path, name, data, code, words):
    result = _run(tmp_path, name, data)
    assert result.exit_code == 2
    assert f"[{code}]" in result.output and words in result.output
    assert "Traceback" not in result.output


def test_english_message_on_request(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = CliRunner().invoke(cli, ["--lang", "en", "import", str(path)])
    assert result.exit_code == 2 and "empty" in result.output and "文件为空" not in result.output


def test_not_utf8_error_says_which_line(tmp_path):
    data = SAMPLE_TXT.read_bytes().replace("收入决算表".encode(), "收入决算表".encode("gbk"), 1)
    result = _run(tmp_path, "mixed.txt", data)
    line = next(n for n, text in enumerate(SAMPLE_TXT.read_text("utf-8").splitlines(), 1) if "收入决算表" in text)
    assert result.exit_code == 2 and f"第{line}行" in result.output


def test_missing_file_and_bad_json(tmp_path):
    assert CliRunner().invoke(cli, ["import", str(tmp_path / "nope.txt")]).exit_code == 2
    result = _run(tmp_path, "bad.json", b'{"version": "1.0", "tables": {"x": 1}}')
    assert result.exit_code == 2 and "[bad_json]" in result.output and "tables" in result.output


@pytest.mark.parametrize("tenth", range(1, 10))
def test_truncated_file_imports_what_it_can_and_says_so(tmp_path, tenth):
    data = SAMPLE_TXT.read_bytes()
    cut = data[: len(data) * tenth // 10]
    out = tmp_path / "out.json"
    result = _run(tmp_path, "cut.txt", cut, "-o", str(out))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert "错误" in result.output
        return
    doc = json.loads(out.read_text("utf-8"))
    codes = [w["code"] for w in doc["warnings"]]
    # the whole sample only lacks 公开03; a cut file must say that more is missing
    said = {"truncated", "form_incomplete", "part_missing", "empty_table"} & set(codes)
    assert said or codes.count("table_missing") > 1, codes
    assert "导入提示" in result.output


def test_report_lists_tables_forms_and_warnings():
    result = CliRunner().invoke(cli, ["import", str(SAMPLE_TXT), "--format", "json", "-o", "/dev/null"])
    assert result.exit_code == 0
    summary = json.loads(result.output)
    assert summary["tables"]["公开05"] == {"rows": 20, "columns": 3, "no_data": False, "unit": "万元",
                                          "page": None, "line": 241}
    assert summary["tables"]["公开09"]["no_data"] is True
    assert len(summary["forms"]) == 5 and len(summary["sections"]) == 10
    assert any(w["code"] == "table_missing" and "公开03" in w["message"] for w in summary["warnings"])


def test_schema_disclosure_prints_the_model_schema():
    result = CliRunner().invoke(cli, ["schema", "disclosure"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert {"metadata", "tables", "narrative", "attachments", "warnings"} <= set(schema["properties"])
