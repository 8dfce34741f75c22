"""Roles, actions and identities: the one table that says who may do what.

A role is ordered (viewer < editor < admin); an action needs a minimum role. Every write path
(``store.apply``, user management, backup restore) asks :func:`check` and refuses with
:class:`AccessDenied`, whatever the page shows or hides.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .. import i18n


class Role(IntEnum):
    VIEWER = 1
    EDITOR = 2
    ADMIN = 3

    @property
    def code(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str | Role) -> Role:
        if isinstance(text, Role):
            return text
        try:
            return cls[str(text).strip().upper()]
        except KeyError:
            raise ValueError(f"Unknown role {text!r}: viewer, editor or admin") from None


ROLE_CODES = tuple(r.code for r in Role)

# What each action needs. "restore" is bringing back an earlier version of a record (editor);
# "restore_backup" replaces the whole database from a backup file (admin).
ACTIONS: dict[str, Role] = {
    "read": Role.VIEWER,
    "export": Role.VIEWER,
    "create": Role.EDITOR,
    "edit": Role.EDITOR,
    "withdraw": Role.EDITOR,
    "restore": Role.EDITOR,
    "import": Role.EDITOR,
    "seed": Role.ADMIN,
    "backup": Role.ADMIN,
    "restore_backup": Role.ADMIN,
    "manage_users": Role.ADMIN,
    "audit": Role.ADMIN,
}

# How an identity was established (shown in the sidebar and stored with every change).
VIA = ("cli", "local", "password", "sso", "anonymous")


@dataclass(frozen=True)
class Identity:
    """A person (or the operator at the command line) and the role they hold here.

    ``role`` is None for someone who is known but holds no role (e.g. an SSO user not mapped to
    any role): they may do nothing.
    """

    name: str
    role: Role | None
    via: str

    def can(self, action: str) -> bool:
        needed = ACTIONS[action]
        return self.role is not None and self.role >= needed

    @property
    def is_anonymous(self) -> bool:
        return self.via == "anonymous"

    def label(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        """``kim (편집자 · 비밀번호)`` for the sidebar and the audit log."""
        role = i18n.t(f"access.role.{self.role.code}", lang) if self.role else "—"
        return f"{self.name} ({role} · {i18n.t(f'access.via.{self.via}', lang)})"


class AccessDenied(PermissionError):
    """The identity does not hold the role the action needs; nothing was done."""

    def __init__(self, action: str, identity: Identity | None):
        self.action = action
        self.identity = identity
        super().__init__(self.message("en"))

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        needed = i18n.t(f"access.role.{ACTIONS[self.action].code}", lang)
        what = i18n.t(f"access.action.{self.action}", lang)
        if self.identity is None:
            return i18n.t("access.denied.nobody", lang, action=what, role=needed)
        return i18n.t("access.denied.role", lang, name=self.identity.name, action=what, role=needed)

    def messages(self, lang: str = i18n.DEFAULT_LANGUAGE) -> list[str]:
        return [self.message(lang)]


def check(identity: Identity | None, action: str) -> Identity:
    """``identity`` if it may do ``action``; raises :class:`AccessDenied` otherwise."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if identity is None or not identity.can(action):
        raise AccessDenied(action, identity)
    return identity


def operator(name: str) -> Identity:
    """Whoever runs ``tracker`` on the server: they already hold the database file, so the
    command line acts as an administrator, named after ``TRACKER_USER`` / ``$USER``."""
    return Identity(name=name, role=Role.ADMIN, via="cli")


def anonymous() -> Identity:
    """A visitor of a public (``TRACKER_PUBLIC=1``) dashboard: may look, never change."""
    return Identity(name="anonymous", role=Role.VIEWER, via="anonymous")
