"""Hostile free text stays inert in a real browser: a <script> tag, an <img onerror=...> and a
javascript: link typed into every name, title and note are shown as text on every page, never
run (no dialog, no injected element), and a javascript: link stored by an older release is not
offered as a link."""

import datetime as dt

import pytest
from browser import error_texts, open_in_app, streamlit_server, wait_for_charts, wait_for_page
from sqlalchemy import String, Text, update

from tracker.access import roles, signin
from tracker.db import backend, queries, schema, store
from tracker.ui import navigation

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__xss='script';alert('xss-script')</script>"
IMAGE = "<img src=x id=xss-img onerror=\"window.__xss='img';alert('xss-img')\">"
LINK = "<a id=xss-link href=\"javascript:window.__xss='link';alert('xss-link')\">link</a>"
WEB_LINK = '<a id=xss-web href="https://evil.example/">web</a>'  # plotly draws <a href="http..">
HOSTILE = f" {SCRIPT}{IMAGE}{LINK}{WEB_LINK}"
FREE_TEXT = ("name", "label", "title", "text", "agenda", "note", "outlet", "reason", "owner")


def hostile_writes(engine) -> list[store.Write]:
    """A new version of every current fact with hostile text after each free-text value."""
    today = dt.date.today()
    writes = []
    for table in schema.LOAD_ORDER:
        spec = schema.FACTS[table]
        columns = [
            c.name
            for c in spec.table.columns
            if isinstance(c.type, String | Text)
            and c.name not in schema.SYSTEM_COLUMNS
            and c.name.split("_")[0] in FREE_TEXT
        ]
        if not columns:
            continue
        frame = queries.read(engine, queries.facts_as_of(table, today).select())
        for row in queries.none_for_missing(frame).to_dict("records"):
            values = {k: row[k] for k in schema.data_columns(table)}
            for name in columns:
                values[name] = f"{values[name] or ''}{HOSTILE}"[:290]
            writes.append(store.Write(table, row["key"], values, today))
    return writes


@pytest.fixture(scope="module")
def hostile_app(bundled_db_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    copy = folder / "tracker.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    url = f"sqlite:///{copy}"
    engine = backend.make_engine(url)
    result = store.apply(
        engine, hostile_writes(engine), reason="hostile text", actor=roles.operator("tests")
    )
    assert result.written > 100
    with engine.begin() as conn:  # a link written before links were checked on write
        conn.execute(update(schema.sources).values(url="javascript:alert('xss-url')"))
    # a sign-in attempt types whatever it likes as a name: the admin page's audit log shows it
    signin.record(
        engine, HOSTILE.strip(), HOSTILE.strip(), ok=False, outcome="unknown_user",
        method="password", now=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    engine.dispose()
    with streamlit_server(url, folder / "streamlit.log") as base:
        yield base


PAGES = [*navigation.PAGES, navigation.SIGN_IN]


@pytest.fixture(scope="module")
def hostile_tab(browser_page_factory):
    """One tab that moves from page to page through the navigation (a script that ran on any
    earlier page would have left ``window.__xss`` or a dialog behind, which every test checks)."""
    page = browser_page_factory()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page, dialogs
    page.close()


@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.url_path)
def test_hostile_text_stays_inert_on_every_page(
    spec, hostile_app, hostile_tab, screenshot_on_failure
):
    page, dialogs = hostile_tab
    screenshot_on_failure(page)
    open_in_app(page, hostile_app, "" if spec.default else spec.url_path)
    wait_for_charts(page)  # charts and maps draw after the script run ends
    # hover over every chart and map once: tooltips are HTML too
    for target in page.locator(".js-plotly-plot, [data-testid='stDeckGlJsonChart']").all()[:8]:
        try:
            target.scroll_into_view_if_needed(timeout=2000)
            box = target.bounding_box()
            if box:
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_timeout(100)  # a hover label is drawn in the next frame
        except Exception:
            pass
    assert dialogs == []
    assert page.evaluate("() => window.__xss === undefined")
    for selector in (
        "#xss-img",
        "#xss-link",
        "#xss-web",
        "img[src='x']",
        "a[href^='javascript:']",
    ):
        assert page.locator(selector).count() == 0, selector
    # Markdown turns a typed URL into a link showing that URL (honest, like any note); a link
    # made from markup ("<a href=...>web</a>", as plotly would draw it) would hide it behind text.
    disguised = page.evaluate(
        """() => [...document.querySelectorAll('a')]
            .filter(a => (a.getAttribute('href') || a.getAttribute('xlink:href')
                || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '')
                .includes('evil.example'))
            .filter(a => !(a.textContent || '').includes('evil.example'))
            .map(a => a.outerHTML.slice(0, 200))"""
    )
    assert disguised == []
    assert error_texts(page) == []


def test_the_hostile_name_is_shown_as_text(hostile_app, browser_page_factory):
    page = browser_page_factory()
    page.goto(hostile_app)
    wait_for_page(page)
    main = page.locator('[data-testid="stMain"]')
    assert "<script>window.__xss" in main.inner_text()  # shown literally, not swallowed
    page.close()
