"""Regions gain population, GRDP and their statistics year (the portfolio's relative units).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa

from tracker.db.migrations.ops import add_columns_if_missing, drop_columns_if_present

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_columns_if_missing(
        "regions",
        sa.Column("population", sa.BigInteger),
        sa.Column("grdp_won", sa.BigInteger),
        sa.Column("stats_year", sa.Integer),
    )


def downgrade() -> None:
    drop_columns_if_present("regions", "population", "grdp_won", "stats_year")
