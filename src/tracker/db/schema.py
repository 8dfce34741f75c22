"""Tables. Every fact table is versioned: a change appends a row; no fact is updated or deleted.

Each fact table has the same system columns:

- ``row_id``: the physical row (one version of one fact);
- ``key``: the stable identity of the fact across its versions (text, e.g. ``gj1-datacentre``);
- ``valid_from``: the date from which this version is what was known (for bundled data, the date of
  the source that reported it; for edits, the day of the edit). Reads "as of" a date take, per key,
  the latest version with ``valid_from`` on or before that date;
- ``is_deleted``: a tombstone version (the fact was withdrawn from that date on);
- ``change_id``: the change set that wrote the row (who, when, why) in ``changes``;
- ``superseded_on``: the next version's ``valid_from`` (empty for the latest); derived, the one
  value ``store.apply`` writes after insert: a read checks a version alone (day < superseded_on);
- ``source_key`` and ``is_estimate``: where the fact comes from and whether a figure is an estimate.

References between fact tables are by ``key`` (a key names a fact across versions, so it cannot be a
SQL foreign key); ``store`` checks them on every write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

SYSTEM_COLUMNS = ("row_id", "key", "valid_from", "is_deleted", "change_id", "superseded_on")

changes = Table(
    "changes",
    metadata,
    Column("change_id", Integer, primary_key=True, autoincrement=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(120), nullable=False),
    Column("kind", String(20), nullable=False),  # seed | edit | import | synthetic
    Column("reason", Text, nullable=False),
    # How the person was identified (command line, password, single sign-on, local mode) and the
    # tool that wrote, e.g. "cli · tracker seed"; added by the access release (nullable).
    Column("recorded_via", String(200)),
)

# Access tables: not versioned (they are not facts), never written through ``store.apply``; only
# ``tracker.access`` writes them, after its own role check.
users = Table(
    "users",
    metadata,
    Column("user_id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),  # argon2id, PHC string
    Column("role", String(10), nullable=False),  # viewer | editor | admin
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
)

sign_in_events = Table(
    "sign_in_events",
    metadata,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("name", String(120), nullable=False),  # the name typed (may not be an account)
    Column("client", String(100), nullable=False),  # the browser's address as the server sees it
    Column("method", String(10), nullable=False),  # password | sso
    Column("ok", Boolean, nullable=False),
    # ok | bad_password | unknown_user | disabled | locked | no_role | signed_out | expired
    Column("outcome", String(20), nullable=False),
    Index("ix_sign_in_events_name_at", "name", "at"),
    Index("ix_sign_in_events_client_at", "client", "at"),
)

account_events = Table(
    "account_events",
    metadata,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("by", String(120), nullable=False),
    Column("by_via", String(20), nullable=False),
    Column("name", String(120), nullable=False),
    Column("action", String(20), nullable=False),  # added | disabled | enabled | password | role
    Column("detail", String(200)),
)


@dataclass(frozen=True)
class FactSpec:
    """What the write path needs to know about a fact table beyond its SQL types."""

    table: Table
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)  # column -> referenced table
    required: tuple[str, ...] = ()
    non_negative: tuple[str, ...] = ()
    percent: tuple[str, ...] = ()


FACTS: dict[str, FactSpec] = {}

FUNDING_SOURCES = ("national", "city", "private", "other", "unspecified")

CONFIDENCE = ("H", "M", "L")

# "by": only an upper bound is known (it happened on or before the stored day, e.g. an article
# reports an MOU as signed without saying when).
DATE_PRECISION = ("day", "month", "year", "by")


def fact_table(
    name: str,
    *columns: Column,
    enums: dict[str, tuple[str, ...]] | None = None,
    references: dict[str, str] | None = None,
    required: tuple[str, ...] = (),
    non_negative: tuple[str, ...] = (),
    percent: tuple[str, ...] = (),
) -> Table:
    table = Table(
        name,
        metadata,
        Column("row_id", Integer, primary_key=True, autoincrement=True),
        Column("key", String(120), nullable=False),
        *columns,
        Column("source_key", String(120)),
        Column("is_estimate", Boolean, nullable=False, default=False),
        Column("note", Text),
        Column("valid_from", Date, nullable=False),
        Column("is_deleted", Boolean, nullable=False, default=False),
        Column("change_id", Integer, ForeignKey("changes.change_id"), nullable=False),
        Column("superseded_on", Date),  # derived: the next version's valid_from (see above)
        Index(f"ix_{name}_key_valid_from", "key", "valid_from"),
    )
    refs = {"source_key": "sources", **(references or {})}
    if name == "sources":
        refs.pop("source_key")
    for column in references or {}:
        # reads narrow by reference (one initiative's projects, a project's payments) before
        # ranking versions: without an index each such step scans the whole table
        Index(f"ix_{name}_{column}", table.c[column])
    FACTS[name] = FactSpec(
        table=table,
        enums=enums or {},
        references=refs,
        required=required,
        non_negative=non_negative,
        percent=percent,
    )
    return table


sources = fact_table(
    "sources",
    Column("outlet", String(200), nullable=False),
    Column("published_on", Date),
    Column("published_precision", String(5)),
    Column("title", Text),
    Column("url", Text),
    Column("language", String(5)),
    Column("confidence", String(1)),
    enums={
        "confidence": CONFIDENCE,
        "language": ("ko", "en"),
        "published_precision": DATE_PRECISION,
    },
    required=("outlet",),
)

regions = fact_table(
    "regions",
    Column("kostat_code", String(10), nullable=False),
    Column("name_ko", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("level", String(20), nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    # For the portfolio's relative view (per person, share of GRDP); empty unless sourced.
    Column("population", BigInteger),
    Column("grdp_won", BigInteger),
    Column("stats_year", Integer),
    enums={"level": ("province", "municipality", "district")},
    required=("kostat_code", "name_ko", "name_en", "level"),
    non_negative=("population", "grdp_won"),
)

initiatives = fact_table(
    "initiatives",
    Column("region_key", String(120), nullable=False),
    Column("name_ko", String(300), nullable=False),
    Column("name_en", String(300), nullable=False),
    Column("phase", Integer),
    Column("start_year", Integer),
    Column("end_year", Integer),
    Column("envelope_won", BigInteger),  # baseline envelope as first announced
    Column("status", String(20)),
    references={"region_key": "regions"},
    enums={"status": ("planned", "preparing", "running", "completed")},
    required=("region_key", "name_ko", "name_en"),
    non_negative=("envelope_won",),
)

plan_versions = fact_table(
    "plan_versions",
    Column("initiative_key", String(120), nullable=False),
    Column("label_ko", String(300), nullable=False),
    Column("label_en", String(300), nullable=False),
    Column("announced_on", Date, nullable=False),
    Column("announced_precision", String(5)),
    Column("kind", String(20), nullable=False),
    Column("total_won", BigInteger),
    Column("reason_ko", Text),
    Column("reason_en", Text),
    Column("confidence", String(1)),
    references={"initiative_key": "initiatives"},
    enums={
        "kind": ("plan", "reported", "annual"),
        "confidence": CONFIDENCE,
        "announced_precision": DATE_PRECISION,
    },
    required=("initiative_key", "label_ko", "label_en", "announced_on", "kind"),
    non_negative=("total_won",),
)

projects = fact_table(
    "projects",
    Column("initiative_key", String(120), nullable=False),
    Column("parent_key", String(120)),
    Column("name_ko", String(300), nullable=False),
    Column("name_en", String(300), nullable=False),
    Column("category", String(30), nullable=False),
    references={"initiative_key": "initiatives", "parent_key": "projects"},
    enums={
        "category": (
            "site",
            "infrastructure",
            "data_centre",
            "building",
            "rnd",
            "talent",
            "company_support",
            "governance",
            "other",
        )
    },
    required=("initiative_key", "name_ko", "name_en", "category"),
)

budget_lines = fact_table(
    "budget_lines",
    Column("plan_version_key", String(120), nullable=False),
    Column("project_key", String(120)),
    Column("year", Integer),
    Column("funding_source", String(20), nullable=False),
    Column("amount_won", BigInteger, nullable=False),
    references={"plan_version_key": "plan_versions", "project_key": "projects"},
    enums={"funding_source": FUNDING_SOURCES},
    required=("plan_version_key", "funding_source", "amount_won"),
    non_negative=("amount_won",),
)

expenditures = fact_table(
    "expenditures",
    Column("project_key", String(120), nullable=False),
    Column("spent_on", Date, nullable=False),
    Column("funding_source", String(20), nullable=False),
    Column("amount_won", BigInteger, nullable=False),
    Column("reference", String(200)),
    references={"project_key": "projects"},
    enums={"funding_source": FUNDING_SOURCES},
    required=("project_key", "spent_on", "funding_source", "amount_won"),
    non_negative=("amount_won",),
)

milestones = fact_table(
    "milestones",
    Column("initiative_key", String(120), nullable=False),
    Column("project_key", String(120)),
    Column("name_ko", String(300), nullable=False),
    Column("name_en", String(300), nullable=False),
    Column("baseline_date", Date),
    Column("baseline_precision", String(5)),
    Column("forecast_date", Date),
    Column("forecast_precision", String(5)),
    Column("actual_date", Date),
    Column("actual_precision", String(5)),
    Column("status", String(20), nullable=False),
    Column("progress_pct", Float),
    # A milestone that can only happen after this one: once it is done, this one was done too.
    Column("depends_on", String(120)),
    references={
        "initiative_key": "initiatives",
        "project_key": "projects",
        "depends_on": "milestones",
    },
    enums={
        "status": ("planned", "in_progress", "done", "stopped", "cancelled"),
        "baseline_precision": DATE_PRECISION,
        "forecast_precision": DATE_PRECISION,
        "actual_precision": DATE_PRECISION,
    },
    required=("initiative_key", "name_ko", "name_en", "status"),
    percent=("progress_pct",),
)

partners = fact_table(
    "partners",
    Column("name_ko", String(300), nullable=False),
    Column("name_en", String(300)),
    Column("kind", String(30), nullable=False),
    Column("sector", String(100)),
    enums={
        "kind": (
            "company",
            "research_institute",
            "university",
            "standards_body",
            "public_agency",
            "other",
        )
    },
    required=("name_ko", "kind"),
)

agreements = fact_table(
    "agreements",
    Column("initiative_key", String(120), nullable=False),
    Column("partner_key", String(120)),
    Column("kind", String(20), nullable=False),
    Column("signed_on", Date),
    Column("signed_precision", String(5)),
    Column("seq_no", Integer),
    Column("batch_label", String(50)),
    Column("pledged_investment_won", BigInteger),
    Column("pledged_jobs", Integer),
    references={"initiative_key": "initiatives", "partner_key": "partners"},
    enums={"kind": ("mou", "investment"), "signed_precision": DATE_PRECISION},
    required=("initiative_key", "kind"),
    non_negative=("pledged_investment_won", "pledged_jobs"),
)

# Sourced cumulative counts and batches, for the many MOUs that are not recorded one by one.
agreement_tallies = fact_table(
    "agreement_tallies",
    Column("initiative_key", String(120), nullable=False),
    Column("counted_on", Date, nullable=False),
    Column("counted_precision", String(5)),
    Column("cumulative_agreements", Integer),
    Column("batch_size", Integer),
    Column("seq_from", Integer),
    Column("seq_to", Integer),
    Column("offices_cumulative", Integer),
    references={"initiative_key": "initiatives"},
    enums={"counted_precision": DATE_PRECISION},
    required=("initiative_key", "counted_on"),
    non_negative=("cumulative_agreements", "batch_size", "offices_cumulative"),
)

sites = fact_table(
    "sites",
    Column("initiative_key", String(120), nullable=False),
    Column("name_ko", String(300), nullable=False),
    Column("name_en", String(300), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("address_ko", String(300)),
    Column("area_m2", Float),
    Column("lat", Float),
    Column("lon", Float),
    Column("polygon_geojson", Text),
    Column("is_approximate", Boolean, nullable=False, default=False),
    Column("accuracy_m", Float),
    references={"initiative_key": "initiatives"},
    enums={
        "kind": (
            "cluster",
            "data_centre",
            "building",
            "university",
            "government",
            "office",
            "other",
        )
    },
    required=("initiative_key", "name_ko", "name_en", "kind"),
    non_negative=("area_m2", "accuracy_m"),
)

centres = fact_table(
    "centres",
    Column("initiative_key", String(120), nullable=False),
    Column("partner_key", String(120), nullable=False),
    Column("name_ko", String(300), nullable=False),
    Column("name_en", String(300)),
    Column("opened_on", Date),
    Column("opened_precision", String(5)),
    Column("site_key", String(120)),
    Column("lat", Float),
    Column("lon", Float),
    Column("is_approximate", Boolean, nullable=False, default=True),
    Column("headcount", Integer),
    references={"initiative_key": "initiatives", "partner_key": "partners", "site_key": "sites"},
    enums={"opened_precision": DATE_PRECISION},
    required=("initiative_key", "partner_key", "name_ko"),
    non_negative=("headcount",),
)

committee_bodies = fact_table(
    "committee_bodies",
    Column("initiative_key", String(120), nullable=False),
    Column("parent_key", String(120)),
    Column("name_ko", String(300), nullable=False),
    Column("name_en", String(300), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("formed_on", Date),
    Column("formed_precision", String(5)),
    references={"initiative_key": "initiatives", "parent_key": "committee_bodies"},
    enums={
        "kind": ("committee", "subcommittee", "task_force", "organisation"),
        "formed_precision": DATE_PRECISION,
    },
    required=("initiative_key", "name_ko", "name_en", "kind"),
)

meetings = fact_table(
    "meetings",
    Column("body_key", String(120), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("number", Integer),
    Column("title_ko", String(300), nullable=False),
    Column("title_en", String(300), nullable=False),
    Column("location_ko", String(300)),
    Column("agenda_ko", Text),
    Column("agenda_en", Text),
    references={"body_key": "committee_bodies"},
    required=("body_key", "held_on", "title_ko", "title_en"),
)

decisions = fact_table(
    "decisions",
    Column("meeting_key", String(120), nullable=False),
    Column("text_ko", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    references={"meeting_key": "meetings"},
    required=("meeting_key", "text_ko", "text_en"),
)

action_items = fact_table(
    "action_items",
    Column("meeting_key", String(120), nullable=False),
    Column("text_ko", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("owner", String(200)),
    Column("due_on", Date),
    Column("status", String(20), nullable=False),
    Column("completed_on", Date),
    references={"meeting_key": "meetings"},
    enums={"status": ("open", "in_progress", "done", "cancelled")},
    required=("meeting_key", "text_ko", "text_en", "status"),
)

strategies = fact_table(
    "strategies",
    Column("initiative_key", String(120), nullable=False),
    Column("number", Integer, nullable=False),
    Column("name_ko", String(300), nullable=False),
    Column("name_en", String(300), nullable=False),
    references={"initiative_key": "initiatives"},
    required=("initiative_key", "number", "name_ko", "name_en"),
)

tasks = fact_table(
    "tasks",
    Column("strategy_key", String(120), nullable=False),
    Column("number", Integer, nullable=False),
    Column("name_ko", String(300), nullable=False),
    Column("name_en", String(300), nullable=False),
    Column("progress_pct", Float),
    Column("status", String(20), nullable=False),
    references={"strategy_key": "strategies"},
    enums={"status": ("planned", "in_progress", "done", "stopped")},
    required=("strategy_key", "number", "name_ko", "name_en", "status"),
    percent=("progress_pct",),
)

# Sourced usage and output figures (projects supported, GPUs installed, ...): one row per figure,
# over a period, so the same measure reported for different periods never adds up.
INDICATOR_METRICS = ("projects_supported", "gpus_installed")

indicators = fact_table(
    "indicators",
    Column("initiative_key", String(120), nullable=False),
    Column("project_key", String(120)),
    Column("metric", String(40), nullable=False),
    Column("breakdown", String(100)),  # e.g. the GPU model; empty for the whole figure
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("period_precision", String(5)),
    Column("value", Integer, nullable=False),
    Column("confidence", String(1)),
    references={"initiative_key": "initiatives", "project_key": "projects"},
    enums={
        "metric": INDICATOR_METRICS,
        "period_precision": DATE_PRECISION,
        "confidence": CONFIDENCE,
    },
    required=("initiative_key", "metric", "period_start", "period_end", "value"),
    non_negative=("value",),
)

# Order in which a bundle is loaded: referenced tables first.
LOAD_ORDER = (
    "sources",
    "regions",
    "initiatives",
    "plan_versions",
    "projects",
    "indicators",
    "budget_lines",
    "expenditures",
    "milestones",
    "partners",
    "agreements",
    "agreement_tallies",
    "sites",
    "centres",
    "committee_bodies",
    "meetings",
    "decisions",
    "action_items",
    "strategies",
    "tasks",
)

assert set(LOAD_ORDER) == set(FACTS), "LOAD_ORDER must list every fact table"


def data_columns(name: str) -> list[str]:
    """The columns a writer supplies (everything but the system columns)."""
    return [c.name for c in FACTS[name].table.columns if c.name not in SYSTEM_COLUMNS]
