"""``tracker ARGS`` as the console script runs it (``tracker.cli.main.main``), in the test's own
process: the environment, standard input and both outputs are the command's for the call.
test_cli.py starts the real ``python -m tracker.cli`` process; the other command-line tests use
this to spare a Python start-up (about a second) per command."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from unittest import mock

from tracker.cli.main import main as cli_main


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_tracker(args, *, env: dict[str, str], stdin: str | None = None) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, env),
        mock.patch("sys.stdin", io.StringIO(stdin or "")),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = cli_main([str(a) for a in args])
        except SystemExit as stop:  # argparse refusing an argument
            code = stop.code if isinstance(stop.code, int) else 2
    return Ran(code, out.getvalue(), err.getvalue())
