"""The results file and the self-contained HTML report: schema round trip, plots that carry the measured data,
escaping, the plugin's run report, the ``hwverify report`` command, and a real headless-Chromium render.

Runtime: about 5 s without the slow tests (Chromium renders in ~2 s); the slow demo test reuses the cached
demo C-sims (~10 s warm; its bit-width sweep adds two g++ compiles, ~15 s, when cold).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import struct
import subprocess
import tempfile
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from hwverify.checks.exact import Mismatch
from hwverify.checks.timing import TimingViolation
from hwverify.cli import main
from hwverify.errors import ConfigError
from hwverify.fifo.monitor import MonitorRecord
from hwverify.report import (
    from_calibration,
    from_test_run,
    from_verification,
    latency_run,
    load_results,
    render_html,
    write_html,
)
from hwverify.report.convert import fifo_series
from hwverify.report.results import (
    AccuracyPoint,
    AccuracySweep,
    Check,
    Comparison,
    DesignResult,
    FifoFill,
    FifoSeries,
    LayerCount,
    MismatchRow,
    Results,
)
from hwverify.report.run_report import RunCollector, bound_properties
from hwverify.report.svg import integer_bins
from hwverify.sim.measure import summarise
from hwverify.report.svg import bar_chart_svg
from hwverify.tools import require_tool
from tests.browser import CHROMIUM_FLAGS, screenshot_html

LATENCY = np.random.default_rng(7).integers(9, 15, size=300)
LAYERS = (("fc1", 0), ("relu1", 0), ("fc2", 4), ("relu2", 3), ("logits", 5))
HOSTILE = '<script>alert("x")</script> & friends'
SWEEP = AccuracySweep("synthetic MLP, io_parallel, argmax of 'logits' on 30 samples",
                      tuple(AccuracyPoint(w, 4, a, 0.95, g, 30) for w, a, g in ((6, 0.4, 0.42), (8, 0.8, 0.83),
                                                                                   (12, 0.93, 0.97))))


def _design() -> DesignResult:
    mismatch_rows = tuple(MismatchRow("logits", s, 2, 10 + s, 11 + s, 1.0) for s in (3, 17, 40, 41, 99))
    comparison = Comparison("Keras vs C-sim (io_parallel, test set)", "Keras", "C-sim", 120,
                            tuple(LayerCount(name, 120, n, float(n)) for name, n in LAYERS), mismatch_rows, 5)
    run = latency_run("RTL (verilator, no backpressure)", LATENCY, np.ones(299, dtype=int), "waves/dump.fst")
    fifos = (FifoFill("layer2_out_U", 8, 5, 6), FifoFill("layer4_out_U", 4, 7, 8))
    cycles = np.arange(0, 1000, 10)
    series = fifo_series(SimpleNamespace(series_cycles=cycles, series=np.stack([cycles % 7, cycles % 9], axis=1)),
                         ["layer2_out_U", "layer4_out_U"])
    checks = (Check("bit-exact: Keras vs C-sim", "fail", "5 of 120 samples differ", "0 samples differ"),
              Check(HOSTILE, "pass", "latency 9-14", "latency <= 20"))
    return DesignResult(HOSTILE, checks, (), (comparison,), (run,), fifos, series, ("synthetic",),
                        accuracy_sweeps=(SWEEP,))


def _results() -> Results:
    return Results("synthetic run", "2026-01-01T00:00:00+00:00", "pytest", (_design(),), (("numpy", "1.26.4"),))


class _Page(HTMLParser):
    """Collects tags with attributes, and the text, of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def marks(self, chart: str, cls: str) -> list[dict[str, str]]:
        """Attributes of the ``cls`` marks inside each SVG whose data-chart is ``chart``, in order."""
        found, inside = [], False
        for tag, attrs in self.tags:
            if tag == "svg":
                inside = attrs.get("data-chart") == chart
            elif inside and cls in attrs.get("class", "").split():
                found.append(attrs)
        return found


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_results_json_round_trip(tmp_path):
    results = _results()
    path = results.write(tmp_path / "results.json")
    loaded = load_results(path)
    assert loaded == results
    assert loaded.designs[0].latency_runs[0].latency_cycles == tuple(int(v) for v in LATENCY)
    assert json.loads(path.read_text())["format"] == "hwverify-results/1"


def test_bad_results_files_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_results(tmp_path / "missing.json")
    other = tmp_path / "other.json"
    other.write_text('{"format": "something/9"}')
    with pytest.raises(ConfigError, match="something/9"):
        load_results(other)
    broken = json.loads(_results().to_json())
    broken["designs"][0]["fifos"][0]["depth"] = "eight"
    with pytest.raises(ConfigError, match=r"designs\[0\]\.fifos\[0\]\.depth"):
        Results.from_json(json.dumps(broken))


def test_latency_histogram_bars_match_the_values():
    page = _parse(render_html(_results()))
    bars = page.marks("latency", "bar")
    drawn = {int(b["data-lo"]): int(b["data-count"]) for b in bars}
    assert drawn == dict(Counter(int(v) for v in LATENCY))
    tallest = max(bars, key=lambda b: int(b["data-count"]))
    assert all(float(b["height"]) <= float(tallest["height"]) for b in bars)
    assert float(tallest["height"]) > 100  # drawn, not collapsed to the axis


def _bars_per_chart(page: _Page, chart: str) -> list[dict[int, int]]:
    """``{bin low: count}`` of each SVG whose data-chart is ``chart``, in page order."""
    charts: list[dict[int, int]] = []
    inside = False
    for tag, attrs in page.tags:
        if tag == "svg":
            inside = attrs.get("data-chart") == chart
            if inside:
                charts.append({})
        elif inside and "bar" in attrs.get("class", "").split():
            charts[-1][int(attrs["data-lo"])] = int(attrs["data-count"])
    return charts


def test_demo_report_draws_the_open_flow_latency_histograms(tmp_path):
    """The open flow's per-sample latency and II reach the demo's results file and its histograms."""
    import io

    from hwverify.progress import StepLog
    from hwverify.report import from_demo

    paused_latency, paused_ii = (7, 9, 9, 12, 7, 15), (1, 3, 1, 2, 4)
    def run(label: str, latency: tuple[int, ...], ii: tuple[int, ...]) -> SimpleNamespace:  # an RtlRun's fields
        sim = SimpleNamespace(latency_cycles=np.array(latency), ii_cycles=np.array(ii), waves=None)
        return SimpleNamespace(label=label, sim=sim, framing=(), mismatches=())

    runs = (run("RTL (Icarus, no backpressure)", (7,) * 6, (1,) * 5),
            run("RTL (Icarus, 30%/50% pauses)", paused_latency, paused_ii))
    flow = SimpleNamespace(agreements=(), keras_exact=True, rtl=SimpleNamespace(shell_latency_cycles=7),
                           timing_ok=True, runs=runs, n_samples=6,
                           resources=SimpleNamespace(da4ml_luts=90.0, da4ml_register_bits=40, synthesis=None))
    demo = SimpleNamespace(model="tiny", variant="quantized", test_accuracy=0.9, comparisons=(),
                           step_log=StepLog(stream=io.StringIO()), open_flow=flow, bit_width_sweep=None)
    results = load_results(from_demo(demo).write(tmp_path / "demo.json"))
    runs = results.designs[0].latency_runs
    assert [(r.latency_cycles, r.ii_cycles) for r in runs] == [((7,) * 6, (1,) * 5), (paused_latency, paused_ii)]
    assert (runs[1].latency_cycles_min, runs[1].latency_cycles_max) == (7, 15)
    page = _parse(render_html(results))
    free, paused = _bars_per_chart(page, "latency")
    assert free == {7: 6}
    assert paused == {7: 2, 8: 0, 9: 2, 10: 0, 11: 0, 12: 1, 13: 0, 14: 0, 15: 1}
    assert _bars_per_chart(page, "ii") == [{1: 2, 2: 1, 3: 1, 4: 1}]  # the constant II of the free run is not drawn
    ticks = set(page.text)
    assert {"7", "9", "12", "15"} <= ticks
    titles = [attrs["aria-label"] for tag, attrs in page.tags if tag == "svg"]
    assert "Latency distribution, RTL (Icarus, 30%/50% pauses)" in titles


def test_integer_bins_cover_every_value_when_the_range_is_wide():
    values = list(range(0, 1000, 7)) + [999]
    bins = integer_bins(values, max_bins=40)
    assert len(bins) <= 40 and sum(b.count for b in bins) == len(values)
    assert bins[0].lo == 0 and bins[-1].hi >= 999


def test_divergence_and_fifo_bars_match_the_data():
    page = _parse(render_html(_results()))
    divergence = page.marks("divergence", "bar")
    assert [(b["data-label"], int(b["data-value"])) for b in divergence] == list(LAYERS)
    assert [("bad" in b["class"]) for b in divergence] == [n > 0 for _, n in LAYERS]
    fill = [(b["data-label"], int(b["data-value"])) for b in page.marks("fifo", "bar")]
    depth = [(b["data-label"], int(b["data-value"])) for b in page.marks("fifo", "limit")]
    assert fill == [("layer2_out", 5), ("layer4_out", 7)] and depth == [("layer2_out", 8), ("layer4_out", 4)]
    lines = page.marks("occupancy", "series")  # the most words held, as a share of the depth
    assert [(s["data-name"], int(s["data-max"])) for s in lines] == [("layer2_out", 75), ("layer4_out", 200)]
    assert all(len(s["points"].split()) == 100 for s in lines)


def test_bit_width_plot_shows_every_point_and_the_keras_reference():
    page = _parse(render_html(_results()))
    points = page.marks("bit-width-accuracy", "point")
    drawn = [(p["data-series"], int(p["data-x"]), float(p["data-y"])) for p in points]
    assert drawn == [("C-sim accuracy", p.total_bits, p.accuracy) for p in SWEEP.points] + \
        [("C-sim argmax agrees with Keras", p.total_bits, p.argmax_agreement) for p in SWEEP.points]
    ys = [float(p["cy"]) for p in points[:3]]
    assert ys == sorted(ys, reverse=True) and ys[0] - ys[-1] > 50  # rising accuracy, drawn rising
    reference = page.marks("bit-width-accuracy", "reference")
    assert [(r["data-name"], float(r["data-value"])) for r in reference] == [("float Keras", 0.95)]
    assert {"6", "8", "12"} <= set(page.text) and "ap_fixed<8,4>" in " ".join(page.text)


def test_mismatch_table_waveform_link_and_escaping():
    html = render_html(_results())
    page = _parse(html)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert not any(tag == "script" for tag, _ in page.tags)
    text = " ".join(page.text)
    rows = [t for t in page.tags if t[0] == "table" and t[1].get("class") == "mismatches"]
    assert len(rows) == 1 and "5 differing samples" in text
    assert any(tag == "a" and attrs["href"] == "waves/dump.fst" for tag, attrs in page.tags)
    assert "FAIL" in text  # the failed check, the FIFO that overflowed its depth and the overall verdict


def test_plots_are_absent_when_there_is_nothing_to_plot():
    quiet = DesignResult("quiet", (Check("ok", "pass"),),
                         comparisons=(Comparison("a vs b", "a", "b", 10,
                                                 (LayerCount("l1", 10, 0), LayerCount("l2", 10, 0)), (), 0),))
    page = _parse(render_html(Results("quiet", "now", "pytest", (quiet,))))
    assert not any(tag == "svg" for tag, _ in page.tags)
    assert "Every layer agrees" in " ".join(page.text)


def test_converters_for_verification_and_calibration():
    mismatch = Mismatch(sample=4, element=1, expected_code=12, actual_code=-3, lsb_distance=-15.0,
                        n_elements_differing=2)
    sim = SimpleNamespace(latency_cycles=np.array([5, 5, 6]), ii_cycles=np.array([1, 1]), waves=None,
                          latency=summarise(np.array([5, 5, 6])), ii=summarise(np.array([1, 1])),
                          cycles_per_second=1e6, notes=("a note",))
    violation = TimingViolation("latency", 2, 6, 5, "max", "csynth report")
    report = SimpleNamespace(latency_best_cycles=5, latency_worst_cycles=5, interval_min_cycles=1,
                             interval_max_cycles=1, estimated_clock_ns=4.2, source=Path("myproj_csynth.xml"))
    verification = SimpleNamespace(
        project=SimpleNamespace(name="myproj", root=Path("/p"), notes=()),
        design=SimpleNamespace(outputs=(SimpleNamespace(name="layer5_out"),)), stimulus=SimpleNamespace(distinct=3),
        n_samples=3, runs=(SimpleNamespace(label="RTL (icarus, no backpressure)", sim=sim, mismatches=(mismatch,),
                                           framing=()),),
        report=report, timing=SimpleNamespace(checked=True, notes=()), timing_violations=(violation,), step_log=None,
        adequacy=None, notes=("a note",))
    design = from_verification(verification).designs[0]
    assert not design.ok and design.latency_runs[0].latency_cycles == (5, 5, 6)
    assert design.comparisons[0].mismatches[0] == MismatchRow("layer5_out", 4, 1, 12, -3, -15.0)
    assert [c.status for c in design.checks] == ["fail", "pass", "fail", "fail"]  # codes, framing, timing
    assert design.notes == ("project /p", "a note")

    fifos = (SimpleNamespace(name="a_U", depth=4), SimpleNamespace(name="b_U", depth=16))
    record = MonitorRecord(cycles=50, max_fill={"a_U": 3, "b_U": 9}, end={}, series_cycles=np.arange(50),
                           series=np.stack([np.arange(50) % 4, np.arange(50) % 10], axis=1))
    calibration = SimpleNamespace(top="top", fifos=fifos, max_fill={"a_U": 3, "b_U": 9}, proposed={"a_U": 3, "b_U": 9})
    design = from_calibration(calibration, record).designs[0]
    assert [(f.name, f.depth, f.max_fill) for f in design.fifos] == [("a_U", 4, 3), ("b_U", 16, 9)]
    assert [max(s.fills) for s in design.fifo_series] == [3, 9] and design.ok


def _run_report(tmp_path: Path) -> Path:
    collector = RunCollector()
    collector.add("tests/test_a.py::test_latency", "call", "passed", 1.5, None,
                  [("hwverify:metric:iris_mlp:latency_cycles_max", 7),
                   *bound_properties("iris_mlp", "latency_cycles_max", "<= 8", "7", "bounds.yaml")])
    collector.add("tests/test_a.py::test_rtl", "setup", "skipped", 0.0, "missing tool: verilator was not found", [])
    return from_test_run(collector, {"numpy": "1.26.4"}).write(tmp_path / "run.json")


def test_plugin_run_report_renders(tmp_path):
    results = load_results(_run_report(tmp_path))
    assert results.designs[0].name == "iris_mlp"
    assert results.designs[0].checks[0] == Check("latency_cycles_max", "pass", "7", "<= 8 (bounds.yaml)")
    assert [t.outcome for t in results.tests] == ["passed", "skipped"]
    assert results.missing_tool_skips == (("verilator", 1),)
    text = " ".join(_parse(render_html(results)).text)
    assert "missing tool: verilator" in text and "1 skipped" in text


def test_report_command(tmp_path, capsys):
    source = _results().write(tmp_path / "results.json")
    out = tmp_path / "out" / "report.html"
    assert main(["report", str(source), "-o", str(out)]) == 0
    assert out.read_text() == render_html(load_results(source))
    assert main(["report", str(tmp_path / "nope.json"), "-o", str(out)]) == 2
    assert "nope.json" in capsys.readouterr().err


def _external_references(html: str) -> list[str]:
    found = []
    for tag, attrs in _parse(html).tags:
        for key in ("src", "href", "xlink:href", "data", "poster"):
            value = attrs.get(key, "").strip().lower()
            if value.startswith(("http:", "https:", "//", "ftp:")):
                found.append(f"<{tag} {key}={value}>")
        if tag == "link" or (tag == "script" and "src" in attrs):
            found.append(f"<{tag}>")
    if "url(" in html or "@import" in html:
        found.append("CSS url()/@import")
    return found


def test_external_reference_check_catches_a_cdn_script():
    assert _external_references('<script src="https://cdn.example.org/plot.js"></script>')
    assert _external_references('<link rel="stylesheet" href="style.css">')


def _png_pixels(path: Path) -> np.ndarray:
    """RGB(A) pixels of an 8-bit, non-interlaced PNG, decoded with zlib (as Chromium writes them)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6), f"unsupported PNG layout {header}"
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(b"".join(chunks))
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
        row = _unfilter(kind, line, previous, channels)
        rows.append(row)
        previous = row
    out = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(height, stride)
    return out.reshape(height, width, channels)[:, :, :3]


def _unfilter(kind: int, line: bytes, previous: bytes, bpp: int) -> bytes:
    """Undo one PNG row filter (None, Sub, Up, Average, Paeth)."""
    if kind == 0:
        return bytes(line)
    if kind == 2:
        return ((np.frombuffer(line, np.uint8).astype(np.uint16) + np.frombuffer(previous, np.uint8)) & 255) \
            .astype(np.uint8).tobytes()
    row = bytearray(line)
    for x in range(len(row)):  # Sub, Average and Paeth depend on the byte to the left: sequential
        a = row[x - bpp] if x >= bpp else 0
        b = previous[x]
        if kind == 1:
            row[x] = (row[x] + a) & 255
        elif kind == 3:
            row[x] = (row[x] + ((a + b) >> 1)) & 255
        else:
            c = previous[x - bpp] if x >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    return bytes(row)


def test_report_renders_in_headless_chromium(tmp_path):
    html = write_html(_results(), tmp_path / "report.html")
    assert _external_references(html.read_text()) == []
    png = screenshot_html(html, tmp_path / "report.png")
    pixels = _png_pixels(png)
    assert pixels.shape[:2] == (1600, 1200)
    assert pixels.std() > 10, "the screenshot is blank"
    red = (pixels[:, :, 0] > 150) & (pixels[:, :, 1] < 90) & (pixels[:, :, 2] < 90)
    blue = (pixels[:, :, 2] > 150) & (pixels[:, :, 0] < 90)
    assert red.sum() > 200 and blue.sum() > 200, "the FAIL badges and the chart bars were not drawn"
    sweep_only = Results("sweep", "now", "pytest", (DesignResult("mlp", accuracy_sweeps=(SWEEP,)),))
    pixels = _png_pixels(screenshot_html(write_html(sweep_only, tmp_path / "sweep.html"), tmp_path / "sweep.png"))
    orange = (pixels[:, :, 0] > 190) & (np.abs(pixels[:, :, 1].astype(int) - 118) < 30) & (pixels[:, :, 2] < 90)
    blue = (pixels[:, :, 2] > 150) & (pixels[:, :, 0] < 90)
    r, g, b = (pixels[:, :, k].astype(int) for k in range(3))
    dashed_red = (r > 170) & (r - g > 40) & (np.abs(g - b) < 25)  # the thin line is anti-aliased into pink
    assert orange.sum() > 100 and blue.sum() > 100 and dashed_red.sum() > 200, "bit-width plot not drawn"
    empty = tmp_path / "empty.html"
    empty.write_text("<!DOCTYPE html><html><body></body></html>")
    assert _png_pixels(screenshot_html(empty, tmp_path / "empty.png")).std() < 1  # the blank check can fail


@pytest.mark.slow
def test_demo_writes_results_and_html(tmp_path):
    results, html = tmp_path / "demo.json", tmp_path / "demo.html"
    assert main(["demo", "--csim-only", "--samples", "200", "--sweep-bits", "8,12", "--results-json", str(results),
                 "--html", str(html)]) == 0
    loaded = load_results(results)
    assert loaded.ok and len(loaded.designs[0].comparisons) == 4
    sweep = loaded.designs[0].accuracy_sweeps[0]
    assert [(p.total_bits, p.integer_bits, p.n_samples) for p in sweep.points] == [(8, 6, 30), (12, 6, 30)]
    assert sweep.points[0].accuracy < sweep.points[1].accuracy  # iris_mlp (float): about 0.67 vs 0.97
    assert len(_parse(html.read_text()).marks("bit-width-accuracy", "point")) == 4
    assert all(c.n_samples in (30, 200) and c.layers for c in loaded.designs[0].comparisons)
    assert html.read_text() == render_html(loaded)
    assert _external_references(html.read_text()) == []


@pytest.mark.slow
def test_real_simulation_latency_histogram_and_waveform_link(tmp_path):
    """Icarus on the small AXI-Stream fixture with random backpressure (~5 s): the histogram shows its latencies."""
    from hwverify.sim.simulate import SimOptions, simulate
    from tests.rtl.test_runner import axis_pair

    codes = np.random.default_rng(3).integers(-128, 128, size=(60, 4))
    options = SimOptions(simulator="icarus", input_backpressure=0.3, output_backpressure=0.5, seed=5, waves=True,
                         work_dir=tmp_path / "sim")
    sim = simulate(axis_pair(), codes, options)
    run = latency_run("RTL (icarus, random backpressure)", sim.latency_cycles, sim.ii_cycles, sim.waves)
    page = _parse(render_html(Results("sim", "now", "pytest", (DesignResult("axis_pair", latency_runs=(run,)),))))
    drawn = {int(b["data-lo"]): int(b["data-count"]) for b in page.marks("latency", "bar") if int(b["data-count"])}
    assert drawn == dict(Counter(int(v) for v in sim.latency_cycles)) and len(sim.latency_cycles) == 60
    if sim.waves is not None:
        assert any(tag == "a" and attrs["href"] == Path(sim.waves).as_uri() for tag, attrs in page.tags)


#: Run in the page by headless Chromium: every SVG text's box inside its chart, and no two texts of a chart
#: overlapping; the findings replace the page body, which --dump-dom prints.
LAYOUT_PROBE = """<script>
window.addEventListener("load", () => {
  const problems = [];
  let texts = 0;
  for (const svg of document.querySelectorAll("svg.chart")) {
    const frame = svg.getBoundingClientRect();
    const boxes = [...svg.querySelectorAll("text")].map(t => [t, t.getBoundingClientRect()]);
    texts += boxes.length;
    for (const [t, b] of boxes) {
      if (b.left < frame.left - 0.5 || b.right > frame.right + 0.5 || b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5)
        problems.push("outside " + svg.dataset.chart + ": " + t.textContent);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i][1], b = boxes[j][1];
      const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (dx > 1 && dy > 1) problems.push("overlap in " + svg.dataset.chart + ": " + boxes[i][0].textContent + " / " + boxes[j][0].textContent);
    }
  }
  document.body.innerHTML = "<pre id='layout'>" + JSON.stringify({charts: document.querySelectorAll("svg.chart").length, texts, problems}) + "</pre>";
});
</script>"""


def _many_fifos(n_streams: int, per_stream: int) -> Results:
    """A dataflow design's calibration with ``n_streams`` streams of ``per_stream`` element FIFOs each."""
    rng = np.random.default_rng(n_streams)
    fifos, series = [], []
    for s in range(n_streams):
        for e in range(per_stream):
            name = f"myproject_U0.layer{s}_out_of_a_rather_long_layer_name_V_data_{e}_V_U"
            depth = int(rng.integers(2, 600))
            fill = int(rng.integers(1, depth + 1))
            fifos.append(FifoFill(name, depth, fill, max(2, fill + 1)))
            series.append(FifoSeries(name, tuple(range(0, 40_000, 100)),
                                     tuple(int(v) for v in rng.integers(0, fill + 1, 400))))
    return Results("fifos", "now", "hwverify calibrate-fifos", (DesignResult("cnn", fifos=tuple(fifos),
                                                                            fifo_series=tuple(series)),))


def _probe(page: str, tmp_path: Path) -> dict:
    """The layout probe's findings on the HTML text ``page``, rendered by headless Chromium."""
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", LAYOUT_PROBE + "</body>"))
    chromium = require_tool("chromium", "checking the report's layout in a real browser", "apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="hwverify-chromium-") as profile:
        done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1600",
                               "--virtual-time-budget=5000", "--dump-dom", probe.resolve().as_uri()],
                              capture_output=True, text=True, timeout=120, check=True)
    found = re.search(r"<pre id=\"layout\">(.*?)</pre>", done.stdout, re.S)
    assert found, done.stdout[-2000:]
    return json.loads(html_lib.unescape(found[1]))


@pytest.mark.parametrize(("streams", "per_stream"), [(12, 8), (100, 5)])  # 96 and 500 FIFOs
def test_many_fifos_lay_out_without_overlap_inside_their_charts(streams: int, per_stream: int, tmp_path: Path) -> None:
    results = _many_fifos(streams, per_stream)
    layout = _probe(write_html(results, tmp_path / "report.html").read_text(), tmp_path)
    assert layout["charts"] == 2 and layout["texts"] > 30
    assert layout["problems"] == []
    page = _parse(render_html(results))
    assert len(page.marks("fifo", "bar")) == min(streams, 30) + (streams > 30)  # the fullest 30, then "others"
    assert f"{streams * per_stream} in {streams} streams" in " ".join(page.text)
    pixels = _png_pixels(screenshot_html(tmp_path / "report.html", tmp_path / "report.png"))
    assert pixels.std() > 10


def test_the_layout_probe_finds_overlapping_labels(tmp_path: Path) -> None:
    """The probe can fail: the old FIFO chart (one rotated label per FIFO) overlaps itself at 96 FIFOs."""
    design = _many_fifos(12, 8).designs[0]
    chart = bar_chart_svg([f.name for f in design.fifos], [f.max_fill for f in design.fifos], "old", "words",
                          limits=[f.depth for f in design.fifos], label="old")
    layout = _probe(f"<!DOCTYPE html><html><body>{chart}</body></html>", tmp_path)
    assert any(problem.startswith("overlap in old") for problem in layout["problems"])
