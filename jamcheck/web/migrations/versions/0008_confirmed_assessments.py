"""confirmed_assessments: the secretary's confirmed assessment of a revision

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

from jamcheck.criteria import CRITERIA, total

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "confirmed_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("applicable", sa.Integer(), nullable=False),
        sa.Column("overridden", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        *[sa.Column(f"score_{c}", sa.Integer(), nullable=True) for c in CRITERIA],
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("revision_id"),
    )
    _backfill(op.get_bind())


def _backfill(connection) -> None:
    """The assessments of verdicts recorded before this table existed: the latest verdict
    per revision and criterion over the scores of the revision's latest report."""
    verdicts: dict[int, dict] = {}
    for rev_id, case_id, criterion, agree, score, user_id, at in connection.execute(sa.text(
            "SELECT revision_id, case_id, criterion, agree, score, user_id, created_at "
            "FROM verdicts ORDER BY id")).fetchall():
        entry = verdicts.setdefault(rev_id, {"case_id": case_id, "given": {}})
        entry["given"][criterion] = (bool(agree), score)
        entry["user_id"], entry["at"] = user_id, at
    columns = ", ".join(f"score_{c}" for c in CRITERIA)
    for rev_id, entry in verdicts.items():
        row = connection.execute(sa.text(
            f"SELECT {columns} FROM reports WHERE revision_id = :r ORDER BY id DESC LIMIT 1"),
            {"r": rev_id}).fetchone()
        if row is None:
            continue
        checker = dict(zip(CRITERIA, row))
        scores = {c: (checker[c] if entry["given"].get(c, (True, None))[0]
                      else entry["given"][c][1]) for c in CRITERIA}
        overridden = sum(1 for agree, _ in entry["given"].values() if not agree)
        figures = total(scores.values())
        values = {"revision_id": rev_id, "case_id": entry["case_id"],
                  "total": figures["percent"], "applicable": figures["applicable"],
                  "overridden": overridden, "updated_at": entry["at"] or dt.datetime.now(),
                  "updated_by_id": entry["user_id"],
                  **{f"score_{c}": scores[c] for c in CRITERIA}}
        names = ", ".join(values)
        connection.execute(sa.text(
            f"INSERT INTO confirmed_assessments ({names}) VALUES "
            f"({', '.join(':' + k for k in values)})"), values)


def downgrade() -> None:
    op.drop_table("confirmed_assessments")
