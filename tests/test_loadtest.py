"""The load test's pieces that can be checked without load: the nginx file it runs, its figures."""

from __future__ import annotations

import gzip
import http.cookiejar
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import loadtest  # noqa: E402


class FakeBackend:
    def __init__(self, port):
        self.port = port


def test_the_shipped_nginx_file_names_every_process_and_keeps_no_placeholder(tmp_path):
    text = loadtest.nginx_config(
        "127.0.0.1:9000", [FakeBackend(8601), FakeBackend(8602)], tmp_path, tmp_path / "st"
    )
    body = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    for placeholder in ("@LISTEN@", "@UPSTREAMS@", "@STICKY@", "@PREFIX@", "@STATIC@"):
        assert not any(placeholder in line for line in body), placeholder
    assert f"            root {tmp_path / 'st'};" in body
    assert "        server 127.0.0.1:8601 max_fails=1 fail_timeout=5s;" in body
    assert "        server 127.0.0.1:8602 max_fails=1 fail_timeout=5s;" in body
    assert "        listen 127.0.0.1:9000;" in body
    # sticky sessions and the WebSocket upgrade are what Streamlit needs behind a proxy
    assert "    upstream tracker_8601 {" in body and "    upstream tracker_8602 {" in body
    assert "        server 127.0.0.1:8602 backup;" in body
    assert "        8601 tracker_8601;" in body
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert f"pid {tmp_path}/nginx.pid;" in text


@pytest.mark.skipif(
    not shutil.which("nginx"), reason="nginx not installed (make loadtest installs it)"
)
def test_nginx_accepts_the_rendered_file(tmp_path):
    tmp_path.chmod(0o755)
    conf = tmp_path / "nginx.conf"
    conf.write_text(loadtest.nginx_config("127.0.0.1:9000", [FakeBackend(8601)], tmp_path))
    done = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_the_summary_reports_median_and_95th_percentile_of_successful_loads():
    tally = loadtest.Tally(
        times=[float(n) for n in range(20, 0, -1)], failures=["x", "y"], reconnects=[4.25, 11.5]
    )
    summary = tally.summary()
    assert summary["loads"] == 24  # 20 drawn, 2 failed, 2 reconnected after their process died
    assert summary["failed"] == 2
    assert summary["reconnected"] == 2 and summary["longest_reconnect_s"] == 11.5
    assert summary["p50_s"] == 10.5  # median of 1..20
    assert summary["p95_s"] == 19.0  # the 19th of 20 ordered loads
    assert loadtest.Tally().summary()["p50_s"] is None
    assert loadtest.Tally().summary()["longest_reconnect_s"] is None


def test_the_load_test_serves_the_front_end_of_the_installed_streamlit():
    folder = loadtest.streamlit_static()
    assert (folder / "index.html").is_file()
    assert any((folder / "static" / "js").glob("index.*.js"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


@pytest.mark.skipif(
    not shutil.which("nginx"), reason="nginx not installed (make loadtest installs it)"
)
def test_nginx_serves_streamlits_front_end_itself_while_every_process_is_down():
    # The reconnect check of a tab whose process died waits for one of the browser's 6
    # connections to the host; these files must not hold them (docs/deploy.md, "Load test").
    # A folder nginx's workers (www-data or nobody when started as root) can read, unlike pytest's.
    top = Path(tempfile.mkdtemp(prefix="tracker-nginx-test-"))
    try:
        prefix, static = top / "nginx", top / "static"
        (static / "static" / "js").mkdir(parents=True)
        prefix.mkdir()
        script = static / "static" / "js" / "index.abc123.js"
        script.write_text("export const a = 1;\n")
        big = script.parent / "big.abc123.js"  # over gzip_min_length, and compressible
        big.write_text("".join(f"export const v{n} = {n};\n" for n in range(400)))
        big.chmod(0o644)
        for folder in (top, prefix, static, static / "static", script.parent):
            folder.chmod(0o755)
        script.chmod(0o644)
        listen = f"127.0.0.1:{free_port()}"
        nobody = FakeBackend(free_port())  # nothing listens there: a dead process
        nginx = start_nginx(prefix, loadtest.nginx_config(listen, [nobody], prefix, static))
        try:
            wait_for_port(listen, nginx)
            status, headers, body = fetch(f"http://{listen}/static/js/index.abc123.js")
            assert status == 200 and body == b"export const a = 1;\n"
            # a module script needs a JavaScript type; the hashed names are cached for a year
            assert headers["Content-Type"] == "application/javascript"
            assert headers["Cache-Control"] == "public, immutable, max-age=31536000"
            # compressed for a browser that asks (Streamlit itself never compresses)
            asked = urllib.request.Request(
                f"http://{listen}/static/js/big.abc123.js", headers={"Accept-Encoding": "gzip"}
            )
            with urllib.request.urlopen(asked, timeout=5) as reply:
                assert reply.headers["Content-Encoding"] == "gzip"
                assert gzip.decompress(reply.read()) == big.read_bytes()
            plain = fetch(f"http://{listen}/static/js/big.abc123.js")
            assert "Content-Encoding" not in plain[1] and plain[2] == big.read_bytes()
            # a name that is not on disk still goes to the processes (here: none alive)
            assert fetch(f"http://{listen}/static/js/index.other.js")[0] == 502
            assert fetch(f"http://{listen}/_stcore/health")[0] == 502
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)
    finally:
        shutil.rmtree(top, ignore_errors=True)


def start_nginx(prefix: Path, config: str) -> subprocess.Popen:
    """nginx in the foreground with ``config`` written into ``prefix`` (its folder)."""
    (prefix / "nginx.conf").write_text(config)
    return subprocess.Popen(
        ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_port(listen: str, process: subprocess.Popen, seconds: float = 10) -> None:
    host, port = listen.rsplit(":", 1)
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, "nginx stopped"
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on {listen}"
            time.sleep(0.05)


class Process:
    """A stand-in for one `tracker serve` process: it answers every GET with its port."""

    def __init__(self, port: int):
        self.port = port
        self.server: http.server.ThreadingHTTPServer | None = None

    def start(self) -> None:
        class Answer(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = str(self.server.server_address[1]).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Answer)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def kill(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.skipif(
    not shutil.which("nginx"), reason="nginx not installed (make loadtest installs it)"
)
def test_a_browser_moved_by_a_failover_stays_on_its_new_process_when_the_old_one_returns(tmp_path):
    # Its session (and so its uploads and downloads) lives where its WebSocket went during the
    # failover: sending its requests back to the restarted process would lose them (Streamlit
    # answers an upload for a session it does not hold with 400, a download with 404).
    tmp_path.chmod(0o755)
    processes = [Process(free_port()), Process(free_port())]
    for process in processes:
        process.start()
    listen = f"127.0.0.1:{free_port()}"
    nginx = start_nginx(tmp_path, loadtest.nginx_config(listen, processes, tmp_path))
    try:
        wait_for_port(listen, nginx)
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def answers() -> list[int]:
            return [int(browser.open(f"http://{listen}/_stcore/health").read()) for _ in range(3)]

        first = answers()
        home = first[0]
        assert first == [home] * 3  # sticky from the first answer on
        old = next(p for p in processes if p.port == home)
        other = next(p.port for p in processes if p.port != home)
        old.kill()
        assert answers() == [other] * 3
        old.start()
        time.sleep(7)  # past fail_timeout (5 s, counted in whole seconds): the old one is tried
        assert answers() == [other] * 3
        assert [(c.name, c.value) for c in jar] == [("tracker_upstream", str(other))]
        # a browser without the cookie, or with one naming no process, still gets an answer
        assert int(urllib.request.urlopen(f"http://{listen}/").read()) in (home, other)
        forged = urllib.request.Request(
            f"http://{listen}/", headers={"Cookie": "tracker_upstream=1"}
        )
        assert int(urllib.request.urlopen(forged).read()) in (home, other)
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        for process in processes:
            if process.server:
                process.server.server_close()


def test_the_browsers_run_below_the_servers_and_cannot_raise_their_priority(tmp_path, monkeypatch):
    # a stand-in for Chromium that reports the priority it was started with
    fake = tmp_path / "chromium"
    fake.write_text('#!/bin/sh\necho "nice=$(nice) args=$*"\ngrep CapEff /proc/self/status\n')
    fake.chmod(0o755)
    monkeypatch.setattr(loadtest, "chromium", lambda: str(fake))
    script = loadtest.niced_browser(tmp_path, 19)
    done = subprocess.run([str(script), "--headless", "a b"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"nice={min(19, os.nice(0) + 19)} args=--headless a b"
    # as root, Chromium sets its display and network threads to nice -8 unless it may not
    cap_sys_nice = 1 << 23
    assert not int(lines[1].split()[1], 16) & cap_sys_nice


def test_the_browsers_resolve_no_host_name_but_the_loopback_address():
    rules = [a for a in loadtest.BROWSER_ARGS if a.startswith("--host-resolver-rules=")]
    assert rules == ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def test_a_failed_load_says_what_its_tab_showed():
    """A load given up is reported with Streamlit's script state on the app element and whether
    the connection error was on screen: a page still running is told from one that never asked
    to run again, and a tab that went away from both."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.async_api import async_playwright

    app = '<div data-testid="stApp" data-test-script-state="{}"></div>'
    connection_error = '<div data-testid="stConnectionStatus">Connecting</div>'

    async def shown() -> list[str]:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = await browser.new_page()
            seen = []
            for html in (
                app.format("running"),
                app.format("rerunRequested") + connection_error,
                "<p>the page's code is still loading</p>",
            ):
                await page.set_content(html)
                seen.append(await loadtest.page_state(page))
            await page.close()
            seen.append(await loadtest.page_state(page))
            await browser.close()
            return seen

    # in a thread of its own: the session's synchronous Playwright may hold this thread's loop
    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(asyncio.run, shown()).result(timeout=120)
    assert seen == [
        "script running",
        "script rerunRequested, connection error shown",
        "script not started",
        "tab gone",
    ]
