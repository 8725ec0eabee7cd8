"""Writes the benchmark results as bench/RESULTS.md: machine facts, one table per section, targets met or missed."""
from __future__ import annotations

from pathlib import Path

SECTIONS = ("## 1. 规则库加载与编译", "## 2. 单份文件全规则库校验", "## 3. 手写 Python 下限（floor）",
            "## 4. cel-python 对照", "## 5. 批量校验", "## 6. 启动时间", "## 7. 线性增长", "## 8. 导入公开文件",
            "## 目标")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def targets(r: dict) -> list[tuple[str, str, bool]]:
    b = r["batch"]
    peak = max(b["jobs1"]["tree_peak_mb"], b["jobs2"]["tree_peak_mb"])
    return [
        ("engine ≤ 2× floor", f"{r['floor']['ratio']:.1f}×", r["floor"]["ratio"] <= 2),
        ("cel-python ≥ 10× engine", f"{r['cel']['ratio_vs_engine']:.0f}×", r["cel"]["ratio_vs_engine"] >= 10),
        ("compile ≤ 0.2 s warm", f"{r['compile']['warm_s']:.3f} s", r["compile"]["warm_s"] <= 0.2),
        ("`rulebook list` ≤ 0.3 s over `python -c pass`", f"{r['startup']['list_over_s']:.3f} s",
         r["startup"]["list_over_s"] <= 0.3),
        ("`--jobs 2` ≥ 1.7× `--jobs 1`", f"{b['speedup']:.2f}×", b["speedup"] >= 1.7),
        ("importing the 25-page PDF < 3 s", f"{r['import']['pdf_cold_s']:.2f} s (cold CLI)", r["import"]["pdf_cold_s"] < 3),
        (f"peak memory of the {b['docs']:,} batch ≤ 300 MB", f"{peak:.0f} MB", peak <= 300),
        (f"whole run (batch of {b['docs']:,}) < 10 min", f"{r['total_s']:.0f} s", r["total_s"] < 600),
    ]


def write_markdown(r: dict, path: Path) -> None:
    m, c, k, f, cel, b, s, lin = (r[x] for x in ("machine", "compile", "check", "floor", "cel", "batch", "startup",
                                                  "linearity"))
    lines = [
        "# 性能基准结果 / benchmark results",
        "",
        f"Mode: **{r['mode']}** (`python -m bench.run{' --quick' if r['mode'] == 'quick' else ''}`), "
        f"batch of {r['batch']['docs']:,}. "
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} memory, Python {m['python']}, "
        f"load average at start {m.get('load', 'not recorded')}.",
        "",
        SECTIONS[0], "",
        "| rules | cold (fresh process, import + load) | warm (in process, caches cleared) |", "|---|---|---|",
        f"| {c['rules']} | {c['cold_s']:.3f} s | {c['warm_s']:.3f} s |", "",
        SECTIONS[1], "",
        "| rules | per document | rule evaluations / s |", "|---|---|---|",
        f"| {k['rules']} | {_ms(k['per_doc_s'])} | {k['rule_evals_per_s']:,.0f} |", "",
        SECTIONS[2], "",
        f"The same {len(f['rules'])} rules ({', '.join(f['rules'])}) over {f['docs']} generated documents; "
        f"verdicts: {', '.join(f'{k2} {v}' for k2, v in sorted(f['verdicts'].items()))}.",
        f"Engine and floor disagree on **{f['mismatch_count']}** verdicts"
        + (f" (rules missing from the default rulebook: {', '.join(f['missing_from_default'])})"
           if f["missing_from_default"] else "") + ".", "",
        "| floor / doc | engine verdicts / doc | engine ÷ floor | engine with report / doc | report ÷ floor |",
        "|---|---|---|---|---|",
        f"| {_ms(f['floor_s'])} | {_ms(f['engine_s'])} | {f['ratio']:.1f}× | {_ms(f['engine_report_s'])} | "
        f"{f['ratio_report']:.1f}× |", "",
        SECTIONS[3], "",
        f"The same rules in CEL, compiled once ({cel['compile_s']:.2f} s), evaluated over {cel['docs']} document(s); "
        f"CEL and the floor disagree on **{cel['disagreements']}** verdicts.", "",
        "| activation / doc | evaluation / doc | cel ÷ engine | cel ÷ floor |", "|---|---|---|---|",
        f"| {_ms(cel['activation_s'])} | {_ms(cel['per_doc_s'])} | {cel['ratio_vs_engine']:.0f}× | "
        f"{cel['ratio_vs_floor']:.0f}× |", "",
        SECTIONS[4], "",
        f"`rulebook check DIR --jobs N --format jsonl` over {b['docs']:,} generated JSON disclosures "
        f"(generated in {b['generate_s']:.1f} s). "
        "Peak memory: the sampled sum of RSS over the process tree (/proc, every 50 ms); maxrss: `os.wait4`'s "
        "ru_maxrss, the largest single process.", "",
        "| jobs | seconds | documents / s | peak tree RSS | maxrss | reports | exit |", "|---|---|---|---|---|---|---|",
    ]
    for jobs in ("jobs1", "jobs2"):
        j = b[jobs]
        lines.append(f"| {jobs[-1]} | {j['seconds']:.1f} | {j['docs_per_s']:.1f} | {j['tree_peak_mb']:.0f} MB | "
                     f"{j['maxrss_mb']:.0f} MB | {j['reports']} | {j['exit']} |")
    lines += [
        "", f"Speed-up `--jobs 2` ÷ `--jobs 1`: **{b['speedup']:.2f}×**.", "",
        SECTIONS[5], "",
        "| `python -c pass` | `rulebook --version` | `rulebook list` | version over | list over |",
        "|---|---|---|---|---|",
        f"| {_ms(s['python_pass_s'])} | {_ms(s['version_s'])} | {_ms(s['list_s'])} | {_ms(s['version_over_s'])} | "
        f"{_ms(s['list_over_s'])} |", "",
        SECTIONS[6], "",
        "| base (all rules × the documents) | rules doubled ÷ base | documents doubled ÷ base |", "|---|---|---|",
        f"| {lin['base_s']:.3f} s | {lin['double_rules_ratio']:.2f} | {lin['double_docs_ratio']:.2f} |", "",
        SECTIONS[7], "",
        "| Shanghai PDF, 25 pages, in process | same, `rulebook import` cold | Yangquan text, in process "
        "| the PDF as `pdftotext -layout` text, in process |",
        "|---|---|---|---|",
        f"| {r['import']['pdf_s']:.3f} s | {r['import']['pdf_cold_s']:.3f} s | {_ms(r['import']['text_s'])} "
        f"| {_ms(r['import']['layout_text_s']) if 'layout_text_s' in r['import'] else '—'} |", "",
        SECTIONS[8], "",
        "| target | measured | met |", "|---|---|---|",
    ]
    lines += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in targets(r)]
    spent = r.get("section_s")
    if spent:
        lines += ["", "Where the run's time goes (seconds): "
                  + ", ".join(f"{name} {seconds:.1f}" for name, seconds in spent.items())
                  + f"; whole run {r['total_s']:.1f}."]
    notes = r.get("notes")
    if notes:
        lines += ["", "## 说明 / notes", "", notes.strip()]
    path.write_text("\n".join(lines) + "\n", "utf-8")
