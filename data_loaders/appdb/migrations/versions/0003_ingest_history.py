"""Ingest history: each run's snapshot of the rows it replaced, its per-source changes, and the
run an undo undid.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ingest_runs") as batch:
        batch.add_column(sa.Column("snapshot", sa.String(80)))
        batch.add_column(sa.Column("changes", sa.JSON()))
        batch.add_column(sa.Column("undoes", sa.Integer()))


def downgrade() -> None:
    with op.batch_alter_table("ingest_runs") as batch:
        batch.drop_column("undoes")
        batch.drop_column("changes")
        batch.drop_column("snapshot")
