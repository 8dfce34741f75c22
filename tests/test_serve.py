"""`tracker serve`: every page it sends names the server, so that a page opened at its own address
looks for its server once (tracker.ui.serve.NameTheServer)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from tracker.ui.serve import NameTheServer

HEAD = b'<head><script>window.__streamlit={BACKEND_BASE_URL:location.origin+"/"}</script>'


def answer(app, method: str = "GET") -> list[dict]:
    """The messages ``app`` (wrapped) sends for one request."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/budget", "headers": []}
    # in a thread of its own: the browser tests' Playwright keeps an event loop running in this one
    worker = threading.Thread(target=asyncio.run, args=(NameTheServer(app)(scope, receive, send),))
    worker.start()
    worker.join()
    return sent


def serving(status: int, kind: bytes, chunks: list[bytes], encoding: bytes | None = None):
    async def app(scope, receive, send):
        headers = [(b"content-type", kind), (b"content-length", b"%d" % sum(map(len, chunks)))]
        if encoding:
            headers.append((b"content-encoding", encoding))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        for n, chunk in enumerate(chunks):
            more = n < len(chunks) - 1
            await send({"type": "http.response.body", "body": chunk, "more_body": more})

    return app


def test_a_page_says_where_its_server_is_first_in_its_head_once():
    # sent in two pieces, the second holding a second "<head>" that stays as it is
    page = [b"<html><he", b"ad><title>t</title></head><p><head></p></html>"]
    start, body = answer(serving(200, b"text/html; charset=utf-8", page))
    expected = HEAD + b"<title>t</title></head><p><head></p></html>"
    assert body == {"type": "http.response.body", "body": b"<html>" + expected, "more_body": False}
    # the length is that of the page sent: its 55 bytes, the first "<head>" (6) now the 80 of
    # the line ("<head>" 6, "<script>" 8, "window.__streamlit=" 19, "{BACKEND_BASE_URL:" 18,
    # "location.origin+" 16, '"/"' 3, "}" 1, "</script>" 9)
    assert (b"content-length", b"129") in start["headers"]
    assert [k for k, _ in start["headers"]].count(b"content-length") == 1
    assert start["status"] == 200


@pytest.mark.parametrize(
    ("status", "kind", "encoding", "method"),
    [
        (200, b"application/json", None, "GET"),  # not a page
        (304, b"text/html", None, "GET"),  # not modified: no body to write into
        (200, b"text/html", b"gzip", "GET"),  # compressed: not text to write into
        (200, b"text/html", None, "HEAD"),  # no body
    ],
)
def test_anything_else_is_passed_on_as_it_came(status, kind, encoding, method):
    chunks = [b"<html><head>", b"</head></html>"]
    sent = answer(serving(status, kind, chunks, encoding), method)
    assert [m.get("body") for m in sent[1:]] == chunks
    assert sent[0]["status"] == status


def test_an_app_under_a_prefix_names_it():
    wrapped = NameTheServer(None, base="/tracker/")
    assert wrapped.head.endswith(b'location.origin+"/tracker/"}</script>')


@pytest.mark.browser
def test_a_page_opened_at_its_own_address_looks_for_its_server_once(
    served_app, browser_page_factory, screenshot_on_failure
):
    from browser import error_texts, wait_for_page
    from playwright.sync_api import expect

    page = browser_page_factory()
    screenshot_on_failure(page)
    checks = []
    page.on("request", lambda r: checks.append(r.url) if "_stcore/health" in r.url else None)
    page.goto(f"{served_app}/budget")
    expect(page.locator("h1").first).to_contain_text("예산", timeout=60_000)
    wait_for_page(page)
    # at the root at once: not /budget/_stcore/health (a 404) first
    assert checks == [f"{served_app}/_stcore/health"]
    assert error_texts(page) == []
    page.close()
