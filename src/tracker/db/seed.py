"""Load the bundled dataset (``data/*.csv``, one file per table) as one change set.

Each CSV row is one version of one fact: ``key``, ``valid_from`` and the table's columns. A key
repeated with a later ``valid_from`` is that fact's later state (for example a milestone's actual
date, known from the day it was reported). Loading twice writes nothing the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from .. import i18n
from ..access.roles import Identity
from . import schema, store


class BundleError(i18n.LocalisedError, ValueError):
    """The bundle folder or one of its files cannot be read (a message in either language)."""

    PREFIX = "cli.bundle."


def read_bundle(data_dir: Path) -> list[store.Write]:
    if not data_dir.is_dir():
        raise BundleError("no_folder", folder=data_dir)
    writes: list[store.Write] = []
    found = 0
    for name in schema.LOAD_ORDER:
        path = data_dir / f"{name}.csv"
        if not path.exists():
            continue
        found += 1
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"key", "valid_from"} - set(reader.fieldnames or [])
            if missing:
                raise BundleError(
                    "missing_columns", file=path.name, columns=", ".join(sorted(missing))
                )
            for line, row in enumerate(reader, start=2):
                key = (row.pop("key") or "").strip()
                valid_from_text = (row.pop("valid_from") or "").strip()
                try:
                    valid_from = dt.date.fromisoformat(valid_from_text)
                except ValueError as exc:
                    raise BundleError(
                        "bad_date", file=path.name, line=line, text=valid_from_text
                    ) from exc
                values = {
                    k: (v if v is None else v.strip()) for k, v in row.items() if k is not None
                }
                writes.append(store.Write(name, key, values, valid_from, row=line))
    if not found:
        raise BundleError("no_tables", folder=data_dir)
    return writes


def seed(
    engine: Engine,
    data_dir: Path,
    *,
    actor: Identity | None = None,
    by: str = "tracker seed",
    progress: Callable[[int], None] | None = None,
) -> store.ChangeResult:
    writes = read_bundle(data_dir)
    from .queries import is_synthetic

    if is_synthetic(engine):
        raise BundleError("synthetic")
    if progress:
        progress(len(writes))
    return store.apply(
        engine,
        writes,
        by=by,
        reason=f"번들 자료 적재 / bundled dataset ({data_dir.name})",
        kind="seed",
        actor=actor,
    )
