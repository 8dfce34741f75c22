"""How fast each page draws, against a bare page with the same number of charts, in the same run.

Run with ``python -m bench.pages`` (part of ``make bench``). It seeds the bundled data into a
temporary database, serves the dashboard and a reference app that draws, from tiny inline data,
the same number of plotly charts, pydeck maps (one small layer each), ``st.dataframe`` grids and
metric cards as the page, and times, in headless Chromium, from navigation to
the moment the script has finished and every chart is on screen. Each page is loaded once cold
(first visit, empty caches) and then ``REPEAT`` times warm; the table reports medians and the
warm ratio page / reference. ``--interactions`` also times, on the pages with several charts, a
language switch and a new day in the sidebar's as-of field (and the budget page's filter clicks)
until every chart has drawn again, against the reference redrawing as many charts. No timing is
asserted anywhere: machines here are shared and noisy.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 5
REFERENCE_APP = textwrap.dedent(
    """
    import plotly.graph_objects as go
    import streamlit as st

    import pandas as pd
    import pydeck as pdk

    st.set_page_config(layout="wide")
    q = st.query_params
    st.title("reference")
    for i in range(int(q.get("metrics", "0"))):
        st.metric(f"m{i}", f"{i}억원", "+1")
    # --interactions: a language switch like the dashboard's, whose every change redraws the charts
    switch = st.segmented_control(
        "언어 · Language", ["ko", "en"], format_func={"ko": "한국어", "en": "English"}.get,
        default="ko", required=True, key="lang",
    ) if int(q.get("switch", "0")) else "ko"
    for i in range(int(q.get("n", "1"))):
        y = [1, 3, 2] if switch == "ko" else [2, 1, 3]
        st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=y)), key=f"c{i}")
    for i in range(int(q.get("maps", "0"))):
        layer = pdk.Layer("ScatterplotLayer", id=f"p{i}", data=[{"lon": 126.9, "lat": 35.2}],
                          get_position=["lon", "lat"], get_radius=90, radius_min_pixels=8)
        view = pdk.ViewState(latitude=35.2, longitude=126.9, zoom=11)
        st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, map_provider=None),
                        key=f"d{i}", height=640)
    for i in range(int(q.get("tables", "0"))):
        st.dataframe(pd.DataFrame({"a": ["x", "y", "z"], "b": [1, 2, 3]}), key=f"t{i}")
    # element kinds alone (python -m bench.pages --elements)
    if int(q.get("sidebar", "0")):
        with st.sidebar:
            st.selectbox("initiative", ["a", "b", "c"], key="s1")
            st.date_input("as of", key="s2")
            st.segmented_control("lang", ["ko", "en"], default="ko", key="s3")
            for i in range(12):
                st.page_link("https://example.invalid", label=f"page {i}")
    for i in range(int(q.get("popovers", "0"))):
        with st.popover("download", icon=":material/download:"):
            for fmt in ("png", "svg", "pdf", "csv", "xlsx"):
                st.download_button(fmt, data=lambda: b"x", file_name=f"x.{fmt}",
                                   key=f"p{i}{fmt}", on_click="ignore")
    for i in range(int(q.get("expanders", "0"))):
        with st.expander("data", key=f"e{i}"):
            st.table(pd.DataFrame({"a": list("abcdefghij"), "b": range(10)}), hide_index=True)
    if int(q.get("tabs", "0")):
        for i, tab in enumerate(st.tabs([f"tab {i}" for i in range(int(q["tabs"]))])):
            tab.write(f"tab {i}")
    for i in range(int(q.get("captions", "0"))):
        st.caption(f"caption {i}: 기준일 2026-11-30 · 출처 광주광역시")
    """
)


SHAPE = {  # what the reference draws as many of as the page: query parameter -> test id
    "n": "stPlotlyChart",
    "maps": "stDeckGlJsonChart",
    "tables": "stDataFrame",
    "metrics": "stMetric",
}


def _load(page, url: str) -> tuple[float, dict[str, int]]:
    from browser import wait_for_charts

    started = time.perf_counter()
    page.goto(url)
    # the script has finished and no lazily loaded element is still a placeholder (a chart whose
    # code is still loading is a skeleton, not yet a chart that could be counted)
    wait_for_charts(page)
    shape = {q: page.locator(f'[data-testid="{tid}"]').count() for q, tid in SHAPE.items()}
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(shape["n"]):  # drawn, not just placed: plotly has put its SVG in
        charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=60_000)
    decks = page.locator('[data-testid="stDeckGlJsonChart"]')
    for i in range(shape["maps"]):
        decks.nth(i).locator("canvas").first.wait_for(state="visible", timeout=60_000)
    return time.perf_counter() - started, shape


SWITCH = '[data-testid="stButtonGroup"] button'


def _redraws(page, url: str, steps, act, check=None) -> tuple[float, int]:
    """Median seconds from each action (``act(page, step)`` for each of ``steps``, the page loaded
    once first) until the page has run again and every chart has drawn, and the number of plotly
    charts the page draws. ``check(page, step)``, after the timing, says the action took."""
    from browser import wait_for_charts

    page.goto(url)
    wait_for_charts(page)
    charts = page.locator('[data-testid="stPlotlyChart"]').count()
    times = []
    for step in steps:
        received = page.evaluate("window.__received")
        started = time.perf_counter()
        act(page, step)
        # the server has answered (a rerun: a very short one never shows "running" on the
        # page), then the script has finished and every chart has drawn again
        page.wait_for_function(f"window.__received > {received}", timeout=30_000)
        wait_for_charts(page)
        times.append(time.perf_counter() - started)
        if check is not None:
            check(page, step)
    return statistics.median(times), charts


def _switches(page, url: str) -> tuple[float, int]:
    """A click on the language switch, ``REPEAT`` times each way (see :func:`_redraws`)."""
    return _redraws(
        page,
        url,
        ("English", "한국어") * REPEAT,
        lambda p, label: p.locator(SWITCH, has_text=label).first.click(),
    )


# The sidebar's as-of date. Streamlit's date field takes a typed day when its calendar closes
# (Escape, as a person closes it after typing); typing key by key through its input mask
# scrambles the digits, so the day is set the way the browser's own typing sets it (the value
# setter React listens to, then an input event).
AS_OF = ".st-key-as_of input"
AS_OF_DAYS = ("2024-12-31", "2025-06-30")  # alternated: each change moves to another day
SET_DAY = """(input, day) => {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  setter.call(input, day);
  input.dispatchEvent(new Event("input", { bubbles: true }));
}"""


def _set_day(page, day: str) -> None:
    field = page.locator(AS_OF).first
    field.focus()
    field.evaluate(SET_DAY, day)
    page.keyboard.press("Escape")


def _day_shown(page, day: str) -> None:
    shown = page.locator(AS_OF).first.input_value()
    if shown != day:
        raise RuntimeError(f"the as-of field shows {shown}, not {day}")


def _as_of_changes(page, url: str) -> tuple[float, int]:
    """A new day in the sidebar's as-of field, ``REPEAT`` times each way (see :func:`_redraws`)."""
    return _redraws(page, url, AS_OF_DAYS * REPEAT, _set_day, check=_day_shown)


# The budget page's filter interactions: a click on a bar of the by-year chart narrows every
# chart, table and card to that year; the "clear" button widens them again.
BAR = ".st-key-b_chart_year g.point path"
CLEAR = ".st-key-b_clear button"


def _filter_clicks(page, url: str) -> tuple[float, int]:
    """A click on a bar, then on "clear", ``REPEAT`` times each (see :func:`_redraws`)."""
    return _redraws(  # force: plotly's drag layer lies over its bars
        page,
        url,
        (BAR, CLEAR) * REPEAT,
        lambda p, target: p.locator(target).first.click(force=True),
    )


# Counts the messages the server sends over the app's WebSocket (installed before each load).
RECEIVED = """
window.__received = 0;
const OpenSocket = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new OpenSocket(...args);
  socket.addEventListener("message", () => { window.__received += 1; });
  return socket;
};
window.WebSocket.prototype = OpenSocket.prototype;
Object.assign(window.WebSocket, OpenSocket);
"""


INTERACTION_PAGES = ("", "budget", "partners", "portfolio")  # the pages with several charts


ELEMENTS = (
    ("bare page (title only)", "n=0"),
    ("sidebar: 3 widgets, 12 page links", "n=0&sidebar=1"),
    ("6 metric cards", "n=0&metrics=6"),
    ("2 st.dataframe grids", "n=0&tables=2"),
    ("6 download menus (5 buttons each)", "n=0&popovers=6"),
    ("6 expanders with a 10-row table", "n=0&expanders=6"),
    ("tabs (4)", "n=0&tabs=4"),
    ("12 captions", "n=0&captions=12"),
    ("1 plotly chart", "n=1"),
    ("6 plotly charts", "n=6"),
    ("1 pydeck map (one small layer)", "n=0&maps=1"),
)


def _elements(page, base: str) -> list[tuple[str, float]]:
    rows = []
    for name, query in ELEMENTS:
        _load(page, f"{base}/?{query}")
        rows.append(
            (name, statistics.median(_load(page, f"{base}/?{query}")[0] for _ in range(REPEAT)))
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument(
        "--database",
        help="an already seeded database URL (e.g. `tracker seed --synthetic large` into a temporary"
        " SQLite) instead of the bundled data",
    )
    parser.add_argument(
        "--synthetic",
        help="a synthetic dataset of this size (tracker seed --synthetic, e.g. large) instead of"
        " the bundled data, seeded into a temporary SQLite",
    )
    parser.add_argument(
        "--elements", action="store_true", help="also each element kind alone vs a bare page"
    )
    parser.add_argument(
        "--pages",
        help="url paths, comma-separated (default: every page; also limits --interactions)",
    )
    parser.add_argument(
        "--interactions",
        action="store_true",
        help="also a language switch and an as-of change on the pages with several charts (and the"
        " budget filter clicks) vs the reference's redraw",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    import subprocess

    from browser import CHROMIUM_ARGS, chromium_path, free_port, streamlit_server
    from playwright.sync_api import sync_playwright

    from tracker.access import roles
    from tracker.db import backend, seed, store
    from tracker.ui import navigation, serve

    from . import results as bench_results
    from .scratch import load_data

    if chromium_path() is None:
        print("Chromium is missing: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        url = args.database or f"sqlite:///{folder / 'bench.sqlite'}"
        if args.synthetic and args.database is None:
            print(f"seeding {args.synthetic} …", file=sys.stderr, flush=True)
            load_data(url, args.synthetic)
        elif args.database is None:
            engine = backend.make_engine(url)
            store.create_schema(engine)
            seed.seed(engine, ROOT / "data", actor=roles.operator("bench"))
            engine.dispose()
        (folder / "reference.py").write_text(REFERENCE_APP, encoding="utf-8")
        port = free_port()
        reference = subprocess.Popen(  # with the server settings the dashboard runs with
            [sys.executable, "-m", "streamlit", "run", str(folder / "reference.py"),
             "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
             *serve.SPEED],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        rows = []
        try:
            with (
                streamlit_server(url, folder / "app.log") as base,
                sync_playwright() as p,
            ):
                browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.add_init_script(RECEIVED)
                _load(page, f"http://127.0.0.1:{port}/?n=1")  # reference server warm
                if args.elements:
                    elements = _elements(page, f"http://127.0.0.1:{port}")
                wanted = set(args.pages.split(",")) if args.pages else None
                for spec in navigation.PAGES:
                    if wanted and spec.url_path not in wanted:
                        continue
                    page_url = f"{base}/{'' if spec.default else spec.url_path}"
                    cold, shape = _load(page, page_url)
                    warm = statistics.median(_load(page, page_url)[0] for _ in range(REPEAT))
                    ref_url = f"http://127.0.0.1:{port}/?" + "&".join(
                        f"{q}={count}" for q, count in shape.items()
                    )
                    ref = statistics.median(_load(page, ref_url)[0] for _ in range(REPEAT))
                    rows.append((spec.url_path, shape, cold, warm, ref, warm / ref))
                switched, dated, clicked = [], [], None
                if args.interactions:
                    for path in INTERACTION_PAGES:
                        if wanted and (path or "overview") not in wanted:
                            continue
                        print(f"language switch: /{path}", file=sys.stderr, flush=True)
                        seconds, count = _switches(page, f"{base}/{path}")
                        ref_s, _ = _switches(page, f"http://127.0.0.1:{port}/?n={count}&switch=1")
                        switched.append((path or "overview", count, seconds, ref_s))
                        print(f"as-of change: /{path}", file=sys.stderr, flush=True)
                        seconds, count = _as_of_changes(page, f"{base}/{path}")
                        dated.append((path or "overview", count, seconds, ref_s))
                    if not wanted or "budget" in wanted:
                        print("budget filter clicks", file=sys.stderr, flush=True)
                        seconds, count = _filter_clicks(page, f"{base}/budget")
                        ref_s, _ = _switches(page, f"http://127.0.0.1:{port}/?n={count}&switch=1")
                        clicked = ("budget: bar / clear", count, seconds, ref_s)
                browser.close()
        finally:
            reference.terminate()
            reference.wait(timeout=10)
    if args.elements:
        bare = elements[0][1]
        print(f"{'element kind (reference app)':<40}{'warm s':>9}{'x bare page':>13}")
        for name, seconds in elements:
            print(f"{name:<40}{seconds:>9.2f}{seconds / bare:>13.2f}")
    print(f"{'page':<14}{'c/m/t/k':>9}{'cold s':>9}{'warm s':>9}{'ref s':>8}{'warm/ref':>10}")
    for name, shape, cold, warm, ref, ratio in rows:
        drawn = "/".join(str(shape[q]) for q in SHAPE)
        print(f"{name:<14}{drawn:>9}{cold:>9.2f}{warm:>9.2f}{ref:>8.2f}{ratio:>10.2f}")
    if args.interactions:
        print(f"{'language switch':<16}{'charts':>7}{'redraw s':>10}{'ref s':>8}{'x ref':>8}")
        for name, count, seconds, ref_s in switched:
            print(f"{name:<16}{count:>7}{seconds:>10.2f}{ref_s:>8.2f}{seconds / ref_s:>8.2f}")
        print(f"{'as-of change':<16}{'charts':>7}{'redraw s':>10}{'ref s':>8}{'x ref':>8}")
        for name, count, seconds, ref_s in dated:
            print(f"{name:<16}{count:>7}{seconds:>10.2f}{ref_s:>8.2f}{seconds / ref_s:>8.2f}")
    if clicked:
        name, count, seconds, ref_s = clicked
        print(f"{'filter click':<20}{'charts':>7}{'redraw s':>10}{'ref s':>8}{'x ref':>8}")
        print(f"{name:<20}{count:>7}{seconds:>10.2f}{ref_s:>8.2f}{seconds / ref_s:>8.2f}")
    label = args.synthetic or ("given" if args.database else "bundled")
    context = bench_results.context()
    if args.elements:
        kinds = [{"what": name, "warm_s": round(seconds, 3)} for name, seconds in elements]
        bench_results.record("elements", {"rows": kinds, "context": context})
    if rows:
        stored = [
            {"page": name or "overview", "shape": shape, "cold_s": round(cold, 3),
             "warm_s": round(warm, 3), "reference_s": round(ref, 3)}
            for name, shape, cold, warm, ref, _ in rows
        ]  # fmt: skip
        bench_results.record("pages", {"rows": stored, "context": context}, key=label)
    if args.interactions:
        actions = [
            {"name": f"language switch, {name}", "charts": count, "redraw_s": round(seconds, 3),
             "reference_s": round(ref_s, 3)}
            for name, count, seconds, ref_s in switched
        ] + [
            {"name": f"as-of change, {name}", "charts": count, "redraw_s": round(seconds, 3),
             "reference_s": round(ref_s, 3)}
            for name, count, seconds, ref_s in dated
        ]  # fmt: skip
        if clicked:
            name, count, seconds, ref_s = clicked
            actions.append({"name": f"filter click, {name}", "charts": count,
                            "redraw_s": round(seconds, 3), "reference_s": round(ref_s, 3)})  # fmt: skip
        bench_results.record("interactions", {"rows": actions, "context": context}, key=label)
    print(
        f"(medians of {REPEAT} warm loads; c/m/t/k = plotly charts, pydeck maps, dataframes, metric"
        " cards; the reference draws as many of each from tiny inline data)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
