"""Import layers, read from the source with ``ast`` (every import, function bodies included).

Layers, bottom up: ``fofxl`` (pylib, analytics) < ``fofxl_addin`` (the FOF_* Excel functions,
the only package importing xlwings) < ``fofxl_report`` (workbooks without Excel: render,
refresh, demo, CLI) < the templates and the xlwings Lite script. A module may import its own
layer or a lower one, never a higher one, and no chain of imports between our modules may come
back to where it started.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: package name -> (folder, layer); higher layers may import lower ones only
PACKAGES = {
    "fofxl": (ROOT / "pylib" / "fofxl", 0),
    "fofxl_addin": (ROOT / "addin" / "fofxl_addin", 1),
    "fofxl_report": (ROOT / "addin" / "fofxl_report", 2),
    "fofxl_templates": (ROOT / "templates", 3),
    "lite": (ROOT / "addin" / "lite", 3),
}
#: the packages allowed to import xlwings (Lite's main.py registers its script with it)
XLWINGS_IMPORTERS = {"fofxl_addin", "lite"}


def _module_name(package: str, folder: Path, path: Path) -> str:
    parts = [package, *path.relative_to(folder).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    out = {}
    for package, (folder, _) in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            out[_module_name(package, folder, path)] = path
    return out


MODULES = _modules()


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def imports_of(module: str) -> list[tuple[str, int]]:
    """Every module ``module`` imports (absolute names; ``from a import b`` gives ``a.b`` when
    that is one of our modules, else ``a``), with the line, wherever the import statement is."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    here = module if _is_package(module) else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in MODULES else target, node.lineno))
    return found


def _package_of(name: str) -> str | None:
    top = name.split(".")[0]
    if top in PACKAGES:
        return top
    return "fofxl_templates" if name in ("t0_environment", "quant_monitor", "build") else None


def _layer(name: str) -> int | None:
    package = _package_of(name)
    return None if package is None else PACKAGES[package][1]


def test_every_package_is_found():
    for package in PACKAGES:
        assert any(m.split(".")[0] == package for m in MODULES), package
    assert "fofxl_report.cli" in MODULES and "fofxl_addin.udfs" in MODULES


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_higher_layer(module):
    own = _layer(module)
    upward = [
        f"line {line}: {name}" for name, line in imports_of(module) if (_layer(name) or 0) > own
    ]
    assert upward == [], f"{module} imports a higher layer: {upward}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_excel_layer_imports_xlwings(module):
    hits = [
        f"line {line}: {name}"
        for name, line in imports_of(module)
        if name.split(".")[0] in ("xlwings", "win32com", "pythoncom")
    ]
    if _package_of(module) not in XLWINGS_IMPORTERS:
        assert hits == [], f"{module} imports xlwings: {hits}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (or a self-import)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan; the graph is a few dozen modules deep at most
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert _cycles(graph) == [["a", "b", "c"], ["e"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    graph = {m: {name for name, _ in imports_of(m) if name in MODULES} for m in MODULES}
    assert _cycles(graph) == []


def test_imports_of_sees_function_bodies_and_relative_imports():
    found = {name for name, _ in imports_of("fofxl_report.refresh")}
    assert "fofxl_addin.book" in found  # imported inside refresh_caller
    assert "fofxl_report.books" in found  # from .books import ...
