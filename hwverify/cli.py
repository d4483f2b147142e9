"""The ``hwverify`` command."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from collections.abc import Callable
from typing import Literal, NoReturn, TypeVar

from hwverify import __version__
from hwverify import report as reporting
from hwverify.checks.adequacy import DEFAULT_FAULTS
from hwverify.errors import EXIT_BUG, EXIT_ERROR, EXIT_FAILED, EXIT_OK, ConfigError, HwverifyError, exit_code
from hwverify.flows.calibrate import run_calibrate
from hwverify.flows.dataflow import DataflowOptions, dataflow_results, io_stream_demo
from hwverify.flows.build_rtl import build_rtl_from_file, build_rtl_from_zoo
from hwverify.model.config import IO_TYPES, HlsConfig
from hwverify.model.keras_file import is_model_file
from hwverify.flows.demo import run_demo
from hwverify.flows.sweep import DEFAULT_INTEGER_BITS, parse_bit_widths
from hwverify.flows.verify_project import VerifyOptions, verify_project
from hwverify.options import OPTIONS, option_values, options_for
from hwverify.progress import StepLog, set_verbose
from hwverify.report import load_results, write_html
from hwverify.sources.openflow.schedule import Schedule
from hwverify.sources.project import HlsProject

Number = TypeVar("Number", int, float)

EXIT_CODES = "Exit codes: 0 verified, 1 a check failed, 2 bad input or a missing tool, 3 a bug in hwverify."

DEMO_SUMMARY = "train a zoo model, convert it with hls4ml, build RTL with the open flow, prove Keras = C-sim = RTL"
DEMO_DESCRIPTION = """\
End-to-end demo: train (cached), convert with hls4ml, compile the C simulation, build RTL with
da4ml in an AXI-Stream shell, simulate it with random backpressure, and check every sample bit for bit.

Example: hwverify demo --model iris_mlp --variant quantized
Example: hwverify demo --csim-only --sweep-bits 8,10,12,16 --html report.html   (bit width vs accuracy)
Example: hwverify demo --io-stream --model svhn_cnn --frames 20 --html fifos.html   (FIFO calibration)
Example: hwverify demo --model my_model.h5 --out my_model_prj   (your own model: build-rtl, then verify)"""

VERIFY_SUMMARY = "simulate an hls4ml project's exported RTL and compare it with the firmware it was exported from"
VERIFY_DESCRIPTION = """\
Verify the RTL of an hls4ml project directory: find the exported Verilog that matches the
firmware (<project>_prj/<solution>/syn/verilog, impl/verilog, impl/ip/hdl/verilog, an IP package, or
--rtl-dir), compile the firmware's own top function with hwverify's harness as the reference, simulate
the RTL without and with seeded random backpressure, and check every output code, the framing of every
output stream and latency/interval against the csynth report.

Inputs: tb_data/tb_input_features.dat (or --inputs) then random samples over the input type's range;
by default as many as about 2 million simulated cycles hold (at most 20,000).

Example: hwverify verify my_hls4ml_prj
Example: hwverify verify my_hls4ml_prj --samples 50000 --inputs x_test.npy --frames 100
Example: hwverify verify my_hls4ml_prj --samples auto --adequacy 0.95   (as many samples as catch 95% of faults)"""

CALIBRATE_FIFOS_SUMMARY = "measure the FIFO occupancy of an io_stream RTL design, propose depths and prove them"
CALIBRATE_FIFOS_DESCRIPTION = """\
Simulate exported io_stream RTL with every FIFO made deep (no backpressure and seeded random
output backpressure), record each FIFO's maximum fill with an HDL monitor, propose max + 1, re-simulate
at the proposed depths (identical outputs, no deadlock, throughput within --throughput-min) and write
fifo_depths.json ({variable: {initial, optimized}}, as hls4ml's Vitis flow does).

Given an hls4ml project directory (with firmware/), its RTL, types and sizes are read from the project.

Example: hwverify calibrate-fifos my_hls4ml_prj --random 50 --out fifo_depths.json
Example: hwverify calibrate-fifos prj/solution1/syn/verilog --top myproject --n-inputs 18 --n-outputs 18
         --random 50 --out fifo_depths.json"""

REPORT_SUMMARY = "write a self-contained HTML report from a results JSON file"
REPORT_DESCRIPTION = """\
Render one self-contained HTML file (inline SVG plots, no external resources) from a results
file (hwverify-results/1) written by demo/verify --results-json or by pytest --hwverify-report-json.

The exit code is 0 once the report is written, whatever the verdict it shows (2 for a missing or
malformed results file): gate CI on the run itself, not on its report.

Example: hwverify report results.json -o report.html"""

BUILD_RTL_SUMMARY = "your own Keras/QKeras model -> an hls4ml project with open-flow RTL that `verify` checks"
BUILD_RTL_DESCRIPTION = """\
Convert a Keras/QKeras model with hls4ml and build its RTL with the open flow (da4ml, no vendor
tool), into one directory laid out as an hls4ml project after its HLS export: firmware/ and the Verilog in
<project>_prj/solution1/syn/verilog. `hwverify verify DIR` then checks the RTL against the firmware.
A final softmax/sigmoid is left out (the open flow does not build it): both end in the logits.

Example: hwverify build-rtl my_model.h5 --out my_model_prj && hwverify verify my_model_prj"""


class CommandParser(argparse.ArgumentParser):
    """argparse, with a usage error as one line naming the argument and where to read more."""

    def error(self, message: str) -> NoReturn:
        """Exit 2 with ``<prog>: error: <message> (see <prog> --help)``."""
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    parser = CommandParser(
        prog="hwverify",
        description="Verify hls4ml firmware against its Keras model in open simulators.",
        epilog=EXIT_CODES + " See docs/checks.md.",
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    parser.add_argument("--version", action="version", version=f"hwverify {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show the tools' command lines")
    commands = parser.add_subparsers(dest="command", required=True)
    sub_commands = (  # name, summary (in hwverify --help), description (line breaks kept), its options
        ("demo", DEMO_SUMMARY, DEMO_DESCRIPTION, _add_demo_options),
        ("verify", VERIFY_SUMMARY, VERIFY_DESCRIPTION, _add_verify_options),
        ("build-rtl", BUILD_RTL_SUMMARY, BUILD_RTL_DESCRIPTION, _add_build_rtl_options),
        ("report", REPORT_SUMMARY, REPORT_DESCRIPTION, _add_report_options),
        ("calibrate-fifos", CALIBRATE_FIFOS_SUMMARY, CALIBRATE_FIFOS_DESCRIPTION, _add_calibrate_options),
    )
    for name, summary, description, add_options in sub_commands:
        add_options(commands.add_parser(name, help=summary, description=description,
                                        formatter_class=argparse.RawDescriptionHelpFormatter))
    for command in commands.choices.values():  # also after the command: hwverify verify prj --debug
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show the traceback of an error (default: one line)")
        command.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                             help="also show the tools' command lines")
        command.epilog = EXIT_CODES
    return parser


def _add_shared_options(parser: argparse.ArgumentParser, names: tuple[str, ...] | None = None) -> None:
    """The options declared once in :mod:`hwverify.options` (those named, or all of them)."""
    for option in options_for("cli"):
        if names is None or option.name in names:
            parser.add_argument(option.cli_flag, **option.argparse_kwargs())


def _add_demo_options(demo: argparse.ArgumentParser) -> None:
    """``hwverify demo``: the shared options, the open-flow, io_stream, sweep and output options."""
    _add_shared_options(demo)
    demo.add_argument(
        "--csim-only", action="store_true", help="stop after Keras vs C-sim (skip the open RTL flow and simulation)"
    )
    demo.add_argument("--resources", action="store_true",
                      help="also count LUTs and flip-flops of the open-flow design with yosys (minutes on a large "
                      "model; the verdict does not need it)")
    demo.add_argument(
        "--io-stream", action="store_true",
        help="instead: build the model as an io_stream dataflow design with the open flow (one process per layer,\n"
        "FIFOs between them), check it against the io_stream C-sim and calibrate its FIFO depths",
    )
    demo.add_argument("--frames", type=int, default=None, help="--io-stream: test-set samples to run (default 20)")
    demo.add_argument("--fifo-depths", metavar="PATH", default=None,
                      help="--io-stream: where to write the calibrated depths (default fifo_depths.json)")
    demo.add_argument("--schedule", choices=[s.value for s in Schedule], default=None,
                      help="--io-stream: how often each process reads: one-pixel-per-clock (default), or hls4ml\n"
                      "(each layer's reuse factor and strategy as hls4ml's stream code asks HLS; FIFO depths\n"
                      "then calibrate for the design HLS builds)")
    demo.add_argument("--out", metavar="DIR", type=Path, default=None, dest="out_dir",
                      help="--model FILE: the project directory build-rtl writes (default: <model name>_prj)")
    _add_sweep_options(demo)
    _add_output_options(demo)


def _add_verify_options(verify: argparse.ArgumentParser) -> None:
    """``hwverify verify <project>``."""
    verify.add_argument("project", help="the hls4ml project directory (holds firmware/)")
    verify.add_argument("--rtl-dir", metavar="DIR", default=None,
                        help="directory of the exported Verilog, if it is not where HLS puts it")
    verify.add_argument("--samples", metavar="N", type=_samples, default=None,
                        help="random samples besides the file's (default: auto, from the csynth interval)")
    verify.add_argument("--inputs", metavar="FILE", type=Path, default=None,
                        help="samples to use instead of tb_data/tb_input_features.dat (.npy, or text rows)")
    verify.add_argument("--frames", metavar="N", type=int, default=None,
                        help="use at most the first N samples of the input file")
    verify.add_argument("--adequacy", metavar="FRACTION", type=float, default=None,
                        help="also measure how many single faults in the reference (one weight or bias +-1 LSB) the "
                        "samples detect, and fail below FRACTION (e.g. 0.95); with --samples auto (the default) the "
                        "fewest random samples that reach it are used")
    verify.add_argument("--faults", metavar="N", type=int, default=DEFAULT_FAULTS,
                        help=f"--adequacy: single faults to inject, spread over every layer (default {DEFAULT_FAULTS})")
    _add_simulation_options(verify, ("seed", "simulator", "cache-dir", "jobs"))
    _add_output_options(verify)


def _add_simulation_options(parser: argparse.ArgumentParser,
                            shared: tuple[str, ...] = ("seed", "simulator", "cache-dir")) -> None:
    """The options of the commands that simulate exported RTL (verify, calibrate-fifos), declared once."""
    parser.add_argument("--watchdog-cycles", metavar="N", type=int, default=None,
                        help="cycles without any progress (no handshake, no FIFO traffic) before a run is declared "
                        "stalled (default: twice the csynth latency of a project, at least 2000)")
    parser.add_argument("--path", choices=("bulk", "cocotb"), default="bulk",
                        help="bulk: HDL stimulus and recorder, simulator speed (default); cocotb: Python per cycle")
    _add_shared_options(parser, shared)


def _add_calibrate_options(parser: argparse.ArgumentParser) -> None:
    """``hwverify calibrate-fifos <project or RTL directory>``."""
    parser.add_argument(
        "rtl_dir", type=Path, help="an hls4ml project directory, or a directory of exported Verilog (*.v; *.dat copied)"
    )
    parser.add_argument("--top", default=None, help="top module (RTL directory only; default: myproject)")
    parser.add_argument("--input-type", default=None,
                        help="element type of the input array (RTL directory only; default: ap_fixed<16,6>)")
    parser.add_argument("--output-type", default=None,
                        help="element type of the output array (RTL directory only; default: ap_fixed<16,6>)")
    parser.add_argument("--n-inputs", type=int, default=None, help="input elements per sample (RTL directory only)")
    parser.add_argument("--n-outputs", type=int, default=None, help="output elements per sample (RTL directory only)")
    data = parser.add_mutually_exclusive_group(required=True)
    data.add_argument("--inputs", type=Path, help=".npy file of integer input codes, shape (n, n_inputs)")
    data.add_argument("--random", type=int, metavar="N", help="N samples of seeded random input codes")
    parser.add_argument("--backpressure", type=_ranged(float, lambda p: 0 <= p < 1, "a probability in [0, 1)"),
                        default=0.5, help="output backpressure probability (0: off)")
    parser.add_argument("--backpressure-seeds", metavar="N", type=_ranged(int, lambda n: n >= 1, "at least 1 seed"),
                        default=1,
                        help="calibrate and prove under N seeded random output-stall patterns (the depths are the "
                        "worst case over them; every one must pass the proof: no deadlock, same outputs, throughput "
                        "within --throughput-min)")
    parser.add_argument("--deep-depth", type=_ranged(int, lambda n: n >= 2, "a depth of at least 2"), default=1024,
                        help="depth of every FIFO while measuring")
    parser.add_argument("--margin-words", type=_ranged(int, lambda n: n >= 0, "0 or more words"), default=0,
                        help="words added to every proposed depth")
    parser.add_argument("--margin-fraction", type=_ranged(float, lambda f: f >= 0, "a fraction of 0 or more"),
                        default=0.0, help="fraction added to every proposed depth")
    parser.add_argument("--throughput-min", type=_ranged(float, lambda f: 0 < f <= 1, "a fraction in (0, 1]"),
                        default=0.9, help="minimum throughput vs the deep run")
    parser.add_argument("--shrink", action="store_true", help="also search for smaller depths that still pass")
    parser.add_argument("--input-interval", metavar="N|auto", type=_interval, default=None,
                        help="size the FIFOs for a sample every N cycles, the rate your input arrives at, and prove "
                        "them there; auto: the rate the design sustains (its steady-state interval with every FIFO "
                        "deep). Default: inputs as fast as the design takes them (the first FIFO then holds the "
                        "input's burst)")
    parser.add_argument("--compare-intervals", metavar="N,N,...", type=_intervals, default=(),
                        help="with --input-interval: also calibrate at these intervals and print the depth each "
                        "FIFO needs at every rate")
    _add_simulation_options(parser)
    parser.add_argument("--out", type=Path, default=Path("fifo_depths.json"), help="where to write fifo_depths.json")
    parser.add_argument(
        "--html", type=Path, default=None,
        help="also write an HTML report (FIFO maximum fill vs depth, occupancy over time at the proposed depths)",
    )


def _add_sweep_options(parser: argparse.ArgumentParser) -> None:

    parser.add_argument(
        "--sweep-bits", metavar="W,W,...", default=None,
        help="also sweep the default precision ap_fixed<W,I> over these total widths and measure the test-set "
        "accuracy of the model's float variant in C simulation at each (bit width vs accuracy, in the table, "
        "--results-json and --html); one g++ compile per width, cached. Example: --sweep-bits 8,10,12,16",
    )
    parser.add_argument(
        "--sweep-integer-bits", metavar="I", type=int, default=DEFAULT_INTEGER_BITS,
        help=f"integer bits I (sign included) of every swept type (default: {DEFAULT_INTEGER_BITS}, as hls4ml's "
        "ap_fixed<16,6>); each width must exceed it",
    )


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--html", metavar="PATH", default=None, help="also write a self-contained HTML report here")
    parser.add_argument("--results-json", metavar="PATH", default=None,
                        help="also save the results as JSON (render later with: hwverify report PATH)")


def _add_report_options(report: argparse.ArgumentParser) -> None:
    """``hwverify report``."""
    report.add_argument("results", help="results JSON (hwverify-results/1)")
    report.add_argument("-o", "--output", default="hwverify-report.html", help="the HTML file to write")


def _save_outputs(args: argparse.Namespace, result: object,
                  convert: Literal["from_demo", "from_verification"]) -> None:
    """Write ``--results-json`` and ``--html`` for ``result`` (``convert`` names its :mod:`hwverify.report`
    converter; imported here so commands without these options do not load it)."""
    if not (args.html or args.results_json):
        return

    results = getattr(reporting, convert)(result)
    if args.results_json:
        print(f"results: {results.write(args.results_json)}")
    if args.html:
        print(f"HTML report: {reporting.write_html(results, args.html)}")


def _run_report(args: argparse.Namespace) -> int:

    results = load_results(args.results)
    print(f"HTML report: {write_html(results, args.output)} ({'pass' if results.ok else 'FAILED'})")
    return EXIT_OK


def _run_io_stream_demo(args: argparse.Namespace, values: dict) -> int:

    options = DataflowOptions(simulator=values["simulator"], seed=values["seed"], jobs=values["jobs"],
                              schedule=Schedule(args.schedule or Schedule.ONE_PIXEL_PER_CLOCK.value))
    result = io_stream_demo(values["model"], values["variant"], n_samples=20 if args.frames is None else args.frames,
                            fifo_depths_path=Path(args.fifo_depths or "fifo_depths.json"), options=options)
    results = dataflow_results(result, "hwverify " + " ".join(sys.argv[1:]))
    if args.results_json:
        print(f"wrote {results.write(args.results_json)}")
    if args.html:
        print(f"wrote {write_html(results, args.html)}")
    return EXIT_OK if result.ok else EXIT_FAILED


def _run_demo(args: argparse.Namespace, values: dict) -> int:

    if is_model_file(values["model"]):
        return _run_own_model_demo(args, values)
    if args.out_dir is not None:
        raise ConfigError("--out is for --model FILE (your own model's project directory); drop it")
    _require_demo_options_apply(args, values)
    if args.io_stream:
        return _run_io_stream_demo(args, values)

    widths = parse_bit_widths(args.sweep_bits) if args.sweep_bits is not None else ()
    result = run_demo(values["model"], values["variant"], n_random=values["samples"], seed=values["seed"],
                      rtl=not args.csim_only, sweep_bits=widths, sweep_integer_bits=args.sweep_integer_bits,
                      simulator=values["simulator"], jobs=values["jobs"], resources=args.resources)
    _save_outputs(args, result, "from_demo")
    return EXIT_OK if result.ok else EXIT_FAILED


def _run_own_model_demo(args: argparse.Namespace, values: dict) -> int:
    """``demo --model my_model.h5``: build-rtl into a project directory, then verify it (the whole chain)."""
    ignored = [flag for flag, given in (("--csim-only", args.csim_only), ("--sweep-bits", args.sweep_bits),
                                        ("--frames", args.frames is not None),
                                        ("--fifo-depths", args.fifo_depths is not None),
                                        ("--schedule", args.schedule is not None)) if given]
    if ignored:
        raise ConfigError(f"{', '.join(ignored)} would have no effect with --model FILE (build-rtl, then verify); "
                          f"drop {'it' if len(ignored) == 1 else 'them'}")
    model = Path(values["model"])
    out = args.out_dir or Path(f"{model.stem}_prj")
    config = HlsConfig(io_type="io_stream", backend="Vitis") if args.io_stream else HlsConfig()
    built = build_rtl_from_file(model, config, out, StepLog())
    for note in built.notes:
        print(f"  note: {note}")
    print(f"project: {built.root} (RTL in {built.rtl_dir})")
    options = VerifyOptions(samples=values["samples"], seed=values["seed"], simulator=values["simulator"],
                            jobs=values["jobs"])
    result = verify_project(HlsProject.open(built.root), options, log=StepLog())
    print(result.describe())
    _save_outputs(args, result, "from_verification")
    print("RESULT: " + ("RTL == firmware, bit-exact, framing correct" if result.ok else "FAILED"))
    return EXIT_OK if result.ok else EXIT_FAILED


def _require_demo_options_apply(args: argparse.Namespace, values: dict) -> None:
    """ConfigError for an option the chosen demo would ignore: every option given must reach a stage."""

    samples_default = next(o.default for o in OPTIONS if o.name == "samples")
    if args.csim_only and args.resources:
        raise ConfigError("--resources would have no effect with --csim-only (no RTL is built); drop it")
    if args.io_stream:
        ignored = [flag for flag, given in (("--csim-only", args.csim_only), ("--sweep-bits", args.sweep_bits),
                                            ("--resources", args.resources),
                                            ("--samples", values["samples"] != samples_default)) if given]
        where = "with --io-stream (it runs --frames test-set samples through the dataflow design)"
    else:
        ignored = [flag for flag, given in (("--frames", args.frames is not None),
                                            ("--fifo-depths", args.fifo_depths is not None),
                                            ("--schedule", args.schedule is not None)) if given]
        where = "without --io-stream"
    if ignored:
        raise ConfigError(f"{', '.join(ignored)} would have no effect {where}; drop "
                          f"{'it' if len(ignored) == 1 else 'them'}")


def _run_verify(args: argparse.Namespace, values: dict) -> int:

    options = VerifyOptions(samples=args.samples, frames=args.frames, inputs=args.inputs, seed=values["seed"],
                            simulator=values["simulator"], path=args.path, watchdog_cycles=args.watchdog_cycles,
                            jobs=values["jobs"], adequacy=args.adequacy, faults=args.faults)
    project = HlsProject.open(args.project, rtl_dir=args.rtl_dir)
    result = verify_project(project, options, log=StepLog())
    print(result.describe())
    _save_outputs(args, result, "from_verification")
    verdict = "RTL == firmware, bit-exact, framing correct, " + result.timing.verdict
    if result.adequacy is not None:
        verdict += f", stimulus adequacy {result.adequacy.measured.score:.1%}"
    print("RESULT: " + (verdict if result.ok else "FAILED"))
    return EXIT_OK if result.ok else EXIT_FAILED


def _add_build_rtl_options(build: argparse.ArgumentParser) -> None:
    """``hwverify build-rtl``."""
    build.add_argument("model", help="the Keras/QKeras model file (.h5 or .keras), or a zoo model: NAME or "
                       "NAME:VARIANT (e.g. jet_tagger:quantized; its test set goes to tb_data)")
    build.add_argument("--out", metavar="DIR", type=Path, required=True, dest="out_dir",
                       help="the project directory to write (new, or empty)")
    build.add_argument("--io-type", choices=IO_TYPES, default="io_parallel", help="hls4ml io type (default: io_parallel)")
    build.add_argument("--backend", choices=("Vivado", "Vitis"), default="Vivado",
                       help="hls4ml backend of the firmware (default: Vivado)")


def _run_build_rtl(args: argparse.Namespace) -> int:
    config = HlsConfig(io_type=args.io_type, backend=args.backend)
    if Path(args.model).exists() or Path(args.model).suffix:
        built = build_rtl_from_file(Path(args.model), config, args.out_dir, StepLog())
    else:
        name, _, variant = args.model.partition(":")
        built = build_rtl_from_zoo(name, variant or "quantized", config, args.out_dir, StepLog())
    for note in built.notes:
        print(f"  note: {note}")
    print(f"project: {built.root}\nRTL ({built.top}): {built.rtl_dir}\nverify it with: hwverify verify {built.root}")
    return EXIT_OK


def _ranged(parse: Callable[[str], Number], accepts: Callable[[Number], bool], wanted: str) -> Callable[[str], Number]:
    """An argparse type: the text parsed, refused with ``expected <wanted>`` unless ``accepts`` takes the value."""
    def convert(text: str) -> Number:
        try:
            value = parse(text)
        except ValueError:
            value = None
        if value is None or not accepts(value):
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {text!r}")
        return value

    return convert


def _interval(text: str) -> int | str:
    """``--input-interval N`` (cycles, at least 1) or ``auto``."""
    if text == "auto":
        return text
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of cycles (at least 1) or 'auto', got {text!r}")
    return int(text)


def _intervals(text: str) -> tuple[int, ...]:
    """``--compare-intervals 200,400``: cycles, each at least 1."""
    parts = text.split(",")
    if not all(p.isdigit() and int(p) >= 1 for p in parts):
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers of cycles (each at least 1), got {text!r}")
    return tuple(int(p) for p in parts)


def _samples(text: str) -> int | None:
    """``--samples N`` or ``auto``."""
    if text == "auto":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of samples or 'auto', got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"the number of samples must not be negative, got {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code (see :data:`EXIT_CODES`)."""
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("hwverify: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001  (every failure is one line and an exit code, never a traceback)
        return report_error(error, args.debug)


def _dispatch(args: argparse.Namespace) -> int:
    """Check the output paths, point the cache where asked, and run the command."""
    values = option_values(args)
    set_verbose(args.verbose)
    for dest in _OUTPUT_OPTIONS:
        if getattr(args, dest, None):
            require_writable(Path(getattr(args, dest)), "--" + dest.replace("_", "-"))
    if values["jobs"] < 1:
        raise ConfigError(f"--jobs must be at least 1, got {values['jobs']}")
    if values["cache-dir"]:
        os.environ["HWVERIFY_CACHE_DIR"] = os.path.abspath(values["cache-dir"])
    if args.command == "demo":
        return _run_demo(args, values)
    if args.command == "verify":
        return _run_verify(args, values)
    if args.command == "report":
        return _run_report(args)
    if args.command == "build-rtl":
        return _run_build_rtl(args)

    # the shared options (seed, simulator) are stored under their registry names (hwverify.options)
    return run_calibrate(argparse.Namespace(**{**vars(args), "seed": values["seed"], "simulator": values["simulator"]}))


#: The options that name a file a command writes (checked before any work is done).
_OUTPUT_OPTIONS = ("html", "results_json", "out", "output", "fifo_depths")


def require_writable(path: Path, flag: str) -> None:
    """ConfigError naming ``flag`` and ``path`` when the file could not be written: a directory, under a file, or in
    a directory the user may not write."""
    if path.is_dir():
        raise ConfigError(f"{flag} {path} is a directory; give a file name")
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise ConfigError(f"{flag} {path} cannot be written: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ConfigError(f"{flag} {path} cannot be written: no permission to write in {parent}")


def report_error(error: BaseException, debug: bool = False) -> int:
    """Print ``error`` on stderr as one line (after its traceback with ``debug``) and return its exit code: 1 for a
    failed check (a stalled design), 2 for bad input, a missing or failed tool or an unusable file, 3 for a bug."""
    if debug:
        traceback.print_exception(error)
    if isinstance(error, HwverifyError):
        code = exit_code(error)
        print(f"hwverify: {'FAILED' if code == EXIT_FAILED else 'error'}: {error}", file=sys.stderr)
        return code
    if isinstance(error, OSError) and error.filename is not None:
        print(f"hwverify: error: {error.strerror or error}: {error.filename}", file=sys.stderr)
        return EXIT_ERROR
    hint = "" if debug else "; run again with --debug for the traceback"
    print(f"hwverify: internal error (a bug in hwverify, please report it): {type(error).__name__}: {error}{hint}",
          file=sys.stderr)
    return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
