"""Settings read from the environment, in one place (documented in README.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "tracker.sqlite"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
# KOSTAT boundaries ship inside the repository (data/geo/SOURCE.md: source, licence, attribution).
GEO_DIR = DEFAULT_DATA_DIR / "geo"
DEFAULT_BOUNDARIES = GEO_DIR / "skorea-municipalities-2013-simple.geojson"
REGION_BOUNDARIES_NAME = "skorea-provinces-2013-simple.geojson"
DEFAULT_REGION_BOUNDARIES = GEO_DIR / REGION_BOUNDARIES_NAME


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    boundaries: Path
    region_boundaries: Path
    user: str
    default_initiative: str | None
    home: str = "overview"
    # Access (README "Sign-in and roles"): anonymous visitors are viewers when public.
    public: bool = False
    session_idle_minutes: float = 30.0


def settings() -> Settings:
    boundaries = Path(os.environ.get("TRACKER_BOUNDARIES") or DEFAULT_BOUNDARIES)
    return Settings(
        database_url=os.environ.get("TRACKER_DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
        data_dir=Path(os.environ.get("TRACKER_DATA_DIR") or DEFAULT_DATA_DIR),
        boundaries=boundaries,
        # The national view needs provinces: by default the file beside the boundaries in use
        # (with the defaults, the bundled provinces in data/geo/).
        region_boundaries=Path(
            os.environ.get("TRACKER_REGION_BOUNDARIES")
            or boundaries.with_name(REGION_BOUNDARIES_NAME)
        ),
        user=os.environ.get("TRACKER_USER") or os.environ.get("USER") or "system",
        default_initiative=os.environ.get("TRACKER_DEFAULT_INITIATIVE") or None,
        home="portfolio" if os.environ.get("TRACKER_HOME") == "portfolio" else "overview",
        public=os.environ.get("TRACKER_PUBLIC", "").strip().lower() in ("1", "true", "yes", "on"),
        session_idle_minutes=_positive(os.environ.get("TRACKER_SESSION_IDLE_MINUTES"), 30.0),
    )


def _positive(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw and raw.strip() else default
    except ValueError:
        return default
    return value if value > 0 else default
