"""Investment tracking for regional AI initiatives.

Layers: ``schema`` (tables), ``backend`` (the only module that knows SQLite from
PostgreSQL), ``store`` (validated, transactional, history-keeping writes),
``queries`` (as-of reads returning DataFrames), ``metrics``/``charts`` (pure),
``ui`` (the only package that imports Streamlit).
"""

__version__ = "0.1.0"
