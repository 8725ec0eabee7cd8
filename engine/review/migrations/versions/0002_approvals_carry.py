"""审核通过 as rows of their own; an explanation may carry last year's (沿用上年说明); explanations indexed by subject."""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table("approvals", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False,
                              index=True),
                    sa.Column("comment", sa.Text, nullable=False),
                    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
                    sa.Column("created_by", sa.String(100), nullable=False))
    with op.batch_alter_table("explanations") as batch:
        batch.add_column(sa.Column("carried_from", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_explanations_carried_from_explanations", "explanations", ["carried_from"], ["id"])
        batch.create_index("ix_explanations_subject", ["unit_id", "year", "fingerprint"])
