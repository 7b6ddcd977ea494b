"""notifications, and users' e-mail address and e-mail choice

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("notify_email", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("mail_state", sa.String(length=10), nullable=False),
        sa.Column("mail_attempts", sa.Integer(), nullable=False),
        sa.Column("mail_next_at", sa.DateTime(), nullable=True),
        sa.Column("mail_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notifications_user", "notifications", ["user_id", "read_at"])
    op.create_index("ix_notifications_mail", "notifications", ["mail_state", "mail_next_at"])


def downgrade() -> None:
    op.drop_index("ix_notifications_mail", table_name="notifications")
    op.drop_index("ix_notifications_user", table_name="notifications")
    op.drop_table("notifications")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("notify_email")
        batch.drop_column("email")
