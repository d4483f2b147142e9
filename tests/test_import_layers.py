"""The import contract of the package (README, "Layout"), checked with import-linter: a layer imports only layers
below it (function-local imports included), and the simulator side imports no host code but the run
specification it reads. The contracts are in pyproject.toml, ``[tool.importlinter]``."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def _lint(config: Path) -> int:
    return lint_imports(config_filename=str(config), no_cache=True, no_logo=True)


def test_the_import_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert _lint(ROOT / "pyproject.toml") == 0


def _swapped_layers_config(tmp_path: Path, upper: str, lower: str) -> Path:
    """pyproject's contracts with two layers swapped, written as a config file of its own."""
    text = (ROOT / "pyproject.toml").read_text()
    section = text[text.index("[tool.importlinter]"):]
    swapped = re.sub(rf'"{upper}",(\s+)"{lower}",', rf'"{lower}",\1"{upper}",', section)
    assert swapped != section
    config = tmp_path / "contracts.toml"
    config.write_text(swapped)
    tomllib.loads(swapped)  # still a valid file
    return config


def test_the_contract_catches_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """With checks placed below sim, every import of hwverify.sim by hwverify.checks breaks the contract."""
    monkeypatch.chdir(ROOT)
    assert _lint(_swapped_layers_config(tmp_path, "checks", "sim")) == 1
    assert "hwverify.checks" in capsys.readouterr().out


def _function_local_imports(path: Path) -> list[tuple[int, str, str]]:
    """``(line, module, source line)`` of every import inside a function of ``path``."""
    lines = path.read_text().splitlines()
    found = []
    for function in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.module:
                    found.append((node.lineno, node.module, lines[node.lineno - 1]))
    return found


def test_function_local_imports_of_hwverify_only_defer_a_heavy_dependency_and_say_so() -> None:
    """A function-local import of a hwverify module is allowed only to defer a heavy dependency, with a comment
    that names it; everything else is imported at the top of the module."""
    uncommented = [f"{path.relative_to(ROOT)}:{line}: {text.strip()}"
                   for path in sorted((ROOT / "hwverify").rglob("*.py"))
                   for line, module, text in _function_local_imports(path)
                   if module.startswith("hwverify") and "# deferred:" not in text]
    assert uncommented == []
