"""One rule file as round-trip YAML: find a rule, its version (ETag), and rewrite it keeping everything else."""
from __future__ import annotations

import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString
import re

from engine.rules.loader import RULE_KEYS, TOP_KEYS

# canonical field -> how it is spelled in a Chinese-keyed file (the default rulebook's style)
CHINESE = {"id": "编号", "name": "名称", "severity": "级别", "category": "类别", "expr": "规则", "when": "适用",
           "message": "提示", "basis": "依据", "tolerance": "容差", "examples": "示例"}
ORDER = list(CHINESE)


class RuleFileError(Exception):
    """A rule file that cannot be read or has no usable rule list; Chinese message."""


def _plain(value: Any) -> Any:
    """ruamel nodes -> plain JSON-able data in their order (scalars as their own types, Decimal-safe)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value if not isinstance(value, bool) else bool(value)
    if isinstance(value, float):
        return str(value)  # ScalarFloat keeps its printed form in str(); 0.05 never becomes 0.05000000001
    return str(value)


def canonical_rule(mapping: Any) -> dict:
    """The rule with English keys in the canonical order: what the version hashes and the API returns."""
    plain = _plain(mapping)
    out = {}
    for key in ORDER:
        for raw, value in plain.items():
            if RULE_KEYS.get(raw) == key:
                out[key] = value.strip() if key == "expr" and isinstance(value, str) else value
    return out


def version_of(mapping: Any) -> str:
    """ETag: a hash of the rule's canonical text, so comments and key spelling do not change it."""
    text = json.dumps(canonical_rule(mapping), ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20] + '"'


def _fast_load(text: str) -> Any:
    """Plain data, fast (libyaml), alias bombs and loops refused like the loader does (raises YAMLError then)."""
    from engine.rules import yaml_positions

    return yaml_positions.load(text)


def versions_in(text: str) -> dict[str, str]:
    """Every rule's version in a rule file's text; GET and the If-Match check both use this, so they agree."""
    data = _fast_load(text)
    if not isinstance(data, dict):
        return {}
    items = next((v for k, v in data.items() if TOP_KEYS.get(str(k)) == "rules"), None) or []
    out = {}
    for item in items if isinstance(items, list) else []:
        rid = rule_id(item)
        if rid is not None:
            out[rid] = version_of(item)
    return out


def rule_id(mapping: Any) -> str | None:
    if not isinstance(mapping, dict):
        return None
    for raw, value in mapping.items():
        if RULE_KEYS.get(str(raw)) == "id":
            return str(value)
    return None


def guess_indent(text: str) -> tuple[int, int]:
    """(mapping indent, dash offset) as the file is written; (2, 2) = the default rulebook's style."""
    mapping = offset = None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for above, line in zip(lines, lines[1:]):
        top, low = len(above) - len(above.lstrip()), len(line) - len(line.lstrip())
        if not re.search(r":\s*(#.*)?$", above) or low <= top and not line.lstrip().startswith("- "):
            continue
        if line.lstrip().startswith("- ") and offset is None:
            offset = low - top
        elif not line.lstrip().startswith("- ") and mapping is None:
            mapping = low - top
        if mapping is not None and offset is not None:
            break
    return mapping or 2, offset if offset is not None else 2


class RuleFile:
    """A YAML rule file loaded for editing; `text()` dumps it with the file's own indentation."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.original = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleFileError(f"无法读取规则文件 {path.name}：{type(exc).__name__}") from None
        indent, seq_indent = guess_indent(self.original)
        from engine.rules import yaml_positions

        try:  # ruamel would expand an alias bomb or loop: the same budget as the loader first
            yaml_positions.compose(self.original)
        except yaml_positions.YAMLError as exc:
            raise RuleFileError(f"规则文件 {path.name} 无法读取：{exc.problem}") from None
        except Exception:  # noqa: BLE001 - a YAML 1.1/1.2 difference: ruamel below decides
            pass
        try:
            self.yaml = YAML(typ="rt")
            self.yaml.preserve_quotes = True  # must be set before loading to take effect
            data = self.yaml.load(self.original)
        except YAMLError as exc:
            raise RuleFileError(f"规则文件 {path.name} 不是有效的 YAML：{getattr(exc, 'problem', '') or exc}") from None
        self.data = data if data is not None else CommentedMap()
        if not isinstance(self.data, CommentedMap):
            raise RuleFileError(f"规则文件 {path.name} 的顶层应为映射（规则: […]）")
        self.yaml.width = 4096  # never re-wrap long rule lines
        self.yaml.indent(mapping=indent, sequence=seq_indent + 2, offset=seq_indent)

    def _rules_key(self) -> str | None:
        return next((str(k) for k in self.data if TOP_KEYS.get(str(k)) == "rules"), None)

    def rules(self, *, create: bool = False) -> CommentedSeq:
        key = self._rules_key()
        if key is None:
            if not create:
                return CommentedSeq()
            chinese = any(not str(k).isascii() for k in self.data) or not self.data
            key = "规则" if chinese else "rules"
            self.data[key] = CommentedSeq()
        seq = self.data[key]
        if seq is None:
            seq = self.data[key] = CommentedSeq()
        if not isinstance(seq, list):
            raise RuleFileError(f"规则文件 {self.path.name} 的「{key}」应为列表")
        return seq

    def find(self, wanted: str) -> int | None:
        return next((i for i, item in enumerate(self.rules()) if rule_id(item) == wanted), None)

    def chinese_keys(self) -> bool:
        """The file's key style, from its first rule (a new file follows the default rulebook: Chinese)."""
        first = next(iter(self.rules()), None)
        if isinstance(first, dict) and first:
            return not str(next(iter(first))).isascii()
        return True

    def text(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()


def _scalar(key: str, value: Any) -> Any:
    if key == "tolerance" and value is not None:
        text = format(Decimal(str(value)), "f")
        return YAML(typ="rt").load(f"v: {text}")["v"]  # an unquoted number, printed as given
    if isinstance(value, str) and "\n" in value.strip():
        return LiteralScalarString(value.strip() + "\n")
    return value


def _node(value: Any) -> Any:
    """Plain JSON data -> ruamel nodes; short example entries stay one line like the rulebook's own."""
    if isinstance(value, dict):
        node = CommentedMap((k, _node(v)) for k, v in value.items())
        if all(not isinstance(v, (dict, list)) for v in value.values()) and len(value) <= 3:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        return CommentedSeq(_node(v) for v in value)
    return value


def apply_rule(target: CommentedMap, fields: dict[str, Any], chinese: bool) -> None:
    """Sets `fields` (canonical keys) on `target` in place: unchanged values keep their comments and layout,
    existing keys keep their spelling and position, new keys follow in the canonical order, dropped keys go."""
    spelled = {RULE_KEYS.get(str(raw)): raw for raw in target}
    for key, raw in list(spelled.items()):
        if key is None or key not in fields or fields[key] is None:
            del target[raw]
    for key in ORDER:
        value = fields.get(key)
        if value is None:
            continue
        raw = spelled.get(key)
        if raw is not None and raw in target:
            if canonical_rule({raw: target[raw]}).get(key) == canonical_rule({raw: _plain(value)}).get(key):
                continue
            target[raw] = _node(_scalar(key, value))
        else:
            name = CHINESE[key] if chinese else key
            later = [k for k in ORDER[ORDER.index(key) + 1:] if spelled.get(k) in target]
            value = _node(_scalar(key, value))
            if later:
                target.insert(list(target).index(spelled[later[0]]), name, value)
            else:
                target[name] = value
            spelled[key] = name
