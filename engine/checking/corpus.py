"""The truth corpus: answer keys written by reading real disclosures, matched against the findings of a check.

A key (samples/truth/*.key.json, described in samples/truth/README.md) lists the defects a careful reader found,
the traps where a finding would be false (`not_defects`) and what the reader could not decide (`uncertain`). Each
entry carries a `match` block. A finding matches an entry when

  1. its rule or its kind fits: the finding's rule id starts with one of `rules` (catalogue ids such as "N06"
     match "N06", "N06a", "N06b" but not "N061"), or the kind of its category (KIND_OF_CATEGORY) is one of `kinds`;
     an entry with neither accepts any rule; and
  2. every anchor the entry gives holds, each as "any of": `numbers` (a figure the finding rests on: a cell value,
     the difference, or a figure in the element, compared as Decimal so 2014.4 == 2014.40), `tables` (a ref's
     table), `labels` (a substring of a ref's row, label, column or printed text, of the element, or of the rule's name:
     "公开表齐全：公开03 支出决算表" names its table), `lines` (a
     ref's text line), `pages` (a ref's page).
The message text is never read: wording may change, the place and the rule do not.

Per document and severity: precision = true findings / findings, recall = must-report defects found at their
severity / must-report defects. A finding is true when it matches a defect of the same severity (info-rounding
counts as info); it is false when it matches a defect at another severity, a not_defect, nothing in the key, or
repeats an earlier finding (same rule, element and figures); a finding that matches only an `uncertain` entry
counts neither way. Findings that say a rule could not be checked (status not_checkable/error) are counted apart.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from engine.checking.findings import Finding, Report

SEVERITIES = ("error", "warning", "info")

# A finding's kind, from its rule's category. A new category maps here (or is its own kind) so keys need not
# know rule ids that do not exist yet.
KIND_OF_CATEGORY = {
    "完整性": "completeness", "表内平衡": "table-internal", "科目层级": "hierarchy", "表间一致": "cross-table",
    "文表一致": "narrative-vs-table", "情况说明": "narrative", "同比": "yoy", "三公": "sangong", "绩效": "performance",
    "格式": "format", "百分比": "percentage", "方向词": "direction", "模板残留": "template-leftover",
    "表头": "heading", "名称年度": "heading", "科目名称": "code-name", "编码名称": "code-name", "零基数": "zero-base",
    "部分与整体": "part-whole",
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_PAGE = re.compile(r"第(\d+)页")
_RULE_STEM = re.compile(r"^[A-Za-z]+\d+")


def severity_of(entry: dict) -> str:
    sev = entry.get("severity", "info")
    return "info" if sev.startswith("info") else sev


def _dec(text) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", "").rstrip("%"))
    except (InvalidOperation, ValueError):
        return None


def finding_numbers(f: Finding) -> set[Decimal]:
    out = {r.value for r in f.refs if r.value is not None}
    if f.difference is not None:
        out.add(f.difference)
    for text in [f.element or ""] + [r.text or "" for r in f.refs]:
        out.update(d for d in map(_dec, _NUMBER.findall(text)) if d is not None)
    return out


def _rule_fits(rule_id: str, stems: list[str]) -> bool:
    for stem in stems:
        if rule_id.startswith(stem) and not rule_id[len(stem):len(stem) + 1].isdigit():
            return True
    return False


def matches(f: Finding, match: dict | None) -> bool:
    """True when finding `f` is the one key entry `match` describes (see the module docstring)."""
    if not match:
        return False
    rules, kinds = match.get("rules") or [], match.get("kinds") or []
    if rules or kinds:
        kind = KIND_OF_CATEGORY.get(f.category, f.category)
        if not (_rule_fits(f.rule, rules) or kind in kinds):
            return False
    if "numbers" in match:
        have = finding_numbers(f)
        if not any(_dec(n) in have for n in match["numbers"]):
            return False
    if "tables" in match and not any(r.table in match["tables"] for r in f.refs):
        return False
    if "labels" in match:
        texts = [f.name, f.element or ""] + [t for r in f.refs for t in (r.row, r.label, r.column, r.text) if t]
        if not any(label in t for label in match["labels"] for t in texts):
            return False
    if "lines" in match and not any(r.line in match["lines"] for r in f.refs):
        return False
    if "pages" in match:
        pages = {int(m.group(1)) for r in f.refs if r.source for m in [_PAGE.search(r.source)] if m}
        if not pages & set(match["pages"]):
            return False
    return True


@dataclass
class Verdict:
    finding: Finding
    outcome: str  # true | wrong-severity | trap | unmatched | duplicate | uncertain
    entry: str | None = None  # the key entry's id or text


@dataclass
class DocumentScore:
    name: str
    verdicts: list[Verdict] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)  # must-report defects not found at their severity
    found: dict[str, set] = field(default_factory=dict)  # severity -> ids found at that severity
    must: dict[str, list] = field(default_factory=dict)  # severity -> must-report ids
    not_checkable: int = 0

    def precision(self, sev: str) -> float:
        counted = [v for v in self.verdicts if v.finding.severity == sev and v.outcome != "uncertain"]
        return 1.0 if not counted else sum(v.outcome == "true" for v in counted) / len(counted)

    def recall(self, sev: str) -> float:
        must = self.must.get(sev, [])
        return 1.0 if not must else sum(i in self.found.get(sev, set()) for i in must) / len(must)

    def counts(self, sev: str) -> dict:
        mine = [v for v in self.verdicts if v.finding.severity == sev]
        return {"findings": len(mine), "true": sum(v.outcome == "true" for v in mine),
                "must": len(self.must.get(sev, [])), "found": sum(i in self.found.get(sev, set())
                                                                for i in self.must.get(sev, []))}

    def as_dict(self) -> dict:
        return {sev: {"precision": round(self.precision(sev), 4), "recall": round(self.recall(sev), 4)}
                for sev in SEVERITIES}


def _signature(f: Finding) -> tuple:
    return (f.rule, f.element, tuple(sorted(str(n) for n in finding_numbers(f))),
            tuple((r.table, r.row, r.column, r.line) for r in f.refs))


def score(report: Report, key: dict, name: str) -> DocumentScore:
    """Each finding of `report` judged against `key`, and the key's must-report defects found or missed."""
    out = DocumentScore(name=name)
    defects = key.get("defects", [])
    for d in defects:
        if d.get("must_report"):
            out.must.setdefault(severity_of(d), []).append(d["id"])
    seen: set[tuple] = set()
    for f in report.findings:
        if f.status in ("not_checkable", "error"):
            out.not_checkable += 1
            continue
        sig = _signature(f)
        if sig in seen:
            out.verdicts.append(Verdict(f, "duplicate"))
            continue
        seen.add(sig)
        hits = [d for d in defects if matches(f, d.get("match"))]
        same = [d for d in hits if severity_of(d) == f.severity]
        if same:  # prefer a defect not found yet, so two findings are not both credited to one defect
            done = out.found.get(f.severity, set())
            pick = next((d for d in same if d["id"] not in done), same[0])
            out.found.setdefault(f.severity, set()).add(pick["id"])
            out.verdicts.append(Verdict(f, "true", pick["id"]))
        elif hits:
            out.verdicts.append(Verdict(f, "wrong-severity", hits[0]["id"]))
        elif trap := next((n for n in key.get("not_defects", []) if matches(f, n.get("match"))), None):
            out.verdicts.append(Verdict(f, "trap", trap.get("text", "")[:60]))
        elif unsure := next((u for u in key.get("uncertain", []) if matches(f, u.get("match"))), None):
            out.verdicts.append(Verdict(f, "uncertain", unsure.get("text", "")[:60]))
        else:
            out.verdicts.append(Verdict(f, "unmatched"))
    for d in defects:
        if d.get("must_report") and d["id"] not in out.found.get(severity_of(d), set()):
            out.missed.append(d)
    return out


def keys_in(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.key.json"))


def document_of(key_path: Path, key: dict) -> Path:
    """The document a key describes: `document` relative to the key (a copy in the repository), else `source`."""
    for field_name in ("document", "source"):
        if key.get(field_name):
            path = (key_path.parent / key[field_name]).resolve()
            if path.exists():
                return path
    raise FileNotFoundError(f"{key_path.name}：找不到所描述的文件（document/source）")


def name_of(key_path: Path) -> str:
    return key_path.name.removesuffix(".key.json")


def run_corpus(directory: Path, book, *, check_document=None) -> list[DocumentScore]:
    """Checks every document that has a key in `directory` and scores it. `check_document(path)` -> Report."""
    from engine.checking.check import check
    from engine.importers import load_disclosure

    scores = []
    for key_path in keys_in(directory):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        path = document_of(key_path, key)
        # the document, then its derived forms (`forms`: the same disclosure as normalised JSON, …): one key
        for form, name in [(path, name_of(key_path))] + [
                ((key_path.parent / f).resolve(), f"{name_of(key_path)} ({Path(f).suffix.lstrip('.')})")
                for f in key.get("forms", [])]:
            if not form.exists():
                raise FileNotFoundError(f"{key_path.name}：找不到 forms 所列文件 {form}")
            report = check_document(form) if check_document else check(load_disclosure(form), book, file=form.name)
            scores.append(score(report, key, name))
    return scores


def as_table(scores: list[DocumentScore]) -> dict:
    return {s.name: s.as_dict() for s in scores}


def below(scores: list[DocumentScore], baseline: dict) -> list[str]:
    """Every (document, severity, measure) that fell below the recorded baseline."""
    out = []
    for s in scores:
        for sev, measured in s.as_dict().items():
            for measure, value in measured.items():
                floor = baseline.get(s.name, {}).get(sev, {}).get(measure)
                if floor is not None and value + 1e-9 < floor:
                    out.append(f"{s.name} {sev} {measure} {value:.4f} < {floor:.4f}")
    return out


def render(scores: list[DocumentScore], lang: str = "zh", verbose: bool = False) -> str:
    heads = {"zh": ("文件", "级别", "发现", "正确", "精确率", "应报", "报出", "召回率"),
             "en": ("document", "severity", "findings", "true", "precision", "must", "found", "recall")}[lang]
    sev_name = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}, "en": {s: s for s in SEVERITIES}}[lang]
    rows = []
    for s in scores:
        for sev in SEVERITIES:
            c = s.counts(sev)
            rows.append([s.name, sev_name[sev], str(c["findings"]), str(c["true"]), f"{s.precision(sev):.2f}",
                         str(c["must"]), str(c["found"]), f"{s.recall(sev):.2f}"])
    from engine.cli.columns import aligned

    lines = [aligned(rows, list(heads))]
    if verbose:
        for s in scores:
            wrong = [v for v in s.verdicts if v.outcome not in ("true", "uncertain")]
            if wrong or s.missed:
                lines.append(f"\n{s.name}:")
            for v in wrong:
                f = v.finding
                lines.append(f"  ✗ {v.outcome:14} {f.severity:7} {f.rule:7} {f.element or ''} {v.entry or ''}")
            for d in s.missed:
                lines.append(f"  ○ 未报 {severity_of(d):7} {d['id']:9} {d.get('where', '')}")
    return "\n".join(lines)
