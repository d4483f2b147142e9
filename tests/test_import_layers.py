"""The import contract of the package (README, "Layout"): a layer imports only layers below it, function-local
imports included, and the simulator side imports no host code but the run specification it reads."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Bottom to top. The shared modules (fixed, cache, errors, options, progress, tools) sit below every layer.
LAYERS = ("model", "sources", "sim", "checks", "fifo", "report", "flows", "cli", "plugin", "__init__")
SHARED = ("fixed", "cache", "errors", "options", "progress", "tools")


def _layer(module: str) -> str:
    """``hwverify.sim.bulk`` -> ``sim``; ``hwverify.cli`` -> ``cli``; ``hwverify`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every absolute import of ``path`` (top-level and function-local): module name and line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module == "hwverify":  # from hwverify import report
            found += [(f"hwverify.{alias.name}", node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
    return found


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _upward_imports(layer_of: dict[str, int]) -> list[str]:
    found = []
    for path in sorted((ROOT / "hwverify").rglob("*.py")):
        here = _layer(_module(path))
        for imported, line in _imports(path):
            if not imported.startswith("hwverify") or _layer(imported) == here:
                continue
            if layer_of[_layer(imported)] > layer_of[here]:
                found.append(f"{path.relative_to(ROOT)}:{line} ({here}) imports {imported} ({_layer(imported)})")
    return found


def test_no_layer_imports_a_layer_above_it() -> None:
    layer_of = {name: -1 for name in SHARED} | {name: rank for rank, name in enumerate(LAYERS)}
    assert _upward_imports(layer_of) == []


def test_the_contract_catches_an_upward_import() -> None:
    """The same check with the order of two layers swapped must find the imports between them."""
    swapped = list(LAYERS)
    sim, checks = LAYERS.index("sim"), LAYERS.index("checks")
    swapped[sim], swapped[checks] = "checks", "sim"
    layer_of = {name: -1 for name in SHARED} | {name: rank for rank, name in enumerate(swapped)}
    assert any("(checks) imports hwverify.sim" in line for line in _upward_imports(layer_of))


def test_shared_modules_import_only_shared_modules() -> None:
    for name in SHARED:
        path = ROOT / "hwverify" / f"{name}.py"
        layers = {_layer(m) for m, _ in _imports(path) if m.startswith("hwverify")}
        assert layers <= set(SHARED), (name, layers - set(SHARED))


@pytest.mark.parametrize("path", sorted((ROOT / "rtl_sim").rglob("*.py")), ids=lambda p: p.name)
def test_simulator_side_imports_only_the_run_specification(path: Path) -> None:
    host = {m for m, _ in _imports(path) if m.startswith("hwverify")}
    assert host <= {"hwverify.sim.spec"}, host
