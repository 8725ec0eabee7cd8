"""Rule edits over HTTP: create, replace, delete. Under the rulebook's lock: re-read the file, check If-Match,
judge the candidate rulebook (lint + examples), write atomically, log the change, then swap the served rulebook."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.rules.loader import RulebookError, load_rulebook
from engine.service.candidate import Verdict, judge
from engine.service import errors
from engine.service.errors import ApiError
from engine.service.state import ServedRulebook
from engine.service.journal import Journal
from engine.service.store import change_entry
from engine.service.yamlfile import (RuleFile, RuleFileError, apply_rule, canonical_rule, rule_id, version_of,
                                     versions_in)

_REFUSAL = {"example_failed": "示例未按期望通过", "examples_missing": "缺少通过示例或不通过示例（每条规则至少各一个）"}


@dataclass
class Outcome:
    rule: str
    version: str | None
    after: dict | None
    entry: dict


def strip_weak(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


class Editor:
    def __init__(self, served: ServedRulebook, changelog: Path | None) -> None:
        self.served = served
        self.changelog = changelog or served.folder / "changes.jsonl"
        self.journal = Journal(self.changelog, served.folder)

    def recover(self) -> str | None:
        """Settles what a crashed edit left (see journal.py); at start-up and before every edit."""
        with self.served.lock.hold():
            return self.journal.recover()

    # --- the three edits -------------------------------------------------------------------------

    def create(self, fields: dict[str, Any], who: str, file_name: str | None = None) -> Outcome:
        with self.served.lock.hold():
            self.journal.recover()
            current = self.served.current().book
            if current.rule(fields["id"]) is not None or self._find_anywhere(fields["id"]) is not None:
                raise errors.refusal(409, "rule_exists", "S45", extra={"rule": fields["id"]}, rule=fields["id"])
            path = self._target_file(fields.get("category"), file_name)
            doc = self._open(path)
            seq = doc.rules(create=True)
            from ruamel.yaml.comments import CommentedMap

            node = CommentedMap()
            apply_rule(node, fields, doc.chinese_keys())
            seq.append(node)
            return self._commit(doc, fields["id"], "create", who, before=None, after_node=node)

    def replace(self, rid: str, fields: dict[str, Any], if_match: str | None, who: str) -> Outcome:
        with self.served.lock.hold():
            self.journal.recover()
            doc, index = self._locate(rid)
            node = doc.rules()[index]
            self._precondition(rid, doc, node, if_match)
            before = canonical_rule(node)
            apply_rule(node, fields, doc.chinese_keys())
            return self._commit(doc, rid, "replace", who, before=before, after_node=node)

    def delete(self, rid: str, if_match: str | None, who: str) -> Outcome:
        with self.served.lock.hold():
            self.journal.recover()
            doc, index = self._locate(rid)
            node = doc.rules()[index]
            self._precondition(rid, doc, node, if_match)
            before = canonical_rule(node)
            del doc.rules()[index]
            return self._commit(doc, rid, "delete", who, before=before, after_node=None)

    # --- steps -----------------------------------------------------------------------------------

    def _precondition(self, rid: str, doc: RuleFile, node: Any, if_match: str | None) -> None:
        current = versions_in(doc.original).get(rid) or version_of(node)
        if if_match is None or not if_match.strip():
            raise errors.refusal(428, "if_match_required", "S46", headers={"ETag": current},
                          extra={"rule": rid, "current_version": current})
        offered = [strip_weak(t) for t in if_match.split(",")]
        if current not in offered:
            raise errors.refusal(412, "stale_version", "S47", headers={"ETag": current}, rule=rid, version=current,
                          extra={"rule": rid, "current_version": current, "current": canonical_rule(node)})

    def _locate(self, rid: str) -> tuple[RuleFile, int]:
        book = self.served.current().book
        rule = book.rule(rid)
        path = rule.file if rule is not None else self._find_anywhere(rid)
        if path is None:
            raise errors.refusal(404, "unknown_rule", "S40", extra={"rule": rid}, rule=rid)
        self._editable(path, rid)
        doc = self._open(path)
        index = doc.find(rid)
        if index is None:  # changed on disk since the last load
            raise errors.refusal(404, "unknown_rule", "S40", extra={"rule": rid}, rule=rid)
        return doc, index

    def _find_anywhere(self, rid: str) -> Path | None:
        """The folder's file holding `rid` now (the served book may lag an external edit by one request)."""
        for path in sorted(self.served.folder.glob("*.yaml")):
            try:
                if rid in versions_in(path.read_text("utf-8")):
                    return path.resolve()
            except Exception:  # noqa: BLE001 - an unreadable or broken file holds no rule we can edit
                continue
        return None

    def _editable(self, path: Path, rid: str) -> None:
        if path.resolve().parent != self.served.folder:
            raise errors.refusal(409, "rule_not_editable", "S48", extra={"rule": rid}, rule=rid, parent=path.parent.name)

    def _target_file(self, category: str | None, file_name: str | None) -> Path:
        book = self.served.current().book
        mine = [r for r in book.rules if r.file.resolve().parent == self.served.folder]
        if file_name:
            path = (self.served.folder / file_name).resolve()
            allowed = {r.file.resolve() for r in mine} | {self.served.entry}
            if path not in allowed:
                names = "、".join(sorted(p.name for p in allowed))
                raise errors.refusal(400, "bad_file", "S49", extra={"allowed": sorted(p.name for p in allowed)},
                              file=file_name, names=names)
            return path
        same = [r for r in mine if r.category == category]
        chosen = (same or mine)[-1].file if (same or mine) else self.served.entry
        return chosen.resolve()

    def _open(self, path: Path) -> RuleFile:
        try:
            return RuleFile(path)
        except RuleFileError as exc:
            raise errors.refusal(409, "rule_file_broken", "S50", extra={"file": path.name}, reason=str(exc)) from None

    def _commit(self, doc: RuleFile, rid: str, action: str, who: str, *, before: dict | None,
                after_node: Any) -> Outcome:
        text = doc.text()
        verdict = judge(self.served.entry, doc.path, text, rid if after_node is not None else None)
        if not verdict.ok:
            raise refusal(rid, verdict)
        after = canonical_rule(after_node) if after_node is not None else None
        version_after = versions_in(text).get(rid) if after_node is not None else None
        version_before = None if before is None else versions_in(doc.original).get(rid)
        entry = change_entry(who=who, action=action, rule=rid, file=doc.path.name, before=before, after=after,
                             version_before=version_before, version_after=version_after)
        self.journal.commit(doc.path, doc.original, text, entry)  # both or neither
        try:
            book = load_rulebook(self.served.entry)
        except RulebookError as exc:  # should not happen after judge(); never leave a broken rulebook behind
            undo = change_entry(who=who, action="revert", rule=rid, file=doc.path.name, before=after, after=before,
                                version_before=version_after, version_after=version_before)
            self.journal.commit(doc.path, text, doc.original, undo)
            raise refusal(rid, Verdict([d.to_dict() for d in exc.diagnostics], [], ["reload_failed"])) from None
        self.served.swap(book)
        return Outcome(rid, version_after, after, entry)


def refusal(rid: str, verdict: Verdict) -> ApiError:
    reasons = [_REFUSAL.get(code, f"诊断 {code}") for code in dict.fromkeys(verdict.refused)]
    return errors.refusal(400, "rule_refused", "S51", rule=rid, reasons="；".join(reasons),
                   refused=", ".join(dict.fromkeys(verdict.refused)),
                   extra={"rule": rid, "reasons": reasons, "diagnostics": verdict.diagnostics, "examples": verdict.examples})


__all__ = ["Editor", "Outcome", "refusal", "rule_id"]
