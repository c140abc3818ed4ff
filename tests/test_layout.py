"""The package's layout: no import cycle between its parts, and modules of a readable size.

Read from the source with :mod:`ast`, so nothing is imported. A part is a
subpackage (``graph``, ``rdf``, ...) or a top-level module (``model``,
``ingest``, ...); a cycle is one that takes in a subpackage (top-level
modules importing each other are one package's business). Imports made
only for type checking (under ``if TYPE_CHECKING:``) do not count, since
they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "claimgraph"
#: Longest module, in lines.
MAX_LINES = 600
#: Longest command module of the CLI package, in lines.
MAX_CLI_LINES = 200
#: Modules and folders allowed to be longer (claim attribution's rules read as one piece).
LONG_ALLOWED = ("attribution/", "extractors/claims.py")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _part(dotted: str) -> str | None:
    names = dotted.split(".")
    return names[1] if names[0] == "claimgraph" and len(names) > 1 else None


def _runtime_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Yield the imports of ``tree``, leaving out those under ``if TYPE_CHECKING:``."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        pending.extend(ast.iter_child_nodes(node))


def _imported(path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not node.level:
        return [node.module or ""]
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path)[:-1]
    base = package[: len(package) - node.level + 1]
    return [".".join([*base, node.module] if node.module else base)]


def _part_imports() -> dict[str, dict[str, list[str]]]:
    """Return, for each part, the other parts it imports and where."""
    edges: dict[str, dict[str, list[str]]] = {}
    for path in _modules():
        part = _part(".".join(_module_name(path)))
        if part is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _runtime_imports(tree):
            for name in _imported(path, node):
                other = _part(name)
                if other is not None and other != part:
                    where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                    edges.setdefault(part, {}).setdefault(other, []).append(where)
    return edges


def _cycles(edges: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one part (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(part: str) -> None:
        index[part] = low[part] = len(index)
        stack.append(part)
        for other in edges.get(part, {}):
            if other not in index:
                visit(other)
                low[part] = min(low[part], low[other])
            elif other in stack:
                low[part] = min(low[part], index[other])
        if low[part] == index[part]:
            group: list[str] = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == part:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for part in sorted(edges):
        if part not in index:
            visit(part)
    return groups


def test_no_import_cycle_between_parts() -> None:
    edges = _part_imports()
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    problems = []
    for group in _cycles(edges):
        if packages.isdisjoint(group):
            continue
        links = [
            f"{a} -> {b} ({edges[a][b][0]})" for a in group for b in group if b in edges.get(a, {})
        ]
        problems.append(f"{' / '.join(group)}: " + "; ".join(links))
    assert not problems, "import cycles between parts of claimgraph:\n" + "\n".join(problems)


def test_the_cycle_finder_finds_a_cycle_of_three() -> None:
    edges = {"a": {"b": ["x"]}, "b": {"c": ["x"]}, "c": {"a": ["x"]}, "d": {"a": ["x"]}}
    assert _cycles(edges) == [["a", "b", "c"]]


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and not str(path.relative_to(PACKAGE)).startswith(LONG_ALLOWED)
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_cli_modules_are_short() -> None:
    cli = PACKAGE / "cli"
    if not cli.is_dir():
        pytest.skip("the command line is still one module, claimgraph/cli.py")
    long = {
        path.name: lines
        for path in sorted(cli.glob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_CLI_LINES
    }
    assert not long, f"CLI modules over {MAX_CLI_LINES} lines: {long}"
