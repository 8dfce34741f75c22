"""Add, edit, withdraw and restore records, and save a table edit, through ``store.apply``.

Every write names who makes it (``actor``, the identity the page's sign-in guard returned;
``store.apply`` refuses one without the role), needs a reason, and remembers the version the editor
opened: if the record changed since, ``store.apply`` refuses and the outcome says what changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from ..access.roles import Identity
from ..db import schema, store
from . import forms, metrics, reads

REASON = "reason"  # the form's pseudo-field for the change's reason


@dataclass
class Outcome:
    """What a save did: the change written, or the problems that stopped it (nothing written)."""

    change_id: int | None = None
    written: int = 0
    unchanged: int = 0
    problems: list[store.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_field(self, lang: str) -> dict[str, list[str]]:
        return forms.field_problems(self.problems, lang)

    def messages(self, lang: str) -> list[str]:
        return [p.message(lang) for p in self.problems]


def _known_keys(engine: Engine) -> dict[str, set[str]]:
    referenced = {t for spec in schema.FACTS.values() for t in spec.references.values()}
    with engine.connect() as conn:
        return store.live_keys(conn, referenced)


def _apply(engine, writes, *, actor, reason, expected, today=None, now=None) -> Outcome:
    try:
        result = store.apply(
            engine,
            writes,
            actor=actor,
            by="web form",
            reason=reason,
            kind="edit",
            expected=expected,
            today=today,
            now=now,
        )
    except store.ValidationError as exc:
        return Outcome(problems=exc.problems)
    return Outcome(result.change_id, result.written, result.unchanged)


def _reason_problem(kind: str, key: str, reason: str) -> list[store.Problem]:
    return (
        [] if reason and reason.strip() else [store.Problem(kind, key or "?", REASON, "required")]
    )


def save_record(
    engine: Engine,
    kind: str,
    values: dict,
    *,
    actor: Identity | None,
    reason: str,
    opened_row_id: int | None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Add (``opened_row_id`` None: the key must be new) or edit one record from a form's values
    (``key`` and ``valid_from`` among them)."""
    write, problems = forms.check(kind, values, _known_keys(engine))
    key = str(values.get("key") or "")
    problems += _reason_problem(kind, key, reason)
    if problems or write is None:
        return Outcome(problems=problems)
    return _apply(
        engine,
        [write],
        actor=actor,
        reason=reason.strip(),
        expected={(kind, key): opened_row_id},
        now=now,
    )


def withdraw(
    engine: Engine,
    kind: str,
    key: str,
    *,
    actor: Identity | None,
    on: dt.date,
    reason: str,
    opened_row_id: int | None,
    now: dt.datetime | None = None,
) -> Outcome:
    """A tombstone version from ``on``: the record leaves every view as of that day."""
    problems = _reason_problem(kind, key, reason) + still_referenced(engine, kind, key)
    if problems:
        return Outcome(problems=problems)
    write = store.Write(kind, key, valid_from=on, delete=True)
    return _apply(
        engine,
        [write],
        actor=actor,
        reason=reason.strip(),
        expected={(kind, key): opened_row_id},
        now=now,
    )


def still_referenced(engine: Engine, kind: str, key: str) -> list[store.Problem]:
    """A record that current records still point at cannot be withdrawn (they would point at
    nothing): one problem naming them (at most five keys per kind)."""
    users = []
    for other, spec in schema.FACTS.items():
        for column, target in spec.references.items():
            if target != kind:
                continue
            # a record naming itself (a milestone depending on itself) does not hold it
            besides = key if other == kind else None
            keys, total = reads.referencing_keys(engine, other, column, key, besides=besides)
            if keys:
                more = f" +{total - 5}" if total > 5 else ""
                users.append(f"{other}.{column}: {', '.join(keys[:5])}{more}")
    if not users:
        return []
    return [store.Problem(kind, key, None, "referenced", "; ".join(users))]


def restore(
    engine: Engine,
    kind: str,
    version: dict,
    *,
    actor: Identity | None,
    on: dt.date,
    reason: str,
    opened_row_id: int | None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Bring a past version back as a new version from ``on`` (a withdrawn one withdraws again);
    nothing is deleted, the versions in between stay in the history."""
    key = version["key"]
    if version.get("is_deleted"):
        return withdraw(
            engine,
            kind,
            key,
            actor=actor,
            on=on,
            reason=reason,
            opened_row_id=opened_row_id,
            now=now,
        )
    values = {"key": key, "valid_from": on, **metrics.restored_values(kind, version)}
    return save_record(
        engine, kind, values, actor=actor, reason=reason, opened_row_id=opened_row_id, now=now
    )


def save_table(
    engine: Engine,
    kind: str,
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    actor: Identity | None,
    fixed: dict,
    valid_from: dt.date,
    reason: str,
    key_prefix: str,
    now: dt.datetime | None = None,
) -> Outcome:
    """One change set from a table edit: new rows (keyed ``key_prefix-N`` when left blank),
    changed rows, and removed rows withdrawn; ``fixed`` values (e.g. the plan version) are set
    on every row. Each row is checked against the version the table was opened on."""
    problems = _reason_problem(kind, key_prefix, reason)
    rows = metrics.edited_rows(kind, before, after)
    taken = set(before["key"]) if "key" in before else set()
    opened = dict(zip(before.get("key", []), before.get("latest_row_id", []), strict=False))
    writes, expected = [], {}
    for n, row in enumerate(rows["added"] + rows["changed"], start=1):
        key = row.pop("key") or metrics.new_key(key_prefix, taken)
        taken.add(key)
        values = {**row, **fixed}
        if forms.source_required(kind) and not values.get("source_key"):
            problems.append(store.Problem(kind, key, "source_key", "required", row=n))
        writes.append(store.Write(kind, key, values, valid_from, row=n))
        expected[(kind, key)] = None if key not in opened else int(opened[key])
    for key in rows["removed"]:
        problems += still_referenced(engine, kind, key)
        writes.append(store.Write(kind, key, valid_from=valid_from, delete=True))
        expected[(kind, key)] = int(opened[key])
    if problems:
        return Outcome(problems=problems)
    if not writes:
        return Outcome()
    return _apply(engine, writes, actor=actor, reason=reason.strip(), expected=expected, now=now)
