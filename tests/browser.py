"""Start the real dashboard (``tracker serve``, as ``make run`` does) and drive it with Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("BROWSER_PATH"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(database_url: str, log_path: Path, extra_env: dict | None = None):
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": database_url, **(extra_env or {})}
    command = [
        sys.executable,
        "-m",
        "tracker.ui.serve",  # the way `make run` starts it
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start:\n{log_path.read_text()}")
                time.sleep(0.3)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Every chart on the page has drawn: no placeholder is left (Streamlit shows a skeleton while a
# lazily loaded element such as plotly or a grid is fetched, which goes on after the script run
# ends), plotly's SVG is in each chart element, and each deck has its canvas.
_CHARTS_DRAWN = """() =>
  document.querySelector('[data-testid="stSkeleton"]') === null
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(c => c.querySelector('.main-svg') !== null)
  && [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')]
    .every(d => d.querySelector('canvas') !== null)"""


def wait_for_page(page, timeout_ms: int = 60_000) -> None:
    """Wait until the script has finished and the app is idle. A page opened or an action taken
    moves the state away from notRunning at once ("initial" before the first run, "rerun
    requested" on a widget change); the second look catches a rerun the script asks for itself
    (``st.rerun``) right after a run ends."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.wait_for_timeout(100)
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def wait_for_charts(page, timeout_ms: int = 60_000) -> None:
    """Wait until the page is idle and every plotly chart and pydeck map on it has drawn."""
    wait_for_page(page, timeout_ms)
    page.wait_for_function(_CHARTS_DRAWN, timeout=timeout_ms)


def open_in_app(page, base: str, path: str, *, query: str = "") -> None:
    """Show the page at ``path`` ("" for the default page) in ``page``: through its link in the
    sidebar navigation when ``page`` already shows the app (the way a person moves between
    pages: the script reruns over the open connection and the browser keeps the code it has
    loaded), else by loading its URL (``query`` is added then, e.g. ``lang=en``)."""
    href = f"{base}/{path}"
    on_app = page.url.startswith(base) and page.locator('[data-testid="stApp"]').count() > 0
    link = page.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]')
    if on_app and link.count() > 0:
        link.first.evaluate("a => a.click()")  # a link in a folded section is clickable too
    else:
        page.goto(f"{href}?{query}" if query else href)
    wait_for_page(page)


def error_texts(page) -> list[str]:
    boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    return [boxes.nth(i).inner_text() for i in range(boxes.count())]
