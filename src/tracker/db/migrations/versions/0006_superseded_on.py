"""Each version knows when the next one takes over: ``superseded_on`` on every fact table.

A read "as of" a day keeps a version when ``valid_from <= day`` and ``superseded_on`` is empty or
later than the day, without probing the table for a later version (see ``schema`` and
``asof.facts_as_of``). The upgrade adds the nullable column and fills it from the versions already
there: the next version's ``valid_from`` in ``(valid_from, row_id)`` order, per key.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from tracker.db.migrations import ops
from tracker.db.migrations.ops import add_columns_if_missing, drop_columns_if_present

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The fact tables of this revision's schema (frozen: a later table is created with the column).
FACT_TABLES = (
    "sources", "regions", "initiatives", "plan_versions", "projects", "budget_lines",
    "expenditures", "milestones", "partners", "agreements", "agreement_tallies", "sites",
    "centres", "committee_bodies", "meetings", "decisions", "action_items", "strategies",
    "tasks", "indicators",
)  # fmt: skip

# UPDATE ... FROM: PostgreSQL, and SQLite from 3.33 (2020)
FILL = """
UPDATE {table} SET superseded_on = following.next_valid_from
FROM (
    SELECT row_id, LEAD(valid_from) OVER (PARTITION BY key ORDER BY valid_from, row_id)
        AS next_valid_from
    FROM {table}
) AS following
WHERE following.row_id = {table}.row_id AND following.next_valid_from IS NOT NULL
"""

# The same for an older SQLite: one probe of the (key, valid_from) index per version
FILL_BY_PROBE = """
UPDATE {table} SET superseded_on = (
    SELECT later.valid_from FROM {table} AS later
    WHERE later.key = {table}.key
        AND (later.valid_from > {table}.valid_from
             OR (later.valid_from = {table}.valid_from AND later.row_id > {table}.row_id))
    ORDER BY later.valid_from, later.row_id
    LIMIT 1
)
"""


def upgrade() -> None:
    fill = FILL if ops.updates_from_a_query() else FILL_BY_PROBE
    for table in FACT_TABLES:
        if add_columns_if_missing(table, sa.Column("superseded_on", sa.Date())):
            op.execute(sa.text(fill.format(table=table)))


def downgrade() -> None:
    for table in FACT_TABLES:
        if sa.inspect(op.get_bind()).has_table(table):
            drop_columns_if_present(table, "superseded_on")
