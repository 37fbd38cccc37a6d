"""A report or track view (:class:`~mlroadmap.document.Document`) in the terminal (rich)
and as GitHub-flavoured Markdown (with a Mermaid gantt for the timeline)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ..document import Bullets, Cell, Facts, Note, Progress, Table, Timeline, Value, is_chart, text_of

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
        return Text.assemble((bar_text(value.fraction), style), " " if value.fraction is not None else "", value.text)
    return Text(value.text, style=style)


def to_terminal(document: Document, console: Console) -> None:
    from rich.padding import Padding
    from rich.text import Text

    console.print(Text(document.title, style="bold"))
    console.print(Text(document.subtitle, style="dim"))
    from .charts import table

    for section in document.sections:
        # Charts are drawn in HTML (the timeline also in Markdown); their numbers are in the
        # sections' tables, or the chart's own table when it is listed.
        blocks = [table(block) if isinstance(block, Timeline) and block.listed else block for block in section.blocks]
        blocks = [block for block in blocks if not isinstance(block, Timeline) and not is_chart(block)]
        if not blocks:
            continue  # a timeline alone: the HTML and Markdown formats draw it
        console.print()
        console.print(Text(section.title, style="bold underline"))
        for block in blocks:
            if isinstance(block, Facts):
                console.print(_facts(block))
            elif isinstance(block, Table):
                console.print(_table(block, console.width))
            elif isinstance(block, Bullets):
                for line in block.lines:
                    console.print(Padding(Text.assemble("• ", _rich(line)), (0, 0, 0, 0)))
            elif isinstance(block, Note):
                console.print(_rich(Cell(block.text, block.tone)))


def _facts(block: Facts):
    from rich.table import Table as RichTable

    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, max_width=30)
    grid.add_column(overflow="fold")
    for label, value in block.pairs:
        grid.add_row(label, _rich(value))
    return grid


def _table(block: Table, width: int):
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    if not block.rows:
        return Text(block.empty, style="dim")
    table = RichTable(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold")
    for column, size in zip(block.columns, _widths(block, width)):
        table.add_column(column, overflow="fold", width=size)
    for row in block.rows:
        table.add_row(*(_rich(value) for value in row))
    return table


def _plain(value: Value) -> str:
    """A value as drawn, a bar and its number kept together as one word."""
    if isinstance(value, Progress):
        return (bar_text(value.fraction) + "_" if value.fraction is not None else "") + value.text  # "_": not a space
    return text_of(value)


def _widths(block: Table, width: int) -> list[int] | list[None]:
    """Column widths for a table that would not fit ``width``: each column first gets its
    longest word (up to 14 characters, so no word is broken where that can be helped),
    then an even share of the room left. Rich's own sharing breaks words mid-way, and
    with minimum widths it crops the last column instead."""
    texts = [[_plain(value) for value in column] for column in zip(block.columns, *block.rows)]
    needed = [max(len(text) for text in column) for column in texts]
    room = width - 3 * (len(needed) - 1)  # padding and the (blank) rule between columns
    if sum(needed) <= room:
        return [None] * len(needed)
    words = [min(14, max((len(word) for text in column for word in text.split()), default=1)) for column in texts]
    while sum(words) > room and max(words) > 1:  # too narrow for whole words: the widest give way
        words[words.index(max(words))] -= 1
    # The room left is shared out evenly, no column getting more than it needs: short
    # columns (a status, a date) show whole, long ones (titles) share the rest.
    sizes, left = list(words), max(0, room - sum(words))
    pending = [index for index, need in enumerate(needed) if need > sizes[index]]
    while pending and left >= len(pending):
        share = left // len(pending)
        for index in pending:
            give = min(needed[index] - sizes[index], share)
            sizes[index] += give
            left -= give
        pending = [index for index in pending if needed[index] > sizes[index]]
    sizes[pending[0] if pending else 0] += left
    return sizes


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
    if isinstance(block, Timeline):
        return _gantt(block, section)
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
            lines.append(f"    {_gantt_text(bar.label, task=True)} :{', '.join([*tags, ids[bar.id]])}, {bar.start.isoformat()}, {length}d")
    return [*lines, "```"]
