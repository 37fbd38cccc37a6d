"""Recurring work's occurrences, and the deadline of each (``due_each``).

An occurrence of work with a cadence starts where the series puts it (the schedule's start,
then every cadence step, as the calendar's RRULE does) and lasts what the schedule gives one
occurrence. With ``due_each: 30d`` and a quarterly cadence, each occurrence is due 30 days
after the end of the quarter before the one it starts in: a report started on 11 January
covers Q4 and is due on 30 January.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .values import CALENDAR_PERIODS, Quarter, cadence_step

if TYPE_CHECKING:
    from .schedule import Task


@dataclass(frozen=True)
class Span:
    """Where a recurring series lies: its first occurrence and the last day one may start."""

    first: dt.date
    last: dt.date  # the first occurrence's last day
    until: dt.date  # no occurrence starts after this


def span(entity: Any, task: Task, period_end: dt.date, as_of: dt.date) -> Span | None:
    """The series of ``entity`` (work with a cadence) as the schedule placed it, up to the
    period's end (its own ``end``, or ``as_of`` once it is done); None when it starts later."""
    until = period_end
    if entity.end is not None:
        until = min(until, entity.end)  # recurring work's `end` is the last day it recurs
    if entity.status == "done":
        until = min(until, as_of)  # finished: nothing of it lies ahead
    first = task.start
    if first > until:
        return None
    # One occurrence: as the schedule placed it while it is still to come (levelling may
    # stretch it); work under way keeps its planned length.
    last = task.finish if task.status == "planned" and task.days else first + dt.timedelta(days=max(task.days, 1) - 1)
    return Span(first, last, until)


@dataclass(frozen=True)
class Occurrence:
    start: dt.date
    finish: dt.date
    covers: str  # the period before it: 2026-Q4, 2026-12, 2026
    period_end: dt.date  # that period's last day
    due: dt.date

    @property
    def late_days(self) -> int:
        return max(0, (self.finish - self.due).days)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "finish": self.finish.isoformat(), "covers": self.covers,
                "due": self.due.isoformat(), "late_days": self.late_days}


def _period_before(day: dt.date, period: str) -> tuple[str, dt.date]:
    """The month, quarter or year before the one ``day`` is in: its name and last day."""
    if period == "month":
        end = day.replace(day=1) - dt.timedelta(days=1)
        return f"{end.year}-{end.month:02d}", end
    if period == "quarter":
        end = Quarter.of(day).start - dt.timedelta(days=1)
        return str(Quarter.of(end)), end
    end = dt.date(day.year - 1, 12, 31)
    return str(end.year), end


def occurrences(entity: Any, series: Span) -> list[Occurrence]:
    """Each occurrence of the series with its deadline (``entity.due_each`` after the end
    of the period it covers)."""
    freq, interval = entity.cadence.rule
    period = CALENDAR_PERIODS[freq, interval]
    length = series.last - series.first
    found: list[Occurrence] = []
    step = 0
    while (start := cadence_step(series.first, freq, interval * step)) <= series.until:
        covers, period_end = _period_before(start, period)
        found.append(Occurrence(start, start + length, covers, period_end, period_end + dt.timedelta(days=entity.due_each.days)))
        step += 1
    return found
