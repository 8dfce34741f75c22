"""The layout rules of README "Layout": no import circles, Streamlit only in tracker.ui, files of
a readable length, and a repository that reads nothing from outside itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
MAX_LINES = 550  # "about 500": a file past this usually holds two rooms


def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, src: Path) -> set[str]:
    """Every module an ``import`` statement anywhere in the file names (nested ones too), as
    absolute dotted names; ``from P import x`` names both ``P`` and ``P.x`` (x may be a module)."""
    name = module_name(path, src)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def import_graph(src: Path, top: str) -> dict[str, set[str]]:
    """Module -> the modules of the same top package it imports (and the packages around them)."""
    files = {module_name(p, src): p for p in sorted((src / top).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        edges = set()
        for target in imported_modules(path, src):
            # importing a.b.c runs a/__init__, a.b/__init__ and a.b.c
            pieces = target.split(".")
            for i in range(1, len(pieces) + 1):
                candidate = ".".join(pieces[:i])
                if candidate in files and candidate != name and candidate != top:
                    edges.add(candidate)
        graph[name] = edges
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle_through_a_package(tmp_path: Path):
    pkg = tmp_path / "demo"
    (pkg / "reports").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "reports" / "__init__.py").write_text("")
    (pkg / "reports" / "pack.py").write_text("def f():\n    from ..cli import main\n")
    (pkg / "cli.py").write_text("from .reports import pack\n")
    (pkg / "lone.py").write_text("import os\n")
    graph = import_graph(tmp_path, "demo")
    assert graph["demo.cli"] == {"demo.reports", "demo.reports.pack"}
    assert graph["demo.reports.pack"] == {"demo.cli"}
    assert circles(graph) == [["demo.cli", "demo.reports.pack"]]


def test_no_import_circles_in_tracker():
    graph = import_graph(SRC, "tracker")
    assert len(graph) > 30, "the graph should cover every module of src/tracker"
    assert circles(graph) == []


def test_only_tracker_ui_imports_streamlit():
    offenders = []
    for path in sorted((SRC / "tracker").rglob("*.py")):
        name = module_name(path, SRC)
        if name == "tracker.ui" or name.startswith("tracker.ui."):
            continue
        if any(m.split(".")[0] == "streamlit" for m in imported_modules(path, SRC)):
            offenders.append(name)
    assert offenders == []


def test_no_source_file_holds_two_rooms():
    long = {
        str(p.relative_to(ROOT)): n
        for p in sorted((SRC / "tracker").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


SHARED = re.compile(r"\.\./shared|[\"']shared[\"']\s*/|/\s*[\"']shared[\"']")


@pytest.mark.parametrize(
    "place", ["src", "pages", "tests", "bench", ".ci", "Makefile", "dashboard.py", "pyproject.toml"]
)
def test_nothing_reads_outside_the_repository(place: str):
    this = Path(__file__).resolve()
    top = ROOT / place
    hits = [
        str(p.relative_to(ROOT))
        for p in ([top] if top.is_file() else sorted(top.rglob("*")))
        if p.is_file()
        and not {"__pycache__"} & set(p.parts)
        and not any(part.endswith(".egg-info") for part in p.parts)  # made by pip, not ours
        and p.resolve() != this
        and p.suffix in {".py", ".toml", ".sh", ""}
        and SHARED.search(p.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert hits == []


def test_the_map_boundaries_ship_inside_the_repository():
    from tracker import config

    for path in (config.DEFAULT_BOUNDARIES, config.DEFAULT_REGION_BOUNDARIES):
        assert path.is_file()
        assert ROOT in path.resolve().parents
    source = (ROOT / "data" / "geo" / "SOURCE.md").read_text(encoding="utf-8")
    assert "KOSTAT" in source and "공공누리 제1유형" in source
