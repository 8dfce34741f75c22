"""Shared fixtures: every test builds its own database in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tracker import config
from tracker.access import roles
from tracker.db import backend, seed, store

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "data"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.sqlite'}"


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
def bundled_engine(bundled_db_file: Path, tmp_path: Path):
    copy = tmp_path / "bundled.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    engine = backend.make_engine(f"sqlite:///{copy}")
    yield engine
    engine.dispose()


@pytest.fixture
def app_env(monkeypatch, tmp_path: Path):
    """Point the app at a database of the test's choosing: ``app_env('bundled'|'empty')``."""

    def use(kind: str, bundled_db_file: Path | None = None) -> str:
        path = tmp_path / f"app-{kind}.sqlite"
        if kind == "bundled":
            assert bundled_db_file is not None
            path.write_bytes(bundled_db_file.read_bytes())
        url = f"sqlite:///{path}"
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
