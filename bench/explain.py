"""The plan of the dashboard's heaviest query on each engine, and its time.

The heaviest read is the portfolio's execution figures (``tracker.portfolio.reads.
executed_statement``): every current expenditure, summed per project, then per initiative. Run
with ``python -m bench.explain [--synthetic large] [--backend sqlite|postgresql|both]`` (part of
``make bench``): it loads the dataset into a scratch database per engine (a SQLite file; a
PostgreSQL database of its own, dropped afterwards), prints SQLite's ``EXPLAIN QUERY PLAN`` and
PostgreSQL's ``EXPLAIN``, and times the query (median of ``REPEAT`` runs). ``bench/results.json``
keeps them under ``explain``. Nothing is asserted about timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from . import results as bench_results
from .scratch import BACKENDS, load_data, scratch

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 3
QUERY = "tracker.portfolio.reads.executed_statement"


def heaviest(url: str, as_of: dt.date) -> dict:
    """The heaviest query's plan and median time on the database at ``url``."""
    from tracker.db import backend
    from tracker.portfolio import reads

    engine = backend.make_engine(url)
    try:
        statement = reads.executed_statement(as_of)
        plan = backend.explain(engine, statement)
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            with engine.connect() as conn:
                rows = conn.execute(statement).all()
            times.append(time.perf_counter() - started)
    finally:
        engine.dispose()
    return {
        "query": QUERY,
        "as_of": as_of.isoformat(),
        "rows": len(rows),
        "query_s": round(statistics.median(times), 3),
        "plan": plan,
    }


def show(kind: str, found: dict) -> None:
    title = "EXPLAIN QUERY PLAN" if kind == "sqlite" else "EXPLAIN"
    print(f"{kind}: {title} of {found['query']} (as of {found['as_of']}):")
    for line in found["plan"]:
        print(f"    {line}")
    print(f"{kind}: {found['rows']} rows in {found['query_s'] * 1000:.0f} ms (median)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.explain", description=__doc__)
    parser.add_argument("--synthetic", default="large", help="dataset size (tracker seed)")
    parser.add_argument("--backend", choices=(*BACKENDS, "both"), default="both")
    args = parser.parse_args(argv)
    kinds = BACKENDS if args.backend == "both" else (args.backend,)
    folder = Path(tempfile.mkdtemp(prefix="tracker-explain-"))
    results = {}
    for kind in kinds:
        with scratch(kind, folder, args.synthetic) as url:
            print(f"{kind}: loading {args.synthetic} …", flush=True)
            seconds = load_data(url, args.synthetic)
            print(f"{kind}: loaded in {seconds:.1f} s")
            found = heaviest(url, dt.date.today())
            results[kind] = {"size": args.synthetic, "load_s": round(seconds, 1), **found}
            show(kind, found)
    for kind, found in results.items():
        bench_results.record("explain", found, key=kind)
    print(f"written: {bench_results.RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
