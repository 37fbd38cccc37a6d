"""The charts of an HTML report, as inline SVG drawn by matplotlib, and each chart's text
alternative (a table: for screen readers, for a diff, for a reader who wants the numbers).

matplotlib is imported only here and only when a chart is drawn, so ``validate`` and the
text formats never pay for it. Charts are drawn on a bare :class:`~matplotlib.figure.Figure`
(no pyplot, no global backend), text stays text (``svg.fonttype: none``: searchable, small,
in the page's font) and the output is the same bytes for the same roadmap: no date in the
metadata, and ids salted by the chart's own id so that two charts in one page never share
one.

Every colour here also has its words: a verdict is in the panel's title or the legend, a
hatched bar is named in the legend, so a printout in black and white says the same.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..document import (
    Bar,
    Cell,
    Chart,
    CurveChart,
    LoadChart,
    MetricChart,
    MetricPanel,
    OutcomeChart,
    RiskChart,
    Table,
    Timeline,
    Tone,
    Value,
)
from .words import day, labelled, number, shortened, span, wrapped

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# The report's CSS colours (render/html.py), so a chart reads as the page does.
INK, MUTED, LINE, SOFT, ACCENT = "#1f2328", "#59636e", "#d1d9e0", "#f6f8fa", "#0969da"
TONE_COLOUR: dict[str, str] = {"good": "#1a7f37", "warn": "#9a6700", "bad": "#cf222e", "muted": MUTED}
TONE_FILL: dict[str, str] = {"good": "#dafbe1", "warn": "#fff8c5", "bad": "#ffebe9", "muted": "#eaeef2"}
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "h")
LEVELS = ("low", "medium", "high")
WIDTH = 7.2  # inches: the page's text column (60rem at 15 px is 9.4 in on screen; printed, 7.2 in fits A4 and Letter)

STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # <text>, not glyph paths
    "text.parse_math": False,  # "$5M" is money in a roadmap, not TeX: never read text between $ signs as maths
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 7.5,
    "axes.titlesize": 7.5,
    "axes.labelsize": 7,
    "xtick.labelsize": 6.5,
    "ytick.labelsize": 6.5,
    "legend.fontsize": 6.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 1.4,
    "figure.dpi": 72,  # 1 pt = 1 px: the SVG's own sizes read in CSS pixels
    "date.epoch": "1970-01-01T00:00:00",  # what _x counts from, set here so that no user setting moves it
}
EPOCH = dt.date(1970, 1, 1)


def _x(day: dt.date) -> float:
    """A day as matplotlib's date axis counts it (days since the epoch): its start."""
    return float((day - EPOCH).days)


def colour(tone: Tone | None) -> str:
    return TONE_COLOUR.get(tone or "", ACCENT)


# --- drawing -------------------------------------------------------------------------------


@contextmanager
def _style(salt: str) -> Iterator[None]:
    import matplotlib

    settings: Any = {**STYLE, "svg.hashsalt": salt}  # matplotlib's stubs type each key apart
    with matplotlib.rc_context(settings):
        yield


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


SVG_ROOT = re.compile(r'<svg\b[^>]*\bviewBox="([^"]*)"[^>]*>')


MATPLOTLIB_ID = re.compile(r'(\bid=)"([A-Za-z0-9.]+(?:_[A-Za-z0-9]+)*_\d+)"')


def _svg(figure: Figure, label: str, prefix: str) -> str:
    """The figure as an ``<svg>`` element to inline: no XML prolog, no metadata, sized by
    CSS (its viewBox kept), announced to screen readers as one image with ``label``."""
    import io
    from html import escape

    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = out.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, count=1, flags=re.DOTALL)
    # matplotlib numbers its groups per figure (figure_1, axes_1...): in a page of several
    # charts they would repeat, so each takes its chart's id as a prefix. Nothing refers to them.
    text = MATPLOTLIB_ID.sub(lambda m: f'{m[1]}"{prefix}-{m[2]}"', text)
    match = SVG_ROOT.match(text)
    if match is None:  # matplotlib always writes a viewBox; a change there should fail loudly
        raise ValueError("matplotlib wrote an SVG without a viewBox")
    # Its drawn width, for CSS: paper shows the chart at the size it was drawn (its text at
    # its point sizes), a screen no wider than a comfortable stretch of it.
    width = match.group(1).split()[2]
    root = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="{match.group(1)}" '
            f'style="--drawn: {width}pt" role="img" aria-label="{escape(label)}">')
    return root + text[match.end():].rstrip() + "\n"


def draw(chart: Chart | Timeline, label: str, chart_id: str) -> str:
    """The chart as inline SVG (``label``: what a screen reader announces)."""
    drawer = _drawer(chart)
    with _style(chart_id):
        figure = drawer(chart, chart_id)
        return _svg(figure, label, chart_id)


def _drawer(chart: Chart | Timeline) -> Any:
    """The function that draws ``chart`` into a new figure: ``drawer(chart, chart_id)``."""
    return {MetricChart: _metrics, OutcomeChart: _outcomes, CurveChart: _curves, LoadChart: _load, RiskChart: _risks,
            Timeline: _gantt}[type(chart)]


def picture(chart: Chart | Timeline, title: str, note: str, fmt: str) -> Any:
    """The chart as a file of its own: ``"svg"`` (text) or ``"png"`` (bytes, 200 dpi),
    titled, with ``note`` (what its dates are) under it; the same bytes every time."""
    import io
    from html import escape

    drawer = _drawer(chart)
    with _style("picture"):
        figure = drawer(chart, "picture")
        width, height = figure.get_size_inches()
        figure.set_size_inches(width, height + 0.45)  # room for the title and the note
        figure.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=9)
        axes = figure.axes[0]  # what its dates are, between the title and the axis on top
        axes.set_xlabel(note, loc="left", fontsize=6.5, color=MUTED)
        axes.xaxis.set_label_position("top")
        if fmt == "png":
            data = io.BytesIO()
            figure.savefig(data, format="png", dpi=200, metadata={"Software": None})
            return data.getvalue()
        text = io.StringIO()
        figure.savefig(text, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", text.getvalue(), count=1, flags=re.DOTALL)
    root = SVG_ROOT.search(svg)
    if root is None:  # matplotlib always writes one; a change there should fail loudly
        raise ValueError("matplotlib wrote an SVG without a viewBox")
    return f"{svg[:root.end()]}\n <title>{escape(title)}</title>{svg[root.end():]}"


def _dates(axes: Axes, first: dt.date, last: dt.date) -> None:
    """A date axis whose labels cannot collide: matplotlib's concise formatter picks the
    step and writes the year once."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=7)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator, show_offset=False,
                                                        formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S"],
                                                        zero_formats=["", "%Y", "%b %Y", "%d %b", "%H:%M", "%H:%M"]))
    axes.set_xlim(_x(first), _x(last))


def _today(axes: Axes, today: dt.date, gid: str, label: bool = True) -> None:
    axes.axvline(_x(today), color=TONE_COLOUR["bad"], linestyle=(0, (3, 2)), linewidth=0.9, gid=gid)
    if label:
        axes.annotate("today", (_x(today), 1), xycoords=("data", "axes fraction"), xytext=(2, -1), textcoords="offset points",
                      va="top", ha="left", fontsize=6, color=TONE_COLOUR["bad"])


def _no_data(axes: Axes, words: str) -> None:
    axes.text(0.5, 0.5, words, transform=axes.transAxes, ha="center", va="center", fontsize=6.5, color=MUTED, wrap=True,
              bbox={"boxstyle": "round", "facecolor": SOFT, "edgecolor": LINE})


def _metrics(chart: MetricChart, chart_id: str) -> Figure:
    columns = min(3, len(chart.panels))
    rows = math.ceil(len(chart.panels) / columns)
    figure = _figure(WIDTH, 1.25 * rows + 0.3)
    grid = figure.subplots(rows, columns, squeeze=False)
    for index, axes in enumerate(grid.flat):
        if index >= len(chart.panels):
            axes.set_visible(False)
            continue
        _metric_panel(axes, chart.panels[index], chart.today, f"{chart_id}-series-{index}")
        axes.set_gid(f"{chart_id}-panel-{index}")
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=MUTED, marker="o", linestyle="", markersize=4, label="baseline"),
               Line2D([], [], color=INK, marker="D", fillstyle="none", linestyle="", markersize=4, label="quarterly target"),
               Line2D([], [], color=INK, linestyle=(0, (4, 2)), linewidth=1, label="this quarter's plan"),
               Line2D([], [], color=ACCENT, marker="o", label="baseline to now (colour: verdict)"),
               Line2D([], [], color=TONE_COLOUR["bad"], linestyle=(0, (3, 2)), linewidth=0.9, label="today")]
    figure.legend(handles=handles, loc="outside lower center", ncols=5, frameon=False)
    return figure


def _metric_panel(axes: Axes, panel: MetricPanel, today: dt.date, gid: str) -> None:
    tone = colour(panel.tone)
    days = [panel.baseline[0], today, *(point[0] for _quarter, point in panel.targets)]
    if panel.current is not None:
        days.append(panel.current[0])
    first, last = min(days), max(days)
    pad = dt.timedelta(days=max(4, (last - first).days // 25))
    _dates(axes, first - pad, last + pad)
    axes.plot([_x(panel.baseline[0])], [panel.baseline[1]], marker="o", color=MUTED, markersize=4, linestyle="", gid=f"{gid}-baseline")
    if panel.targets:
        axes.plot([_x(p[0]) for _q, p in panel.targets], [p[1] for _q, p in panel.targets], marker="D", fillstyle="none",
                  markersize=4, color=INK, linestyle="", gid=f"{gid}-targets")
    if panel.plan is not None:
        (start_day, start), (end_day, end) = panel.plan
        axes.plot([_x(start_day), _x(end_day)], [start, end], color=INK, linestyle=(0, (4, 2)), linewidth=1, gid=f"{gid}-plan")
    if panel.current is not None:
        axes.plot([_x(panel.baseline[0]), _x(panel.current[0])], [panel.baseline[1], panel.current[1]], color=tone, marker="o",
                  markevery=[1], markersize=5, gid=f"{gid}-now")
    _today(axes, today, f"{gid}-today", label=False)
    unit = f" ({panel.unit})" if panel.unit and len(panel.unit) <= 12 else ""
    # "Model: metric": the model's name is shortened, never the metric the panel is about.
    model, colon, metric = panel.title.rpartition(": ")
    axes.set_title(labelled(model, f"{colon}{metric}{unit}", 38) if colon else wrapped(panel.title + unit, 38), loc="left", fontsize=7, pad=10)
    axes.annotate(panel.verdict, (0, 1), xycoords="axes fraction", xytext=(0, 2), textcoords="offset points", fontsize=6.5,
                  color=tone, fontweight="bold", va="bottom")
    if panel.current is None:
        _no_data(axes, "no current value yet:\nonly the baseline and targets")
    elif not panel.targets:
        _no_data(axes, "no target set")
    axes.margins(y=0.25)
    axes.grid(axis="y", color=LINE, linewidth=0.5)


def _outcomes(chart: OutcomeChart, chart_id: str) -> Figure:
    from matplotlib.lines import Line2D

    # The verdict is the colour's word: the title is shortened, never the verdict.
    labels = [labelled(line.title, f": {line.verdict}" + ("" if line.now is not None else " (no current value)"), LEGEND)
              for line in chart.lines]
    plan, lands = "plan: a straight line to 100%\nat the due quarter's end", "hollow: when the work\nserving it lands"
    figure = _figure(WIDTH, _beside_legend([*labels, plan, lands]))
    axes = figure.subplots()
    days = [chart.today, *(line.start for line in chart.lines), *(line.due for line in chart.lines),
            *(line.lands for line in chart.lines if line.lands is not None)]
    first, last = min(days), max(days)
    _dates(axes, first - dt.timedelta(days=7), last + dt.timedelta(days=7))
    handles = []
    for index, line in enumerate(chart.lines):
        tone, marker, gid = colour(line.tone), MARKERS[index % len(MARKERS)], f"{chart_id}-series-{index}"
        axes.plot([_x(line.start), _x(line.due)], [0, 100], color=tone, linestyle=(0, (4, 2)), linewidth=0.8, alpha=0.7, gid=f"{gid}-plan")
        if line.now is not None and line.now[0] < line.start:  # measured before the period starts: a point, no line back in time
            axes.plot([_x(line.now[0])], [100 * line.now[1]], color=tone, marker=marker, markersize=5, linestyle="", gid=f"{gid}-now")
        elif line.now is not None:
            axes.plot([_x(line.start), _x(line.now[0])], [0, 100 * line.now[1]], color=tone, marker=marker, markevery=[1], markersize=5,
                      gid=f"{gid}-now")
        else:
            axes.plot([_x(line.start)], [0], color=tone, marker=marker, markersize=5, linestyle="", gid=f"{gid}-now")
        if line.lands is not None:
            axes.plot([_x(line.lands)], [100], color=tone, marker=marker, fillstyle="none", markersize=6, linestyle="", gid=f"{gid}-lands")
        handles.append(Line2D([], [], color=tone, marker=marker, markersize=5, label=labels[index]))
    _today(axes, chart.today, f"{chart_id}-today")
    axes.set_ylabel("of the way")
    axes.yaxis.set_major_formatter("{x:.0f}%")
    # An outcome that went backwards (worse than its baseline) is below 0%: it must stay on the chart.
    shares = [100 * line.now[1] for line in chart.lines if line.now is not None]
    axes.set_ylim(min([-5, *(share - 5 for share in shares)]), max([110, *(share + 5 for share in shares)]))
    axes.grid(axis="y", color=LINE, linewidth=0.5)
    handles += [Line2D([], [], color=MUTED, linestyle=(0, (4, 2)), linewidth=0.8, label=plan),
                Line2D([], [], color=MUTED, marker="o", fillstyle="none", linestyle="", label=lands)]
    figure.legend(handles=handles, loc="outside right upper", ncols=1, frameon=False)
    return figure


# Legends sit beside the plot, in a column this many characters wide: beneath it, each
# entry would cost a line of the page's height.
LEGEND = 34


def _beside_legend(labels: list[str]) -> float:
    """A chart's height, in inches, when its legend of ``labels`` sits on its right: the
    plot's own, or the legend's if that is taller."""
    lines = sum(label.count("\n") + 1 for label in labels)
    return max(1.45, 0.3 + 0.125 * lines + 0.06 * len(labels))


def _curves(chart: CurveChart, chart_id: str) -> Figure:
    from matplotlib.lines import Line2D

    labels = [wrapped(curve.title, LEGEND) for curve in chart.curves]
    planned = "the plan's end date\n(every other view's)"
    figure = _figure(WIDTH, _beside_legend([*labels, planned]))
    axes = figure.subplots()
    days = [step[0] for curve in chart.curves for step in curve.steps] + [curve.planned for curve in chart.curves]
    first, last = min(days), max(days)
    _dates(axes, first - dt.timedelta(days=3), last + dt.timedelta(days=3))
    handles = []
    for index, curve in enumerate(chart.curves):
        tone = ACCENT if index == 0 else ("#8250df", "#bf3989", "#1b7c83", "#953800", "#57606a")[(index - 1) % 5]
        gid = f"{chart_id}-series-{index}"
        # Flat at 0 before the first sampled day, then up in steps: the share finished by each day's end.
        # A day's share is reached at its end: the step rises where the next day begins.
        xs = [_x(curve.steps[0][0]), *(_x(step[0]) + 1 for step in curve.steps)]
        ys = [0.0, *(100 * step[1] for step in curve.steps)]
        axes.step(xs, ys, where="post", color=tone, linewidth=1.6 if index == 0 else 1.0, gid=gid)
        axes.plot([_x(mark) + 1 for mark in curve.marks], [50, 80, 95], linestyle="", marker="o", markersize=3.5, color=tone, gid=f"{gid}-marks")
        if index == 0:  # the end: its three dates written on the chart, the others' in the table
            for share, when in zip((50, 80, 95), curve.marks):
                axes.annotate(f"{share}%: {day(when)}", (_x(when) + 1, share), xytext=(5, -2), textcoords="offset points", fontsize=6.5,
                              va="top", color=INK)
            axes.axvline(_x(curve.planned) + 1, color=INK, linestyle=(0, (4, 2)), linewidth=0.8, gid=f"{gid}-planned")
        handles.append(Line2D([], [], color=tone, linewidth=1.6 if index == 0 else 1.0, label=labels[index]))
    for share in (50, 80, 95):
        axes.axhline(share, color=LINE, linewidth=0.6, zorder=0)
    axes.set_yticks([0, 50, 80, 95])  # no 100%: it would sit on the 95% label
    axes.yaxis.set_major_formatter("{x:.0f}%")
    axes.set_ylim(0, 102)
    axes.set_ylabel("chance finished by then")
    handles.append(Line2D([], [], color=INK, linestyle=(0, (4, 2)), linewidth=0.8, label=planned))
    figure.legend(handles=handles, loc="outside right upper", ncols=1, frameon=False)
    return figure


# Up to and including; the fullest blue is dark enough for white text (5:1, past WCAG's 4.5).
LOAD_BINS = ((0, "#ffffff"), (50, "#ddf4ff"), (90, "#80ccff"), (100, "#0969da"))


def load_colour(percent: int | None) -> str:
    if percent is None:
        return "#eaeef2"
    if percent > 100:
        return "#ff8182"
    return next(fill for bound, fill in LOAD_BINS if percent <= bound)


def _load(chart: LoadChart, chart_id: str) -> Figure:
    from matplotlib.patches import Patch, Rectangle

    columns, rows = len(chart.columns), len(chart.rows)
    figure = _figure(min(WIDTH, 1.9 + 0.42 * columns), 0.75 + 0.22 * rows)
    axes = figure.subplots()
    for r in range(rows):
        for c in range(columns):
            percent, over = chart.percent[r][c], chart.over[r][c]
            axes.add_patch(Rectangle((c, r), 1, 1, facecolor=load_colour(percent), edgecolor=TONE_COLOUR["bad"] if over else "#ffffff",
                                     linewidth=1.4 if over else 0.8, hatch="////" if percent is None else None, gid=f"{chart_id}-cell-{r}-{c}"))
            if percent is not None:
                axes.text(c + 0.5, r + 0.5, f"{percent}", ha="center", va="center", fontsize=6,
                          color="#ffffff" if percent >= 91 and not over else INK, fontweight="bold" if over else "normal")
        axes.add_patch(Rectangle((0, r), 0, 0, gid=f"{chart_id}-series-{r}"))  # one per person: the row, for a count
    axes.set_xlim(0, columns)
    axes.set_ylim(rows, 0)
    axes.set_xticks([c + 0.5 for c in range(columns)], chart.columns, rotation=0 if columns <= 8 else 90)
    axes.set_yticks([r + 0.5 for r in range(rows)], [shortened(name, 26) for name in chart.rows])
    axes.xaxis.tick_top()
    axes.tick_params(length=0)
    for side in axes.spines.values():
        side.set_visible(False)
    legend = [Patch(facecolor=fill, edgecolor=LINE, label=words) for fill, words in
              (("#ffffff", "nothing booked"), ("#ddf4ff", "up to 50%"), ("#80ccff", "51-90%"), ("#0969da", "91-100%"),
               ("#ff8182", "over 100%"))]
    legend += [Patch(facecolor="#ffffff", edgecolor=TONE_COLOUR["bad"], linewidth=1.4, label="booked past capacity on a day"),
               Patch(facecolor="#eaeef2", hatch="////", edgecolor=LINE, label="nobody available")]
    figure.legend(handles=legend, loc="outside lower left", ncols=3, frameon=False)
    return figure


RISK_FILL = {1: "#dafbe1", 2: "#dafbe1", 3: "#fff8c5", 4: "#fff8c5", 6: "#ffebe9", 9: "#ffcecb"}


def risk_numbers(chart: RiskChart) -> dict[str, str]:
    """R1, R2...: the short names the grid writes in its cells, listed in its table."""
    return {risk.id: f"R{index}" for index, risk in enumerate(chart.risks, 1)}


def _risks(chart: RiskChart, chart_id: str) -> Figure:
    from matplotlib.patches import Rectangle

    figure = _figure(3.2, 2.1)
    axes = figure.subplots()
    names = risk_numbers(chart)
    cells: dict[tuple[int, int], list[str]] = {}
    for risk in chart.risks:
        cells.setdefault((LEVELS.index(risk.impact), LEVELS.index(risk.likelihood)), []).append(
            names[risk.id] + ("*" if risk.accepted else ""))
    for i in range(3):
        for k in range(3):
            axes.add_patch(Rectangle((i, k), 1, 1, facecolor=RISK_FILL[(i + 1) * (k + 1)], edgecolor="#ffffff", linewidth=2))
            found = cells.get((i, k), [])
            if found:
                shown = found if len(found) <= 8 else [*found[:7], f"+{len(found) - 7}"]
                lines = [" ".join(shown[k:k + 4]) for k in range(0, len(shown), 4)]
                axes.text(i + 0.5, k + 0.5, "\n".join(lines), ha="center", va="center", fontsize=7, fontweight="bold",
                          gid=f"{chart_id}-cell-{i}-{k}")
    for index in range(len(chart.risks)):
        axes.add_patch(Rectangle((0, 0), 0, 0, gid=f"{chart_id}-series-{index}"))  # one per risk, for a count
    axes.set_xlim(0, 3)
    axes.set_ylim(0, 3)
    axes.set_xticks([0.5, 1.5, 2.5], LEVELS)
    axes.set_yticks([0.5, 1.5, 2.5], LEVELS)
    axes.set_xlabel("impact")
    axes.set_ylabel("likelihood")
    axes.tick_params(length=0)
    for side in axes.spines.values():
        side.set_visible(False)
    if any(risk.accepted for risk in chart.risks):
        figure.text(0.99, 0.01, "* accepted", ha="right", va="bottom", fontsize=6, color=MUTED)
    return figure


LABEL = 60  # characters of a timeline row's label before it wraps: most titles take one line
ROW = 0.17  # inches: a timeline row of one line


def _gantt_rows(timeline: Timeline) -> list[tuple[str, Bar | None]]:
    """(label, bar) from top to bottom: each lane's title on its own row, then its bars;
    a single lane needs no title (the section's says it)."""
    rows: list[tuple[str, Bar | None]] = []
    for lane in timeline.lanes:
        if len(timeline.lanes) > 1:
            rows.append((lane.title, None))
        rows.extend((labelled(bar.label, f" ({bar.note})" if bar.note else "", LABEL), bar) for bar in lane.bars)
    return rows


def _gantt(timeline: Timeline, chart_id: str) -> Figure:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = _gantt_rows(timeline)
    heights = [ROW * 1.6 if "\n" in label else ROW for label, _bar in rows]
    figure = _figure(WIDTH, max(1.3, 0.72 + sum(heights)))  # the axis on top and the legend below need their room
    axes = figure.subplots()
    centre: dict[str, float] = {}
    y, ticks = 0.0, []
    one = dt.timedelta(days=1)
    for (_label, bar), height in zip(rows, heights):
        middle = y + height / 2
        ticks.append(middle)
        y += height
        if bar is None:
            axes.axhline(y - height, color=INK, linewidth=0.6)
            continue
        centre[bar.id] = middle
        gid = f"{chart_id}-series-{len(centre) - 1}"
        edge = INK if bar.critical else MUTED if bar.done else colour(bar.tone) if bar.tone else ACCENT  # done: grey, as its legend
        if bar.milestone or bar.decision:
            axes.plot([_x(bar.start) + 0.5], [middle], marker="v" if bar.decision else "D", markersize=6 if bar.decision else 5,
                      color=MUTED if bar.done else (colour(bar.tone) if bar.tone else INK), markeredgecolor=INK if bar.critical else "none",
                      markeredgewidth=1.2, linestyle="", gid=gid)
        else:
            fill = TONE_FILL["muted"] if bar.done else TONE_FILL.get(bar.tone or "", "#ddf4ff")
            axes.barh(middle, (bar.finish - bar.start).days + 1, left=_x(bar.start), height=0.13, color=fill, edgecolor=edge,
                      linewidth=1.3 if bar.critical else 0.7, hatch="//////" if bar.done else None,
                      linestyle=(0, (2, 1)) if bar.tone == "warn" and not bar.critical else "solid", gid=gid)
    by_id = {bar.id: bar for lane in timeline.lanes for bar in lane.bars}
    for before, after in timeline.links:
        if before in centre and after in centre:
            # From the end of the predecessor's last day (a milestone's or decision's middle) to the
            # start of the dependent's first day.
            point = by_id[before].milestone or by_id[before].decision
            start = _x(by_id[before].finish) + (0.5 if point else 1)
            end = _x(by_id[after].start) + (0.5 if by_id[after].milestone or by_id[after].decision else 0)
            critical = by_id[before].critical and by_id[after].critical
            axes.annotate("", xy=(end, centre[after]), xytext=(start, centre[before]),
                          arrowprops={"arrowstyle": "-|>", "color": INK if critical else "#8c959f", "linewidth": 0.8 if critical else 0.5,
                                      "mutation_scale": 5, "shrinkA": 0, "shrinkB": 1, "connectionstyle": "angle,angleA=0,angleB=90,rad=0"
                                      if end > start else "arc3"},
                          gid=f"{chart_id}-link-{before}-{after}")
    for index, band in enumerate(timeline.bands):  # behind the bars: the work it holds goes live after it
        axes.axvspan(_x(band.first), _x(band.last) + 1, color=LINE, alpha=0.6, linewidth=0, zorder=0, gid=f"{chart_id}-freeze-{index}")
    # A few days' margin each side, so that a milestone on the first or last day is drawn whole.
    pad = dt.timedelta(days=max(2, (timeline.last - timeline.first).days // 60))
    _dates(axes, timeline.first - pad, timeline.last + one + pad)
    axes.xaxis.tick_top()
    axes.grid(axis="x", color=LINE, linewidth=0.5)
    if timeline.first <= timeline.today <= timeline.last:
        _today(axes, timeline.today, f"{chart_id}-today")
    axes.set_ylim(max(y, ROW), 0)  # no lanes: one empty row, not a singular axis
    axes.set_yticks(ticks, [label for label, _bar in rows])
    for tick, (_label, bar) in zip(axes.get_yticklabels(), rows):
        if bar is None:
            tick.set_fontweight("bold")
            tick.set_color(INK)
        elif bar.done:
            tick.set_color("#8c959f")
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    legend = [Patch(facecolor="#ddf4ff", edgecolor=ACCENT, label="planned or under way"),
              Patch(facecolor=TONE_FILL["warn"], edgecolor=TONE_COLOUR["warn"], linestyle=(0, (2, 1)), label="at risk or blocked"),
              Patch(facecolor=TONE_FILL["bad"], edgecolor=TONE_COLOUR["bad"], label="late"),
              Patch(facecolor=TONE_FILL["muted"], edgecolor=MUTED, hatch="//////", label="done"),
              Patch(facecolor="#ffffff", edgecolor=INK, linewidth=1.3, label="critical chain (sets the end)"),
              Line2D([], [], color=INK, marker="D", linestyle="", markersize=5, label="milestone"),
              Line2D([], [], color=INK, marker="v", linestyle="", markersize=6, label="decision"),
              Line2D([], [], color="#8c959f", marker=">", markersize=3, linewidth=0.5, label="dependency"),
              Line2D([], [], color=TONE_COLOUR["bad"], linestyle=(0, (3, 2)), linewidth=0.9, label="today"),
              *([Patch(facecolor=LINE, alpha=0.6, label="freeze (no go-live)")] if timeline.bands else [])]
    figure.legend(handles=legend, loc="outside lower center", ncols=5, frameon=False)
    return figure


# --- text alternatives ------------------------------------------------------------------------


def _value(value: float, unit: str | None) -> str:
    return number(value, unit if unit == "%" else None)


def table(chart: Chart | Timeline) -> Table:
    """What the chart shows, as a table."""
    if isinstance(chart, MetricChart):
        return Table(["Metric", "Baseline", "Now", "Targets", "This quarter's plan", "Verdict"], [
            [panel.title + (f" ({panel.unit})" if panel.unit else ""), _value(panel.baseline[1], panel.unit),
             f"{_value(panel.current[1], panel.unit)} ({day(panel.current[0])})" if panel.current else "no value",
             "; ".join(f"{quarter}: {_value(point[1], panel.unit)}" for quarter, point in panel.targets) or "none",
             (f"{_value(panel.plan[0][1], panel.unit)} on {day(panel.plan[0][0])} to {_value(panel.plan[1][1], panel.unit)} "
              f"on {day(panel.plan[1][0])}") if panel.plan else "–",
             panel.verdict] for panel in chart.panels])
    if isinstance(chart, OutcomeChart):
        return Table(["Outcome", "Of the way now", "Due", "Work lands", "Verdict"], [
            [line.title, f"{100 * line.now[1]:.0f}% ({day(line.now[0])})" if line.now else "no current value", day(line.due),
             day(line.lands) if line.lands else "–", line.verdict] for line in chart.lines])
    if isinstance(chart, CurveChart):
        return Table(["Date of", "50% likely by", "80% likely by", "95% likely by", "Plan", "Due"], [
            [curve.title, *(day(mark) for mark in curve.marks), day(curve.planned), day(curve.due) if curve.due else "–"]
            for curve in chart.curves])
    if isinstance(chart, LoadChart):
        rows: list[list[Value]] = [[name, *(("off" if p is None else f"{p}%") + (" (over)" if over else "")
                                            for p, over in zip(percents, overs))]
                                   for name, percents, overs in zip(chart.rows, chart.percent, chart.over)]
        return Table(["", *chart.columns], rows)
    if isinstance(chart, RiskChart):
        names = risk_numbers(chart)
        return Table(["", "Risk", "Likelihood", "Impact", "Status"], [
            [names[risk.id], f"{risk.title} ({risk.id})", risk.likelihood, risk.impact, "accepted" if risk.accepted else "open"]
            for risk in chart.risks])
    lanes = len(chart.lanes) > 1  # one lane: the section's title says what it holds
    bars: list[list[Value]] = [
        [*([lane.title] if lanes else []), Cell(bar.text, bar.tone), day(bar.start) if bar.start == bar.finish else span(bar.start, bar.finish),
         ", ".join(word for word, flag in (("milestone", bar.milestone), ("decision", bar.decision), ("done", bar.done),
                                           ("critical", bar.critical)) if flag)]
        for lane in chart.lanes for bar in lane.bars]
    bars += [[*(["Freezes"] if lanes else []), band.label, span(band.first, band.last), "freeze: no go-live"] for band in chart.bands]
    return Table([*(["Track"] if lanes else []), "Work", "Dates", "State"], bars, "no open work")


def caption(chart: Chart | Timeline) -> str:
    """One sentence under the chart: what it plots."""
    if isinstance(chart, MetricChart):
        return (f"{len(chart.panels)} model metric{'s' * (len(chart.panels) != 1)}: the baseline at the period's start, the value now "
                f"(its colour: the verdict), the quarterly targets and this quarter's straight-line plan; dashed red line: today "
                f"({day(chart.today)}).")
    if isinstance(chart, OutcomeChart):
        return (f"Each outcome's share of the way from its baseline to its target, against the straight line that reaches it at "
                f"the end of its due quarter; hollow marker: when the work serving it lands; dashed red line: today ({day(chart.today)}).")
    if isinstance(chart, CurveChart):
        return (f"The chance of finishing by each date, from {chart.samples:,} samples of the estimates and risks; dots: the "
                f"50%, 80% and 95% dates; dashed line: the plan's end date.")
    if isinstance(chart, LoadChart):
        return "Booked share of each person's and team's capacity per period, in percent; red outline: booked past capacity on some day."
    if isinstance(chart, RiskChart):
        return "Open and accepted risks by likelihood and impact; the table lists what R1, R2... stand for."
    today = (f"dashed red line: today ({day(chart.today)})" if chart.first <= chart.today <= chart.last
             else f"today ({day(chart.today)}) is outside this range")
    return (f"{'Work by track' if len(chart.lanes) > 1 else 'Work'} from {day(chart.first)} to {day(chart.last)}; {today}; bold outline: the critical chain; "
            "arrows: dependencies; hatched: done" + ("; grey bands: freezes, in which the work they cover does not go live." if chart.bands else "."))

