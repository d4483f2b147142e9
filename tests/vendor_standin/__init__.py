"""Install the stand-in HLS tool (``hls_tool.py``) on PATH for one test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HLS_TOOL = Path(__file__).resolve().parent / "hls_tool.py"
TOOL_NAMES = ("vivado_hls", "vitis_hls", "vitis-run")


def install_standin(bin_dir: Path, monkeypatch: pytest.MonkeyPatch, name: str = "vivado_hls",
                    fault: str = "", design: str = "parallel_dense", rtl_fault: str = "") -> Path:
    """Write an executable ``name`` into ``bin_dir`` that runs the stand-in, and put only it on PATH's front.

    The other vendor tool names are hidden even if a real installation is on PATH, so tests are deterministic.
    """
    if name not in TOOL_NAMES:
        raise ValueError(f"unknown vendor tool {name!r}; choose one of {TOOL_NAMES}")
    bin_dir.mkdir(parents=True, exist_ok=True)
    executable = bin_dir / name
    executable.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{HLS_TOOL}" {name} "$@"\n')
    executable.chmod(0o755)
    hide_vendor_tools(monkeypatch, keep=bin_dir)
    monkeypatch.setenv("HWVERIFY_STANDIN_FAULT", fault)
    monkeypatch.setenv("HWVERIFY_STANDIN_DESIGN", design)
    monkeypatch.setenv("HWVERIFY_STANDIN_RTL_FAULT", rtl_fault)
    return executable


def hide_vendor_tools(monkeypatch: pytest.MonkeyPatch, keep: Path | None = None) -> None:
    """Drop every PATH directory holding a vendor HLS tool (except ``keep``, which goes first)."""
    import os

    directories = [d for d in os.environ.get("PATH", "").split(os.pathsep)
                   if d and not any((Path(d) / tool).exists() for tool in TOOL_NAMES)]
    if keep is not None:
        directories.insert(0, str(keep))
    monkeypatch.setenv("PATH", os.pathsep.join(directories))
