"""`tracker user add|list|disable|enable|passwd|role`: accounts, as the operator."""

from __future__ import annotations

import sys

from .. import i18n
from ..access import roles, users
from ..db import store
from .common import _engine, _lang, operator


def _read_password(args, lang: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(i18n.t("cli.user.password_prompt", lang))
    if getpass.getpass(i18n.t("cli.user.password_again", lang)) != first:
        raise users.AccountError("password_mismatch")
    return first


def _user_engine(args):
    engine = _engine(args)
    store.create_schema(engine)
    return engine


def cmd_user_add(args) -> int:
    lang, engine = _lang(), _user_engine(args)
    users.add(engine, args.name, args.role, _read_password(args, lang), actor=operator())
    role = i18n.t(f"access.role.{args.role}", lang)
    print(i18n.t("cli.user.added", lang, name=args.name, role=role))
    return 0


def cmd_user_list(args) -> int:
    lang, engine = _lang(), _user_engine(args)
    frame = users.listing(engine, actor=operator())
    if frame.empty:
        print(i18n.t("cli.user.none", lang))
        return 0
    width = max(4, *(len(n) for n in frame["name"]))
    print(f"{'name':<{width}}  {'role':<6}  {'state':<8}  password changed")
    for row in frame.itertuples():
        state = "disabled" if row.disabled else "active"
        changed = str(row.password_changed_at)[:19]
        print(f"{row.name:<{width}}  {row.role:<6}  {state:<8}  {changed}")
    return 0


def cmd_user_change(args) -> int:
    lang, engine, actor = _lang(), _user_engine(args), operator()
    if args.user_command == "disable":
        users.disable(engine, args.name, actor=actor)
        what = i18n.t("admin.account_action.disabled", lang)
    elif args.user_command == "enable":
        users.enable(engine, args.name, actor=actor)
        what = i18n.t("admin.account_action.enabled", lang)
    elif args.user_command == "role":
        users.set_role(engine, args.name, args.role, actor=actor)
        role = i18n.t(f"access.role.{args.role}", lang)
        what = f"{i18n.t('admin.account_action.role', lang)} ({role})"
    else:
        users.set_password(engine, args.name, _read_password(args, lang), actor=actor)
        what = i18n.t("admin.account_action.password", lang)
    print(i18n.t("cli.user.changed", lang, name=args.name, what=what))
    return 0


def _add_user(subparsers) -> None:
    """``tracker user add|list|disable|enable|passwd|role``: local accounts (README "Sign-in")."""
    user = subparsers.add_parser("user", help="local accounts: add, list, disable, passwd, role")
    sub = user.add_subparsers(dest="user_command", required=True)
    add = sub.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("name")
    add.add_argument("--role", choices=roles.ROLE_CODES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(func=cmd_user_add)
    sub.add_parser("list", help="accounts, roles and states").set_defaults(func=cmd_user_list)
    for name, text in (("disable", "stop an account signing in"), ("enable", "allow it again")):
        p = sub.add_parser(name, help=text)
        p.add_argument("name")
        p.set_defaults(func=cmd_user_change)
    passwd = sub.add_parser("passwd", help="set a new password (asks for it)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    passwd.set_defaults(func=cmd_user_change)
    role = sub.add_parser("role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=roles.ROLE_CODES)
    role.set_defaults(func=cmd_user_change)
