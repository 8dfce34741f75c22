"""One table of everything ``make bench`` measured, each figure beside its same-run reference and
its target, read from ``bench/results.json``.

Run with ``python -m bench.summary`` (the last step of ``make bench``). Targets (issues 15 and 17):

- server-side script time per page, uncached, with ``large``: under 300 ms, on SQLite and on
  PostgreSQL (``--backend postgresql``); the overview with ``huge``: under 2 s;
- each page drawn in headless Chromium: within 1.3x its same-shape reference page, with the
  bundled data and with ``large``; a language switch or a filter click: within 1.3x the
  reference's redraw of as many charts;
- the site map drawn: under 3 s with the bundled data, under 4 s with ``large``;
- the full briefing pack, images drawn, warm: PPTX under 3 s, PDF under 4 s;
- a 100,000-row import: under 5 s and under 500 MB.

"Within 1.3x" includes 1.3x; "under" a time does not include it. A section that was not measured
says so. Nothing here is asserted: the table reports, it does not fail a build.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import results as stored

PAGE_RATIO = 1.3
SERVER_LARGE_S = 0.3
SERVER_HUGE_OVERVIEW_S = 2.0
MAP_S = {"bundled": 3.0, "large": 4.0}
PACK_S = {"pptx": 3.0, "pdf": 4.0}
IMPORT_S, IMPORT_MB = 5.0, 500


@dataclass(frozen=True)
class Row:
    area: str
    what: str
    seconds: float | None  # the figure (for the import's memory row: megabytes)
    reference: float | None  # the same-run reference, where there is one
    target: str  # what the figure must meet, "" where no target is set
    met: bool | None  # None: no target

    @property
    def ratio(self) -> float | None:
        if not _number(self.seconds) or not _number(self.reference) or not self.reference:
            return None
        return self.seconds / self.reference


def _number(value) -> bool:
    return isinstance(value, int | float) and not math.isnan(value)


def _under(value, limit: float) -> bool:
    return _number(value) and value < limit


def _within(value, reference, factor: float) -> bool:
    return _number(value) and _number(reference) and reference > 0 and value <= factor * reference


def _server(results: dict) -> list[Row]:
    """Server-side script time on SQLite (``server``) and on PostgreSQL (``server_postgresql``):
    the same targets on both engines."""
    rows = []
    engines = (("server", "server"), ("server_postgresql", "server pg"))
    for section, area in engines:
        rows += _server_rows(results.get(section) or {}, area)
    return rows


def _server_rows(datasets: dict, area: str) -> list[Row]:
    rows = []
    for dataset, measured in datasets.items():
        if not isinstance(measured, dict):  # written by an older bench.server: not comparable
            continue
        for page in measured.get("rows", []):
            seconds, reference = page.get("page_s"), page.get("reference_s")
            target, met = "", None
            if dataset == "large":
                target, met = "< 300 ms", _under(seconds, SERVER_LARGE_S)
            elif dataset == "huge" and page.get("page") == "overview":
                target, met = "< 2 s", _under(seconds, SERVER_HUGE_OVERVIEW_S)
            what = f"{page.get('page')} ({dataset}, uncached)"
            rows.append(Row(area, what, seconds, reference, target, met))
    return rows


# section, area, the figure's field, and how a row is named (with its dataset)
_BROWSER = (
    ("pages", "browser", "warm_s", lambda r, d: f"{r.get('page') or 'overview'} ({d}, warm)"),
    ("interactions", "interaction", "redraw_s", lambda r, d: f"{r.get('name')} ({d})"),
)


def _pages(results: dict) -> list[Row]:
    """Page draws and interactions in the browser: within 1.3x their same-run reference."""
    rows = []
    for section, area, field, name in _BROWSER:
        for dataset, measured in (results.get(section) or {}).items():
            for row in measured.get("rows", []):
                seconds, reference = row.get(field), row.get("reference_s")
                met = _within(seconds, reference, PAGE_RATIO)
                rows.append(Row(area, name(row, dataset), seconds, reference, "<= 1.3x ref", met))
    return rows


def _elements(results: dict) -> list[Row]:
    """Each element kind alone in the reference app against its bare page (no target: where a
    page's fixed cost goes)."""
    kinds = (results.get("elements") or {}).get("rows", [])
    bare = next((k.get("warm_s") for k in kinds if k.get("what", "").startswith("bare")), None)
    return [
        Row("element", k.get("what", ""), k.get("warm_s"), bare, "", None)
        for k in kinds
        if not k.get("what", "").startswith("bare")
    ]


def _maps(results: dict) -> list[Row]:
    rows = []
    for dataset, measured in (results.get("maps") or {}).items():
        by_name = {r.get("what"): r for r in measured.get("rows", [])}
        page = by_name.get("map page /map")
        if page is None:
            continue
        alone = (by_name.get("the page's SVG figure alone") or {}).get("drawn_s")
        limit = MAP_S.get(dataset)
        target = f"< {limit:g} s" if limit else ""
        met = _under(page.get("drawn_s"), limit) if limit else None
        rows.append(Row("map", f"/map drawn ({dataset})", page.get("drawn_s"), alone, target, met))
    return rows


def _packs(results: dict) -> list[Row]:
    packs = results.get("packs") or {}
    rows = []
    for fmt, measured in (packs.get("packs") or {}).items():
        limit = PACK_S.get(fmt)
        target = f"< {limit:g} s" if limit else ""
        met = _under(measured.get("drawn_s"), limit) if limit else None
        what = f"{fmt.upper()} pack, images drawn (warm)"
        rows.append(
            Row("pack", what, measured.get("drawn_s"), packs.get("reference_s"), target, met)
        )
    return rows


def _imports(results: dict) -> list[Row]:
    run = results.get("imports")
    if not run:
        return []
    complete = run.get("written") == run.get("rows")
    seconds = run.get("full_s")
    return [
        Row("import", f"{run.get('rows', 0):,} rows, one transaction", seconds,
            run.get("reference_s"), f"< {IMPORT_S:g} s", complete and _under(seconds, IMPORT_S)),
        Row("import", "  its peak memory (MB)", run.get("peak_mb"), None, f"< {IMPORT_MB} MB",
            complete and _under(run.get("peak_mb"), IMPORT_MB)),
    ]  # fmt: skip


SECTIONS = (
    ("server", _server),
    ("pages", _pages),
    ("elements", _elements),
    ("maps", _maps),
    ("packs", _packs),
    ("imports", _imports),
)


def judge(results: dict) -> tuple[list[Row], list[str]]:
    """Every figure with its reference and verdict, and the sections not measured yet."""
    rows, missing = [], []
    for section, rows_of in SECTIONS:
        found = rows_of(results)
        if not found:
            missing.append(section)
        rows += found
    return rows, missing


def _cell(value) -> str:
    return f"{value:.3f}" if _number(value) else "—"


def table(rows: list[Row]) -> str:
    lines = [f"{'area':<12}{'measurement':<44}{'figure':>9}{'ref':>9}{'ratio':>7}  {'target':<13}"]
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        verdict = "" if row.met is None else ("met" if row.met else "NOT met")
        lines.append(
            f"{row.area:<12}{row.what:<44}{_cell(row.seconds):>9}{_cell(row.reference):>9}"
            f"{ratio:>7}  {row.target:<13}{verdict}"
        )
    return "\n".join(lines)


def when(results: dict) -> list[str]:
    """When each section was measured and the load average then."""
    out = []
    sections = (
        "packs", "pages", "interactions", "elements", "maps", "server", "server_postgresql",
        "imports",
    )  # fmt: skip
    for section in sections:
        value = results.get(section) or {}
        contexts = [(section, value.get("context"))]
        contexts += [(f"{section} {k}", v.get("context")) for k, v in value.items()
                     if isinstance(v, dict)]  # fmt: skip
        for name, context in contexts:
            if context:
                load = ", ".join(f"{x:g}" for x in context.get("load_average", []))
                out.append(f"{name}: {context.get('measured_at')} (load average {load})")
    return out


def main(path=None) -> int:
    results = stored.load(path or stored.RESULTS)
    rows, missing = judge(results)
    print(table(rows))
    judged = [r for r in rows if r.met is not None]
    met = sum(1 for r in judged if r.met)
    print(f"\n{met} of {len(judged)} targets met; seconds unless marked; ref = same-run reference")
    for line in when(results):
        print(f"  {line}")
    if missing:
        print("not measured yet: " + ", ".join(missing) + " (run `make bench`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
