"""The data layer, the single door to the database.

- ``schema``: the tables (every fact table versioned) and their load order;
- ``store``: the write path (validate, then append versions in one transaction, with a change record);
- ``queries``: the as-of read path (``facts_as_of``) and the reads several pages share;
- ``backend``: the one module that knows SQLite from PostgreSQL;
- ``seed``: loads the bundled ``data/*.csv``.
"""
