"""Initial app database: ingest ledger, review queue, saved views, audit log, users.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("loader", sa.String(40), nullable=False),
        sa.Column("file_sha256", sa.String(64)),
        sa.Column("source_ids", sa.JSON),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("rows_in", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_written", sa.Integer, nullable=False, server_default="0"),
        sa.Column("problems", sa.JSON),
        sa.Column("user_name", sa.String(120)),
    )
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_sha256", sa.String(64), nullable=False, index=True),
        sa.Column("document_name", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("candidate", sa.JSON, nullable=False),
        sa.Column("decision", sa.String(20), nullable=False, server_default="pending"),
        sa.Column("corrected", sa.JSON),
        sa.Column("decided_by", sa.String(120)),
        sa.Column("decided_at", TS),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "saved_views",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("page", sa.String(80), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(120)),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("user_name", sa.String(120)),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("review_item_id", sa.Integer, sa.ForeignKey("review_items.id")),
    )
    op.create_table(
        "users",
        sa.Column("name", sa.String(120), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False, server_default="viewer"),
        sa.Column("created_at", TS, nullable=False),
    )


def downgrade() -> None:
    for table in ("users", "audit_log", "saved_views", "review_items", "ingest_runs"):
        op.drop_table(table)
