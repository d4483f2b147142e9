"""Options shared by the pytest plugin and the ``hwverify`` command, declared once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    """One option: its pytest spelling is ``--hwverify-<name>``, the command line's ``--<name>``."""

    name: str
    help: str
    default: Any = None
    type: type | None = str
    choices: tuple[str, ...] | None = None
    #: Who implements the option: "pytest" (the plugin), "cli" (the ``hwverify`` command), or both.
    used_by: tuple[str, ...] = ("pytest", "cli")
    #: An argparse action such as "store_true" (a flag without a value; ``type`` is then ignored).
    action: str | None = None

    @property
    def pytest_flag(self) -> str:
        """The flag as the pytest plugin declares it."""
        return f"--hwverify-{self.name}"

    @property
    def cli_flag(self) -> str:
        """The flag as the ``hwverify`` command declares it."""
        return f"--{self.name}"

    @property
    def dest(self) -> str:
        """Attribute name on parsed options."""
        return "hwverify_" + self.name.replace("-", "_")

    def argparse_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``argparse``/pytest's ``addoption``."""
        kwargs: dict[str, Any] = {"help": self.help, "default": self.default, "dest": self.dest}
        if self.action is not None:
            kwargs["action"] = self.action
        elif self.type is not None:
            kwargs["type"] = self.type
        if self.choices:
            kwargs["choices"] = self.choices
        return kwargs


OPTIONS: tuple[Option, ...] = (
    Option("model", "zoo entry used by the reference_model fixture when no marker names one", "iris_mlp"),
    Option("variant", "zoo variant: float, pruned or quantized", "quantized", choices=("float", "pruned", "quantized")),
    Option("samples", "number of random on-grid inputs added to a model's test set", 1000, type=int),
    Option("seed", "seed for random inputs and random backpressure", 2026, type=int),
    Option("simulator", "RTL simulator", "verilator", choices=("icarus", "verilator")),
    Option("cache-dir", "cache root (default: $HWVERIFY_CACHE_DIR or ~/.cache/hwverify)", None),
    Option("bounds", "a file of declarative design bounds (pyproject.toml or YAML) to check besides "
           "the rootdir's pyproject.toml and collected hwverify.yaml files", None, used_by=("pytest",)),
    Option("baseline-save", "save this run's metrics to this JSON baseline file (keyed by toolchain)", None,
           used_by=("pytest",)),
    Option("baseline-compare", "compare this run's metrics to this JSON baseline file; fail on regressions "
           "and on improvements large enough to mean the baseline is stale", None, used_by=("pytest",)),
    Option("report-json", "write a machine-readable JSON report of the run to this path", None,
           used_by=("pytest",)),
    Option("strict-tools", "fail, instead of skip, a test that needs a missing tool (compiler, make, simulator, "
           "Vivado/Vitis HLS): for CI machines that must have them all", False, action="store_true",
           used_by=("pytest",)),
)


def options_for(user: str) -> tuple[Option, ...]:
    """The options that ``user`` ("pytest" or "cli") implements, so neither offers one it would ignore."""
    return tuple(option for option in OPTIONS if user in option.used_by)


def option_values(namespace: Any) -> dict[str, Any]:
    """The shared options' values from an argparse namespace or pytest config.option, keyed by name."""
    return {option.name: getattr(namespace, option.dest, option.default) for option in OPTIONS}
