"""Start the dashboard: ``tracker serve`` (what ``make run`` uses).

Streamlit decides, for the very first script run of a server process, whether the app uses the old
"pages/ folder" routing: with a ``pages/`` folder beside ``dashboard.py`` it does, until some run
calls ``st.navigation``. A deep link such as ``/budget`` opened first after a restart would then run
the page without the router (file-name navigation, no shared sidebar). This app always routes with
``st.navigation``, so we say so before the server starts.
"""

from __future__ import annotations

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


def main(streamlit_args: Sequence[str] = ()) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli as streamlit_cli

    PagesManager.uses_pages_directory = False
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
