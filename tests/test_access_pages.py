"""AppTest of the sign-in gate: local single-user mode, accounts (sign in first), public mode,
throttled sign-in, idle expiry, sign-out, single sign-on roles, the admin page guard."""

import datetime as dt

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from tracker.access import audit, roles, users
from tracker.access.roles import Identity, Role
from tracker.db import backend

PASSWORD = "correct horse battery"
OPS = roles.operator("ops")


def app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update(query)
    return at


def accounts(url: str, *people: tuple[str, str]) -> None:
    engine = backend.make_engine(url)
    for name, role in people:
        users.add(engine, name, role, PASSWORD, actor=OPS)
    engine.dispose()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += (
        [w.value for w in at.warning] + [e.value for e in at.error] + [i.value for i in at.info]
    )
    return "\n".join(str(p) for p in parts)


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    return at.button[0].click().run()


def test_a_fresh_clone_runs_in_labelled_local_single_user_mode(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "개요"  # the dashboard itself, no sign-in
    label = [w.value for w in at.sidebar.warning]
    assert len(label) == 1 and label[0].startswith("로컬 단일 사용자 모드")
    assert not [t for t in at.text_input if t.key == "signin_password"]


def test_with_accounts_every_page_asks_for_sign_in_first(app_env, bundled_db_file):
    url = app_env("bundled", bundled_db_file)
    accounts(url, ("kim", "editor"))
    at = app().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["로그인"]
    assert "4,116" not in texts(at)  # no figure shown before sign-in
    assert not at.metric and not at.sidebar.selectbox  # no data, no initiative chooser
    at.switch_page("pages/budget.py").run()  # a deep link
    assert [t.value for t in at.title] == ["로그인"]


def test_a_right_password_opens_the_dashboard_and_sign_out_closes_it(app_env, bundled_db_file):
    url = app_env("bundled", bundled_db_file)
    accounts(url, ("kim", "editor"))
    at = app(lang="en").run()
    assert [t.value for t in at.title] == ["Sign in"]
    sign_in(at, "kim", "wrong password")
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    assert at.text_input(key="signin_password").value == ""  # never kept
    sign_in(at, "kim", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Overview"


def test_the_sidebar_names_who_is_signed_in_and_signs_out(app_env, bundled_db_file):
    url = app_env("bundled", bundled_db_file)
    accounts(url, ("kim", "editor"))
    at = app(lang="en")
    _signed_in_session(at, Identity("kim", Role.EDITOR, "password"), dt.timedelta(0))
    at.run()
    assert "Signed in: kim (editor · password)" in [c.value for c in at.sidebar.caption]
    at.sidebar.button(key="sign_out").click().run()
    assert [t.value for t in at.title] == ["Sign in"]
    engine = backend.make_engine(url)
    log = audit.sign_ins(engine, actor=OPS)
    assert log[["name", "ok", "outcome"]].values.tolist() == [["kim", True, "signed_out"]]


def test_the_sign_in_page_shows_the_lock_after_five_failures(app_env, bundled_db_file):
    url = app_env("bundled", bundled_db_file)
    accounts(url, ("kim", "editor"))
    at = app(lang="en").run()
    for _ in range(5):
        sign_in(at, "kim", "wrong password")
    sign_in(at, "kim", PASSWORD)
    assert len(at.error) == 1 and at.error[0].value.startswith("Too many failed sign-ins")
    assert at.title[0].value == "Sign in"


def _signed_in_session(at: AppTest, who: Identity, idle: dt.timedelta) -> None:
    at.session_state["_access"] = {
        "identity": who,
        "last_seen": dt.datetime.now(dt.UTC) - idle,
    }


@pytest.mark.parametrize(
    ("idle", "expired"),
    [(dt.timedelta(minutes=4, seconds=55), False), (dt.timedelta(minutes=5), True)],
)
def test_an_idle_session_ends_at_the_limit(app_env, bundled_db_file, monkeypatch, idle, expired):
    url = app_env("bundled", bundled_db_file)
    monkeypatch.setenv("TRACKER_SESSION_IDLE_MINUTES", "5")
    accounts(url, ("kim", "editor"))
    at = app(lang="en")
    _signed_in_session(at, Identity("kim", Role.EDITOR, "password"), idle)
    at.run()
    if expired:
        assert at.title[0].value == "Sign in"
        assert [i.value for i in at.info] == [
            "You were signed out after a period of inactivity. Please sign in again."
        ]
    else:
        assert at.title[0].value == "Overview"


def test_public_mode_lets_anyone_look_and_offers_staff_sign_in(
    app_env, bundled_db_file, monkeypatch
):
    url = app_env("bundled", bundled_db_file)
    monkeypatch.setenv("TRACKER_PUBLIC", "1")
    accounts(url, ("kim", "admin"))
    at = app(lang="en").run()
    assert at.title[0].value == "Overview"
    assert any("Public read-only mode" in c.value for c in at.sidebar.caption)
    page = AppTest.from_file(str(ROOT / "pages" / "admin.py"), default_timeout=60).run()
    assert [t.value for t in page.title] == ["권한이 없습니다"]
    assert page.error[0].value == "익명 님은 이 화면을 열 수 없습니다. 관리자 권한이 필요합니다."
    assert not page.dataframe  # no account listed


def test_the_admin_page_lists_accounts_and_the_audit_log_for_admins(app_env, bundled_db_file):
    url = app_env("bundled", bundled_db_file)
    accounts(url, ("kim", "editor"), ("park", "admin"))
    at = app()
    _signed_in_session(at, Identity("park", Role.ADMIN, "password"), dt.timedelta(0))
    at.switch_page("pages/admin.py").run()  # the page's own first run
    assert not at.exception and not at.error
    listed = at.dataframe[0].value
    assert list(listed["이름"]) == ["kim", "park"]
    assert list(listed["권한"]) == ["편집자", "관리자"]
    at.selectbox(key="admin_user").select("kim")
    at.button(key="FormSubmitter:role_change-사용 중지").click().run()
    assert [s.value for s in at.success] == ["kim: 저장했습니다."]
    # nobody signed in through the form in this session: the sign-in log says so in words
    assert "아직 기록이 없습니다." in [c.value for c in at.caption]
    account_log, data_log = at.dataframe[1].value, at.dataframe[2].value
    assert list(account_log["작업"]) == ["사용 중지", "추가", "추가"]
    assert list(account_log["처리자"]) == ["park", "ops", "ops"]
    assert list(data_log["종류"]) == ["기본 자료"]  # the bundle's one change, not the code "seed"
    at.selectbox(key="admin_user").select("park")
    at.button(key="FormSubmitter:role_change-사용 중지").click().run()
    assert [e.value for e in at.error] == [
        "자신의 계정은 여기에서 중지하거나 권한을 낮출 수 없습니다. 다른 관리자나 명령줄에서 할 수 있습니다."
    ]


def test_an_editor_does_not_see_or_open_the_admin_page(app_env, bundled_db_file):
    url = app_env("bundled", bundled_db_file)
    accounts(url, ("kim", "editor"))
    at = AppTest.from_file(str(ROOT / "pages" / "admin.py"), default_timeout=60)
    _signed_in_session(at, Identity("kim", Role.EDITOR, "password"), dt.timedelta(0))
    at.run()  # the page itself, as if its URL were opened: the router would not even list it
    assert [t.value for t in at.title] == ["권한이 없습니다"]
    assert at.error[0].value == "kim 님은 이 화면을 열 수 없습니다. 관리자 권한이 필요합니다."
    assert not at.dataframe


SSO_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-only-cookie-secret",
        "client_id": "tracker",
        "client_secret": "test-only",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "tracker": {"roles": {"admin": ["kim.minji@gwangju.go.kr"], "editor": ["*@gwangju.go.kr"]}},
}


@pytest.mark.parametrize(
    ("email", "title", "caption"),
    [
        ("kim.minji@gwangju.go.kr", "Overview", "kim.minji@gwangju.go.kr (administrator"),
        ("lee@gwangju.go.kr", "Overview", "lee@gwangju.go.kr (editor"),
    ],
)
def test_single_sign_on_users_get_the_mapped_role(app_env, bundled_db_file, email, title, caption):
    app_env("bundled", bundled_db_file)
    at = app(lang="en")
    at.secrets.update(SSO_SECRETS)
    at.user.update({"is_logged_in": True, "email": email, "email_verified": True})
    at.run()
    assert not at.exception
    assert at.title[0].value == title
    assert any(caption in c.value for c in at.sidebar.caption)


def test_single_sign_on_without_a_mapped_role_is_refused(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = app(lang="en")
    at.secrets.update(SSO_SECRETS)
    at.user.update({"is_logged_in": True, "email": "someone@example.org"})
    at.run()
    assert [t.value for t in at.title] == ["Not allowed"]


def test_with_single_sign_on_configured_the_sign_in_screen_offers_it(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = app(lang="en")
    at.secrets.update(SSO_SECRETS)
    at.user.update({"is_logged_in": False})
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert "Sign in with your organisation's account" in [b.label for b in at.button]


def test_the_navigation_lists_pages_by_role():
    from tracker.ui import navigation

    specs = navigation.ordered(1)
    listed = {
        who: [s.url_path for s in navigation.visible(specs, role)]
        for who, role in (("nobody", None), ("viewer", Role.VIEWER), ("editor", Role.EDITOR),
                          ("admin", Role.ADMIN))
    }  # fmt: skip
    reading = ["overview", "portfolio", "budget", "schedule", "committee", "partners", "map",
               "briefing", "present"]  # fmt: skip
    assert listed["nobody"] == reading and listed["viewer"] == reading
    data = ["data", "data-tables", "import", "data-history", "data-changes"]
    assert listed["editor"] == [*reading, *data]
    assert listed["admin"] == [*reading, *data, "admin"]
