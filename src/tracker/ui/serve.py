"""Start the dashboard: ``tracker serve`` (what ``make run`` uses).

Streamlit decides, for the very first script run of a server process, whether the app uses the old
"pages/ folder" routing: with a ``pages/`` folder beside ``dashboard.py`` it does, until some run
calls ``st.navigation``. A deep link such as ``/budget`` opened first after a restart would then run
the page without the router (file-name navigation, no shared sidebar). This app always routes with
``st.navigation``, so we say so before the server starts.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..config import PROJECT_ROOT


def main(streamlit_args: Sequence[str] = ()) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli as streamlit_cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "dashboard.py"), *streamlit_args]
    try:
        streamlit_cli.main(prog_name="streamlit")
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
