"""Options shared by the pytest plugin and the ``hwverify`` command, declared once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hwverify.errors import ConfigError


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
    #: The value's placeholder in ``--help`` (``--samples N``); None: none (a flag, or a fixed set of choices).
    metavar: str | None = None
    #: Whether ``[tool.hwverify]`` in pyproject.toml may set it (not for an option that names another config file).
    in_config: bool = True

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
        shown = f" (default: {self.default})" if self.default not in (None, False) and "default" not in self.help else ""
        kwargs: dict[str, Any] = {"help": self.help + shown, "default": self.default, "dest": self.dest}
        if self.metavar is not None:
            kwargs["metavar"] = self.metavar
        if self.action is not None:
            kwargs["action"] = self.action
        elif self.type is not None:
            kwargs["type"] = self.type
        if self.choices:
            kwargs["choices"] = self.choices
        return kwargs


OPTIONS: tuple[Option, ...] = (
    Option("model", "zoo entry, or your own Keras model file (.h5/.keras), used when no marker names one "
           "(demo: a file runs build-rtl, then verify)", "iris_mlp", metavar="NAME_OR_FILE"),
    Option("variant", "zoo variant: float, pruned or quantized", "quantized", choices=("float", "pruned", "quantized")),
    Option("samples", "number of random on-grid inputs added to a model's test set", 1000, type=int, metavar="N"),
    Option("seed", "seed for random inputs and random backpressure", 2026, type=int, metavar="N"),
    Option("simulator", "RTL simulator", "verilator", choices=("icarus", "verilator")),
    Option("jobs", "simulator processes to split each simulation's samples across (one build; the results are "
           "merged in sample order)", 1, type=int, metavar="N"),
    Option("cache-dir", "cache root (default: $HWVERIFY_CACHE_DIR or ~/.cache/hwverify)", None, metavar="DIR"),
    Option("bounds", "a file of declarative design bounds (pyproject.toml or YAML) to check besides "
           "the rootdir's pyproject.toml and collected hwverify.yaml files", None, used_by=("pytest",), metavar="FILE",
           in_config=False),
    Option("baseline-save", "save this run's metrics to this JSON baseline file (keyed by toolchain)", None,
           used_by=("pytest",), metavar="FILE"),
    Option("baseline-compare", "compare this run's metrics to this JSON baseline file; fail on regressions "
           "and on improvements large enough to mean the baseline is stale", None, used_by=("pytest",), metavar="FILE"),
    Option("report-json", "write the run's results file (hwverify-results/1: figures, checks, tests) to this path",
           None, used_by=("pytest",), metavar="PATH"),
    Option("shard", "run only shard I of N of the collected tests (after -k/-m; dealt round-robin in collection "
           "order, so every CI machine of a matrix with the same tests runs a disjoint share); bounds run in every "
           "shard", None, used_by=("pytest",), metavar="I/N", in_config=False),
    Option("strict-tools", "fail, instead of skip, a test that needs a missing tool (compiler, make, simulator, "
           "Vivado/Vitis HLS): for CI machines that must have them all", False, action="store_true",
           used_by=("pytest",)),
)


def config_value(option: Option, value: Any, where: str) -> Any:
    """``value`` for ``option`` from a config file (``[tool.hwverify]``), checked against the option's type and
    choices; ConfigError naming ``where`` and the key otherwise."""
    expected: type = bool if option.action == "store_true" else (option.type or str)
    if isinstance(value, bool) != (expected is bool) or not isinstance(value, expected):
        raise ConfigError(f"{where}: {option.name} must be {expected.__name__}, got {value!r}")
    if option.choices and value not in option.choices:
        raise ConfigError(f"{where}: {option.name} must be one of {', '.join(option.choices)}, got {value!r}")
    return value


def config_keys(user: str) -> tuple[str, ...]:
    """The option keys ``[tool.hwverify]`` may hold for ``user`` (``samples``, ``cache-dir`` or ``cache_dir``)."""
    return tuple(key for option in options_for(user) if option.in_config
                 for key in dict.fromkeys((option.name, option.name.replace("-", "_"))))


def options_for(user: str) -> tuple[Option, ...]:
    """The options that ``user`` ("pytest" or "cli") implements, so neither offers one it would ignore."""
    return tuple(option for option in OPTIONS if user in option.used_by)


def option_values(namespace: Any) -> dict[str, Any]:
    """The shared options' values from an argparse namespace or pytest config.option, keyed by name."""
    return {option.name: getattr(namespace, option.dest, option.default) for option in OPTIONS}
