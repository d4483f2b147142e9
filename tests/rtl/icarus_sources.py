"""Icarus copies of a design's sources for the plain-Verilog tests (the package applies the same fixes to its
simulation copies in ``hwverify.sim.runner``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hwverify.sim.quirks import fix_for_icarus


@dataclass(frozen=True)
class PreparedSources:
    """Simulation copies of a design's sources and the quirks fixed while copying."""

    sources: tuple[Path, ...]
    notes: tuple[str, ...]


def prepare_for_icarus(sources: Sequence[Path], directory: Path) -> PreparedSources:
    """Copy ``sources`` into ``directory``, fixing Icarus quirks on the way; unchanged files are not copied."""
    directory.mkdir(parents=True, exist_ok=True)
    prepared: list[Path] = []
    notes: list[str] = []
    for index, source in enumerate(sources):
        fixed, file_notes = fix_for_icarus(Path(source).read_text(), Path(source).name)
        if not file_notes:
            prepared.append(Path(source))
            continue
        target = directory / f"{index:03d}_{Path(source).name}"
        target.write_text(fixed)
        prepared.append(target)
        notes.extend(file_notes)
    return PreparedSources(tuple(prepared), tuple(notes))
