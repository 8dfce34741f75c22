"""Dates as precise as their sources, milestone dependencies, sourced usage indicators.

Seven nullable columns (a precision per date that can be known to less than a day, and
``milestones.depends_on``); the new ``indicators`` table is created from the current schema by the
upgrade itself.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa

from tracker.db.migrations.ops import add_columns_if_missing, drop_columns_if_present

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = {
    "sources": ("published_precision",),
    "plan_versions": ("announced_precision",),
    "milestones": ("forecast_precision", "depends_on"),
    "agreements": ("signed_precision",),
    "agreement_tallies": ("counted_precision",),
    "centres": ("opened_precision",),
}


def upgrade() -> None:
    for table, names in COLUMNS.items():
        add_columns_if_missing(
            table,
            *(sa.Column(n, sa.String(120 if n == "depends_on" else 5)) for n in names),
        )


def downgrade() -> None:
    for table, names in COLUMNS.items():
        drop_columns_if_present(table, *names)
