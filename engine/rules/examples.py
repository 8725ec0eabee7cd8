"""The one runner for rule examples, shared by `rulebook test` and pytest."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from engine.labels import normalise
from engine.model import Cell, Disclosure, FormField
from engine.resources import data_dir
from engine.rules.loader import Rule

EXPECT = {"通过": "pass", "pass": "pass", "不通过": "fail", "fail": "fail", "尾数差异": "rounding",
          "rounding": "rounding", "不可核": "not_checkable", "not_checkable": "not_checkable",
          "不适用": "not_applicable", "not_applicable": "not_applicable", "错误": "error", "error": "error"}
EXAMPLE_KEYS = {"名称": "name", "name": "name", "样本": "sample", "sample": "sample", "修改": "set", "set": "set",
                "删除表": "drop", "drop_tables": "drop", "替换文本": "replace", "replace_text": "replace",
                "替换指标": "indicator", "set_indicator": "indicator", "上年": "previous", "previous": "previous",
                "期望": "expect", "expect": "expect", "元素": "elements", "elements": "elements",
                "科目表": "subject_codes", "subject_codes": "subject_codes"}


class ExampleError(Exception):
    """An example that cannot be set up (unknown sample, cell or section): a rulebook error, not a failure."""


@dataclass
class CaseResult:
    rule: str
    case: str
    ok: bool
    expected: str
    actual: str
    detail: str = ""


@lru_cache(maxsize=16)
def _load_sample(path: Path) -> Disclosure:
    from engine.importers import DisclosureError, load_disclosure

    try:
        return load_disclosure(path)
    except DisclosureError as exc:
        raise ExampleError(f"示例样本「{path.name}」无法读取：{exc.message('zh')}") from None


def _sample_path(rule: Rule, name: str) -> Path:
    """A sample shipped with the rulebook (its folder) or with rulebook (samples/), named relative to it. Nothing
    else on the machine: an example sent over HTTP must not read, probe or name a server file (issue 15 #4)."""
    from engine.limits import MAX_FILE_BYTES

    shown = name if len(name) <= 80 else name[:80] + "…"
    relative = Path(name)
    if not name.strip() or relative.is_absolute() or ".." in relative.parts or "\x00" in name:
        raise ExampleError(f"示例样本「{shown}」应为规则库目录或随附样本目录中的文件名")
    for folder in (rule.file.parent, data_dir("samples")):
        try:
            candidate = _inside(folder, name)
        except LookupError:
            continue
        if candidate.stat().st_size <= MAX_FILE_BYTES:
            return candidate
    raise ExampleError(f"找不到示例样本「{shown}」（应在规则库目录或随附样本目录中）")


@lru_cache(maxsize=1024)
def _inside(folder: Path, name: str) -> Path:
    """The file `name` names inside `folder` (links resolved); LookupError when there is none. Hundreds of examples
    name a few samples, and resolving their paths was a third of `rulebook lint`: a found file is remembered (an
    exception is not cached, so a file added later is still found)."""
    root = folder.resolve()
    candidate = (root / name).resolve()
    if root in candidate.parents and candidate.is_file():
        return candidate
    raise LookupError(name)


def _inline_sample(data: dict) -> Disclosure:
    """`样本:` given as the document itself (normalised JSON as YAML/JSON mapping)."""
    from pydantic import ValidationError

    from engine.limits import oversize

    try:
        doc = Disclosure.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ExampleError(f"示例中的内联样本不是有效的规范化公开数据：{where}：{first['msg']}") from None
    over = oversize(doc)
    if over is not None:
        raise ExampleError(f"示例中的内联样本超出处理上限：{over[0]}")
    return doc


def _printed(value: object) -> Cell:
    text = "" if value is None else str(value).strip()
    if text == "":
        return Cell(kind="blank")
    if text in ("——", "—", "-", "--"):
        return Cell(kind="na", text=text)
    try:
        return Cell(kind="number", value=Decimal(text.replace(",", "")), text=text)
    except InvalidOperation:
        return Cell(kind="text", text=text)


# The plain form most examples use (公开05[2010602].项目支出): read without the rule language's parser, whose
# grammar costs a `rulebook test T11` a third of its time to load. Anything else (quotes, 「」) goes to the parser.
_PLAIN = re.compile(r"([^\W\d]\w*)((?:\[[0-9]+\]|\.[^\W\d]\w*)*)")  # a [key] is a code: digits only
_PLAIN_PART = re.compile(r"\[([0-9]+)\]|\.(\w+)")


def _address(text: str):
    """`公开05[2010602].项目支出` -> (table, row, column) as the rule language reads it."""
    plain = _PLAIN.fullmatch(text)
    if plain:
        return plain.group(1), [key or member for key, member in _PLAIN_PART.findall(plain.group(2))]
    from engine.language import nodes as n
    from engine.language.syntax import parse

    node = parse(text)
    parts: list[tuple[str, object]] = []
    while isinstance(node, (n.Member, n.Index)):
        if isinstance(node, n.Member):
            parts.append(("member", node.name))
        else:
            if not isinstance(node.selector, n.Key):
                raise ExampleError(f"示例地址「{text}」须指向单个单元格")
            parts.append(("key", node.selector.text))
        node = node.obj
    if not isinstance(node, n.Name):
        raise ExampleError(f"示例地址「{text}」无法识别")
    return node.name, [p for _, p in reversed(parts)]


def _set_form_field(draft: _Draft, address: str, parts: list, value: object) -> None:
    """`自评表[2].总分`: the field as the rule language names it (engine/language/resolve.py FORM_FIELDS)."""
    from engine.language.resolve import FORM_FIELDS, ResolveError, form_field

    try:
        if len(parts) != 2 or not str(parts[0]).isdigit():
            raise ResolveError("E210")
        path, kind = form_field(str(parts[1]))
    except ResolveError:
        raise ExampleError(f"示例地址「{address}」应为 自评表[序号].{'/'.join(FORM_FIELDS)}") from None
    index = int(parts[0]) - 1
    if not 0 <= index < len(draft.doc.attachments):
        raise ExampleError(f"样本中没有第{parts[0]}张自评表")
    form = draft.form(index)
    if kind == "indicators":
        raise ExampleError(f"示例地址「{address}」是绩效指标行：请用「替换指标」[表序号, 指标名称, 字段, 新值]")
    if kind == "text":
        setattr(form, path, str(value))
        return
    cell = _printed(value)
    new = FormField(label=str(parts[1]), value=cell.value, text=cell.text)
    if path.startswith("category:"):
        form.category_scores[path.split(":", 1)[1]] = new
    elif kind == "fund":
        if getattr(form, path) is None:
            raise ExampleError(f"第{parts[0]}张自评表没有「{parts[1]}」")
        setattr(form, path, getattr(form, path).model_copy(update={"total": new}))  # shared with the sample
    else:
        setattr(form, path, new)


def _set_cell(draft: _Draft, address: str, value: object) -> None:
    head, parts = _address(address)
    if head == "自评表":
        _set_form_field(draft, address, parts, value)
        return
    table = draft.doc.tables.get(head)
    if table is None or not parts:
        raise ExampleError(f"样本中没有表「{head}」")
    row = table.row(str(parts[0]))
    if row is None:
        raise ExampleError(f"{head} 中没有行「{parts[0]}」")
    column = table.main_column(row) if len(parts) == 1 else normalise(str(parts[1]))
    if column not in {c.key for c in table.columns_of(row.side)}:
        raise ExampleError(f"{head} 中没有列「{parts[1] if len(parts) > 1 else column}」")
    old = row.cells.get(column)
    new = _printed(value)
    if old is not None:
        new.source = old.source
    draft.row(draft.table(head), row).cells[column] = new


def _set_indicator(draft: _Draft, item: object) -> None:
    """[表序号, 指标名称, 字段, 新值]: one 绩效指标 cell, the field named as in the rule language (i.完成值)."""
    from engine.language.resolve import INDICATOR_FIELDS, ResolveError, indicator_field

    if not isinstance(item, (list, tuple)) or len(item) != 4 or not str(item[0]).isdigit():
        raise ExampleError("「替换指标」每项应为 [自评表序号, 指标名称, 字段, 新值]")
    number, name, field, value = item
    if not 0 < int(number) <= len(draft.doc.attachments):
        raise ExampleError(f"样本中没有第{number}张自评表")
    try:
        attr = indicator_field(str(field))
    except ResolveError:
        raise ExampleError(f"指标字段「{field}」应为 {'/'.join(INDICATOR_FIELDS)}") from None
    form = draft.form(int(number) - 1)
    found = [n for n, i in enumerate(form.indicators) if normalise(i.name) == normalise(str(name))]
    if not found:
        raise ExampleError(f"第{number}张自评表中没有指标「{name}」")
    # the indicator is shared with the sample: replaced by a changed copy
    form.indicators[found[0]] = form.indicators[found[0]].model_copy(update={attr: "" if value is None else str(value)})


def _section(draft: _Draft, path: str):
    parts = path.split(".")
    if parts[0] not in ("情况说明", "概况", "名词解释"):
        raise ExampleError(f"文本位置「{path}」应以 情况说明/概况/名词解释（或 封面、目录、公开NN.表注）开头")
    if len(parts) == 1:
        raise ExampleError(f"文本位置「{path}」缺少章节号")
    section = draft.section(parts[0], parts[1:])
    if section is None:
        raise ExampleError(f"样本中没有「{path}」")
    return section


def _replace(section, old: str, new: str) -> bool:
    """Replaces in the section and in every part of it (a part's words are also in its section's full text)."""
    found = old in section.text
    section.text = section.text.replace(old, new)
    return any([_replace(sub, old, new) for sub in section.subsections]) or found


_LINES = ("封面", "目录")
_NOTES = "表注"  # 公开07.表注: the notes printed under a table


def _lines_of(draft: _Draft, where: str) -> list | None:
    """The printed lines 替换文本 edits one by one: 封面, 目录, or a table's notes; None for a narrative section."""
    if where in _LINES:
        return draft.lines(where)
    table, _, part = where.rpartition(".")
    if part != _NOTES:
        return None
    if table not in draft.doc.tables:
        raise ExampleError(f"样本中没有表「{table}」")
    return draft.table(table).notes


def _replace_lines(lines: list, old: str, new: str, where: str) -> None:
    found = False
    for line in lines:
        attr = "text" if hasattr(line, "text") else "title"
        if old in getattr(line, attr):
            setattr(line, attr, getattr(line, attr).replace(old, new))
            found = True
    if not found:
        raise ExampleError(f"「{where}」中找不到原文「{old}」")


class _Draft:
    """The sample with copy-on-write edits: only the parts an example changes are copied, the rest is shared with the
    cached sample (a deep copy of the whole sample per example was ~97% of `rulebook lint`). Nothing shared is
    ever mutated: each edit first copies the table/row/form/text it touches."""

    def __init__(self, sample: Disclosure) -> None:
        self.doc = sample.model_copy()
        self._mine: set[int] = set()  # ids of the objects this draft owns (copied, safe to change)
        self._kept: list = []  # … kept alive with the draft, so no id is reused by another object

    def _own(self, obj):
        self._mine.add(id(obj))
        self._kept.append(obj)
        return obj

    def tables(self) -> dict:
        if id(self.doc.tables) not in self._mine:
            self.doc.tables = self._own(dict(self.doc.tables))
        return self.doc.tables

    def table(self, table_id: str):
        tables = self.tables()
        table = tables.get(table_id)
        if table is not None and id(table) not in self._mine:
            table = tables[table_id] = self._own(table.model_copy())
            table.rows = list(table.rows)
            table.notes = [note.model_copy() for note in table.notes]
        return table

    def row(self, table, row):
        """`row` of an owned table, copied with its cells dict before a cell is replaced."""
        if id(row) in self._mine:
            return row
        index = next(i for i, r in enumerate(table.rows) if r is row)
        copy = table.rows[index] = self._own(row.model_copy())
        copy.cells = dict(row.cells)
        return copy

    def form(self, index: int):
        if id(self.doc.attachments) not in self._mine:
            self.doc.attachments = self._own(list(self.doc.attachments))
        form = self.doc.attachments[index]
        if id(form) not in self._mine:  # shallow: an edit replaces a field, an indicator or a score, never changes one
            form = self.doc.attachments[index] = self._own(form.model_copy())
            form.indicators = list(form.indicators)
            form.category_scores = dict(form.category_scores)
        return form

    def section(self, part: str, numbers: list[str]):
        """情况说明.五.三: the section copied with its parts (the edit replaces in all of them), the sections above
        it copied shallowly; None when the sample has no such section."""
        if id(self.doc.narrative) not in self._mine:
            self.doc.narrative = self._own(self.doc.narrative.model_copy())
        holder, attr = self.doc.narrative, {"情况说明": "sections", "概况": "overview", "名词解释": "glossary"}[part]
        section = None
        for depth, number in enumerate(numbers):
            pool = getattr(holder, attr)
            if id(pool) not in self._mine:
                pool = self._own(list(pool))
                setattr(holder, attr, pool)
            index = next((i for i, s in enumerate(pool) if s.number == number), None)
            if index is None:
                return None
            section = pool[index]
            if id(section) not in self._mine:
                last = depth == len(numbers) - 1
                section = pool[index] = self._own(section.model_copy(deep=last))
                if last:
                    self._own_all(section)
            holder, attr = section, "subsections"
        return section

    def _own_all(self, section) -> None:
        for sub in section.subsections:
            self._own(sub)
            self._own_all(sub)
        self._own(section.subsections)

    def lines(self, name: str) -> list:
        """封面 / 目录: the printed lines, each copied."""
        attr = {"封面": "cover", "目录": "toc"}[name]
        if id(getattr(self.doc, attr)) not in self._mine:
            setattr(self.doc, attr, self._own([line.model_copy() for line in getattr(self.doc, attr)]))
        return getattr(self.doc, attr)


def build_document(rule: Rule, example: dict) -> Disclosure:
    sample = example.get("sample")
    if not sample:
        raise ExampleError("示例缺少「样本」")
    if isinstance(sample, dict):
        draft = _Draft(_inline_sample(sample))
    else:
        draft = _Draft(_load_sample(_sample_path(rule, str(sample))))
    doc = draft.doc
    for table in example.get("drop") or []:
        draft.tables().pop(str(table), None)
    for address, value in (example.get("set") or {}).items():
        _set_cell(draft, str(address), value)
    for item in example.get("indicator") or []:
        _set_indicator(draft, item)
    for item in example.get("replace") or []:
        if not isinstance(item, (list, tuple)) or len(item) != 3:
            raise ExampleError("「替换文本」每项应为 [章节, 原文, 新文]")
        lines = _lines_of(draft, str(item[0]))
        if lines is not None:  # 封面 / 目录 / 表注: replace in each printed line
            _replace_lines(lines, str(item[1]), str(item[2]), str(item[0]))
            continue
        section = _section(draft, str(item[0]))
        # already replaced through the section holding this part is fine: the words are in one place twice
        if not _replace(section, str(item[1]), str(item[2])) and str(item[2]) not in section.text:
            raise ExampleError(f"「{item[0]}」中找不到原文「{item[1]}」")
    if example.get("previous"):  # last year's disclosure beside this one (上年公开01 …)
        from engine.checking.previous import PreviousError, with_previous

        try:
            doc = with_previous(doc, _load_sample(_sample_path(rule, str(example["previous"]))))
        except PreviousError as exc:
            raise ExampleError(exc.zh) from None
    return doc


def outcome(rule: Rule, doc: Disclosure) -> tuple[str, list[str]]:
    """The rule's outcome on a document, and the elements that failed."""
    from engine.checking.check import applies  # here: `rulebook lint` builds examples without running them

    applicable = applies(rule, doc)
    if applicable is False:
        return "not_applicable", []
    if applicable is None:
        return "not_checkable", []
    result = rule.compiled.run(doc, tolerance=rule.tolerance)
    failed = [v.element or "" for v in result.violations if v.status == "fail"]
    return result.status, failed


def normalise_example(raw: dict) -> dict:
    out = {}
    for key, value in (raw or {}).items():
        canon = EXAMPLE_KEYS.get(str(key))
        if canon is None:
            raise ExampleError(f"示例中的键「{key}」无法识别（可用：{'、'.join(k for k in EXAMPLE_KEYS if not k.isascii())}）")
        out[canon] = value
    return out


def run_example(rule: Rule, raw: dict, index: int) -> CaseResult:
    name = str((raw or {}).get("名称") or (raw or {}).get("name") or f"示例{index + 1}")
    try:
        example = normalise_example(raw)
        expected = EXPECT.get(str(example.get("expect", "")).strip())
        if expected is None:
            raise ExampleError(f"「期望」应为 {'/'.join(k for k in EXPECT if not k.isascii())}")
        doc = build_document(rule, example)
    except ExampleError as exc:
        return CaseResult(rule.id, name, False, "?", "示例无法运行", str(exc))
    codes_file = example.get("subject_codes")
    if codes_file:  # an official 科目 list for this example (H05c), as RULEBOOK_SUBJECT_CODES gives one to a check
        from engine.functions.codes import using_list
        try:
            path = _sample_path(rule, str(codes_file))
        except ExampleError:
            return CaseResult(rule.id, name, False, expected, "示例无法运行", f"找不到科目表「{codes_file}」")
        with using_list(path):
            actual, failed = outcome(rule, doc)
    else:
        actual, failed = outcome(rule, doc)
    ok = actual == expected
    detail = ""
    wanted = [str(e) for e in example.get("elements") or []]
    if ok and wanted:
        found = {f.split(" ")[0] for f in failed} | set(failed)
        missing = [w for w in wanted if w not in found]
        extra = [f for f in failed if f.split(" ")[0] not in wanted and f not in wanted]
        if missing or extra:
            ok = False
            detail = f"期望失败元素 {wanted}，实际 {failed}"
    elif not ok:
        detail = f"失败元素：{failed}" if failed else ""
    return CaseResult(rule.id, name, ok, expected, actual, detail)


def run_rule_examples(rule: Rule) -> list[CaseResult]:
    return [run_example(rule, raw, i) for i, raw in enumerate(rule.examples)]
