"""Password sign-in, throttled per account and per client.

Every attempt is a ``sign_in_events`` row. Failed attempts (wrong password, unknown name, disabled
account) are counted per typed name since its last successful sign-in, and per client address,
within a day. From ``ACCOUNT_LIMIT`` failures on (``CLIENT_LIMIT`` for a client, higher because
an office shares one address) the scope is locked for ``BASE_DELAY`` after the last failure,
doubling with every further failure up to ``MAX_DELAY``. A locked attempt is refused without
looking at the password, and is not itself counted (hammering cannot lengthen another's lock
indefinitely, and reveals nothing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, and_, func, insert, select

from .. import i18n
from ..db import schema
from . import passwords, users
from .roles import Identity, Role

ACCOUNT_LIMIT = 5
CLIENT_LIMIT = 20
BASE_DELAY = dt.timedelta(seconds=60)
MAX_DELAY = dt.timedelta(hours=1)
WINDOW = dt.timedelta(hours=24)
COUNTED = ("bad_password", "unknown_user", "disabled")


class SignInRefused(Exception):
    """The sign-in failed; ``code`` is ``bad`` (name or password), ``disabled``, ``locked``."""

    def __init__(self, code: str, retry_after: dt.timedelta | None = None):
        self.code = code
        self.retry_after = retry_after
        super().__init__(self.message("en"))

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        if self.code == "locked":
            seconds = int(self.retry_after.total_seconds() + 0.999) if self.retry_after else 0
            return i18n.t("access.signin.locked", lang, seconds=seconds)
        return i18n.t(f"access.signin.{self.code}", lang)


@dataclass(frozen=True)
class Lock:
    failures: int
    until: dt.datetime | None

    def remaining(self, now: dt.datetime) -> dt.timedelta | None:
        if self.until is None or now >= self.until:
            return None
        return self.until - now


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def delay_after(failures: int, limit: int) -> dt.timedelta | None:
    """The lock after ``failures`` counted failures: none below ``limit``, then 60 s, 120 s, ..."""
    if failures < limit:
        return None
    return min(BASE_DELAY * 2 ** (failures - limit), MAX_DELAY)


def lock_state(
    engine: Engine, column: str, value: str, limit: int, now: dt.datetime, *, reset: bool
) -> Lock:
    """Failures of one scope (``name`` or ``client``) and until when it is locked."""
    ev = schema.sign_in_events.c
    scope = ev[column] == value
    since = now - WINDOW
    with engine.connect() as conn:
        if reset:
            last_ok = conn.execute(
                select(func.max(ev.at)).where(and_(scope, ev.outcome == "ok"))
            ).scalar_one()
            if last_ok is not None:
                since = max(since, _utc(last_ok))
        failures, last = conn.execute(
            select(func.count(), func.max(ev.at)).where(
                and_(scope, ev.outcome.in_(COUNTED), ev.at > since)
            )
        ).one()
    delay = delay_after(failures, limit)
    return Lock(failures, _utc(last) + delay if delay and last is not None else None)


def record(
    engine: Engine, name: str, client: str, *, ok: bool, outcome: str, method: str, now
) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(schema.sign_in_events).values(
                at=now,
                name=(name or "")[:120],
                client=(client or "unknown")[:100],
                method=method,
                ok=ok,
                outcome=outcome,
            )
        )


def authenticate(
    engine: Engine, name: str, password: str, *, client: str, now: dt.datetime | None = None
) -> Identity:
    """The signed-in :class:`Identity`, or :class:`SignInRefused`. Every attempt is recorded."""
    now = _utc(now or dt.datetime.now(dt.UTC))
    name = (name or "").strip()[:120]
    client = (client or "unknown")[:100]
    for column, value, limit, reset in (
        ("name", name, ACCOUNT_LIMIT, True),
        ("client", client, CLIENT_LIMIT, False),
    ):
        remaining = lock_state(engine, column, value, limit, now, reset=reset).remaining(now)
        if remaining is not None:
            record(engine, name, client, ok=False, outcome="locked", method="password", now=now)
            raise SignInRefused("locked", remaining)
    account = users.get(engine, name) if name else None
    matches = passwords.verify(account["password_hash"] if account else None, password or "")
    outcome = (
        "unknown_user"
        if account is None
        else "bad_password"
        if not matches
        else "disabled"
        if account["disabled"]
        else "ok"
    )
    record(engine, name, client, ok=outcome == "ok", outcome=outcome, method="password", now=now)
    if outcome == "disabled":
        raise SignInRefused("disabled")
    if outcome != "ok":
        raise SignInRefused("bad")
    if passwords.needs_rehash(account["password_hash"]):
        users.rehash(engine, name, password)
    return Identity(name=account["name"], role=Role.parse(account["role"]), via="password")


def still_allowed(engine: Engine, identity: Identity) -> Identity | None:
    """The identity as the database says now: None when the account was disabled or removed
    since sign-in, with the current role when it was changed (checked on every page run)."""
    if identity.via != "password":
        return identity
    account = users.get(engine, identity.name)
    if account is None or account["disabled"]:
        return None
    return Identity(identity.name, Role.parse(account["role"]), identity.via)
