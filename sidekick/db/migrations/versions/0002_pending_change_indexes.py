"""Indexes for finding pending (unpublished) team changes quickly.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Publishing and the status line look for dirty team rows; without these they scan the table.
    with op.batch_alter_table("phrase") as batch_op:
        batch_op.create_index("ix_phrase_dirty", ["dirty"], unique=False)
    with op.batch_alter_table("product") as batch_op:
        batch_op.create_index("ix_product_dirty", ["dirty"], unique=False)
    with op.batch_alter_table("category") as batch_op:
        batch_op.create_index("ix_category_dirty", ["dirty"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("category") as batch_op:
        batch_op.drop_index("ix_category_dirty")
    with op.batch_alter_table("product") as batch_op:
        batch_op.drop_index("ix_product_dirty")
    with op.batch_alter_table("phrase") as batch_op:
        batch_op.drop_index("ix_phrase_dirty")
