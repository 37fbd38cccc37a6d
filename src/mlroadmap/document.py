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
from typing import Any, Literal, Union, get_args

from .projection import assuming

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
    critical: bool = False  # on the chain that sets the end date
    decision: bool = False  # a decision's date (drawn apart from a milestone)
    note: str = ""  # what its colour says, in words ("2 days late, blocked"): shown whole, the label shortened first

    @property
    def text(self) -> str:
        """The label and its note: "Label tickets (2 days late)"."""
        return f"{self.label} ({self.note})" if self.note else self.label


@dataclass
class Lane:
    title: str
    bars: list[Bar]


@dataclass(frozen=True)
class Band:
    """A period drawn across every lane: a freeze, in which the work it covers does not go live."""

    label: str
    first: dt.date
    last: dt.date  # inclusive


@dataclass
class Timeline:
    """Work per track over time: drawn in HTML, as a Mermaid gantt in Markdown; the
    terminal lists it as a table when ``listed`` (a few rows that no other section has),
    and otherwise leaves it out (the sections' tables have the same work)."""

    first: dt.date
    last: dt.date
    today: dt.date
    lanes: list[Lane]
    links: list[tuple[str, str]] = field(default_factory=list)  # (before, after) between bars drawn: dependency arrows
    listed: bool = False
    bands: list[Band] = field(default_factory=list)  # freezes over the drawn period


# --- charts: drawn as SVG in HTML (mlroadmap.render.charts); each says itself as a table -------

Point = tuple[dt.date, float]


@dataclass(frozen=True)
class MetricPanel:
    """One model metric over the roadmap's period: where it started, where it is, the
    quarterly targets, and the straight line of this quarter's plan."""

    title: str  # "Intent classifier: macro F1"
    unit: str | None
    baseline: Point  # the value at the period's start
    current: Point | None  # the value now, on the day it was measured (or as of)
    targets: Sequence[tuple[str, Point]]  # (quarter, its last day and target)
    plan: tuple[Point, Point] | None  # this quarter: from its start value to its target
    verdict: str  # words: "on track"
    tone: Tone | None


@dataclass
class MetricChart:
    id: str
    panels: list[MetricPanel]
    today: dt.date


@dataclass(frozen=True)
class OutcomeLine:
    """An outcome's share of the way from its baseline to its target (0..1) against time."""

    title: str
    start: dt.date  # the period's start: 0% of the way
    now: Point | None  # (as of, share done); None: no current value
    due: dt.date  # the last day of its quarter: the plan reaches 100% there
    lands: dt.date | None  # when the last work serving it is projected to finish
    verdict: str
    tone: Tone | None


@dataclass
class OutcomeChart:
    id: str
    lines: list[OutcomeLine]
    today: dt.date


@dataclass(frozen=True)
class Curve:
    """The share of samples finished by each day (a step function), with its 50/80/95% days."""

    title: str
    steps: Sequence[Point]  # (day, share finished by the end of it), days rising, last share 1
    marks: tuple[dt.date, dt.date, dt.date]  # p50, p80, p95
    planned: dt.date  # the projection's date, the one every other view shows
    due: dt.date | None


@dataclass
class CurveChart:
    id: str
    curves: list[Curve]
    samples: int


@dataclass
class LoadChart:
    """Booked share of each person's (or team's) capacity, per period: a heat map."""

    id: str
    rows: list[str]  # names
    columns: list[str]  # period labels
    percent: list[list[int | None]]  # rows x columns; None: nobody available (time off)
    over: list[list[bool]]  # someone in the row is booked past capacity in that period


@dataclass(frozen=True)
class RiskMark:
    id: str
    title: str
    likelihood: str  # low, medium, high
    impact: str
    accepted: bool


@dataclass
class RiskChart:
    id: str
    risks: list[RiskMark]


Chart = Union[MetricChart, OutcomeChart, CurveChart, LoadChart, RiskChart]
Block = Union[Facts, Table, Bullets, Note, Timeline, MetricChart, OutcomeChart, CurveChart, LoadChart, RiskChart]


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
            **({"dates": self.dates, **assuming(self.dates)} if self.dates is not None else {}),
            "sections": {section.id: section.data for section in self.sections},
        }


def text_of(value: Value) -> str:
    """The words of a value, as plain text (a bar's caption)."""
    return value if isinstance(value, str) else value.text


def is_chart(block: object) -> bool:
    """A chart block: drawn in HTML only (:mod:`mlroadmap.render.charts`)."""
    return isinstance(block, get_args(Chart))
