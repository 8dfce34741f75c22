"""``tracker user ...`` and the command line as the operator (an administrator named after
TRACKER_USER): accounts made, listed, disabled, re-roled and re-passworded; changes named."""

from command import Ran, run_tracker
from sqlalchemy import select

from tracker.access import passwords, signin, users
from tracker.db import backend, schema

PASSWORD = "correct horse battery"


def tracker(*args, db_url, stdin: str | None = None, user: str = "ops-kim") -> Ran:
    env = {"TRACKER_DATABASE_URL": db_url, "TRACKER_LANG": "en", "TRACKER_USER": user}
    return run_tracker(args, env=env, stdin=stdin)


def test_user_add_list_role_disable_and_passwd(db_url):
    added = tracker("user", "add", "kim", "--role", "editor", "--password-stdin", db_url=db_url,
                    stdin=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added user kim (editor)."
    assert tracker("user", "role", "kim", "admin", db_url=db_url).returncode == 0
    listed = tracker("user", "list", db_url=db_url)
    assert listed.returncode == 0
    rows = [line.split()[:3] for line in listed.stdout.splitlines()[1:]]
    assert rows == [["kim", "admin", "active"]]
    changed = tracker("user", "passwd", "kim", "--password-stdin", db_url=db_url,
                      stdin="a new long passphrase\n")  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    engine = backend.make_engine(db_url)
    assert signin.authenticate(engine, "kim", "a new long passphrase", client="t").name == "kim"
    assert tracker("user", "disable", "kim", db_url=db_url).returncode == 0
    assert tracker("user", "list", db_url=db_url).stdout.splitlines()[1].split()[2] == "disabled"
    stored = users.get(engine, "kim")
    assert stored["password_hash"].startswith("$argon2id$")
    assert "a new long passphrase" not in stored["password_hash"]
    with engine.connect() as conn:
        log = conn.execute(
            select(schema.account_events.c.by, schema.account_events.c.by_via,
                   schema.account_events.c.action).order_by(schema.account_events.c.event_id)
        ).all()  # fmt: skip
    assert log == [
        ("ops-kim", "cli", "added"),
        ("ops-kim", "cli", "role"),
        ("ops-kim", "cli", "password"),
        ("ops-kim", "cli", "disabled"),
    ]


def test_refusals_exit_with_a_message_and_change_nothing(db_url):
    short = tracker("user", "add", "kim", "--role", "editor", "--password-stdin", db_url=db_url,
                    stdin="short\n")  # fmt: skip
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    assert "No accounts" in tracker("user", "list", db_url=db_url).stdout
    unknown = tracker("user", "disable", "ghost", db_url=db_url)
    assert unknown.returncode == 2 and "No user named 'ghost'" in unknown.stderr
    bad_role = tracker("user", "add", "kim", "--role", "owner", db_url=db_url)
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr
    tracker("user", "add", "kim", "--role", "viewer", "--password-stdin", db_url=db_url,
            stdin=PASSWORD + "\n")  # fmt: skip
    again = tracker("user", "add", "kim", "--role", "admin", "--password-stdin", db_url=db_url,
                    stdin=PASSWORD + "\n")  # fmt: skip
    assert again.returncode == 2 and "already exists" in again.stderr
    assert users.get(backend.make_engine(db_url), "kim")["role"] == "viewer"


def test_the_command_line_seeds_as_the_named_operator(db_url):
    assert tracker("seed", db_url=db_url, user="park-ops").returncode == 0
    engine = backend.make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                schema.changes.c.recorded_by, schema.changes.c.recorded_via, schema.changes.c.kind
            )
        ).all()
    assert rows == [("park-ops", "cli · tracker seed", "seed")]


def test_a_hash_is_never_printed(db_url):
    tracker("user", "add", "kim", "--role", "editor", "--password-stdin", db_url=db_url,
            stdin=PASSWORD + "\n")  # fmt: skip
    listed = tracker("user", "list", db_url=db_url).stdout
    assert "$argon2" not in listed and PASSWORD not in listed
    assert passwords.verify(
        users.get(backend.make_engine(db_url), "kim")["password_hash"], PASSWORD
    )
