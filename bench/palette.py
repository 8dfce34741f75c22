"""Before/after images of the milestone-state palette under simulated colour-vision deficiencies.

Run with ``python -m bench.palette`` (needs Chromium for the chart image). It draws the overview's
"milestones by year" chart from the bundled data twice — with the palette the project had before
the accessibility work (colour only) and with today's theme (colour, pattern and counts) — then
simulates deuteranopia, protanopia and tritanopia (``colorspacious``, severity 100) and writes
``docs/a11y-palette-before.png`` and ``docs/a11y-palette-after.png``. It also prints the smallest
CAM02-UCS distance between any two state colours under each simulation.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import sys
import tempfile
from pathlib import Path

import numpy as np

from tracker.access.roles import operator as _operator

OPERATOR = _operator("bench")

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
KINDS = ("normal", "deuteranomaly", "protanomaly", "tritanomaly")
TITLES = {
    "normal": "normal vision",
    "deuteranomaly": "deuteranopia",
    "protanomaly": "protanopia",
    "tritanomaly": "tritanopia",
}
# The state colours before the accessibility work (issue #18), for comparison only.
BEFORE = {
    "done": "#2f9e57",
    "on_track": "#1f77b4",
    "at_risk": "#f2b134",
    "late": "#d62728",
    "stopped": "#7f1d1d",
    "cancelled": "#9aa5b1",
    "unscheduled": "#c7ccd1",
}


def simulate(rgb: np.ndarray, kind: str) -> np.ndarray:
    """``rgb`` in 0..1 (any shape ending in 3) as seen with the deficiency ``kind``."""
    from colorspacious import cspace_convert

    if kind == "normal":
        return rgb
    cvd = {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}
    return np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)


def min_distance(palette: dict[str, str], kind: str) -> tuple[float, str, str]:
    from colorspacious import cspace_convert

    def point(hex_colour: str):
        rgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
        return cspace_convert(simulate(rgb, kind), "sRGB1", "CAM02-UCS")

    return min(
        (float(np.linalg.norm(point(a) - point(b))), ka, kb)
        for (ka, a), (kb, b) in itertools.combinations(palette.items(), 2)
    )


def chart_png(engine, *, before: bool) -> bytes:
    from tracker import theme
    from tracker.catalog import ChartContext
    from tracker.overview import charts
    from tracker.reports import images

    original = theme.state_marker
    if before:
        theme.state_marker = lambda state: {"color": BEFORE.get(state, "#9aa5b1")}
    try:
        ctx = ChartContext("gj-ai-cluster-phase1", dt.date(2025, 12, 31), "en")
        result = charts.build_milestones_by_year(engine, ctx)
        if before:
            for trace in result.figure.data:
                trace.text = None
    finally:
        theme.state_marker = original
    return images.chart_image(result.figure, "png", target="a4", size=(640, 400), scale=1)


def sheet(png: bytes, label: str) -> object:
    from PIL import Image, ImageDraw

    chart = Image.open(io.BytesIO(png)).convert("RGB")
    tiles = []
    for kind in KINDS:
        seen = simulate(np.asarray(chart, dtype=float) / 255, kind)
        tile = Image.fromarray((seen * 255).round().astype("uint8")).resize((400, 250))
        draw = ImageDraw.Draw(tile)
        draw.rectangle((0, 228, 400, 250), fill="white")
        draw.text((8, 232), f"{label} · {TITLES[kind]}", fill=(31, 41, 51))
        tiles.append(tile)
    out = Image.new("RGB", (800, 500), "white")
    for n, tile in enumerate(tiles):
        out.paste(tile, ((n % 2) * 400, (n // 2) * 250))
    return out


def main() -> int:
    from tracker import theme
    from tracker.db import backend, seed, store
    from tracker.reports import images

    if not images.images_available():
        print("Chromium is missing: sudo apt-get install -y chromium fonts-noto-cjk")
        return 3
    print("| simulation | closest pair before (ΔE) | after | done vs late before | after |")
    print("|---|---|---|---|---|")
    for kind in KINDS:
        b, a = min_distance(BEFORE, kind), min_distance(theme.STATE_COLOURS, kind)
        pair = ("done", "late")
        b2 = min_distance({k: BEFORE[k] for k in pair}, kind)[0]
        a2 = min_distance({k: theme.STATE_COLOURS[k] for k in pair}, kind)[0]
        print(
            f"| {TITLES[kind]} | {b[1]}/{b[2]} {b[0]:.1f} | {a[1]}/{a[2]} {a[0]:.1f} "
            f"| {b2:.1f} | {a2:.1f} |"
        )
    with tempfile.TemporaryDirectory() as tmp:
        engine = backend.make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        store.create_schema(engine)
        seed.seed(engine, ROOT / "data", actor=OPERATOR)
        DOCS.mkdir(exist_ok=True)
        for before in (True, False):
            name = "before" if before else "after"
            image = sheet(chart_png(engine, before=before), name)
            image.save(DOCS / f"a11y-palette-{name}.png", optimize=True)
            print(f"wrote docs/a11y-palette-{name}.png")
        engine.dispose()
    images.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
