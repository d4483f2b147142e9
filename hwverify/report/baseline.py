"""Baselines: a run's metrics saved as JSON, keyed by design and toolchain, and later runs compared to them.

The model is pytest-benchmark's ``--benchmark-save`` / ``--benchmark-compare``: each metric has a relative
tolerance (as hls4ml's own CI: 2% for latency and II, 10% for resources); a change beyond it in the bad
direction is a regression, and an improvement beyond ``stale`` times the tolerance means the baseline no
longer describes the design and must be saved again. Both fail the comparison; the table says which.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import platform
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hwverify.cache import content_hash, write_text_atomic
from hwverify.errors import ConfigError
from hwverify.sources.vendor import BACKEND_TOOLS, VendorTool
from hwverify.tools import package_versions, tool_version

FORMAT = "hwverify-baseline/1"


@dataclass(frozen=True)
class Tolerance:
    """How much a metric may move: ``relative`` of the baseline, or ``absolute`` (whichever is larger)."""

    pattern: str  # fnmatch pattern over metric names, e.g. "fifo_depth.*"
    relative: float = 0.0
    absolute: float = 0.0
    higher_is_better: bool = False
    #: An improvement beyond ``stale`` times the allowed change marks the baseline as stale.
    stale: float = 2.0

    def allowed(self, baseline: float) -> float:
        """The largest change that is not a regression."""
        return max(abs(baseline) * self.relative, self.absolute)


#: hls4ml's CI tolerances for latency/II (2%) and resources (10%); exact for FIFO depths and mismatches.
DEFAULT_TOLERANCES: tuple[Tolerance, ...] = (
    Tolerance("latency_cycles", relative=0.02),
    Tolerance("ii_cycles", relative=0.02),
    Tolerance("lut", relative=0.10),
    Tolerance("ff", relative=0.10),
    Tolerance("dsp", relative=0.10),
    Tolerance("bram_18k", relative=0.10),
    Tolerance("uram", relative=0.10),
    Tolerance("fifo_depth.*", relative=0.0),
    Tolerance("fifo_max_fill.*", relative=0.0),
    Tolerance("mismatched_samples", absolute=0.0),
    Tolerance("samples", absolute=0.0, higher_is_better=True),
    Tolerance("accuracy", absolute=0.005, higher_is_better=True),
    Tolerance("*", relative=0.0),
)


def tolerance_for(metric: str, tolerances: tuple[Tolerance, ...] = DEFAULT_TOLERANCES) -> Tolerance:
    """The first tolerance whose pattern matches ``metric``."""
    for tolerance in tolerances:
        if fnmatch.fnmatchcase(metric, tolerance.pattern):
            return tolerance
    return Tolerance(metric)


@dataclass(frozen=True)
class Toolchain:
    """The package and tool versions a run used; runs are comparable when their keys are equal."""

    versions: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, versions: Mapping[str, str]) -> Toolchain:
        """From a name -> version mapping."""
        return cls(tuple(sorted((str(k), str(v)) for k, v in versions.items())))

    @property
    def key(self) -> str:
        """A short content hash of the versions."""
        return content_hash(dict(self.versions))[:12]

    def differences(self, other: Toolchain) -> list[str]:
        """``name: ours -> theirs`` for every version that differs."""
        mine, theirs = dict(self.versions), dict(other.versions)
        return [f"{name}: {mine.get(name, 'absent')} -> {theirs.get(name, 'absent')}"
                for name in sorted(set(mine) | set(theirs)) if mine.get(name) != theirs.get(name)]


@dataclass(frozen=True)
class BaselineRun:
    """One saved run: its toolchain and each design's metrics."""

    toolchain: Toolchain
    saved_at: str
    designs: Mapping[str, Mapping[str, float]]


def save_baseline(path: Path, designs: Mapping[str, Mapping[str, float]], toolchain: Toolchain) -> None:
    """Store ``designs``' metrics under ``toolchain``'s key in ``path`` (other toolchains' runs are kept)."""
    path = Path(path)
    runs = _read(path)["runs"] if path.is_file() else {}
    runs[toolchain.key] = {
        "toolchain": dict(toolchain.versions),
        "saved_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "designs": {name: dict(sorted(metrics.items())) for name, metrics in sorted(designs.items())},
    }
    write_text_atomic(path, json.dumps({"format": FORMAT, "runs": runs}, indent=1, sort_keys=True) + "\n")


def load_baseline(path: Path, toolchain: Toolchain) -> tuple[BaselineRun, list[str]]:
    """The run saved for ``toolchain``, or else the latest one with the version differences listed."""
    runs = _read(Path(path))["runs"]
    if not runs:
        raise ConfigError(f"baseline {path} holds no runs; save one with --hwverify-baseline-save {path}")
    raw = runs.get(toolchain.key) or max(runs.values(), key=lambda run: run.get("saved_at", ""))
    run = BaselineRun(Toolchain.of(raw["toolchain"]), raw.get("saved_at", ""), raw["designs"])
    return run, run.toolchain.differences(toolchain)


def _read(path: Path) -> dict:
    if not path.is_file():
        raise ConfigError(f"baseline file {path} does not exist; create it with --hwverify-baseline-save {path}")
    try:
        raw = json.loads(path.read_text())
    except ValueError as error:
        raise ConfigError(f"baseline file {path} is not valid JSON ({error})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or not isinstance(raw.get("runs"), dict):
        raise ConfigError(f"{path} is not a hwverify baseline (expected format {FORMAT!r})")
    return raw


@dataclass(frozen=True)
class Comparison:
    """One metric of one design against its baseline."""

    design: str
    metric: str
    baseline: float | None
    current: float | None
    allowed: float  # the largest change that is not a regression
    verdict: str  # "ok" | "regression" | "stale" | "new" | "missing"

    @property
    def failed(self) -> bool:
        """Regressions, stale baselines and metrics that disappeared fail the comparison."""
        return self.verdict in ("regression", "stale", "missing")

    @property
    def change(self) -> str:
        """The relative change as text."""
        if self.baseline is None or self.current is None:
            return ""
        if self.baseline == 0:
            return "+0%" if self.current == 0 else f"{self.current - self.baseline:+g}"
        return f"{(self.current - self.baseline) / abs(self.baseline):+.1%}"


def compare_metrics(baseline: Mapping[str, Mapping[str, float]], current: Mapping[str, Mapping[str, float]],
                    tolerances: tuple[Tolerance, ...] = DEFAULT_TOLERANCES) -> list[Comparison]:
    """Every metric of every design in either run, judged against its tolerance.

    Designs this run did not measure at all are left out (a partial run, e.g. ``-k``), but a metric that
    a measured design used to have and no longer has is "missing".
    """
    result = []
    for design in sorted(current):
        before, now = baseline.get(design, {}), current[design]
        for metric in sorted(set(before) | set(now)):
            result.append(_judge(design, metric, before.get(metric), now.get(metric), tolerance_for(metric, tolerances)))
    return result


def _judge(design: str, metric: str, before: float | None, now: float | None, tolerance: Tolerance) -> Comparison:
    if before is None or now is None:
        verdict = "new" if before is None else "missing"
        return Comparison(design, metric, before, now, 0.0, verdict)
    allowed = tolerance.allowed(before)
    worse = (before - now) if tolerance.higher_is_better else (now - before)
    if worse > allowed + 1e-12:
        verdict = "regression"
    elif -worse > max(allowed * tolerance.stale, allowed) + 1e-12:
        verdict = "stale"
    else:
        verdict = "ok"
    return Comparison(design, metric, before, now, allowed, verdict)


def format_table(comparisons: list[Comparison], notes: list[str] = ()) -> str:
    """A fixed-width table of the comparisons, failures marked, for the terminal summary."""
    header = ("design", "metric", "baseline", "current", "change", "allowed", "verdict")
    rows = [header] + [(c.design, c.metric, _num(c.baseline), _num(c.current), c.change, f"±{c.allowed:g}",
                        c.verdict.upper() if c.failed else c.verdict) for c in comparisons]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join([*notes, *lines])


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


@dataclass(frozen=True)
class BaselineCheck:
    """The outcome of comparing one run with a baseline file."""

    path: Path
    failed: bool
    notes: tuple[str, ...]
    comparisons: tuple[Comparison, ...]

    def lines(self) -> list[str]:
        """The table (or the reason there is none) and the verdict, for the terminal."""
        verdict = "baseline comparison FAILED" if self.failed else "baseline comparison passed"
        if not self.comparisons and self.failed:
            return [f"{verdict}: {' '.join(self.notes)}"]
        return [*format_table(list(self.comparisons), list(self.notes)).splitlines(), verdict]

    def to_dict(self) -> dict:
        """JSON-ready form for the run report."""
        return {"path": str(self.path), "failed": self.failed, "notes": list(self.notes),
                "comparisons": [{**c.__dict__, "change": c.change} for c in self.comparisons]}


def check_against_baseline(path: Path, current: Mapping[str, Mapping[str, float]], toolchain: Toolchain,
                           tolerances: tuple[Tolerance, ...] = DEFAULT_TOLERANCES) -> BaselineCheck:
    """Compare ``current`` with the baseline in ``path``; a missing or unreadable file fails with its reason."""
    try:
        run, differences = load_baseline(path, toolchain)
    except ConfigError as error:
        return BaselineCheck(Path(path), True, (str(error),), ())
    comparisons = tuple(compare_metrics(run.designs, current, tolerances))
    notes = (f"baseline {path} (saved {run.saved_at})", *(f"toolchain differs: {d}" for d in differences))
    return BaselineCheck(Path(path), any(c.failed for c in comparisons), notes, comparisons)


def current_toolchain() -> Toolchain:
    """The Python packages and the installed HLS tools and simulators this run uses."""

    versions = {"python": platform.python_version(), **package_versions()}
    for name in dict.fromkeys(n for names in BACKEND_TOOLS.values() for n in names):
        path = shutil.which(name)
        if path is not None:
            versions[name] = VendorTool(name, path).version()
    if shutil.which("iverilog"):
        versions["iverilog"] = tool_version("iverilog", "-V")
    return Toolchain.of(versions)
