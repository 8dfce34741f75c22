"""Roles, accounts, throttling and idle expiry (tracker.access), and the role check inside
``store.apply``: a role x action matrix through the data layer."""

import datetime as dt

import pytest
from sqlalchemy import select
from test_store import base_writes

from tracker.access import audit, passwords, roles, sessions, signin, sso, users
from tracker.access.roles import AccessDenied, Identity, Role
from tracker.db import queries, schema, store
from tracker.db.store import Write

D = dt.date
T0 = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=dt.UTC)
ADMIN = Identity("park", Role.ADMIN, "password")
EDITOR = Identity("lee", Role.EDITOR, "password")
VIEWER = Identity("choi", Role.VIEWER, "password")
PUBLIC = roles.anonymous()
NOBODY = None
PASSWORD = "correct horse battery"

# Worked out from the brief's table, not from roles.ACTIONS: "+" allowed, "-" refused.
MATRIX = {
    #          read export create edit withdraw restore import manage_users
    "nobody": "- - - - - - - -",
    "public": "+ + - - - - - -",
    "viewer": "+ + - - - - - -",
    "editor": "+ + + + + + + -",
    "admin": "+ + + + + + + +",
}
ACTION_ORDER = ("read", "export", "create", "edit", "withdraw", "restore", "import", "manage")
WHO = {"nobody": NOBODY, "public": PUBLIC, "viewer": VIEWER, "editor": EDITOR, "admin": ADMIN}
CASES = [
    (who, action, flag == "+")
    for who, row in MATRIX.items()
    for action, flag in zip(ACTION_ORDER, row.split(), strict=True)
]


@pytest.fixture
def loaded(engine):
    """Region, source and initiative "i" written by the operator; a milestone to change."""
    store.apply(engine, base_writes(), by="tests", reason="base", actor=roles.operator("ops"))
    return engine


def _milestone(progress: float | None = 10.0, key: str = "m1") -> Write:
    values = {"initiative_key": "i", "name_ko": "착공", "name_en": "Start", "status": "planned"}
    return Write("milestones", key, {**values, "progress_pct": progress}, D(2021, 1, 1))


def _do(engine, action: str, actor):
    """Perform ``action`` through the data layer as ``actor``."""
    if action in ("read", "export"):
        return roles.check(actor, action)  # reads are not writes; the page guard asks this
    if action == "create":
        return store.apply(engine, [_milestone(key="new")], reason="r", actor=actor)
    if action == "edit":
        return store.apply(engine, [_milestone(55.0)], reason="r", actor=actor)
    if action == "withdraw":
        write = Write("milestones", "m1", delete=True, valid_from=D(2021, 6, 1))
        return store.apply(engine, [write], reason="r", actor=actor)
    if action == "restore":  # bring the earlier version's values back: an edit of a known key
        return store.apply(engine, [_milestone(10.0)], reason="restore", actor=actor)
    if action == "import":
        return store.apply(
            engine, [_milestone(70.0, "imp")], reason="r", kind="import", actor=actor
        )
    return users.add(engine, "newcomer", "viewer", PASSWORD, actor=actor)


@pytest.mark.parametrize(("who", "action", "allowed"), CASES)
def test_role_action_matrix_through_the_data_layer(loaded, who, action, allowed):
    store.apply(
        loaded,
        [_milestone(10.0), _milestone(20.0, "m2")],
        reason="prep",
        actor=roles.operator("ops"),
    )
    if action in ("edit", "restore"):  # an edit needs a value different from the one in force
        store.apply(loaded, [_milestone(30.0)], reason="prep", actor=roles.operator("ops"))
    before = queries.data_version(loaded)
    if allowed:
        _do(loaded, action, WHO[who])
        if action not in ("read", "export", "manage"):
            assert queries.data_version(loaded) == before + 1
    else:
        with pytest.raises(AccessDenied):
            _do(loaded, action, WHO[who])
        assert queries.data_version(loaded) == before  # nothing was written
        assert users.get(loaded, "newcomer") is None


def test_a_refusal_is_bilingual_and_names_the_person_and_the_role(loaded):
    with pytest.raises(AccessDenied) as caught:
        store.apply(loaded, [_milestone()], reason="r", actor=VIEWER)
    assert caught.value.message("ko") == (
        "choi 님은 '수정' 작업을 할 수 없습니다. 편집자 권한이 필요합니다."
    )
    assert caught.value.message("en") == "choi may not edit: it needs the editor role."
    with pytest.raises(AccessDenied) as nobody:
        store.apply(loaded, [_milestone()], reason="r")
    assert "Nobody is signed in" in nobody.value.message("en")


def test_seeding_needs_an_administrator(engine):
    with pytest.raises(AccessDenied):
        store.apply(engine, base_writes(), reason="r", kind="seed", actor=EDITOR)
    store.apply(engine, base_writes(), reason="r", kind="seed", actor=ADMIN)


def test_a_change_names_the_actor_not_the_tool(loaded):
    store.apply(loaded, [_milestone()], by="web form", reason="typo", actor=EDITOR)
    with loaded.connect() as conn:
        rows = conn.execute(
            select(schema.changes.c.recorded_by, schema.changes.c.recorded_via).order_by(
                schema.changes.c.change_id
            )
        ).all()
    assert rows == [("ops", "cli · tests"), ("lee", "password · web form")]


def test_hashes_are_argon2id_salted_and_verify(engine):
    first, second = passwords.hash_password(PASSWORD), passwords.hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and first != second  # salted
    assert passwords.verify(first, PASSWORD) and not passwords.verify(first, PASSWORD + "!")
    assert not passwords.verify(None, PASSWORD) and not passwords.verify("garbage", PASSWORD)
    with pytest.raises(passwords.WeakPasswordError):
        passwords.hash_password("nine char")  # 9 characters: one short of 10
    passwords.hash_password("ten chars!")  # exactly 10


def test_accounts_are_managed_by_admins_and_every_change_is_audited(engine):
    users.add(engine, "kim", "editor", PASSWORD, actor=ADMIN, now=T0)
    with pytest.raises(users.AccountError, match="already exists"):
        users.add(engine, "kim", "viewer", PASSWORD, actor=ADMIN)
    with pytest.raises(users.AccountError, match="without spaces"):
        users.add(engine, "kim minji", "viewer", PASSWORD, actor=ADMIN)
    users.set_role(engine, "kim", "admin", actor=ADMIN, now=T0 + dt.timedelta(minutes=1))
    users.disable(engine, "kim", actor=ADMIN, now=T0 + dt.timedelta(minutes=2))
    with pytest.raises(AccessDenied):
        users.set_role(engine, "kim", "viewer", actor=EDITOR)
    with pytest.raises(users.AccountError, match="No user named"):
        users.disable(engine, "ghost", actor=ADMIN)
    listing = users.listing(engine, actor=ADMIN)
    assert listing[["name", "role", "disabled"]].values.tolist() == [["kim", "admin", True]]
    assert "password_hash" not in listing.columns
    log = audit.account_changes(engine, actor=ADMIN)
    assert log[["by", "name", "action", "detail"]].values.tolist() == [
        ["park", "kim", "disabled", None],
        ["park", "kim", "role", "admin"],
        ["park", "kim", "added", "editor"],
    ]
    with pytest.raises(AccessDenied):
        audit.sign_ins(engine, actor=EDITOR)


def _attempt(engine, password, at, *, name="kim", client="10.0.0.7"):
    return signin.authenticate(engine, name, password, client=client, now=at)


@pytest.fixture
def account(engine):
    users.add(engine, "kim", "editor", PASSWORD, actor=ADMIN, now=T0)
    return engine


def test_four_failures_still_let_the_right_password_in(account):
    for n in range(4):
        with pytest.raises(signin.SignInRefused) as caught:
            _attempt(account, "wrong password", T0 + dt.timedelta(seconds=n))
        assert caught.value.code == "bad"
    who = _attempt(account, PASSWORD, T0 + dt.timedelta(seconds=4))
    assert who == Identity("kim", Role.EDITOR, "password")


def test_the_fifth_failure_locks_the_account_for_exactly_60_seconds(account):
    for n in range(5):  # failures at T0+0 ... T0+4 s; the last at T0+4
        with pytest.raises(signin.SignInRefused):
            _attempt(account, "wrong password", T0 + dt.timedelta(seconds=n))
    last = T0 + dt.timedelta(seconds=4)
    with pytest.raises(signin.SignInRefused) as locked:  # even the right password is refused
        _attempt(account, PASSWORD, last + dt.timedelta(seconds=59))
    assert locked.value.code == "locked" and locked.value.retry_after == dt.timedelta(seconds=1)
    assert "1 seconds" in locked.value.message("en")
    # from another client the account is locked too
    with pytest.raises(signin.SignInRefused, match="locked"):
        _attempt(account, PASSWORD, last + dt.timedelta(seconds=30), client="10.9.9.9")
    assert _attempt(account, PASSWORD, last + dt.timedelta(seconds=60)).name == "kim"


def test_the_lock_doubles_with_each_further_failure_and_a_success_resets_it(account):
    at = T0
    for _ in range(5):
        at += dt.timedelta(seconds=1)
        with pytest.raises(signin.SignInRefused):
            _attempt(account, "wrong password", at)
    at += dt.timedelta(seconds=60)  # the 60 s lock is over: a sixth failure locks for 120 s
    with pytest.raises(signin.SignInRefused, match="Wrong"):
        _attempt(account, "wrong password", at)
    with pytest.raises(signin.SignInRefused, match="locked"):
        _attempt(account, PASSWORD, at + dt.timedelta(seconds=119))
    assert _attempt(account, PASSWORD, at + dt.timedelta(seconds=120)).name == "kim"
    with pytest.raises(signin.SignInRefused, match="Wrong"):  # counting starts again: no lock
        _attempt(account, "wrong password", at + dt.timedelta(seconds=121))


def test_one_client_trying_many_names_is_locked_after_20_failures(account):
    for n in range(19):
        with pytest.raises(signin.SignInRefused, match="Wrong"):
            _attempt(account, "x" * 12, T0 + dt.timedelta(seconds=n), name=f"guess{n}")
    assert _attempt(account, PASSWORD, T0 + dt.timedelta(seconds=19)).name == "kim"
    with pytest.raises(signin.SignInRefused, match="Wrong"):
        _attempt(account, "x" * 12, T0 + dt.timedelta(seconds=20), name="guess19")  # 20th
    with pytest.raises(signin.SignInRefused, match="locked"):  # a good password, same client
        _attempt(account, PASSWORD, T0 + dt.timedelta(seconds=21))
    assert _attempt(account, PASSWORD, T0 + dt.timedelta(seconds=21), client="10.0.0.8")


def test_unknown_names_and_disabled_accounts_are_refused_and_logged(account):
    with pytest.raises(signin.SignInRefused) as unknown:
        _attempt(account, PASSWORD, T0, name="nobody")
    assert unknown.value.code == "bad"  # the same answer as a wrong password
    users.disable(account, "kim", actor=ADMIN)
    with pytest.raises(signin.SignInRefused) as disabled:
        _attempt(account, PASSWORD, T0 + dt.timedelta(seconds=1))
    assert disabled.value.code == "disabled"
    log = audit.sign_ins(account, actor=ADMIN)
    assert log[["name", "ok", "outcome"]].values.tolist() == [
        ["kim", False, "disabled"],
        ["nobody", False, "unknown_user"],
    ]
    assert audit.sign_ins(account, actor=ADMIN, failed_only=True).shape[0] == 2


def test_a_disabled_or_demoted_account_loses_its_session_rights(account):
    who = _attempt(account, PASSWORD, T0)
    users.set_role(account, "kim", "viewer", actor=ADMIN)
    assert signin.still_allowed(account, who) == Identity("kim", Role.VIEWER, "password")
    users.disable(account, "kim", actor=ADMIN)
    assert signin.still_allowed(account, who) is None


def test_idle_expiry_is_exact_at_the_limit(monkeypatch):
    limit = dt.timedelta(minutes=30)
    assert not sessions.is_expired(T0, T0 + limit - dt.timedelta(microseconds=1), limit)
    assert sessions.is_expired(T0, T0 + limit, limit)
    monkeypatch.setenv("TRACKER_SESSION_IDLE_MINUTES", "5")
    assert sessions.idle_limit() == dt.timedelta(minutes=5)
    for bad in ("0", "-3", "soon"):
        monkeypatch.setenv("TRACKER_SESSION_IDLE_MINUTES", bad)
        assert sessions.idle_limit() == dt.timedelta(minutes=30)
    monkeypatch.delenv("TRACKER_SESSION_IDLE_MINUTES")
    assert sessions.idle_limit() == dt.timedelta(minutes=30)


MAPPING = {
    "admin": ["kim.minji@gwangju.go.kr"],
    "editor": ["*@gwangju.go.kr"],
    "viewer": ["*@council.gwangju.kr"],
    "claim": "groups",
    "editor_groups": ["tracker-editors"],
}


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"email": "kim.minji@gwangju.go.kr"}, Role.ADMIN),  # admin beats the editor pattern
        ({"email": "Lee@Gwangju.go.kr"}, Role.EDITOR),  # e-mail compared without case
        ({"email": "lee@gwangju.go.kr.evil.com"}, None),  # a pattern matches the whole address
        ({"email": "jo@council.gwangju.kr"}, Role.VIEWER),
        ({"email": "jo@council.gwangju.kr", "groups": ["tracker-editors"]}, Role.EDITOR),
        ({"email": "kim.minji@gwangju.go.kr", "email_verified": False}, None),
        ({"email": "x@example.org"}, None),
    ],
)
def test_single_sign_on_claims_map_to_roles(claims, expected):
    assert sso.role_for(claims, MAPPING) == expected


def test_single_sign_on_default_role_for_the_unmapped():
    assert sso.role_for({"email": "x@example.org"}, {"default": "viewer"}) == Role.VIEWER
    who = sso.identity_for({"email": "x@example.org", "sub": "1"}, {})
    assert who == Identity("x@example.org", None, "sso") and not who.can("read")


def test_an_admin_cannot_lock_themselves_out_from_the_web(engine):
    users.add(engine, "park", "admin", PASSWORD, actor=roles.operator("ops"))
    for change in (
        lambda: users.disable(engine, "park", actor=ADMIN),
        lambda: users.set_role(engine, "park", "editor", actor=ADMIN),
    ):
        with pytest.raises(users.AccountError, match="own account"):
            change()
    assert (
        users.get(engine, "park")["role"] == "admin" and not users.get(engine, "park")["disabled"]
    )
    users.set_role(engine, "park", "admin", actor=ADMIN)  # no demotion: allowed
    users.disable(engine, "park", actor=roles.operator("park"))  # the operator may
    assert users.get(engine, "park")["disabled"]


def test_the_unknown_account_hash_costs_what_a_real_one_costs():
    # an unknown name is verified against a fixed hash: it must carry today's argon2 parameters
    # (else it would answer faster or slower than a wrong password, and give the name away)
    assert not passwords.needs_rehash(passwords._DUMMY)
    assert (
        passwords._DUMMY.split("$")[3] == passwords.hash_password("a long enough one").split("$")[3]
    )
    assert passwords.verify(None, "not a password of anyone") is False  # no account: refused
