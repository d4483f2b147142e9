"""The results file: a typed, versioned record of what one run measured, written by ``demo``/``verify`` with
``--results-json`` and by the pytest plugin with ``--hwverify-report-json``, rendered later by ``hwverify report``.
It is hwverify's one results format.

The tree is frozen dataclasses; :func:`to_json`/:func:`from_json` map it to and from JSON generically from the
type annotations, so adding a field is one line (give it a default to keep older files readable; readers ignore
fields they do not know, so the format version only changes when a field changes meaning or becomes required).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hwverify.cache import write_text_atomic
from hwverify.errors import ConfigError

FORMAT = "hwverify-results/1"
#: The check statuses; "info" is reported but never fails a run (e.g. a softmax argmax flip rate).
STATUSES = ("pass", "fail", "skip", "info")


@dataclass(frozen=True)
class Check:
    """One verdict: what was checked, what was measured, the bound it was held to, and the status."""

    name: str
    status: str  # one of STATUSES
    measured: str = ""
    bound: str = ""


@dataclass(frozen=True)
class MismatchRow:
    """The first differing element of one differing sample."""

    layer: str
    sample: int
    element: int
    expected_code: int
    actual_code: int
    lsb_distance: float


@dataclass(frozen=True)
class LayerCount:
    """How many samples differ at one layer between two stages.

    ``max_lsb_distance`` is the largest difference among the first differing element of each sample, in units of
    the layer type's last bit.
    """

    layer: str
    n_samples: int
    n_differing_samples: int
    max_lsb_distance: float = 0.0


@dataclass(frozen=True)
class Comparison:
    """Two stages compared on one input set: per-layer counts and the first mismatches.

    ``n_differing_samples`` decides :attr:`ok`: the samples that differ at the compared output (the most at any
    one, when several are compared); ``layers`` may count more layers than were compared, for the report.
    """

    label: str
    expected_stage: str
    actual_stage: str
    n_samples: int
    layers: tuple[LayerCount, ...]
    mismatches: tuple[MismatchRow, ...]  # at most MAX_MISMATCH_ROWS, in sample order
    n_differing_samples: int

    @property
    def ok(self) -> bool:
        """True when no sample differed."""
        return self.n_differing_samples == 0


@dataclass(frozen=True)
class LatencyRun:
    """The timing of one RTL simulation; per-sample arrays when the run recorded them, else just the range."""

    label: str
    latency_cycles_min: int
    latency_cycles_max: int
    ii_cycles_min: int
    ii_cycles_max: int
    latency_cycles: tuple[int, ...] = ()
    ii_cycles: tuple[int, ...] = ()
    waveform: str | None = None  # path of the run's waveform file


@dataclass(frozen=True)
class FifoFill:
    """One FIFO: the depth it has, the most words it held, and the depth proposed for it.

    ``proposed_depth`` is 0 when no depth was proposed (a run that only measured).
    """

    name: str
    depth: int
    max_fill: int
    proposed_depth: int = 0

    @property
    def fill_ratio(self) -> float:
        """The most words it held over its depth (1.0: it was full)."""
        return self.max_fill / max(self.depth, 1)


@dataclass(frozen=True)
class FifoRate:
    """The depth one FIFO needs at each input rate (a sample every ``intervals[k]`` cycles; 0: as fast as taken)."""

    name: str
    intervals: tuple[int, ...]
    depths: tuple[int, ...]


@dataclass(frozen=True)
class AdequacyCurve:
    """How many single faults in the reference the inputs detect, against the number of samples."""

    samples: tuple[int, ...]
    adequacy: tuple[float, ...]  # fraction of the injected faults the first samples[k] samples detect
    faults: int
    detected: int
    target: float | None  # the --adequacy asked for
    layers: tuple[tuple[str, int, int], ...]  # (layer, injected, detected)
    undetected: tuple[str, ...]
    estimated_samples_95: int | None  # samples like these that 95% needs (None: out of reach)


@dataclass(frozen=True)
class FifoSeries:
    """Occupancy of one FIFO over time.

    ``fills[k]`` is the words the FIFO held at cycle ``cycles[k]``, sampled every few cycles of the run.
    """

    name: str
    cycles: tuple[int, ...]
    fills: tuple[int, ...]


@dataclass(frozen=True)
class Figure:
    """A named measured figure with its unit."""

    name: str
    value: float
    unit: str = ""


@dataclass(frozen=True)
class AccuracyPoint:
    """Classification accuracy of the C simulation at one default precision ``ap_fixed<total_bits,integer_bits>``.

    Every figure is over the same ``n_samples`` samples.
    """

    total_bits: int
    integer_bits: int
    accuracy: float
    keras_accuracy: float  # the float Keras model on the same samples
    argmax_agreement: float  # fraction of samples where the C simulation and Keras pick the same class
    n_samples: int


@dataclass(frozen=True)
class AccuracySweep:
    """A bit-width sweep: what was swept and one point per total width, narrowest first."""

    label: str  # e.g. "iris_mlp (float), io_parallel, argmax of 'logits' on the test set"
    points: tuple[AccuracyPoint, ...]


@dataclass(frozen=True)
class DesignResult:
    """Everything measured for one design."""

    name: str
    checks: tuple[Check, ...] = ()
    figures: tuple[Figure, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    latency_runs: tuple[LatencyRun, ...] = ()
    fifos: tuple[FifoFill, ...] = ()
    fifo_series: tuple[FifoSeries, ...] = ()
    notes: tuple[str, ...] = ()
    accuracy_sweeps: tuple[AccuracySweep, ...] = ()  # bit width vs accuracy, when a sweep was run
    fifo_rates: tuple[FifoRate, ...] = ()  # depth vs input interval, when calibrated at several rates
    adequacy: AdequacyCurve | None = None  # stimulus adequacy, when measured

    @property
    def ok(self) -> bool:
        """True when no check failed."""
        return all(check.status != "fail" for check in self.checks)


@dataclass(frozen=True)
class TestOutcome:
    """One pytest test of a plugin run: outcome over its phases, and the properties it recorded."""

    nodeid: str
    outcome: str  # "passed" | "failed" | "error" | "skipped"
    duration_s: float
    skip_reason: str | None = None
    properties: tuple[tuple[str, str], ...] = ()
    message: str | None = None  # why it failed or errored (pytest's crash line)


@dataclass(frozen=True)
class Results:
    """The results of one run of ``hwverify demo``, ``hwverify verify`` or the pytest plugin."""

    title: str
    created: str
    command: str
    designs: tuple[DesignResult, ...]
    toolchain: tuple[tuple[str, str], ...] = ()
    tests: tuple[TestOutcome, ...] = ()
    missing_tool_skips: tuple[tuple[str, int], ...] = ()  # tool, tests it caused to be skipped
    notes: tuple[str, ...] = ()  # run-level notes, e.g. the baseline comparison
    format: str = FORMAT

    @property
    def test_counts(self) -> dict[str, int]:
        """How many tests passed, failed, errored and were skipped."""
        return {outcome: sum(t.outcome == outcome for t in self.tests)
                for outcome in ("passed", "failed", "error", "skipped")}

    @property
    def ok(self) -> bool:
        """True when every design passed and no test failed."""
        tests_ok = all(t.outcome not in ("failed", "error") for t in self.tests)
        return tests_ok and all(design.ok for design in self.designs)

    def to_json(self) -> str:
        """The results as JSON text."""
        return json.dumps(_encode(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> Results:
        """Parse JSON text written by :meth:`to_json`; :class:`ConfigError` if it is another format."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise ConfigError(f"not a {FORMAT} results file (format {found!r})")
        return _decode(cls, data, "results")

    def write(self, path: Path | str) -> Path:
        """Write atomically to ``path``; returns the path."""
        return write_text_atomic(Path(path), self.to_json() + "\n")


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _decode(kind: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if data is None and type(None) in options:
            return None
        return _decode(next(o for o in options if o is not type(None)), data, where)
    if origin is tuple:
        args = typing.get_args(kind)
        items = _require(data, list, where)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item, f"{where}[{i}]") for i, item in enumerate(items))
        return tuple(_decode(a, item, f"{where}[{i}]") for i, (a, item) in enumerate(zip(args, items)))
    if dataclasses.is_dataclass(kind):
        fields = _require(data, dict, where)
        missing = [f.name for f in dataclasses.fields(kind) if f.name not in fields
                   and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
        if missing:
            raise ConfigError(f"results file: {where}.{missing[0]} is missing")
        hints = typing.get_type_hints(kind)
        known = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: _decode(hints[k], v, f"{where}.{k}") for k, v in fields.items() if k in known})
    if kind is float:
        return float(_require(data, (int, float), where))
    return _require(data, kind, where)


def _require(data: Any, kind: Any, where: str) -> Any:
    if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
        raise ConfigError(f"results file: {where} should be {getattr(kind, '__name__', kind)}, got {data!r}")
    return data
