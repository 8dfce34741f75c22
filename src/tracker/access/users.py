"""Local accounts: add, list, disable/enable, set password, set role. Each needs ``manage_users``
and leaves an ``account_events`` row naming who did it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, insert, select, update

from .. import i18n
from ..db import schema
from . import passwords
from .roles import Identity, Role, check

NAME_MAX = 120


class AccountError(i18n.LocalisedError, ValueError):
    """The account operation cannot be done (unknown name, name taken, bad name); ``code`` names
    its translated message (``admin.error.<code>``)."""

    PREFIX = "admin.error."


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX or any(c.isspace() or not c.isprintable() for c in name):
        raise AccountError("bad_name", name=name, most=NAME_MAX)
    return name


def _audit(conn, actor: Identity, name: str, action: str, detail: str | None, now) -> None:
    conn.execute(
        insert(schema.account_events).values(
            at=now, by=actor.name, by_via=actor.via, name=name, action=action, detail=detail
        )
    )


def get(engine: Engine, name: str) -> dict | None:
    """The account row (with its hash) or None; for sign-in, not for display."""
    with engine.connect() as conn:
        row = conn.execute(select(schema.users).where(schema.users.c.name == name)).mappings()
        found = row.first()
    return dict(found) if found else None


def count_enabled(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(schema.users).where(schema.users.c.disabled.is_(False))
        ).scalar_one()


def add(
    engine: Engine,
    name: str,
    role: str | Role,
    password: str,
    *,
    actor: Identity,
    now: dt.datetime | None = None,
) -> None:
    check(actor, "manage_users")
    name, role, now = _clean_name(name), Role.parse(role), _now(now)
    hashed = passwords.hash_password(password)
    with engine.begin() as conn:
        taken = conn.execute(select(schema.users.c.user_id).where(schema.users.c.name == name))
        if taken.first() is not None:
            raise AccountError("exists", name=name)
        conn.execute(
            insert(schema.users).values(
                name=name,
                password_hash=hashed,
                role=role.code,
                disabled=False,
                created_at=now,
                password_changed_at=now,
            )
        )
        _audit(conn, actor, name, "added", role.code, now)


def _change(engine: Engine, name: str, values: dict, action: str, detail, actor, now) -> None:
    check(actor, "manage_users")
    now = _now(now)
    demoted = values.get("disabled") is True or values.get("role") not in (None, Role.ADMIN.code)
    if demoted and name == actor.name and actor.via != "cli":
        # an administrator cannot lock themselves out from the web page by a slip of the mouse
        raise AccountError("own_account", name=name)
    with engine.begin() as conn:
        result = conn.execute(
            update(schema.users).where(schema.users.c.name == name).values(**values)
        )
        if result.rowcount == 0:
            raise AccountError("unknown", name=name)
        _audit(conn, actor, name, action, detail, now)


def set_password(
    engine: Engine, name: str, password: str, *, actor: Identity, now: dt.datetime | None = None
) -> None:
    now = _now(now)
    hashed = passwords.hash_password(password)
    _change(
        engine,
        name,
        {"password_hash": hashed, "password_changed_at": now},
        "password",
        None,
        actor,
        now,
    )


def set_role(engine: Engine, name: str, role: str | Role, *, actor: Identity, now=None) -> None:
    role = Role.parse(role)
    _change(engine, name, {"role": role.code}, "role", role.code, actor, now)


def disable(engine: Engine, name: str, *, actor: Identity, now=None) -> None:
    _change(engine, name, {"disabled": True}, "disabled", None, actor, now)


def enable(engine: Engine, name: str, *, actor: Identity, now=None) -> None:
    _change(engine, name, {"disabled": False}, "enabled", None, actor, now)


def listing(engine: Engine, *, actor: Identity) -> pd.DataFrame:
    """Accounts without their hashes: name, role, disabled, created_at, password_changed_at."""
    check(actor, "manage_users")
    u = schema.users.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(u.name, u.role, u.disabled, u.created_at, u.password_changed_at).order_by(u.name)
        ).mappings()
        return pd.DataFrame(
            list(rows),
            columns=["name", "role", "disabled", "created_at", "password_changed_at"],
        )


def rehash(engine: Engine, name: str, password: str) -> None:
    """Store a stronger hash of a password that was just verified (no audit row: same password)."""
    with engine.begin() as conn:
        conn.execute(
            update(schema.users)
            .where(schema.users.c.name == name)
            .values(password_hash=passwords.hash_password(password))
        )
