"""``bench/results.json``: what each benchmark measured last, kept side by side.

Every benchmark of ``make bench`` records its figures here under a section of its own (``packs``,
``pages``, ``interactions``, ``maps``, ``server``, ``explain``, ``imports``), each beside the
reference it measured in the same run, with when and under what load it ran; ``python -m
bench.summary`` reads them back into one table against the targets. A section is replaced as a
whole (or one dataset of it, with ``key``), so figures of different runs never mix in one row.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def load(path: Path = RESULTS) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def context() -> dict:
    """When a measurement ran and how busy the machine was (a figure taken under load is slower,
    its same-run reference too)."""
    return {
        "measured_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }


def record(section: str, value, *, key: str | None = None, path: Path = RESULTS) -> None:
    """Keep ``value`` as ``section`` (or as ``section[key]``, the other keys left as they are)."""
    results = load(path)
    if key is None:
        results[section] = value
    else:
        current = results.get(section)
        results[section] = {**(current if isinstance(current, dict) else {}), key: value}
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
