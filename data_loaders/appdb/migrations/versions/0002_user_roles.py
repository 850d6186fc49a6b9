"""Users signed in through OpenID Connect: role viewer/editor/admin and an optional province.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("province_code", sa.String(16)))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True)))
    # the unused 0001 vocabulary had "analyst" for what is now "editor"
    op.execute("UPDATE users SET role = 'editor' WHERE role = 'analyst'")


def downgrade() -> None:
    op.execute("UPDATE users SET role = 'analyst' WHERE role = 'editor'")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("updated_at")
        batch.drop_column("province_code")
