"""Sign-in and roles: how each change's author was identified (``changes.recorded_via``).

The account tables (``users``, ``sign_in_events``, ``account_events``) are new and are created
whole from the current schema by the upgrade.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa

from tracker.db.migrations.ops import add_columns_if_missing, drop_columns_if_present

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_columns_if_missing("changes", sa.Column("recorded_via", sa.String(200)))


def downgrade() -> None:
    drop_columns_if_present("changes", "recorded_via")
