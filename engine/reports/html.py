"""A self-contained HTML report (no external reference of any kind; prints on A4): the summary, what could not be
read, and each finding with the cells it reads and, for a text input, its source lines; for a PDF, the page image with
those cells outlined."""
from __future__ import annotations

from html import escape
from pathlib import Path

from engine.checking.findings import Finding, Report
from engine.checking.wording import reading_reason
from engine.reports.pages import PageImages, figure
from engine.reports.rows import READING, SEVERITY, SUMMARY_HEADERS, explanation_state, summary_row

_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; color: #1a1a1a;
       max-width: 190mm; margin: 0 auto; line-height: 1.5; font-size: 10.5pt; }
h1 { font-size: 15pt; } h2 { font-size: 12.5pt; border-bottom: 1px solid #888; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { border: 1px solid #999; padding: 2px 5px; vertical-align: top; text-align: left; }
th { background: #e6ebf2; }
.finding { border: 1px solid #bbb; border-left: 5px solid #666; padding: 4px 8px; margin: 8px 0;
           break-inside: avoid; page-break-inside: avoid; }
.error { border-left-color: #b00020; } .warning { border-left-color: #b26a00; } .info { border-left-color: #2f5d8a; }
.meta { color: #444; font-size: 9.5pt; } pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: 4px; margin: 4px 0; }
mark { background: #ffe08a; }
figure.page { margin: 6px 0; break-inside: avoid; page-break-inside: avoid; }
figure.page .sheet { position: relative; width: 100%; max-width: 150mm; border: 1px solid #999; }
figure.page img { display: block; width: 100%; height: 100%; }
figure.page .box { position: absolute; border: 2px solid #d0021b; background: rgba(255, 214, 0, .25); }
figcaption { font-size: 9pt; color: #444; }
"""
MAX_PAGES = 2  # page images per finding: a rule reading a whole table shows where it starts, not every page


def _raw(report: Report, sources: dict[str, bytes] | None, suffix: str) -> bytes | None:
    """The submitted file's bytes: given (the service: never the disk, whatever name a request gives its report) or,
    when `sources` is None (the CLI), read from the path the report names."""
    if not report.file or not report.file.lower().endswith(suffix):
        return None
    if sources is not None:
        return sources.get(report.file)
    try:
        return Path(report.file).read_bytes()
    except OSError:
        return None


def _lines(report: Report, sources: dict[str, bytes] | None = None) -> list[str] | None:
    """The input's printed lines when it is a text file (source lines beside findings)."""
    raw = _raw(report, sources, ".txt")
    return None if raw is None else raw.decode("utf-8", errors="replace").replace("\f", "\n").splitlines()


def page_figures(images: PageImages | None, finding: Finding, lang: str) -> str:
    """The pages a finding reads, each with its cells outlined (the first MAX_PAGES pages)."""
    if images is None:
        return ""
    pages: dict[int, list] = {}
    for ref in finding.refs:
        if ref.box is not None:
            pages.setdefault(ref.box[0], []).append(tuple(ref.box[1:]))
    caption = "第{}页（框出本条读取的单元格和文字）" if lang == "zh" else "page {} (the cells and text read are outlined)"
    return "".join(figure(images, page, boxes, caption.format(page)) for page, boxes in sorted(pages.items())[:MAX_PAGES])


def excerpt(lines: list[str] | None, finding: Finding) -> str:
    if not lines:
        return ""
    wanted = sorted({r.line for r in finding.refs if r.line})[:4]
    out = []
    for n in wanted:
        if 1 <= n <= len(lines):
            out.append(f"<mark>{n:>5} │ {escape(lines[n - 1][:300])}</mark>")
    return f"<pre>{chr(10).join(out)}</pre>" if out else ""


def _finding(report: Report, f: Finding, lang: str, lines: list[str] | None, images: PageImages | None = None) -> str:
    refs = "".join(
        f"<tr><td>{escape(r.table or '')}</td><td>{escape(r.row or r.label or '')}</td><td>{escape(r.column or '')}</td>"
        f"<td>{escape(str(r.value) if r.value is not None else (r.text or ''))}</td><td>{escape(r.source or '')}</td></tr>"
        for r in f.refs[:12])
    head = ["表", "行（科目）", "列", "数值或原文", "位置"] if lang == "zh" else ["table", "row", "column", "value", "where"]
    ref_table = (f"<table><tr>{''.join(f'<th>{h}</th>' for h in head)}</tr>{refs}</table>") if refs else ""
    state = explanation_state(f, lang)
    return (f'<div class="finding {escape(f.severity)}"><strong>{escape(f.rule)} {escape(f.name)}</strong> '
            f'<span class="meta">{escape(SEVERITY[lang][f.severity])} · {escape(state)}</span>'
            f"<p>{escape(f.message)}</p>"
            + (f'<p class="meta">{"依据：" if lang == "zh" else "basis: "}{escape(f.basis)}</p>' if f.basis else "")
            + ref_table + excerpt(lines, f) + page_figures(images, f, lang) + "</div>")


def as_html(reports: list[Report], lang: str = "zh", sources: dict[str, bytes] | None = None) -> str:
    """`sources`: file name -> the submitted bytes (the service; nothing else is read); None: the CLI, whose reports
    name files this process reads."""
    title = "部门决算公开校验报告" if lang == "zh" else "Disclosure check report"
    parts = [f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
             f"<title>{title}</title><style>{_CSS}</style></head><body><h1>{title}</h1>"]
    heads = "".join(f"<th>{escape(h)}</th>" for h in SUMMARY_HEADERS[lang])
    rows = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in summary_row(r, lang)) + "</tr>"
                   for r in reports)
    parts.append(f"<h2>{'汇总' if lang == 'zh' else 'Summary'}</h2><table><tr>{heads}</tr>{rows}</table>")
    for report in reports:
        parts.append(f"<h2>{escape(report.unit or report.file or '')}</h2>")
        if report.reading:
            colon, left, right = ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
            items = "".join(f"<li>{escape(r.item)}{colon}{escape(READING[lang].get(r.status, r.status))}"
                            f"{left}{escape(reading_reason(r.reason, lang))}{right}</li>" for r in report.reading)
            parts.append(f"<p>{'未核对或未全部核对的内容' if lang == 'zh' else 'Not checked, or not fully'}{colon}</p>"
                         f"<ul>{items}</ul>")
        lines = _lines(report, sources)
        pdf = _raw(report, sources, ".pdf")
        images = PageImages(pdf) if pdf else None
        for severity in ("error", "warning", "info"):
            found = [f for f in report.findings if f.severity == severity]
            if found:
                parts.append(f"<h3>{escape(SEVERITY[lang][severity])}（{len(found)}）</h3>")
                parts += [_finding(report, f, lang, lines, images) for f in found]
        if not report.findings:
            parts.append(f"<p>{'未发现问题。' if lang == 'zh' else 'No findings.'}</p>")
    parts.append("</body></html>")
    return "".join(parts)

