"""Every README code block that is a rule, a rulebook fragment, a config or a command is run here, and the blocks
that show output must be what the program prints. A block this file does not know fails the last test."""
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from click.testing import CliRunner

from engine.cli.main import cli
from engine.resources import sample

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
BLOCKS = [(m.group(1), m.group(2)) for m in re.finditer(r"^```(\w*)\n(.*?)^```", README, re.M | re.S)]
SEEN: set[int] = set()


def _blocks(lang: str, contains: str) -> list[str]:
    found = [(i, text) for i, (kind, text) in enumerate(BLOCKS) if kind == lang and contains in text]
    assert found, (lang, contains)
    SEEN.update(i for i, _ in found)
    return [text for _, text in found]


def _cli(*args, cwd: Path = ROOT):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


def _lint_clean(path: Path) -> None:
    from engine.rules.lint import lint

    errors = [d for d in lint(path)[0] if d.severity == "error"]
    assert errors == [], [d.message_zh for d in errors]


def test_the_rule_example_lints_and_its_examples_pass(tmp_path):
    (block,) = _blocks("yaml", "  - 编号: T11")
    book = tmp_path / "t11.yaml"
    book.write_text("规则:\n" + block, "utf-8")
    _lint_clean(book)
    out = _cli("test", "--rulebook", str(book))
    assert out.exit_code == 0 and "失败 0" in out.stdout, out.output


def test_the_rule_fragment_compiles_and_reports_what_its_comment_says(tmp_path):
    (block,) = _blocks("yaml", "行次断号(t)")
    book = tmp_path / "fragment.yaml"
    book.write_text("规则:\n  - 编号: R1\n    名称: 行次连续\n    级别: warning\n    类别: 完整性\n" + block, "utf-8")
    _lint_clean(book)
    promised = block.split("# → ", 1)[1].strip()
    report = json.loads(_cli("check", str(sample("yangquan-czj-2024.txt")), "--rulebook", str(book),
                             "--format", "json").stdout)
    assert [f["message"] for f in report["findings"]] == [promised]


def test_the_provincial_rulebook_extends_the_default(tmp_path):
    (block,) = _blocks("yaml", "扩展: default")
    book = tmp_path / "shanxi.yaml"
    book.write_text(block, "utf-8")
    _lint_clean(book)
    listed = {r["id"]: r for r in json.loads(_cli("list", "--rulebook", str(book), "--format", "json").stdout)}
    assert "T21a" not in listed and listed["X09a"]["severity"] == "error"


def test_the_config_block_is_a_config_the_cli_reads(tmp_path):
    (block,) = _blocks("toml", "[tool.rulebook]")
    from engine.cli.options import CONFIG_KEYS

    table = tomllib.loads(block)["tool"]["rulebook"]
    assert set(table) <= set(CONFIG_KEYS)
    (tmp_path / "rulebook").mkdir()
    shutil.copy(sample("yangquan-czj-2024.json"), tmp_path / "y.json")
    (tmp_path / "rulebook" / "shanxi.yaml").write_text("rulebook: {id: shanxi, 版本: '1', 扩展: default}\n", "utf-8")
    (tmp_path / "pyproject.toml").write_text(block, "utf-8")
    out = _cli("check", "y.json", "--select", "N08", cwd=tmp_path)
    assert out.exit_code == 1 and "shanxi 1" in out.stdout  # the configured rulebook, fail-on warning


def test_the_lint_demo_prints_what_the_readme_shows(tmp_path):
    (block,) = _blocks("", "$ rulebook lint --rulebook demo/default.yaml")
    command, *shown = block.rstrip("\n").split("\n")
    source_line = next(line for line in shown if line.startswith("9 | ")).split(" | ", 1)[1]
    (tmp_path / "demo").mkdir()
    rule = ["rulebook: {id: demo, 版本: '1'}", "规则:", "  - 编号: D1", "    名称: 支出合计一致", "    级别: error",
            "    类别: 表间一致", "    提示: 公开05 与公开01 的支出合计不一致", "    依据: 示例", source_line]
    (tmp_path / "demo" / "default.yaml").write_text("\n".join(rule) + "\n", "utf-8")
    out = _cli(*command.removeprefix("$ rulebook ").split(), cwd=tmp_path)
    assert out.exit_code == 1 and "\n".join(shown) in out.output, out.output


def test_the_report_block_is_what_check_prints_at_100_columns():
    (block,) = _blocks("", "共 199 条规则")
    env = {**os.environ, "COLUMNS": "100"}
    printed = subprocess.run([sys.executable, "-c", "from engine.cli.main import main; main()", "check",
                              "samples/yangquan-czj-2024.txt"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert printed.returncode == 1
    assert printed.stdout == block


def test_the_json_block_names_the_reports_fields():
    (block,) = _blocks("json", '"findings"')
    shown = json.loads(block)
    report = json.loads(_cli("check", str(sample("yangquan-czj-2024.json")), "--format", "json").stdout)
    finding = next(f for f in report["findings"] if f["refs"])
    assert set(shown) == set(report) and set(shown["summary"]) == set(report["summary"])
    assert set(shown["findings"][0]) == set(finding) and set(shown["findings"][0]["refs"][0]) == set(finding["refs"][0])


# --- commands ---------------------------------------------------------------------------------------------

EXIT = {"rulebook check samples/yangquan-czj-2024.txt": 1}  # the sample has errors (the README says so)
ELSEWHERE = ("python3.11 -m venv", "pip install", "python -m pytest",  # tests/test_install.py, CI itself
             "RULEBOOK_EDIT_TOKEN", "curl ")  # test_the_service_commands


def _commands(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.split("  #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        out += [part.strip() for part in line.split("&&")]
    return out


def test_the_rulebook_commands_run_with_the_exit_codes_the_readme_gives(tmp_path):
    commands = [c for text in _blocks("bash", "rulebook") for c in _commands(text)
                if c.startswith(("rulebook ", "_RULEBOOK_COMPLETE")) and not c.startswith("RULEBOOK_EDIT_TOKEN")]
    assert len(commands) >= 5
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in commands:
        done = subprocess.run(command, shell=True, cwd=ROOT if "rulebook-complete" not in command else tmp_path,
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == EXIT.get(command, 0), (command, done.stdout[-1500:], done.stderr[-1500:])
        assert "Traceback" not in done.stderr
    completion = (tmp_path / "rulebook-complete.bash").read_text()
    assert "complete " in completion and "_RULEBOOK_COMPLETE" in completion


def test_the_benchmark_commands_exist():
    """The full runs take minutes (CI runs `bench.run --quick` in tests/test_bench_quick.py): here each command
    must start and know its options."""
    for command in _commands(_blocks("bash", "python -m bench.run")[0]):
        argv = command.split()
        done = subprocess.run([sys.executable, *argv[1:3 if argv[1] == "-m" else 2], "--help"], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (command, done.stderr[-1000:])


def test_the_service_commands(tmp_path):
    (block,) = _blocks("bash", "rulebook serve")
    serve, curl = _commands(block)
    import httpx

    from engine.service.background import free_port

    port = free_port()
    argv = serve.split("rulebook ", 1)[1].replace("--port 8000", f"--port {port}").split()
    token = serve.split("=", 1)[1].split()[0]
    shutil.copytree(ROOT / "rulebook", tmp_path / "rulebook")
    env = {**os.environ, "RULEBOOK_EDIT_TOKEN": token, "RULEBOOK_CHANGELOG": str(tmp_path / "changes.jsonl")}
    server = subprocess.Popen([sys.executable, "-c", "from engine.cli.main import main; main()", *argv],
                              cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                assert server.poll() is None
                import time

                time.sleep(0.2)
        url = re.search(r"http://\S+", curl).group(0).replace(":8000", f":{port}")
        upload = re.search(r"file=@(\S+)", curl).group(1)
        response = httpx.post(url, files={"file": (upload, (ROOT / upload).read_bytes())}, timeout=120)
        assert response.status_code == 200 and response.json()["summary"]["rules"] == 199
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_code_block_is_tested_or_is_a_diagram():
    """Runs last (file order): the blocks no test above looked at are only the pipeline diagram."""
    untested = [text.splitlines()[0] for i, (kind, text) in enumerate(BLOCKS) if i not in SEEN]
    assert untested == ["公开文件（文本 / PDF）→ 导入 → 规范化公开数据（JSON，pydantic）→ 规则库（一次编译）"], untested
