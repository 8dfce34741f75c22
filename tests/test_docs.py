"""The README stays true: settings and commands it documents exist, and every setting is documented."""

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_environment_setting_in_the_code_is_documented():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    code += (ROOT / "tests" / "test_postgres.py").read_text(encoding="utf-8")
    used = set(re.findall(r"\b(TRACKER_[A-Z_]+)\b", code))
    undocumented = sorted(v for v in used if f"`{v}`" not in README)
    assert undocumented == []


def test_the_two_set_up_commands_are_at_the_top_and_exist_in_the_makefile():
    top = README[:1500]
    assert "make run" in top and "make test" in top
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_documented_cli_commands_exist():
    from tracker.cli.main import build_parser

    commands = set(re.findall(r"^tracker (\w+)", README, re.M))
    parser = build_parser()
    known = set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001 - argparse has no public API
    assert commands and commands <= known
