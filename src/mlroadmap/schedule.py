"""The schedule of a roadmap by the critical path method, and what sets its end date.

Semantics (also in the README):

* A task's length is its ``duration``, else ``end - start + 1`` days, else, with only an
  ``effort``, the working days its people need at full capacity (from wherever it
  starts), else 0 (a milestone: a model, a decision, a regulation's deadline). Days are
  calendar days; ``end`` is the last day of the work.
* With ``resources``, the dates are the levelled schedule's (:mod:`mlroadmap.levelling`):
  the same passes run over its dates, and "waits for the people on" counts as a
  dependency for slack and for the chain.
* Forward pass, in dependency order: a task starts when its last predecessor has
  finished (and, for a dependency with a ``lag``, that many calendar days more have
  passed: ``{id: ab-test, lag: 90d}`` starts on the 91st day after the A/B's last day),
  and no earlier than its planned ``start`` (a decision or regulation with only
  a ``due`` date happens on that date). Open work cannot start in the past: with
  ``as_of`` (default today) a planned task whose start has passed starts on ``as_of``;
  work under way (in progress, at risk, blocked) started on its planned start and
  keeps it, and keeps its planned finish while that is ahead (overdue, it takes
  ``as_of``). While a predecessor is unfinished it pauses (waiting is not progress): the
  working days of its plan left from ``as_of`` on run from the day after that
  predecessor finishes (``levelling.under_way_end``), not its whole duration again.
  A dataset's open blockers hold it like a predecessor that finishes the day before
  their last ``until``. Done work finishes on its end date; cancelled work takes no time.
  A model in production is live, not work to do: it waits for nothing (its datasets feed
  its next version) and holds nothing back, on its planned date if that has passed, else
  on the period's start.
* Backward pass from the projected end (the latest finish): latest start and finish,
  and total slack = latest start - earliest start, in days. The same pass from the due
  dates gives each piece of open work its **slack to the nearest due date** downstream
  (its own included): how many days it can slip before some deadline is missed,
  negative when one is missed already, none when no deadline waits on it. Work may take
  its due date's day; a milestone (a decision) may fall on its due date.
* The critical path is the chain that sets the end date, followed backwards from the
  last task through the predecessor that set each start ("driver"). The same is done
  for each outcome, from the last task that serves it.
* Planned dates that break a dependency (a planned start before a predecessor's planned
  finish) and tasks projected past their ``due`` date are reported with both dates.

Everything is one pass forward and one backward over a topological order: linear in
tasks + dependencies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import networkx as nx

from .graph import lag
from .model import FINISHED

if TYPE_CHECKING:
    from .diagnostics import Location
    from .freezes import Windows
    from .levelling import Staff
    from .loader import Roadmap

DEFAULT_PRIORITY = 50
# Sections whose `due` is the date the thing happens, not a deadline for work before it.
DATED_BY_DUE = frozenset({"decisions", "regulations"})


class ScheduleOverflow(ValueError):
    """Projected dates past the year 9999: the durations along a chain add up to millennia."""

    def __init__(self, task: str, before: bool = False):
        self.task = task
        super().__init__(
            f"{task!r} would have to start before the year 1 to meet the due date it waits on: the durations and lags (or efforts, "
            "at the people's capacity) between it and that date add up to thousands of years" if before else
            f"{task!r} is projected past the year 9999: the durations and lags (or efforts, at the people's capacity) along its "
            "dependency chain add up to thousands of years")

    def location(self, roadmap: Roadmap) -> Location:
        """Where the work's length is written: its duration, or its effort when that sets it;
        the roadmap's header when no entity has the id (a derived task)."""
        entity = next((entity for _section, entity in roadmap.entities() if getattr(entity, "id", None) == self.task), None)
        if entity is None:
            return roadmap.locate(roadmap.info)
        key = "effort" if getattr(entity, "duration", None) is None and getattr(entity, "effort", None) is not None else "duration"
        return roadmap.locate(entity, key)


@dataclass
class Task:
    id: str
    section: str
    title: str
    track: str | None
    owner: str | None
    status: str
    outcome: str | None
    days: int
    planned_start: dt.date | None
    planned_finish: dt.date | None  # inclusive last day
    due: dt.date | None
    start: dt.date = dt.date.min  # projected: earliest start
    finish: dt.date = dt.date.min  # projected: earliest finish, inclusive last day
    latest_start: dt.date | None = None
    latest_finish: dt.date | None = None
    slack: int | None = None  # days against the roadmap's end; None for finished work
    due_slack: int | None = None  # days to the nearest due date downstream (its own included); negative: late; None: no deadline waits on it
    driver: str | None = None  # the predecessor whose finish set `start`
    lag: int = 0  # the days after the driver's finish its dependency makes it wait
    held_by: str | None = None  # levelled schedule: the work whose people's time set `start`
    away: str | None = None  # levelled schedule: the person whose time off set `start`
    joins: dt.date | None = None  # levelled schedule: `away` is a hire, and this their first day
    leaver: str | None = None  # levelled schedule: someone who leaves before their share is done
    done_by: str | None = None  # levelled schedule: who of `any_of` does it
    work_days: int | None = None  # effort alone sets the length: this many working days
    priority: int = 50  # levelled schedule: of work competing for the same people, the higher goes first
    due_key: str = "due"  # the key its deadline is written under: an experiment's decide_by when it has no due
    recurs: str | None = None  # recurring work: its cadence; start and finish are one occurrence's
    series_end: dt.date | None = None  # recurring work: the last day it may recur (its end, else the period's)
    next: dt.date | None = None  # recurring work still open: its first occurrence on or after as_of
    resumes: dt.date | None = None  # work under way paused by an unfinished predecessor: the day it goes on
    clears: dt.date | None = None  # a dataset with open blockers: the day the last is expected to clear (`until`)
    blocked_until: dt.date | None = None  # set when that day, not a predecessor, sets its dates
    in_production: bool = False  # a model in production: live, not work to do; it waits for nothing
    delay: int = 0  # a forecast's sample: days it adds to work with effort alone (a milestone: days its day moves)
    frozen_by: str | None = None  # the freeze its go-live waits for (its finish, a milestone's day, is the day after it)
    frozen_days: int = 0  # the days that freeze holds its go-live back
    freezes: Windows = field(default=(), repr=False, compare=False)  # the freezes that cover it, merged
    demand: Any = field(default=None, repr=False, compare=False)  # capacity.Demand

    @property
    def open(self) -> bool:
        """Work still to do: not finished, and not a model already in production."""
        return self.status not in FINISHED and not self.in_production

    @property
    def finished(self) -> bool:
        """Done, or a model in production: drawn as history."""
        return self.status == "done" or self.in_production

    @property
    def state(self) -> str:
        """Its status as a view says it: a model in production is ``in-production``."""
        return "in-production" if self.in_production else self.status

    @property
    def critical(self) -> bool:
        return self.slack == 0

    @property
    def undated(self) -> bool:
        """Finished work the roadmap gives no dates: it holds nothing up, and has no day to
        be drawn on (a model in production has: the day it went live)."""
        return self.planned_start is None and self.planned_finish is None and self.status in FINISHED and not self.in_production

    @property
    def milestone(self) -> bool:
        """A day, not a span: a decision, a deadline, a milestone, a model going live; never
        undated finished work, which is no event at all."""
        return self.days == 0 and not self.undated

    def under_way(self, as_of: dt.date) -> bool:
        """Started and not finished: in progress, at risk or blocked, with a planned start
        on or before ``as_of``, and some length (a milestone is never under way)."""
        return (self.open and self.status != "planned" and self.days > 0
                and self.planned_start is not None and self.planned_start <= as_of)

    def days_left(self, as_of: dt.date) -> int:
        """Work under way: the calendar days of its plan from ``as_of`` on, and at least
        one, since it is not finished (overdue work is projected to take ``as_of``)."""
        assert self.planned_start is not None
        return max((self.planned_start + dt.timedelta(days=self.days) - as_of).days, 1)

    def goes_on(self, as_of: dt.date) -> dt.date:
        """The first day of the part of it that waits for its predecessors: its start, or
        for work under way the day the days it has left begin."""
        return self.resumes or (as_of if self.under_way(as_of) and self.recurs is None else self.start)

    def earliest(self, ready: dt.date | None, driver: str | None, as_of: dt.date) -> tuple[dt.date | None, str | None, bool]:
        """When it may go on: ``ready`` (the day after its last predecessor, ``driver``,
        finishes), or, when that is later, the day its own open blockers are expected to
        clear, if that is still ahead; and whether the blockers set it. (Its dates state
        the work; the waiting is added, as for a predecessor.)"""
        if self.clears is not None and self.clears > as_of and (ready is None or self.clears > ready):
            return self.clears, None, True
        return ready, driver, False

    def resume_day(self, waits_until: dt.date | None, as_of: dt.date) -> tuple[dt.date, bool]:
        """Work under way: the day its part left runs from, and whether a predecessor sets
        it. ``waits_until`` is the day after its last predecessor finishes. Waiting is not
        progress: while a predecessor is unfinished the work pauses, and the days it has
        left run after that predecessor, not its whole duration again."""
        if waits_until is not None and waits_until > as_of:
            return waits_until, True
        return as_of, False

    def go_live(self, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
        """``start`` and exclusive ``end`` once the freezes covering it hold its go-live;
        notes the freeze and the days it waits."""
        from .freezes import go_live

        start, end, window, days = go_live(self.freezes, self.days == 0, start, end)
        self.frozen_by, self.frozen_days = (window.by if window else None), days
        return start, end

    def raw_end(self, end: dt.date) -> dt.date:
        """The exclusive end, or a milestone's day, before a freeze held it."""
        return end - dt.timedelta(days=self.frozen_days)

    def span(self, between: str = " → ") -> str:
        """The projected dates: one day for a milestone, else first and last day."""
        if self.days == 0 or self.start == self.finish:
            return self.start.isoformat()
        return f"{self.start.isoformat()}{between}{self.finish.isoformat()}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.section,
            "title": self.title,
            "track": self.track,
            "owner": self.owner,
            "status": self.status,
            "in_production": self.in_production,
            "days": self.days,
            "planned_start": _iso(self.planned_start),
            "planned_finish": _iso(self.planned_finish),
            "start": _iso(self.start),
            "finish": _iso(self.finish),
            "latest_start": _iso(self.latest_start),
            "latest_finish": _iso(self.latest_finish),
            "due": _iso(self.due),
            "slack": self.slack,
            "slack_to_due": self.due_slack,
            "critical": self.critical,
            "driver": self.driver,
            "lag_days": self.lag,
            "held_by": self.held_by,
            "waits_for_time_off_of": self.away,
            "hire_joins": _iso(self.joins),
            "leaves_before_done": self.leaver,
            "done_by": self.done_by,
            "priority": self.priority,
            "resumes": _iso(self.resumes),
            "blocked_until": _iso(self.blocked_until),
            "frozen_by": self.frozen_by,
            "frozen_days": self.frozen_days,
            "recurs": self.recurs,
            **({"series_end": _iso(self.series_end), "next": _iso(self.next)} if self.recurs else {}),
        }


@dataclass(frozen=True)
class BrokenDependency:
    """A planned start before a predecessor's planned finish."""

    task: str
    planned_start: dt.date
    predecessor: str
    predecessor_finish: dt.date
    lag: int = 0  # days the dependency waits after the predecessor's finish
    earliest: dt.date | None = None  # the first day it may start

    def before(self, name: str) -> str:
        """What its planned start comes before, ``name`` being the predecessor as a message
        names it: "before 'label' finishes on 2026-02-13"."""
        if not self.lag:
            return f"before {name} finishes on {self.predecessor_finish}"
        assert self.earliest is not None
        return f"within its {self.lag}-day lag after {name} finishes on {self.predecessor_finish}: {self.earliest} at the earliest"

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "planned_start": self.planned_start.isoformat(),
            "predecessor": self.predecessor,
            "predecessor_finish": self.predecessor_finish.isoformat(),
            "lag_days": self.lag,
            "earliest_start": _iso(self.earliest),
        }


@dataclass(frozen=True)
class LateTask:
    """A task projected to finish after its due date."""

    task: str
    due: dt.date
    finish: dt.date

    @property
    def days_late(self) -> int:
        return (self.finish - self.due).days

    def to_dict(self) -> dict[str, Any]:
        return {"task": self.task, "due": self.due.isoformat(), "finish": self.finish.isoformat(), "days_late": self.days_late}


@dataclass
class Schedule:
    as_of: dt.date
    start: dt.date
    end: dt.date  # the projected end: the latest finish of any task
    tasks: dict[str, Task]
    critical_path: list[str]  # ids, in order: the chain to the last task that ends last
    critical_chains: list[list[str]] = field(default_factory=list)  # every chain that ends last
    outcome_paths: dict[str, list[str]] = field(default_factory=dict)  # outcome id -> chain
    outcome_dates: dict[str, dt.date] = field(default_factory=dict)
    broken: list[BrokenDependency] = field(default_factory=list)
    late: list[LateTask] = field(default_factory=list)
    # The levelled schedule keeps the dependency-only one it started from, and its bookings.
    baseline: Schedule | None = None
    bookings: Any = field(default=None, repr=False)

    @property
    def levelled(self) -> bool:
        return self.baseline is not None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None and day != dt.date.min else None


def _task(node: str, data: dict[str, Any], crew: Staff) -> Task:
    from .levelling import add_work_days, demand, effort_end, effort_only_days

    entity = data["entity"]
    section = data["section"]
    # The fields only some kinds of work have, read from the object's values: getattr on a
    # pydantic object without the field goes through its __getattr__ and an AttributeError,
    # 4 µs each, 3 a task.
    fields = entity.__dict__
    cadence, decide_by = fields.get("cadence"), fields.get("decide_by")
    start, end, duration = entity.start, entity.end, entity.length  # an estimate's likely length
    if cadence is not None:
        end = None  # recurring work: `end` is the last day it recurs; its length is one occurrence's
    work_days = effort_only_days(entity, crew)
    if duration is not None:
        days = duration.days
    elif start is not None and end is not None:
        days = (end - start).days + 1
    elif work_days is not None:  # the forward pass measures it from its start
        days = (add_work_days(start, work_days) - start).days if start is not None else work_days
    else:
        days = 0
    if start is None and end is not None:
        start = end - dt.timedelta(days=max(days - 1, 0))
    if start is None and section in DATED_BY_DUE and entity.due is not None:
        start = entity.due
    finish = None
    if start is not None:
        finish = end if end is not None else start + dt.timedelta(days=max(days - 1, 0))
    task = Task(
        id=node,
        section=section,
        title=entity.title,
        track=data["track"],
        owner=entity.owner,
        status=entity.status,
        outcome=entity.outcome,
        days=days,
        planned_start=start,
        planned_finish=finish,
        due=entity.due if entity.due is not None else decide_by,
        due_key="due" if entity.due is not None or decide_by is None else "decide_by",
        work_days=work_days,
        priority=entity.priority if entity.priority is not None else DEFAULT_PRIORITY,
        clears=_clears(entity),
        in_production=section == "models" and entity.in_production,
        recurs=cadence,
        series_end=entity.end if cadence is not None else None,
        demand=demand(entity, crew),
    )
    if work_days is not None and start is not None:  # its people's days off count
        finish = effort_end(task, start, crew)
        task.days, task.planned_finish = (finish - start).days, max(start, finish - dt.timedelta(days=1))
    return task


def _clears(entity: Any) -> dt.date | None:
    """The day the last of a dataset's open blockers is expected to clear (their ``until``)."""
    if entity.status in FINISHED:
        return None
    return max((blocker.until for blocker in entity.__dict__.get("blockers", ()) if not blocker.resolved and blocker.until is not None),
               default=None)


def schedule(roadmap: Roadmap, graph: nx.DiGraph, as_of: dt.date | None = None, *, resources: bool = False,
             extra: Mapping[str, int] | None = None, crew: Staff | None = None) -> Schedule:
    """The dependency-only schedule; with ``resources``, the levelled one, in which
    nobody is booked past capacity (see :mod:`mlroadmap.levelling`). ``extra``: days
    each piece of work takes beyond its plan (a forecast's sample, see :func:`lengthen`)."""
    from .freezes import windows_of
    from .levelling import effort_end, staff, under_way_end
    from .values import Quarter

    as_of = as_of or dt.date.today()
    period_start = Quarter(roadmap.info.period.start).start
    order = list(nx.topological_sort(graph))
    crew = crew or staff(roadmap)
    tasks: dict[str, Task] = {}
    for node in order:
        try:
            tasks[node] = _task(node, graph.nodes[node], crew)
        except OverflowError:  # an effort that takes its people millennia
            raise ScheduleOverflow(node) from None
    slipped = dict(roadmap.slips)  # a scenario's slips, and on top of them a sample's days
    for node, days in (extra or {}).items():
        slipped[node] = slipped.get(node, 0) + days
    for node, days in slipped.items():
        lengthen(tasks[node], days)
    for node, windows in windows_of(roadmap, graph).items():
        tasks[node].freezes = windows
    one_day = dt.timedelta(days=1)
    # Finishes are kept exclusive (the day after the last day) inside the passes, so a
    # milestone (0 days) starts and "finishes" on the same day and sums add up.
    exclusive: dict[str, dt.date] = {}
    # Finished work with a known end is history: it holds nothing back. Cancelled work and
    # done work without dates take no time but still pass their predecessors' dates on.
    fixed: set[str] = set()
    broken: list[BrokenDependency] = []

    node = None
    try:  # dates are bounded (1900-2999) but a long chain of long durations is not
        for node in order:
            task = tasks[node]
            ready: dt.date | None = None
            driver = None
            for predecessor, edge in graph.pred[node].items():
                wait = edge.get("lag", 0)
                free = exclusive[predecessor] + dt.timedelta(days=wait) if wait else exclusive[predecessor]
                if ready is None or free > ready:
                    ready, driver = free, predecessor
                _check_planned_order(task, tasks[predecessor], wait, broken)
            ready, driver, blocked = task.earliest(ready, driver, as_of)
            if task.in_production:
                # Live already: its datasets and dependencies feed its next version, not its
                # going live. On its planned date if one has passed, else since the period's start.
                fixed.add(node)
                live = task.planned_finish if task.planned_finish is not None and task.planned_finish <= as_of else period_start
                task.start = task.finish = exclusive[node] = min(live, as_of)
                task.days, task.driver = 0, None
                continue
            if task.recurs is not None and task.under_way(as_of):
                # A series under way: its first occurrence is behind it and the series goes
                # on (`next`, `series_end`); it holds nothing back past that occurrence.
                task.start, task.finish, task.driver = task.planned_start, task.planned_finish, None  # type: ignore[assignment]
                exclusive[node] = task.finish + one_day
                fixed.add(node)  # it waits for nothing, so it holds nothing back either
                continue
            if task.under_way(as_of):
                # It keeps the day it started; the days it has left run from today, or
                # from its last predecessor's finish while that is still ahead.
                assert task.planned_start is not None  # under way: it has started
                resume, waits = task.resume_day(ready, as_of)
                end = under_way_end(task, resume, as_of, crew) + dt.timedelta(days=task.delay)
                _start, end = task.go_live(task.planned_start, end)
                task.start, task.driver, task.resumes = task.planned_start, driver if waits else None, resume if waits else None
                task.blocked_until = task.clears if blocked and waits else None
                exclusive[node] = end
                task.finish = end - one_day
                continue
            if ready is None:
                ready = task.planned_start or period_start
            if task.status == "cancelled" or (task.status == "done" and task.planned_start is None):
                start = end = ready
                task.days = 0
            elif task.status == "done":
                fixed.add(node)
                start = task.planned_start  # type: ignore[assignment]
                finish = min(task.planned_finish, as_of) if task.planned_finish is not None else as_of  # not done in the future
                start = min(start, finish)
                end = finish + one_day if task.days else start
            else:
                start = ready
                if task.planned_start is not None and task.planned_start >= start:  # planned for: not the blocker's doing
                    start, driver, blocked = task.planned_start, None if task.planned_start > start else driver, False
                if start < as_of:
                    start, driver, blocked = as_of, None, False
                task.blocked_until = task.clears if blocked else None
                if task.work_days is not None:
                    end = effort_end(task, start, crew) + dt.timedelta(days=task.delay)
                    task.days = (end - start).days
                else:
                    start += dt.timedelta(days=task.delay)  # a milestone a sample delays (work's days are lengthened)
                    end = start + dt.timedelta(days=task.days)
                start, end = task.go_live(start, end)
            task.start, task.driver = start, driver
            exclusive[node] = end
            task.finish = end - one_day if task.days and end > start else start
    except OverflowError:
        raise ScheduleOverflow(node) from None
    _series(tasks.values(), as_of, Quarter(roadmap.info.period.end).end)
    plan = _complete(graph, order, tasks, exclusive, fixed, broken, as_of, period_start)
    if resources:
        return levelled(plan, graph, crew, Quarter(roadmap.info.period.end).end)
    return plan


def lengthen(task: Task, days: int) -> None:
    """A forecast's sample: ``task`` takes ``days`` more than planned (fewer when negative,
    never under a day); work with effort alone ends that many days later, and a milestone's
    day moves by them."""
    if task.days > 0 and task.work_days is None:
        task.days = max(task.days + days, 1)
        if task.planned_start is not None:
            task.planned_finish = task.planned_start + dt.timedelta(days=task.days - 1)
    else:
        task.delay = max(days, 0)


def levelled(plan: Schedule, graph: nx.DiGraph, crew: Staff, until: dt.date) -> Schedule:
    """``plan`` with every task moved to its resource-aware dates; recurring work recurs
    until ``until`` (the roadmap's end)."""
    from .levelling import level

    try:
        placed, bookings = level(plan, graph, crew, until)
    except OverflowError as error:
        raise ScheduleOverflow(str(error.args[0])) from None
    one_day = dt.timedelta(days=1)
    tasks: dict[str, Task] = {}
    exclusive: dict[str, dt.date] = {}
    fixed: set[str] = set()
    held: dict[str, list[str]] = {}
    for node, task in plan.tasks.items():
        where = placed[node]
        days = (where.finish_exclusive - where.start).days
        tasks[node] = replace(
            task, start=where.start, finish=where.finish_exclusive - one_day if days > 0 else where.start,
            driver=where.driver, held_by=where.held_by, away=where.away, done_by=where.choice, resumes=where.resumes,
            blocked_until=where.blocked_until, frozen_by=where.frozen_by, frozen_days=where.frozen_days, joins=where.joins, leaver=where.leaver, latest_start=None, latest_finish=None, slack=None, due_slack=None,
        )
        exclusive[node] = where.finish_exclusive
        if (task.status == "done" and task.planned_start is not None) or task.in_production or (task.recurs and task.under_way(plan.as_of)):
            fixed.add(node)
        if where.held_by is not None:  # always placed earlier: placement order stays topological
            held.setdefault(where.held_by, []).append(node)
    # Placement order: every predecessor and every holder is placed before the work it holds.
    _series(tasks.values(), plan.as_of, until)
    result = _complete(graph, list(placed), tasks, exclusive, fixed, plan.broken, plan.as_of, plan.start, held)
    result.baseline, result.bookings = plan, bookings
    return result


def _complete(
    graph: nx.DiGraph,
    order: list[str],
    tasks: dict[str, Task],
    exclusive: dict[str, dt.date],
    fixed: set[str],
    broken: list[BrokenDependency],
    as_of: dt.date,
    period_start: dt.date,
    held: dict[str, list[str]] | None = None,
) -> Schedule:
    """The backward pass, the chains, the outcome dates and late work, from the forward
    pass's dates. ``held`` adds, for the levelled schedule, "a waits for b's people" as
    an edge b -> a."""
    from .freezes import go_live

    one_day = dt.timedelta(days=1)
    position = {node: index for index, node in enumerate(order)}
    held = held or {}
    counted = [node for node in order if tasks[node].status != "cancelled"]
    project_end = max((exclusive[node] for node in counted), default=period_start)
    latest: dict[str, dt.date] = {}
    # The same pass against the deadlines: the latest start that misses no due date
    # downstream (None where none waits). A due date is the last day the work may take; a
    # milestone happens at the start of its day, so it may fall on its due date.
    due_latest: dict[str, dt.date | None] = {}
    node = ""
    try:
        for node in reversed(order):
            task = tasks[node]
            finish_by = project_end
            due_by = (task.due + one_day if task.days else task.due) if task.due is not None and task.status != "cancelled" else None
            after = graph.succ[node]
            for successor, edge in after.items():
                wait = dt.timedelta(days=edge.get("lag", 0))
                successor_start = latest[successor] - wait
                if successor_start < finish_by:
                    finish_by = successor_start
                successor_due = due_latest[successor]
                if successor_due is not None and (due_by is None or successor_due - wait < due_by):
                    due_by = successor_due - wait
            # Work that waits for its people waits for the work's own end, not for its go-live:
            # a freeze holding the go-live frees them all the same.
            people_by: dt.date | None = None
            people_due: dt.date | None = None
            for successor in held.get(node, ()):
                if people_by is None or latest[successor] < people_by:
                    people_by = latest[successor]
                successor_due = due_latest[successor]
                if successor_due is not None and (people_due is None or successor_due < people_due):
                    people_due = successor_due
            # Predecessors hold up the part of the work that waits for them: all of it, or, for
            # work under way, the days it has left from where it goes on.
            entry = task.goes_on(as_of)
            # A freeze's hold is waiting, not work: the length is the work's own, and the latest
            # end is the latest the work may end before the hold and still be live in time.
            length = task.raw_end(exclusive[node]) - (task.raw_end(entry) if task.days == 0 else entry)
            latest_exit = _unheld(task, finish_by)
            if people_by is not None and people_by < latest_exit:
                latest_exit = people_by
            latest_entry = latest_exit - length
            latest[node] = project_end if node in fixed else latest_entry
            due_exit = _earliest(_unheld(task, due_by) if due_by is not None else None, people_due)
            due_entry = due_exit - length if due_exit is not None else None
            due_latest[node] = None if node in fixed else due_entry  # finished work holds no deadline back
            if task.open:
                # A milestone a freeze holds slips from the day it would have had (raw): its
                # slack is the days that day may move before it moves anything downstream.
                raw_entry, raw_start = (task.raw_end(entry), task.raw_end(task.start)) if task.days == 0 else (entry, task.start)
                task.slack = (latest_entry - raw_entry).days
                task.latest_start = raw_start + dt.timedelta(days=task.slack)
                live_by = go_live(task.freezes, task.days == 0, latest_exit - length, latest_exit)[1]  # its go-live, as held
                task.latest_finish = live_by - one_day if task.days else live_by
                task.due_slack = (due_entry - raw_entry).days if due_entry is not None else None
    except OverflowError:  # a length of millennia before a due date: its latest start is before the year 1
        raise ScheduleOverflow(node, before=True) from None

    last_day = max((tasks[node].finish for node in counted), default=period_start)
    # Every chain that ends at the projected end, the last task (in dependency order) first.
    ends = [node for node in reversed(counted) if exclusive[node] == project_end and tasks[node].open]
    chains: list[list[str]] = []
    on_a_chain: set[str] = set()
    for end_node in ends:
        if end_node not in on_a_chain:
            chain = _chain_to(tasks, end_node)
            chains.append(chain)
            on_a_chain.update(chain)
    outcome_paths: dict[str, list[str]] = {}
    outcome_dates: dict[str, dt.date] = {}
    serving: dict[str, list[str]] = {}
    for node in counted:
        if tasks[node].outcome is not None:
            serving.setdefault(tasks[node].outcome, []).append(node)  # type: ignore[arg-type]
    for outcome, nodes in serving.items():
        last = max(nodes, key=lambda n: (exclusive[n], position[n]))  # ties: the later in dependency order
        outcome_dates[outcome] = tasks[last].finish
        outcome_paths[outcome] = _chain_to(tasks, last)
    for node in order:  # the lag of the dependency that set each start, for the views
        task = tasks[node]
        task.lag = lag(graph, task.driver, node) if task.driver is not None else 0
    late = [
        LateTask(node, tasks[node].due, tasks[node].finish)  # type: ignore[arg-type]
        for node in counted
        if tasks[node].open and tasks[node].due is not None and tasks[node].finish > tasks[node].due  # type: ignore[operator]
    ]
    return Schedule(
        as_of=as_of,
        start=period_start,
        end=last_day,
        tasks=tasks,
        critical_path=chains[0] if chains else [],
        critical_chains=chains,
        outcome_paths=outcome_paths,
        outcome_dates=outcome_dates,
        broken=broken,
        late=late,
    )


def _earliest(day: dt.date | None, other: dt.date | None) -> dt.date | None:
    return other if day is None else day if other is None or day <= other else other


def _unheld(task: Task, end: dt.date) -> dt.date:
    from .freezes import unheld_end

    return unheld_end(task.freezes, task.days == 0, end) if task.freezes and task.open else end


def _series(tasks: Iterable[Task], as_of: dt.date, period_end: dt.date) -> None:
    """A recurring series' last day and, while it is open, its next occurrence: the views
    of a series show these, not the dates of the one occurrence the passes placed."""
    from .values import Cadence

    for task in tasks:
        if task.recurs is None:
            continue
        task.series_end = task.series_end or period_end
        if not task.open:  # finished recurring work recurred until today at the latest
            task.series_end = min(task.series_end, as_of)
        first = task.start  # as the calendar: the projected start (levelled work recurs from its levelled start)
        following = Cadence(task.recurs).next_on_or_after(first, as_of) if task.open else None
        task.next = following if following is not None and following <= task.series_end else None


def _check_planned_order(task: Task, predecessor: Task, wait: int, broken: list[BrokenDependency]) -> None:
    """A planned start before the predecessor's planned finish and ``wait`` days' lag (a
    milestone happens at the start of its day, so work may start on a milestone's day)."""
    if "cancelled" in (task.status, predecessor.status):
        return
    if task.planned_start is None or predecessor.planned_finish is None:
        return
    free_from = predecessor.planned_finish + dt.timedelta(days=(1 if predecessor.days else 0) + wait)
    if task.planned_start < free_from:
        broken.append(BrokenDependency(task.id, task.planned_start, predecessor.id, predecessor.planned_finish, wait, free_from))


def _chain_to(tasks: dict[str, Task], end: str) -> list[str]:
    """The chain of drivers that leads to ``end``, in time order. It stops at finished
    work (history, not something to protect) and steps over cancelled work."""
    chain = [end]
    node = end
    # Work a freeze holds goes live when the freeze ends, whatever its driver does.
    while ((driver := tasks[node].driver) is not None and tasks[node].frozen_by is None
           and tasks[driver].status != "done" and not tasks[driver].in_production):
        if tasks[driver].status != "cancelled":
            chain.append(driver)
        node = driver
    chain.reverse()
    return chain
