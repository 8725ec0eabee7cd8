"""Synthetic disclosures from the bundled sample: amounts scaled per document, a few random defects, JSON and text.

    python -m bench.generate OUT_DIR -n 1000 [--seed 7] [--no-text] [--national-every 2]

writes OUT_DIR/json/d00001.json, OUT_DIR/txt/d00001.txt and OUT_DIR/manifest.jsonl (factor and defects per document).
Every amount of a document is scaled by one random factor (so table identities and percentages hold up to rounding);
then 0–2 table cells and 0–1 narrative amounts are changed by a visible amount (the defects a checker must find).
"""
from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from functools import partial
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import click

from bench.template import Template, build
from engine.importers.form_scores import category_scores
from engine.model import Disclosure, FormField, FundLine, Indicator, PerformanceForm

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_JSON = ROOT / "samples" / "yangquan-czj-2024.json"
SAMPLE_TEXT = ROOT / "samples" / "yangquan-czj-2024.txt"


@dataclass
class Generated:
    name: str
    factor: Decimal
    defects: list[dict]
    values: list[Decimal]


def _places(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


class Generator:
    """Renders document i of a seeded series; the same seed and index always give the same document."""

    def __init__(self, seed: int = 7, template: Template | None = None) -> None:
        self.seed = seed
        self.tpl = template or build(SAMPLE_JSON, SAMPLE_TEXT)
        keys = self.tpl.keys
        self.places = [_places(q) for q in self.tpl.quantities]
        # Defects must change exactly one printed place in each form: cells of tables, amounts said once in text.
        self.cells = [i for i, k in enumerate(keys) if k.startswith("表:") and self.tpl.quantities[i] != 0
                      and self._printed_once(i)]
        self.narrative = [i for i, k in enumerate(keys) if k.startswith("文:") and self.tpl.quantities[i] != 0
                          and self._printed_once(i)]

    def _printed_once(self, qid: int) -> bool:
        in_text = sum(1 for p in self.tpl.text_parts if isinstance(p, tuple) and p[0] == qid)
        if self.tpl.keys[qid].startswith("表:"):
            return in_text == 1
        in_json = sum(1 for p in self.tpl.json_parts if isinstance(p, tuple) and p[0] == qid)
        return in_text == 1 and in_json == 1

    def document(self, index: int) -> Generated:
        rng = random.Random(self.seed * 1_000_003 + index)
        factor = Decimal(rng.randint(3000, 30000)) / Decimal(10000)
        values = [(q * factor).quantize(places, rounding=ROUND_HALF_UP)
                  for q, places in zip(self.tpl.quantities, self.places)]
        defects = []
        picks = rng.sample(self.cells, rng.choice([0, 1, 1, 2])) if self.cells else []
        if self.narrative and rng.random() < 0.5:
            picks.append(rng.choice(self.narrative))
        for qid in picks:
            delta = Decimal(rng.randint(100, 5000)) / 100 * rng.choice([1, -1])
            old = values[qid]
            new = (old + delta).quantize(_places(old))
            if new < 0:
                new = (old - delta).quantize(_places(old))
            values[qid] = new
            defects.append({"where": self.tpl.keys[qid], "from": str(old), "to": str(new)})
        return Generated(f"d{index:05d}", factor, defects, values)

    def json_text(self, doc: Generated) -> str:
        return self.tpl.render(self.tpl.json_parts, doc.values)

    def published_text(self, doc: Generated) -> str:
        return self.tpl.render(self.tpl.text_parts, doc.values)


_GEN: Generator | None = None  # built once before workers fork


def _write(out: Path, text: bool, index: int, national: int = 0) -> tuple[Path, str]:
    """Writes document `index`; returns its JSON path and its manifest line. Every `national`-th document (0: none)
    attaches its 自评表 on the national template: its model read from its text, the forms converted
    (with_national_forms), the text printed from the model (engine/render, tabs)."""
    assert _GEN is not None
    doc = _GEN.document(index)
    path = out / "json" / f"{doc.name}.json"
    published = _GEN.published_text(doc)
    entry = {"name": doc.name, "factor": str(doc.factor), "defects": doc.defects}
    if national and index % national == 0:
        from engine.importers import import_text
        from engine.render import write
        from engine.render.layout import render

        model = with_national_forms(import_text(published.encode("utf-8"), name=f"{doc.name}.txt"))
        path.write_text(model.to_json(), "utf-8")
        published = write(render(model), "tabs").decode("utf-8")
        entry["forms"] = "national"
    else:
        path.write_text(_GEN.json_text(doc), "utf-8")
    if text:
        (out / "txt" / f"{doc.name}.txt").write_text(published, "utf-8")
    return path, json.dumps(entry, ensure_ascii=False)


_POINTS = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}  # the template's 一级指标 weights (财预〔2020〕10号)


def _split(whole: Decimal, n: int) -> list[Decimal]:
    """`whole` in n printed shares adding up to it exactly: whole units, the remainder (and any fraction) first."""
    unit, rest = divmod(whole, n) if n else (Decimal(0), Decimal(0))
    unit = Decimal(int(unit))
    shares = [unit] * n
    if n:
        shares[0] += whole - unit * n
    return shares


def national_form(form: PerformanceForm) -> PerformanceForm:
    """The same project printed on the national template (财预〔2020〕10号): its funds as 年初预算数 / 全年预算数 /
    全年执行数 (the Shanxi 预算 / 到位 / 执行 by role) with 其中 rows 当年财政拨款 (the whole), 上年结转资金 and 其他资金 (0);
    the 执行率 with its 分值 10 and its score; every indicator with a 分值 (its 一级指标's 50 / 30 / 10 shared among its
    rows) and a 得分 (the category's printed score shared the same way; none where the form printed none), a row
    printing only a score named after its 二级指标; 总分 | 100 | score; the grade and the conclusion."""
    def field(label: str, value: Decimal | None, text: str | None = None) -> FormField:
        return FormField(label=label, value=value, text=text if text is not None else ("" if value is None else str(value)))

    funds = {}
    for attr, label in (("budget", "年初预算数"), ("available", "全年预算数"), ("executed", "全年执行数")):
        fund = getattr(form, attr)
        if fund is None or fund.total.value is None:
            continue
        total = fund.total.value
        zero = Decimal(0).quantize(_places(total)) if isinstance(total.as_tuple().exponent, int) else Decimal(0)
        funds[attr] = FundLine(total=field(label, total), parts=[
            field("当年财政拨款", total), field("上年结转资金", zero), field("其他资金", zero)])
    rate, score = form.execution_rate, form.execution_score
    rows: list[Indicator] = []
    for item in form.indicators:
        if not item.name and item.score is None:
            continue
        # a level left blank prints as the one above it (merged cells): the Shanxi reader's unknown 二级 is that one
        above = rows[-1] if rows else None
        level1 = item.level1 or (above.level1 if above else "")
        level2 = item.level2 or (above.level2 if above and above.level1 == level1 else "")
        rows.append(Indicator(level1=level1, level2=level2, name=item.name or f"{level2 or level1}（综合）",
                              target=item.target, actual=item.actual, shortfall_reason=item.shortfall_reason,
                              source=item.source))
    scores = category_scores(form.indicators)
    for level1 in dict.fromkeys(i.level1 for i in rows):
        group = [i for i in rows if i.level1 == level1]
        points = _split(Decimal(_POINTS.get(level1, 10)), len(group))
        got = scores.get(level1)
        shares = _split(got.value, len(group)) if got is not None and got.value is not None else [None] * len(group)
        for row, weight, share in zip(group, points, shares):
            row.weight = field("分值", weight)
            row.score = None if share is None else field("得分", share)
    total = form.total_score
    year = "".join(ch for ch in form.year if ch.isdigit())[:4]
    return PerformanceForm(
        project=form.project, department=form.department, implementer=form.implementer,
        year=f"{year}年度" if year else "", template="national", **funds,
        execution_weight=field("分值", Decimal(10)) if rate is not None or score is not None else None,
        execution_rate=None if rate is None or rate.value is None else field("执行率", rate.value, f"{rate.value}%"),
        execution_score=None if score is None or score.value is None else field("得分", score.value),
        indicators=rows, category_scores=category_scores(rows),
        total_score=None if total is None or total.value is None else field("总分", total.value, f"100 {total.value}"),
        grade=form.grade, conclusion=form.conclusion)


def with_national_forms(doc: Disclosure) -> Disclosure:
    """The document with every 自评表 on the national template (what a disclosure of another province attaches)."""
    return doc.model_copy(update={"attachments": [national_form(f) for f in doc.attachments]})


def generate(out: Path, n: int, *, seed: int = 7, text: bool = True, start: int = 1, jobs: int = 1,
             national: int = 0) -> list[Path]:
    """Writes documents start..start+n-1 (with `jobs` processes; the same documents whatever `jobs`); returns the
    JSON paths. `national`: every national-th document attaches its 自评表 on the national template (0: none)."""
    global _GEN
    _GEN = Generator(seed)
    (out / "json").mkdir(parents=True, exist_ok=True)
    if text:
        (out / "txt").mkdir(parents=True, exist_ok=True)
    write = partial(_write, out, text, national=national)
    indexes = range(start, start + n)
    if jobs > 1 and n > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            written = pool.map(write, indexes, chunksize=max(1, n // (jobs * 4)))
    else:
        written = [write(i) for i in indexes]
    with open(out / "manifest.jsonl", "a", encoding="utf-8") as manifest:
        manifest.writelines(line + "\n" for _, line in written)
    return [path for path, _ in written]


@click.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("-n", "count", type=click.IntRange(1, 1_000_000), default=100, show_default=True, help="文档数量")
@click.option("--seed", type=int, default=7, show_default=True, help="随机种子")
@click.option("--no-text", is_flag=True, help="只写 JSON，不写公开文本")
@click.option("--national-every", "national", type=click.IntRange(0), default=0, show_default=True,
              help="每隔几份附全国模板的项目支出绩效自评表（0：不附）")
def main(out: Path, count: int, seed: int, no_text: bool, national: int) -> None:
    """由随附样本生成合成的决算公开文件（JSON 与公开文本）。"""
    try:
        generate(out, count, seed=seed, text=not no_text, national=national)
    except OSError as exc:
        click.echo(f"无法写入 {out}：{exc.strerror}", err=True)
        sys.exit(2)
    click.echo(f"已生成 {count} 份文件：{out}")


if __name__ == "__main__":
    main()
