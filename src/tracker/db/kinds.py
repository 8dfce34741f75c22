"""One description per kind of record, derived from the schema's own spec.

Entry forms, import templates and their Korean header aliases, validation messages and the data
export all take a kind's fields from here, so seventeen kinds never mean seventeen hand-written
forms. Labels and header aliases live in ``locales/records.toml``; types, allowed values,
references and required fields come from :data:`tracker.db.schema.FACTS`.

The one file format of a kind (``data/*.csv``, ``tracker template``, ``tracker import`` and the
records export) is :func:`file_columns`: ``key``, ``valid_from``, then the table's columns in
schema order (``source_key``, ``is_estimate`` and ``note`` last).
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Boolean, Date, Float, Integer

from .. import i18n
from . import schema


class UnknownKindError(i18n.LocalisedError, ValueError):
    """A kind of record that the schema does not have."""

    PREFIX = "cli.kind."


@dataclass(frozen=True)
class Field:
    """One column of a kind as a person fills it in."""

    name: str
    type: str  # text | date | integer | money | number | boolean
    required: bool
    choices: tuple[str, ...] = ()  # allowed values (enumerations)
    references: str | None = None  # the kind a key in this column must name
    non_negative: bool = False
    percent: bool = False

    def label(self, lang: str) -> str:
        return column_label(self.name, lang)


def kinds() -> tuple[str, ...]:
    """Every kind, referenced kinds first (the order a bundle loads in)."""
    return schema.LOAD_ORDER


def resolve_kind(text: str) -> str:
    """A kind from how a person writes it: ``budget_lines``, ``budget-lines`` or ``예산 항목``."""
    wanted = _normalise(text)
    for kind in kinds():
        names = {kind, kind.replace("_", "-"), *(kind_label(kind, lang) for lang in i18n.LANGUAGES)}
        if wanted in {_normalise(n) for n in names}:
            return kind
    raise UnknownKindError(
        "unknown", text=text, known=", ".join(k.replace("_", "-") for k in kinds())
    )


def kind_label(kind: str, lang: str) -> str:
    return i18n.t(f"record.kind.{kind}", lang)


# Where the words for a column's allowed values live (the catalogue key is "<prefix>.<value>"),
# for columns whose values another page already names; any other column's under "enum.<column>",
# and a date's precision under "enum.precision".
_CHOICE_LABELS = {
    ("partners", "kind"): "enum.partner_kind",
    ("agreements", "kind"): "enum.agreement_kind",
    ("sites", "kind"): "enum.site_kind",
    ("indicators", "metric"): "enum.indicator_metric",
    ("plan_versions", "kind"): "enum.plan_kind",
    ("committee_bodies", "kind"): "committee.body_kind",
    ("action_items", "status"): "committee.action_status",
    ("tasks", "status"): "committee.task_status",
    ("milestones", "status"): "schedule.status",
    ("initiatives", "status"): "enum.initiative_status",
    ("regions", "level"): "enum.region_level",
}


def choice_label(kind: str, column: str, value: str, lang: str) -> str:
    """The words for an allowed value of a column (``"day"`` -> "일 (정확한 날짜)"), else the
    value as stored."""
    if column.endswith("_precision"):
        prefix = "enum.precision"
    else:
        prefix = _CHOICE_LABELS.get((kind, column), f"enum.{column}")
    key = f"{prefix}.{value}"
    return i18n.t(key, lang) if key in i18n.catalogue() else str(value)


def column_label(column: str, lang: str) -> str:
    return i18n.t(f"record.column.{column}", lang)


def _type_of(column) -> str:
    kind = column.type
    if isinstance(kind, Boolean):
        return "boolean"
    if column.name.endswith("_won"):  # amounts are whole won, in BIGINT
        return "money"
    if isinstance(kind, Integer):  # BigInteger too: a population is a count, not money
        return "integer"
    if isinstance(kind, Float):
        return "number"
    if isinstance(kind, Date):
        return "date"
    return "text"


def fields(kind: str) -> list[Field]:
    """The fields of a kind in file order, ``key`` and ``valid_from`` first."""
    if kind not in schema.FACTS:
        raise UnknownKindError("unknown", text=kind, known=", ".join(schema.FACTS))
    spec = schema.FACTS[kind]
    table = spec.table
    out = []
    for name in file_columns(kind):
        column = table.columns[name]
        out.append(
            Field(
                name=name,
                type=_type_of(column),
                required=name in ("key", "valid_from") or name in spec.required,
                choices=spec.enums.get(name, ()),
                references=spec.references.get(name),
                non_negative=name in spec.non_negative,
                percent=name in spec.percent,
            )
        )
    return out


def file_columns(kind: str) -> list[str]:
    """The columns of the kind's file (bundled CSV, template, import, export), in order."""
    return ["key", "valid_from", *schema.data_columns(kind)]


def _normalise(header: str) -> str:
    """Headers compare without case, spaces, underscores, hyphens or width differences."""
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    return "".join(ch for ch in text if ch not in " _-·\t")


@cache
def _aliases() -> dict[str, list[str]]:
    with (i18n.LOCALE_DIR / "records.toml").open("rb") as handle:
        columns = tomllib.load(handle)["record"]["column"]
    return {name: entry.get("aliases", []) for name, entry in columns.items()}


def header_aliases(kind: str) -> dict[str, str]:
    """Normalised header -> column: the column's name, its labels in both languages and the
    Korean aliases of ``records.toml``. Raises if two columns of the kind share a header."""
    mapping: dict[str, str] = {}
    for column in file_columns(kind):
        names = [column, *(column_label(column, lang) for lang in i18n.LANGUAGES)]
        names += _aliases().get(column, [])
        for name in names:
            key = _normalise(name)
            if mapping.get(key, column) != column:
                raise ValueError(f"{kind}: header {name!r} names both {mapping[key]} and {column}")
            mapping[key] = column
    return mapping


def column_for_header(kind: str, header: str) -> str | None:
    """The column a spreadsheet header means, or None when it means none of the kind's."""
    return header_aliases(kind).get(_normalise(header))
