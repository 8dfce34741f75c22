"""A 100,000-row expenditure CSV imported, against a plain ``pandas.read_csv`` of the same file.

Run with ``python -m bench.imports`` (part of ``make bench``). The file is generated with a
seeded RNG in the way officials write it: CP949, Korean headers, dates as 2024.03.05 /
2024년 3월 5일 / 2024-03-05, amounts as 1,234,000원 / 1.2억 / plain digits. Each measurement runs
in a fresh Python process so that its peak memory (max RSS, interpreter and libraries included)
is its own:

- ``pandas.read_csv`` of the file (the reference: reading only, no checks, nothing written);
- ``tracker import --dry-run`` work: read, parse every cell, check references, compare;
- the full import: the same, then one transaction writing 100,000 versions.

Goal stated in the issue: under 5 s and under 500 MB peak for the full import on this machine.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from tracker.access.roles import operator as _operator

from . import results

OPERATOR = _operator("bench")

ROOT = Path(__file__).resolve().parents[1]
ROWS = 100_000
GOAL_S, GOAL_MB = 5.0, 500

PANDAS = textwrap.dedent(
    """
    import json, resource, sys, time
    import pandas as pd
    started = time.perf_counter()
    frame = pd.read_csv(sys.argv[1], encoding="cp949")
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "rows": len(frame)}))
    """
)

TRACKER = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from tracker.access.roles import operator
    from tracker.db import backend
    from tracker.imports import plan as plans
    OPERATOR = operator("bench")
    engine = backend.make_engine(sys.argv[2])
    stages = {}
    started = time.perf_counter()
    def progress(stage, fraction):
        stages.setdefault(stage, time.perf_counter() - started)
    path = Path(sys.argv[1])
    plan = plans.plan_file(engine, "expenditures", path.read_bytes(), path.name, progress=progress)
    assert not plan.problems, plan.messages("en")[:5]
    checked = time.perf_counter() - started
    written = 0
    if sys.argv[3] == "write":
        written = plans.apply_plan(engine, plan, actor=OPERATOR, by="bench", reason="bench").written
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "cpu": cpu, "checked": checked, "peak_mb": peak,
                      "rows": len(plan.rows), "new": plan.count("new"), "written": written,
                      "stages": stages}))
    """
)


def write_file(path: Path, rows: int = ROWS, seed: int = 11) -> None:
    rng = random.Random(seed)
    projects = ["gj1-site", "gj1-core-infrastructure", "gj1-business-group"]
    sources = ["국비", "시비", "민자", "national", "city"]
    lines = ["키,세부 사업 키,집행일,재원,금액,증빙 번호,비고"]
    for n in range(rows):
        year, month, day = rng.randint(2020, 2025), rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice(
            [
                f"{year}.{month:02d}.{day:02d}",
                f"{year}년 {month}월 {day}일",
                f"{year}-{month}-{day}",
            ]
        )
        won = rng.randint(1, 90_000) * 10_000
        amount = rng.choice([f'"{won:,}원"', str(won), f"{won // 10_000}만원"])
        lines.append(
            f"bench-{n:06d},{rng.choice(projects)},{date},{rng.choice(sources)},{amount},"
            f"D-{year}-{n},{'기성금' if n % 3 else ''}"
        )
    path.write_bytes(("\n".join(lines) + "\n").encode("cp949"))


def _child(script: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> str:
    import os

    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    from tracker.db import backend, seed, store

    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "expenditures-100k.csv"
        write_file(csv_path)
        size_mb = csv_path.stat().st_size / 1024 / 1024
        database = Path(folder) / "bench.sqlite"
        url = f"sqlite:///{database}"
        engine = backend.make_engine(url)
        store.create_schema(engine)
        seed.seed(engine, ROOT / "data", actor=OPERATOR)
        engine.dispose()
        pristine = database.read_bytes()
        reference = _child(PANDAS, str(csv_path))
        dry = _child(TRACKER, str(csv_path), url, "dry")
        database.write_bytes(pristine)
        full = _child(TRACKER, str(csv_path), url, "write")
    print(f"{ROWS:,}-row expenditure CSV (CP949, Korean formats), {size_mb:.1f} MB")
    print(f"{'':34}{'wall':>8}{'CPU':>8}{'peak RSS':>11}")
    for label, run in (
        ("pandas.read_csv (reference)", reference),
        ("tracker import --dry-run", dry),
        ("tracker import (one transaction)", full),
    ):
        print(f"{label:34}{run['seconds']:>7.2f}s{run['cpu']:>7.2f}s{run['peak_mb']:>8.0f} MB")
    print("CPU: the process's user + system time (interpreter start and imports included); wall")
    print(f"time also waits for whatever else the machine runs (load average {_load()}).")
    stages = full["stages"]
    print(
        "stages of the full import (s from start): "
        + ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
        + f", checked {full['checked']:.2f}, committed {full['seconds']:.2f}"
    )
    ratio = full["seconds"] / reference["seconds"]
    print(f"full import / read_csv: {ratio:.1f}x; written {full['written']:,} versions")
    ok = full["seconds"] < GOAL_S and full["peak_mb"] < GOAL_MB and full["written"] == ROWS
    print(f"goal (< {GOAL_S:g} s, < {GOAL_MB} MB): {'met' if ok else 'NOT met'}")
    results.record(
        "imports",
        {
            "rows": ROWS,
            "written": full["written"],
            "reference_s": round(reference["seconds"], 3),
            "dry_run_s": round(dry["seconds"], 3),
            "full_s": round(full["seconds"], 3),
            "cpu_s": round(full["cpu"], 3),
            "peak_mb": round(full["peak_mb"]),
            "context": results.context(),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
