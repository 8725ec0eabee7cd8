"""YAML rulebook files -> rules compiled once, keeping the file, line and column of every expression.

The format is rulebook/FORMAT.md. Keys are accepted in English and Chinese; a rulebook may extend another.
Every problem found while loading is a Diagnostic; `load_rulebook` raises RulebookError when any is an error.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.diagnostics import Diagnostic, DiagnosticError, Origin
from engine.rules.diagnostics import problem
from engine.resources import default_rulebook

if TYPE_CHECKING:
    from engine.language.analysis import Reads

RULE_KEYS = {
    "id": "id", "编号": "id",
    "name": "name", "名称": "name",
    "severity": "severity", "级别": "severity",
    "category": "category", "类别": "category",
    "expr": "expr", "规则": "expr",
    "when": "when", "适用": "when",
    "message": "message", "提示": "message",
    "name_en": "name_en", "英文名称": "name_en",  # English texts for --lang en (the Chinese is shown when absent)
    "message_en": "message_en", "英文提示": "message_en",
    "basis": "basis", "依据": "basis",
    "tolerance": "tolerance", "容差": "tolerance",
    "examples": "examples", "示例": "examples",
}
HEADER_KEYS = {
    "id": "id", "编号": "id", "name": "name", "名称": "name", "version": "version", "版本": "version",
    "include": "include", "包含": "include", "extends": "extends", "扩展": "extends",
    "disable": "disable", "停用": "disable", "severity": "severity", "级别调整": "severity",
    "profiles": "profiles", "口径": "profiles", "description": "description", "说明": "description",
}
TOP_KEYS = {"rulebook": "rulebook", "规则库": "rulebook", "rules": "rules", "规则": "rules",
            "definitions": "definitions", "定义": "definitions"}
SEVERITIES = {"error": "error", "错误": "error", "强制性": "error",
              "warning": "warning", "警告": "warning", "提示性": "warning",
              "info": "info", "提示": "info", "信息": "info"}
REQUIRED = ("id", "name", "severity", "category", "expr")
_CHINESE_KEY = {"id": "编号", "name": "名称", "severity": "级别", "category": "类别", "expr": "规则"}
# what a rule's 提示 may contain (engine/checking/check.py fills them; a test keeps the two in step; {读到} is filled
# only in the engine's own messages)
PLACEHOLDERS = ("元素", "名称", "表达式", "左", "右", "差额", "容差", "单元格", "清单", "原因",
                # a 自评表's own column names and the 执行率's 分值 (engine/messages.py FORM_WORDS)
                "执行数栏", "预算数栏", "完成值栏", "原因栏", "执行率分值")


@dataclass
class Rule:
    id: str
    name: str
    severity: str
    category: str
    expr: str
    file: Path
    line: int  # 1-based line of the rule's id in its file
    when: str | None = None
    message: str | None = None
    name_en: str | None = None
    message_en: str | None = None
    basis: str | None = None
    tolerance: Decimal | None = None
    examples: list[dict] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)  # field -> where its value starts
    inherited: bool = False  # from the rulebook this one extends
    compiled: Any = None  # engine.language.environment.Compiled
    precondition: Any = None

    @property
    def canonical(self) -> str:
        return self.compiled.canonical if self.compiled is not None else self.expr

    def named(self, lang: str = "zh") -> str:
        """The name shown in `lang`: the English one when asked and written, else the Chinese."""
        return (self.name_en or self.name) if lang == "en" else self.name

    @property
    def tables(self) -> frozenset[str]:
        """Every table the rule or its precondition reads."""
        return self.compiled.tables | (self.precondition.tables if self.precondition else frozenset())

    @property
    def reads(self) -> Reads:
        """What the rule and its precondition read (engine/language/analysis.py Reads): tables, parts, sections,
        forms, metadata — from the compiled rule, never its text."""
        reads: Reads = self.compiled.reads
        return (reads | self.precondition.reads) if self.precondition else reads


@dataclass
class Rulebook:
    id: str
    name: str
    version: str
    path: Path
    rules: list[Rule]
    definitions: dict[str, tuple[str, Origin | None]]
    diagnostics: list[Diagnostic]
    environment: Any = None

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


class RulebookError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} diagnostics")
        self.diagnostics = diagnostics


# --- reading YAML with positions --------------------------------------------------------------------

class _Reader:
    """Reads one rulebook folder's files, collecting diagnostics instead of stopping at the first."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self._lines: dict[Path, list[str]] = {}

    def load(self, path: Path) -> Any:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.diagnostics.append(problem("E501", Origin(str(path), 1, 1), "", path=str(path), reason=str(exc)))
            return None
        self._lines[path] = text.splitlines()
        from engine.rules import yaml_positions  # YAML only when a file is read: a cache hit reads none

        duplicates: list = []
        try:
            data = yaml_positions.load(text, duplicates)
        except yaml_positions.YAMLError as exc:
            from engine.rules.yaml_errors import explain

            line, col, reason, reason_en, hint, hint_en = explain(exc, self._lines[path])
            self.diagnostics.append(problem("E502", Origin(str(path), line, col), self.line(path, line),
                                            reason=reason, reason_en=reason_en, hint=hint, hint_en=hint_en))
            return None
        for key, (line, col), (first, _) in duplicates:
            self.report("E513", path, Origin(str(path), line + 1, col + 1), key=key, first=first + 1)
        return data

    def line(self, path: Path, line: int) -> str:
        lines = self._lines.get(path, [])
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def origin(self, path: Path, mapping: Any, key: str) -> Origin:
        """Where the value of `key` starts (1-based); a `|` block starts on the next line."""
        try:
            line, col = mapping.lc.value(key)
        except (AttributeError, KeyError, TypeError):
            try:
                line, col = mapping.lc.key(key)
            except (AttributeError, KeyError, TypeError):
                return Origin(str(path), 1, 1)
        text = self.line(path, line + 1)
        rest = text[col:]
        if rest[:1] in "|>":
            following = self.line(path, line + 2)
            return Origin(str(path), line + 2, len(following) - len(following.lstrip()) + 1)
        if rest[:1] in "\"'":
            col += 1
        return Origin(str(path), line + 1, col + 1)

    def placed(self, diagnostic: Diagnostic) -> Diagnostic:
        """An expression's diagnostic, shown on the real file line it came from."""
        origin = diagnostic.origin
        if not origin.file:
            return diagnostic
        return diagnostic.located(origin, self.line(Path(origin.file), origin.line) or None)

    def key_origin(self, path: Path, mapping: Any, key: str) -> Origin:
        try:
            line, col = mapping.lc.key(key)
        except (AttributeError, KeyError, TypeError):
            return Origin(str(path), 1, 1)
        return Origin(str(path), line + 1, col + 1)

    def report(self, code: str, where: Path, origin: Origin, **params: Any) -> None:
        # `where` is positional so a message parameter may itself be called `path`
        self.diagnostics.append(problem(code, origin, self.line(where, origin.line), **params))


def _canon_keys(reader: _Reader, path: Path, mapping: Any, table: dict[str, str]) -> dict[str, tuple[str, Any]]:
    """Maps a YAML mapping's keys to canonical names; unknown keys are diagnosed."""
    out: dict[str, tuple[str, Any]] = {}
    if not hasattr(mapping, "items"):
        return out
    for key, value in mapping.items():
        canon = table.get(str(key))
        if canon is None:
            from difflib import get_close_matches

            close = get_close_matches(str(key), list(table), n=1, cutoff=0.5)
            chinese = "、".join(k for k in dict.fromkeys(table) if not k.isascii())
            hint, hint_en = ((f"是否是「{close[0]}」？", f"did you mean '{close[0]}'?") if close
                             else (f"可用的键：{chinese}", f"known keys: {', '.join(k for k in table if k.isascii())}"))
            reader.report("E503", path, reader.key_origin(path, mapping, key), key=key, hint=hint, hint_en=hint_en)
            continue
        if canon in out:  # 规则 and expr both: one would silently win
            first = reader.key_origin(path, mapping, out[canon][0]).line
            reader.report("E513", path, reader.key_origin(path, mapping, key), key=f"{out[canon][0]}/{key}",
                          first=first)
            continue
        out[canon] = (key, value)
    return out


# --- the rulebook ------------------------------------------------------------------------------------

def _resolve_extends(base: Path, name: str) -> Path:
    if name in ("default", "默认"):
        return default_rulebook()
    candidate = (base.parent / name)
    return candidate / "default.yaml" if candidate.is_dir() else candidate


def _read_rules(reader: _Reader, path: Path, items: Any) -> list[Rule]:
    rules = []
    for index, item in enumerate(items or []):
        fields = _canon_keys(reader, path, item, RULE_KEYS)
        try:
            line = items.lc.item(index)[0] + 1
        except (AttributeError, KeyError, TypeError, IndexError):
            line = 1
        missing = [k for k in REQUIRED if k not in fields or fields[k][1] in (None, "")]
        if missing:
            reader.report("E504", path, Origin(str(path), line, 1), fields_en=", ".join(missing),
                          fields="、".join(_CHINESE_KEY[k] for k in missing))
            continue
        values = {k: v for k, (_, v) in fields.items()}
        origins = {k: reader.origin(path, item, raw) for k, (raw, _) in fields.items()}
        severity = SEVERITIES.get(str(values["severity"]).strip())
        if severity is None:
            reader.report("E505", path, origins["severity"], value=values["severity"])
            continue
        for key in ("message", "message_en"):
            if values.get(key):
                _check_placeholders(reader, path, str(values[key]), origins[key])
        tolerance = None
        if values.get("tolerance") is not None:
            try:
                tolerance = Decimal(str(values["tolerance"]))
            except InvalidOperation:
                reader.report("E506", path, origins["tolerance"], value=values["tolerance"])
        rules.append(Rule(
            id=str(values["id"]), name=str(values["name"]), severity=severity, category=str(values["category"]),
            expr=str(values["expr"]).strip(), file=path, line=line,
            when=str(values["when"]).strip() if values.get("when") else None,
            message=str(values["message"]) if values.get("message") else None,
            name_en=str(values["name_en"]).strip() if values.get("name_en") else None,
            message_en=str(values["message_en"]).strip() if values.get("message_en") else None,
            basis=str(values["basis"]) if values.get("basis") else None,
            tolerance=tolerance, examples=list(values.get("examples") or []), origins=origins,
        ))
    return rules


def _check_placeholders(reader: _Reader, path: Path, message: str, origin: Origin) -> None:
    """An unknown {name} in a 提示 would be printed literally in every report: diagnosed where it stands."""
    import re
    from difflib import get_close_matches

    text = reader.line(path, origin.line)
    for found in re.finditer(r"\{([^{}]*)\}", message):
        name = found.group(1)
        if name in PLACEHOLDERS:
            continue
        close = get_close_matches(name, PLACEHOLDERS, n=1, cutoff=0.3)
        listed = "、".join("{" + p + "}" for p in PLACEHOLDERS)
        hint = (f"是否是「{{{close[0]}}}」？" if close else "") + f"可用的占位符：{listed}"
        hint_en = (f"did you mean '{{{close[0]}}}'? " if close else "") + f"placeholders: {listed}"
        at = text.find("{" + name + "}")  # on the message's first line when it is there
        where = Origin(origin.file, origin.line, at + 1) if at >= 0 else origin
        reader.report("E514", path, where, name=name, hint=hint, hint_en=hint_en)


def _read_book(reader: _Reader, path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict, list[Rule], dict]:
    """Returns (header, rules, definitions) of the rulebook at `path`, its base applied."""
    path = path.resolve()
    if path in seen:
        reader.report("E507", path, Origin(str(path), 1, 1), path=str(path))
        return {}, [], {}
    data = reader.load(path)
    if data is None:
        return {}, [], {}
    if not isinstance(data, dict) or not any(str(k) in TOP_KEYS for k in data):
        reader.report("E512", path, Origin(str(path), 1, 1), path=path.name)  # /etc/passwd is not a rulebook
        return {}, [], {}
    top = _canon_keys(reader, path, data, TOP_KEYS)
    header_map = top.get("rulebook", (None, {}))[1] or {}
    header = {k: v for k, (_, v) in _canon_keys(reader, path, header_map, HEADER_KEYS).items()}
    rules: list[Rule] = []
    definitions: dict[str, tuple[str, Origin | None]] = {}
    if header.get("extends"):
        base = _resolve_extends(path, str(header["extends"]))
        if not base.exists():
            reader.report("E508", path, reader.origin(path, header_map, "扩展" if "扩展" in header_map else "extends"),
                          path=str(header["extends"]))
        else:
            _, rules, definitions = _read_book(reader, base, seen + (path,))
            for rule in rules:
                rule.inherited = True
    for name in header.get("include") or []:
        part = path.parent / str(name)
        if not part.exists():
            reader.report("E508", path, reader.origin(path, header_map, "包含" if "包含" in header_map else "include"),
                          path=str(name))
            continue
        part_data = reader.load(part)
        if part_data is None:
            continue
        part_top = _canon_keys(reader, part, part_data, TOP_KEYS)
        rules += _read_rules(reader, part, part_top.get("rules", (None, []))[1])
        for key, value in (part_top.get("definitions", (None, {}))[1] or {}).items():
            definitions[str(key)] = (str(value), reader.origin(part, part_top["definitions"][1], key))
    rules += _read_rules(reader, path, top.get("rules", (None, []))[1])
    defs_map = top.get("definitions", (None, {}))[1] or {}
    for key, value in defs_map.items():
        definitions[str(key)] = (str(value), reader.origin(path, defs_map, key))
    disabled = {str(x) for x in header.get("disable") or []}
    rules = [r for r in rules if r.id not in disabled]
    for rule_id, severity in (header.get("severity") or {}).items():
        target = next((r for r in rules if r.id == str(rule_id)), None)
        canon = SEVERITIES.get(str(severity))
        if target is None or canon is None:
            reader.report("E509", path, reader.origin(path, header_map, "级别调整" if "级别调整" in header_map
                                                      else "severity"), id=rule_id, value=severity)
            continue
        target.severity = canon
    return header, rules, definitions


def _top_file(path: Path | str | None) -> Path:
    path = Path(path) if path else default_rulebook()
    return path / "default.yaml" if path.is_dir() else path


def rulebook_files(path: Path | str | None = None) -> list[Path]:
    """The files a rulebook is read from, absolute: its top file first, then what it includes and the rulebook it
    extends (what a copy elsewhere needs, e.g. a cluster's workers; the catalogue is the package's own)."""
    reader = _Reader()
    _read_book(reader, _top_file(path).resolve())
    return list(reader._lines)


def load_rulebook(path: Path | str | None = None, *, strict: bool = True, catalogue: Any = None,
                  compile: bool = True, only: Any = None, cache: bool = False) -> Rulebook:
    """Reads, checks and compiles a rulebook. With strict, any error diagnostic raises RulebookError.
    Without compile only the files are read (listing rules needs no parser); with `only` (a predicate on a Rule)
    only those rules are compiled (`rulebook test T11` need not compile the other 198). With `cache`, what was read
    and parsed is kept per content in the user's cache folder (engine/rules/cache.py): a command line start."""
    path = _top_file(path)
    if cache and compile and catalogue is None:
        from engine.rules import cache as kept

        if kept.enabled():
            return _load_kept(path, strict, kept, only)
    reader = _Reader()
    header, rules, definitions = _read_book(reader, path)
    if not rules and not reader.diagnostics:
        reader.report("E517", path, Origin(str(path), 1, 1), path=path.name)  # checks nothing: never "未发现问题"
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            other = seen[rule.id]
            code = "E516" if other.inherited and not rule.inherited else "E510"
            reader.report(code, rule.file, rule.origins.get("id") or Origin(str(rule.file), rule.line, 1), id=rule.id,
                          other=f"{other.file.name}:{other.line}")
        seen[rule.id] = rule
    environment = None
    try:
        if compile:
            from engine.functions.builtins import BUILTINS
            from engine.language.environment import Environment

            environment = Environment.build(definitions, functions=BUILTINS, catalogue=catalogue)
    except DiagnosticError as exc:
        reader.diagnostics += [reader.placed(d) for d in exc.diagnostics]
    if environment is not None:
        for rule in rules:
            if only is not None and not only(rule):
                continue
            for attr, key in (("compiled", "expr"), ("precondition", "when")):
                text = getattr(rule, key)
                if not text:
                    continue
                try:
                    setattr(rule, attr, environment.compile(text, origin=rule.origins.get(key)))
                except DiagnosticError as exc:
                    reader.diagnostics += [reader.placed(d) for d in exc.diagnostics]
    book = Rulebook(id=str(header.get("id") or path.parent.name), name=str(header.get("name") or ""),
                    version=str(header.get("version") or ""), path=path, rules=rules, definitions=definitions,
                    diagnostics=reader.diagnostics, environment=environment)
    if strict and book.errors:
        raise RulebookError(book.errors)
    return book


def _load_kept(path: Path, strict: bool, kept: Any, only: Any = None) -> Rulebook:
    """load_rulebook from the cache entry of this rulebook's content, making the entry when there is none. With
    `only`, only those rules are compiled from the kept trees (`rulebook test T11`, `-k`; lint compiles none: the
    entry keeps the diagnostics of the whole rulebook)."""
    import copy

    entry = kept.lookup(path)
    if entry is None:
        from engine.catalogue import catalogue_path, load_catalogue
        from engine.language.syntax import parse

        files = [*rulebook_files(path), catalogue_path()]  # the catalogue the rules compiled against
        book = load_rulebook(path, strict=False)  # the ordinary load decides every diagnostic
        if book.errors:  # not kept; strict: only the picked rules' errors count, as without the cache
            return load_rulebook(path, strict=True, only=only) if strict else book
        trees = {text: parse(text) for text in {r.expr for r in book.rules} | {r.when for r in book.rules if r.when}
                 | {text for text, _ in book.definitions.values()}}
        rules = [copy.copy(r) for r in book.rules]
        for r in rules:
            r.compiled = r.precondition = None
        kept.store(path, files, rules=rules, trees=trees, catalogue=load_catalogue(),
                   header={"id": book.id, "name": book.name, "version": book.version},
                   definitions=book.definitions, diagnostics=book.diagnostics)
        return book
    trees = entry["trees"]
    definitions = entry["definitions"]
    from engine.functions.builtins import BUILTINS
    from engine.language.environment import Environment

    # the definitions compiled without a problem when the entry was made: each is compiled when a rule first names it
    environment = Environment(entry["catalogue"], {name: trees[text] for name, (text, _) in definitions.items()},
                              BUILTINS)
    rules = entry["rules"]
    conditions: dict[str, Any] = {}  # one form per precondition text (有表(公开10) guards seven rules)
    for rule in rules:  # each compiled when first used: every rule compiled when the entry was made
        if only is not None and not only(rule):
            continue
        rule.compiled = environment.deferred(trees[rule.expr], rule.expr, origin=rule.origins.get("expr"))
        if rule.when:
            if rule.when not in conditions:
                conditions[rule.when] = environment.deferred(trees[rule.when], rule.when,
                                                             origin=rule.origins.get("when"))
            rule.precondition = conditions[rule.when]
    header = entry["header"]
    return Rulebook(id=header["id"], name=header["name"], version=header["version"], path=path, rules=rules,
                    definitions=definitions, diagnostics=entry["diagnostics"], environment=environment)
