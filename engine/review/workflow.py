"""The review cycle over the store: submit → check → explain → accept/reject → re-submit → approve, and next year
沿用上年说明. Every step is a new row with its author and time; a finding's state is derived, never stored."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select

from engine.checking.check import check
from engine.checking.fingerprint import fingerprints
from engine.model import Disclosure
from engine.review import tables as t
from engine.review.explanations import BOILERPLATE, CATEGORIES, plain, refusal
from engine.said import joined, say

ROLES = ("department", "validator", "editor", "admin")
ROLE_NAMES = {"department": "填报单位", "validator": "审核人", "editor": "规则编辑", "admin": "管理员"}
STATES = {"must_correct": "须更正", "to_explain": "待说明", "pending": "待审核", "accepted": "已说明",
          "rejected": "说明被退回", "info": "提示"}


class ReviewError(Exception):
    """A refused step: HTTP status, a stable code, and its text from the message table (R01–R60, both languages)."""

    def __init__(self, status: int, code: str, message: str, /, **params: object) -> None:
        said = say(message, **params)
        super().__init__(str(said))
        self.status, self.code, self.message_code = status, code, message
        self.zh, self.en = str(said), said.text("en")


@dataclass(frozen=True)
class Actor:
    name: str
    role: str
    unit_id: int | None = None  # a department acts for its own unit only


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _hash(secret: str) -> str:
    # tokens are 32 random bytes, so a fast keyed hash is enough (no password to stretch)
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Review:
    def __init__(self, engine: Engine, rulebook: Callable[[], Any], *, keep: Path | None = None,
                 boilerplate: tuple[str, ...] = BOILERPLATE) -> None:
        self.engine = engine
        self.rulebook = rulebook  # the current compiled rulebook (the service swaps it after edits)
        self.keep = keep
        self.boilerplate = boilerplate

    # --- people and units ----------------------------------------------------------------------------
    def add_unit(self, actor: Actor, code: str, name: str) -> dict:
        self._require(actor, "admin")
        with self.engine.begin() as db:
            if db.execute(select(t.units.c.id).where(t.units.c.code == code)).first():
                raise ReviewError(409, "unit_exists", "R01", code=code)
            uid = db.execute(insert(t.units).values(code=code, name=name, created_at=_now(),
                                                    created_by=actor.name)).inserted_primary_key[0]
        return {"id": uid, "code": code, "name": name}

    def add_principal(self, actor: Actor, name: str, role: str, unit_code: str | None = None) -> str:
        """Returns the new token (shown once; only its hash is kept)."""
        self._require(actor, "admin")
        if role not in ROLES:
            raise ReviewError(422, "bad_role", "R02", role=role, roles=joined(list(ROLES), "、"))
        with self.engine.begin() as db:
            unit_id = self._unit_id(db, unit_code) if unit_code else None
            if role == "department" and unit_id is None:
                raise ReviewError(422, "unit_required", "R03")
            if db.execute(select(t.principals.c.id).where(t.principals.c.name == name)).first():
                raise ReviewError(409, "principal_exists", "R04", name=name)
            secret = secrets.token_urlsafe(32)
            db.execute(insert(t.principals).values(name=name, role=role, unit_id=unit_id, secret_hash=_hash(secret),
                                                   created_at=_now(), created_by=actor.name))
        return secret

    def authenticate(self, token: str) -> Actor | None:
        digest = _hash(token)
        with self.engine.connect() as db:
            rows = db.execute(select(t.principals)).mappings().all()
        found = None
        for row in rows:  # compare with every hash so the timing does not tell which matched
            if hmac.compare_digest(row["secret_hash"], digest):
                found = Actor(row["name"], row["role"], row["unit_id"])
        return found

    # --- submissions and checks ----------------------------------------------------------------------
    def submit(self, actor: Actor, unit_code: str, doc: Disclosure, raw: bytes, file_name: str | None,
               year: int | None = None, lang: str = "zh") -> dict:
        year = year or doc.metadata.year
        if year is None:
            raise ReviewError(422, "year_unknown", "R05")
        with self.engine.begin() as db:
            unit_id = self._unit_id(db, unit_code)
            self._own(actor, unit_id, ("department", "validator", "admin"))
            kept = self._keep(raw, file_name, doc)
            sid = db.execute(insert(t.submissions).values(
                unit_id=unit_id, year=year, kind=doc.metadata.disclosure_type, file_name=file_name,
                document_hash=hashlib.sha256(raw).hexdigest(), internal_only=doc.metadata.internal_only,
                kept_path=kept, created_at=_now(), created_by=actor.name)).inserted_primary_key[0]
            previous = self._previous(db, unit_id, year)
            self._check(db, actor, sid, doc, lang, file_name, previous)
        return self.view(actor, sid)

    def _previous(self, db, unit_id: int, year: int) -> Disclosure | None:
        """Last year's latest submission of the unit, when its file was kept (never for 仅供内部审核)."""
        from engine.importers import DisclosureError, load_disclosure

        path = db.execute(select(t.submissions.c.kept_path).where(
            t.submissions.c.unit_id == unit_id, t.submissions.c.year == year - 1,
            t.submissions.c.kept_path.is_not(None)).order_by(t.submissions.c.id.desc()).limit(1)).scalar()
        if path is None or not Path(path).exists():
            return None
        try:
            return load_disclosure(Path(path))
        except DisclosureError:
            return None  # unreadable now: the cross-year rules are 不可核, as without one

    def _check(self, db, actor: Actor, submission_id: int, doc: Disclosure, lang: str, file_name: str | None,
               previous: Disclosure | None = None) -> int:
        from engine.checking.previous import PreviousError

        book = self.rulebook()
        try:
            report = check(doc, book, lang=lang, file=file_name, previous=previous)
        except PreviousError:  # the stored year before is not usable as last year's: checked without it
            report = check(doc, book, lang=lang, file=file_name)
        cid = db.execute(insert(t.checks).values(
            submission_id=submission_id, rulebook_id=book.id, rulebook_version=book.version,
            summary=json.loads(report.summary.model_dump_json()), created_at=_now(),
            created_by=actor.name)).inserted_primary_key[0]
        rows = [{"check_id": cid, "fingerprint": fp, "rule": f.rule, "severity": f.severity, "status": f.status,
                 "body": json.loads(f.model_dump_json())}
                for f, fp in zip(report.findings, fingerprints(report.findings))]
        if rows:
            db.execute(insert(t.findings), rows)
        return cid

    def _keep(self, raw: bytes, file_name: str | None, doc: Disclosure) -> str | None:
        """Kept only when configured, never when marked 仅供内部审核; readable by the service's user only."""
        if self.keep is None or doc.metadata.internal_only:
            return None
        self.keep.mkdir(parents=True, exist_ok=True, mode=0o700)
        suffix = Path(file_name or "upload").suffix.lower()[:8] or ".bin"
        path = self.keep / f"{hashlib.sha256(raw).hexdigest()}{suffix}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        return str(path)

    def submissions(self, actor: Actor, unit_code: str | None = None, year: int | None = None) -> list[dict]:
        with self.engine.connect() as db:
            query = select(t.submissions, t.units.c.code.label("unit_code"), t.units.c.name.label("unit_name")).join(
                t.units, t.units.c.id == t.submissions.c.unit_id).order_by(t.submissions.c.id)
            if actor.role == "department":
                query = query.where(t.submissions.c.unit_id == actor.unit_id)
            elif actor.role not in ("validator", "admin"):
                raise self._forbidden()
            if unit_code:
                query = query.where(t.units.c.code == unit_code)
            if year:
                query = query.where(t.submissions.c.year == year)
            return [self._submission_row(r) for r in db.execute(query).mappings()]

    @staticmethod
    def _submission_row(r) -> dict:
        return {"id": r["id"], "unit": r["unit_code"], "unit_name": r["unit_name"], "year": r["year"],
                "kind": r["kind"], "file_name": r["file_name"], "document_hash": r["document_hash"],
                "internal_only": r["internal_only"], "kept": r["kept_path"] is not None,
                "created_at": r["created_at"].isoformat(), "created_by": r["created_by"]}

    def view(self, actor: Actor, submission_id: int) -> dict:
        """The submission, its latest check, and each finding with its fingerprint, state and explanation."""
        with self.engine.connect() as db:
            return self._view(db, actor, submission_id)

    def _view(self, db, actor: Actor, submission_id: int) -> dict:
        """view() on a connection the caller holds (an explanation is judged on what its own transaction reads)."""
        sub = self._submission(db, actor, submission_id)
        check_row = db.execute(select(t.checks).where(t.checks.c.submission_id == submission_id)
                               .order_by(t.checks.c.id.desc()).limit(1)).mappings().first()
        found = db.execute(select(t.findings).where(t.findings.c.check_id == check_row["id"])
                           .order_by(t.findings.c.id)).mappings().all() if check_row else []
        explained = self._explanations(db, sub["unit_id"], sub["year"])
        last_year = self._accepted(db, sub["unit_id"], sub["year"] - 1)
        approved = db.execute(select(t.approvals).where(t.approvals.c.submission_id == submission_id)
                              .order_by(t.approvals.c.id.desc()).limit(1)).mappings().first()
        later = db.execute(select(func.max(t.submissions.c.id)).where(
            t.submissions.c.unit_id == sub["unit_id"], t.submissions.c.year == sub["year"])).scalar()
        items = []
        for row in found:
            finding = dict(row["body"])
            state, explanation = self._state(row, explained.get(row["fingerprint"]))
            finding.update(fingerprint=row["fingerprint"], state=state, state_text=STATES[state],
                           explanation=explanation)
            offer = last_year.get(row["fingerprint"])
            if offer and state == "to_explain":
                finding["offer"] = {"kind": "沿用上年说明", "explanation_id": offer["id"], "category": offer["category"],
                                    "text": offer["text"], "year": sub["year"] - 1}
            items.append(finding)
        fired = {row["fingerprint"] for row in found}
        closed = [e for fp, e in explained.items() if fp not in fired]  # explained earlier, no longer fires
        counts = {s: sum(1 for f in items if f["state"] == s) for s in STATES}
        return {"submission": self._submission_row(sub), "latest": sub["id"] == later,
                "check": None if check_row is None else {
                    "id": check_row["id"], "rulebook": check_row["rulebook_id"],
                    "rulebook_version": check_row["rulebook_version"], "summary": check_row["summary"],
                    "created_at": check_row["created_at"].isoformat()},
                "counts": counts, "open": counts["must_correct"] + counts["to_explain"] + counts["rejected"]
                + counts["pending"], "findings": items, "closed_explanations": closed,
                "approved": None if approved is None else {"by": approved["created_by"],
                                                           "at": approved["created_at"].isoformat()}}

    @staticmethod
    def _state(row, explanation: dict | None) -> tuple[str, dict | None]:
        if row["severity"] == "error":
            return "must_correct", None  # 强制性: corrected, never explained away
        if row["severity"] == "info" or row["status"] == "not_checkable":
            return "info", explanation
        if explanation is None:
            return "to_explain", None
        decision = explanation.get("decision")
        if decision is None:
            return "pending", explanation
        return ("accepted" if decision["decision"] == "accepted" else "rejected"), explanation

    def _explanations(self, db, unit_id: int, year: int) -> dict[str, dict]:
        """The newest explanation per fingerprint for a unit and year, with its newest decision."""
        rows = db.execute(select(t.explanations).where(t.explanations.c.unit_id == unit_id,
                                                       t.explanations.c.year == year)
                          .order_by(t.explanations.c.id)).mappings().all()
        newest: dict[int, dict] = {}  # every decision on these explanations in one query, the newest kept
        if rows:
            for d in db.execute(select(t.decisions).where(t.decisions.c.explanation_id.in_([e["id"] for e in rows]))
                                .order_by(t.decisions.c.id)).mappings():
                newest[d["explanation_id"]] = d
        return {e["fingerprint"]: self._explanation_dict(e, newest.get(e["id"])) for e in rows}

    @staticmethod
    def _explanation_dict(e, d) -> dict:
        return {"id": e["id"], "fingerprint": e["fingerprint"], "rule": e["rule"], "category": e["category"],
                "text": e["text"], "by": e["created_by"], "at": e["created_at"].isoformat(),
                "carried_from": e["carried_from"],
                "decision": None if d is None else {"decision": d["decision"], "comment": d["comment"],
                                                    "by": d["created_by"], "at": d["created_at"].isoformat()}}

    def _accepted(self, db, unit_id: int, year: int) -> dict[str, dict]:
        return {fp: e for fp, e in self._explanations(db, unit_id, year).items()
                if e["decision"] and e["decision"]["decision"] == "accepted"}

    # --- explanations and decisions --------------------------------------------------------------------
    def explain(self, actor: Actor, submission_id: int, fingerprint: str, category: str | None = None,
                text: str | None = None, carry_from: int | None = None) -> dict:
        with self.engine.begin() as db:
            sub = self._submission(db, actor, submission_id, roles=("department", "admin"))
            view = self._view(db, actor, submission_id)
            if not view["latest"]:
                raise ReviewError(409, "superseded", "R06")
            finding = next((f for f in view["findings"] if f["fingerprint"] == fingerprint), None)
            if finding is None:
                raise ReviewError(404, "no_such_finding", "R07", fingerprint=fingerprint)
            if finding["severity"] == "error":
                raise ReviewError(422, "must_correct", "R08")
            if finding["state"] in ("pending", "accepted"):
                raise ReviewError(409, "already_explained", "R09")
            if carry_from is not None:  # the department confirms last year's accepted explanation
                offer = finding.get("offer")
                if not offer or offer["explanation_id"] != carry_from:
                    raise ReviewError(422, "no_offer", "R10")
                category, text = offer["category"], offer["text"]
            categories = tuple(dict.fromkeys(CATEGORIES + tuple(getattr(self.rulebook(), "reason_categories", ()))))
            others = db.execute(select(t.explanations.c.text, t.explanations.c.fingerprint).where(
                t.explanations.c.unit_id == sub["unit_id"], t.explanations.c.year == sub["year"],
                t.explanations.c.fingerprint != fingerprint)).all()
            used = any(plain(o.text) == plain(text or "") for o in others)
            refused = refusal(text or "", category or "", finding, categories=categories,
                              boilerplate=self.boilerplate, used_elsewhere=used)
            if refused:
                raise ReviewError(422, refused.code, refused.message, **refused.params)
            eid = db.execute(insert(t.explanations).values(
                unit_id=sub["unit_id"], year=sub["year"], fingerprint=fingerprint, submission_id=submission_id,
                rule=finding["rule"], category=category, text=text, carried_from=carry_from, created_at=_now(),
                created_by=actor.name)).inserted_primary_key[0]
        return {"id": eid, "fingerprint": fingerprint, "category": category, "text": text, "state": "pending"}

    def decide(self, actor: Actor, explanation_id: int, decision: str, comment: str) -> dict:
        self._require(actor, "validator", "admin")
        if decision not in ("accepted", "rejected"):
            raise ReviewError(422, "bad_decision", "R11")
        if decision == "rejected" and not (comment or "").strip():
            raise ReviewError(422, "comment_required", "R12")
        with self.engine.begin() as db:
            e = db.execute(select(t.explanations).where(t.explanations.c.id == explanation_id)).mappings().first()
            if e is None:
                raise ReviewError(404, "no_such_explanation", "R13", id=explanation_id)
            self._own(actor, e["unit_id"], ("validator", "admin"))
            db.execute(insert(t.decisions).values(explanation_id=explanation_id, decision=decision,
                                                  comment=comment or "", created_at=_now(), created_by=actor.name))
        return {"explanation": explanation_id, "decision": decision, "comment": comment}

    def approve(self, actor: Actor, submission_id: int, comment: str = "") -> dict:
        self._require(actor, "validator", "admin")
        view = self.view(actor, submission_id)
        if not view["latest"]:
            raise ReviewError(409, "superseded", "R14")
        errors = view["counts"]["must_correct"]
        if errors:
            raise ReviewError(409, "open_errors", "R15", errors=errors)
        with self.engine.begin() as db:
            db.execute(insert(t.approvals).values(submission_id=submission_id, comment=comment or "",
                                                  created_at=_now(), created_by=actor.name))
        return {"submission": submission_id, "approved": True}

    def history(self, actor: Actor, submission_id: int) -> list[dict]:
        """Who did what when for this unit and year: submissions, checks, explanations, decisions, approvals."""
        with self.engine.connect() as db:
            sub = self._submission(db, actor, submission_id)
            subs = db.execute(select(t.submissions).where(t.submissions.c.unit_id == sub["unit_id"],
                                                          t.submissions.c.year == sub["year"])).mappings().all()
            ids = [s["id"] for s in subs]
            events = [{"at": s["created_at"], "by": s["created_by"], "event": "提交", "submission": s["id"],
                       "detail": s["file_name"]} for s in subs]
            for c in db.execute(select(t.checks).where(t.checks.c.submission_id.in_(ids))).mappings():
                events.append({"at": c["created_at"], "by": c["created_by"], "event": "校验",
                               "submission": c["submission_id"],
                               "detail": f"{c['rulebook_id']} {c['rulebook_version']}：{c['summary']}"})
            for e in db.execute(select(t.explanations).where(t.explanations.c.unit_id == sub["unit_id"],
                                                             t.explanations.c.year == sub["year"])).mappings():
                events.append({"at": e["created_at"], "by": e["created_by"], "event": "说明",
                               "submission": e["submission_id"], "detail": f"{e['rule']}［{e['category']}］{e['text']}"})
                for d in db.execute(select(t.decisions).where(t.decisions.c.explanation_id == e["id"])).mappings():
                    events.append({"at": d["created_at"], "by": d["created_by"],
                                   "event": "通过说明" if d["decision"] == "accepted" else "退回说明",
                                   "submission": e["submission_id"], "detail": d["comment"]})
            for a in db.execute(select(t.approvals).where(t.approvals.c.submission_id.in_(ids))).mappings():
                events.append({"at": a["created_at"], "by": a["created_by"], "event": "审核通过",
                               "submission": a["submission_id"], "detail": a["comment"]})
        events.sort(key=lambda e: e["at"])
        return [{**e, "at": e["at"].isoformat()} for e in events]

    # --- scoping --------------------------------------------------------------------------------------
    @staticmethod
    def _forbidden() -> ReviewError:
        return ReviewError(403, "forbidden", "R16")

    def _require(self, actor: Actor, *roles: str) -> None:
        if actor.role not in roles and actor.role != "admin":
            raise self._forbidden()

    def _own(self, actor: Actor, unit_id: int, roles: tuple[str, ...]) -> None:
        if actor.role not in roles:
            raise self._forbidden()
        if actor.unit_id is not None and actor.unit_id != unit_id:  # a unit-scoped token
            raise ReviewError(403, "other_unit", "R17")

    def _submission(self, db, actor: Actor, submission_id: int, roles=("department", "validator", "admin")):
        row = db.execute(select(t.submissions, t.units.c.code.label("unit_code"),
                                t.units.c.name.label("unit_name")).join(t.units, t.units.c.id == t.submissions.c.unit_id)
                         .where(t.submissions.c.id == submission_id)).mappings().first()
        if row is None or (actor.unit_id is not None and actor.unit_id != row["unit_id"]):
            # another unit's submission is "not found" to a department: its existence is not disclosed
            raise ReviewError(404, "no_such_submission", "R18", id=submission_id)
        self._own(actor, row["unit_id"], roles)
        return row

    @staticmethod
    def _unit_id(db, code: str) -> int:
        uid = db.execute(select(t.units.c.id).where(t.units.c.code == code)).scalar()
        if uid is None:
            raise ReviewError(404, "no_such_unit", "R19", code=code)
        return uid
