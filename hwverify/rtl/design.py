"""An RTL design to simulate: its sources, top module, build settings and element types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hwverify.errors import ConfigError
from hwverify.fixed import FixedType

__all__ = ["RtlDesign"]


@dataclass(frozen=True, kw_only=True)
class RtlDesign:
    """Verilog sources with a top module, plus what the simulator needs to drive them.

    ``input_type``/``output_type`` are the element types of the model's input and output arrays;
    ``n_inputs``/``n_outputs`` the flattened number of elements per sample. ``data_files`` (ROM ``.dat``
    files loaded by relative path) are copied into the simulator's working directory. ``float_io``
    marks designs whose ports carry IEEE-754 single-precision floats (VivadoAccelerator float I/O).
    """

    top: str
    sources: tuple[Path, ...]
    input_type: FixedType
    output_type: FixedType
    n_inputs: int
    n_outputs: int
    data_files: tuple[Path, ...] = ()
    include_dirs: tuple[Path, ...] = ()
    defines: Mapping[str, str] = field(default_factory=dict)
    parameters: Mapping[str, int] = field(default_factory=dict)
    float_io: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(Path(s).resolve() for s in self.sources))
        object.__setattr__(self, "data_files", tuple(Path(s).resolve() for s in self.data_files))
        object.__setattr__(self, "include_dirs", tuple(Path(s).resolve() for s in self.include_dirs))
        if not self.sources:
            raise ConfigError(f"design '{self.top}' has no Verilog sources; pass the exported .v files")
        missing = [str(p) for p in self.sources + self.data_files if not p.is_file()]
        if missing:
            raise ConfigError(f"design '{self.top}': files not found: {', '.join(missing)}")
        if self.n_inputs < 1 or self.n_outputs < 1:
            raise ConfigError(
                f"design '{self.top}': n_inputs and n_outputs must be at least 1 "
                f"(got {self.n_inputs}, {self.n_outputs})"
            )

    @property
    def input_port_width(self) -> int:
        """Bits per input element on the ports (32 for float I/O)."""
        return 32 if self.float_io else self.input_type.width

    @property
    def output_port_width(self) -> int:
        """Bits per output element on the ports (32 for float I/O)."""
        return 32 if self.float_io else self.output_type.width
