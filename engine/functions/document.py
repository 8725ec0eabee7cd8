"""Document-structure built-ins: 目录缺项/目录错序, 行次断号/栏次断号, 年份, 决算称谓, 包含, 占位符, 表注, 无数据, 表头,
下级; and the named parts 封面, 目录, 公开表. Lists are of entries or gaps, each with its printed line."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from engine.functions import structure
from engine.functions import text as text_scan
from engine.functions.registry import DocumentName, Function
from engine.language import nodes as n
from engine.language import resolve
from engine.language.compiler.base import Compiler
from engine.language.compiler.calls import argument
from engine.language.numbers import Amount
from engine.language.printer import to_text
from engine.language.runtime import FALSE, TRUE, CellRef, Check, Ctx, Item, TableView, Truth, children
from engine.language.types import BOOL, NUM, TEXT, CompiledNode, Fn, StaticType, kind_zh
from engine.model import Table
from engine.functions.items import cite

_ITEMS = StaticType("items")


def _text_arg(compiler: Compiler, node: n.Call, arg: n.Node) -> Fn:
    """Text, or a 情况说明/概况/名词解释 section or part read as its full text (with its lines)."""
    c = compiler.node(arg)
    if c.type.kind == "section":
        section_fn = c.fn

        def located(ctx: Ctx) -> structure.Located:
            section = section_fn(ctx)
            found: structure.Located = ctx.memo.once(("located", id(section)), section,
                                                     lambda: text_scan.section_located(section))
            return found
        return located
    if c.type.kind == "narrative":  # the whole 情况说明 (概况, 名词解释)
        sections_fn, name = c.fn, compiler.text(arg)

        def all_located(ctx: Ctx) -> structure.Located:
            sections = sections_fn(ctx)
            found: structure.Located = ctx.memo.once(("located", id(sections), name), sections,
                                                     lambda: text_scan.sections_located(sections, name))
            return found
        return all_located
    if c.type.kind != "text":
        raise compiler.fail("E206", arg, what=node.func, expected="文字或情况说明章节", got=kind_zh(c.type.kind))
    return c.fn


def _table_arg(compiler: Compiler, node: n.Call, arg: n.Node) -> Fn:
    """The table's view (its Table is `.table`): a missing table raises NotCheckable, as usual."""
    c = compiler.node(arg)
    if c.type.kind != "table":
        raise compiler.fail("E206", arg, what=node.func, expected="表", got=kind_zh(c.type.kind))
    return c.fn



def _pointed(text_fn: Fn, finder: Callable[[str], tuple[Any, int] | None], missing: Any,
             wrap: Callable[[Any], Any]) -> Fn:
    """年份/决算称谓: what `finder` reads in the text, its words recorded for the finding; `missing` when absent."""
    def run(ctx: Ctx) -> Any:
        value = text_fn(ctx)
        found = finder(value)
        if found is None:
            return missing
        if ctx.refs is not None:
            words = value[found[1]:].split("\n")[0]
            ctx.refs.append(CellRef(None, getattr(value, "name", ""), None, words, None, words,
                                    structure.source_of(value, found[1])))
        return wrap(found[0])
    return run


def _toc(listed: Callable[[Any], tuple[Item, ...]]) -> Callable[[Compiler, n.Call, Function], CompiledNode]:
    def hook(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
        catalogue, name = compiler.catalogue, fn.name

        def toc(ctx: Ctx) -> tuple[Item, ...]:
            doc = ctx.doc
            placed = ctx.memo.once(("toc_place",), doc, lambda: structure.toc_placement(doc, catalogue))  # C02, C02b
            items: tuple[Item, ...] = ctx.memo.once((name,), doc, lambda: listed(placed))
            cite(ctx, items)
            return items
        return CompiledNode(toc, _ITEMS, compiler.text(node))
    return hook


def _gaps(gaps: Callable[[Table], tuple[Item, ...]]) -> Callable[[Compiler, n.Call, Function], CompiledNode]:
    def hook(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
        table_fn, name = _table_arg(compiler, node, node.args[0]), fn.name

        def numbering(ctx: Ctx) -> tuple[Item, ...]:
            table = table_fn(ctx).table
            items: tuple[Item, ...] = ctx.memo.once((name, id(table)), table, lambda: gaps(table))
            cite(ctx, items)
            return items
        return CompiledNode(numbering, _ITEMS, compiler.text(node))
    return hook


def _placeholders(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    text_fn, name = _text_arg(compiler, node, node.args[0]), fn.name

    def leftovers(ctx: Ctx) -> tuple[Item, ...]:
        value = text_fn(ctx)
        items: tuple[Item, ...] = ctx.memo.once((name, id(value)), value, lambda: text_scan.placeholders(value))
        cite(ctx, items)
        return items
    return CompiledNode(leftovers, _ITEMS, compiler.text(node))


def _table_notes(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    notes_fn = _table_arg(compiler, node, node.args[0])
    return CompiledNode(lambda ctx: text_scan.notes_located(notes_fn(ctx).table), TEXT, compiler.text(node))


def _empty_table(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    empty_fn = _table_arg(compiler, node, node.args[0])
    return CompiledNode(lambda ctx: TRUE if text_scan.table_empty(empty_fn(ctx).table) else FALSE, BOOL,
                        compiler.text(node))


def _year(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    blank = Amount(Decimal(0), Decimal(0), "blank")
    return CompiledNode(_pointed(_text_arg(compiler, node, node.args[0]), structure.year_in, blank, Amount.exact), NUM,
                        compiler.text(node))


def _disclosure_kind(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    return CompiledNode(_pointed(_text_arg(compiler, node, node.args[0]), structure.kind_in, "", str), TEXT,
                        compiler.text(node))


def _contains(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    haystack_fn, *word_fns = [_text_arg(compiler, node, arg) for arg in node.args]
    text = compiler.text(node)

    def contains(ctx: Ctx) -> Truth:
        haystack, words = haystack_fn(ctx), [f(ctx) for f in word_fns]
        if any(structure.contains(haystack, w) for w in words):
            return TRUE
        refs: tuple[Any, ...] = ()
        if ctx.refs is not None:
            refs = tuple(CellRef(None, getattr(t, "name", ""), None, str(t).split("\n")[0], None, str(t),
                                 structure.source_of(t, 0)) for t in (haystack, *words))
        return Truth(False, (Check("fail", refs=refs, text=text),))
    return CompiledNode(contains, BOOL, text)


# 表头要素: element name -> how to read it from a Table. 部门名称 and 单位名称 are one element (either is printed).
HEADER_ELEMENTS: dict[str, Callable[[Table], str]] = {
    "表名": lambda t: t.title or "",
    "表号": lambda t: t.number or "",
    "部门名称": lambda t: t.header.get("部门名称") or t.header.get("单位名称") or "",
    "年度": lambda t: t.header.get("年度") or "",
    "金额单位": lambda t: t.header.get("金额单位") or "",
}
HEADER_ALIASES = {"单位名称": "部门名称", "title": "表名", "number": "表号", "unit_name": "部门名称", "year": "年度",
                  "currency_unit": "金额单位"}


def header_element(name: str) -> str | None:
    """The canonical element a name in 表头(…, "name") stands for, or None."""
    return name if name in HEADER_ELEMENTS else HEADER_ALIASES.get(name)


def _header_element(compiler: Compiler, arg: n.Node) -> str:
    """The header element named by a quoted literal, checked at load time."""
    name = arg.value if isinstance(arg, n.String) else to_text(arg)
    element = header_element(name) if isinstance(arg, n.String) else None
    if element is None:
        known = "、".join(f"“{k}”" for k in (*HEADER_ELEMENTS, "单位名称"))
        raise compiler.fail("E236", arg, resolve.suggest(str(name), [*HEADER_ELEMENTS, *HEADER_ALIASES]),
                            name=name, known=known)
    return element


def _header_call(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    """表头(公开01, "表名"): the printed text, "" when not printed; traced runs point at unprinted elements."""
    table_fn = argument(compiler, node, "table", node.args[0]).fn
    element = _header_element(compiler, node.args[1])
    read = HEADER_ELEMENTS[element]

    def run(ctx: Ctx) -> str:
        table = table_fn(ctx)
        value = structure.Located.join([(read(table).strip(), table.source)], f"{table.id}表头")
        if ctx.refs is not None and not value:  # a finding names the elements that were not printed
            ctx.refs.append(CellRef(table.id, element, None, element, None, value, table.source))
        return value
    return CompiledNode(run, TEXT, compiler.text(node))


FUNCTIONS = (
    Function("children", ("children", "下级"), ("row",), "rows", "行的下一级科目（类的款、款的项）",
             "a row's next-level rows (a 类's 款, a 款's 项)", children, contextual=True,
             reads=(), example="下级(公开05[201])"),
    Function("table_header", ("table_header", "表头"), ("table", "element"), "text",
             "表头要素（表名、表号、部门名称、年度、金额单位）的印出文字，未印为空",
             "the printed header element (表名, 表号, 部门名称, 年度, 金额单位); empty when not printed",
             hook=_header_call,
             reads=(), example="表头(公开01, \"表名\")"),
    Function("toc_missing", ("toc_missing", "目录缺项"), (), "items", "目录所列、正文中找不到的项",
             "目录 entries the body does not contain", hook=_toc(structure.toc_missing),
             reads=("目录", "部分标题", "概况", "情况说明", "名词解释", "公开表"), example="目录缺项()"),
    Function("toc_out_of_order", ("toc_out_of_order", "目录错序"), (), "items", "正文顺序与目录不一致的项",
             "entries the body orders differently from the 目录", hook=_toc(structure.toc_out_of_order),
             reads=("目录", "部分标题", "概况", "情况说明", "名词解释", "公开表"), example="目录错序()"),
    Function("line_number_gaps", ("line_number_gaps", "行次断号"), ("table",), "items", "行次的跳号与重号",
             "gaps and repeats in a table's 行次 numbering", hook=_gaps(structure.line_number_gaps),
             reads=(), example="行次断号(公开10)"),
    Function("column_number_gaps", ("column_number_gaps", "栏次断号"), ("table",), "items", "栏次的跳号与重号",
             "gaps and repeats in a table's 栏次 numbering", hook=_gaps(structure.column_number_gaps),
             reads=(), example="栏次断号(公开01)"),
    Function("year", ("year", "年份"), ("text",), "num", "文中所写的年度（如“2024年度单位决算公开”中的 2024），没有为空",
             "the year a text states (2024 in “2024年度单位决算公开”); blank when none", hook=_year,
             reads=(), example="年份(封面)"),
    Function("disclosure_kind", ("disclosure_kind", "决算称谓"), ("text",), "text",
             "“YYYY年（度）部门/单位决算”自称中的“部门决算”或“单位决算”",
             "部门决算 or 单位决算 from the document's own designation", hook=_disclosure_kind,
             reads=(), example="决算称谓(目录)"),
    Function("contains", ("contains", "包含"), ("text", "text", "text", "text", "text"), "bool",
             "规范化后是否包含其中任一个词（至多四个）", "whether the text contains any of up to four words, normalised",
             optional=3, hook=_contains,
             reads=(), example="包含(概况, \"职责\", \"职能\")"),
    Function("placeholders", ("placeholders", "占位符"), ("text",), "items",
             "模板没有替换的文字（XX、××、待填、二选一的“增加（减少）”、模板说明、空的【】……）",
             "template leftovers (XX, ××, 待填, unresolved “增加（减少）”, template instructions, empty 【】 …)",
             hook=_placeholders,
             reads=(), example="占位符(情况说明)"),
    Function("table_notes", ("table_notes", "表注"), ("table",), "text", "表下印出的注释和说明",
             "the notes printed under a table", hook=_table_notes,
             reads=(), example="表注(公开07)"),
    Function("empty_table", ("empty_table", "无数据"), ("table",), "bool", "表中所有金额都是空白或“——”",
             "every amount of the table is blank or “——”", hook=_empty_table,
             reads=(), example="无数据(公开07)"),
)


def _part(make: Callable[[Any], structure.Located], part: str) -> DocumentName:
    def compile_name(text: str) -> CompiledNode:
        return CompiledNode(lambda ctx: ctx.memo.once((part,), ctx.doc, lambda: make(ctx.doc)), TEXT, text)
    return compile_name


def _tables(text: str) -> CompiledNode:
    return CompiledNode(lambda ctx: tuple(TableView(t) for t in ctx.doc.tables.values()), StaticType("tables"), text)


# Names of document parts read as a whole: the cover and the 目录 as text, and every table (for 每个 t 属于 公开表).
_COVER, _TOC = _part(structure.cover_text, "cover"), _part(structure.toc_text, "toc")
DOCUMENT_NAMES: dict[str, DocumentName] = {"封面": _COVER, "目录": _TOC, "公开表": _tables, "cover": _COVER,
                                           "toc": _TOC, "tables": _tables}
# … and what each reads (engine/functions/registry.py Function.reads)
DOCUMENT_READS: dict[str, tuple[str, ...]] = {"封面": ("封面",), "目录": ("目录",), "公开表": ("公开表",), "cover": ("封面",),
                                              "toc": ("目录",), "tables": ("公开表",)}
