"""Hardening that a test can hold in place: the shipped Streamlit settings, HTML only where it was
reviewed, escaped map tooltips, web-only links, safe export file names, parameterised SQL, and no
secret committed to the repository."""

import datetime as dt
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from test_store import base_writes

from tracker.access import roles
from tracker.db import queries, store
from tracker.db.store import Write
from tracker.maps import decks, sites
from tracker.reports import briefing
from tracker.reports.pack import PackOptions

ROOT = Path(__file__).resolve().parents[1]
OPS = roles.operator("tests")


def test_the_shipped_streamlit_config_keeps_protections_on():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"  # `false` would still show tracebacks
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert (
        config["server"]["maxUploadSize"] == 25
    )  # MB (the import cap), instead of Streamlit's 200
    assert config["client"]["toolbarMode"] == "viewer"


def test_make_run_does_not_override_the_error_details_setting():
    assert "showErrorDetails" not in (ROOT / "Makefile").read_text(encoding="utf-8")


# Every place that may render HTML, reviewed: constant CSS, and a position counter built from
# translated text and two integers. Anything new must be reviewed and added here.
REVIEWED_HTML = {
    ("src/tracker/ui/charts.py", "st.html(PRINT_CSS)"),
    ("pages/present.py", "st.html(reports.PRESENT_CSS)"),
    ("pages/present.py", "unsafe_allow_html=True,"),
    # constant CSS and scripts of the accessibility layer; the language is one of ko/en, JSON-quoted
    ("src/tracker/ui/a11y.py", "st.html(A11Y_CSS)"),
    (
        "src/tracker/ui/a11y.py",
        "st.html(_LANG_SCRIPT.format(lang=json.dumps(lang)), unsafe_allow_javascript=True)",
    ),
    # presentation mode's arrow keys: a constant script
    ("src/tracker/ui/reports.py", "st.html(PRESENT_KEYS_JS, unsafe_allow_javascript=True)"),
}
HTML_SINKS = re.compile(r"unsafe_allow_html\s*=\s*True|st\.html\(|components\.html\(|\.iframe\(")


def test_html_is_rendered_only_where_it_was_reviewed():
    found = set()
    files = [ROOT / "dashboard.py", *sorted((ROOT / "src").rglob("*.py"))]
    for path in files + sorted((ROOT / "pages").rglob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if HTML_SINKS.search(line):
                found.add((str(path.relative_to(ROOT)), line.strip()))
    assert found == REVIEWED_HTML


def test_sql_is_built_from_parameters_not_strings():
    """Raw SQL only where no user text reaches it: a write's table locks on PostgreSQL (the names of
    our own fact tables, in load order), the SQLite transaction start (constants), the
    plan of a statement we compiled ourselves (bench), ANALYZE of our own tables by name, a bulk
    INSERT compiled by SQLAlchemy from one of our tables (its values bound), and the backup checks, which name tables of our own schema or of the file being checked (one
    quoted identifier in a single-statement PRAGMA / count; sqlite3 runs one statement only)."""
    raw = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"exec_driver_sql\(|\btext\(\s*f?[\"']|\.execute\(\s*f[\"']", line):
                raw.append(f"{path.relative_to(ROOT)}:{line.strip()}")
    assert raw == [
        "src/tracker/db/backend.py:conn.exec_driver_sql(f'LOCK TABLE \"{table}\" IN SHARE ROW EXCLUSIVE MODE')",
        'src/tracker/db/backend.py:conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")',
        'src/tracker/db/backend.py:rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()',
        'src/tracker/db/backend.py:return [row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql)]',
        "src/tracker/db/backend.py:conn.exec_driver_sql(f'ANALYZE \"{table.name}\"')",
        "src/tracker/db/backup.py:connection.execute(f'SELECT count(*) FROM \"{name}\"').fetchone()[0]",
        "src/tracker/db/backup.py:columns = {row[1] for row in connection.execute(f'PRAGMA table_info(\"{name}\")')}",
        "src/tracker/db/bulk.py:conn.exec_driver_sql(str(statement), tuples)",
    ]


HOSTILE = "<img src=x onerror=alert(1)>"


def test_map_tooltips_escape_names_and_notes():
    frame = pd.DataFrame(
        [
            {
                "key": "office-1",
                "kind": "office",
                "name_ko": f"사무소{HOSTILE}",
                "name_en": "Office",
                "lat": 35.2,
                "lon": 126.9,
                "is_approximate": False,
                "accuracy_m": None,
                "investment_won": None,
            }
        ]
    )
    deck = decks.site_deck(frame, None, lang="ko", unit="eok")
    assert deck._tooltip["html"] == "<b>{name}</b><br/>{detail}"  # fields go into HTML
    records = [r for layer in deck.layers if isinstance(layer.data, list) for r in layer.data]
    assert records, "the place should be drawn"
    for record in records:
        assert "<img" not in str(record.get("name", "")) + str(record.get("detail", ""))
    assert {r.get("name") for r in records} == {"사무소&lt;img src=x onerror=alert(1)&gt;"}
    # the label is drawn by WebGL as text, so it keeps the characters as typed
    assert {r.get("label") for r in records if r.get("label")} == {f"사무소{HOSTILE}"}


def test_site_map_svg_makes_a_link_in_a_name_literal():
    """Plotly draws <a href> in text as a live link: a name typed with one shows it as text."""
    link = "<a href='https://evil.example'>x</a>"
    frame = pd.DataFrame([{"key": "office-1", "kind": "office", "name_ko": f"사무소{link}",
                           "name_en": "Office", "lat": 35.2, "lon": 126.9, "is_approximate": False,
                           "accuracy_m": None, "investment_won": None}])  # fmt: skip
    fig = sites.site_map(frame, None, lang="ko", unit="eok", as_of=dt.date(2026, 12, 1),
                         title="map").figure  # fmt: skip
    inert = "사무소&lt;a href='https://evil.example'>x&lt;/a>"
    assert fig.data[0].hovertext[0].startswith(f"<b>{inert}</b><br>")
    assert [a.text for a in fig.layout.annotations if a.name == "place"] == [f"<b>{inert}</b>"]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>", "ftp://x"]
)
def test_a_link_that_is_not_http_is_refused_on_write(engine, url):
    with pytest.raises(store.ValidationError) as caught:
        store.apply(
            engine, [Write("sources", "s9", {"outlet": "X", "url": url})], reason="r", actor=OPS
        )
    assert [p.code for p in caught.value.problems] == ["not_web_url"]
    assert caught.value.messages("ko")[0].startswith("sources:s9.url — 링크는 http://")


def test_a_stored_javascript_link_is_not_read_back_as_a_link(engine):
    store.apply(engine, base_writes(), reason="r", actor=OPS)
    from sqlalchemy import update

    from tracker.db import schema

    with engine.begin() as conn:
        conn.execute(update(schema.sources).values(url="javascript:alert(1)"))
    read = queries.sources(engine, None, dt.date(2030, 1, 1))
    assert read["url"].tolist() == [None]
    store.apply(
        engine,
        [
            Write(
                "sources",
                "s2",
                {"outlet": "Y", "url": "https://example.org/a"},
                dt.date(2020, 1, 1),
            )
        ],
        reason="r",
        actor=OPS,
    )
    assert queries.sources(engine, ["s2"], dt.date(2030, 1, 1))["url"].tolist() == [
        "https://example.org/a"
    ]


def test_export_file_names_are_made_on_the_server():
    options = PackOptions(
        initiative_key="../../etc/passwd\r\nX: y", as_of=dt.date(2026, 3, 1), lang="ko"
    )
    assert briefing.file_name(options, "pdf") == "briefing-etc-passwd-X-y-2026-03-01-ko.pdf"


# --- committed secrets -------------------------------------------------------------------------
PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")
CLOUD_KEY = re.compile(
    r"\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bxox[baprs]-[0-9A-Za-z-]{10,}"
)
# password = "...", client_secret: '...', cookie_secret = ... in settings files; a value written as
# <placeholder> (the README's examples) is not a secret.
ASSIGNED = re.compile(
    r"(?i)\b(password|passwd|secret|client_secret|cookie_secret|api_key|token)\b\s*[:=]\s*"
    r"[\"']?(?!<)([^\"'\s<>]{6,})"
)
SETTINGS_SUFFIXES = {".toml", ".ini", ".cfg", ".env", ".yaml", ".yml", ".json", ".conf"}


def secrets_in(path: str, text: str) -> list[str]:
    hits = [f"{path}: private key" for _ in PRIVATE_KEY.finditer(text)]
    hits += [f"{path}: cloud token" for _ in CLOUD_KEY.finditer(text)]
    name = Path(path).name
    if Path(path).suffix in SETTINGS_SUFFIXES or name.startswith(".env") or name == "secrets.toml":
        hits += [f"{path}: {m.group(1)} set" for m in ASSIGNED.finditer(text)]
    if path.endswith("secrets.toml"):
        hits.append(f"{path}: secrets.toml is committed")
    return hits


def test_the_secret_scanner_finds_planted_secrets():
    # assembled here so that this file itself holds no planted secret
    key = "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----"
    assert secrets_in("deploy/id_ed25519", key) == ["deploy/id_ed25519: private key"]
    assert secrets_in("config/app.toml", 'password = "hunter2hunter2"\n') == [
        "config/app.toml: password set"
    ]
    assert secrets_in(".streamlit/secrets.toml", 'cookie_secret = "a8f5f167f44f4964"') == [
        ".streamlit/secrets.toml: cookie_secret set",
        ".streamlit/secrets.toml: secrets.toml is committed",
    ]
    assert secrets_in("x.py", "AKIA" + "ABCDEFGHIJKLMNOP") == ["x.py: cloud token"]
    assert secrets_in("README.toml", 'client_secret = "<from your identity provider>"') == []


def test_no_secret_is_committed():
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    hits = []
    for path in filter(None, tracked):
        file = ROOT / path
        if not file.is_file() or file.stat().st_size > 2_000_000:
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        hits += secrets_in(path, text)
    assert hits == []
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored


def test_a_link_typed_into_a_name_is_plain_text_in_a_chart():
    import plotly.graph_objects as go

    from tracker import theme

    link = "<a href='https://evil.example'>Partner</a>"
    fig = go.Figure(
        go.Bar(x=[f"A {link}", "B <b>bold</b>"], y=[1, 2], customdata=[[link], ["x"]],
               hovertemplate="%{customdata[0]}<extra></extra>", name=f"<A HREF=x>{link}")
    )  # fmt: skip
    fig.update_xaxes(categoryorder="array", categoryarray=["B <b>bold</b>", f"A {link}"])
    fig.add_annotation(x=f"A {link}", y=1, text=link, showarrow=False)
    theme.apply(fig, title=f"Title {link}", lang="ko", as_of=dt.date(2026, 1, 1), sources=[link])
    inert = "A &lt;a href='https://evil.example'>Partner&lt;/a>"
    assert list(fig.layout.xaxis.categoryarray) == ["B <b>bold</b>", inert]  # still lines up
    assert fig.layout.annotations[0].x == inert
    trace = fig.data[0]
    assert list(trace.x) == [
        "A &lt;a href='https://evil.example'>Partner&lt;/a>",
        "B <b>bold</b>",  # plotly's own harmless markup is left alone
    ]
    assert [list(row) for row in trace.customdata] == [
        ["&lt;a href='https://evil.example'>Partner&lt;/a>"],
        ["x"],
    ]
    assert trace.name == "&lt;A HREF=x>&lt;a href='https://evil.example'>Partner&lt;/a>"
    assert "<a" not in fig.layout.title.text.lower()
    assert all("<a" not in (a.text or "").lower() for a in fig.layout.annotations)


def test_a_link_after_numbers_and_gaps_is_made_literal_and_numbers_are_left_alone():
    """The check skips numbers without looking at them: a link after them is still found, in a
    list and in an array of objects, and an array of numbers comes back as it was."""
    import numpy as np
    import plotly.graph_objects as go

    from tracker import theme

    link = "<a href='https://evil.example'>x</a>"
    fig = go.Figure(
        go.Scatter(x=np.array([1.5, 2.5, 3.5]), y=[1, 2, 3], text=[7, None, 2.5, link],
                   hovertext=np.array([3, None, link], dtype=object))
    )  # fmt: skip
    theme.apply(fig, title="T", lang="ko", as_of=dt.date(2026, 1, 1))
    trace = fig.data[0]
    assert list(trace.text)[1:] == [None, "2.5", "&lt;a href='https://evil.example'>x&lt;/a>"]
    assert list(trace.hovertext)[1:] == [None, "&lt;a href='https://evil.example'>x&lt;/a>"]
    assert list(trace.x) == [1.5, 2.5, 3.5]


@pytest.mark.parametrize(("setting", "cap"), [(None, "25"), ("40", "40"), ("2.5", "3")])
def test_serve_caps_uploads_at_the_import_size_limit(monkeypatch, setting, cap):
    """The uploader must not refuse, with its own English message, a file the import would take
    (it was capped at 20 MB while the import takes 25)."""
    from streamlit.web import cli as streamlit_cli

    from tracker.ui import serve

    seen: list[list[str]] = []
    monkeypatch.setattr(streamlit_cli, "main", lambda **_: seen.append(list(sys.argv)))
    if setting is None:
        monkeypatch.delenv("TRACKER_IMPORT_MAX_MB", raising=False)
    else:
        monkeypatch.setenv("TRACKER_IMPORT_MAX_MB", setting)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    assert serve.main(["--server.port", "8599"]) == 0
    argv = seen[0]
    assert argv[argv.index("--server.maxUploadSize") + 1] == cap
    assert argv.count("--server.maxUploadSize") == 1 and argv[-2:] == ["--server.port", "8599"]


def test_an_empty_chart_breaks_its_message_into_lines_that_fit_half_a_page():
    import datetime as dt

    from tracker import theme

    # 68 display widths (a Korean character counts two, "·" and spaces one): more than a
    # half-width chart shows; the first seven words fill 48 of the 56 (a space after each)
    message = "투자·고용 약정이 기록된 협약이 없습니다. 약정을 등록하면 표시됩니다."
    fig = theme.empty_figure(message, title="T", lang="ko", as_of=dt.date(2026, 12, 6))
    shown = next(a.text for a in fig.layout.annotations if a.name == "empty_message")
    lines = shown.split("<br>")
    assert lines == ["투자·고용 약정이 기록된 협약이 없습니다. 약정을", "등록하면 표시됩니다."]
    assert all(theme.display_width(line) <= theme.EMPTY_WIDTH for line in lines)


def test_wrap_words_keeps_a_line_to_its_width_and_an_overlong_word_whole():
    from tracker import theme

    assert theme.wrap_words("a bb ccc", 4) == "a<br>bb<br>ccc"  # "a bb" is 4 + 1 for the space
    assert theme.wrap_words("a bb ccc", 5) == "a bb<br>ccc"
    assert theme.wrap_words("가나다 라", 6) == "가나다<br>라"  # a Korean character counts two
    assert theme.wrap_words("abcdefgh ij", 4) == "abcdefgh<br>ij"
    assert theme.wrap_words("a b<br>c d e", 4) == "a b<br>c d<br>e"  # a given break stays
