"""The package's layers, read from its sources: the core imports no engine and no adapter, and no module
imports itself back through others (imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from siteutil import ROOT

HOOKS = ROOT / "hooks"
PACKAGES = ("tce_toolkit", "tce_site")
ENGINES = ("mkdocs", "material", "zensical", "tce_site")
# Entry points kept for their names, which configurations and commands write: each only re-exports an adapter.
CORE_SHIMS = {"tce_toolkit.markdown", "tce_toolkit.__main__"}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((HOOKS / package).rglob("*.py")):
            parts = path.relative_to(HOOKS).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, anywhere in the file, as absolute dotted names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = node.module or ""
            target = (f"{base}.{module}" if module else base) if node.level else module
            found.add(target)
            # `from . import x` names a module when there is one
            found.update(f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES)
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def test_the_modules_are_found() -> None:
    assert {"tce_toolkit.models", "tce_toolkit.worksheets.pdf", "tce_site.zensical", "tce_site.cli"} <= set(MODULES)


@pytest.mark.parametrize("name", sorted(name for name in MODULES if _top(name) == "tce_toolkit"))
def test_the_core_imports_no_engine_and_no_adapter(name: str) -> None:
    forbidden = sorted(module for module in _imports(name, MODULES[name]) if _top(module) in ENGINES)
    if name in CORE_SHIMS:
        assert all(_top(module) == "tce_site" for module in forbidden), forbidden
    else:
        assert forbidden == []


def test_the_shims_only_hand_over() -> None:
    assert _imports("tce_toolkit.markdown", MODULES["tce_toolkit.markdown"]) == {"__future__", "tce_site.zensical"}


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        targets = set()
        for module in _imports(name, path):
            # `from tce_toolkit.worksheets.context import X` depends on that module (and not on itself)
            while module and module not in MODULES:
                module = module.rpartition(".")[0]
            if module and module != name:
                targets.add(module)
        graph[name] = targets
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph, as the modules along it, or [] when there is none."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_the_cycle_finder_finds_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back() -> None:
    # A package's __init__ is imported with each of its modules; only imports written out count here.
    assert _cycle(_graph()) == []
