"""``capacity``: the team's load per person and period, over-allocations, skill gaps, and
what the team's size does to the dates.

Returns plain data (:class:`CapacityReport`); rendering lives in
:mod:`mlroadmap.render.capacity`. The semantics are in :mod:`mlroadmap.levelling`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .levelling import (
    UNIT,
    Bookings,
    MissingSkill,
    OverAllocation,
    SkillShortage,
    Staff,
    missing_skills,
    skill_shortages,
)
from .projection import assuming

if TYPE_CHECKING:
    from .analysis import Analysis
    from .loader import Roadmap
    from .schedule import LateTask

Period = Literal["week", "month"]


@dataclass(frozen=True)
class Column:
    label: str
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Cell:
    percent: int | None  # booked / available; None when nobody is available (all off)
    booked: float  # person-days
    over: bool  # someone in the row is over-allocated on a day of this period
    available: float = 0.0  # person-days: what periods added together share out

    def to_dict(self) -> dict[str, Any]:
        return {"percent": self.percent, "booked_days": self.booked, "over_allocated": self.over}


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    kind: str  # person or team
    capacity: float  # full-time equivalents
    cells: tuple[Cell, ...]

    def to_dict(self, columns: list[Column]) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "capacity": self.capacity,
                "load": {column.label: cell.to_dict() for column, cell in zip(columns, self.cells)}}


@dataclass(frozen=True)
class DateShift:
    """An outcome's (or the roadmap's) projected date by dependencies alone and under the
    team's capacity."""

    id: str
    title: str
    dependencies_only: dt.date
    with_capacity: dt.date

    @property
    def days(self) -> int:
        return (self.with_capacity - self.dependencies_only).days

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "dependencies_only": self.dependencies_only.isoformat(),
                "with_capacity": self.with_capacity.isoformat(), "shift_days": self.days}


@dataclass
class CapacityReport:
    roadmap: str
    as_of: dt.date
    by: Period
    levelled_load: bool  # the load shown is the levelled schedule's, not the plan's
    columns: list[Column]
    rows: list[Row]
    over: list[OverAllocation]  # in the plan, from as_of on
    missing: list[MissingSkill]
    shortages: list[SkillShortage]
    dates: list[DateShift]  # the roadmap's end first, then each outcome
    late: list[tuple[LateTask, dt.date]]  # deadlines missed under capacity, with the finish by dependencies alone
    chosen: dict[str, str] = field(default_factory=dict)  # any_of work -> who the plan leaves it to
    titles: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    # What the dates assume (--assume) and which decisions' answers they follow: the
    # analysis's projection (either of its two: both carry the same).
    scenario: str | None = None  # a projection.Projection

    def to_dict(self) -> dict[str, Any]:
        return {
            "roadmap": self.roadmap,
            "as_of": self.as_of.isoformat(),
            **assuming(self.scenario),
            "by": self.by,
            "load_of": "levelled schedule" if self.levelled_load else "plan",
            "periods": [{"label": c.label, "first": c.first.isoformat(), "last": c.last.isoformat()} for c in self.columns],
            "people": [row.to_dict(self.columns) for row in self.rows],
            "over_allocations": [item.to_dict() for item in self.over],
            "missing_skills": [item.to_dict() for item in self.missing],
            "skill_shortages": [item.to_dict() for item in self.shortages],
            "dates": [item.to_dict() for item in self.dates],
            "late_under_capacity": [
                {**late.to_dict(), "finish_dependencies_only": before.isoformat()} for late, before in self.late
            ],
            "any_of_choices": self.chosen,
        }


def columns_for(by: Period, first: dt.date, last: dt.date) -> list[Column]:
    """Calendar months, or ISO weeks (Monday to Sunday), that overlap ``first..last``."""
    found: list[Column] = []
    if by == "month":
        day = first.replace(day=1)
        while day <= last:
            following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            found.append(Column(day.strftime("%b") if first.year == last.year else day.strftime("%b %y"), day, following - dt.timedelta(days=1)))
            day = following
    else:
        day = first - dt.timedelta(days=first.weekday())
        while day <= last:
            found.append(Column(f"W{day.isocalendar()[1]:02d}", day, day + dt.timedelta(days=6)))
            day += dt.timedelta(days=7)
    return found


def capacity_report(analysis: Analysis, *, by: Period = "month", quarter: str | None = None,
                    levelled_load: bool = False) -> CapacityReport:
    """Load per person and team over the roadmap's period (or ``quarter``), from the plan's
    dates (or the levelled schedule's); over-allocations from ``as_of`` on; skill gaps; the
    outcome dates by dependencies alone and under the team's capacity."""
    from .values import Quarter
    from .yamlsource import paused_gc

    roadmap, as_of = analysis.roadmap, analysis.as_of
    with paused_gc():
        levelled, plan, crew = analysis.with_capacity, analysis.by_dependencies, analysis.crew
        graph = analysis.graph
        bookings, chosen = analysis.planned_load
        over = analysis.over_allocations
        missing = missing_skills(roadmap, plan, graph, crew)
        shortages = skill_shortages(roadmap, plan, graph, crew)
    if quarter is not None:
        first, last = Quarter(quarter).start, Quarter(quarter).end
    elif by == "week":  # the next thirteen weeks, from the week of as_of
        first = as_of - dt.timedelta(days=as_of.weekday())
        last = first + dt.timedelta(weeks=13, days=-1)
    else:  # the roadmap's period, and on to the end of the schedule shown when it runs later
        shown_end = levelled.end if levelled_load else plan.end
        first, last = Quarter(roadmap.info.period.start).start, max(Quarter(roadmap.info.period.end).end, shown_end)
    columns = columns_for(by, first, last)
    shown = levelled.bookings if levelled_load else bookings
    rows = _rows(roadmap, crew, shown, columns)
    titles = {node: task.title for node, task in plan.tasks.items()}
    outcome_titles = {outcome.id: outcome.title for outcome in roadmap.outcomes}
    dates = [DateShift("roadmap", roadmap.info.name, plan.end, levelled.end)]
    dates += [
        DateShift(outcome, outcome_titles.get(outcome, outcome), day, levelled.outcome_dates[outcome])
        for outcome, day in plan.outcome_dates.items()
    ]
    # The deadlines the team's capacity misses, or misses by more: one missed as late by
    # dependencies alone is the plan's, not the team's (critical-path and check say so).
    late = [(item, plan.tasks[item.task].finish) for item in levelled.late if item.finish > plan.tasks[item.task].finish]
    return CapacityReport(
        roadmap=roadmap.info.name, as_of=as_of, by=by, levelled_load=levelled_load, columns=columns, rows=rows,
        over=over, missing=missing, shortages=shortages, dates=dates, late=late, chosen=chosen, titles=titles,
        names=crew.names, scenario=analysis.dates,
    )


def _rows(roadmap: Roadmap, crew: Staff, bookings: Bookings, columns: list[Column]) -> list[Row]:
    import bisect

    over_days: dict[str, list[int]] = {}  # sorted, per person
    for name, days in bookings.load.items():
        resource = crew.resources[name]
        over_days[name] = sorted(day for day, units in days.items() if units > resource.available(day))

    def over_in(member: str, first: int, last: int) -> bool:
        days = over_days.get(member, [])
        index = bisect.bisect_left(days, first)
        return index < len(days) and days[index] <= last

    def row(row_id: str, name: str, kind: str, members: tuple[str, ...]) -> Row:
        cells = []
        for column in columns:
            first, last = column.first.toordinal(), column.last.toordinal()
            booked = sum(bookings.total(member, first, last) for member in members)
            available = sum(crew.resources[member].available_between(first, last) for member in members)
            over = any(over_in(member, first, last) for member in members)
            percent = round(100 * booked / available) if available else None
            cells.append(Cell(percent, booked / UNIT, over, available / UNIT))
        capacity = sum(crew.resources[member].capacity for member in members) / UNIT
        return Row(row_id, name, kind, capacity, tuple(cells))

    rows = [row(person.id, person.name, "person", (person.id,)) for person in roadmap.people]
    rows += [row(team.id, team.name, "team", crew.team_members[team.id]) for team in roadmap.teams if crew.team_members[team.id]]
    return rows
