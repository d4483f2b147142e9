"""The self-contained HTML report: one file, inline CSS and SVG, no scripts, fonts or images from anywhere.

Every piece of text from a results file goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from hwverify.cache import write_text_atomic
from hwverify.report.fifo_groups import FifoGroup, fullest, group_fifos, group_occupancy
from hwverify.report.results import AccuracySweep, Check, Comparison, DesignResult, Results
from hwverify.report.svg import (
    bar_chart_svg, heatmap_svg, hbar_chart_svg, histogram_svg, line_chart_svg, points_chart_svg
)

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:1.5em;margin-bottom:4px} h2{border-bottom:2px solid #ccc;padding-bottom:4px;margin-top:32px}
h3{margin-top:20px} .meta{color:#666;font-size:.9em}
table{border-collapse:collapse;margin:8px 0;font-size:.9em} th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
th{background:#f0f0f0} td.num{text-align:right;font-family:monospace}
.status{font-weight:bold;padding:1px 6px;border-radius:3px;color:#fff}
.pass{background:#28a745} .fail{background:#c0392b} .error{background:#8e44ad} .skip{background:#d4ac0d} .info{background:#7f8c8d}
.verdict{font-size:1.2em;margin:8px 0}
svg.chart{display:block;margin:8px 0;background:#fff;border:1px solid #ddd}
svg .bar{fill:#3366cc} svg .bar.bad{fill:#c0392b} svg .limit{fill:#eef3fb;stroke:#888;stroke-dasharray:4 2}
svg .grid{stroke:#eee} svg .axis{stroke:#444} svg text{font-size:11px;fill:#333}
svg .chart-title{font-size:13px;font-weight:bold}
svg .legend{font-size:10px} svg .reference{stroke:#c0392b;stroke-width:1.5;stroke-dasharray:6 3}
"""


def _status(status: str) -> str:
    return f'<span class="status {escape(status)}">{escape(status.upper())}</span>'


def _table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    """A table; cells are HTML already (escape text before passing it)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _td(text: object, numeric: bool = False) -> str:
    return f'<td class="num">{escape(str(text))}</td>' if numeric else f"<td>{escape(str(text))}</td>"


def _checks(checks: tuple[Check, ...]) -> str:
    rows = [[f"<td>{_status(c.status)}</td>", _td(c.name), _td(c.measured), _td(c.bound)] for c in checks]
    return _table(["status", "check", "measured", "bound"], rows, "checks")


def _figures(design: DesignResult) -> str:
    rows = [[_td(f.name), _td(_figure_value(f.value), True), _td(f.unit)] for f in design.figures]
    return _table(["figure", "value", "unit"], rows, "figures") if rows else ""


def _figure_value(value: float) -> str:
    """A figure as people read it: whole numbers whole, large ones with thousands separators, fractions to three
    decimals (a LUT estimate of 12011.5 reads 12,012; an accuracy of 0.966667 reads 0.967)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3f}"


def _mismatch_table(comparison: Comparison) -> str:
    rows = [[_td(m.layer), _td(m.sample, True), _td(m.element, True), _td(m.expected_code, True),
             _td(m.actual_code, True), _td(f"{m.lsb_distance:+g}", True)] for m in comparison.mismatches]
    shown = f"first {len(rows)} of " if len(rows) < comparison.n_differing_samples else ""
    return (f"<h4>Mismatches: {escape(comparison.label)} ({shown}{comparison.n_differing_samples} differing samples; "
            f"expected = {escape(comparison.expected_stage)}, actual = {escape(comparison.actual_stage)})</h4>"
            + _table(["layer", "sample", "element", "expected code", "actual code", "LSB distance"], rows,
                     "mismatches"))


def _comparisons(design: DesignResult) -> str:
    if not design.comparisons:
        return ""
    rows = [[f"<td>{_status('pass' if c.ok else 'fail')}</td>", _td(c.label), _td(c.n_samples, True),
             _td(c.n_differing_samples, True), _td(len(c.layers), True)] for c in design.comparisons]
    parts = ["<h3>Comparisons</h3>",
             _table(["", "compared", "samples", "differing samples", "layers compared"], rows, "comparisons")]
    parts += [_mismatch_table(c) for c in design.comparisons if c.mismatches]
    agree = [c for c in design.comparisons if len(c.layers) > 1 and not any(lc.n_differing_samples for lc in c.layers)]
    if agree:
        parts.append(f'<p class="meta">Every layer agrees on every sample in {len(agree)} comparison(s) '
                     f'({escape(", ".join(lc.layer for lc in agree[0].layers))}); no divergence plot drawn.</p>')
    for c in design.comparisons:
        if len(c.layers) > 1 and any(lc.n_differing_samples for lc in c.layers):
            parts.append(bar_chart_svg([lc.layer for lc in c.layers], [lc.n_differing_samples for lc in c.layers],
                                       f"Per-layer divergence, {c.label}", "differing samples",
                                       label="divergence", highlight=[lc.n_differing_samples > 0 for lc in c.layers]))
    return "\n".join(parts)


def _latency(design: DesignResult) -> str:
    if not design.latency_runs:
        return ""
    rows = []
    for run in design.latency_runs:
        wave = "<td></td>"
        if run.waveform:
            wave = f'<td><a href="{escape(_link(run.waveform))}">{escape(Path(run.waveform).name)}</a></td>'
        rows.append([_td(run.label), _td(f"{run.latency_cycles_min}-{run.latency_cycles_max}", True),
                     _td(f"{run.ii_cycles_min}-{run.ii_cycles_max}", True), _td(len(run.latency_cycles) or "", True),
                     wave])
    parts = ["<h3>Latency and interval</h3>",
             _table(["run", "latency (cycles)", "II (cycles)", "samples recorded", "waveform"], rows, "latency")]
    for run in design.latency_runs:
        if run.latency_cycles:
            parts.append(histogram_svg(run.latency_cycles, f"Latency distribution, {run.label}", "latency (cycles)",
                                       label="latency"))
        if len(set(run.ii_cycles)) > 1:  # a constant interval is already said by the table
            parts.append(histogram_svg(run.ii_cycles, f"Interval distribution, {run.label}", "II (cycles)",
                                       label="ii"))
    return "\n".join(parts)


def _link(path: str) -> str:
    """A local file link: relative paths stay relative (to keep CI artifacts movable), absolute ones are file URIs."""
    return Path(path).as_uri() if Path(path).is_absolute() else path


def _fifos(design: DesignResult) -> str:
    """One row per stream (expandable to its FIFOs), a bar per stream for the fullest ones, and occupancy over
    time: lines for a few streams, a heat map for many. Readable at hundreds of FIFOs."""
    if not design.fifos:
        return ""
    groups = group_fifos(design.fifos)
    shown, others = fullest(groups)
    rows = [_fifo_group_row(group) for group in groups]
    parts = [f"<h3>FIFOs ({len(design.fifos)} in {len(groups)} streams)</h3>",
             _table(["", "stream", "FIFOs", "depth", "max fill", "proposed depth"], rows, "fifos")]
    names = [g.variable for g in shown] + ([f"{len(others)} other streams"] if others else [])
    fills = [g.max_fill for g in shown] + ([max(g.max_fill for g in others)] if others else [])
    depths = [g.depth for g in shown] + ([max(g.depth for g in others)] if others else [])
    parts.append(hbar_chart_svg(names, fills, depths, "Stream maximum fill (bars) vs depth (outline)"
                                + (f", the {len(shown)} fullest" if others else ""), "words", label="fifo",
                                highlight=[g.max_fill > g.depth for g in shown] + [False] * bool(others)))
    parts.append(_depth_vs_interval(design, shown))
    occupancy = [(g.variable, *group_occupancy(g, design.fifo_series)) for g in shown]
    occupancy = [row for row in occupancy if row[1]]
    if occupancy and len(occupancy) <= 6:
        parts.append(line_chart_svg([(name, xs, [round(r * 100) for r in ratios]) for name, xs, ratios in occupancy],
                                    "Occupancy over time (fullest FIFO of each stream)", "cycle", "% of depth",
                                    label="occupancy"))
    elif occupancy:
        parts.append(heatmap_svg(occupancy, "Occupancy over time (fullest FIFO of each stream"
                                 + (f", the {len(shown)} fullest streams)" if others else ")"), "cycle",
                                 label="occupancy"))
    return "\n".join(parts)


def _depth_vs_interval(design: DesignResult, shown: Sequence[FifoGroup]) -> str:
    """Depth against input interval (x: cycles per sample, 0 = as fast as the design takes them) for the deepest
    FIFO of each shown stream, when the calibration ran at several rates."""
    if not design.fifo_rates:
        return ""
    by_name = {rate.name: rate for rate in design.fifo_rates}
    lines = []
    for group in shown[:6]:
        rates = [by_name[f.name] for f in group.members if f.name in by_name]
        if rates:
            deepest = max(rates, key=lambda rate: max(rate.depths))
            lines.append((group.variable, deepest.intervals, deepest.depths))
    return line_chart_svg(lines, "Depth needed vs input interval (0: as fast as the design takes samples)",
                          "cycles per sample", "words", label="rates") if lines else ""


def _fifo_group_row(group: FifoGroup) -> list[str]:
    """A stream's row. Its status word says what calibration proposes (raised, shrunk, unchanged) or, without a
    proposal, whether a FIFO ran full: never FAIL here, a failed proof is a failed check of its own."""
    word = group.change or ("full" if group.max_fill >= group.depth else "fits")
    css = "info" if word in ("raised", "full") else "pass"
    status = f'<span class="status {css}">{escape(word)}</span>'
    depths = sorted({f.depth for f in group.members})
    depth = str(depths[0]) if len(depths) == 1 else f"{depths[0]}-{depths[-1]}"
    members = "".join(f"<li>{escape(f.name)}: depth {f.depth}, max fill {f.max_fill}"
                      + (f", proposed {f.proposed_depth}" if f.proposed_depth else "") + "</li>" for f in group.members)
    name = (f"<td><details><summary>{escape(group.variable)}</summary><ul>{members}</ul></details></td>"
            if len(group.members) > 1 else _td(group.variable))
    return [f"<td>{status}</td>", name, _td(len(group.members), True), _td(depth, True), _td(group.max_fill, True),
            _td(group.proposed_depth or "", True)]


def _accuracy_sweeps(design: DesignResult) -> str:
    """Bit width vs accuracy, with the float Keras accuracy as a dashed reference line (only when swept)."""
    return "\n".join(_accuracy_sweep(sweep) for sweep in design.accuracy_sweeps)


def _accuracy_sweep(sweep: AccuracySweep) -> str:
    rows = [[_td(f"ap_fixed<{p.total_bits},{p.integer_bits}>"), _td(f"{p.accuracy:.3f}", True),
             _td(f"{p.argmax_agreement:.3f}", True), _td(f"{p.keras_accuracy:.3f}", True), _td(p.n_samples, True)]
            for p in sweep.points]
    bits = [p.total_bits for p in sweep.points]
    keras = [("float Keras", sweep.points[0].keras_accuracy)] if sweep.points else []
    chart = points_chart_svg([("C-sim accuracy", bits, [p.accuracy for p in sweep.points]),
                              ("C-sim argmax agrees with Keras", bits, [p.argmax_agreement for p in sweep.points])],
                             "Bit width vs accuracy", "total bits W of the default precision ap_fixed<W,I>",
                             "accuracy", references=keras, y_top=1.0, label="bit-width-accuracy")
    table = _table(["default precision", "accuracy", "agrees with Keras", "float Keras accuracy", "samples"], rows,
                   "sweep")
    return f"<h3>Bit width vs accuracy</h3><p class=\"meta\">{escape(sweep.label)}</p>{chart}{table}"


def _design(design: DesignResult) -> str:
    verdict = "pass" if design.ok else "fail"
    notes = "".join(f'<p class="meta">{escape(n)}</p>' for n in design.notes)
    return "\n".join(filter(None, [
        f'<section class="design"><h2>{escape(design.name)} {_status(verdict)}</h2>{notes}',
        _checks(design.checks) if design.checks else "", _figures(design), _comparisons(design), _latency(design),
        _fifos(design), _accuracy_sweeps(design), _adequacy(design), "</section>"]))


def _adequacy(design: DesignResult) -> str:
    """Stimulus adequacy against samples (log scale), with the target as a dashed line, and the table per layer."""
    curve = design.adequacy
    if curve is None:
        return ""
    target = [(f"target {curve.target:.0%}", curve.target)] if curve.target is not None else []
    chart = points_chart_svg([("faults detected", curve.samples, curve.adequacy)], "Stimulus adequacy vs samples",
                             "samples (log scale)", "fraction of injected faults detected", references=target,
                             y_top=1.0, label="adequacy", log_x=True)
    rows = [[_td(layer), _td(injected, True), _td(detected, True)] for layer, injected, detected in curve.layers]
    estimate = ("out of reach with inputs like these" if curve.estimated_samples_95 is None
                else f"about {curve.estimated_samples_95} samples like these")
    undetected = "".join(f"<li>{escape(fault)}</li>" for fault in curve.undetected[:20])
    return (f"<h3>Stimulus adequacy</h3><p class=\"meta\">{curve.detected} of {curve.faults} single faults "
            f"(one weight or bias +-1 LSB in the reference) detected; 95% needs {escape(estimate)}</p>{chart}"
            + _table(["layer", "faults injected", "detected"], rows, "adequacy")
            + (f"<details><summary>undetected faults ({len(curve.undetected)})</summary><ul>{undetected}</ul>"
               "</details>" if curve.undetected else ""))


def _tests(results: Results) -> str:
    if not results.tests:
        return ""
    summary = ", ".join(f"{n} {escape(outcome)}" for outcome, n in results.test_counts.items() if n)
    status = {"passed": "pass", "failed": "fail", "error": "error", "skipped": "skip"}
    rows = [[f"<td>{_status(status.get(t.outcome, 'info'))}</td>", _td(t.nodeid), _td(f"{t.duration_s:.2f}", True),
             _td(t.message or t.skip_reason or "")] for t in results.tests]
    skips = "".join(f"<li>{escape(tool)}: {n} test{'s' if n != 1 else ''} skipped</li>"
                    for tool, n in results.missing_tool_skips)
    notes = "".join(f"<li>{escape(note)}</li>" for note in results.notes)
    return (f"<h2>Tests ({summary})</h2>" + (f"<p>Missing tools:</p><ul>{skips}</ul>" if skips else "")
            + (f"<ul>{notes}</ul>" if notes else "") + _table(["", "test", "seconds", "why (failure or skip)"], rows, "tests"))


def render_html(results: Results) -> str:
    """The whole report as one HTML document."""
    verdict = "pass" if results.ok else "fail"
    tools = ", ".join(f"{escape(k)} {escape(v)}" for k, v in results.toolchain)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(results.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(results.title)}</h1>",
        f'<p class="meta">{escape(results.command)} &middot; {escape(results.created)} &middot; '
        f"{escape(results.format)}</p>", f'<p class="meta">{tools}</p>' if tools else "",
        f'<p class="verdict">Overall: {_status(verdict)}</p>',
        *[_design(d) for d in results.designs], _tests(results), "</body></html>"])


def write_html(results: Results, path: Path | str) -> Path:
    """Write the report for ``results`` to ``path`` (atomically); returns the path."""
    return write_text_atomic(Path(path), render_html(results))
