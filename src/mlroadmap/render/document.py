"""A report or track view (:class:`~mlroadmap.document.Document`) in the terminal (rich)
and as GitHub-flavoured Markdown (with a Mermaid gantt for the timeline)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ..document import Bullets, Cell, Facts, Note, Progress, Table, Timeline, Value, is_chart
from .terminal import JOIN

if TYPE_CHECKING:
    from rich.console import Console

    from ..document import Document, Section

STYLE = {"good": "green", "warn": "yellow", "bad": "bold red", "muted": "dim"}
BAR_WIDTH = 8


def bar_text(fraction: float | None) -> str:
    """``███░░░░░``: the share done, clamped to 0..1, in eighths."""
    if fraction is None:
        return ""
    filled = round(min(1.0, max(0.0, fraction)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _rich(value: Value):
    from rich.text import Text

    if isinstance(value, str):
        return Text(value)
    style = STYLE.get(value.tone or "", "")
    if isinstance(value, Progress):
        # The bar and its number stay together unless the column is too narrow for both.
        return Text.assemble((bar_text(value.fraction), style), JOIN if value.fraction is not None else "", value.text)
    return Text(value.text, style=style)


def to_terminal(document: Document, console: Console) -> None:
    from rich.text import Text

    from .charts import table
    from .terminal import wrap

    width = console.width
    console.print(Text(document.title, style="bold"))
    console.print(wrap(Text(document.subtitle, style="dim"), width))
    for section in document.sections:
        # Charts are drawn in HTML (the timeline also in Markdown); their numbers are in the
        # sections' tables, or the chart's own table when it is listed.
        blocks = [table(block) if isinstance(block, Timeline) and block.listed else block for block in section.blocks]
        blocks = [block for block in blocks if not isinstance(block, Timeline) and not is_chart(block)]
        if not blocks:
            continue  # a timeline alone: the HTML and Markdown formats draw it
        console.print()
        console.print(wrap(Text(section.title, style="bold underline"), width))
        for block in blocks:
            if isinstance(block, Facts):
                console.print(_facts(block, width))
            elif isinstance(block, Table):
                console.print(_table(block, width))
            elif isinstance(block, Bullets):
                for line in block.lines:
                    console.print(_hanging("• ", _rich(line), width))
            elif isinstance(block, Note):
                console.print(wrap(_rich(Cell(block.text, block.tone)), width))


def _hanging(mark: str, text, width: int):
    """``mark`` then ``text`` wrapped, its lines under the text's first (a bullet's)."""
    from rich.table import Table as RichTable

    from .terminal import wrap

    grid = RichTable.grid()
    grid.add_column(width=len(mark), no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_row(mark, wrap(text, width - len(mark)))
    return grid


def _facts(block: Facts, width: int):
    from rich.table import Table as RichTable

    from .terminal import wrap

    labels = min(30, max((len(label) for label, _value in block.pairs), default=0))
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, width=labels, overflow="ellipsis")
    grid.add_column(no_wrap=True)
    for label, value in block.pairs:
        grid.add_row(label, wrap(_rich(value), width - labels - 2))
    return grid


def _table(block: Table, width: int):
    from rich.text import Text

    from . import terminal

    if not block.rows:
        return terminal.wrap(Text(block.empty, style="dim"), width)
    return terminal.table(block.columns, [[_rich(value) for value in row] for row in block.rows], width)


# --- Markdown --------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return (" ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
            .replace("_", "\\_").replace("<", "&lt;").replace(">", "&gt;"))


def _md_value(value: Value) -> str:
    if isinstance(value, str):
        return _md(value)
    if isinstance(value, Progress):
        return (f"`{bar_text(value.fraction)}` " if value.fraction is not None else "") + _md(value.text)
    # Bad news is bold: colour does not survive a pull-request comment.
    return f"**{_md(value.text)}**" if value.tone == "bad" else _md(value.text)


def to_markdown(document: Document) -> str:
    lines = [f"# {_md(document.title)}", "", f"_{_md(document.subtitle)}_"]
    for section in document.sections:
        if section.folded:  # GitHub renders Markdown inside <details> when blank lines surround it
            lines += ["", f"<details><summary><b>{escape(section.title)}</b></summary>", ""]
        else:
            lines += ["", f"## {_md(section.title)}", ""]
        for block in section.blocks:
            if is_chart(block):
                continue  # drawn in HTML; its numbers are in the section's table
            lines += _md_block(block, section)
            lines.append("")
        if section.folded:
            lines.append("</details>")
        else:
            lines.pop()
    return "\n".join(lines) + "\n"


def _md_block(block: object, section: Section) -> list[str]:
    if isinstance(block, Facts):
        return [f"- **{_md(label)}**: {_md_value(value)}" for label, value in block.pairs]
    if isinstance(block, Table):
        if not block.rows:
            return [f"_{_md(block.empty)}_"]
        return ["| " + " | ".join(_md(c) for c in block.columns) + " |", "|" + "---|" * len(block.columns),
                *("| " + " | ".join(_md_value(v) for v in row) + " |" for row in block.rows)]
    if isinstance(block, Bullets):
        return [f"- {_md_value(line)}" for line in block.lines]
    if isinstance(block, Note):
        return [_md_value(Cell(block.text, block.tone))]
    if isinstance(block, Timeline):  # a listed one also as its table: the gantt has no room for why
        from .charts import table

        return _gantt(block, section) + (["", *_md_block(table(block), section)] if block.listed else [])
    raise TypeError(f"unknown block {type(block).__name__}")


def _gantt(timeline: Timeline, section: Section) -> list[str]:
    from .graph_formats import _gantt_text, _mermaid_ids

    if not timeline.lanes:
        return ["_no scheduled work_"]
    ids = _mermaid_ids([bar.id for lane in timeline.lanes for bar in lane.bars])
    # Mermaid would mark the reader's today, not the report's as-of day.
    lines = ["```mermaid", "gantt", "    dateFormat YYYY-MM-DD", "    axisFormat %b %Y", "    todayMarker off"]
    for lane in timeline.lanes:
        lines.append(f"    section {_gantt_text(lane.title)}")
        for bar in lane.bars:
            tags = [tag for tag, on in (("done", bar.done), ("crit", bar.tone == "bad"), ("active", bar.tone == "warn"),
                                        ("milestone", bar.milestone)) if on]
            length = 0 if bar.milestone else (bar.finish - bar.start).days + 1
            lines.append(f"    {_gantt_text(bar.text, task=True)} :{', '.join([*tags, ids[bar.id]])}, {bar.start.isoformat()}, {length}d")
    if timeline.bands:  # the work they hold goes live after them
        lines.append("    section Freezes (no go-live)")
        for number, band in enumerate(timeline.bands):
            lines.append(f"    {_gantt_text(band.label, task=True)} :freeze{number}, {band.first.isoformat()}, {(band.last - band.first).days + 1}d")
    return [*lines, "```"]
