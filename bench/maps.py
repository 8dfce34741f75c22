"""How long the site map takes to be drawn in headless Chromium (software WebGL, as on a VDI).

Run with ``python -m bench.maps`` (part of ``make bench``); ``--large`` also seeds issue H's
``large`` synthetic portfolio into a second temporary database. It times, from navigation:

- the map page of the dashboard (``/map``), the site view (2D: an SVG figure);
- a reference app drawing one pydeck deck with no layers (the floor a deck can reach);
- the same reference app drawing the page's own SVG figure alone, and the deck the page draws
  with the 3D columns or basemap tiles on, one layer at a time and all together (what each layer
  costs).

"Drawn": the map (the deck's canvas or the figure's SVG) is on screen and the page has finished
the work of drawing it (see :func:`_drawn`). No timing is asserted anywhere: machines here are
shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from . import results as bench_results

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 3
QUIET_S = 1.0
TIMEOUT_S = 90.0
DECK_APP = textwrap.dedent(
    """
    import datetime as dt
    import os

    import pydeck as pdk
    import streamlit as st

    from tracker import config
    from tracker.db import backend
    from tracker.maps import boundaries, decks, reads, sites

    st.set_page_config(layout="wide")
    st.title("reference")
    wanted = st.query_params.get("layers", "")
    engine = backend.make_engine(os.environ["TRACKER_DATABASE_URL"])
    key = os.environ["BENCH_INITIATIVE"]
    today = dt.date.today()
    places = reads.places(engine, key, today)
    region = reads.initiative_region(engine, key, today)
    extra = {"columns": True} if st.query_params.get("columns") else {}
    if st.query_params.get("svg"):  # the page's 2D figure, alone
        path = str(config.settings().boundaries)
        result = sites.site_map(places, path, lang="ko", unit="eok", as_of=today, title="map",
                                region_code=region["kostat_code"] if region else None)
        st.columns([3, 1])[0].plotly_chart(result.figure, key="s", theme=None)
        st.stop()
    deck = decks.site_deck(
        places,
        boundaries.load_boundaries(config.settings().boundaries),
        lang="ko",
        unit="eok",
        region_code=region["kostat_code"] if region else None,
        **extra,
    )
    if wanted != "all":
        deck.layers = [layer for layer in deck.layers if layer.id in wanted.split(",")]
    st.columns([3, 1])[0].pydeck_chart(deck, key="m", height=640)
    """
)


LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push(e.startTime + e.duration);
}).observe({type: "longtask", buffered: true});
"""


def browser_cpu_s() -> float:
    """CPU seconds used so far by the Chromium processes this process started (from /proc):
    less disturbed than wall time when other jobs share the cores."""
    import os

    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = raw[raw.index("(") + 1 : raw.rindex(")")], raw[raw.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(rest[1])
        if "chrom" in name:
            cpu[int(entry.name)] = (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK")
    me = os.getpid()

    def mine(pid: int) -> bool:
        while pid > 1:
            if pid == me:
                return True
            pid = parents.get(pid, 0)
        return False

    return sum(seconds for pid, seconds in cpu.items() if mine(pid))


MAP = '[data-testid="stDeckGlJsonChart"] canvas, [data-testid="stPlotlyChart"] .main-svg'


def _drawn(page, url: str) -> float:
    """Seconds from navigation until the map is drawn: the deck's canvas or the figure's SVG is
    on screen and the page's main thread (where deck.gl builds layers, compiles shaders and
    draws; where plotly lays out its SVG) has been free of long tasks for ``QUIET_S``; the time
    is the end of the last long task (or of the wait for the map)."""
    started = time.perf_counter()
    page.goto(url)
    canvas = page.locator(MAP).first
    canvas.wait_for(state="visible", timeout=int(TIMEOUT_S * 1000))
    visible = page.evaluate("performance.now()")
    while time.perf_counter() - started < TIMEOUT_S:
        now, last = page.evaluate("[performance.now(), Math.max(0, ...window.__longTasks)]")
        if now - max(last, visible) >= QUIET_S * 1000:
            return max(last, visible) / 1000
        time.sleep(0.1)
    return TIMEOUT_S


def _serve_reference(app: Path, env: dict) -> tuple[subprocess.Popen, str]:
    """The reference app, with the server settings the dashboard runs with."""
    from browser import free_port

    from tracker.ui.serve import SPEED

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", *SPEED],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


def _wait_healthy(base: str) -> None:
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{base} did not start")


def measure(
    url: str,
    folder: Path,
    label: str,
    *,
    layers: bool,
    variants: tuple[str, ...] = (),
    skip_page: bool = False,
    before_src: str | None = None,
) -> list[tuple[str, float, float]]:
    import os

    from browser import CHROMIUM_ARGS, chromium_path, streamlit_server
    from playwright.sync_api import sync_playwright

    from tracker.db import backend
    from tracker.maps import reads

    engine = backend.make_engine(url)
    import datetime as dt

    from tracker.reports import pack

    key = pack.default_initiative(engine, dt.date.today())
    layer_ids = [
        layer.id for layer in _deck_for(engine, key).layers
    ]  # the layers the page would draw
    del reads
    engine.dispose()
    app = folder / "deck_reference.py"
    app.write_text(DECK_APP, encoding="utf-8")
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "BENCH_INITIATIVE": key}
    env["PYTHONPATH"] = str(ROOT / "src")
    reference, ref_base = _serve_reference(app, env)
    before = None
    if before_src:  # the same reference app on an earlier source tree: before and after, one run
        before, before_base = _serve_reference(app, {**env, "PYTHONPATH": before_src})
    rows = []
    try:
        _wait_healthy(ref_base)
        if before:
            _wait_healthy(before_base)
        with (
            streamlit_server(url, folder / f"app-{label}.log") as base,
            sync_playwright() as p,
        ):
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.add_init_script(LONG_TASKS)
            page.set_default_timeout(TIMEOUT_S * 1000)  # a shared machine can be very slow
            targets = [
                ("deck, no layers", f"{ref_base}/?layers="),
                ("the page's SVG figure alone", f"{ref_base}/?svg=1"),
            ]
            if not skip_page:
                targets.insert(0, ("map page /map", f"{base}/map"))
            if layers:
                targets += [(f"deck, {lid}", f"{ref_base}/?layers={lid}") for lid in layer_ids]
            targets += [(f"deck, {v}", f"{ref_base}/?layers={v}") for v in variants]
            if not variants:
                targets.append(("deck, all layers", f"{ref_base}/?layers=all"))
                targets.append(
                    ("deck, all layers, 3D columns on", f"{ref_base}/?layers=all&columns=1")
                )
            if before:
                targets.append(("deck before (all layers, 3D)", f"{before_base}/?layers=all"))
            for name, target in targets:
                walls, cpus = [], []
                try:
                    _drawn(page, target)  # warm: server caches and the browser's script cache
                    for _ in range(REPEAT):
                        cpu_before = browser_cpu_s()
                        walls.append(_drawn(page, target))
                        cpus.append(browser_cpu_s() - cpu_before)
                except Exception as error:  # noqa: BLE001 - report the others, name this one
                    print(f"{name}: not drawn ({type(error).__name__})", file=sys.stderr)
                    walls, cpus = [float("nan")], [float("nan")]
                rows.append((name, statistics.median(walls), statistics.median(cpus)))
            browser.close()
    finally:
        for process in (reference, before):
            if process:
                process.terminate()
                process.wait(timeout=10)
    return rows


def _deck_for(engine, key):
    import datetime as dt

    from tracker import config
    from tracker.maps import boundaries, decks, reads

    today = dt.date.today()
    region = reads.initiative_region(engine, key, today)
    return decks.site_deck(
        reads.places(engine, key, today),
        boundaries.load_boundaries(config.settings().boundaries),
        lang="ko",
        unit="eok",
        region_code=region["kostat_code"] if region else None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.maps")
    parser.add_argument("--large", action="store_true", help="also the large synthetic data")
    parser.add_argument("--layers", action="store_true", help="also each layer alone")
    parser.add_argument("--variant", action="append", default=[], help="layer ids, comma-separated")
    parser.add_argument("--skip-page", action="store_true", help="only the reference decks")
    parser.add_argument(
        "--before-src", help="a source tree (its src/) to draw the reference deck from as well"
    )
    parser.add_argument("--large-db", help="an already seeded large database URL")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import chromium_path

    from tracker.access import roles
    from tracker.db import backend, seed, store

    if chromium_path() is None:
        print("Chromium is missing: apt-get install -y chromium", file=sys.stderr)
        return 1
    results = {}
    context = bench_results.context()
    with tempfile.TemporaryDirectory(prefix="bench-maps-") as folder:
        folder = Path(folder)
        url = f"sqlite:///{folder / 'bundled.sqlite'}"
        engine = backend.make_engine(url)
        store.create_schema(engine)
        seed.seed(engine, ROOT / "data", actor=roles.operator("bench"))
        engine.dispose()
        results["bundled"] = measure(
            url,
            folder,
            "bundled",
            layers=args.layers,
            variants=tuple(args.variant),
            skip_page=args.skip_page,
            before_src=args.before_src,
        )
        if args.large or args.large_db:
            large = args.large_db
            if large is None:
                large = f"sqlite:///{folder / 'large.sqlite'}"
                subprocess.run(
                    [sys.executable, "-m", "tracker.cli", "migrate"], check=True,
                    env={**__import__("os").environ, "TRACKER_DATABASE_URL": large},
                )  # fmt: skip
                subprocess.run(
                    [sys.executable, "-m", "tracker.cli", "seed", "--synthetic", "large"],
                    check=True, env={**__import__("os").environ, "TRACKER_DATABASE_URL": large},
                )  # fmt: skip
            results["large"] = measure(
                large, folder, "large", layers=args.layers, before_src=args.before_src
            )
    for data, rows in results.items():
        floor = next(s for n, s, _ in rows if n == "deck, no layers")
        print(f"\nsite map, {data} data (medians of {REPEAT})")
        print(f"{'what':<44}{'drawn s':>9}{'x no-layer deck':>17}{'browser CPU s':>15}")
        for name, seconds, cpu in rows:
            print(f"{name:<44}{seconds:>9.2f}{seconds / floor:>17.2f}{cpu:>15.2f}")
        stored = [{"what": n, "drawn_s": round(s, 3), "cpu_s": round(c, 3)} for n, s, c in rows]
        bench_results.record("maps", {"rows": stored, "context": context}, key=data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
