"""A proposed rule file judged as part of a whole candidate rulebook (a copy in a temporary folder) before the
real file is touched: every error the candidate rulebook has, and the edited rule's examples."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from engine.rules.examples import EXPECT, ExampleError, normalise_example, run_rule_examples
from engine.rules.loader import load_rulebook

CANDIDATE_PREFIX = ".rulebook-candidate-"  # + the folder's name: a crash's leftovers are swept (journal.py)


@dataclass
class Verdict:
    diagnostics: list[dict] = field(default_factory=list)  # files named as in the real folder
    examples: list[dict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # codes of the reasons to refuse

    @property
    def ok(self) -> bool:
        return not self.refused


def _copy_folder(folder: Path) -> Path:
    """A sibling temporary copy, so relative `扩展: ../x` paths resolve the same; system temp as a fallback."""
    ignore = shutil.ignore_patterns(".*", "*.jsonl", "__pycache__")
    for parent in (folder.parent, None):
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f"{CANDIDATE_PREFIX}{folder.name}-", dir=parent))
        except OSError:
            continue
        target = tmp / folder.name
        shutil.copytree(folder, target, ignore=ignore)
        return target
    raise OSError("no writable temporary folder")


def _relocate(diag: dict, fake: Path, real: Path) -> dict:
    """A candidate's diagnostic named as in the served folder, relative to it: no server path is shown."""
    out = dict(diag)
    for key in ("file", "message_zh", "message_en", "hint_zh", "hint_en"):
        if isinstance(out.get(key), str):
            out[key] = out[key].replace(str(fake) + "/", "").replace(str(fake), real.name)
    return out


def has_pass_and_fail(examples: list) -> bool:
    """FORMAT.md: every rule has at least one passing and one failing example."""
    wanted = set()
    for raw in examples:
        try:
            wanted.add(EXPECT.get(str(normalise_example(raw).get("expect", "")).strip()))
        except ExampleError:
            continue
    return {"pass", "fail"} <= wanted


def judge(entry: Path, edited: Path, text: str, rule: str | None) -> Verdict:
    """The rulebook at `entry` with `edited` replaced by `text`: refused on any error diagnostic, and (for `rule`)
    unless it has a passing and a failing example and every example gives what it expects."""
    folder = entry.parent
    copy = _copy_folder(folder)
    try:
        (copy / edited.relative_to(folder)).write_text(text, "utf-8")
        book = load_rulebook(copy / entry.name, strict=False)
        verdict = Verdict()
        for diag in book.diagnostics:
            data = _relocate(diag.to_dict(), copy, folder)
            if diag.severity == "error":
                verdict.refused.append(diag.code)
                verdict.diagnostics.append(data)
            elif rule is not None and f"「{rule}」" in data["message_zh"]:
                verdict.diagnostics.append(data)
        compiled = book.rule(rule) if rule is not None and not verdict.refused else None
        if compiled is not None:
            if not has_pass_and_fail(compiled.examples):
                verdict.refused.append("examples_missing")
            for case in run_rule_examples(compiled):
                verdict.examples.append({"case": case.case, "ok": case.ok, "expected": case.expected,
                                         "actual": case.actual, "detail": case.detail})
                if not case.ok and "example_failed" not in verdict.refused:
                    verdict.refused.append("example_failed")
        return verdict
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
