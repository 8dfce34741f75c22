"""Start the dashboard: ``tracker serve`` (what ``make run`` uses).

Streamlit decides, for the very first script run of a server process, whether the app uses the old
"pages/ folder" routing: with a ``pages/`` folder beside ``dashboard.py`` it does, until some run
calls ``st.navigation``. A deep link such as ``/budget`` opened first after a restart would then run
the page without the router (file-name navigation, no shared sidebar). This app always routes with
``st.navigation``, so we say so before the server starts.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence

from ..config import PROJECT_ROOT
from ..imports.files import MB, Limits

# The protections of .streamlit/config.toml, passed again so that they hold when ``tracker serve``
# is started from another folder (Streamlit reads config.toml from the working folder only).
# Options given on the command line come after these and win.
HARDENING = (
    "--client.showErrorDetails",
    "none",
    "--server.enableXsrfProtection",
    "true",
    "--server.enableCORS",
    "true",
)


def upload_cap_mb() -> int:
    """The file uploader's cap in MB: the import's own size limit (``TRACKER_IMPORT_MAX_MB``,
    25 by default), rounded up, so that the uploader never refuses a file the import takes."""
    return math.ceil(Limits.from_environment().max_bytes / MB)


# What a deployment does not need and every visitor pays for (measured with `python -m bench.pages`
# on the 2-core machine, an empty page: 1.48 s with both, 0.73 s without):
# - watching the source files for changes: each new browser session walks and watches every module
#   of the app on the server's event loop (0.35-0.7 s per page load);
# - a full garbage collection after every script run (``gc.collect(2)``), which takes longer the
#   more the caches hold (about 0.1-0.4 s per run); Python's own collector still runs.
SPEED = (
    "--server.fileWatcherType",
    "none",
    "--server.runOnSave",
    "false",
    "--runner.postScriptGC",
    "false",
)


class NameTheServer:
    """ASGI middleware: every page (HTML) the server sends says, first in its head, where the
    server is (``window.__streamlit``, which Streamlit's front end reads when it loads).

    Opened at its own address (``/budget``: a bookmark, a link in a mail, F5), a page made the
    front end look for its server under that address first (``/budget/_stcore/health``, a 404)
    and at the root 0.1 s later (docs/deploy.md, "The processes")."""

    def __init__(self, app, base: str = "/"):
        self.app = app
        script = f"window.__streamlit={{BACKEND_BASE_URL:location.origin+{json.dumps(base)}}}"
        self.head = f"<head><script>{script}</script>".encode()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        held: dict = {}  # the start of a page's answer, held until its body is rewritten
        body: list[bytes] = []

        async def rewrite(message) -> None:
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                page = headers.get(b"content-type", b"").startswith(b"text/html")
                if page and message.get("status") == 200 and b"content-encoding" not in headers:
                    held["start"] = message
                    return
            if "start" not in held or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body).replace(b"<head>", self.head, 1)
            start = held["start"]
            headers = [
                (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
            ]
            await send({**start, "headers": [*headers, (b"content-length", b"%d" % len(page))]})
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app(scope, receive, rewrite)


def _with_server_named() -> None:
    """Streamlit's own middleware, and :class:`NameTheServer` after it (it sees each page before
    Streamlit compresses it). Streamlit has no setting for a line in its page's head; its
    server builds its middleware with ``create_streamlit_middleware``, which this wraps. Should
    a later Streamlit build it otherwise, pages are served as before (tests/test_serve.py
    checks the one look in a browser)."""
    from starlette.middleware import Middleware
    from streamlit import config
    from streamlit.web.server.starlette import starlette_app

    made = getattr(starlette_app, "create_streamlit_middleware", None)
    if made is None or getattr(made, "names_the_server", False):
        return

    def middleware() -> list:
        prefix = (config.get_option("server.baseUrlPath") or "").strip("/")
        return [*made(), Middleware(NameTheServer, base=f"/{prefix}/" if prefix else "/")]

    middleware.names_the_server = True
    starlette_app.create_streamlit_middleware = middleware


def main(streamlit_args: Sequence[str] = ()) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli as streamlit_cli

    PagesManager.uses_pages_directory = False
    _with_server_named()
    sys.argv = [
        "streamlit",
        "run",
        str(PROJECT_ROOT / "dashboard.py"),
        *HARDENING,
        "--server.maxUploadSize",
        str(upload_cap_mb()),
        *SPEED,
        *streamlit_args,
    ]
    try:
        streamlit_cli.main(prog_name="streamlit")
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
