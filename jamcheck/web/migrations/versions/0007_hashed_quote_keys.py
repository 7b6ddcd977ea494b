"""dismissals.quote_key as a digest: a dismissal keeps no text of the document

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, quote_key FROM dismissals")).fetchall()
    for row_id, key in rows:
        if key.startswith("h:"):
            continue
        digest = "h:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
        connection.execute(sa.text("UPDATE dismissals SET quote_key = :k WHERE id = :i"),
                           {"k": digest, "i": row_id})


def downgrade() -> None:
    pass  # the text is not kept: a digest cannot be turned back
