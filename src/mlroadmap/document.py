"""The neutral shape of a view or report: sections of facts, tables, lists and timelines.

``report`` and ``show`` build a :class:`Document` from the analyses; the renderers in
:mod:`mlroadmap.render.document` (terminal, Markdown) and :mod:`mlroadmap.render.html`
draw it. Each section also keeps its data as plain JSON-ready values, which is what
``--format json`` prints: scripts get numbers and verdicts, not table cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Union

# How a value reads: good news, a warning, bad news, or background.
Tone = Literal["good", "warn", "bad", "muted"]


@dataclass(frozen=True)
class Cell:
    """A value with a tone (a verdict, a late date)."""

    text: str
    tone: Tone | None = None


@dataclass(frozen=True)
class Progress:
    """A share of the way done (0..1, clamped when drawn), with its caption: a small bar."""

    fraction: float | None  # None: nothing to measure
    text: str
    tone: Tone | None = None


Value = Union[str, Cell, Progress]


@dataclass
class Facts:
    """Label: value lines."""

    pairs: Sequence[tuple[str, Value]]


@dataclass
class Table:
    columns: list[str]
    rows: Sequence[Sequence[Value]]
    empty: str = "none"  # what to say when there are no rows


@dataclass
class Bullets:
    lines: Sequence[Value]


@dataclass
class Note:
    """A sentence of explanation, or a "nothing to show" message."""

    text: str
    tone: Tone | None = None


@dataclass(frozen=True)
class Bar:
    """One piece of work on a timeline (``start == finish`` and ``milestone``: a diamond)."""

    id: str
    label: str
    start: dt.date
    finish: dt.date  # inclusive
    tone: Tone | None = None
    milestone: bool = False
    done: bool = False


@dataclass
class Lane:
    title: str
    bars: list[Bar]


@dataclass
class Timeline:
    """Work per track over time: drawn in HTML, as a Mermaid gantt in Markdown, and left
    out of the terminal (which has the same work in the sections' tables)."""

    first: dt.date
    last: dt.date
    today: dt.date
    lanes: list[Lane]


Block = Union[Facts, Table, Bullets, Note, Timeline]


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block]
    data: Any  # JSON-ready: what --format json prints for this section
    folded: bool = False  # details a reader opens: folded in Markdown (a pull-request comment)


@dataclass
class Document:
    title: str
    subtitle: str  # audience, date, quarter in words
    as_of: dt.date
    quarter: str
    kind: str  # "report", "show", "diff" or "history"
    audience: str | None  # the report's audience; the track for a track view
    sections: list[Section] = field(default_factory=list)
    dates: str | None = None  # the projection its dates come from (mlroadmap.analysis.Dates); None: undated

    def section(self, section_id: str) -> Section:
        return next(section for section in self.sections if section.id == section_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind,
            "audience" if self.kind == "report" else "track": self.audience,
            "as_of": self.as_of.isoformat(),
            "quarter": self.quarter,
            **({"dates": self.dates} if self.dates is not None else {}),
            "sections": {section.id: section.data for section in self.sections},
        }


def text_of(value: Value) -> str:
    """The words of a value, as plain text (a bar's caption)."""
    return value if isinstance(value, str) else value.text
