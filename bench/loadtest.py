"""The deployment shape on one machine, under load: two `tracker serve` processes on PostgreSQL
behind nginx (`deploy/nginx.conf`, sticky sessions, WebSocket upgrade), and concurrent headless
Chromium sessions that browse pages and change the shared filters.

Run with ``python -m bench.loadtest`` (``make loadtest``). Two phases, each bounded in time:

1. steady: every session loops over the pages for ``--seconds``;
2. failover: the same, with one server process killed a third of the way in and restarted at two
   thirds; sessions on it reconnect through nginx to the live process.

A load counts as failed when the page does not finish drawing within the timeout or shows an error
box (an exception or Streamlit's connection error) once it has finished. Printed: loads, failures,
p50 / p95 page time and each server's memory before and after (RSS of the process). Traffic goes
only to 127.0.0.1; the run stops by itself. Nothing is asserted about timings. Chromium runs at a
lower CPU priority than the servers (``--browser-nice``, default 10): on one machine the 20 tabs
would otherwise take the CPU the servers are measured on.

Needs nginx (Debian's package; the Makefile installs it as root), Chromium, and a PostgreSQL server
(``TRACKER_TEST_POSTGRES``, default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) on
which it creates and drops a scratch database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .scratch import create_database, drop_database, load_data

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("overview", "portfolio", "budget", "schedule", "committee", "partners", "map")
VIEWS = ("", "lang=en", "unit=million", "as_of=2022-12-31", "lang=en&as_of=2024-06-30")
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'
CONNECTION_ERROR = '[data-testid="stConnectionStatus"], [role="dialog"]:has-text("Connection")'


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def wait_healthy(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


class Backend:
    """One `tracker serve` process on a loopback port."""

    def __init__(self, database_url: str, folder: Path, name: str):
        self.database_url, self.folder, self.name = database_url, folder, name
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "TRACKER_DATABASE_URL": self.database_url}
        log = (self.folder / f"{self.name}.log").open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tracker.ui.serve", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--client.showErrorDetails", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_healthy(f"http://127.0.0.1:{self.port}/_stcore/health")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    @property
    def rss(self) -> int:
        return rss_kib(self.process.pid) if self.process else 0


def streamlit_static() -> Path:
    """The folder of Streamlit's front end (index.html, static/js, ...) in the installed package."""
    import importlib.util

    return Path(importlib.util.find_spec("streamlit").origin).parent / "static"


def sticky_groups(ports: list[int]) -> str:
    """deploy/nginx.conf's @STICKY@: per process a group that tries it first and the others as
    backups, and the map from the tracker_upstream cookie (a port) to that group."""
    lines = []
    for port in ports:
        lines.append(f"    upstream tracker_{port} {{")
        lines.append(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;")
        lines += [f"        server 127.0.0.1:{other} backup;" for other in ports if other != port]
        lines.append("    }")
    lines.append("    map $cookie_tracker_upstream $tracker_pool {")
    lines.append("        default tracker;")
    lines += [f"        {port} tracker_{port};" for port in ports]
    lines.append("    }")
    return "\n".join(lines)


def nginx_config(
    listen: str, backends: list[Backend], prefix: Path, static: Path | None = None
) -> str:
    template = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    static = static or streamlit_static()
    upstreams = "\n".join(
        f"        server 127.0.0.1:{b.port} max_fails=1 fail_timeout=5s;" for b in backends
    )
    lines = []
    for line in template.splitlines():
        if not line.lstrip().startswith("#"):  # the header comment names the placeholders
            line = line.replace("@LISTEN@", listen).replace("@UPSTREAMS@", upstreams)
            line = line.replace("@STICKY@", sticky_groups([b.port for b in backends]))
            line = line.replace("@PREFIX@", str(prefix)).replace("@STATIC@", str(static))
        lines.append(line)
    return "\n".join(lines) + "\n"


RECONNECT_S = 60  # as long as a page load may take: the connection error may stay that long


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    # loads that showed the connection error (their process was killed under them) and then
    # reconnected by themselves: seconds the error stayed on screen
    reconnects: list[float] = field(default_factory=list)

    def summary(self) -> dict:
        ordered = sorted(self.times)
        p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)] if ordered else None
        return {
            "loads": len(self.times) + len(self.failures) + len(self.reconnects),
            "failed": len(self.failures),
            "reconnected": len(self.reconnects),
            "longest_reconnect_s": round(max(self.reconnects), 1) if self.reconnects else None,
            "p50_s": round(statistics.median(ordered), 2) if ordered else None,
            "p95_s": round(p95, 2) if p95 is not None else None,
            "first_failures": self.failures[:5],
        }


async def page_state(page) -> str:
    """What a failed load's tab showed when it was given up: the script state Streamlit gives its
    app element (running, notRunning, rerunRequested, ...), and whether the connection error was
    on screen; so that a page still running (slow) is told from one that never asked to run."""
    try:
        app = page.locator('[data-testid="stApp"]')
        state = (
            await app.first.get_attribute("data-test-script-state") if await app.count() else None
        )
        error = await page.locator(CONNECTION_ERROR).count()
    except Exception:  # noqa: BLE001 - the tab itself went away
        return "tab gone"
    return f"script {state or 'not started'}" + (", connection error shown" if error else "")


async def session(browser, base: str, until: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    try:
        while time.monotonic() < until:
            url = f"{base}/{rng.choice(PAGES)}?{rng.choice(VIEWS)}"
            started = time.monotonic()
            try:
                await page.goto(url, timeout=60_000)
                await page.wait_for_selector(
                    '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
                )
                await page.wait_for_timeout(300)
                await page.wait_for_selector(
                    '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
                )
                boxes = page.locator(ERROR_BOXES)
                if await boxes.count():
                    text = (await boxes.first.inner_text()).replace("\n", " ")[:160]
                    tally.failures.append(f"{url}: {await boxes.count()} error box(es): {text}")
                elif await page.locator(CONNECTION_ERROR).count():
                    # its process went away: the page reconnects through nginx to a live one by
                    # itself; a failure only if the error stays or the page does not run again
                    shown = time.monotonic()
                    try:
                        await page.locator(CONNECTION_ERROR).first.wait_for(
                            state="detached", timeout=RECONNECT_S * 1000
                        )
                    except Exception:  # noqa: BLE001 - still on screen: that is the failure
                        tally.failures.append(
                            f"{url}: connection error still on screen after {RECONNECT_S} s"
                        )
                        continue
                    gone = time.monotonic() - shown
                    try:
                        await page.wait_for_selector(
                            '[data-testid="stApp"][data-test-script-state="notRunning"]',
                            timeout=60_000,
                        )
                        tally.reconnects.append(time.monotonic() - shown)
                    except Exception:  # noqa: BLE001 - reconnected, but the page did not run again
                        tally.failures.append(
                            f"{url}: reconnected after {gone:.0f} s, then did not finish in 60 s"
                        )
                else:
                    tally.times.append(time.monotonic() - started)
            except Exception as exc:  # noqa: BLE001 - a timeout or a dropped page is a failed load
                seconds = time.monotonic() - started
                seen = await page_state(page)
                tally.failures.append(
                    f"{url}: {type(exc).__name__} after {seconds:.0f} s ({seen}): {str(exc)[:80]}"
                )
    finally:
        await context.close()


def chromium() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


# Chromium resolves no host name but 127.0.0.1 (its autofill and update checks would otherwise
# look up Google's servers): the run stays on the loopback interface.
BROWSER_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


def niced_browser(folder: Path, niceness: int) -> Path:
    """A script that starts Chromium at a lower CPU priority (``nice``), for Playwright to launch.

    The browsers share the two cores with the servers they measure. At equal priority they take
    most of the CPU (20 tabs drawing charts and maps in software), and when started as root
    Chromium even raises its own display and network threads to nice -8, above the servers. In a
    deployment the browsers run on the users' machines: here the servers come first and the
    browsers use what is left. As root the script drops the right to raise priority
    (CAP_SYS_NICE) before starting Chromium, so that every one of its threads keeps the level.
    """
    script = folder / "chromium-niced"
    command = f'nice -n {int(niceness)} {shlex.quote(chromium())} "$@"'
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then\n'
        f"  exec setpriv --bounding-set -sys_nice {command}\n"
        "fi\n"
        f"exec {command}\n"
    )
    script.chmod(0o755)
    return script


async def phase(
    base: str, sessions: int, seconds: float, on_time=None, executable: Path | None = None
) -> Tally:
    from playwright.async_api import async_playwright

    tally = Tally()
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=str(executable or chromium()), args=list(BROWSER_ARGS)
        )
        until = time.monotonic() + seconds
        tasks = [
            asyncio.create_task(session(browser, base, until, tally, seed=n))
            for n in range(sessions)
        ]
        if on_time:
            tasks.append(asyncio.create_task(on_time(seconds)))
        await asyncio.gather(*tasks)
        await browser.close()
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120.0, help="length of each phase")
    parser.add_argument("--synthetic", metavar="SIZE", help="load a synthetic portfolio instead")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "loadtest.json")
    parser.add_argument(
        "--browser-nice",
        type=int,
        default=10,
        metavar="N",
        help="run Chromium at this nice level, below the servers (0: same priority)",
    )
    args = parser.parse_args(argv)
    if not shutil.which("nginx"):
        print("nginx is missing: sudo apt-get install -y nginx", file=sys.stderr)
        return 3
    url, handle = create_database("tracker_load")
    folder = Path(tempfile.mkdtemp(prefix="tracker-load-"))
    folder.chmod(0o755)  # nginx's workers (www-data when started as root) write temp files here
    print(f"logs (nginx, servers): {folder}")
    backends = [Backend(url, folder, f"server{n}") for n in (1, 2)]
    nginx = None
    results: dict = {
        "sessions": args.sessions,
        "seconds_per_phase": args.seconds,
        "browser_nice": args.browser_nice,
    }
    executable = niced_browser(folder, args.browser_nice) if args.browser_nice > 0 else None
    try:
        load_data(url, args.synthetic)
        for backend in backends:
            backend.start()
        listen = f"127.0.0.1:{free_port()}"
        (folder / "nginx.conf").write_text(nginx_config(listen, backends, folder))
        nginx = subprocess.Popen(
            ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=(folder / "nginx.stderr").open("w"),
        )  # fmt: skip
        base = f"http://{listen}"
        wait_healthy(f"{base}/_stcore/health")
        memory_start = [b.rss for b in backends]

        print(f"steady: {args.sessions} sessions for {args.seconds:.0f} s through {base}")
        steady = asyncio.run(phase(base, args.sessions, args.seconds, executable=executable))
        memory_steady = [b.rss for b in backends]

        async def kill_and_restart(seconds: float) -> None:
            await asyncio.sleep(seconds / 3)
            backends[0].kill()
            print(f"  killed {backends[0].name} at {seconds / 3:.0f} s")
            await asyncio.sleep(seconds / 3)
            await asyncio.to_thread(backends[0].start)
            print(f"  restarted {backends[0].name}")

        print(f"failover: the same, one process killed and restarted (port {backends[0].port})")
        failover = asyncio.run(
            phase(base, args.sessions, args.seconds, kill_and_restart, executable)
        )
        results.update(
            steady=steady.summary(),
            failover=failover.summary(),
            memory_kib={
                "start": memory_start,
                "after_steady": memory_steady,
                "after_failover": [b.rss for b in backends],
            },
        )
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        for backend in backends:
            backend.stop()
        drop_database(handle)
    for name in ("steady", "failover"):
        s = results[name]
        print(
            f"{name:9} loads {s['loads']:5}  failed {s['failed']:3}  "
            f"reconnected {s['reconnected']:3} (longest {s['longest_reconnect_s']} s)  "
            f"p50 {s['p50_s']} s  p95 {s['p95_s']} s"
        )
        for failure in s["first_failures"]:
            print(f"          - {failure}")
    mem = results["memory_kib"]
    print(
        "memory (MiB) per server: start "
        + ", ".join(f"{m / 1024:.0f}" for m in mem["start"])
        + "; after steady "
        + ", ".join(f"{m / 1024:.0f}" for m in mem["after_steady"])
        + "; after failover "
        + ", ".join(f"{m / 1024:.0f}" for m in mem["after_failover"])
    )
    args.output.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(
        f"written: {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}"
    )
    return 0 if not results["steady"]["failed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
