"""A :class:`~mlroadmap.document.Document` as one self-contained HTML file.

The file is meant to be mailed, attached to a ticket or printed: it loads nothing (inline
CSS, no script, a Content-Security-Policy that forbids every fetch), and everything that
colour says is also said in words, so it reads the same in black and white.
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape

from .. import __version__
from ..document import Bar, Bullets, Document, Facts, Lane, Note, Progress, Section, Table, Timeline, Value

# Belt and braces: the page references nothing, and if a future change slipped in a URL
# the browser would still refuse to fetch it.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

STYLE = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --good: #1a7f37; --warn: #9a6700; --bad: #cf222e; --accent: #0969da; }
* { box-sizing: border-box; }
body { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
header { border-bottom: 2px solid var(--ink); margin-bottom: 1.5rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .25rem; }
.subtitle { color: var(--muted); margin: 0 0 .75rem; }
nav ol { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; margin: 0 0 .75rem; padding: 0; font-size: .9rem; }
nav a { color: var(--accent); }
section { margin: 0 0 2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin: 0 0 .75rem; }
p { margin: .5rem 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.25rem; margin: .5rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; vertical-align: top; padding: .3rem .6rem .3rem 0; border-bottom: 1px solid var(--line); }
th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
ul { margin: .5rem 0; padding-left: 1.25rem; }
.empty, .note { color: var(--muted); }
.tone-good { color: var(--good); }
.tone-warn { color: var(--warn); }
.tone-bad { color: var(--bad); font-weight: 600; }
.tone-muted { color: var(--muted); }
.progress { display: inline-flex; align-items: center; gap: .4rem; white-space: nowrap; }
.meter { display: inline-block; width: 5rem; height: .65rem; border: 1px solid var(--muted); border-radius: 2px; background: #fff; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--accent); }
.tone-good .meter > span { background: var(--good); }
.tone-warn .meter > span { background: var(--warn); }
.tone-bad .meter > span { background: var(--bad); }
.tone-muted .meter > span { background: var(--muted); }
figure { margin: .75rem 0 1rem; }
figcaption, details { font-size: .85rem; color: var(--muted); margin-top: .4rem; }
details table { color: var(--ink); }
.tl { display: grid; grid-template-columns: minmax(6rem, 11rem) 1fr; font-size: .8rem; }
.tl-axis { grid-column: 2; position: relative; height: 1.3rem; }
.tl-tick { position: absolute; top: 0; padding-left: 3px; color: var(--muted); white-space: nowrap; }
.tl-grid, .tl-now { grid-column: 2; position: relative; pointer-events: none; }
.tl-grid > i { position: absolute; top: 0; bottom: 0; border-left: 1px solid var(--line); }
.tl-now > i { position: absolute; top: 0; bottom: 0; border-left: 2px dashed var(--bad); z-index: 2; }
.tl-lane { grid-column: 1; padding: .15rem .5rem 0 0; font-weight: 600; border-top: 1px solid var(--ink); overflow-wrap: anywhere; }
.tl-row { grid-column: 2; position: relative; height: 1.5rem; }
.tl-first { border-top: 1px solid var(--ink); }
.tl-bar { position: absolute; top: .2rem; bottom: .2rem; min-width: 2px; border: 1px solid var(--accent); border-radius: 3px; background: #ddf4ff; }
.tl-bar.tone-good { border-color: var(--good); background: #dafbe1; }
.tl-bar.tone-warn { border: 2px dashed var(--warn); background: #fff8c5; }
.tl-bar.tone-bad { border: 2px solid var(--bad); background: #ffebe9; }
.tl-bar.tone-muted, .tl-bar.tl-done { border: 1px dotted var(--muted); background: #eaeef2; }
.tl-ms { position: absolute; top: 50%; width: 0; }
.tl-ms::before { content: ""; position: absolute; width: .7rem; height: .7rem; left: -.35rem; top: -.35rem; transform: rotate(45deg); background: var(--ink); }
.tl-ms.tone-bad::before { background: var(--bad); }
.tl-ms.tl-done::before { background: var(--muted); }
.tl-label { position: absolute; top: 50%; transform: translateY(-50%); line-height: 1.2;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tl-bar-label.tl-start { padding-left: .3rem; }
.tl-bar-label.tl-end { padding-right: .3rem; text-align: right; }
.tl-ms-label.tl-start { padding-left: .6rem; }
.tl-ms-label.tl-end { padding-right: .6rem; text-align: right; }
.tl-label.tl-done { color: var(--muted); }
footer { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .5rem; font-size: .8rem; color: var(--muted); }
@page { margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  .meter, .meter > span, .tl-bar, .tl-ms::before, .tl-now > i {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-inside: avoid-page; }
  h2 { break-after: avoid; }
  tr, .facts > *, figure { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def to_html(document: Document) -> str:
    parts: list[str] = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="mlroadmap {escape(__version__)}">\n',
        f"<title>{escape(document.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        f"<header>\n<h1>{escape(document.title)}</h1>\n",
    ]
    if document.subtitle:
        parts.append(f'<p class="subtitle">{escape(document.subtitle)}</p>\n')
    if len(document.sections) > 1:
        parts.append('<nav aria-label="Contents"><ol>')
        parts.extend(f'<li><a href="#{escape(section.id)}">{escape(section.title)}</a></li>' for section in document.sections)
        parts.append("</ol></nav>\n")
    parts.append("</header>\n<main>\n")
    for section in document.sections:
        _section(parts, section)
    parts.append(
        f"</main>\n<footer>Generated by mlroadmap {escape(__version__)} from the roadmap as of "
        f"{document.as_of.isoformat()}.</footer>\n</body>\n</html>\n"
    )
    return "".join(parts)


def _section(parts: list[str], section: Section) -> None:
    parts.append(f'<section id="{escape(section.id)}">\n<h2>{escape(section.title)}</h2>\n')
    for block in section.blocks:
        if isinstance(block, Facts):
            _facts(parts, block)
        elif isinstance(block, Table):
            _table(parts, block)
        elif isinstance(block, Bullets):
            if block.lines:
                parts.append("<ul>" + "".join(f"<li>{_value(line)}</li>" for line in block.lines) + "</ul>\n")
        elif isinstance(block, Note):
            parts.append(f'<p class="{_classes("note", block.tone)}">{escape(block.text)}</p>\n')
        else:
            _timeline(parts, block)
    parts.append("</section>\n")


def _classes(base: str, tone: str | None) -> str:
    return f"{base} tone-{tone}" if tone else base


def _pct(number: float) -> str:
    """A CSS percentage with no more digits than a screen can show."""
    return f"{number:.2f}".rstrip("0").rstrip(".") + "%"


def _value(value: Value) -> str:
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, Progress):
        # NaN compares false both ways and would slip through the clamp as a full bar.
        if value.fraction is None or math.isnan(value.fraction):
            bar = ""
        else:
            width = _pct(100 * min(1.0, max(0.0, value.fraction)))
            bar = f'<span class="meter" aria-hidden="true"><span style="width:{width}"></span></span>'
        return f'<span class="{_classes("progress", value.tone)}">{bar}<span>{escape(value.text)}</span></span>'
    if value.tone:
        return f'<span class="tone-{value.tone}">{escape(value.text)}</span>'
    return escape(value.text)


def _facts(parts: list[str], facts: Facts) -> None:
    parts.append('<dl class="facts">')
    parts.extend(f"<dt>{escape(label)}</dt><dd>{_value(value)}</dd>" for label, value in facts.pairs)
    parts.append("</dl>\n")


def _table(parts: list[str], table: Table) -> None:
    if not table.rows:
        parts.append(f'<p class="empty">{escape(table.empty)}</p>\n')
        return
    parts.append("<table>\n<thead><tr>")
    parts.extend(f'<th scope="col">{escape(column)}</th>' for column in table.columns)
    parts.append("</tr></thead>\n<tbody>\n")
    parts.extend("<tr>" + "".join(f"<td>{_value(cell)}</td>" for cell in row) + "</tr>\n" for row in table.rows)
    parts.append("</tbody>\n</table>\n")


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    month = dt.date(first.year, first.month, 1)
    starts = []
    while month <= last:
        if month >= first:
            starts.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return starts


def _tick_label(month: dt.date, first_tick: bool) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}" if first_tick or month.month == 1 else MONTHS[month.month - 1]


class _Scale:
    """Dates to percentages of the chart's width; ``last`` is inclusive, so its day has a width too."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first, self.last = first, last
        self.day = 100 / max(1, (last - first).days + 1)

    def __call__(self, date: dt.date) -> float:
        return (date - self.first).days * self.day


def _timeline(parts: list[str], timeline: Timeline) -> None:
    first, last = timeline.first, timeline.last
    x = _Scale(first, last)
    months = _month_starts(first, last)
    # Labels for every month get crowded on long plans: label every quarter, half or year.
    step = next(step for step in (1, 3, 6, 12) if len(months) / step <= 18)
    rows = sum(max(1, len(lane.bars)) for lane in timeline.lanes)

    parts.append('<figure class="timeline">\n<div class="tl">\n<div class="tl-axis" style="grid-row:1">')
    labelled = [month for month in months if (month.month - 1) % step == 0]
    parts.extend(
        f'<span class="tl-tick" style="left:{_pct(x(month))}">{_tick_label(month, index == 0)}</span>'
        for index, month in enumerate(labelled)
    )
    parts.append(f'</div>\n<div class="tl-grid" aria-hidden="true" style="grid-row:1 / span {rows + 1}">')
    parts.extend(f'<i style="left:{_pct(x(month))}"></i>' for month in months)
    parts.append("</div>\n")
    row = 2
    for lane in timeline.lanes:
        span = max(1, len(lane.bars))
        parts.append(f'<div class="tl-lane" style="grid-row:{row} / span {span}">{escape(lane.title)}</div>\n')
        if not lane.bars:
            parts.append(f'<div class="tl-row tl-first" style="grid-row:{row}"></div>\n')
        parts.extend(_bar(bar, x, row + index, index == 0) for index, bar in enumerate(lane.bars))
        row += span
    if first <= timeline.today <= last:
        parts.append(
            f'<div class="tl-now" aria-hidden="true" style="grid-row:1 / span {rows + 1}">'
            f'<i style="left:{_pct(x(timeline.today))}"></i></div>\n'
        )
    parts.append("</div>\n")
    _timeline_words(parts, timeline)
    parts.append("</figure>\n")


def _when(bar: Bar) -> str:
    if bar.start == bar.finish:
        return bar.start.isoformat()
    return f"{bar.start.isoformat()} to {bar.finish.isoformat()}"


def _bar(bar: Bar, x: _Scale, grid_row: int, lane_start: bool) -> str:
    """One row of the chart: the bar or diamond, and its label beside or over it."""
    tip = escape(f"{bar.label} ({bar.id}): {_when(bar)}{', done' if bar.done else ''}")
    row = f'<div class="tl-row{" tl-first" if lane_start else ""}" style="grid-row:{grid_row}" title="{tip}">'
    if bar.finish < x.first or bar.start > x.last:
        return row + "</div>\n"  # off the chart; the table below lists it
    if bar.milestone:
        left = right = x(bar.start) + x.day / 2  # the middle of its day
        kind, box = "tl-ms", f"left:{_pct(left)}"
    else:
        left = x(max(bar.start, x.first))
        right = x(min(bar.finish, x.last) + dt.timedelta(days=1))
        kind, box = "tl-bar", f"left:{_pct(left)};width:{_pct(right - left)}"
    # Text cannot be measured without script: the label takes the side with more room and is
    # cut (with an ellipsis) at the chart's edge rather than run off the page or over the
    # track names.
    if 100 - left >= right:
        side, label_box = "tl-start", f"left:{_pct(left)};max-width:{_pct(100 - left)}"
    else:
        side, label_box = "tl-end", f"right:{_pct(100 - right)};max-width:{_pct(right)}"
    tone = f" tone-{bar.tone}" if bar.tone else ""
    done = " tl-done" if bar.done else ""
    return (
        f'{row}<div class="{kind}{tone}{done}" style="{box}"></div>'
        f'<span class="tl-label {kind}-label {side}{done}" style="{label_box}">{escape(bar.label)}</span></div>\n'
    )


def _timeline_words(parts: list[str], timeline: Timeline) -> None:
    today = timeline.today.isoformat()
    now = (
        f"dashed line: today ({today})"
        if timeline.first <= timeline.today <= timeline.last
        else f"today ({today}) is outside this range"
    )
    parts.append(
        f"<figcaption>Work by track from {timeline.first.isoformat()} to {timeline.last.isoformat()}; "
        f"{now}; ◆ milestone; grey, dotted: done.</figcaption>\n"
        "<details><summary>The timeline as a table</summary>\n<table>\n"
        '<thead><tr><th scope="col">Track</th><th scope="col">Work</th><th scope="col">Dates</th>'
        '<th scope="col">State</th></tr></thead>\n<tbody>\n'
    )
    for lane in timeline.lanes:
        parts.extend(_bar_row(lane, bar) for bar in lane.bars)
    parts.append("</tbody>\n</table>\n</details>\n")


def _bar_row(lane: Lane, bar: Bar) -> str:
    state = ", ".join(word for word, flag in (("milestone", bar.milestone), ("done", bar.done)) if flag)
    return (
        f"<tr><td>{escape(lane.title)}</td><td>{escape(bar.label)} ({escape(bar.id)})</td>"
        f"<td>{_when(bar)}</td><td>{state}</td></tr>\n"
    )
