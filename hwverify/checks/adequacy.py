"""Stimulus adequacy: what fraction of single faults in the reference the verification inputs would catch.

"0 samples differ" means little until we know what the inputs could have caught. Each fault is one weight or
bias of the firmware changed by one LSB (:mod:`hwverify.model.mutants`), sampled evenly over every layer; the
inputs go through each mutant, and a fault is detected by a sample when any output code of that sample changes.
The adequacy of the first ``n`` samples is the fraction of faults that one of them detects.

Beyond the samples run, the count a target needs is estimated from each fault's detection rate (a fault detected by
k of N samples is missed by n fresh samples with probability (1 - k/N)^n); a fault no sample detected counts as
never detected, so a target above the detected fraction is out of reach with inputs like these. A mutant stops at
the first slice of samples that detects it, so its rate is over the samples up to the end of that slice.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwverify.errors import ConfigError
from hwverify.model.harness import FirmwareCsim
from hwverify.model.mutants import Fault, MutantRunner, WeightArray, mutant_runner

__all__ = ["DEFAULT_ADEQUACY", "DEFAULT_FAULTS", "Adequacy", "AdequacyCheck", "LayerAdequacy", "choose_sample_count", "measure_adequacy"]

#: Single faults injected by default (spread evenly over every weight and bias array).
DEFAULT_FAULTS = 200
#: The target when one is wanted and none is given (the pytest fixture).
DEFAULT_ADEQUACY = 0.95


@dataclass(frozen=True)
class LayerAdequacy:
    """Faults injected into one layer's weights and biases, and how many the inputs detect."""

    layer: str
    injected: int
    detected: int


@dataclass(frozen=True)
class Adequacy:
    """Which of the injected faults each sample detects, summarised (see the module docstring)."""

    faults: tuple[Fault, ...]
    first_detection: np.ndarray  # per fault, the index of the first sample that detects it; -1: none does
    rates: np.ndarray  # per fault, the fraction of the samples it ran that detect it
    n_samples: int
    seed: int  # of the fault sample

    @property
    def detected(self) -> int:
        """Faults that at least one sample detects."""
        return int((self.first_detection >= 0).sum())

    @property
    def score(self) -> float:
        """Fraction of the injected faults the samples detect."""
        return self.at(self.n_samples)

    def at(self, n: int) -> float:
        """Fraction of the faults detected by the first ``n`` samples."""
        found = (self.first_detection >= 0) & (self.first_detection < n)
        return float(found.sum()) / len(self.faults)

    def curve(self) -> tuple[tuple[int, float], ...]:
        """``(samples, adequacy)`` at 1, 2, 5, 10, 20, 50... samples and at every sample count run."""
        counts = sorted({c for c in _one_two_five(self.n_samples)} | {self.n_samples})
        return tuple((n, self.at(n)) for n in counts)

    def samples_for(self, target: float) -> int | None:
        """The fewest leading samples that detect ``target`` of the faults; None when all of them do not."""
        needed = int(np.ceil(target * len(self.faults) - 1e-9))
        first = np.sort(self.first_detection[self.first_detection >= 0])
        return int(first[needed - 1]) + 1 if 0 < needed <= len(first) else (0 if needed <= 0 else None)

    def estimated_samples_for(self, target: float) -> int | None:
        """Samples like these that ``target`` needs by the per-fault detection rates (may exceed the samples run);
        None when more than ``1 - target`` of the faults were never detected."""
        rates = self.rates
        if float((rates > 0).mean()) < target:
            return None
        low, high = 1, 1
        while _expected(rates, high) < target:
            low, high = high, high * 2
        while low < high:
            middle = (low + high) // 2
            low, high = (middle + 1, high) if _expected(rates, middle) < target else (low, middle)
        return low

    def first(self, n: int) -> Adequacy:
        """The adequacy of the first ``n`` samples alone."""
        first = np.where(self.first_detection < n, self.first_detection, -1)
        return Adequacy(self.faults, first, self.rates, min(n, self.n_samples), self.seed)

    def confident_samples_for(self, target: float) -> int | None:
        """The fewest leading samples at which ``target`` holds with 95% confidence: the one-sided lower Wilson
        bound of the detected fraction reaches it (a fresh sample of faults then meets the target too, as a rule);
        None when the samples never get there."""
        z = 1.645
        total = len(self.faults)
        for count, index in enumerate(np.sort(self.first_detection[self.first_detection >= 0]), 1):
            if _wilson_lower(count, total, z) >= target:
                return int(index) + 1
        return 0 if target <= 0 else None

    def by_layer(self) -> tuple[LayerAdequacy, ...]:
        """Injected and detected faults per layer, in the firmware's order."""
        layers: dict[str, list[int]] = {}
        for fault, first in zip(self.faults, self.first_detection):
            counts = layers.setdefault(fault.array.layer, [0, 0])
            counts[0] += 1
            counts[1] += int(first >= 0)
        return tuple(LayerAdequacy(layer, injected, detected) for layer, (injected, detected) in layers.items())

    @property
    def undetected(self) -> tuple[Fault, ...]:
        """The faults no sample detects."""
        return tuple(f for f, first in zip(self.faults, self.first_detection) if first < 0)

    def describe(self, target: float | None = None) -> list[str]:
        """Lines for the report: the score, per layer, the estimate for ``target`` (or 95%), undetected faults."""
        target = 0.95 if target is None else target
        layers = ", ".join(f"{a.layer} {a.detected}/{a.injected}" for a in self.by_layer())
        estimate = self.estimated_samples_for(target)
        lines = [f"adequacy {self.score:.1%}: the {self.n_samples} samples detect {self.detected} of "
                 f"{len(self.faults)} single faults (one weight or bias +-1 LSB in the reference, seed {self.seed})",
                 f"  per layer: {layers}",
                 "  curve: " + ", ".join(f"{n} -> {a:.0%}" for n, a in self.curve())]
        if estimate is None:
            lines.append(f"  {target:.0%} is out of reach with inputs like these: {len(self.undetected)} faults "
                         "were never detected (try other inputs, e.g. --inputs with test-set samples)")
        else:
            lines.append(f"  {target:.0%} needs about {estimate} samples like these (from each fault's detection "
                         "rate)")
        lines += [f"  undetected: {fault.describe()}" for fault in self.undetected[:5]]
        if len(self.undetected) > 5:
            lines.append(f"  ... and {len(self.undetected) - 5} more undetected")
        return lines


def _wilson_lower(successes: int, total: int, z: float) -> float:
    p = successes / total
    centre = p + z * z / (2 * total)
    spread = z * np.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return float((centre - spread) / (1 + z * z / total))


@dataclass(frozen=True)
class AdequacyCheck:
    """The adequacy of a verification's samples against the target asked for (``--adequacy``)."""

    target: float
    measured: Adequacy
    pool: int  # samples the count was chosen from (the samples run when the count was given)
    chosen: bool  # the sample count was chosen for the target (--samples auto)

    @property
    def ok(self) -> bool:
        """The samples detect at least the target fraction of the faults."""
        return self.measured.score >= self.target

    def describe(self) -> list[str]:
        """The verdict, how the count was chosen, and the measurement's lines."""
        verdict = "meets" if self.ok else "is BELOW"
        how = (f"chosen from {self.pool} candidates as the fewest that reach it with 95% confidence"
               if self.chosen else "as given")
        if self.chosen and self.measured.n_samples == self.pool and not self.ok:
            how = f"all {self.pool} candidates; they do not reach it"
        return [f"stimulus adequacy {self.measured.score:.1%} {verdict} the target {self.target:.0%} "
                f"({self.measured.n_samples} samples, {how})", *self.measured.describe(self.target)]


def choose_sample_count(measured: Adequacy, target: float) -> int:
    """The samples to keep for ``target``: the fewest that reach it with 95% confidence, else all of them."""
    confident = measured.confident_samples_for(target)
    return measured.n_samples if confident is None else max(confident, 1)


def _one_two_five(limit: int) -> list[int]:
    counts, scale = [], 1
    while scale <= limit:
        counts += [c for c in (scale, 2 * scale, 5 * scale) if c <= limit]
        scale *= 10
    return counts


def _expected(rates: np.ndarray, n: int) -> float:
    return float(np.mean(1.0 - np.power(1.0 - rates, n)))


def measure_adequacy(csim: FirmwareCsim, weights_dir: Path, arrays: tuple[WeightArray, ...],
                     inputs: Sequence[np.ndarray], faults: tuple[Fault, ...], seed: int, jobs: int = 1,
                     reference: Sequence[np.ndarray] | None = None) -> Adequacy:
    """Run ``inputs`` (per input argument, (n, size) bits) through a mutant per fault and compare every output
    code with the unchanged firmware's (``reference``: its output bits when already computed). A mutant runs the samples in growing slices and stops at the first slice
    that detects it (its detection rate is then taken over the samples it ran); ``jobs`` mutants run at once."""
    inputs = list(inputs)
    reference = list(reference) if reference is not None else csim.run(inputs)[0]
    with mutant_runner(csim, weights_dir, arrays) as runner:
        with runner.loaded(None) as unchanged:
            if _differing(reference, unchanged.run(inputs)[0]).any():
                raise ConfigError(f"the weight files in {weights_dir}, rewritten as the firmware reads them, change "
                                  "its outputs: hwverify misreads their types or rounding; adequacy cannot be measured")
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            found = list(pool.map(lambda fault: _detect(runner, fault, inputs, reference), faults))
    first = np.array([f for f, _ in found], dtype=np.int64)
    rates = np.array([r for _, r in found], dtype=np.float64)
    return Adequacy(faults, first, rates, inputs[0].shape[0], seed)


#: Samples in a mutant's first slice; each further slice is twice the one before.
FIRST_SLICE = 256


def _detect(runner: MutantRunner, fault: Fault, inputs: list[np.ndarray],
            reference: list[np.ndarray]) -> tuple[int, float]:
    """(first detecting sample or -1, detecting samples / samples run) for one fault."""
    n = inputs[0].shape[0]
    start, size = 0, FIRST_SLICE
    with runner.loaded(fault) as mutant:
        while start < n:
            stop = min(n, start + size)
            outputs, _ = mutant.run([x[start:stop] for x in inputs])
            hits = np.flatnonzero(_differing([r[start:stop] for r in reference], outputs))
            if hits.size:
                return start + int(hits[0]), hits.size / stop
            start, size = stop, size * 2
    return -1, 0.0


def _differing(reference: list[np.ndarray], outputs: list[np.ndarray]) -> np.ndarray:
    """Per sample: any output code differs."""
    return np.logical_or.reduce([(a != b).any(axis=1) for a, b in zip(reference, outputs)])
