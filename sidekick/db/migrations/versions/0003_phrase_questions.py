"""买家问法 on phrases: example buyer questions and question-bank intents.

Two text columns on ``phrase``, each a JSON array of strings ('' when empty), rather than a
child table: a phrase's questions are always read and written together with the phrase (one
row per phrase through ``save_phrase``, the bulk writer, the hub pull and the index loader)
and nothing looks a phrase up by one of its questions, so a column keeps every write path a
single-row write.

Revision ID: 0003_phrase_questions
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_phrase_questions"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("phrase") as batch_op:
        batch_op.add_column(sa.Column("questions", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("intents", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("phrase") as batch_op:
        batch_op.drop_column("intents")
        batch_op.drop_column("questions")
