"""Text for a terminal that never breaks a word: wrapping and tables for rich.

Rich wraps at any whitespace (a no-break space included) and folds a word longer than its
column across lines: "Experimenta/tion", "8 Mar -> 9 / Jul 2027". Here a cell is wrapped
before rich sees it: lines break at spaces; a date or a date range ("8 Mar → 9 Jul
2027") is one unit; a compound wider than its column ("tickets/week", "native-speaker")
may break after its slash or hyphen, as a typesetter would; and anything still wider is
shortened with an ellipsis rather than cut in two. Column widths start from each
column's longest unit.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

# A day ("8 Mar", "8 Mar 2027", "2027-03-08"), or two joined by an arrow: never split.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DAY = rf"(?:\d{{1,2}} {_MONTH}(?: \d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
ARROW = re.compile(r" (?:→|->) ")
DATES = re.compile(rf"{_DAY}(?:{ARROW.pattern}{_DAY})?")
# What else reads as one: a date, a quarter, or a number and its unit ("12 d", "+6 days").
TOGETHER = re.compile(rf"{DATES.pattern}|\b\d{{4}}-Q[1-4]\b|[-+]?\d[\d,.]* (?:d|days?|weeks?)\b")
KEEP = "\u00a0"  # a no-break space: "12 d" is one unit, never broken
JOIN = "\u2007"  # a space that joins what should stay together unless its column is too narrow: a bar and its number
JOINS = re.compile(rf"(?<=[-/])(?=[^\s\-/])|(?<={JOIN})")  # where a unit may break when it must
GAP = 2  # between two columns of a table: a space of padding and the (blank) rule
LONGEST = 26  # a column asks for its longest unit up to this width: "25 Dec 2026 → 13 Jan 2027;"
SHORT = 8  # squeezed past its pieces, no column is cut below this before every other is (a narrower table is shown as records)

Span = tuple[int, int]


def units(text: str) -> list[Span]:
    """Where ``text``'s unbreakable units start and end: runs of non-spaces, with the spaces
    inside a date, a date range, a quarter or an amount kept, and :data:`KEEP` and
    :data:`JOIN` spaces too."""
    kept = {index for index, char in enumerate(text) if char in (KEEP, JOIN)}
    for match in TOGETHER.finditer(text):
        kept.update(index for index in range(*match.span()) if text[index] == " ")
    found, start = [], None
    for index, char in enumerate(text):
        if char.isspace() and index not in kept:
            if start is not None:
                found.append((start, index))
                start = None
        elif start is None:
            start = index
    if start is not None:
        found.append((start, len(text)))
    return found


def pieces(text: str, unit: Span, ranges: bool = True) -> list[Span]:
    """A unit split where it may break when it must: after a hyphen or a slash, after a
    :data:`JOIN` space, and (``ranges``) after a date range's arrow; never inside a day."""
    start, end = unit
    together = [match.span() for match in TOGETHER.finditer(text, start, end)]
    cuts = [start + match.start() for match in JOINS.finditer(text[start:end])]
    cuts = [cut for cut in cuts if start < cut < end and not any(first < cut < last for first, last in together)]
    if ranges:  # "14 Dec 2026 →" above "17 Jan 2027": each day whole
        cuts += [arrow.end() for match in DATES.finditer(text, start, end) for arrow in ARROW.finditer(text, *match.span())]
    edges = [start, *sorted(set(cuts)), end]
    return list(itertools.pairwise(edges))


def longest(texts: Sequence[str], soft: bool = False, ranges: bool = False, dates: bool = False) -> int:
    """The widest unit of ``texts``; ``soft``: of the pieces units may break into (and
    ``ranges``: date ranges broken at their arrow too); ``dates``: of the units that hold
    a date."""
    widest = 0
    for text in texts:
        for unit in units(text):
            if dates and DATES.search(text, *unit) is None:
                continue
            for first, last in pieces(text, unit, ranges) if soft else [unit]:
                widest = max(widest, last - first)
    return widest


def wrap(text: Text | str, width: int) -> Text:
    """``text`` in lines of at most ``width`` cells, broken only between units (or, for a
    unit wider than ``width``, between its :func:`pieces`); its styles and leading
    spaces kept. A piece still wider gets a line of its own, shortened with an ellipsis."""
    from rich.text import Text

    rich = Text(text) if isinstance(text, str) else text
    if width < 1:
        return rich
    lines: list[Text] = []
    for paragraph in rich.split("\n", allow_blank=True):
        plain = paragraph.plain
        breaks: list[int] = []
        line_start, first = 0, True  # the first line keeps its indent
        for unit in units(plain):
            for start, end in pieces(plain, unit) if unit[1] - unit[0] > width else [unit]:
                if first:
                    first = False
                elif end - line_start > width:
                    breaks.append(start)
                    line_start = start
        for line in paragraph.divide(breaks) if breaks else [paragraph]:
            line.rstrip()
            if KEEP in line.plain or JOIN in line.plain:  # same length: the styles stay where they were
                line.plain = line.plain.replace(KEEP, " ").replace(JOIN, " ")
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
    return Text("\n").join(lines)


def widths(texts: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """Column widths for columns of ``texts`` (each column's cells, its header first) in
    ``width`` cells, or None when every cell fits on one line. Each column first gets its
    longest unit (up to :data:`LONGEST`); if they do not fit, the widest columns give way
    down to their longest piece (a compound broken after its hyphen), then below that
    (an ellipsis). The room left is shared evenly, no column getting more than its
    longest cell: short columns (a status, a date) show whole, long ones (titles) share
    the rest."""
    needed = [max((len(text) for text in column), default=0) for column in texts]
    room = width - GAP * (len(needed) - 1)
    if sum(needed) <= room:
        return None
    sizes = [max(1, min(LONGEST, longest(column))) for column in texts]
    dated = [min(size, longest(column, dates=True)) for size, column in zip(sizes, texts)]
    # Down to the longest piece with date ranges whole, then with ranges broken at their
    # arrow, then no column below SHORT (an ellipsis in a long word) before any goes below.
    whole = [max(1, dates, min(size, longest(column, soft=True, ranges=False))) for size, dates, column in zip(sizes, dated, texts)]
    broken = _broken(texts, sizes)
    for floors in (whole, broken, [min(SHORT, floor) for floor in broken], [1] * len(sizes)):
        while sum(sizes) > room:
            giving = [index for index, size in enumerate(sizes) if size > floors[index]]
            if not giving:
                break
            sizes[max(giving, key=lambda index: sizes[index])] -= 1
    left = max(0, room - sum(sizes))
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


def _broken(texts: Sequence[Sequence[str]], sizes: list[int]) -> list[int]:
    """Each column's longest piece (compounds and date ranges broken), up to its size."""
    return [max(1, min(size, longest(column, soft=True, ranges=True))) for size, column in zip(sizes, texts)]


def fits(texts: Sequence[Sequence[str]], width: int) -> bool:
    """Whether columns of ``texts`` fit ``width`` with nothing shortened."""
    sizes = [max(1, min(LONGEST, longest(column))) for column in texts]
    return sum(_broken(texts, sizes)) + GAP * (len(texts) - 1) <= width


def records(header: Sequence[str], rows: Sequence[Sequence[Text]], width: int) -> Group:
    """A table too wide for ``width`` as one record a row: its first cell as a heading,
    then each other cell under it as ``Column: value``, wrapped with its indent."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    lines: list[Any] = []
    for row in rows:
        lines.append(wrap(Text.assemble(row[0], style="bold"), width))
        for name, cell in zip(header[1:], row[1:]):
            if cell.plain.strip():
                lines.append(Padding(wrap(Text.assemble(f"{name}: ", cell), width - 2), (0, 0, 0, 2)))
    return Group(*lines)


def table(header: Sequence[str], rows: Sequence[Sequence[Text | str]], width: int, *,
          right: Sequence[int] = (), title: str | None = None) -> Table | Group:
    """A table of ``rows`` under ``header`` in ``width`` cells, each cell wrapped by
    :func:`wrap`; ``right``: the columns aligned right (numbers)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    cells = [[Text(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]
    columns = [[name, *(row[index].plain for row in cells)] for index, name in enumerate(header)]
    if len(header) > 1 and not fits(columns, width):  # columns would cut words: a record a row instead
        from rich.console import Group

        return Group(*([wrap(Text(title, style="bold"), width)] if title else []), records(header, cells, width))
    sizes = widths(columns, width)
    shown = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold", padding=(0, 1, 0, 0))
    for index, name in enumerate(header):
        size = sizes[index] if sizes else None
        shown.add_column(wrap(name, size) if size else name, width=size, no_wrap=True, overflow="ellipsis",
                         justify="right" if index in right else "left")
    for row in cells:  # wrapped even when all fits, so that no KEEP or JOIN space is left
        shown.add_row(*(wrap(cell, sizes[index] if sizes else max(1, len(cell.plain))) for index, cell in enumerate(row)))
    if title is None:
        return shown
    from rich.console import Group

    return Group(wrap(Text(title, style="bold"), width), shown)  # the title across the terminal, not the table
