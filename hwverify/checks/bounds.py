"""Declarative bounds on a design (exactness, latency, II, resources, FIFO depths) and the checks that enforce them.

Bounds are typed (``Bounds(latency_cycles_max=13, ii_cycles_max=1)``); what a run measured is a
:class:`Measurements`. Each check is a pure function of the two that returns :class:`Violation` records,
so a test can call :func:`check_bounds` directly, and the pytest plugin can turn every configured bound
into an item of its own. :func:`load_design_bounds` reads them from ``pyproject.toml``
(``[tool.hwverify.designs.<name>]``) or ``hwverify.yaml`` (``designs: {<name>: {...}}``)::

    [tool.hwverify.designs.jet_tagger]
    csynth = "build/jet_tagger/myproject_prj/solution1/syn/report/myproject_csynth.xml"
    metrics = "build/jet_tagger/metrics.json"   # Measurements.to_json() of a simulation run
    latency_cycles_max = 13
    ii_cycles_max = 1
    lut_max = "5%"
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from hwverify.checks.exact import check_bit_exact
from hwverify.errors import ConfigError
from hwverify.options import config_keys
from hwverify.sim.simulate import SimResult
from hwverify.sources.csynth import ResourceCounts, SynthesisReport, read_csynth_xml

#: Resource names as users write them, with the report's field and the name printed in messages.
RESOURCES: dict[str, tuple[str, str]] = {
    "lut": ("lut", "LUT"), "ff": ("ff", "FF"), "dsp": ("dsp", "DSP"), "bram_18k": ("bram_18k", "BRAM_18K"),
    "uram": ("uram", "URAM"),
}


@dataclass(frozen=True)
class ResourceLimit:
    """A resource bound: an absolute count, or a percentage of what the part has (``"10%"`` in a config)."""

    value: float
    percent: bool = False

    @classmethod
    def parse(cls, raw: Any, key: str) -> ResourceLimit:
        """``5000`` or ``"12.5%"``; anything else is a :class:`ConfigError` naming ``key``."""
        if isinstance(raw, bool):
            raise ConfigError(f"{key} must be a count or a percentage such as '10%', got {raw!r}")
        if isinstance(raw, (int, float)):
            limit = cls(float(raw))
        elif isinstance(raw, str) and raw.strip().endswith("%"):
            try:
                limit = cls(float(raw.strip()[:-1]), percent=True)
            except ValueError:
                raise ConfigError(f"{key} = {raw!r} is not a percentage such as '10%'") from None
        else:
            raise ConfigError(f"{key} must be a count or a percentage such as '10%', got {raw!r}")
        if limit.value < 0 or (limit.percent and limit.value > 100):
            raise ConfigError(f"{key} = {raw!r} is out of range (a count >= 0 or a percentage in 0-100%)")
        return limit

    def count(self, available: int | None, key: str) -> float:
        """The limit as a count; a percentage needs the part's ``available`` count."""
        if not self.percent:
            return self.value
        if not available:
            raise ConfigError(f"{key} is a percentage, but the measurements do not say how many the part has")
        return available * self.value / 100.0

    def __str__(self) -> str:
        return f"{self.value:g}%" if self.percent else f"{self.value:g}"


@dataclass(frozen=True)
class Bounds:
    """What a design must satisfy. None means "not bounded". Resource limits accept ``ResourceLimit``, a
    count or a percentage string; ns bounds are converted to cycles at ``clock_period_ns`` (else the
    measured clock period)."""

    bit_exact: bool = True
    mismatch_fraction_max: float | None = None  # for PTQ models: the fraction of samples allowed to differ
    latency_cycles_max: int | None = None
    latency_ns_max: float | None = None
    ii_cycles_max: int | None = None
    ii_ns_max: float | None = None
    latency_cycles_min: int | None = None  # a csynth report's best case: faster than it means a wrong schedule
    ii_cycles_min: int | None = None
    lut_max: ResourceLimit | None = None
    ff_max: ResourceLimit | None = None
    dsp_max: ResourceLimit | None = None
    bram_18k_max: ResourceLimit | None = None
    uram_max: ResourceLimit | None = None
    fifo_depth_max: int | None = None  # of every FIFO
    fifo_total_depth_max: int | None = None
    fifo_never_full: bool = False  # a FIFO that filled up during simulation may have throttled the design
    adequacy_min: float | None = None  # fraction of injected reference faults the samples must detect
    clock_period_ns: float | None = None

    def __post_init__(self) -> None:
        for name in RESOURCES:
            raw = getattr(self, f"{name}_max")
            if raw is not None and not isinstance(raw, ResourceLimit):
                object.__setattr__(self, f"{name}_max", ResourceLimit.parse(raw, f"{name}_max"))
        for name in ("latency_cycles_max", "ii_cycles_max", "latency_cycles_min", "ii_cycles_min", "fifo_depth_max",
                     "fifo_total_depth_max"):
            _require_count(name, getattr(self, name))
        for name in ("latency_ns_max", "ii_ns_max", "clock_period_ns"):
            _require_positive(name, getattr(self, name))
        if self.adequacy_min is not None and not 0.0 < self.adequacy_min <= 1.0:
            raise ConfigError(f"adequacy_min must be a fraction in (0, 1], got {self.adequacy_min}")
        if self.mismatch_fraction_max is not None:
            if self.bit_exact:
                raise ConfigError("mismatch_fraction_max is a tolerance for models that are not bit-exact; "
                                  "set bit_exact = false as well, or remove it")
            if not 0.0 <= self.mismatch_fraction_max <= 1.0:
                raise ConfigError(f"mismatch_fraction_max must be a fraction in [0, 1], got "
                                  f"{self.mismatch_fraction_max}")

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any], where: str) -> Bounds:
        """Bounds from a config table; unknown keys and wrong types are errors naming the key and ``where``."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        require_known_keys(raw, list(known), where, "bound")
        values = {}
        for key, value in raw.items():
            values[key] = _typed(key, value, known[key].type, where)
        try:
            return cls(**values)
        except ConfigError as error:
            raise ConfigError(f"{where}: {error}") from None

    @classmethod
    def from_report(cls, report: Any) -> Bounds:
        """The timing a csynth report states: best..worst latency and min..max interval, in cycles.

        Takes :class:`hwverify.sources.csynth.SynthesisReport`; a figure the tool left
        undefined (None, e.g. a dataflow design's ``undef``) stays unbounded.
        """
        def pick(name: str) -> int | None:
            value = getattr(report, name, None)
            return None if value is None else int(value)

        return cls(latency_cycles_min=pick("latency_best_cycles"), latency_cycles_max=pick("latency_worst_cycles"),
                   ii_cycles_min=pick("interval_min_cycles"), ii_cycles_max=pick("interval_max_cycles"))

    def enforced(self) -> tuple[str, ...]:
        """The names of the bounds that are set, in a stable order (one pytest item each)."""
        names = [f.name for f in dataclasses.fields(self) if f.name not in ("clock_period_ns", "bit_exact",
                                                                             "mismatch_fraction_max")]
        active = [name for name in names if getattr(self, name) is not None and getattr(self, name) is not False]
        exactness = ["bit_exact"] if self.bit_exact else (["mismatch_fraction_max"]
                                                         if self.mismatch_fraction_max is not None else [])
        return tuple(exactness + active)

    def describe(self, name: str) -> str:
        """One bound as text, e.g. ``latency_cycles_max = 13``."""
        if name == "bit_exact":
            return "bit_exact = true"
        return f"{name} = {getattr(self, name)}"


def _typed(key: str, value: Any, annotation: Any, where: str) -> Any:
    text = str(annotation)
    if "ResourceLimit" in text:
        return value  # parsed (with its own errors) in __post_init__
    if text.startswith("bool"):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be true or false, got {value!r}")
        return value
    if text.startswith("int"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: {key} must be a whole number of cycles/entries, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: {key} must be a number, got {value!r}")
    return float(value)


def _require_count(name: str, value: int | None) -> None:
    if value is not None and value < 0:
        raise ConfigError(f"{name} must be >= 0, got {value}")


def _require_positive(name: str, value: float | None) -> None:
    if value is not None and not value > 0:
        raise ConfigError(f"{name} must be positive, got {value}")


@dataclass(frozen=True)
class FifoMeasure:
    """One FIFO's configured depth and, when simulated, the highest fill seen."""

    name: str
    depth: int
    max_fill: int | None = None


@dataclass(frozen=True)
class Measurements:
    """What a run measured for one design; None where it was not measured."""

    design: str
    latency_cycles: int | None = None  # worst sample
    ii_cycles: int | None = None  # largest interval
    clock_period_ns: float | None = None
    used: ResourceCounts | None = None
    available: ResourceCounts | None = None
    fifos: tuple[FifoMeasure, ...] = ()
    samples: int | None = None
    mismatched_samples: int | None = None
    accuracy: float | None = None
    source: str = ""
    latency_cycles_best: int | None = None
    ii_cycles_best: int | None = None
    adequacy: float | None = None  # fraction of injected reference faults the samples detect

    @classmethod
    def from_report(cls, design: str, report: SynthesisReport) -> Measurements:
        """The synthesis estimates: worst-case latency, maximum interval, target clock and resources."""
        return cls(design=design, latency_cycles=report.latency_worst_cycles, ii_cycles=report.interval_max_cycles,
                   clock_period_ns=report.target_clock_ns, used=report.used, available=report.available,
                   source=str(report.source), latency_cycles_best=report.latency_best_cycles,
                   ii_cycles_best=report.interval_min_cycles)

    @classmethod
    def of(cls, design: str, result: SimResult, report: SynthesisReport | None = None,
           expected_codes: np.ndarray | None = None) -> Measurements:
        """What one simulation measured: worst and best latency and interval over its samples (the definition in
        :mod:`hwverify.sim.times`), resources from ``report`` when given, and, when ``expected_codes`` are given,
        the samples whose outputs differ from them (by :func:`hwverify.checks.exact.check_bit_exact`)."""
        base = cls.from_report(design, report) if report is not None else cls(design=design)
        latency, ii = result.latency, result.ii
        mismatched = None
        if expected_codes is not None:
            expected = np.asarray(expected_codes).reshape(result.output_codes.shape)
            mismatched = len({m.sample for m in check_bit_exact(expected, result.output_codes)})
        return dataclasses.replace(
            base,
            latency_cycles=None if latency is None else latency.max, latency_cycles_best=None if latency is None else latency.min,
            ii_cycles=None if ii is None else ii.max, ii_cycles_best=None if ii is None else ii.min,
            samples=None if expected_codes is None else int(result.output_codes.shape[0]),
            mismatched_samples=mismatched,
            source=f"RTL simulation ({result.simulator})" + (f" + {report.source}" if report is not None else ""),
        )

    def merged(self, other: Measurements) -> Measurements:
        """These measurements with every field that ``other`` measured taken from ``other``."""
        changes = {f.name: getattr(other, f.name) for f in dataclasses.fields(other)
                   if f.name not in ("design", "source") and getattr(other, f.name) not in (None, ())}
        sources = " + ".join(s for s in (self.source, other.source) if s)
        return dataclasses.replace(self, **changes, source=sources)

    def metrics(self) -> dict[str, float]:
        """Flat numeric metrics (for reports and baselines): latency, II, resources, samples compared and differing,
        FIFO depths and fills, accuracy."""
        values: dict[str, float | None] = {"latency_cycles": self.latency_cycles, "ii_cycles": self.ii_cycles,
                                           "accuracy": self.accuracy, "samples": self.samples,
                                           "adequacy": self.adequacy,
                                           "mismatched_samples": self.mismatched_samples}
        if self.used is not None:
            values.update({name: getattr(self.used, name) for name in RESOURCES})
        for fifo in self.fifos:
            values[f"fifo_depth.{fifo.name}"] = fifo.depth
            values[f"fifo_max_fill.{fifo.name}"] = fifo.max_fill
        return {name: float(value) for name, value in values.items() if value is not None}

    def to_json(self) -> str:
        """JSON text (what a metrics file named in a design's config holds)."""
        return json.dumps(dataclasses.asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, where: str) -> Measurements:
        """Parse :meth:`to_json`'s output; ``where`` names the file in errors."""
        try:
            raw = json.loads(text)
            resources = {k: ResourceCounts(**raw[k]) if raw.get(k) else None for k in ("used", "available")}
            fifos = tuple(FifoMeasure(**fifo) for fifo in raw.get("fifos", ()))
            return cls(**{**raw, **resources, "fifos": fifos})
        except (ValueError, TypeError, KeyError) as error:
            raise ConfigError(f"{where} is not a hwverify measurements file ({error}); write it with "
                              "Measurements.to_json()") from None


@dataclass(frozen=True)
class Violation:
    """One bound a design does not meet."""

    design: str
    bound: str
    limit: str
    measured: str
    message: str  # e.g. "latency 14 cycles > bound 13 cycles"


class MeasurementMissing(ConfigError):
    """A bound is set but the measurements lack the figure it needs."""


def check_bounds(bounds: Bounds, measured: Measurements) -> list[Violation]:
    """Every violation of every enforced bound (raises :class:`MeasurementMissing` for an unmeasured one)."""
    return [violation for name in bounds.enforced() for violation in check_bound(name, bounds, measured)]


def check_bound(name: str, bounds: Bounds, measured: Measurements) -> list[Violation]:
    """The violations of one bound."""
    if name.endswith("_max") and name[: -len("_max")] in RESOURCES:
        return check_resource(name[: -len("_max")], bounds, measured)
    return _CHECKS[name](bounds, measured)


def measured_value(name: str, bounds: Bounds, measured: Measurements) -> str:
    """What was measured for bound ``name``, as text for reports (empty when not measured)."""
    try:
        if name in ("bit_exact", "mismatch_fraction_max"):
            return f"{_need(measured, 'mismatched_samples')} of {_need(measured, 'samples')} samples differ"
        if name.endswith("_min"):
            return f"{_need(measured, name.replace('_cycles_min', '_cycles_best'))} cycles"
        if name.startswith("latency"):
            return f"{_need(measured, 'latency_cycles')} cycles"
        if name.startswith("ii"):
            return f"{_need(measured, 'ii_cycles')} cycles"
        if name == "adequacy_min":
            return f"{_need(measured, 'adequacy'):.4f}"
        if name.startswith("fifo"):
            return ", ".join(f"{f.name}: depth {f.depth}" for f in measured.fifos) or "no FIFOs"
        return str(getattr(_need(measured, "used"), name[: -len("_max")]))
    except MeasurementMissing:
        return ""


def _need(measured: Measurements, field: str) -> Any:
    value = getattr(measured, field)
    if value is None:
        source = f" (from {measured.source})" if measured.source else ""
        raise MeasurementMissing(f"design '{measured.design}': a bound needs {field}, which was not measured{source}")
    return value


def _violation(measured: Measurements, bounds: Bounds, name: str, value: str, message: str) -> list[Violation]:
    return [Violation(measured.design, name, bounds.describe(name), value, message)]


def _clock(bounds: Bounds, measured: Measurements, name: str) -> float:
    period = bounds.clock_period_ns or measured.clock_period_ns
    if period is None:
        raise MeasurementMissing(f"design '{measured.design}': {name} is in ns but no clock period is known; "
                                 "set clock_period_ns in the design's bounds")
    return period


def check_exactness(bounds: Bounds, measured: Measurements) -> list[Violation]:
    """No sample may differ from the reference (``mismatched_samples`` counted by
    :func:`hwverify.checks.exact.check_bit_exact`)."""
    differ, total = _need(measured, "mismatched_samples"), _need(measured, "samples")
    if differ == 0:
        return []
    return _violation(measured, bounds, "bit_exact", f"{differ}",
                      f"{differ} of {total} samples differ from the reference > bound 0 (bit-exact required)")


def check_mismatch_fraction(bounds: Bounds, measured: Measurements) -> list[Violation]:
    """At most ``mismatch_fraction_max`` of the samples may differ (a stated tolerance for PTQ models)."""
    differ, total = _need(measured, "mismatched_samples"), _need(measured, "samples")
    fraction = differ / total if total else 0.0
    limit = bounds.mismatch_fraction_max or 0.0
    if fraction <= limit:
        return []
    return _violation(measured, bounds, "mismatch_fraction_max", f"{fraction:.4%}",
                      f"{differ} of {total} samples differ ({fraction:.2%}) > bound {limit:.2%}")


def _cycles_check(bounds: Bounds, measured: Measurements, name: str, label: str, field: str) -> list[Violation]:
    value, limit = _need(measured, field), getattr(bounds, name)
    if value <= limit:
        return []
    return _violation(measured, bounds, name, f"{value} cycles", f"{label} {value} cycles > bound {limit} cycles")


def _cycles_floor(bounds: Bounds, measured: Measurements, name: str, label: str, field: str) -> list[Violation]:
    value, limit = _need(measured, field), getattr(bounds, name)
    if value >= limit:
        return []
    return _violation(measured, bounds, name, f"{value} cycles", f"{label} {value} cycles < bound {limit} cycles")


def _ns_check(bounds: Bounds, measured: Measurements, name: str, label: str, field: str) -> list[Violation]:
    value, limit_ns, period = _need(measured, field), getattr(bounds, name), _clock(bounds, measured, name)
    limit_cycles = math.floor(limit_ns / period + 1e-9)
    if value <= limit_cycles:
        return []
    return _violation(measured, bounds, name, f"{value * period:g} ns",
                      f"{label} {value} cycles ({value * period:g} ns at {period:g} ns) > bound {limit_ns:g} ns "
                      f"({limit_cycles} cycles)")


def check_resource(resource: str, bounds: Bounds, measured: Measurements) -> list[Violation]:
    """Use of ``resource`` (lut, ff, dsp, bram_18k, uram) at most its limit, absolute or % of available."""
    name = f"{resource}_max"
    limit: ResourceLimit = getattr(bounds, name)
    used = getattr(_need(measured, "used"), resource)
    available = getattr(measured.available, resource) if measured.available is not None else None
    count = limit.count(available, name)
    if used <= count:
        return []
    label = RESOURCES[resource][1]
    detail = f" ({limit} of {available} available)" if limit.percent else ""
    return _violation(measured, bounds, name, str(used), f"{label} {used} > bound {count:g}{detail}")


def check_fifo_depth(bounds: Bounds, measured: Measurements) -> list[Violation]:
    """Every FIFO at most ``fifo_depth_max`` deep."""
    limit = bounds.fifo_depth_max
    return [Violation(measured.design, "fifo_depth_max", bounds.describe("fifo_depth_max"), str(f.depth),
                      f"FIFO {f.name} depth {f.depth} > bound {limit}")
            for f in measured.fifos if limit is not None and f.depth > limit]


def check_fifo_total_depth(bounds: Bounds, measured: Measurements) -> list[Violation]:
    """The FIFOs' depths add up to at most ``fifo_total_depth_max``."""
    total = sum(f.depth for f in measured.fifos)
    if bounds.fifo_total_depth_max is None or total <= bounds.fifo_total_depth_max:
        return []
    return _violation(measured, bounds, "fifo_total_depth_max", str(total),
                      f"FIFO depths total {total} > bound {bounds.fifo_total_depth_max}")


def check_fifo_never_full(bounds: Bounds, measured: Measurements) -> list[Violation]:
    """No FIFO reached its depth during simulation (needs simulated fills)."""
    unmeasured = [f.name for f in measured.fifos if f.max_fill is None]
    if unmeasured:
        raise MeasurementMissing(f"design '{measured.design}': fifo_never_full needs simulated FIFO fills; "
                                 f"none for {', '.join(unmeasured)}")
    return [Violation(measured.design, "fifo_never_full", "fifo_never_full = true", f"{f.max_fill}/{f.depth}",
                      f"FIFO {f.name} was full (fill {f.max_fill} of depth {f.depth})")
            for f in measured.fifos if f.max_fill is not None and f.max_fill >= f.depth]


def check_adequacy(bounds: Bounds, measured: Measurements) -> list[Violation]:
    """The samples detect at least ``adequacy_min`` of the injected reference faults
    (:mod:`hwverify.checks.adequacy`)."""
    value, limit = _need(measured, "adequacy"), bounds.adequacy_min or 0.0
    if value >= limit:
        return []
    return _violation(measured, bounds, "adequacy_min", f"{value:.4f}",
                      f"the samples detect {value:.1%} of the injected faults < bound {limit:.1%}")


_CHECKS: dict[str, Callable[[Bounds, Measurements], list[Violation]]] = {
    "bit_exact": check_exactness,
    "mismatch_fraction_max": check_mismatch_fraction,
    # latency and II: at most so many cycles, at least so many (in every sample), at most so many ns at the clock
    "latency_cycles_max": partial(_cycles_check, name="latency_cycles_max", label="latency", field="latency_cycles"),
    "latency_ns_max": partial(_ns_check, name="latency_ns_max", label="latency", field="latency_cycles"),
    "ii_cycles_max": partial(_cycles_check, name="ii_cycles_max", label="II", field="ii_cycles"),
    "ii_ns_max": partial(_ns_check, name="ii_ns_max", label="II", field="ii_cycles"),
    "latency_cycles_min": partial(_cycles_floor, name="latency_cycles_min", label="latency",
                                  field="latency_cycles_best"),
    "ii_cycles_min": partial(_cycles_floor, name="ii_cycles_min", label="II", field="ii_cycles_best"),
    "fifo_depth_max": check_fifo_depth,
    "fifo_total_depth_max": check_fifo_total_depth,
    "fifo_never_full": check_fifo_never_full,
    "adequacy_min": check_adequacy,
}


#: Keys of a design's table that say where its figures come from rather than bound something.
SOURCE_KEYS = ("csynth", "metrics")


@dataclass(frozen=True)
class DesignBounds:
    """One design's bounds as configured, with the files its figures are read from.

    Relative file names in the configuration are resolved against ``config_file``'s directory.
    """

    name: str
    bounds: Bounds
    config_file: Path
    csynth: Path | None = None  # a <top>_csynth.xml
    metrics: Path | None = None  # a Measurements JSON file

    def load_measurements(self) -> Measurements | None:
        """The design's figures from its csynth report and metrics file; None when neither file exists."""

        found = []
        if self.csynth is not None and self.csynth.is_file():
            found.append(Measurements.from_report(self.name, read_csynth_xml(self.csynth)))
        if self.metrics is not None and self.metrics.is_file():
            loaded = Measurements.from_json(self.metrics.read_text(), str(self.metrics))
            found.append(dataclasses.replace(loaded, design=self.name, source=loaded.source or str(self.metrics)))
        if not found:
            return None
        merged = found[0]
        for more in found[1:]:
            merged = merged.merged(more)
        return merged

    def missing_sources(self) -> str:
        """Why there are no measurements (for a skip reason)."""
        named = [str(p) for p in (self.csynth, self.metrics) if p is not None]
        if not named:
            return f"design '{self.name}' in {self.config_file.name} names no csynth report or metrics file"
        return f"no measurements for design '{self.name}' yet: not found: {', '.join(named)}"


def load_design_bounds(path: Path) -> tuple[DesignBounds, ...]:
    """Every design's bounds in ``pyproject.toml`` (``[tool.hwverify]``) or a YAML file (``hwverify.yaml``).

    Unknown keys at every level (``[tool.hwverify]``, a design's table) are errors naming the key and the file:
    a misspelt table would otherwise gate nothing."""
    path = Path(path)
    table = hwverify_table(path)
    if table is None:
        raise ConfigError(f"{path} has no [tool.hwverify] table; declare bounds in [tool.hwverify.designs.<name>]")
    where = f"{path}: [tool.hwverify]" if path.suffix == ".toml" else str(path)
    require_known_keys(table, CONFIG_KEYS if path.suffix == ".toml" else ("designs",), where, "key")
    designs = table.get("designs", {})
    if not isinstance(designs, Mapping):
        raise ConfigError(f"{where}: designs must be a table of designs, got {designs!r}")
    return tuple(_design_bounds(path, str(name), value) for name, value in designs.items())


def _design_bounds(path: Path, name: str, table: Any) -> DesignBounds:
    """One design's entry: where its figures come from, and its bounds."""
    where = f"{path.name}: design '{name}'"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where} must be a table of bounds, got {table!r}")
    sources = {key: _source_path(path, where, key, table[key]) for key in SOURCE_KEYS if key in table}
    bounds = Bounds.from_mapping({k: v for k, v in table.items() if k not in SOURCE_KEYS}, where)
    return DesignBounds(name=name, bounds=bounds, config_file=path, **sources)


#: The keys of ``[tool.hwverify]`` in pyproject.toml (the bounds, and the pytest options as defaults), and of the top
#: level of a hwverify.yaml file.
CONFIG_KEYS = ("designs", *config_keys("pytest"))


def hwverify_table(path: Path) -> Mapping[str, Any] | None:
    """The ``[tool.hwverify]`` table of a TOML file (None when it has none), or the whole of a YAML file."""
    if not path.is_file():
        raise ConfigError(f"bounds file {path} does not exist")
    if path.suffix == ".toml":
        tool = _read_toml(path).get("tool", {})
        table = tool.get("hwverify") if isinstance(tool, Mapping) else None
        if table is not None and not isinstance(table, Mapping):
            raise ConfigError(f"{path}: tool.hwverify must be a table, got {table!r}")
        return table
    raw = _read_yaml(path)
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{path} must hold a mapping with a 'designs' key, got {raw!r}")
    return raw


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # Python 3.11 (requires-python in pyproject.toml)

    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path} is not valid YAML: {error}") from None


def require_known_keys(table: Mapping[str, Any], known: Sequence[str], where: str, what: str) -> None:
    """ConfigError naming the first key of ``table`` not in ``known`` (and the closest known one)."""
    unknown = sorted(str(key) for key in table if key not in known)
    if not unknown:
        return
    close = difflib.get_close_matches(unknown[0], known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ConfigError(f"{where}: unknown {what} {unknown[0]!r}; known {what}s are {', '.join(known)}{hint}")


def _source_path(config: Path, where: str, key: str, value: Any) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: {key} must be a file path, got {value!r}")
    return (config.parent / value).resolve()
