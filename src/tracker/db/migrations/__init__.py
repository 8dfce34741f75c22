"""Schema migrations (Alembic). ``tracker.db.migrate`` runs them; ``versions/`` holds one file per
revision, oldest first. A new column or table: add it to ``schema.py`` and a revision here that
adds it (``add_columns_if_missing`` for nullable columns)."""
