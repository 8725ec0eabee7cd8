"""Request and response bodies of the API (pydantic): what the OpenAPI document publishes."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from engine.model import Disclosure

Severity = Literal["error", "warning", "info", "错误", "警告", "提示", "强制性", "提示性", "信息"]
Lang = Literal["zh", "en"]
RULE_ID = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$"


def _both(en: str, zh: str) -> AliasChoices:
    return AliasChoices(en, zh)


class RuleIn(BaseModel):
    """A rule as sent by an editor; keys in English or Chinese, as in the YAML files (rulebook/FORMAT.md)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str | None = Field(None, pattern=RULE_ID, validation_alias=_both("id", "编号"),
                           description="编号：稳定的 ASCII 编号；PUT 时可省略（取路径中的编号）")
    name: str = Field(min_length=1, max_length=200, validation_alias=_both("name", "名称"))
    severity: Severity = Field(validation_alias=_both("severity", "级别"))
    category: str = Field(min_length=1, max_length=50, validation_alias=_both("category", "类别"))
    expr: str = Field(min_length=1, max_length=8000, validation_alias=_both("expr", "规则"))
    when: str | None = Field(None, max_length=4000, validation_alias=_both("when", "适用"))
    message: str | None = Field(None, max_length=2000, validation_alias=_both("message", "提示"))
    basis: str | None = Field(None, max_length=2000, validation_alias=_both("basis", "依据"))
    tolerance: Decimal | None = Field(None, ge=0, le=1000000, validation_alias=_both("tolerance", "容差"))
    examples: list[dict[str, Any]] = Field(default_factory=list, max_length=100,
                                           validation_alias=_both("examples", "示例"))

    def fields(self) -> dict[str, Any]:
        out = self.model_dump(exclude_none=True)
        if not out.get("examples"):
            out.pop("examples", None)
        if "tolerance" in out:
            out["tolerance"] = format(out["tolerance"], "f")
        return out


class RuleOut(BaseModel):
    id: str
    name: str
    severity: str
    category: str
    expr: str
    canonical: str = Field(description="表达式的规范写法")
    when: str | None = None
    message: str | None = None
    basis: str | None = None
    tolerance: str | None = None
    examples: list[dict[str, Any]] = Field(default_factory=list)
    file: str = Field(description="规则所在文件名")
    line: int
    version: str | None = Field(None, description="ETag：规则规范文本的哈希")


class RuleList(BaseModel):
    rulebook: str
    version: str
    count: int
    rules: list[RuleOut]


class EvalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expression: str = Field(min_length=1, max_length=8000, description="规则语言表达式")
    disclosure: Disclosure
    trace: bool = Field(False, description="同时返回每一步运算")


class CellRefOut(BaseModel):
    table: str | None = None
    row: str | None = None
    column: str | None = None
    label: str | None = None
    value: str | None = None
    source: str | None = None


class StepOut(BaseModel):
    text: str
    value: str | bool | None = None
    tolerance: str | None = None
    kind: str = "number"


class EvalResult(BaseModel):
    status: Literal["ok", "error", "not_checkable"]
    kind: str
    value: str | bool | list[str | None] | None = None
    tolerance: str | None = None
    canonical: str
    code: str | None = None
    message: str | None = None
    refs: list[CellRefOut] = Field(default_factory=list)
    steps: list[StepOut] | None = None


class LintRequest(BaseModel):
    """Either an expression, or a whole rule (its examples are run too); neither = the served rulebook."""

    model_config = ConfigDict(extra="forbid")

    expression: str | None = Field(None, min_length=1, max_length=8000)
    rule: RuleIn | None = None


class DiagnosticOut(BaseModel):
    code: str
    severity: str
    message_zh: str
    message_en: str
    hint_zh: str = ""
    hint_en: str = ""
    span: list[int] = Field(default_factory=list)
    source: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


class ExampleOut(BaseModel):
    case: str
    ok: bool
    expected: str
    actual: str
    detail: str = ""


class LintResult(BaseModel):
    ok: bool
    rules: int = 0
    canonical: str | None = None
    diagnostics: list[DiagnosticOut] = Field(default_factory=list)
    examples: list[ExampleOut] = Field(default_factory=list)


class ExplainOut(BaseModel):
    rule: str
    text: str


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    rulebook: str
    version: str
    rules: int
    problems: list[DiagnosticOut] = Field(default_factory=list)


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str
    message: str
    message_en: str


class ErrorBody(BaseModel):
    error: ErrorDetail
