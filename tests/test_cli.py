"""The ``tracker`` command: init, seed (idempotent), info, and clear failures."""

import subprocess
import sys

import pytest
from conftest import BUNDLE, ROOT


def tracker(*args, env_url):
    import os

    env = {**os.environ, "TRACKER_DATABASE_URL": env_url, "TRACKER_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_init_seed_twice_and_info(db_url, backend_kind):
    assert tracker("init", env_url=db_url).returncode == 0
    first = tracker("seed", env_url=db_url)
    assert first.returncode == 0, first.stderr
    assert "0 unchanged" in first.stdout
    second = tracker("seed", env_url=db_url)
    assert second.returncode == 0
    assert " 0 new versions" in second.stdout
    info = tracker("info", env_url=db_url)
    assert info.returncode == 0
    assert ("SQLite file" if backend_kind == "sqlite" else "PostgreSQL") in info.stdout
    lines = {line.split()[0]: line.split()[1:] for line in info.stdout.splitlines()[2:]}
    assert int(lines["milestones"][0]) > 5
    assert int(lines["milestones"][1]) > int(
        lines["milestones"][0]
    )  # history: more versions than facts


def test_seed_if_empty_leaves_existing_data_alone(db_url):
    tracker("seed", env_url=db_url)
    again = tracker("seed", "--if-empty", env_url=db_url)
    assert again.returncode == 0 and "not loaded again" in again.stdout


def test_a_broken_bundle_fails_with_a_message_and_writes_nothing(db_url, tmp_path):
    bad = tmp_path / "bundle"
    bad.mkdir()
    for name in ("sources", "regions"):
        (bad / f"{name}.csv").write_text(
            (BUNDLE / f"{name}.csv").read_text(encoding="utf-8"), encoding="utf-8"
        )
    (bad / "initiatives.csv").write_text(
        "key,valid_from,region_key,name_ko,name_en,envelope_won\nx,2020-01-01,no-such-region,가,A,12억\n",
        encoding="utf-8",
    )
    result = tracker("seed", "--data-dir", str(bad), env_url=db_url)
    assert result.returncode == 2
    assert "nothing was saved" in result.stderr
    assert "no-such-region" in result.stderr and "12억" in result.stderr
    info = tracker("info", env_url=db_url)
    assert " 0 " in [line for line in info.stdout.splitlines() if line.startswith("sources")][0]


def test_an_unsupported_database_url_is_explained(tmp_path):
    result = tracker("info", env_url="mysql://x@localhost/db")
    assert result.returncode == 2
    assert "neither SQLite nor PostgreSQL" in result.stderr


@pytest.mark.browser
def test_serve_starts_the_dashboard_with_the_router(
    bundled_db_file, tmp_path, browser_page_factory
):
    """`tracker serve` (what `make run` runs) answers the health check and draws the Overview
    with the bundled figures (the health check alone is answered without running the app)."""
    import os
    import time
    import urllib.request

    from browser import free_port

    copy = tmp_path / "t.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{copy}"}
    args = [
        sys.executable,
        "-m",
        "tracker.cli",
        "serve",
        "--port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as r:
                    assert r.read() == b"ok"
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read().decode()
                assert time.monotonic() < deadline, "tracker serve did not start"
                time.sleep(0.3)
        from playwright.sync_api import expect

        page = browser_page_factory()
        page.goto(f"http://127.0.0.1:{port}/")
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text("4,116억원", timeout=60_000)  # the bundled first plan
        expect(main).to_contain_text("개요")
        page.close()
    finally:  # a loaded machine may take Streamlit's graceful stop past any short wait
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
