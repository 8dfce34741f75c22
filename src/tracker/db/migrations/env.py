"""Alembic's entry point: migrations run on the connection that ``tracker.db.migrate`` hands over."""

from alembic import context

from tracker.db import schema

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=schema.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
