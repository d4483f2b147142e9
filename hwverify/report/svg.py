"""Small inline SVG charts (histogram, bars with limits, lines, measured points) for the HTML report, drawn
without any library.

Every mark carries its data in ``data-*`` attributes (``data-count``, ``data-value``, ...) so tests, and
readers of the page source, can check a chart against the figures it claims to show.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 28, 72
PALETTE = ("#3366cc", "#dc7633", "#28a745", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d4ac0d")


@dataclass(frozen=True)
class Bin:
    """One histogram bin: values ``lo <= v <= hi`` (integers), and how many fell in it."""

    lo: int
    hi: int
    count: int


def integer_bins(values: Sequence[int], max_bins: int = 40) -> tuple[Bin, ...]:
    """Bins over integer ``values``: one per integer when the range is small, else ``max_bins`` equal ones."""
    if not len(values):
        return ()
    low, high = int(min(values)), int(max(values))
    width = max(1, math.ceil((high - low + 1) / max_bins))
    counts: dict[int, int] = {}
    for v in values:
        k = (int(v) - low) // width
        counts[k] = counts.get(k, 0) + 1
    n_bins = (high - low) // width + 1
    return tuple(Bin(low + k * width, low + (k + 1) * width - 1, counts.get(k, 0)) for k in range(n_bins))


def nice_step(top: float, ticks: int = 4) -> float:
    """A 1/2/5 x 10^k step giving about ``ticks`` intervals up to ``top``."""
    raw = max(top, 1e-12) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


def _frame(title: str, x_label: str, y_label: str, y_top: float, body: list[str], label: str) -> str:
    """The SVG element with its title, y axis ticks and gridlines, axis labels and ``body``."""
    plot_h = HEIGHT - TOP - BOTTOM
    step = nice_step(y_top)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{escape(label)}" width="{WIDTH}" '
             f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
             f'<text x="{WIDTH / 2}" y="18" text-anchor="middle" class="chart-title">{escape(title)}</text>']
    tick = 0.0
    while tick <= y_top + 1e-9:
        y = TOP + plot_h * (1 - tick / y_top)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{_number(tick)}</text>')
        tick += step
    parts += body
    parts.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" class="axis"/>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}" class="axis"/>')
    parts.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 8}" text-anchor="middle" class="label">'
                 f'{escape(x_label)}</text>')
    parts.append(f'<text transform="translate(14,{TOP + plot_h / 2}) rotate(-90)" text-anchor="middle" '
                 f'class="label">{escape(y_label)}</text>')
    return "\n".join(parts + ["</svg>"])


def _y_top(values: Sequence[float]) -> float:
    top = max([float(v) for v in values] + [0.0])
    if top <= 0:
        return 1.0
    step = nice_step(top)
    return math.ceil(top / step) * step


def histogram_svg(values: Sequence[int], title: str, x_label: str, label: str = "histogram") -> str:
    """A histogram of integer ``values`` (e.g. per-sample latency in cycles), one ``rect.bar`` per bin."""
    bins = integer_bins(values)
    y_top = _y_top([b.count for b in bins])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(bins))
    body = []
    every = max(1, math.ceil(len(bins) / 12))
    for k, b in enumerate(bins):
        h = plot_h * b.count / y_top
        x = LEFT + k * slot
        span = str(b.lo) if b.lo == b.hi else f"{b.lo}-{b.hi}"
        body.append(f'<rect class="bar" x="{x + 1:.1f}" y="{TOP + plot_h - h:.1f}" width="{max(slot - 2, 1):.1f}" '
                    f'height="{h:.1f}" data-lo="{b.lo}" data-hi="{b.hi}" data-count="{b.count}">'
                    f'<title>{escape(span)}: {b.count}</title></rect>')
        if k % every == 0:
            body.append(f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
                        f'class="tick">{escape(span)}</text>')
    return _frame(title, x_label, "samples", y_top, body, label)


def bar_chart_svg(labels: Sequence[str], values: Sequence[float], title: str, y_label: str,
                  limits: Sequence[float] | None = None, label: str = "bars",
                  highlight: Sequence[bool] | None = None) -> str:
    """One ``rect.bar`` per label; with ``limits`` an outlined ``rect.limit`` behind each bar (e.g. FIFO depth
    behind its maximum fill). ``highlight`` marks bars to draw in the failure colour."""
    if len(labels) != len(values) or (limits is not None and len(limits) != len(values)):
        raise ValueError("labels, values and limits must have the same length")
    y_top = _y_top(list(values) + list(limits or []))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(values))
    body = []
    for k, (name, value) in enumerate(zip(labels, values)):
        x = LEFT + k * slot
        if limits is not None:
            lh = plot_h * float(limits[k]) / y_top
            body.append(f'<rect class="limit" x="{x + 2:.1f}" y="{TOP + plot_h - lh:.1f}" '
                        f'width="{max(slot - 4, 1):.1f}" height="{lh:.1f}" data-label="{escape(name)}" '
                        f'data-value="{_number(float(limits[k]))}"/>')
        h = plot_h * float(value) / y_top
        cls = "bar bad" if highlight is not None and highlight[k] else "bar"
        body.append(f'<rect class="{cls}" x="{x + slot * 0.2:.1f}" y="{TOP + plot_h - h:.1f}" '
                    f'width="{max(slot * 0.6, 1):.1f}" height="{h:.1f}" data-label="{escape(name)}" '
                    f'data-value="{_number(float(value))}">'
                    f'<title>{escape(name)}: {_number(float(value))}</title></rect>')
        short = name if len(name) <= 18 else name[:8] + "…" + name[-8:]
        body.append(f'<text transform="translate({x + slot / 2:.1f},{HEIGHT - BOTTOM + 12}) rotate(30)" '
                    f'class="tick">{escape(short)}</text>')
    return _frame(title, "", y_label, y_top, body, label)


def line_chart_svg(series: Sequence[tuple[str, Sequence[int], Sequence[int]]], title: str, x_label: str,
                   y_label: str, label: str = "lines") -> str:
    """One ``polyline.series`` per ``(name, xs, ys)``, with a legend."""
    xs_all = [x for _, xs, _ in series for x in xs] or [0, 1]
    x_lo, x_hi = min(xs_all), max(max(xs_all), min(xs_all) + 1)
    y_top = _y_top([y for _, _, ys in series for y in ys])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    body = []
    for k, (name, xs, ys) in enumerate(series):
        points = " ".join(f"{LEFT + plot_w * (x - x_lo) / (x_hi - x_lo):.1f},{TOP + plot_h * (1 - y / y_top):.1f}"
                          for x, y in zip(xs, ys))
        colour = PALETTE[k % len(PALETTE)]
        body.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="1.5" points="{points}" '
                    f'data-name="{escape(name)}" data-max="{max(ys, default=0)}">'
                    f'<title>{escape(name)}</title></polyline>')
        if k < 6:  # the legend has room for three rows of two; every line has its name as a tooltip
            body.append(f'<text x="{LEFT + 8 + (k % 2) * 280}" y="{HEIGHT - BOTTOM + 30 + (k // 2) * 11}" '
                        f'class="legend" style="fill:{colour}">{escape(name[-40:])}</text>')
    for x in (x_lo, x_hi):
        body.append(f'<text x="{LEFT + plot_w * (x - x_lo) / (x_hi - x_lo):.1f}" y="{HEIGHT - BOTTOM + 14}" '
                    f'text-anchor="middle" class="tick">{x}</text>')
    return _frame(title, x_label, y_label, y_top, body, label)


def points_chart_svg(series: Sequence[tuple[str, Sequence[float], Sequence[float]]], title: str, x_label: str,
                     y_label: str, references: Sequence[tuple[str, float]] = (), y_top: float | None = None,
                     label: str = "points", log_x: bool = False) -> str:
    """Measured points: per ``(name, xs, ys)`` a ``polyline.series`` through one ``circle.point`` per point, a tick
    at every x, and per ``(name, y)`` in ``references`` a dashed ``line.reference`` across the plot (e.g. the float
    model's accuracy). ``y_top`` fixes the y range (e.g. 1.0 for a fraction); ``log_x`` spaces x logarithmically
    (positive xs, e.g. sample counts 1, 2, 5, 10 ... 20,000)."""
    xs_all = sorted({float(x) for _, xs, _ in series for x in xs}) or [0.0]
    ys_all = [float(y) for _, _, ys in series for y in ys] + [float(y) for _, y in references]
    top = y_top if y_top is not None else _y_top(ys_all)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    pad = 24.0

    scale = (lambda x: math.log10(max(x, 1e-12))) if log_x else (lambda x: x)

    def x_pos(x: float) -> float:
        span = scale(xs_all[-1]) - scale(xs_all[0])
        return (LEFT + plot_w / 2 if span == 0
                else LEFT + pad + (plot_w - 2 * pad) * (scale(x) - scale(xs_all[0])) / span)

    def y_pos(y: float) -> float:
        return TOP + plot_h * (1 - min(max(y, 0.0), top) / top)

    body = []
    for x in xs_all:
        body.append(f'<text x="{x_pos(x):.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
                    f'class="tick">{_number(x)}</text>')
    for name, y in references:
        body.append(f'<line class="reference" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y_pos(y):.1f}" '
                    f'y2="{y_pos(y):.1f}" data-name="{escape(name)}" data-value="{float(y):.6g}">'
                    f'<title>{escape(name)}: {float(y):.3f}</title></line>')
        body.append(f'<text x="{LEFT + 6}" y="{y_pos(y) - 4:.1f}" class="legend">'  # left: narrow widths sit low
                    f'{escape(name)} {float(y):.3f}</text>')
    for k, (name, xs, ys) in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        points = " ".join(f"{x_pos(float(x)):.1f},{y_pos(float(y)):.1f}" for x, y in zip(xs, ys))
        body.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="1.5" points="{points}" '
                    f'data-name="{escape(name)}"><title>{escape(name)}</title></polyline>')
        body += [f'<circle class="point" cx="{x_pos(float(x)):.1f}" cy="{y_pos(float(y)):.1f}" r="4" fill="{colour}" '
                 f'data-series="{escape(name)}" data-x="{_number(float(x))}" data-y="{float(y):.6g}">'
                 f'<title>{escape(name)}: {_number(float(x))}, {float(y):.3f}</title></circle>'
                 for x, y in zip(xs, ys)]
        body.append(f'<text x="{LEFT + 8 + k * 200}" y="{HEIGHT - BOTTOM + 30}" class="legend" style="fill:{colour}">'
                    f'{escape(name[-40:])}</text>')
    return _frame(title, x_label, y_label, top, body, label)


#: Rows of the charts that list one name per row (FIFO streams): label column width and row height.
NAME_COLUMN, ROW_HEIGHT = 210, 16


def _row_label(name: str, y: float) -> str:
    """A row's name, right-aligned in the label column and shortened in the middle to fit it."""
    fit = int((NAME_COLUMN - 14) / 6.2)
    short = name if len(name) <= fit else name[: fit // 2 - 1] + "…" + name[-(fit - fit // 2):]
    return (f'<text x="{NAME_COLUMN - 6}" y="{y + ROW_HEIGHT / 2 + 4:.1f}" text-anchor="end" class="tick row-label">'
            f'{escape(short)}<title>{escape(name)}</title></text>')


def _rows_frame(title: str, x_label: str, n_rows: int, body: list[str], label: str, x_ticks: list[str]) -> str:
    height = TOP + n_rows * ROW_HEIGHT + 40
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{escape(label)}" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="{WIDTH / 2}" y="18" text-anchor="middle" class="chart-title">{escape(title)}</text>',
        *body, *x_ticks,
        f'<text x="{(NAME_COLUMN + WIDTH - RIGHT) / 2:.1f}" y="{height - 6}" text-anchor="middle" '
        f'class="axis-label">{escape(x_label)}</text>', "</svg>"])


def hbar_chart_svg(labels: Sequence[str], values: Sequence[float], limits: Sequence[float], title: str,
                   x_label: str, label: str = "hbars", highlight: Sequence[bool] | None = None) -> str:
    """One row per label: an outlined ``rect.limit`` (e.g. a FIFO's depth) behind a ``rect.bar`` (its maximum
    fill); rows grow the chart downwards, so names never overlap however many there are."""
    if not len(labels) == len(values) == len(limits):
        raise ValueError("labels, values and limits must have the same length")
    x_top = _y_top(list(values) + list(limits))
    plot_w = WIDTH - NAME_COLUMN - RIGHT
    body = []
    for k, (name, value, limit) in enumerate(zip(labels, values, limits)):
        y = TOP + k * ROW_HEIGHT
        body.append(f'<rect class="limit" x="{NAME_COLUMN}" y="{y + 2:.1f}" width="{plot_w * float(limit) / x_top:.1f}" '
                    f'height="{ROW_HEIGHT - 4}" data-label="{escape(name)}" data-value="{_number(float(limit))}"/>')
        cls = "bar bad" if highlight is not None and highlight[k] else "bar"
        body.append(f'<rect class="{cls}" x="{NAME_COLUMN}" y="{y + 5:.1f}" width="{plot_w * float(value) / x_top:.1f}" '
                    f'height="{ROW_HEIGHT - 10}" data-label="{escape(name)}" data-value="{_number(float(value))}">'
                    f'<title>{escape(name)}: {_number(float(value))} of {_number(float(limit))}</title></rect>')
        body.append(_row_label(name, y))
    step = nice_step(x_top)
    bottom = TOP + len(labels) * ROW_HEIGHT
    ticks = [f'<text x="{NAME_COLUMN + plot_w * k * step / x_top:.1f}" y="{bottom + 14}" text-anchor="middle" '
             f'class="tick">{_number(k * step)}</text>' for k in range(int(x_top / step + 1e-9) + 1)]
    return _rows_frame(title, x_label, len(labels), body, label, ticks)


def heatmap_svg(rows: Sequence[tuple[str, Sequence[int], Sequence[float]]], title: str, x_label: str,
                label: str = "heatmap", columns: int = 100) -> str:
    """One row per ``(name, xs, ratios)``: ``columns`` cells over the x range, each coloured by the highest ratio
    in it (0 white, 0.5 blue, 1 or more red), with a colour key. For occupancy of many FIFOs over time."""
    xs_all = [x for _, xs, _ in rows for x in xs] or [0, 1]
    x_lo, x_hi = min(xs_all), max(max(xs_all), min(xs_all) + 1)
    plot_w = WIDTH - NAME_COLUMN - RIGHT
    cell = plot_w / columns
    body = []
    for k, (name, xs, ratios) in enumerate(rows):
        y = TOP + k * ROW_HEIGHT
        peaks = [0.0] * columns
        for x, ratio in zip(xs, ratios):
            column = min(columns - 1, int((x - x_lo) / (x_hi - x_lo) * columns))
            peaks[column] = max(peaks[column], float(ratio))
        for column, peak in enumerate(peaks):
            body.append(f'<rect class="cell" x="{NAME_COLUMN + column * cell:.1f}" y="{y + 1}" width="{cell + 0.3:.1f}" '
                        f'height="{ROW_HEIGHT - 2}" style="fill:{_heat(peak)}" data-value="{peak:.3f}"/>')
        body.append(_row_label(name, y))
    bottom = TOP + len(rows) * ROW_HEIGHT
    ticks = [f'<text x="{NAME_COLUMN + plot_w * f:.1f}" y="{bottom + 14}" text-anchor="{anchor}" class="tick">'
             f'{_number(x_lo + (x_hi - x_lo) * f)}</text>' for f, anchor in ((0, "start"), (1, "end"))]
    key = [f'<rect x="{NAME_COLUMN + plot_w / 2 - 60 + k * 24}" y="{bottom + 4}" width="24" height="10" '
           f'style="fill:{_heat(k / 4)}" class="key"/>' for k in range(5)]
    key.append(f'<text x="{NAME_COLUMN + plot_w / 2 + 66}" y="{bottom + 13}" class="tick">of depth: 0-100%</text>')
    return _rows_frame(title, x_label, len(rows), body, label, ticks + key)


def _heat(ratio: float) -> str:
    """White at 0, blue at 0.5, red at 1 (and beyond)."""
    stops = ((0.0, (255, 255, 255)), (0.5, (51, 102, 204)), (1.0, (192, 57, 43)))
    ratio = min(max(ratio, 0.0), 1.0)
    for (a, ca), (b, cb) in zip(stops, stops[1:]):
        if ratio <= b:
            t = (ratio - a) / (b - a)
            return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))
    return "#c0392b"
