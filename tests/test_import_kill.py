"""A kill in the middle of an import leaves the database exactly as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

from conftest import ROOT

from tracker.db import schema

# Runs `tracker import` but stops, inside the open transaction, right after every row of the
# file went into the expenditures table: a SIGKILL then lands with all rows written and none
# committed, the worst moment.
HOOKED_IMPORT = textwrap.dedent(
    """
    import pathlib, sys, time
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    marker = pathlib.Path(sys.argv[1])

    @event.listens_for(Engine, "after_cursor_execute")
    def pause(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO expenditures"):
            marker.write_text("inside the transaction")
            time.sleep(120)

    from tracker.cli.main import main as cli_main
    raise SystemExit(cli_main(sys.argv[2:]))
    """
)


def dump(path) -> list:
    with sqlite3.connect(path) as conn:
        return [
            conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            for name in (*schema.LOAD_ORDER, "changes")
        ]


def test_sigkill_mid_transaction_leaves_the_database_as_before(bundled_db_file, tmp_path):
    database = tmp_path / "live.sqlite"
    database.write_bytes(bundled_db_file.read_bytes())
    rows = "".join(f"pay-{n},gj1-site,2024-03-05,national,{1000 + n},\n" for n in range(5000))
    payments = tmp_path / "payments.csv"
    payments.write_text("key,project_key,spent_on,funding_source,amount_won,note\n" + rows)
    before = dump(database)
    marker = tmp_path / "inside"
    url = f"sqlite:///{database}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOOKED_IMPORT,
            str(marker),
            "--database-url",
            url,
            "import",
            "expenditures",
            str(payments),
        ],
        cwd=ROOT,
        env={**os.environ, "TRACKER_LANG": "en"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never reached its transaction"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert dump(database) == before
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # and the database takes the same import afterwards, whole
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker.cli",
            "--database-url",
            url,
            "import",
            "expenditures",
            str(payments),
        ],
        cwd=ROOT,
        env={**os.environ, "TRACKER_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "5000 new, 0 changed, 0 unchanged" in done.stdout
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM expenditures").fetchone() == (5000,)
