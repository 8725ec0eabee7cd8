"""The store's tables, declared once (SQLAlchemy Core) for SQLite and PostgreSQL alike.
History is append-only: a new submission, check, explanation or decision is a new row, never an update."""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s",
})


def _when() -> Column:
    return Column("created_at", DateTime(timezone=True), nullable=False)


units = Table(
    "units", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    _when(),
    Column("created_by", String(100), nullable=False),
)

principals = Table(  # who may act: a token's hash, its role and (for a department) its unit
    "principals", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),  # department | validator | editor | admin
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=True),
    Column("secret_hash", String(128), nullable=False),
    _when(),
    Column("created_by", String(100), nullable=False),
)

submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("kind", String(20), nullable=False),  # 部门决算 | 单位决算
    Column("file_name", String(255), nullable=True),
    Column("document_hash", String(64), nullable=False),
    Column("internal_only", Boolean, nullable=False),
    Column("kept_path", Text, nullable=True),  # only when keeping is configured and the file is not internal-only
    _when(),
    Column("created_by", String(100), nullable=False),
)

checks = Table(
    "checks", metadata,
    Column("id", Integer, primary_key=True),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False, index=True),
    Column("rulebook_id", String(100), nullable=False),
    Column("rulebook_version", String(100), nullable=False),
    Column("summary", JSON, nullable=False),
    _when(),
    Column("created_by", String(100), nullable=False),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("check_id", Integer, ForeignKey("checks.id"), nullable=False, index=True),
    Column("fingerprint", String(64), nullable=False),
    Column("rule", String(40), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("body", JSON, nullable=False),  # the finding as in the JSON report
    UniqueConstraint("check_id", "fingerprint"),
)

explanations = Table(  # 审核说明 of a unit-year's finding (by fingerprint): outlives re-submissions
    "explanations", metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False),
    Column("rule", String(40), nullable=False),
    Column("category", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("carried_from", Integer, ForeignKey("explanations.id"), nullable=True),  # 沿用上年说明, confirmed
    _when(),
    Column("created_by", String(100), nullable=False),
    Index("ix_explanations_subject", "unit_id", "year", "fingerprint"),
)

decisions = Table(  # a validator's accept/reject of an explanation; a later decision supersedes, never overwrites
    "decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("explanation_id", Integer, ForeignKey("explanations.id"), nullable=False, index=True),
    Column("decision", String(10), nullable=False),  # accepted | rejected
    Column("comment", Text, nullable=False),
    _when(),
    Column("created_by", String(100), nullable=False),
)

approvals = Table(  # 审核通过 of one submission
    "approvals", metadata,
    Column("id", Integer, primary_key=True),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False, index=True),
    Column("comment", Text, nullable=False),
    _when(),
    Column("created_by", String(100), nullable=False),
)
