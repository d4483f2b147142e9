"""The ``calibrate-fifos`` command: calibrate an io_stream design's FIFO depths and prove them.

Its options are declared in :mod:`hwverify.cli` (with those the other commands share); errors propagate to the
CLI, which prints them as one line with the exit code of :mod:`hwverify.errors`.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hwverify.errors import EXIT_FAILED, EXIT_OK, ConfigError
from hwverify.fifo.calibration import (
    Calibration, CalibrationSettings, DepthProof, RatePoint, Stimulus, calibrate_fifos, compare_with_real_modules,
    depth_vs_interval, measure_fifo_occupancy, paced, propose_fifo_depths, prove_fifo_depths, shrink_fifo_depths,
    storage_saving
)
from hwverify.fifo.depths import hls4ml_snippet, variable_depths, write_fifo_depths
from hwverify.fixed import parse_element_type
from hwverify.flows.verify_project import project_design, synthesis_figures, value_grids, watchdog_cycles_for
from hwverify.progress import StepLog
from hwverify.report import from_calibration, write_html
from hwverify.sim.runner import require_simulator
from hwverify.sim.simulate import DEFAULT_WATCHDOG_CYCLES, SimOptions
from hwverify.sources.design import RtlDesign
from hwverify.sources.project import HlsProject
from hwverify.sources.stimulus import make_stimulus

__all__ = ["calibrate_at_rate", "calibrate_per_stimulus", "calibration_settings", "prove_per_run", "run_calibrate"]


def run_calibrate(args: argparse.Namespace, log: StepLog | None = None) -> int:
    """Run ``calibrate-fifos`` (options of :func:`hwverify.cli.build_parser`); 0 when the proposed depths pass, 1
    when they do not. Bad input raises (the CLI turns it into one line and exit code 2).

    Every simulation (each calibration run, each proof run, the shrink search, the HTML occupancy run) is a
    timed step in ``log`` (default: printed to stdout)."""
    log = log or StepLog()
    require_simulator(args.simulator)
    if args.compare_intervals and args.input_interval is None:
        raise ConfigError("--compare-intervals compares with the rate of --input-interval; give that too")
    design, watchdog, grids = _design(args)
    codes = _codes(args, design, grids)
    settings = calibration_settings(args, watchdog)
    if args.input_interval is None:
        calibration, rates = calibrate_per_stimulus(design, codes, settings, log), []
    else:
        calibration, rates = calibrate_at_rate(design, codes, settings, args.input_interval, args.compare_intervals,
                                               log)
    return _prove_and_write(args, design, codes, calibration, log, rates)


def calibrate_at_rate(design: RtlDesign, codes: np.ndarray, settings: CalibrationSettings, interval: int | str,
                      compare: Sequence[int], log: StepLog) -> tuple[Calibration, list[RatePoint]]:
    """Calibrate with inputs as fast as the design takes them, then at a sample every ``interval`` cycles
    (``"auto"``: the rate the first run sustained) and at each ``compare`` interval; prints the depth every FIFO
    needs at each rate. Returns the calibration at ``interval`` (the one to prove and write) and every rate's depths."""
    fastest = calibrate_per_stimulus(design, codes, settings, log)
    if interval == "auto":
        interval = fastest.runs[0].sustained_interval
        print(f"sustained rate: a sample every {interval} cycles (median distance between samples leaving the design, every FIFO deep)")
        if interval < 1:
            raise ConfigError("the run measured no interval between samples (one sample?); give --input-interval N")
    chosen = calibrate_per_stimulus(design, codes, paced(settings, int(interval)), log)
    points = [RatePoint(0, fastest.proposed), RatePoint(int(interval), chosen.proposed)]
    for other in sorted(set(compare) - {int(interval)}):
        points.append(RatePoint(other, calibrate_per_stimulus(design, codes, paced(settings, other), log).proposed))
    points.sort(key=lambda point: point.interval)
    print(depth_vs_interval(chosen.fifos, points))
    return chosen, points


def calibrate_per_stimulus(design: RtlDesign, codes: np.ndarray, settings: CalibrationSettings,
                           log: StepLog) -> Calibration:
    """:func:`calibrate_fifos` one stimulus at a time (one timed step each), merged into one calibration:
    runs in stimulus order, maximum fill over all runs, depths proposed from it with the settings' margins."""
    parts = []
    for k, stimulus in enumerate(settings.stimuli, 1):
        with log.step(f"calibration run {k}/{len(settings.stimuli)} ({stimulus.label}, every FIFO deep, "
                      f"{len(codes)} samples)") as notes:
            part = calibrate_fifos(design, codes, dataclasses.replace(settings, stimuli=(stimulus,)))
            notes.append(f"{part.runs[0].cycles} cycles, {len(part.fifos)} FIFOs {part.settings.deep_depth} deep")
        parts.append(part)
    runs = tuple(run for part in parts for run in part.runs)
    fifos = parts[0].fifos
    max_fill = {f.name: max(run.max_fill[f.name] for run in runs) for f in fifos}
    proposed = propose_fifo_depths(max_fill, settings.margin_words, settings.margin_fraction)
    deepest = dataclasses.replace(settings, deep_depth=max(part.settings.deep_depth for part in parts))
    return Calibration(top=design.top, fifos=fifos, settings=deepest, runs=runs, max_fill=max_fill,
                       proposed=proposed)


def prove_per_run(design: RtlDesign, codes: np.ndarray, calibration: Calibration, depths: dict[str, int],
                  log: StepLog, real_modules: bool = False) -> DepthProof:
    """:func:`prove_fifo_depths` one calibration run at a time (one timed step each), merged into one proof."""
    runs = []
    modules = " with the design's own FIFO modules" if real_modules else ""
    for k, run in enumerate(calibration.runs, 1):
        with log.step(f"proof run {k}/{len(calibration.runs)}{modules} at the proposed depths "
                      f"({run.stimulus.label})") as notes:
            proof = prove_fifo_depths(design, codes, dataclasses.replace(calibration, runs=(run,)), depths,
                                      real_modules)
            notes.append("passed" if proof.passed else "FAILED")
        runs += proof.runs
    return DepthProof(depths=dict(depths), runs=tuple(runs),
                      throughput_fraction_min=calibration.settings.throughput_fraction_min)


#: Options that describe a bare RTL directory; a project's firmware says all of this.
_RTL_DIRECTORY_OPTIONS = ("top", "input_type", "output_type", "n_inputs", "n_outputs")


def _design(args: argparse.Namespace) -> tuple[RtlDesign, int, tuple]:  # type: ignore[type-arg]
    """The design to calibrate, the watchdog limit (scaled to the csynth latency of a project), and the value
    grids of its float ports (the model's own input types)."""
    directory = Path(args.rtl_dir)
    if not directory.is_dir():
        raise ConfigError(f"{directory} does not exist or is not a directory; pass an hls4ml project directory or "
                          "a directory of exported Verilog")
    if (directory / "firmware").is_dir():

        given = [f"--{name.replace('_', '-')}" for name in _RTL_DIRECTORY_OPTIONS if getattr(args, name) is not None]
        if given:
            raise ConfigError(f"{', '.join(given)}: {directory} is an hls4ml project, whose top, types and sizes are "
                              "read from its firmware; drop these options (they describe a bare RTL directory)")

        project = HlsProject.open(directory)
        design = project_design(project)
        report = synthesis_figures(project, design)
        return design, args.watchdog_cycles or watchdog_cycles_for(report), value_grids(project, design)
    if args.n_inputs is None or args.n_outputs is None:
        raise ConfigError(
            f"{directory} is not an hls4ml project directory, so --n-inputs and --n-outputs are needed "
            "(elements per sample of the input and output arrays)"
        )
    sources = tuple(sorted(directory.glob("*.v")) + sorted(directory.glob("*.sv")))
    if not sources:
        raise ConfigError(f"no Verilog files (*.v, *.sv) in {directory}; pass the exported verilog directory")
    design = RtlDesign.single(top=args.top or "myproject", sources=sources,
                              data_files=tuple(sorted(directory.glob("*.dat"))),
                              input_type=parse_element_type(args.input_type or "ap_fixed<16,6>"),
                              output_type=parse_element_type(args.output_type or "ap_fixed<16,6>"),
                              n_inputs=args.n_inputs, n_outputs=args.n_outputs)
    return design, args.watchdog_cycles or DEFAULT_WATCHDOG_CYCLES, (None,)


def _codes(args: argparse.Namespace, design: RtlDesign, grids: tuple) -> np.ndarray:  # type: ignore[type-arg]
    if args.inputs is not None:
        try:
            codes = np.load(args.inputs, allow_pickle=False)
        except (OSError, ValueError) as error:
            raise ConfigError(f"cannot read input codes from {args.inputs}: {error}") from error
        if not np.issubdtype(codes.dtype, np.integer):
            raise ConfigError(f"{args.inputs} holds {codes.dtype} values; --inputs takes integer codes of the input "
                              "type (shape (n, n_inputs))")
        return codes
    if args.random < 1:
        raise ConfigError(f"--random needs at least 1 sample, got {args.random}")
    return make_stimulus(design.inputs, grids, None, None, args.random, args.seed).codes


def calibration_settings(args: argparse.Namespace, watchdog: int) -> CalibrationSettings:
    """The calibration settings of calibrate-fifos' options (the stimuli: no backpressure, then each seed of it)."""
    seeds = getattr(args, "backpressure_seeds", 1)
    if seeds < 1:
        raise ConfigError(f"--backpressure-seeds must be at least 1, got {seeds}")
    if seeds > 1 and args.backpressure <= 0:
        raise ConfigError("--backpressure-seeds would have no effect with --backpressure 0 (no stalls to seed); "
                          "drop it or give a backpressure probability")
    stimuli = (Stimulus(0.0, args.seed),)
    if args.backpressure > 0:  # the worst case over several seeded stall patterns: each is calibrated and proven
        stimuli += tuple(Stimulus(args.backpressure, args.seed + k) for k in range(1, seeds + 1))
    return CalibrationSettings(deep_depth=args.deep_depth, stimuli=stimuli, margin_words=args.margin_words,
                               margin_fraction=args.margin_fraction, throughput_fraction_min=args.throughput_min,
                               simulator=args.simulator, path=args.path, watchdog_cycles=watchdog)


def _prove_and_write(args: argparse.Namespace, design: RtlDesign, codes: np.ndarray, calibration: Calibration,
                     log: StepLog, rates: Sequence[RatePoint] = ()) -> int:
    print(calibration.describe())
    depths = dict(calibration.proposed)
    if args.shrink:
        with log.step("shrink: binary search for smaller depths that still pass") as notes:
            depths, trials = shrink_fifo_depths(design, codes, calibration)
            notes.append(f"{trials} trial(s)")
    runtime = prove_per_run(design, codes, calibration, depths, log)  # the calibration's build
    proof = prove_per_run(design, codes, calibration, depths, log, real_modules=True)  # the one further build
    print(proof.describe())
    equivalence = compare_with_real_modules(runtime, proof)
    print(equivalence.describe())
    print(storage_saving(calibration.fifos, depths).describe())
    variables = variable_depths(calibration.fifos, depths)
    write_fifo_depths(args.out, variables)
    print(f"wrote {args.out}")
    print(hls4ml_snippet({v.variable: v.optimized for v in variables}))
    if args.html is not None:
        with log.step("HTML report: occupancy run at the chosen depths"):
            _write_html(args, design, codes, calibration, depths, proof, rates)
    caveat = "" if equivalence.identical else (" (proven with the design's own FIFO modules; its run-time depths ran "
                                               "differently, so the shrink trials may have missed smaller depths)")
    print("RESULT: " + ("proposed FIFO depths pass" if proof.passed else "proposed FIFO depths FAIL") + caveat)
    return EXIT_OK if proof.passed else EXIT_FAILED


def _write_html(args: argparse.Namespace, design: RtlDesign, codes: np.ndarray, calibration: Calibration,
                depths: dict[str, int], proof: DepthProof, rates: Sequence[RatePoint] = ()) -> None:
    """One more monitored run at the proposed depths, recording occupancy over time, then the report."""

    options = SimOptions(simulator=args.simulator, path=args.path, output_backpressure=args.backpressure,
                         seed=args.seed, watchdog_cycles=calibration.settings.watchdog_cycles,
                         input_interval=calibration.runs[0].stimulus.input_interval)
    every = max(1, calibration.runs[0].cycles // 2000)  # about 2,000 points; the plot decimates further
    occupancy = measure_fifo_occupancy(design, codes, options, depths=depths, series_every_cycles=every,
                                       storage=calibration.settings.deep_depth)
    write_html(from_calibration(calibration, occupancy.record, proof, depths, rates), args.html)
    print(f"wrote {args.html}")
