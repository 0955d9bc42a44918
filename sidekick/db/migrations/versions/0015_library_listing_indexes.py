"""Indexes for the library window's lists at large sizes.

A phrase row carries its body and stored search forms (about 1.5 KB), so anything that reads
the table walks tens of megabytes at 20,000 phrases. ``ix_phrase_listing`` holds what listing a
library or category needs (which phrases, in which category, in what order), so listing and
the per-category counts read the index alone; the validity indexes find campaign phrases
(the "ending within 7 days" filter, the filter's look at expired and future replies) without
a scan.

Revision ID: 0015
Revises: 0003_phrase_questions
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0003_phrase_questions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("phrase") as batch_op:
        batch_op.create_index(
            "ix_phrase_listing", ["library_id", "deleted", "category_id", "position", "title", "id"], unique=False
        )
        batch_op.create_index("ix_phrase_valid_from", ["valid_from"], unique=False)
        batch_op.create_index("ix_phrase_valid_until", ["valid_until"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("phrase") as batch_op:
        batch_op.drop_index("ix_phrase_valid_until")
        batch_op.drop_index("ix_phrase_valid_from")
        batch_op.drop_index("ix_phrase_listing")
