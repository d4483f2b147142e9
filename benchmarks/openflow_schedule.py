"""FIFO depths without the vendor tool: the open io_stream flow's schedules against real exports.

For every io_stream project of ``benchmarks/real_exports.toml`` with a ``twin`` (a model of the same layers,
strategy, reuse factor and io type, written from the project's firmware; random weights, as FIFO timing does not
depend on them), this script

1. runs ``hwverify calibrate-fifos`` on the exported RTL, as :mod:`real_exports` does (2 random frames, without
   and with random backpressure): the depth every stream of the export needs;
2. converts the twin with hls4ml (io_stream) and builds it with the open dataflow flow under three schedules:
   one pixel per clock, hls4ml's templates (``Schedule.HLS4ML``, from each layer's strategy and reuse factor),
   and the timings the export's own synthesis reports give each process (``timing_from_report``); each design is
   calibrated with calibrate-fifos' settings and stimulus;
3. prints, per stream, the export's depth and each schedule's, and per schedule the streams with the same depth
   and those predicted smaller than the export needs.

Streams are paired in dataflow order (the export's from its ``myproject.cpp``); a final softmax, which the open
flow leaves out, has no twin stream. Usage (a checkout per project under CORPUS, as for real_exports.py):

    .venv/bin/python benchmarks/openflow_schedule.py CORPUS [--only id,id] [--work DIR] [--reuse] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_exports import MANIFEST, Project, Row, load_manifest, reuse_calibrate, run_calibrate  # noqa: E402

#: The nnet function of an export's process -> the hls4ml class of the twin's stage.
PROCESS_KINDS = {
    "conv_1d_cl": "Conv1D", "conv_2d_cl": "Conv2D", "pooling1d_cl": "Pooling1D", "pooling2d_cl": "Pooling2D",
    "global_pooling1d_cl": "GlobalPooling1D", "global_pooling2d_cl": "GlobalPooling2D", "dense": "Dense",
    "normalize": "BatchNormalization", "relu": "Activation", "hard_tanh": "Activation", "linear": "Activation",
    "zeropad1d_cl": "ZeroPadding1D", "zeropad2d_cl": "ZeroPadding2D", "softmax": "Softmax",
    "depthwise_conv_1d_cl": "DepthwiseConv1D", "depthwise_conv_2d_cl": "DepthwiseConv2D",
    "pointwise_conv_1d_cl": "PointwiseConv1D", "pointwise_conv_2d_cl": "PointwiseConv2D",
}
#: The stream a separable convolution's depthwise half writes inside its process (hls4ml's nnet_sepconv*_stream.h).
DEPTHWISE_STREAM = "depthwise_res"
SCHEDULES = ("one pixel per clock", "hls4ml templates", "synthesis reports")
SEED = 2026
FRAMES = 2  # as real_exports.run_calibrate


@dataclass(frozen=True)
class Process:
    """One dataflow process of an export, in call order: its nnet function, config and output stream (inside
    ``scope``, an instance whose name contains it, for the halves of a separable convolution; else at the top)."""

    function: str
    config: str
    output: str
    scope: str = ""

    @property
    def kind(self) -> str:
        """The hls4ml class it implements."""
        return PROCESS_KINDS.get(self.function, self.function)


@dataclass(frozen=True)
class StreamRow:
    """One stream: the export's name and depth, the twin's name and its depth under each schedule."""

    project: str
    export_stream: str
    twin_stream: str
    kind: str  # the producing process
    export_depth: int | None
    depths: tuple[int | None, ...]  # one per SCHEDULES


def export_processes(project_dir: Path, top: str = "myproject") -> list[Process]:
    """The processes of an export's ``firmware/<top>.cpp`` in call order (reshape aliases resolved)."""
    text = (project_dir / "firmware" / f"{top}.cpp").read_text(errors="replace")
    processes = []
    for match in re.finditer(r"nnet::(\w+)<([^;]*?)>\(\s*(\w+)\s*,\s*(\w+)", text):
        function, arguments, output = match[1], match[2], match[4]
        if function.startswith(("load_weights", "load_exponent")):
            continue
        config = (re.findall(r"(\w*config\d+)", arguments) or [""])[-1]
        if function.startswith("separable_conv_"):  # a depthwise and a pointwise process, a stream inside
            shape = function.removeprefix("separable_conv_")  # "2d_cl"
            processes += [Process(f"depthwise_conv_{shape}", f"{config}_depthwise", DEPTHWISE_STREAM, f"_{config}_U0"),
                          Process(f"pointwise_conv_{shape}", f"{config}_pointwise", output)]
        else:
            processes.append(Process(function, config, output))
    return processes


def export_depths(log: str) -> dict[tuple[str, str], int]:
    """The depth calibrate-fifos proposed for each stream of an export, by (scope, variable), from its table
    (every FIFO: instance path, variable, depth, max, proposed); a stream's FIFOs share the largest."""
    depths: dict[tuple[str, str], int] = {}
    for line in log.splitlines():
        cells = line.split()
        if len(cells) == 5 and cells[4].isdigit() and cells[2].isdigit():
            scope = cells[0].rsplit(".", 1)[0] if "." in cells[0] else ""
            key = (scope, cells[1])
            depths[key] = max(depths.get(key, 0), int(cells[4]))
    return depths


def export_depth(depths: dict[tuple[str, str], int], process: Process) -> int | None:
    """The depth of the stream ``process`` writes."""
    found = [d for (scope, variable), d in depths.items()
             if variable == process.output and (process.scope in scope if process.scope else scope == "")]
    return found[0] if len(found) == 1 else None


def report_modules(project_dir: Path, process: Process) -> list[Any]:
    """The synthesis reports of one process: its module and the modules Vitis splits its loops into."""
    from hwverify.sources.csynth import REPORT_DIR, read_module_schedule

    pattern = re.compile(rf"_{re.escape(process.config)}_(s|Pipeline_\w+)_csynth\.xml$")
    paths = sorted(p for p in (project_dir / REPORT_DIR).glob("*_csynth.xml") if pattern.search(p.name))
    return [read_module_schedule(path) for path in paths]


def twin_model(twin: dict[str, Any]) -> Any:
    """The Keras model a ``twin`` table describes (random weights, seeded)."""
    import tensorflow as tf

    tf.keras.utils.set_random_seed(SEED)
    inputs = tf.keras.layers.Input(tuple(twin["input"]), name="twin_input")
    x = inputs
    for k, spec in enumerate(twin["layers"]):
        x = _layer(spec, f"l{k}")(x)
    return tf.keras.Model(inputs, x, name="twin")


def _layer(spec: str, name: str) -> Any:
    import tensorflow as tf

    L = tf.keras.layers
    kind, *args = spec.split()
    numbers = [int(a) for a in args if a.isdigit()]
    padding = "same" if "same" in args else "valid"
    makers = {
        "Conv1D": lambda: L.Conv1D(numbers[0], numbers[1], padding=padding, name=name),
        "Conv2D": lambda: L.Conv2D(numbers[0], numbers[1], padding=padding, name=name),
        "MaxPooling1D": lambda: L.MaxPooling1D(numbers[0], name=name),
        "MaxPooling2D": lambda: L.MaxPooling2D(numbers[0], name=name),
        "GlobalMaxPooling1D": lambda: L.GlobalMaxPooling1D(name=name),
        "ReLU": lambda: L.Activation("relu", name=name),
        "Flatten": lambda: L.Flatten(name=name),
        "SeparableConv2D": lambda: L.SeparableConv2D(numbers[0], numbers[1], padding=padding, name=name),
        "Dense": lambda: L.Dense(numbers[0], name=name),
        "QDense": lambda: _qdense(numbers[0], name),  # quantized weights: hls4ml keeps a following BatchNormalization
        "BatchNormalization": lambda: L.BatchNormalization(name=name),
        "Softmax": lambda: L.Activation("softmax", name=name),
    }
    if kind not in makers:
        raise SystemExit(f"twin layer {spec!r}: unknown kind {kind!r} (known: {', '.join(makers)})")
    return makers[kind]()


def _qdense(units: int, name: str) -> Any:
    from qkeras import QDense, quantized_bits

    quantizer = quantized_bits(8, 4, alpha=1)
    return QDense(units, kernel_quantizer=quantizer, bias_quantizer=quantizer, name=name)


def twin_depths(project: Project, twin: dict[str, Any], processes: list[Process], project_dir: Path,
                log: Any) -> tuple[list[str], list[dict[str, int]], list[str]]:
    """The twin's streams, and per schedule the calibrated depth of each (by twin stream name),
    plus a line per stage on the timing the synthesis reports gave."""
    from hwverify.cli import build_parser
    from hwverify.fifo.depths import variable_depths
    from hwverify.flows.calibrate import calibrate_per_stimulus, calibration_settings
    from hwverify.model.config import HlsConfig
    from hwverify.model.csim import compile_csim
    from hwverify.sources.openflow.dataflow import generate_dataflow_rtl
    from hwverify.sources.openflow.schedule import Schedule, template_timing, timing_from_report
    from hwverify.sources.stimulus import make_stimulus

    config = HlsConfig(io_type="io_stream", backend=twin["backend"], strategy=twin["strategy"],
                       reuse_factor=int(twin["reuse_factor"]), project_name="myproject")
    compiled = compile_csim(twin_model(twin), config)
    graph = compiled.graph
    one = generate_dataflow_rtl(graph, schedule=Schedule.ONE_PIXEL_PER_CLOCK)
    plan = one.plan
    built = [p for p in processes if p.kind != "Softmax"]
    if [p.kind for p in built] != [s.kind for s in plan.stages]:
        raise SystemExit(f"{project.id}: the twin's stages {[s.kind for s in plan.stages]} are not the export's "
                         f"processes {[p.kind for p in built]}; fix its twin layers")
    report_timings, notes = {}, []
    for stage, process in zip(plan.stages, built):
        timing = timing_from_report(stage, report_modules(project_dir, process))
        report_timings[stage.layer] = timing or template_timing(graph.graph[stage.layer], stage)
        notes.append(f"{stage.layer} ({stage.kind}): {report_timings[stage.layer].why}"
                     + ("" if timing else " (no pixel loop in the reports: template)"))
    designs = [one, generate_dataflow_rtl(graph, schedule=Schedule.HLS4ML),
               generate_dataflow_rtl(graph, schedule=report_timings)]
    # calibrate-fifos' own defaults, as run_calibrate runs it on the export
    cli = build_parser().parse_args(["calibrate-fifos", str(project_dir), "--random", str(FRAMES)])
    args = argparse.Namespace(**{**vars(cli), "seed": SEED, "simulator": "verilator", "path": "bulk"})
    depths = []
    for name, generated in zip(SCHEDULES, designs):
        design = generated.to_rtl_design()
        codes = make_stimulus(design.inputs, (None,), None, None, FRAMES, SEED).codes
        settings = calibration_settings(args, 2_000_000)
        with log.step(f"{project.id}: calibrate the twin, {name} schedule"):
            calibration = calibrate_per_stimulus(design, codes, settings, log)
        depths.append({v.variable: v.optimized for v in variable_depths(calibration.fifos, calibration.proposed)})
    streams = [s.output_variable for s in plan.stages[:-1]]
    return streams, depths, notes


def compare(project: Project, twin: dict[str, Any], root: Path, work: Path, reuse: bool, log: Any) -> tuple[list[StreamRow], list[str]]:
    """Calibrate the export (or reuse its saved calibration) and the twin; one row per export stream."""
    project_dir = root / project.checkout / project.project_dir
    row = Row(project, 0, 0.0)
    if reuse:
        reuse_calibrate(project, work, row)
    if row.calibrate_rc is None:
        run_calibrate(project, root, work, row)
    if row.calibrate_rc != 0:
        raise SystemExit(f"{project.id}: calibrate-fifos on the export exited {row.calibrate_rc}: {row.calibrate_message}")
    exported = export_depths((work / f"{project.id}_calibrate.log").read_text())
    processes = export_processes(project_dir)
    streams, depths, notes = twin_depths(project, twin, processes, project_dir, log)
    rows = []
    for k, process in enumerate(processes[:-1]):
        twin_stream = streams[k] if k < len(streams) else ""
        name = f"{process.output} ({process.config})" if process.scope else process.output
        rows.append(StreamRow(project.id, name, twin_stream, process.kind, export_depth(exported, process),
                              tuple(d.get(twin_stream) for d in depths)))
    return rows, notes


def summary(rows: list[StreamRow]) -> list[str]:
    """Per schedule: streams with the export's depth, and streams predicted smaller than the export needs."""
    paired = [r for r in rows if r.twin_stream and r.export_depth is not None]
    lines = []
    for k, name in enumerate(SCHEDULES):
        same = sum(r.depths[k] == r.export_depth for r in paired)
        smaller = [f"{r.project} {r.export_stream}" for r in paired if (r.depths[k] or 0) < (r.export_depth or 0)]
        lines.append(f"{name}: same depth on {same}/{len(paired)} streams ({100 * same / max(1, len(paired)):.0f}%), "
                     f"smaller than the export needs on {len(smaller)}" + (f" ({', '.join(smaller)})" if smaller else ""))
    return lines


def table(results: dict[str, list[StreamRow]]) -> str:
    """A markdown table: per stream, the export's calibrated depth and each schedule's (difference in brackets)."""
    head = "| project | stream (export / twin) | process | export | " + " | ".join(SCHEDULES) + " |"
    lines = [head, "|" + "---|" * (4 + len(SCHEDULES))]
    for pid, rows in results.items():
        for r in rows:
            cells = []
            for depth in r.depths:
                if depth is None or r.export_depth is None:
                    cells.append("-" if depth is None else str(depth))
                else:
                    cells.append(f"{depth} ({depth - r.export_depth:+d})" if depth != r.export_depth else f"**{depth}**")
            twin = r.twin_stream or "(not built: softmax)"
            lines.append(f"| {pid} | {r.export_stream} / {twin} | {r.kind} | {r.export_depth} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path, help="the corpus: a checkout per project (see real_exports.py)")
    parser.add_argument("--only", default="", help="comma-separated project ids")
    parser.add_argument("--work", type=Path, default=Path("openflow_schedule_work"))
    parser.add_argument("--reuse", action="store_true", help="reuse the exports' saved calibrations in --work")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    args = parser.parse_args(argv)
    from hwverify.progress import StepLog

    args.work.mkdir(parents=True, exist_ok=True)
    twins = {e["id"]: e["twin"] for e in tomllib.loads(MANIFEST.read_text())["project"] if "twin" in e}
    only = set(filter(None, args.only.split(",")))
    results, all_rows, log = {}, [], StepLog()
    for project in load_manifest():
        if project.id not in twins or (only and project.id not in only):
            continue
        rows, notes = compare(project, twins[project.id], args.root, args.work, args.reuse, log)
        results[project.id] = rows
        all_rows += rows
        print(f"\n{project.id}: timings from the synthesis reports\n  " + "\n  ".join(notes))
        print("\n".join(f"  {line}" for line in summary(rows)))
    text = table(results) + "\n\nAll projects:\n" + "\n".join(f"- {line}" for line in summary(all_rows))
    print("\n" + text)
    if args.markdown:
        args.markdown.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
