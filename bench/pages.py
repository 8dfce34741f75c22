"""How fast each page draws, against a bare page with the same number of charts, in the same run.

Run with ``python -m bench.pages`` (part of ``make bench``). It seeds the bundled data into a
temporary database, serves the dashboard and a reference app (nothing but N plotly bar charts of
a few points, N = the charts the page draws) and times, in headless Chromium, from navigation to
the moment the script has finished and every chart is on screen. Each page is loaded once cold
(first visit, empty caches) and then ``REPEAT`` times warm; the table reports medians and the
warm ratio page / reference. No timing is asserted anywhere: machines here are shared and noisy.
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

    st.set_page_config(layout="wide")
    n = int(st.query_params.get("n", "1"))
    st.title("reference")
    for i in range(n):
        st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key=f"c{i}")
    """
)


def _load(page, url: str) -> tuple[float, int]:
    from browser import wait_for_page

    started = time.perf_counter()
    page.goto(url)
    wait_for_page(page)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    count = charts.count()
    for i in range(count):  # drawn, not just placed: plotly has put its SVG in
        charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=60_000)
    return time.perf_counter() - started, count


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    import subprocess

    from browser import CHROMIUM_ARGS, chromium_path, free_port, streamlit_server
    from playwright.sync_api import sync_playwright

    from tracker.access import roles
    from tracker.db import backend, seed, store
    from tracker.ui import navigation

    if chromium_path() is None:
        print("Chromium is missing: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        engine = backend.make_engine(f"sqlite:///{folder / 'bench.sqlite'}")
        store.create_schema(engine)
        seed.seed(engine, ROOT / "data", actor=roles.operator("bench"))
        engine.dispose()
        (folder / "reference.py").write_text(REFERENCE_APP, encoding="utf-8")
        port = free_port()
        reference = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(folder / "reference.py"),
             "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        rows = []
        try:
            with (
                streamlit_server(
                    f"sqlite:///{folder / 'bench.sqlite'}", folder / "app.log"
                ) as base,
                sync_playwright() as p,
            ):
                browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                _load(page, f"http://127.0.0.1:{port}/?n=1")  # reference server warm
                for spec in navigation.PAGES:
                    url = f"{base}/{'' if spec.default else spec.url_path}"
                    cold, charts = _load(page, url)
                    warm = statistics.median(_load(page, url)[0] for _ in range(REPEAT))
                    ref_url = f"http://127.0.0.1:{port}/?n={max(charts, 1)}"
                    ref = statistics.median(_load(page, ref_url)[0] for _ in range(REPEAT))
                    rows.append((spec.url_path, charts, cold, warm, ref, warm / ref))
                browser.close()
        finally:
            reference.terminate()
            reference.wait(timeout=10)
    print(f"{'page':<12}{'charts':>7}{'cold s':>9}{'warm s':>9}{'ref s':>8}{'warm/ref':>10}")
    for name, charts, cold, warm, ref, ratio in rows:
        print(f"{name:<12}{charts:>7}{cold:>9.2f}{warm:>9.2f}{ref:>8.2f}{ratio:>10.2f}")
    print(
        f"(medians of {REPEAT} warm loads; reference = bare page with the same number of plotly charts)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
