"""Shared fixtures: every test builds its own database in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tracker import config
from tracker.access import roles
from tracker.access.roles import operator as _operator
from tracker.db import backend, seed, store

OPERATOR = _operator("tests")

# `make mutation` runs the tests traced, and on a loaded machine: no per-example deadline there
# (`--hypothesis-profile mutation`); `make test` keeps Hypothesis's defaults.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("mutation", deadline=None, derandomize=True)

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "data"
ARTIFACTS = ROOT / "test-artifacts"


PG_SERVER = os.environ.get(
    "TRACKER_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", "postgresql")


def _pg_admin():
    """An autocommit connection to the test server, or a skip (a failure on CI) saying how."""
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no server here"
        admin.dispose()
        message = (
            f"no PostgreSQL server at {PG_SERVER} ({type(exc).__name__}); start one on "
            "127.0.0.1:5432 or set TRACKER_TEST_POSTGRES to run the PostgreSQL half"
        )
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is expected on CI: {message}")
        pytest.skip(message)
    return admin


class PgDatabases:
    """One scratch database on the test server per session, one schema per test in it (a test's
    URL sets ``search_path``), copied from seeded template schemas; all dropped at the end. Schemas
    instead of databases because every DROP DATABASE forces a checkpoint (seconds each)."""

    def __init__(self):
        import uuid

        self.admin = _pg_admin()
        self.database = f"tracker_test_{uuid.uuid4().hex[:10]}"
        self._admin_execute(f'CREATE DATABASE "{self.database}"')
        self.engine = backend.make_engine(PG_SERVER.rsplit("/", 1)[0] + f"/{self.database}")
        self.templates: dict[str, str] = {}

    def _admin_execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def url(self, schema: str) -> str:
        return PG_SERVER.rsplit("/", 1)[0] + f"/{self.database}?options=-csearch_path%3D{schema}"

    def _new_schema(self) -> str:
        import uuid

        from sqlalchemy import text

        name = f"t_{uuid.uuid4().hex[:12]}"
        with self.engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        return name

    def template(self, kind: str) -> str:
        """A schema holding the bundled data (made once per run)."""
        if kind not in self.templates:
            name = self._new_schema()
            engine = backend.make_engine(self.url(name))
            store.create_schema(engine)
            seed.seed(engine, BUNDLE, actor=OPERATOR)
            engine.dispose()
            self.templates[kind] = name
        return self.templates[kind]

    def copy(self, kind: str) -> str:
        """A new schema: without tables (``empty``, like a new SQLite file) or with the bundled
        template's tables and rows (``bundled``)."""
        from sqlalchemy import text

        if kind == "empty":
            return self.url(self._new_schema())

        source, target = self.template(kind), self._new_schema()
        with self.engine.begin() as conn:
            tables = conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                {"s": source},
            ).scalars()
            for table in sorted(tables):  # LIKE copies no foreign keys: any order will do
                conn.execute(
                    text(
                        f'CREATE TABLE "{target}"."{table}" (LIKE "{source}"."{table}" INCLUDING ALL)'
                    )
                )
                conn.execute(
                    text(f'INSERT INTO "{target}"."{table}" SELECT * FROM "{source}"."{table}"')
                )
        return self.url(target)

    def drop_all(self) -> None:
        """Leave dropping the scratch database to a detached process: after a full run DROP
        DATABASE removes thousands of files and forces a checkpoint (seconds to tens of
        seconds), which nothing after the last test needs to wait for."""
        import subprocess
        import sys

        self.engine.dispose()
        self.admin.dispose()
        script = (
            "import sys\n"
            "from sqlalchemy import create_engine, text\n"
            "engine = create_engine(sys.argv[1], isolation_level='AUTOCOMMIT')\n"
            "with engine.connect() as conn:\n"
            "    conn.execute(text(sys.argv[2]))\n"
        )
        statement = f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'
        subprocess.Popen(
            [sys.executable, "-c", script, PG_SERVER, statement],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


@pytest.fixture(scope="session")
def pg_databases():
    databases = PgDatabases()
    yield databases
    databases.drop_all()


@pytest.fixture(params=BACKENDS)
def backend_kind(request) -> str:
    """Each test that takes a database runs on SQLite and on PostgreSQL."""
    return request.param


def _database_url(kind: str, backend_kind: str, request, tmp_path: Path) -> str:
    """A fresh database of ``kind`` (``empty`` or ``bundled``) on the test's backend."""
    if backend_kind == "postgresql":
        return request.getfixturevalue("pg_databases").copy(kind)
    path = tmp_path / f"{kind}-{uuid4_hex()}.sqlite"
    if kind == "bundled":
        path.write_bytes(request.getfixturevalue("bundled_db_file").read_bytes())
    return f"sqlite:///{path}"


def uuid4_hex() -> str:
    import uuid

    return uuid.uuid4().hex[:8]


@pytest.fixture
def db_url(backend_kind: str, request, tmp_path: Path) -> str:
    return _database_url("empty", backend_kind, request, tmp_path)


@pytest.fixture
def sqlite_engine(tmp_path: Path):
    """A SQLite database, for what only SQLite has (pragmas, the file itself)."""
    engine = backend.make_engine(f"sqlite:///{tmp_path / 'sqlite-only.sqlite'}")
    store.create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(db_url: str):
    engine = backend.make_engine(db_url)
    store.create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def bundled_db_file(tmp_path_factory) -> Path:
    """One seeded copy per session; tests that write copy it first."""
    path = tmp_path_factory.mktemp("bundled") / "tracker.sqlite"
    engine = backend.make_engine(f"sqlite:///{path}")
    store.create_schema(engine)
    seed.seed(engine, BUNDLE, actor=roles.operator("tests"))
    engine.dispose()
    return path


@pytest.fixture
def bundled_engine(backend_kind: str, request, tmp_path: Path):
    engine = backend.make_engine(_database_url("bundled", backend_kind, request, tmp_path))
    yield engine
    engine.dispose()


@pytest.fixture
def app_env(monkeypatch, tmp_path: Path, backend_kind: str, request):
    """Point the app at a database of the test's choosing: ``app_env('bundled'|'empty')``, on the
    test's backend (SQLite, then PostgreSQL)."""

    def use(kind: str, bundled_db_file: Path | None = None) -> str:
        assert kind in ("bundled", "empty"), kind
        url = _database_url(kind, backend_kind, request, tmp_path)
        monkeypatch.setenv("TRACKER_DATABASE_URL", url)
        return url

    monkeypatch.chdir(ROOT)
    yield use
    # Streamlit caches live in-process; clear them so the next test sees its own database.
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


TODAY = dt.date.today()
assert config.settings  # imported for fixtures that patch settings
os.environ.setdefault("TRACKER_LANG", "ko")


@pytest.fixture(scope="session", autouse=True)
def _one_image_browser_per_worker():
    """The chart-image browser (kaleido's Chromium) is started by the first test that renders
    an image and kept for the rest of the run, as the app keeps it; closed at the end."""
    yield
    import sys

    if "tracker.reports.images" in sys.modules:
        sys.modules["tracker.reports.images"].shutdown()


@pytest.fixture(scope="session")
def served_app(bundled_db_file, tmp_path_factory):
    """The real dashboard on a free port, with its own copy of the bundled database."""
    from browser import streamlit_server

    folder = tmp_path_factory.mktemp("served")
    copy = folder / "tracker.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    with streamlit_server(f"sqlite:///{copy}", folder / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser_page_factory():
    """New Chromium pages (Debian's chromium; playwright cannot download browsers here)."""
    from browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium is missing: run `make test` (it installs it) or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR")
        yield context.new_page
        context.close()
        browser.close()


@pytest.fixture
def screenshot_on_failure(request):
    """Pages registered here get a screenshot in test-artifacts/ if the test fails."""
    pages = []
    yield pages.append
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for n, page in enumerate(pages):
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{n}.png"), full_page=True)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
