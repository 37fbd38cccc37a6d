"""A :class:`~mlroadmap.document.Document` as one self-contained HTML file.

The file is meant to be mailed, attached to a ticket or printed: it loads nothing (inline
CSS, no script, a Content-Security-Policy that forbids every fetch), and everything that
colour says is also said in words, so it reads the same in black and white.
"""

from __future__ import annotations

import math
from html import escape

from .. import __version__
from ..document import Bullets, Chart, Document, Facts, Note, Progress, Section, Table, Timeline, Value

# Belt and braces: the page references nothing, and if a future change slipped in a URL
# the browser would still refuse to fetch it.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

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
figure.chart svg { display: block; width: 100%; max-width: calc(var(--drawn) * 1.75); height: auto; }
/* A phone would shrink a chart's text to 4 px: below 40rem it keeps 80% of its drawn size
   and scrolls sideways in its own box, as the wide tables do. */
.drawing { overflow-x: auto; max-width: 100%; }
@media screen and (max-width: 40rem) { figure.chart svg { min-width: calc(var(--drawn) * .8); } }
.shorts { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0 1.5rem; }
.shorts .facts { grid-template-columns: 1fr; gap: 0; }  /* a third of the page: each value under its label */
.shorts .facts dd { margin-bottom: .3rem; }
.table { overflow-x: auto; max-width: 100%; }
.facts dd, td { overflow-wrap: anywhere; }
figcaption, details { font-size: .85rem; color: var(--muted); margin-top: .4rem; }
details table { color: var(--ink); }
footer { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .5rem; font-size: .8rem; color: var(--muted); }
@page { margin: 10mm 12mm; }
@media print {
  /* Paper is read closer than a screen: smaller type, tighter rows, charts a little under
     the size they were drawn, so that an exec summary takes two pages. */
  body { max-width: none; padding: 0; font-size: 8pt; line-height: 1.3; }
  nav { display: none; }
  header { margin-bottom: .6rem; }
  h1 { font-size: 15pt; }
  h2 { font-size: 10pt; margin-bottom: .1rem; padding-bottom: .1rem; break-after: avoid; }
  section { margin: 0 0 .5rem; }
  table { font-size: 7.5pt; }
  th, td { padding: .05rem .4rem .05rem 0; }
  td { overflow-wrap: break-word; }  /* anywhere would let a column shrink to one letter */
  .table { overflow: visible; }  /* paper cannot scroll: nothing may hide in the box */
  figure { margin: .3rem 0; }
  figure.chart svg { width: calc(var(--drawn) * .9); max-width: 100%; }
  figcaption { display: none; }  /* the chart's legend says it on paper */
  .shorts { grid-template-columns: repeat(3, 1fr); }
  .shorts .facts dd { margin-bottom: .15rem; }
  .meter, .meter > span, figure.chart svg {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details { display: none; }  /* folded on screen, so not on paper: the chart above says it */
  footer { margin-top: .5rem; }
  /* A page may break between a section's blocks, never inside a row, a chart or a short
     section, nor between a heading or a table and the line that follows it. */
  tr, .facts > *, figure, .shorts > section { break-inside: avoid; }
  .note, .empty, footer { break-before: avoid; }
  h2 + .note { break-after: avoid; }  /* a section's opening sentence stays with what it introduces */
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
    # Two or more consecutive short sections (facts and notes, no table or chart) share a row.
    sections = document.sections
    short = [_short(section) for section in sections]
    row = [flag and ((index > 0 and short[index - 1]) or (index + 1 < len(short) and short[index + 1])) for index, flag in enumerate(short)]
    for index, section in enumerate(sections):
        if row[index] and (index == 0 or not row[index - 1]):
            parts.append('<div class="shorts">\n')
        _section(parts, section)
        if row[index] and (index + 1 == len(sections) or not row[index + 1]):
            parts.append("</div>\n")
    parts.append(
        f"</main>\n<footer>Generated by mlroadmap {escape(__version__)} from the roadmap as of "
        f"{document.as_of.isoformat()}.</footer>\n</body>\n</html>\n"
    )
    return "".join(parts)


def _short(section: Section) -> bool:
    return bool(section.blocks) and all(isinstance(block, (Facts, Note, Bullets)) for block in section.blocks)


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
            _chart(parts, block, section.title)
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
    # Its own scrolling box: a wide table never makes the page wider than a phone's screen.
    parts.append('<div class="table">\n<table>\n<thead><tr>')
    parts.extend(f'<th scope="col">{escape(column)}</th>' for column in table.columns)
    parts.append("</tr></thead>\n<tbody>\n")
    parts.extend("<tr>" + "".join(f"<td>{_value(cell)}</td>" for cell in row) + "</tr>\n" for row in table.rows)
    parts.append("</tbody>\n</table>\n</div>\n")


def _chart(parts: list[str], chart: Chart | Timeline, title: str) -> None:
    """The chart as inline SVG, a sentence saying what it plots, and the same as a table."""
    from . import charts

    chart_id = chart.id if not isinstance(chart, Timeline) else "timeline-chart"
    words = charts.caption(chart)
    svg = charts.draw(chart, f"{title}. {words}", chart_id)
    parts.append(f'<figure class="chart" id="{escape(chart_id)}">\n<div class="drawing">\n{svg}</div>\n')
    parts.append(f"<figcaption>{escape(words)}</figcaption>\n<details><summary>The chart as a table</summary>\n")
    _table(parts, charts.table(chart))
    parts.append("</details>\n</figure>\n")
