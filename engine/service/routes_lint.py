"""POST /v1/lint: diagnostics for an expression, a whole rule (its examples run too), or the served rulebook."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from engine.service.auth import require_checker
from engine.service.schemas import ErrorBody, LintRequest, LintResult

router = APIRouter()


def _lint_expression(book, text: str) -> LintResult:
    from engine.diagnostics import DiagnosticError

    try:
        compiled = book.environment.compile(text)
    except DiagnosticError as exc:
        return LintResult(ok=False, diagnostics=[d.to_dict() for d in exc.diagnostics])
    return LintResult(ok=True, canonical=compiled.canonical)


def _lint_rule(served, editor, rule) -> LintResult:
    """The rule judged as if it were added to (or replaced in) the served rulebook; nothing is written."""
    from engine.service.candidate import judge
    from engine.service.yamlfile import RuleFile, apply_rule

    fields = rule.fields()
    fields.setdefault("id", "_LINT")
    book = served.current().book
    existing = book.rule(fields["id"])
    path = existing.file if existing is not None and existing.file.parent == served.folder else \
        editor._target_file(fields.get("category"), None)
    doc = RuleFile(path)
    index = doc.find(fields["id"])
    if index is None:
        from ruamel.yaml.comments import CommentedMap

        node = CommentedMap()
        doc.rules(create=True).append(node)
    else:
        node = doc.rules()[index]
    apply_rule(node, fields, doc.chinese_keys())
    verdict = judge(served.entry, doc.path, doc.text(), fields["id"])
    return LintResult(ok=verdict.ok, rules=1, diagnostics=verdict.diagnostics, examples=verdict.examples,
                      canonical=None)


def _lint_book(served) -> LintResult:
    from engine.rules.lint import lint

    diagnostics, count = lint(served.entry)
    return LintResult(ok=not any(d.severity == "error" for d in diagnostics), rules=count,
                      diagnostics=[d.to_dict() for d in diagnostics])


@router.post("/v1/lint", tags=["编辑"], summary="检查表达式、规则或整个规则库（不写入）", response_model=LintResult,
             responses={401: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody},
                        503: {"model": ErrorBody}}, dependencies=[Depends(require_checker)])
async def lint_endpoint(request: Request, body: LintRequest | None = None) -> LintResult:
    """给 expression：编译并返回诊断与规范写法；给 rule：按保存前的检查（含示例）评判；都不给：检查当前规则库。"""
    state = request.app.state

    def work() -> LintResult:
        if body is not None and body.rule is not None:
            with state.served.lock.hold():  # the candidate copy must not race an edit of the same files
                return _lint_rule(state.served, state.editor, body.rule)
        if body is not None and body.expression is not None:
            return _lint_expression(state.served.current().book, body.expression)
        return _lint_book(state.served)

    return await state.runner(work)
