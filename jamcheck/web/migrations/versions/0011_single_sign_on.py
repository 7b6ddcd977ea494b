"""single sign-on: users.sso_subject and the group mapping

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("sso_subject", sa.String(length=500), nullable=True))
        batch.create_unique_constraint("uq_users_sso_subject", ["sso_subject"])
    op.create_table(
        "sso_group_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("committee_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["committee_id"], ["committees.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sso_group", "sso_group_mappings", ["group"])


def downgrade() -> None:
    op.drop_index("ix_sso_group", table_name="sso_group_mappings")
    op.drop_table("sso_group_mappings")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_sso_subject", type_="unique")
        batch.drop_column("sso_subject")
