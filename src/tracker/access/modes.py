"""How the dashboard is reached: local single-user, accounts (sign-in first) or public.

- ``local``: no account, no single sign-on, ``TRACKER_PUBLIC`` unset. What ``make run`` on a fresh
  clone gives: the person at the machine is its administrator (no default password exists).
- ``accounts``: accounts exist (or single sign-on is configured): every page asks to sign in.
- ``public``: ``TRACKER_PUBLIC=1``: anonymous visitors are viewers; staff sign in to edit.
"""

from __future__ import annotations

from sqlalchemy import Engine

from .. import config
from . import users
from .roles import Identity, Role


def mode(engine: Engine, *, sso: bool = False) -> str:
    if config.settings().public:
        return "public"
    if sso or users.count_enabled(engine) > 0:
        return "accounts"
    return "local"


def local_identity() -> Identity:
    """Everyone reaching a local single-user dashboard: its administrator, named after the
    server's ``TRACKER_USER`` / ``$USER``."""
    return Identity(name=config.settings().user, role=Role.ADMIN, via="local")
