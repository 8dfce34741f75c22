"""Chart images with the reused browser vs. a fresh browser per image, and full briefing packs.

Run with ``python -m bench`` (``make bench``). It seeds the bundled data into a temporary database,
registers whatever charts the catalogue holds and tops them up to at least ten with the report
tests' chart shapes, then times:

- one chart image through a fresh browser (kaleido's one-shot path, what ``fig.to_image`` does
  without a server): the reference;
- one chart image through the reused browser (warm);
- full packs (PPTX, PDF, XLSX) with the browser warm and the data read fresh each time: first
  with every chart image drawn (image cache emptied), then rebuilt on unchanged data (the images
  come from the cache of :mod:`tracker.reports.images`; figures are still built and compared).

The goals (issue 17): the PPTX pack under 3 s and the PDF pack under 4 s warm on this 2-core
machine.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import results

ROOT = Path(__file__).resolve().parents[1]
GOALS_S = {"pptx": 3.0, "pdf": 4.0}


def _timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests"))  # the test chart shapes live beside the tests
    from tracker import catalog
    from tracker.access import roles
    from tracker.db import backend, seed, store
    from tracker.reports import briefing, pack
    from tracker.reports import images as export

    if not export.images_available():
        print(export.ChromiumMissingError("en"), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        engine = backend.make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        store.create_schema(engine)
        seed.seed(engine, ROOT / "data", actor=roles.operator("bench"))
        registered = tuple(catalog.CHART_MODULES)
        count = len(catalog.entries())
        if count < 10:
            catalog.CHART_MODULES = registered + ("report_charts",)
        entries = catalog.entries()
        options = pack.PackOptions(
            initiative_key=pack.default_initiative(engine, dt.date.today()),
            as_of=dt.date.today(),
            lang="ko",
            meeting="벤치마크",
        )
        built = pack.build_pack(engine, options)
        figure = next(c.result.figure for c in built.charts if not c.result.is_empty)

        rows = []
        fresh, _ = _timed(lambda: export.fresh_browser_image(figure, "png", target="slide"), 3)
        rows.append(("chart image, fresh browser (reference)", fresh, fresh))
        started = time.perf_counter()
        export.renderer().start()
        startup = time.perf_counter() - started
        rows.append(("browser start (once per process)", startup, fresh))

        def drawn_image(fmt, target):  # drawn, not taken from the image cache
            export.clear_image_cache()
            return export.chart_image(figure, fmt, target=target)

        warm, _ = _timed(lambda: drawn_image("png", "slide"), 5)
        rows.append(("chart image, reused browser", warm, fresh))
        svg, _ = _timed(lambda: drawn_image("svg", "a4"), 5)
        rows.append(("chart image SVG, reused browser", svg, fresh))
        figures = [c.result.figure for c in built.charts]

        def drawn_batch():
            export.clear_image_cache()
            return export.chart_images(figures, "png", target="slide")

        batch, _ = _timed(drawn_batch, 2)
        rows.append((f"{len(figures)} images in two tabs, per image", batch / len(figures), fresh))

        def full(fmt):
            return lambda: briefing.build_file(engine, options, fmt)

        sizes, packs, rebuilt = {}, {}, {}
        for fmt in ("pptx", "pdf", "xlsx"):

            def drawn(fmt=fmt):
                export.clear_image_cache()
                return full(fmt)()

            seconds, payload = _timed(drawn, 3)
            sizes[fmt] = len(payload)
            packs[fmt] = seconds
            rows.append((f"full pack {fmt.upper()} ({len(entries)} charts, warm)", seconds, fresh))
            again, _ = _timed(full(fmt), 3)
            rebuilt[fmt] = again
            rows.append(("  the same, rebuilt (images cached)", again, fresh))
        export.shutdown()

    print(f"charts registered by modules: {count}; in the pack: {len(entries)}")
    print(f"{'measurement':<46} {'seconds':>9} {'x reference':>12}")
    for name, seconds, reference in rows:
        print(f"{name:<46} {seconds:>9.3f} {seconds / reference:>12.2f}")
    for fmt, goal in GOALS_S.items():
        verdict = "meets" if packs[fmt] < goal else "MISSES"
        print(
            f"{fmt.upper()} pack (images drawn) {packs[fmt]:.2f} s {verdict} the {goal:.0f} s goal"
        )
    print("sizes: " + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items()))
    results.record(
        "packs",
        {
            "charts": len(entries),
            "reference_s": round(fresh, 3),
            "packs": {
                fmt: {
                    "drawn_s": round(packs[fmt], 3),
                    "rebuilt_s": round(rebuilt[fmt], 3),
                    "size_kib": round(sizes[fmt] / 1024),
                }
                for fmt in packs
            },  # fmt: skip
            "rows": [{"what": n, "seconds": round(s, 3)} for n, s, _ in rows],
            "context": results.context(),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
