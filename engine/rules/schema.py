"""JSON Schema for rulebook files, so an editor can validate and complete them. Built from the loader's key tables."""
from __future__ import annotations

from engine.rules.examples import EXAMPLE_KEYS, EXPECT
from engine.rules.loader import HEADER_KEYS, RULE_KEYS, SEVERITIES, TOP_KEYS

_DOC = {
    "id": "稳定的 ASCII 编号 / stable ASCII id", "name": "中文名称 / name", "severity": "级别 / severity",
    "category": "类别 / category", "expr": "规则表达式 / expression", "when": "适用条件 / precondition",
    "message": "提示模板 / message template: {元素} {左} {右} {差额} {容差} {单元格} {清单}",
    "name_en": "英文名称 / English name (shown with --lang en)",
    "message_en": "英文提示 / English message template, same placeholders as 提示 (shown with --lang en)",
    "basis": "依据 / regulation or template", "tolerance": "容差 / absolute tolerance", "examples": "示例 / examples",
    "indicator": "替换指标 / set 绩效指标 cells: [自评表序号, 指标名称, 字段, 新值]",
    "subject_codes": "科目表 / an official 科目 list for this example (CSV 编码,名称,年度), as RULEBOOK_SUBJECT_CODES",
}
_TYPES = {
    "id": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"},
    "severity": {"enum": sorted(SEVERITIES)},
    "tolerance": {"type": ["number", "string"]},
    "examples": {"type": "array", "items": {"$ref": "#/$defs/example"}},
}


def _props(keys: dict[str, str], types: dict[str, dict]) -> dict:
    return {key: {**types.get(canon, {"type": "string"}), "description": _DOC.get(canon, canon)}
            for key, canon in keys.items()}


def rulebook_schema() -> dict:
    example_types = {
        "sample": {"type": "string"}, "expect": {"enum": sorted(EXPECT)},
        "set": {"type": "object", "additionalProperties": {"type": ["string", "number", "null"]}},
        "drop": {"type": "array", "items": {"type": "string"}},
        "replace": {"type": "array", "items": {"type": "array", "items": {"type": "string"},
                                               "minItems": 3, "maxItems": 3}},
        "indicator": {"type": "array", "items": {"type": "array", "items": {"type": ["string", "number"]},
                                                 "minItems": 4, "maxItems": 4}},
        "elements": {"type": "array", "items": {"type": ["string", "number"]}},
    }
    header_types = {
        "include": {"type": "array", "items": {"type": "string"}},
        "disable": {"type": "array", "items": {"type": "string"}},
        "severity": {"type": "object", "additionalProperties": {"enum": sorted(SEVERITIES)}},
        "profiles": {"type": "array", "items": {"type": "string"}},
        "version": {"type": ["string", "number"]},
    }
    top_types = {
        "rulebook": {"$ref": "#/$defs/header"},
        "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
        "definitions": {"type": "object", "additionalProperties": {"type": "string"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "rulebook 规则库文件",
        "type": "object",
        "properties": _props(TOP_KEYS, top_types),
        "additionalProperties": False,
        "$defs": {
            "header": {"type": "object", "properties": _props(HEADER_KEYS, header_types),
                       "additionalProperties": False},
            "rule": {"type": "object", "properties": _props(RULE_KEYS, _TYPES), "additionalProperties": False,
                     "allOf": [{"anyOf": [{"required": [en]}, {"required": [zh]}]} for en, zh in
                               (("id", "编号"), ("name", "名称"), ("severity", "级别"), ("category", "类别"),
                                ("expr", "规则"))]},
            "example": {"type": "object", "properties": _props(EXAMPLE_KEYS, example_types),
                        "additionalProperties": False},
        },
    }
