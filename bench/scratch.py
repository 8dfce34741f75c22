"""Scratch databases for the benchmarks: a SQLite file in a temporary folder, or a database of
its own on the PostgreSQL server of ``TRACKER_TEST_POSTGRES`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``), created for one run and dropped after
it. Data is loaded through the command line (``tracker seed [--synthetic SIZE]``), as a user would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get(
    "TRACKER_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", "postgresql")


def create_database(prefix: str = "tracker_bench") -> tuple[str, object]:
    """A new, empty PostgreSQL database: its URL and the handle :func:`drop_database` takes."""
    from sqlalchemy import create_engine, text

    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return SERVER.rsplit("/", 1)[0] + f"/{name}", (admin, name)


def drop_database(handle) -> None:
    from sqlalchemy import text

    admin, name = handle
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def load_data(url: str, synthetic_size: str | None) -> float:
    """Seed the bundled data, or a synthetic portfolio of ``synthetic_size``; seconds taken."""
    command = [sys.executable, "-m", "tracker.cli", "--database-url", url, "seed"]
    if synthetic_size:
        command += ["--synthetic", synthetic_size]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


@contextmanager
def scratch(kind: str, folder: Path, name: str) -> Iterator[str]:
    """The URL of an empty database on backend ``kind``; a PostgreSQL one is dropped on exit."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / (name + '.sqlite')}"
        return
    url, handle = create_database()
    try:
        yield url
    finally:
        drop_database(handle)
