"""Printed → an HTML page as websites publish a disclosure: tables as <table>, other lines as paragraphs."""
from __future__ import annotations

from html import escape

from engine.render.printed import Printed


def write_html(printed: Printed) -> bytes:
    out = ['<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>部门决算公开</title></head><body>']
    for page in printed.pages:
        out.append('<div class="page">')
        for kind, rows in printed.blocks(page):
            if kind == "para":
                out.append(f"<p>{escape(rows[0][0].strip())}</p>")
            elif kind == "table":
                out.append('<table border="1">')
                for cells in rows:
                    out.append("<tr>" + "".join(f"<td>{escape(c.strip())}</td>" for c in cells) + "</tr>")
                out.append("</table>")
        out.append("</div>")
    out.append("</body></html>\n")
    return "\n".join(out).encode("utf-8")
