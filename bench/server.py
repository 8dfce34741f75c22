"""Server-side script time per page, with the bundled data and with a synthetic portfolio.

Run with ``python -m bench.server [--synthetic large]`` (part of ``make bench``). Each page runs in
Streamlit's AppTest with its cached results cleared before every run, so the figure is what a
visitor pays when the data has just changed (every read and figure made again; the database
engine and its compiled statements live on, as in a running server; one untimed visit first
imports the page's modules and builds its statements, which a running server has long done),
and then without clearing (a warm rerun: what a visitor pays while the data stays the same).
The reference, measured in the same run, is a bare script that draws the same number of plotly
charts from tiny inline data. The table shows medians of ``REPEAT`` runs, wall time and the
process's CPU time (the script runs in a thread of it, and so does SQLite: on a machine shared with
other jobs CPU time is the steadier figure), and the wall-time ratio; ``bench/results.json`` keeps
them under ``server``, one entry per dataset (``server_postgresql`` with ``--backend postgresql``:
the same pages on a scratch PostgreSQL database, dropped afterwards), with the heaviest query's plan
on that engine under ``explain`` (see ``bench.explain``; ``--no-explain`` leaves it). ``make bench``
also times the overview alone with ``huge`` (``--only synthetic --synthetic huge --pages
overview``). No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 5
REFERENCE = textwrap.dedent(
    """
    import plotly.graph_objects as go
    import streamlit as st

    n = int(st.query_params.get("n", "1"))
    st.title("reference")
    for i in range(n):
        st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key=f"c{i}")
    """
)


def forget_results() -> None:
    """What a write does to a running server: every cached read, figure and memoised frame is
    out of date. The database engine (its connection pool and SQLAlchemy's compiled-statement
    cache) lives on, as it does in a server whose data changed; clearing it too would time a
    process that has just started."""
    import streamlit as st

    from tracker.db import memo
    from tracker.ui import state

    st.cache_data.clear()
    state.forget_figures()
    memo.clear()


def _warm_runs(at, repeat: int) -> float:
    """Median wall time of ``repeat`` runs on warm caches (the first run fills them)."""
    at.run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _uncached_runs(at, repeat: int) -> tuple[float, float, object]:
    """Median wall time and median CPU time of this process (the script runs in a thread of
    it; so does SQLite) over ``repeat`` runs. CPU time hardly moves when other jobs share the
    cores; wall time does."""
    times, cpu = [], []
    for _ in range(repeat):
        forget_results()
        started, started_cpu = time.perf_counter(), time.process_time()
        at.run()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times), statistics.median(cpu), at


def measure(database_url: str, initiative: str | None, pages=None) -> list[dict]:
    from streamlit.testing.v1 import AppTest

    from tracker.ui import navigation

    os.environ["TRACKER_DATABASE_URL"] = database_url
    reference_file = Path(tempfile.mkdtemp()) / "reference.py"
    reference_file.write_text(REFERENCE)
    rows = []
    for spec in navigation.PAGES:
        if pages and spec.url_path not in pages:
            continue
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        if initiative:
            at.query_params["initiative"] = initiative
        at.run()
        at.switch_page(str(ROOT / spec.path))
        forget_results()  # the page's first visit in this process, untimed: what a running server
        at.run()  # has long done once (the page's modules imported, its statements built)
        page_s, page_cpu_s, at = _uncached_runs(at, REPEAT)
        charts = len(at.get("plotly_chart"))
        warm_s = _warm_runs(at, REPEAT)
        ref = AppTest.from_file(str(reference_file), default_timeout=60)
        ref.query_params["n"] = str(max(charts, 1))
        ref_s, ref_cpu_s, _ = _uncached_runs(ref, REPEAT)
        rows.append(
            {
                "page": spec.url_path,
                "charts": charts,
                "page_s": round(page_s, 3),
                "page_cpu_s": round(page_cpu_s, 3),
                "warm_s": round(warm_s, 3),
                "reference_s": round(ref_s, 3),
                "reference_cpu_s": round(ref_cpu_s, 3),
                "ratio": round(page_s / ref_s, 1) if ref_s else None,
                "errors": len(at.exception) + len(at.error),
            }
        )
        print(
            f"  {spec.url_path:12} {charts:2} charts  {page_s * 1000:7.0f} ms"
            f" (CPU {page_cpu_s * 1000:6.0f} ms)  warm {warm_s * 1000:5.0f} ms  reference {ref_s * 1000:5.0f} ms"
            f" (CPU {ref_cpu_s * 1000:4.0f} ms)  ratio {rows[-1]['ratio']}",
            flush=True,
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    import datetime as dt

    from . import explain
    from . import results as bench_results
    from .scratch import BACKENDS, load_data, scratch

    parser = argparse.ArgumentParser(prog="python -m bench.server", description=__doc__)
    parser.add_argument("--synthetic", default="large", help="size for the second dataset")
    parser.add_argument("--only", choices=("bundled", "synthetic"), help="one dataset only")
    parser.add_argument("--backend", choices=BACKENDS, default="sqlite")
    parser.add_argument("--pages", help="comma-separated url paths (default: every page)")
    parser.add_argument(
        "--database-url",
        help="measure this database (already loaded, e.g. with huge) instead of loading one",
    )
    parser.add_argument(
        "--label", default="given", help="with --database-url: its name in the results"
    )
    parser.add_argument("--initiative", help="with --database-url: the initiative shown (key)")
    parser.add_argument(
        "--no-explain", action="store_true", help="leave the heaviest query's plan as recorded"
    )
    args = parser.parse_args(argv)
    pages = args.pages.split(",") if args.pages else None
    section = "server" if args.backend == "sqlite" else f"server_{args.backend}"
    if args.database_url:
        print(f"{args.database_url}: script time, uncached:")
        rows = measure(args.database_url, args.initiative, pages)
        measured = {"rows": rows, "context": bench_results.context()}
        bench_results.record(section, measured, key=args.label)
        return 0
    folder = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    plans: dict = {}
    datasets = []
    if args.only != "synthetic":
        datasets.append(("bundled", None, None))
    if args.only != "bundled":
        datasets.append((args.synthetic, args.synthetic, "syn-i000"))
    for name, size, initiative in datasets:
        with scratch(args.backend, folder, name) as url:
            print(f"{name} on {args.backend}: loading …", flush=True)
            seconds = load_data(url, size)
            print(f"{name}: loaded in {seconds:.1f} s; script time, uncached:")
            rows = measure(url, initiative, pages)
            measured = {"rows": rows, "context": bench_results.context()}
            bench_results.record(section, measured, key=name)  # each dataset once measured
            if size and not args.no_explain:
                found = explain.heaviest(url, dt.date.today())
                plans[args.backend] = {"size": size, "load_s": round(seconds, 1), **found}
                explain.show(args.backend, found)
    for kind, plan in plans.items():
        bench_results.record("explain", plan, key=kind)
    print(f"written: {bench_results.RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
