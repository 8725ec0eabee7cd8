"""Round trip at scale: generated disclosures rendered in every form, imported again, compared.

    nice python -m bench.round_trip --docs 2000      # appends its section to bench/RESULTS-forms.md
    python -m bench.round_trip --docs 50 --out /tmp  # the bounded run CI makes (tests/formats/test_round_trip_bench.py)

Document i (bench/generate.py: the sample with every amount scaled and a few defects planted) is imported from its
text, rendered (engine/render) in form FORMS[i mod 7] with a layout drawn from a seeded source (numbering, table
order, a page per table or not) and imported again. Every amount (table, row, column → kind, value) and every finding
(locations aside; rules whose outcome a layout changes by design aside, engine/render/compare.py) must be the same.
Each difference is named by its cause: the form, and the tables whose amounts or the rules whose findings differ
(or the exception raised), so a new kind of difference shows as a new line, never inside a count."""
from __future__ import annotations

import json
import platform
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
FORMS = ("tabs", "spaces", "xlsx", "xlsx-one-sheet", "html", "docx", "pdf")
START, END = "<!-- round-trip:start -->", "<!-- round-trip:end -->"  # this bench's section of RESULTS-forms.md


def _cause(form: str, want_amounts: dict, got_amounts: dict, want: list, got: list) -> str | None:
    """What differs, named: 'pdf · 金额 公开09' or 'html · 发现 C03h01、X12'; None when nothing does."""
    from engine.render.compare import differences

    wrong = differences(want_amounts, got_amounts)
    if wrong:
        return f"{form} · 金额 " + "、".join(sorted({d.split("'")[1] for d in wrong}))
    if want != got:
        rules = sorted({f[0] for f in set(want) ^ set(got)})
        return f"{form} · 发现 " + "、".join(rules)
    return None


def round_trip(tmp: Path, docs: int, seed: int, forms: tuple[str, ...] = FORMS,
               progress: Path | None = None) -> dict:
    """`progress`: where the result so far is written every 50 documents (a long run on a shared machine can be
    read, or stopped, before it ends; its `docs` says how many documents it covers)."""
    from bench.generate import Generator
    from engine.importers import import_text, load_disclosure
    from engine.render import suffix, write
    from engine.render.compare import amounts, findings, layout_independent
    from engine.render.layout import Layout, render

    gen, rng = Generator(seed=7), random.Random(seed)
    causes: Counter = Counter()
    examples: dict[str, dict] = {}
    by_form = {form: {"docs": 0, "failed": 0, "seconds": 0.0} for form in forms}
    started = time.perf_counter()
    for index in range(1, docs + 1):
        form = forms[index % len(forms)]
        doc = import_text(gen.published_text(gen.document(index)).encode("utf-8"), name=f"d{index:05d}.txt")
        order = list(doc.tables)
        if rng.random() < 0.5:
            rng.shuffle(order)
        numbering = rng.choice(["as-printed", "公开", "表", "附表", "none"])
        if numbering == "as-printed" and order != list(doc.tables):
            numbering = "公开"  # an untitled table (公开01 of the sample) moved elsewhere cannot be found: number it
        drawn = typeset(rng)
        drawn["stacked"] = drawn["stacked"] and form != "spaces"  # not read yet in aligned text (RESULTS-forms.md)
        layout = Layout(numbering=numbering, order=order, page_per_table=rng.random() < 0.7, **drawn)
        path = tmp / f"round{suffix(form)}"
        begun = time.perf_counter()
        try:
            path.write_bytes(write(render(doc, layout), form, form_feeds=False))  # form feeds: tests/formats
            got = load_disclosure(path)
            cause = _cause(form, amounts(doc), amounts(got), layout_independent(findings(doc)),
                           layout_independent(findings(got)))
        except Exception as exc:  # counted and named, never hidden
            cause = f"{form} · {type(exc).__name__}: {str(exc)[:80]}"
        entry = by_form[form]
        entry["docs"] += 1
        entry["seconds"] += time.perf_counter() - begun
        if cause:
            entry["failed"] += 1
            causes[cause] += 1
            examples.setdefault(cause, {"index": index, "numbering": numbering,
                                        "page_per_table": layout.page_per_table, **_drawn(layout)})
        if progress is not None and (index % 50 == 0 or index == docs):
            progress.write_text(json.dumps(_summary(index, time.perf_counter() - started, by_form, causes, examples),
                                           ensure_ascii=False, indent=1), "utf-8")
    return _summary(docs, time.perf_counter() - started, by_form, causes, examples)


def typeset(rng: random.Random) -> dict:
    """How the tables themselves are typeset (engine/render/variants.py), each drawn apart: the default (as the
    sample prints) about half the time, so every combination comes up."""
    from engine.render.variants import CODE_COLUMNS, CONTINUED, HEADINGS

    return {"code_columns": rng.choice(CODE_COLUMNS), "separators": rng.random() < 0.5,
            "heading": rng.choice(HEADINGS), "titled": rng.random() < 0.5, "numbered": rng.random() < 0.5,
            "economic_groups": rng.choice([1, 1, 2, 3]), "final_first": rng.random() < 0.5,
            "rows_per_page": rng.choice([0, 0, 8, 15]), "continued": rng.choice(CONTINUED),
            "repeat_header": rng.random() < 0.5, "stacked": rng.random() < 0.3}


def _drawn(layout) -> dict:
    """The typesetting a failing document was drawn with (its defaults left out), to render it again."""
    from dataclasses import fields

    from engine.render.layout import Layout

    default = Layout()
    return {f.name: getattr(layout, f.name) for f in fields(layout)
            if f.name in typeset(random.Random(0)) and getattr(layout, f.name) != getattr(default, f.name)}


def _summary(docs: int, elapsed: float, by_form: dict, causes: Counter, examples: dict) -> dict:
    return {"docs": docs, "seconds": round(elapsed, 1), "per_doc_s": round(elapsed / docs, 3),
            "by_form": {k: {"docs": v["docs"], "failed": v["failed"],
                            "per_doc_s": round(v["seconds"] / v["docs"], 3) if v["docs"] else None}
                        for k, v in by_form.items()},
            "failed": sum(causes.values()), "causes": dict(causes.most_common()), "examples": examples,
            "failures": [{"cause": c, **examples[c]} for c in causes]}


def markdown(result: dict) -> str:
    rt = result["round_trip"]
    lines = [START, "## 往返（生成 → 导入 → 按形式渲染 → 再导入 → 比较金额与发现）/ round trip at scale", "",
             f"机器：{result['machine']}；{result['when']}；`python -m bench.round_trip --docs {result['planned']}`"
             + (f"（运行在第 {rt['docs']} 份后停止，以下只计这 {rt['docs']} 份）" if rt["docs"] < result["planned"] else ""),
             "",
             f"{rt['docs']} 份生成文件，{len(rt['by_form'])} 种形式轮流，{rt['seconds']} s（每份 {rt['per_doc_s']} s，"
             f"含两次校验）；不一致 {rt['failed']} 份。", "",
             "比较的是每个表格单元格（类型与数值）与每条发现（位置除外；表号与表序随版式而变的 C03*、C02b 除外；表名按目录中的表名）；"
             "版式随机：表号 原样/公开NN表/表五/附表5/不印，表序打乱一半，七成一表一页；表的排印逐项随机（engine/render/variants.py）："
             "科目编码 一列/类款项分列/类款项表头下合并一格，千分位，表头要素 各占一行/同一行/编制单位…单位，表名带单位与年度，"
             "栏次与行次 印/不印，公开06 一组/两组/三组并排，公开09 决算数在前，长表跨页（续表 或「表名（续）」，表头重印或不重印），"
             "公开01/04 收入在上、支出在下（按空格对齐的文本除外：尚不能读，见上文审计）。", "",
             "| 形式 | 文件数 | 不一致 | 每份 s（渲染+导入+校验） |", "|---|---|---|---|"]
    lines += [f"| {form} | {v['docs']} | {v['failed']} | {v['per_doc_s']} |" for form, v in rt["by_form"].items()]
    lines += ["", "不一致按原因：" if rt["causes"] else "没有不一致：每份文件的每个金额、每条发现（位置除外）都与原文件相同。", ""]
    if rt["causes"]:
        lines += ["| 原因（形式 · 不同的表或规则） | 份数 | 例（文件号） |", "|---|---|---|"]
        lines += [f"| {cause} | {n} | d{rt['examples'][cause]['index']:05d} |" for cause, n in rt["causes"].items()]
    return "\n".join(lines + ["", END, ""])


def append_section(results_md: Path, section: str, name: str = "round-trip") -> None:
    """Replace a bench's section of RESULTS-forms.md (between its <!-- name:start/end --> markers) or append it:
    other benches write the rest of the file."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = results_md.read_text("utf-8") if results_md.exists() else ""
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + section.rstrip("\n") + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results_md.write_text(text, "utf-8")


@click.command()
@click.option("--docs", type=click.IntRange(1, 100_000), default=2000, show_default=True, help="生成文件数")
@click.option("--seed", type=int, default=17, show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=ROOT / "bench", show_default=True)
@click.option("--from-progress", is_flag=True, help="不运行：按已写出的进度（运行被停止时）写结果，注明完成的份数")
def main(docs: int, seed: int, out_dir: Path, from_progress: bool) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    progress = out_dir / "round-trip-progress.json"
    result = {"machine": f"{platform.machine()} · Python {platform.python_version()}",
              "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "planned": docs}
    if from_progress:
        result["round_trip"] = json.loads(progress.read_text("utf-8"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result["round_trip"] = round_trip(Path(tmp), docs, seed, progress=progress)
    progress.unlink(missing_ok=True)
    (out_dir / "results-round-trip.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    section = markdown(result)
    append_section(out_dir / "RESULTS-forms.md", section)
    click.echo(section)


if __name__ == "__main__":
    main()
