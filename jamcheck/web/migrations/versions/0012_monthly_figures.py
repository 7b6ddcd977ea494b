"""monthly_figures: the dashboard's figures per month, committee and basis

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from jamcheck.criteria import CRITERIA

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COUNTS = ["cases", "n_total", "sum_total",
          *[f"{c}__{k}" for c in CRITERIA for k in ("n", "met", "missing")]]


def upgrade() -> None:
    op.create_table(
        "monthly_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=12), nullable=False),
        *[sa.Column(name, sa.BigInteger(), nullable=False) for name in COUNTS],
        sa.ForeignKeyConstraint(["committee_id"], ["committees.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("month", "committee_id", "basis", name="uq_monthly_figures"),
    )
    _backfill()


def _figure(name: str, confirmed: bool) -> str:
    if not confirmed:
        return f"r.{name}"
    return f"CASE WHEN ca.id IS NOT NULL THEN ca.{name} ELSE r.{name} END"


def _backfill() -> None:
    """The figures of the reports stored before this table existed (the same aggregate as
    web/stats.aggregate_query)."""
    for basis, confirmed in (("confirmed", True), ("checker", False)):
        total = _figure("total", confirmed)
        columns = ["COUNT(*)", f"COUNT({total})", f"COALESCE(SUM({total}), 0)"]
        for c in CRITERIA:
            score = _figure(f"score_{c}", confirmed)
            columns += [f"COUNT({score})", f"SUM(CASE WHEN {score} = 3 THEN 1 ELSE 0 END)",
                        f"SUM(CASE WHEN {score} = 1 THEN 1 ELSE 0 END)"]
        join = ("LEFT OUTER JOIN confirmed_assessments ca ON ca.revision_id = r.revision_id"
                if confirmed else "")
        op.execute(sa.text(
            f"INSERT INTO monthly_figures (month, committee_id, basis, {', '.join(COUNTS)}) "
            f"SELECT r.month, r.committee_id, '{basis}', {', '.join(columns)} "
            f"FROM reports r {join} WHERE r.in_stats = :yes "
            f"GROUP BY r.month, r.committee_id").bindparams(yes=True))


def downgrade() -> None:
    op.drop_table("monthly_figures")
