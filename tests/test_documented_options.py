"""The checklist: every URL parameter, setting and `tracker` option that the README (or
docs/deploy.md) documents, or that the code reads, is used by at least one test. A new option
added without a test, or documented without existing, fails here and names itself.

The tests that exercise each one live beside the feature (test_url_params.py, test_settings.py,
test_cli_options.py, test_budget_page.py, ...); this file only checks that they exist.
"""

from __future__ import annotations

import argparse
import re
from functools import cache
from pathlib import Path

from conftest import ROOT

from tracker.cli.main import build_parser

DOCS = (ROOT / "README.md", ROOT / "docs" / "deploy.md")
TESTS = ROOT / "tests"
# options of other programs that the deployment notes quote on the same lines as `tracker`
STREAMLIT_PASS_THROUGH = re.compile(r"--(server|client|browser|theme|global)\.")


@cache
def texts_of_tests() -> str:
    """Every test module but this one (so naming an option here does not count as using it)."""
    files = sorted(TESTS.glob("*.py")) + sorted((TESTS / "mutation").glob("*.py"))
    return "\n".join(
        path.read_text(encoding="utf-8") for path in files if path.name != Path(__file__).name
    )


def docs_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS)


# --- what is documented ---------------------------------------------------------------------


def documented_url_params() -> set[str]:
    text = docs_text()
    found = set(re.findall(r"[?&]([a-z][a-z_]*)=", text))  # `?slide=N`, `&key=...`
    found |= set(re.findall(r"`(b_[a-z]+)`", text))  # the budget filters' list
    return found


def documented_settings() -> set[str]:
    text = docs_text()
    found = set(re.findall(r"\bTRACKER_[A-Z_]+[A-Z]\b", text))
    # the Configuration table's other rows (`| \`PORT\` | ...`)
    found |= set(re.findall(r"^\| `([A-Z][A-Z_]+)` \|", text, flags=re.MULTILINE))
    return found


def documented_cli_options() -> set[str]:
    """Long options written on a line that runs `tracker` (prose or a command line)."""
    text = docs_text()
    # command lines, and `tracker ...` spans in prose (which may wrap onto the next line)
    # from the word `tracker` on: an option earlier on the line belongs to another program
    # (e.g. "`--large` (in `make bench`) repeats it on `tracker seed --synthetic large`")
    runs = [
        line[found.start() :]
        for line in text.splitlines()
        if (found := re.search(r"\btracker [a-z]", line))
    ]
    runs += [span for span in re.findall(r"`(tracker [^`]+)`", text) if "\n" in span]
    options: set[str] = set()
    for run in runs:
        run = STREAMLIT_PASS_THROUGH.sub("", run)
        options |= set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*[a-z])(?![\w.-])", run))
    return options


# --- what exists ------------------------------------------------------------------------------


def parser_options() -> dict[str, set[str]]:
    """{'tracker export briefing': {'--format', ...}, ...}: `tracker --help` and each
    subcommand's --help, long forms only."""
    found: dict[str, set[str]] = {}

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        found.setdefault(" ".join(path), set())
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, (*path, name))
            elif isinstance(action, argparse._HelpAction):
                continue
            else:
                found[" ".join(path)] |= {o for o in action.option_strings if o.startswith("--")}

    walk(build_parser(), ("tracker",))
    return found


def code_url_params() -> set[str]:
    """Query parameters the pages read (literal names, and the constants that hold names)."""
    from tracker.ui import budget_filters, state

    pattern = re.compile(
        r"""(?:query_params\.get(?:_all)?\(|query_params\[|_from_url\(|url_choice\()\s*["']([a-z_]+)["']"""
    )
    files = [
        *sorted((ROOT / "src" / "tracker" / "ui").glob("*.py")),
        *(ROOT / "pages").glob("*.py"),
    ]
    found = {m for path in files for m in pattern.findall(path.read_text(encoding="utf-8"))}
    found |= set(budget_filters.PARAMS.values()) | {budget_filters.THRESHOLD, state.RECORDED_ON}
    return found


def used_in_tests(name: str, *, quoted: bool) -> bool:
    text = texts_of_tests()
    if quoted:  # a URL parameter: a key in a dict or an index, or written in a URL
        return bool(re.search(rf"""["']{re.escape(name)}["']|[?&]{re.escape(name)}=""", text))
    return name in text


# --- the checks -------------------------------------------------------------------------------


def test_the_readers_of_the_docs_find_something():
    # guards the parsing itself: a README rewrite that hides every option must not pass silently
    assert {"slide", "recorded_on", "kind", "key", "b_year", "b_risk"} <= documented_url_params()
    assert {"TRACKER_DATABASE_URL", "TRACKER_HOME", "PORT", "BROWSER_PATH"} <= documented_settings()
    assert {"--synthetic", "--portfolio", "--history", "--dry-run"} <= documented_cli_options()


def test_every_documented_option_exists():
    known = set().union(*parser_options().values())
    assert documented_cli_options() - known == set()
    assert documented_url_params() - code_url_params() == set()


def test_every_url_parameter_the_pages_read_is_documented():
    # the README's "Links (URL parameters)" table: a parameter added to a page is listed there
    assert code_url_params() - documented_url_params() == set()


def test_every_url_parameter_is_used_by_a_test():
    params = documented_url_params() | code_url_params()
    missing = sorted(p for p in params if not used_in_tests(p, quoted=True))
    assert missing == []


def test_every_setting_is_used_by_a_test():
    missing = sorted(s for s in documented_settings() if not used_in_tests(s, quoted=False))
    assert missing == []


def test_every_cli_option_is_used_by_a_test():
    missing = sorted(
        f"{command} {option}"
        for command, options in parser_options().items()
        for option in options
        if not used_in_tests(option, quoted=False)
    )
    assert missing == []


def test_every_subcommand_is_run_by_a_test():
    # a subcommand is run when its name is an argument in a test: "backup", or "user", "role"
    missing = sorted(
        command
        for command in parser_options()
        if command != "tracker" and not used_in_tests(command.split()[-1], quoted=True)
    )
    assert missing == []
