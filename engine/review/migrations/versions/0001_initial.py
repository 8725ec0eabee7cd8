"""The first store: units, principals, submissions, checks, findings, explanations, decisions."""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def _who() -> list[sa.Column]:
    return [sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("created_by", sa.String(100), nullable=False)]


def upgrade() -> None:
    op.create_table("units", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("code", sa.String(64), nullable=False, unique=True),
                    sa.Column("name", sa.String(200), nullable=False), *_who())
    op.create_table("principals", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("name", sa.String(100), nullable=False, unique=True),
                    sa.Column("role", sa.String(20), nullable=False),
                    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True),
                    sa.Column("secret_hash", sa.String(128), nullable=False), *_who())
    op.create_table("submissions", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
                    sa.Column("year", sa.Integer, nullable=False), sa.Column("kind", sa.String(20), nullable=False),
                    sa.Column("file_name", sa.String(255), nullable=True),
                    sa.Column("document_hash", sa.String(64), nullable=False),
                    sa.Column("internal_only", sa.Boolean, nullable=False),
                    sa.Column("kept_path", sa.Text, nullable=True), *_who())
    op.create_table("checks", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False,
                              index=True),
                    sa.Column("rulebook_id", sa.String(100), nullable=False),
                    sa.Column("rulebook_version", sa.String(100), nullable=False),
                    sa.Column("summary", sa.JSON, nullable=False), *_who())
    op.create_table("findings", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("check_id", sa.Integer, sa.ForeignKey("checks.id"), nullable=False, index=True),
                    sa.Column("fingerprint", sa.String(64), nullable=False),
                    sa.Column("rule", sa.String(40), nullable=False),
                    sa.Column("severity", sa.String(10), nullable=False),
                    sa.Column("status", sa.String(20), nullable=False),
                    sa.Column("body", sa.JSON, nullable=False),
                    sa.UniqueConstraint("check_id", "fingerprint"))
    op.create_table("explanations", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
                    sa.Column("year", sa.Integer, nullable=False),
                    sa.Column("fingerprint", sa.String(64), nullable=False),
                    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
                    sa.Column("rule", sa.String(40), nullable=False),
                    sa.Column("category", sa.String(40), nullable=False),
                    sa.Column("text", sa.Text, nullable=False), *_who())
    op.create_table("decisions", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("explanation_id", sa.Integer, sa.ForeignKey("explanations.id"), nullable=False,
                              index=True),
                    sa.Column("decision", sa.String(10), nullable=False),
                    sa.Column("comment", sa.Text, nullable=False), *_who())
