"""The entry form of any kind, derived from :func:`tracker.db.kinds.fields`.

A form field knows which widget draws it (text, long text, date, money in won, whole number,
number, yes/no, a choice of allowed values, or a choice of existing records) and whether it is
required. Validation runs the write path's own checks (``store.validate``) and returns the
problems per field, in the user's language, so the page can show each one beside its field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Text

from .. import i18n
from ..db import kinds, schema, store

LONG_TEXT = "textarea"


@dataclass(frozen=True)
class FormField:
    name: str
    widget: str  # text | textarea | date | money | integer | number | boolean | choice | reference
    required: bool
    choices: tuple[str, ...] = ()
    references: str | None = None
    non_negative: bool = False
    percent: bool = False

    def label(self, lang: str) -> str:
        text = kinds.column_label(self.name, lang)
        return f"{text} *" if self.required else text


def source_required(kind: str) -> bool:
    """Every fact but a source itself names where it comes from."""
    return kind != "sources"


def form_fields(kind: str) -> list[FormField]:
    """The fields of ``kind``'s form in file order (``key``, ``valid_from`` first)."""
    table = schema.FACTS[kind].table
    out = []
    for f in kinds.fields(kind):
        if f.references:
            widget = "reference"
        elif f.choices:
            widget = "choice"
        elif f.type == "text" and isinstance(table.columns[f.name].type, Text):
            widget = LONG_TEXT
        else:
            widget = f.type
        required = f.required or (f.name == "source_key" and source_required(kind))
        out.append(
            FormField(
                f.name,
                widget,
                required,
                f.choices,
                f.references,
                f.non_negative,
                f.percent,
            )
        )
    return out


def problem_text(problem: store.Problem, lang: str) -> str:
    """What is wrong with one field, without the table/key prefix (shown beside the field)."""
    return i18n.t(f"store.problem.{problem.code}", lang, detail=problem.detail)


def field_problems(problems, lang: str) -> dict[str, list[str]]:
    """Problems grouped by field (``""`` for those that belong to no field)."""
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.column or "", []).append(problem_text(p, lang))
    return out


def check(
    kind: str, values: dict, known_keys: dict[str, set[str]]
) -> tuple[store.Write | None, list[store.Problem]]:
    """Validate one submission (``key`` and ``valid_from`` among ``values``) as the store would,
    plus the form's own rules (the source is required). Returns the clean write or problems."""
    values = dict(values)
    key = str(values.pop("key", "") or "").strip()
    valid_from = values.pop("valid_from", None)
    problems: list[store.Problem] = []
    if valid_from is None:
        problems.append(store.Problem(kind, key or "?", "valid_from", "required"))
    elif not isinstance(valid_from, dt.date):
        try:
            valid_from = dt.date.fromisoformat(str(valid_from))
        except ValueError:
            problems.append(store.Problem(kind, key, "valid_from", "bad_value", str(valid_from)))
            valid_from = None
    if source_required(kind) and not values.get("source_key"):
        problems.append(store.Problem(kind, key or "?", "source_key", "required"))
    if not key:  # say so, and still check every other field under a stand-in key
        problems.append(store.Problem(kind, "?", "key", "required"))
    day = valid_from if isinstance(valid_from, dt.date) else None
    clean, found = store.validate([store.Write(kind, key or "?", values, day)], known_keys)
    problems += found
    return (clean[0] if clean and not problems else None), problems
