"""Richer usage events (no text) and the per-day count of searches that found nothing.

``usage_event`` gains how the reply was found (``found_via``: search, suggestion, link_card,
browse), whether Alt+number chose it, its rank in the list (1 = first), what was done with
it (``action``: paste, paste_send, copy) and the milliseconds from popup open to the choice.
Old rows keep NULL there: the insights treat them as "unknown", never as a guess.
``search_miss_day`` is one counter per day; ``search_miss_query`` holds query text only when
the agent opted in (``keep_missed_queries``), for their own eyes.

Revision ID: 0005_usage_events
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_usage_events"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("usage_event") as batch_op:
        batch_op.add_column(sa.Column("found_via", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("by_alt_number", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("rank", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("action", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("popup_ms", sa.Integer(), nullable=True))
    op.create_table(
        "search_miss_day",
        sa.Column("day", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "search_miss_query",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(), nullable=False),
        sa.Column("query", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("search_miss_query")
    op.drop_table("search_miss_day")
    with op.batch_alter_table("usage_event") as batch_op:
        for column in ("popup_ms", "action", "rank", "by_alt_number", "found_via"):
            batch_op.drop_column(column)
