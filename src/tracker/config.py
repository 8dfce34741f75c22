"""Settings read from the environment, in one place (documented in README.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "tracker.sqlite"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
# The KOSTAT boundary files ship beside the checkout (../shared/geo), never inside it.
DEFAULT_BOUNDARIES = (
    PROJECT_ROOT.parent / "shared" / "geo" / "skorea-municipalities-2013-simple.geojson"
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    boundaries: Path
    user: str
    default_initiative: str | None


def settings() -> Settings:
    return Settings(
        database_url=os.environ.get("TRACKER_DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
        data_dir=Path(os.environ.get("TRACKER_DATA_DIR") or DEFAULT_DATA_DIR),
        boundaries=Path(os.environ.get("TRACKER_BOUNDARIES") or DEFAULT_BOUNDARIES),
        user=os.environ.get("TRACKER_USER") or os.environ.get("USER") or "system",
        default_initiative=os.environ.get("TRACKER_DEFAULT_INITIATIVE") or None,
    )
