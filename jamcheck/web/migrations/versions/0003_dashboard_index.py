"""covering index for the dashboard aggregate

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:10:00

The dashboard groups the reports in the statistics by month and committee and aggregates the
total and the seven criterion scores. With every column it reads in one index, SQLite and
PostgreSQL answer from the index alone, without a table lookup per report (about 3-4 times
faster over 100,000 reports; see bench/dashboard_speed.py).
"""

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

CRITERIA = ("gendered_target_groups", "sex_disaggregated_statistics", "consequences",
            "measures", "equality_goals", "intersectionality", "motivated_exemption")
COLUMNS = ["in_stats", "month", "committee_id", "total"] + [f"score_{c}" for c in CRITERIA]


def upgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index('ix_reports_dashboard', COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_dashboard')
