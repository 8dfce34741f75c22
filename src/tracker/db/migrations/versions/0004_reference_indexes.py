"""An index on every reference column (``project_key``, ``initiative_key``, ...).

Reads narrow a big table by reference before ranking its versions (one initiative's payments among
200,000); without these indexes each such step scans the table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


# The reference columns of this revision's schema (frozen: a later reference gets its own revision).
REFERENCES = (
    ("initiatives", "region_key"),
    ("plan_versions", "initiative_key"),
    ("projects", "initiative_key"),
    ("projects", "parent_key"),
    ("budget_lines", "plan_version_key"),
    ("budget_lines", "project_key"),
    ("expenditures", "project_key"),
    ("milestones", "initiative_key"),
    ("milestones", "project_key"),
    ("milestones", "depends_on"),
    ("agreements", "initiative_key"),
    ("agreements", "partner_key"),
    ("agreement_tallies", "initiative_key"),
    ("sites", "initiative_key"),
    ("centres", "initiative_key"),
    ("centres", "partner_key"),
    ("centres", "site_key"),
    ("committee_bodies", "initiative_key"),
    ("committee_bodies", "parent_key"),
    ("meetings", "body_key"),
    ("decisions", "meeting_key"),
    ("action_items", "meeting_key"),
    ("strategies", "initiative_key"),
    ("tasks", "strategy_key"),
    ("indicators", "initiative_key"),
    ("indicators", "project_key"),
)


def _reference_indexes():
    for name, column in REFERENCES:
        yield name, f"ix_{name}_{column}", column


def upgrade() -> None:
    import sqlalchemy as sa

    inspector = sa.inspect(op.get_bind())
    for table, index, column in _reference_indexes():
        if not inspector.has_table(table):
            continue  # created whole, indexes included, after the revisions
        present = {ix["name"] for ix in inspector.get_indexes(table)}
        columns = {c["name"] for c in inspector.get_columns(table)}
        if index not in present and column in columns:
            op.create_index(index, table, [column])


def downgrade() -> None:
    for table, index, _column in _reference_indexes():
        op.drop_index(index, table_name=table, if_exists=True)
