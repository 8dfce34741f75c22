"""The schema of the first release (19 versioned fact tables and ``changes``).

Databases of that release were made with ``metadata.create_all`` before migrations existed; they
carry no ``alembic_version`` and are stamped with this revision when first migrated. A new
database is made from the current schema and stamped with the head revision directly, so this
revision has nothing to do.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
