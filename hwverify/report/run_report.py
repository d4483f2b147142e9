"""What a test run did, for CI: per-test outcomes, measured figures, enforced bounds, skips for missing tools.

Tests attach figures as pytest ``user_properties`` named ``hwverify:<kind>:<design>:<name>`` (see
:func:`metric_properties`); pytest writes them into JUnit XML as ``<property>`` elements, and pytest-xdist
carries them from the workers to the controller, where a :class:`RunCollector` gathers them for the terminal
summary, the baseline comparison and the results file (``hwverify.report.convert.from_test_run``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hwverify.checks.bounds import Measurements
from hwverify.errors import ConfigError

PREFIX = "hwverify"
#: The prefix the plugin gives the reason of a skip caused by :class:`hwverify.errors.ToolNotFound`.
MISSING_TOOL = "missing tool: "
_DESIGN_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")


def _property(kind: str, design: str, name: str, value: Any) -> tuple[str, Any]:
    if not _DESIGN_NAME.match(design):
        raise ConfigError(f"design name {design!r} may only contain letters, digits, '_', '-' and '.'")
    return f"{PREFIX}:{kind}:{design}:{name}", value


def metric_properties(measured: Measurements) -> list[tuple[str, Any]]:
    """``user_properties`` entries for every metric of ``measured`` (and where they came from)."""
    entries = [_property("metric", measured.design, name, int(value) if value.is_integer() else value)
               for name, value in measured.metrics().items()]
    if measured.source:
        entries.append(_property("source", measured.design, "figures", measured.source))
    return entries


def bound_properties(design: str, bound: str, limit: str, measured: str, config_file: str) -> list[tuple[str, Any]]:
    """``user_properties`` entries describing one enforced bound and what was measured against it."""
    return [_property("bound", design, bound, limit), _property("measured", design, bound, measured),
            _property("config", design, bound, config_file)]


@dataclass(frozen=True)
class TestRecord:
    """One test's outcome over its setup, call and teardown phases."""

    nodeid: str
    outcome: str  # "passed" | "failed" | "skipped" | "error"
    duration_s: float
    skip_reason: str | None
    properties: tuple[tuple[str, str], ...]
    message: str | None = None  # why it failed or errored


@dataclass(frozen=True)
class BoundRecord:
    """One enforced bound: its limit, what was measured and whether it held."""

    design: str
    bound: str
    limit: str
    measured: str
    config_file: str
    outcome: str
    nodeid: str


@dataclass
class _Phases:
    outcome: str = "passed"
    duration_s: float = 0.0
    skip_reason: str | None = None
    properties: list[tuple[str, str]] = field(default_factory=list)
    message: str | None = None


class RunCollector:
    """Gathers per-phase test reports (plain values) into per-test records."""

    def __init__(self) -> None:
        self._tests: dict[str, _Phases] = {}

    def add(self, nodeid: str, when: str, outcome: str, duration_s: float, skip_reason: str | None,
            properties: Iterable[tuple[str, Any]], message: str | None = None) -> None:
        """Record one phase ("setup", "call", "teardown") of one test; ``message`` says why a phase failed. A failed
        setup or teardown is an error, a failed call a failure."""
        test = self._tests.setdefault(nodeid, _Phases())
        test.duration_s += duration_s
        for entry in properties:
            pair = (str(entry[0]), str(entry[1]))
            if pair not in test.properties:
                test.properties.append(pair)
        if outcome == "failed":
            test.outcome = "failed" if when == "call" else ("error" if test.outcome != "failed" else "failed")
            test.message = test.message or message
        elif outcome == "skipped" and test.outcome == "passed":
            test.outcome, test.skip_reason = "skipped", skip_reason

    def records(self) -> tuple[TestRecord, ...]:
        """Every test seen, in the order first reported."""
        return tuple(TestRecord(nodeid, t.outcome, round(t.duration_s, 4), t.skip_reason, tuple(t.properties),
                                t.message) for nodeid, t in self._tests.items())

    def metrics_by_design(self) -> dict[str, dict[str, float]]:
        """``{design: {metric: value}}`` from every test's metric properties (the last value wins)."""
        designs: dict[str, dict[str, float]] = {}
        for record in self.records():
            for kind, design, name, value in _parsed(record.properties):
                if kind == "metric":
                    designs.setdefault(design, {})[name] = float(value)
        return designs

    def design_verdicts(self) -> dict[str, str]:
        """``{design: worst outcome}`` over the tests that recorded figures or bounds for it."""
        rank = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}
        verdicts: dict[str, str] = {}
        for record in self.records():
            for design in {design for _, design, _, _ in _parsed(record.properties)}:
                previous = verdicts.get(design, "passed")
                verdicts[design] = max(previous, record.outcome, key=lambda outcome: rank.get(outcome, 0))
        return dict(sorted(verdicts.items()))

    def bounds(self) -> tuple[BoundRecord, ...]:
        """Every bound that was enforced (or could not be, when its test was skipped)."""
        result = []
        for record in self.records():
            fields: dict[tuple[str, str], dict[str, str]] = {}
            for kind, design, name, value in _parsed(record.properties):
                if kind in ("bound", "measured", "config"):
                    fields.setdefault((design, name), {})[kind] = value
            for (design, name), values in fields.items():
                result.append(BoundRecord(design, name, values.get("bound", ""), values.get("measured", ""),
                                          values.get("config", ""), record.outcome, record.nodeid))
        return tuple(result)

    def missing_tool_skips(self) -> dict[str, int]:
        """How many tests each missing tool caused to be skipped."""
        counts: Counter[str] = Counter()
        for record in self.records():
            reason = record.skip_reason or ""
            if MISSING_TOOL in reason:
                counts[reason.split(MISSING_TOOL, 1)[1].split(" was not found", 1)[0]] += 1
        return dict(sorted(counts.items()))


def _parsed(properties: Iterable[tuple[str, str]]) -> Iterable[tuple[str, str, str, str]]:
    for name, value in properties:
        parts = name.split(":", 3)
        if len(parts) == 4 and parts[0] == PREFIX:
            yield parts[1], parts[2], parts[3], value


def summary_lines(collector: RunCollector) -> list[str]:
    """Lines for the terminal summary: one per design (verdict and figures), skips caused by missing tools,
    and the bounds enforced."""
    metrics = collector.metrics_by_design()
    lines = []
    for design, verdict in collector.design_verdicts().items():
        figures = "  ".join(f"{name}={value:g}" for name, value in sorted(metrics.get(design, {}).items()))
        lines.append(f"{design}: {verdict.upper()}  {figures}".rstrip())
    skips = collector.missing_tool_skips()
    if skips:
        total = sum(skips.values())
        detail = ", ".join(f"{tool} ({count})" for tool, count in skips.items())
        lines.append(f"{total} test{'s' if total != 1 else ''} skipped for missing tools: {detail}")
    bounds = collector.bounds()
    if bounds:
        outcomes = Counter(b.outcome for b in bounds)
        detail = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        lines.append(f"{len(bounds)} bound{'s' if len(bounds) != 1 else ''} checked: {detail}")
    return lines
