"""Other forms: import speed of Excel, HTML and Word against text, and the render → re-import round trip at scale.

    python -m bench.forms                  # speed, and 70 generated documents round-tripped; its section of RESULTS-forms.md
    python -m bench.round_trip --docs 2000 # the round trip at scale (its own section)

Speed: each document's printed lines written as tab text, .xlsx, HTML and .docx; the best of several imports of each
(libraries loaded first, as in a service), and the ratio to the text import measured in the same run. Budget: Excel
and HTML under 0.5 s (issue 17).
Round trip: bench/round_trip.py (generated document i rendered in a form and layout, imported again, amounts and
findings compared, differences named by cause)."""
from __future__ import annotations

import json
import platform
import tempfile
import time
from pathlib import Path

import click

from bench import measure
from bench.round_trip import append_section, round_trip
from engine.importers import load_disclosure
from engine.render import Printed, suffix, write
from engine.render.derive import source_lines

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = {"xlsx": 0.5, "html": 0.5, "pdf": 2.0}  # issue 17: Excel and HTML under 0.5 s, a 25-page PDF under 2 s
SPEED_FORMS = ("tabs", "xlsx", "html", "docx")


def _documents() -> list[Path]:
    """The bundled samples, and the real PDFs of ../shared/pdf when it is there (the 30-page one among them)."""
    docs = [ROOT / "samples" / "yangquan-czj-2024.txt", ROOT / "samples" / "shanghai-putuo-czj-2024.pdf"]
    for parent in ROOT.parents:
        if (parent / "shared" / "pdf").is_dir():
            docs += [p for p in sorted((parent / "shared" / "pdf").glob("*.pdf")) if p.name not in {d.name for d in docs}]
            break
    return docs


def speed(tmp: Path, reps: int) -> list[dict]:
    rows = []
    for path in _documents():
        printed = Printed.from_lines(source_lines(path))
        files = {}
        for form in SPEED_FORMS:
            files[form] = tmp / f"{path.stem}{suffix(form)}"
            files[form].write_bytes(write(printed, form))
        if path.suffix == ".pdf":
            files["pdf"] = path  # the published PDF itself
        for file in files.values():
            load_disclosure(file)  # libraries and the catalogue loaded once, as in a service
        # the forms take turns, so each ratio is measured over the same stretch of a drifting machine
        times = measure.best_of_each({form: (lambda f=file: load_disclosure(f)) for form, file in files.items()}, reps)
        base = times["tabs"]
        for form, file in files.items():
            best = times[form]
            rows.append({"document": path.name, "form": form, "bytes": file.stat().st_size,
                         "pages": _pages(file) if form == "pdf" else None,
                         "best_s": round(best, 4), "ratio_to_text": round(best / base, 2),
                         "within_budget": best < BUDGET_S[form] if form in BUDGET_S else None})
    return rows


def _pages(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def markdown(result: dict) -> str:
    lines = ["<!-- forms:start -->", "# 其他公开形式：导入速度与往返 / other forms: import speed and round trip", "",
             f"机器：{result['machine']}；{result['when']}", "", "## 导入速度（最好成绩，与同一文件的制表符文本之比）", "",
             "限额：Excel、HTML 0.5 s，PDF（25 页）2 s。", "",
             "| 文件 | 形式 | 字节 | 导入 s | ÷文本 | 限额内 |", "|---|---|---|---|---|---|"]
    for row in result["speed"]:
        form = f"{row['form']}（{row['pages']} 页）" if row.get("pages") else row["form"]
        lines.append(f"| {row['document']} | {form} | {row['bytes']:,} | {row['best_s']:.3f} | "
                     f"{row['ratio_to_text']:.2f} | {({True: '是', False: '否'}).get(row['within_budget'], '—')} |")
    rt = result["round_trip"]
    lines += ["", "## 往返（生成 → 导入 → 渲染 → 再导入 → 比较）", "",
              f"{rt['docs']} 份生成文件，{rt['seconds']} s（每份 {rt['per_doc_s']} s）；不一致 {rt['failed']} 份。", "",
              "| 形式 | 文件数 | 不一致 |", "|---|---|---|"]
    lines += [f"| {form} | {v['docs']} | {v['failed']} |" for form, v in rt["by_form"].items()]
    lines += ["", "不一致按原因：" + ("；".join(f"{c}（{n} 份）" for c, n in rt["causes"].items()) or "没有"), "",
              "<!-- forms:end -->", ""]
    return "\n".join(lines)


@click.command()
@click.option("--docs", type=click.IntRange(1, 100_000), default=70, show_default=True, help="往返的生成文件数")
@click.option("--reps", type=click.IntRange(1, 50), default=5, show_default=True, help="速度测量次数（取最好）")
@click.option("--seed", type=int, default=17, show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=ROOT / "bench", show_default=True)
def main(docs: int, reps: int, seed: int, out_dir: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = {"machine": f"{platform.machine()} · Python {platform.python_version()}",
                  "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                  "speed": speed(Path(tmp), reps), "round_trip": round_trip(Path(tmp), docs, seed)}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results-forms.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    append_section(out_dir / "RESULTS-forms.md", markdown(result), "forms")  # other benches' sections kept
    click.echo(markdown(result))


if __name__ == "__main__":
    main()
