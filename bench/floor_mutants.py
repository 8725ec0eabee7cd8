"""Mutants of the floor's agreement documents (issue 19, review W2): small random edits a writer of a disclosure
makes — a figure changed, a direction word swapped, a sentence dropped or a template leftover put in the 情况说明, a
自评表 indicator's 完成值/指标值/原因 or a form's scores and grade changed, a 目录 title, a 行次, a row, a table's header
or a cell changed — so that floor_whole.agreement compares the floor's fail branches (and pass branches) with
rulebook's, not only the verdicts the generated documents happen to reach.

Deterministic (random.Random(seed)) and bounded (n mutants, at most 4·n tries); a mutant the model does not
validate is dropped. Written for session 15's floor (the former /tmp/s15whole/fuzz.py, now committed).

    mutants(texts, n, seed) -> list[bytes]
"""
# ruff: noqa: E701, E702
from __future__ import annotations

import json
import random
import re

VALUES = ["", "0", "≥10次", "8场", "10次", "95%", "约90%", "未完成", "12月底前", "100元", "3个", "≤5%", "≥98%", "98%", "1人", "2人",
          "完成", "有效提升", "≥1000人/年", "900人", "0.5%", "1%", "≥ 3 个", "不低于90%", "85%以上", "2天", "3天"]
NAMES = ["培训场次", "投诉率", "培训人数", "运行成本", "会计监督检查单位", "满意度", "差错率", "办结时长"]
DIR = ["增加", "减少", "增长", "下降", "持平"]
NUM = re.compile(r"\d+(?:\.\d+)?")
def _text(rng, t):
    k = rng.randrange(6)
    if k == 0:
        ms = list(NUM.finditer(t))
        if ms:
            m = rng.choice(ms); v = m.group()
            nv = rng.choice([str(round(float(v) * rng.choice([0, 0.5, 1.01, 2]), rng.choice([0, 1, 2]))), v + "1", "0", v[:-1] or "1"])
            t = t[:m.start()] + nv + t[m.end():]
    elif k == 1:
        for w in DIR:
            if w in t:
                t = t.replace(w, rng.choice(DIR), 1); break
    elif k == 2:
        parts = t.split("。")
        if len(parts) > 2:
            del parts[rng.randrange(len(parts) - 1)]; t = "。".join(parts)
    elif k == 3:
        t = t.replace("原因", "因素", 1) if rng.random() < .5 else t.replace("万元", "元", 1)
    elif k == 4:
        i = rng.randrange(len(t) + 1); t = t[:i] + rng.choice(["XX", "0.123万元", "12.5%", "（款）", "××", "3个项目自评等级为“优”", "涉及资金10.00万元", "绩效自评个数2个", "主要原因是人员增加", "人员经费主要包括办公费、商品和服务支出、工资福利支出；"]) + t[i:]
    else:
        t = t.replace("%", "％", 1) if "%" in t else t
    return t
def _walk(secs):
    for s in secs:
        yield s
        yield from _walk(s.get("subsections") or [])
def mutate(rng, data):
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(16)
        if k >= 10:
            _table(rng, data); continue
        forms = data.get("attachments") or []
        if k <= 2 and forms:
            f = rng.choice(forms)
            ind = f.get("indicators") or []
            if ind and k == 0:
                i = rng.choice(ind)
                field = rng.choice(["actual", "target", "shortfall_reason", "name", "level1"])
                i[field] = (rng.choice(VALUES) if field in ("actual", "target") else rng.choice(["", "原因不详"]) if field == "shortfall_reason"
                            else rng.choice(NAMES) if field == "name" else rng.choice(["产出指标", "效益指标", "满意度指标"]))
            elif k == 1:
                f["conclusion"] = (f.get("conclusion") or "") + rng.choice(NAMES) + rng.choice(["8场", "为12次", "达90%", "5人", "3天"]) + "。"
            else:
                fld = rng.choice(["execution_score", "total_score", "grade", "category"])
                if fld == "grade": f["grade"] = rng.choice([None, "", "优", "良", "中", "差"])
                elif fld == "category":
                    cs = f.setdefault("category_scores", {})
                    c = rng.choice(["产出指标", "效益指标", "满意度指标"])
                    if rng.random() < .3: cs.pop(c, None)
                    else: cs[c] = {"value": rng.choice([None, "50", "30", "10", "49", "29.5", "9"]), "text": "", "source": {"line": None, "page": None}, "label": c}
                else:
                    if rng.random() < .2: f[fld] = None
                    else: f[fld] = {"value": rng.choice([None, "10", "9.5", "8", "100", "92", "85", "70", "50"]), "text": "", "source": {"line": None, "page": None}, "label": fld}
        elif k <= 7:
            secs = list(_walk((data.get("narrative") or {}).get("sections") or []))
            if secs:
                s = rng.choice(secs)
                if s.get("text"):
                    new = _text(rng, s["text"])
                    old = s["text"]
                    s["text"] = new
                    # keep the parents' full text in step
                    for p in secs:
                        if p is not s and old in (p.get("text") or ""):
                            p["text"] = p["text"].replace(old, new, 1)
        elif rng.random() < 0.6:
            j = rng.randrange(7)
            if j == 0 and data.get("toc"):
                e = rng.choice(data["toc"]); e["title"] = rng.choice([e["title"] + "补充", e["title"][:2], "第五部分 附件", "其他说明", e["title"][::-1]])
            elif j == 1:
                secs = (data.get("narrative") or {}).get("sections") or []
                if secs: del secs[rng.randrange(len(secs))]
            elif j == 2:
                t = rng.choice(list(data["tables"].values()))
                if t["rows"]:
                    r = rng.choice(t["rows"]); r["line_no"] = rng.choice([None, "1", "7", str(rng.randint(1, 40))])
            elif j == 3:
                t = rng.choice(list(data["tables"].values()))
                if t["rows"]: del t["rows"][rng.randrange(len(t["rows"]))]
            elif j == 5:
                t = rng.choice(list(data["tables"].values()))
                f = rng.choice(["number", "title", "部门名称", "年度", "金额单位", "单位名称"])
                if f in ("number", "title"): t[f] = rng.choice([None, "", " ", "公开05表", "收入决算表"])
                else:
                    h = t.setdefault("header", {})
                    if rng.random() < .5: h.pop(f, None)
                    else: h[f] = rng.choice(["", "阳泉市财政局", "2024年度", "万元"])
            elif j == 6:
                t = rng.choice(list(data["tables"].values()))
                if t["rows"]:
                    r = rng.choice(t["rows"]); cs = [c for c in r["cells"].values() if c.get("value")]
                    if cs: c = rng.choice(cs); c["value"] = c["text"] = "-" + c["value"].lstrip("-")
            else:
                t = rng.choice(list(data["tables"].values()))
                if t["rows"]:
                    r = rng.choice(t["rows"]); r["label"] = rng.choice([r["label"] + "费", "其他支出", "工资福利支出", "XX", r["label"][:2]])
        else:
            t = data["tables"].get(rng.choice(["公开05", "公开01", "公开02", "公开06"]))
            if t and t["rows"]:
                r = rng.choice(t["rows"])
                cells = [c for c in r["cells"].values() if c.get("value")]
                if cells:
                    c = rng.choice(cells); c["value"] = c["text"] = rng.choice(["0", "0.00", f'{float(c["value"]) + rng.choice([0.01, -0.01, 1, 100]):.2f}'])
    return data


def _table(rng, data):
    """A table-level edit: a table dropped, a header element or title blanked, a cell changed in any table, a coded
    row repeated, a 类's lower rows dropped, the 概况's 职责 part dropped."""
    tables = data["tables"]
    j = rng.randrange(8)
    if j == 0 and tables:
        del tables[rng.choice(sorted(tables))]
    elif j == 1 and tables:
        t = tables[rng.choice(sorted(tables))]
        f = rng.choice(["number", "title", "部门名称", "年度", "金额单位"])
        if f in ("number", "title"): t[f] = rng.choice([None, ""])
        else: (t.get("header") or {}).pop(f, None)
    elif j in (2, 6, 7) and tables:
        t = tables[rng.choice(sorted(tables))]
        cells = [c for r in t["rows"] for c in r["cells"].values() if c.get("value")]
        if cells:
            c = rng.choice(cells)
            c["value"] = c["text"] = f'{float(c["value"]) + rng.choice([0.01, -0.01, 1, -1, 100]):.2f}'
    elif j == 3 and tables:
        t = tables[rng.choice(sorted(tables))]
        coded = [r for r in t["rows"] if r.get("code")]
        if coded: t["rows"].append(json.loads(json.dumps(rng.choice(coded))))
    elif j == 4 and tables:
        t = tables[rng.choice(sorted(tables))]
        top = [r["code"] for r in t["rows"] if r.get("code") and len(r["code"]) == 3]
        if top:
            head = rng.choice(top)
            t["rows"] = [r for r in t["rows"] if not (r.get("code") or "").startswith(head) or r["code"] == head]
    else:
        parts = (data.get("narrative") or {}).get("overview") or []
        if parts: del parts[rng.randrange(len(parts))]


def mutants(texts: list[bytes], n: int, seed: int = 1) -> list[bytes]:
    """`n` mutants of `texts` (each of 1–4 edits of a document drawn from them), the same for the same arguments."""
    from pydantic import ValidationError

    from engine.model import Disclosure

    rng = random.Random(seed)
    out: list[bytes] = []
    for _ in range(4 * n):
        if len(out) >= n or not texts:
            break
        text = json.dumps(mutate(rng, json.loads(rng.choice(texts))), ensure_ascii=False).encode()
        try:
            Disclosure.model_validate_json(text)
        except ValidationError:
            continue
        out.append(text)
    return out


def probes(text: bytes) -> list[bytes]:
    """Targeted edits of one document, each alone, so that rules a random edit seldom reaches are compared on a
    failing document too: each part of the 情况说明 and 概况 dropped, the 名词解释 emptied, every table's first 类's
    lower rows dropped, its title and number blanked and each header element dropped, and each amount of its first
    two and last rows and of its 类 rows moved by 1."""
    from pydantic import ValidationError

    from engine.model import Disclosure

    base = json.loads(text)
    out: list[bytes] = []

    def edited(edit) -> None:
        data = json.loads(text)
        edit(data)
        made = json.dumps(data, ensure_ascii=False).encode()
        try:
            Disclosure.model_validate_json(made)
        except ValidationError:
            return
        out.append(made)

    narrative = base.get("narrative") or {}
    for part in ("sections", "overview"):
        for i in range(len(narrative.get(part) or ())):
            edited(lambda d, part=part, i=i: d["narrative"][part].pop(i))
    if narrative.get("glossary"):
        edited(lambda d: d["narrative"].__setitem__("glossary", []))
    for tid, table in base["tables"].items():
        top = next((r["code"] for r in table["rows"] if len(r.get("code") or "") == 3), None)
        if top is not None:  # the first 类's lower rows dropped
            edited(lambda d, tid=tid, top=top: d["tables"][tid].__setitem__("rows", [
                r for r in d["tables"][tid]["rows"] if not (r.get("code") or "").startswith(top) or r["code"] == top]))
        for field in ("title", "number"):
            edited(lambda d, tid=tid, field=field: d["tables"][tid].__setitem__(field, ""))
        for element in (table.get("header") or {}):
            edited(lambda d, tid=tid, element=element: d["tables"][tid]["header"].pop(element))
        rows = table["rows"]
        picked = {0, 1, len(rows) - 1} | {i for i, r in enumerate(rows) if len(r.get("code") or "") == 3}
        for i in sorted(j for j in picked if 0 <= j < len(rows)):
            for col, cell in rows[i]["cells"].items():
                if cell.get("value"):
                    def move(d, tid=tid, i=i, col=col):
                        c = d["tables"][tid]["rows"][i]["cells"][col]
                        c["value"] = c["text"] = f'{float(c["value"]) + 1:.2f}'
                    edited(move)
    return out
