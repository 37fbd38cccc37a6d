"""Team capacity: who does the work, when they are free, and what that does to the dates.

Semantics (the README's "How capacity is counted" says the same for users):

* People work Monday to Friday at their ``capacity`` (a share of a full-time day) and not
  at all during their ``off`` periods. A team with members stands for its members,
  pooled; a team without members but with a ``capacity`` (a vendor) is one resource of
  that many full-time people, never off. Finished training gives its people the skill.
* Work is done by *slots*: each of its ``assignees`` does a share of the effort in
  proportion to its capacity (a person named twice, or through a team, counts once);
  ``any_of`` adds one slot, filled among the candidates with the work's skills (all of
  them when none has the skills): whoever would finish first, or with ``prefer: listed``
  the first listed who is free on the day it may start.
* ``effort`` is person-days of work (``1w`` of effort is 5 days of work). Without it, the
  assignees work full-time through the ``duration``. With both, the effort is spread
  evenly over the window's working days. With effort alone, the work takes the days its
  people need at full capacity, counting their days off. A window of weekend days holds
  no working day: nothing is booked, its dates stand, and MLR301 says so of an effort.
  Recurring work books each occurrence until its ``end`` or the roadmap's end.
* **The plan's load** spreads each piece of work's effort over its dependency-only dates
  (finished work: its planned dates, and nothing from ``as_of`` on), on the working days
  its people are in (all the window's working days when they are off throughout). A day
  when someone's load passes their capacity is over-allocated; so is a day off with
  work booked on it.
* **The levelled schedule** is a serial list scheduler: finished work and then work
  under way first; then the highest ``priority`` (0-100, default 50); then least slack
  (latest start, counting deadlines). Recurring work under way keeps its own days ahead
  of everything; other recurring work recurs from its levelled start. Each piece books,
  day by day from the day its predecessors finish and their lags have passed (no earlier
  than its planned start, nor than ``as_of``), whatever its people have free, up to its
  daily rate, until its effort is done, and never finishes before its duration has
  passed. Nobody is booked past capacity on any day. Work under way books the share of
  its effort left in its planned window, from ``as_of`` or, when a predecessor pauses
  it, from where it resumes (as in the plan: ``Task.resume_day``).

Capacity and effort are kept in thousandths of a person-day, so sums are exact integers.
Booking skips weekends, time off and fully booked days with a "next free day" forest per
person, so the scheduler does not walk through long busy stretches again and again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from .loader import Roadmap
    from .schedule import Schedule, Task

from .freezes import go_live
from .values import cadence_step

UNIT = 1000  # a person-day
LAST_DAY = dt.date(9999, 12, 31).toordinal()


def working(day: int) -> bool:
    """Monday to Friday (ordinal 1, 0001-01-01, was a Monday)."""
    return (day - 1) % 7 < 5


def next_working(day: int) -> int:
    """``day``, or the Monday after it when it falls on a weekend."""
    return day if working(day) else day + 7 - (day - 1) % 7


def add_work_days(start: dt.date, count: int) -> dt.date:
    """The day after the ``count``-th working day on or after ``start`` (``start`` when 0)."""
    if count <= 0:
        return start
    day = start.toordinal()
    while not working(day):
        day += 1
    weeks, rest = divmod(count - 1, 5)
    day += weeks * 7
    while rest:
        day += 1
        if working(day):
            rest -= 1
    if day + 1 > LAST_DAY:
        raise OverflowError("past the year 9999")
    return dt.date.fromordinal(day + 1)


def work_days_between(first: int, last: int) -> int:
    """Working days in ``first..last`` (ordinals, inclusive)."""
    if last < first:
        return 0
    weeks, _rest = divmod(last - first + 1, 7)
    count = weeks * 5
    for day in range(first + weeks * 7, last + 1):
        count += working(day)
    return count


# --- who can do the work -------------------------------------------------------------------


@dataclass
class Resource:
    """A person, or a team without named members (a vendor), that can be booked."""

    id: str
    name: str
    kind: str  # "person" or "team"
    capacity: int  # units per working day
    skills: frozenset[str]
    off_first: list[int] = field(default_factory=list)  # merged periods off, sorted
    off_last: list[int] = field(default_factory=list)
    off_reason: list[str] = field(default_factory=list)
    joins: int | None = None  # a hire's first day (the days before it are a period off)
    leaves: int = LAST_DAY  # their last day: after it they are gone for good

    def off_until(self, day: int) -> int | None:
        """The last day of the period off that contains ``day``, if any (the calendar's
        last, once they have left)."""
        if day > self.leaves:
            return LAST_DAY
        index = bisect.bisect_right(self.off_first, day) - 1
        if index >= 0 and self.off_last[index] >= day:
            return self.off_last[index]
        return None

    def available(self, day: int) -> int:
        return self.capacity if working(day) and self.off_until(day) is None else 0

    def there(self, first: int, last: int) -> bool:
        """On the team on some day of ``first..last``: joined by ``last``, not left before ``first``."""
        return (self.joins is None or self.joins <= last) and self.leaves >= first

    def stand_in(self, day: int) -> int:
        """What their share progresses on ``day`` by dependencies alone: what they give, and
        once they have left, their rate on working days, for whoever takes the rest (the
        work is not done sooner for someone leaving, and not stuck for ever either)."""
        return self.capacity if day > self.leaves and working(day) else self.available(day)

    def available_between(self, first: int, last: int) -> int:
        """Units available in ``first..last``: working days less days off, in O(periods off)."""
        last = min(last, self.leaves)
        days = work_days_between(first, last)
        index = bisect.bisect_left(self.off_last, first)  # the first period off that ends on or after `first`
        while index < len(self.off_first) and self.off_first[index] <= last:
            days -= work_days_between(max(self.off_first[index], first), min(self.off_last[index], last))
            index += 1
        return days * self.capacity


@dataclass
class Staff:
    """The roadmap's people and teams as bookable resources."""

    resources: dict[str, Resource]
    pools: dict[str, tuple[str, ...]]  # assignee id (person or team) -> resource ids
    names: dict[str, str]  # person or team id -> name
    team_members: dict[str, tuple[str, ...]]  # team id -> resource ids, for load rows
    has_skill: dict[str, list[str]]  # skill -> person and team ids that have it

    def capacity(self, assignee: str) -> int:
        return sum(self.resources[member].capacity for member in self.pools.get(assignee, ()))

    def members_of(self, slots: Iterable[str]) -> list[tuple[str, ...]]:
        """Each slot's people, each person once (a team that includes an assignee adds only
        its other members); slots that add nobody are left out."""
        seen: set[str] = set()
        found = []
        for slot in slots:
            members = tuple(member for member in self.pools.get(slot, ()) if member not in seen)
            seen.update(members)
            if members:
                found.append(members)
        return found

    def holders(self) -> dict[str, set[str]]:
        """Skill -> the resources (people, vendor teams) who have it, directly or through a team."""
        return {skill: {member for name in names for member in self.pools.get(name, ())} for skill, names in self.has_skill.items()}

    def skills_of(self, assignee: str) -> set[str]:
        return {skill for skill, holders in self.has_skill.items() if assignee in holders} | {
            skill for member in self.pools.get(assignee, ()) for skill in self.resources[member].skills
        }


def staff(roadmap: Roadmap) -> Staff:
    resources: dict[str, Resource] = {}
    names: dict[str, str] = {}
    has_skill: dict[str, list[str]] = {}
    for person in roadmap.people:
        resource = Resource(person.id, person.name, "person", _units(person.capacity), frozenset(person.skills))
        periods = sorted((absence.start.toordinal(), absence.end.toordinal(), absence.reason or "off") for absence in person.off)
        if person.joins is not None:  # before their first day they are not there: a period off
            resource.joins = person.joins.toordinal()
            periods.insert(0, (1, resource.joins - 1, f"joins on {person.joins}"))
        if person.leaves is not None:
            resource.leaves = person.leaves.toordinal()
        for first, last, reason in periods:
            if resource.off_last and first <= resource.off_last[-1] + 1:
                resource.off_last[-1] = max(resource.off_last[-1], last)
            else:
                resource.off_first.append(first)
                resource.off_last.append(last)
                resource.off_reason.append(reason)
        resources[person.id] = resource
        names[person.id] = person.name
        for skill in person.skills:
            has_skill.setdefault(skill, []).append(person.id)
    for training in roadmap.training_needs:  # finished training gives its people the skill
        if training.status == "done":
            for person_id in training.people:
                if person_id in resources and training.skill not in resources[person_id].skills:
                    resources[person_id].skills = resources[person_id].skills | {training.skill}
                    has_skill.setdefault(training.skill, []).append(person_id)
    pools: dict[str, tuple[str, ...]] = {person_id: (person_id,) for person_id in resources}
    team_members: dict[str, tuple[str, ...]] = {}
    for team in roadmap.teams:
        names[team.id] = team.name
        for skill in team.skills:
            has_skill.setdefault(skill, []).append(team.id)
        members = tuple(dict.fromkeys(member for member in team.members if member in resources))
        if not members and team.capacity is not None:
            resources[team.id] = Resource(team.id, team.name, "team", _units(team.capacity), frozenset(team.skills))
            members = (team.id,)
        pools[team.id] = members
        team_members[team.id] = members
    return Staff(resources, pools, names, team_members, has_skill)


def _units(capacity: Any) -> int:
    return max(1, round(float(capacity) * UNIT))  # a sliver of a person is still someone


@dataclass(frozen=True)
class Demand:
    """Who does a piece of work and how much of it there is."""

    assignees: tuple[str, ...]  # every one does a share
    any_of: tuple[str, ...]  # one of these does a share (those with the work's skills, if any have them)
    effort: int | None  # units; None: full-time through the duration
    unstaffed: tuple[str, ...]  # assignees that stand for nobody (a team with no members, no capacity)
    listed: bool = False  # `prefer: listed`: any_of is an order of preference
    # Recurring work (a `cadence`): each occurrence lasts `duration` (one day without it, or
    # what its effort takes) and the occurrences go on until `end`, or the roadmap's end.
    cadence: Any = None
    occurrence_days: int | None = None
    work_days: int | None = None
    recurs_until: dt.date | None = None

    def slots(self, choice: str | None) -> list[str]:
        return [*self.assignees, *([choice] if choice is not None else [])]


def demand(entity: Any, crew: Staff) -> Demand | None:
    """The work's demand on people, or None when nobody is named for it."""
    assignees = tuple(dict.fromkeys(entity.assignees))
    any_of = tuple(name for name in dict.fromkeys(entity.any_of) if name not in assignees)  # named twice: once
    if not assignees and not any_of:
        return None
    empty = tuple(name for name in (*assignees, *any_of) if not crew.pools.get(name))
    assignees = tuple(name for name in assignees if crew.pools.get(name))
    any_of = tuple(name for name in any_of if crew.pools.get(name))
    # `any_of` goes to someone with the skills the work needs, when someone listed has them.
    fit = tuple(name for name in any_of if set(entity.skills) <= crew.skills_of(name)) or any_of
    effort = entity.effort.work_days * UNIT if entity.effort is not None else None
    cadence = getattr(entity, "cadence", None)
    listed = getattr(entity, "prefer", "soonest") == "listed"
    if cadence is None:
        return Demand(assignees, fit, effort, empty, listed)
    return Demand(
        assignees, fit, effort, empty, listed, cadence,
        occurrence_days=entity.length.days if entity.length is not None else None,
        work_days=effort_only_days(entity, crew),
        recurs_until=entity.end,
    )


def occurrences(need: Demand, first: dt.date, until: dt.date) -> list[tuple[int, int]]:
    """(first, last) day of each occurrence of recurring work that starts by ``until``."""
    if need.recurs_until is not None:
        until = min(until, need.recurs_until)
    freq, interval = need.cadence.rule
    found: list[tuple[int, int]] = []
    index = 0
    day = first
    while day <= until:
        if need.occurrence_days is not None:
            last = day + dt.timedelta(days=need.occurrence_days - 1)
        elif need.work_days is not None:
            last = add_work_days(day, need.work_days) - dt.timedelta(days=1)
        else:
            last = day
        found.append((day.toordinal(), last.toordinal()))
        index += 1
        day = cadence_step(first, freq, interval * index)
    return found



def effort_only_days(entity: Any, crew: Staff) -> int | None:
    """Working days a piece of work with ``effort`` and no duration or end takes, its slots
    working at full capacity (one full-time person when nobody is named)."""
    recurring = getattr(entity, "cadence", None) is not None  # its `end` ends the recurrence, not the work
    if entity.effort is None or entity.length is not None or (entity.end is not None and not recurring):
        return None
    slots = [name for name in dict.fromkeys(entity.assignees) if crew.pools.get(name)]
    candidates = [name for name in entity.any_of if crew.pools.get(name) and name not in slots]
    candidates = [name for name in candidates if set(entity.skills) <= crew.skills_of(name)] or candidates
    members = [member for pool in crew.members_of([*slots, *candidates[:1]]) for member in pool]
    capacity = sum(crew.resources[member].capacity for member in members) or UNIT
    return max(1, math.ceil(entity.effort.work_days * UNIT / capacity))


def effort_end(task: Task, start: dt.date, crew: Staff, share: tuple[int, int] = (1, 1)) -> dt.date:
    """The day after work with only an effort is done, from ``start``, its people working
    at full capacity on the days they are in (one full-time person when nobody is named);
    ``share`` (a fraction) of the effort when only that much is left."""
    need = task.demand
    pools = crew.members_of(need.slots(need.any_of[0] if need.any_of else None)) if need is not None else []
    part, whole = share
    if not pools or need is None or need.effort is None:
        return add_work_days(start, -(-(task.work_days or 0) * part // whole))
    capacity = sum(crew.resources[member].capacity for pool in pools for member in pool)
    left = [need.effort * part // whole * sum(crew.resources[member].capacity for member in pool) // capacity for pool in pools]
    day = start.toordinal()
    last = day - 1
    while any(left):
        if day > LAST_DAY:
            raise OverflowError("past the year 9999")
        for index, pool in enumerate(pools):
            if left[index]:
                # A pool goes on with whoever is still there (as levelling books it); only when
                # all have left does the rest go on at their rate.
                gone = all(day > crew.resources[member].leaves for member in pool)
                left[index] = max(0, left[index] - sum(crew.resources[member].stand_in(day) if gone else crew.resources[member].available(day)
                                                       for member in pool))
                last = day
        day += 1
    if last + 1 > LAST_DAY:  # its last day is 9999-12-31: the day after is past the calendar
        raise OverflowError("past the year 9999")
    return dt.date.fromordinal(last + 1) if last >= start.toordinal() else start


def under_way_end(task: Task, resume: dt.date, as_of: dt.date, crew: Staff) -> dt.date:
    """Work under way: the day after it is projected to finish, the days it has left run
    from ``resume``. Not paused (``resume`` is ``as_of``), it keeps its planned finish,
    and takes ``as_of`` when that has passed. Paused by a predecessor, the working days of
    its plan it has left run from ``resume`` (for effort alone, that share of its effort,
    its people's days off counted), and at least that day."""
    if resume <= as_of:
        return as_of + dt.timedelta(days=task.days_left(as_of))
    assert task.planned_start is not None
    first = task.planned_start.toordinal()
    last = first + task.days - 1
    planned = work_days_between(first, last)
    left = work_days_between(max(first, as_of.toordinal()), last)
    end = effort_end(task, resume, crew, (left, planned)) if task.work_days is not None and planned else add_work_days(resume, left)
    return max(end, resume + dt.timedelta(days=1))


# --- the plan's load -----------------------------------------------------------------------


@dataclass
class Bookings:
    """Per resource and day: units booked, and by which work."""

    load: dict[str, dict[int, int]] = field(default_factory=dict)
    by: dict[str, dict[int, list[tuple[str, int]]]] = field(default_factory=dict)
    keep_work: bool = True  # the levelled schedule's bookings need only the load

    def add(self, resource: str, day: int, units: int, task: str) -> None:
        days = self.load.setdefault(resource, {})
        days[day] = days.get(day, 0) + units
        if self.keep_work:
            self.by.setdefault(resource, {}).setdefault(day, []).append((task, units))

    def total(self, resource: str, first: int, last: int) -> int:
        days = self.load.get(resource, {})
        if last - first + 1 < len(days):
            return sum(days.get(day, 0) for day in range(first, last + 1))
        return sum(units for day, units in days.items() if first <= day <= last)


def _spread(total: int, days: list[int]) -> Iterable[tuple[int, int]]:
    """``total`` units over ``days``, as evenly as integers allow (earlier days first)."""
    if not days:
        return ()
    base, extra = divmod(total, len(days))
    return ((day, base + (index < extra)) for index, day in enumerate(days))


def _window(task: Task) -> tuple[int, int]:
    """Its days of work: to its own last day, not to the go-live a freeze holds (nobody works then)."""
    return task.start.toordinal(), task.finish.toordinal() - (task.frozen_days if task.days else 0)


def period_end(roadmap: Roadmap) -> dt.date:
    from .values import Quarter

    return Quarter(roadmap.info.period.end).end


Stretch = tuple[int, int, float]  # first and last day, and the share of the effort done in it


def windows(task: Task, until: dt.date, as_of: dt.date) -> list[Stretch]:
    """The days a task's people work on it: its dates, or each occurrence of recurring work
    (each with all of an occurrence's effort; finished recurring work stopped at its
    finish). Work under way that a predecessor pauses works in two stretches: up to
    ``as_of`` the share of its plan's working days that has passed, and the rest after
    the pause."""
    need = task.demand
    if need is not None and need.cadence is not None:
        first = task.planned_start or task.start
        return [(begin, end, 1.0) for begin, end in occurrences(need, first, task.finish if task.status == "done" else until)]
    if task.status == "done" and task.planned_start is not None and task.planned_finish is not None:
        return [(task.planned_start.toordinal(), task.planned_finish.toordinal(), 1.0)]  # as planned, not as clipped
    if task.resumes is not None:
        begin, planned_last, today = task.start.toordinal(), task.start.toordinal() + task.days - 1, as_of.toordinal()
        planned = work_days_between(begin, planned_last)
        done = planned - work_days_between(today, planned_last) if planned else 0
        share = done / planned if planned else 0.0
        return [(begin, today - 1, share), (task.resumes.toordinal(), _window(task)[1], 1.0 - share)]
    return [(*_window(task), 1.0)]


def planned_load(roadmap: Roadmap, plan: Schedule, crew: Staff) -> tuple[Bookings, dict[str, str]]:
    """Bookings of the plan as written (the dependency-only dates), and for work with
    ``any_of``, who the plan leaves it to: the candidate with the least load over its dates."""
    bookings = Bookings()
    chosen: dict[str, str] = {}
    until = period_end(roadmap)
    today = plan.as_of.toordinal()
    # Every stretch of work (each occurrence of recurring work on its own) in time order, so
    # an `any_of` choice sees what was booked before it.
    stretches = sorted(
        (first, last, task.id, share, task)
        for task in plan.tasks.values()
        if task.demand is not None and task.status != "cancelled" and task.days > 0
        for first, last, share in windows(task, until, plan.as_of)
    )
    for first, last, _id, share, task in stretches:
        need = task.demand
        choice = None
        if need.any_of:  # someone it fits, the least loaded over those days, the first listed
            def load_after(name: str, first: int = first, last: int = last, need: Demand = need) -> tuple[bool, float, int]:
                members = crew.pools[name]
                available = sum(crew.resources[member].available_between(first, last) for member in members)
                booked = sum(bookings.total(member, first, last) for member in members)
                if not available:
                    return (True, math.inf, need.any_of.index(name))
                capacity = sum(crew.resources[member].capacity for pool in crew.members_of([*need.assignees, name]) for member in pool)
                effort = need.effort if need.effort is not None else capacity * work_days_between(first, last)
                overbooked = False
                for member in members:  # would its share, spread like _book_plan does, overbook a day?
                    resource = crew.resources[member]
                    days = [day for day in range(first, last + 1) if resource.available(day)]
                    share = effort * resource.capacity / capacity / max(1, len(days))
                    load = bookings.load.get(member, {})
                    overbooked = overbooked or any(load.get(day, 0) + share > resource.capacity for day in days)
                # In order of preference, the first it fits; else (as without) the least loaded.
                return (overbooked, 0 if need.listed and not overbooked else booked / available, need.any_of.index(name))

            choice = min(need.any_of, key=load_after)
            chosen.setdefault(task.id, choice)
        members = [member for pool in crew.members_of(need.slots(choice)) for member in pool]
        if members:  # finished work is history: nothing of it is booked from today on
            effort = round(need.effort * share) if need.effort is not None else None  # else full-time through it
            _book_plan(bookings, crew, task.id, members, effort, first, last, today if task.status == "done" else None,
                       counted=task.work_days is not None)
    return bookings, chosen


def _book_plan(bookings: Bookings, crew: Staff, task: str, members: list[str], effort: int | None, first: int, last: int,
               stop: int | None = None, counted: bool = False) -> None:
    """Spread the work's effort over its people's working days in ``first..last`` (none
    when the window holds no working day), booking nothing from day ``stop`` on.
    ``counted``: the window was counted on their days in (effort alone), so it waits for a
    hire's first day already."""
    if not work_days_between(first, last):
        return
    capacity = sum(crew.resources[member].capacity for member in members)
    if effort is None:  # full-time through the window
        effort = capacity * work_days_between(first, last)
    for member in members:
        resource = crew.resources[member]
        share = effort * resource.capacity // capacity
        # Their share is spread over the days they are in, time off left out; days before they
        # join or after they leave are booked as they fall, and that is the problem to show.
        days = [day for day in range(first, last + 1) if resource.available(day) or (
            working(day) and (day > resource.leaves or (not counted and not resource.there(day, day))))]
        if not days:  # off throughout: the plan books them anyway, and that is the problem
            days = [day for day in range(first, last + 1) if working(day)]
        for day, units in _spread(share, days):
            if stop is not None and day >= stop:
                break
            if units:
                bookings.add(member, day, units, task)


@dataclass(frozen=True)
class OverAllocation:
    """A stretch of working days on which someone is booked past capacity."""

    resource: str
    first: dt.date
    last: dt.date
    days: int  # over-allocated days in the stretch
    peak: int  # percent of capacity on the worst day (None-like 0 when off)
    off: bool  # some of the days are days off
    tasks: tuple[str, ...]  # the work booked on those days, by first day booked
    # Off because they are not on the team yet, or any more: the day they join or leave.
    joins: dt.date | None = None
    leaves: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"resource": self.resource, "first": self.first.isoformat(), "last": self.last.isoformat(), "days": self.days,
                "peak_percent": self.peak, "during_time_off": self.off, "tasks": list(self.tasks),
                "before_joining_on": self.joins.isoformat() if self.joins else None,
                "after_leaving_on": self.leaves.isoformat() if self.leaves else None}


def over_allocations(bookings: Bookings, crew: Staff, since: dt.date) -> list[OverAllocation]:
    """Stretches of over-allocated days from ``since`` on. Only a whole working week without
    over-allocation ends a stretch, so a weekly clash is one stretch, not one per week."""
    found: list[OverAllocation] = []
    start = since.toordinal()
    for resource_id, days in bookings.load.items():
        resource = crew.resources[resource_id]
        over = sorted(day for day, units in days.items() if day >= start and units > resource.available(day))
        stretch: list[int] = []
        for day in over:
            if stretch and work_days_between(stretch[-1] + 1, day - 1) >= 5:
                found.append(_stretch(resource, stretch, bookings))
                stretch = []
            stretch.append(day)
        if stretch:
            found.append(_stretch(resource, stretch, bookings))
    found.sort(key=lambda item: (item.first, item.resource))
    return found


def _stretch(resource: Resource, days: list[int], bookings: Bookings) -> OverAllocation:
    first_booked: dict[str, int] = {}
    peak = 0
    off = False
    for day in days:
        units = bookings.load[resource.id][day]
        if resource.available(day):
            peak = max(peak, round(100 * units / resource.capacity))
        else:
            off = True
        for task, _units in bookings.by[resource.id][day]:
            first_booked.setdefault(task, day)
    tasks = tuple(sorted(first_booked, key=lambda task: (first_booked[task], task)))
    gone = dt.date.fromordinal(resource.leaves) if off and not peak and days[0] > resource.leaves else None
    new = dt.date.fromordinal(resource.joins) if off and not peak and resource.joins is not None and days[-1] < resource.joins else None
    return OverAllocation(resource.id, dt.date.fromordinal(days[0]), dt.date.fromordinal(days[-1]), len(days), peak, off, tasks, new, gone)



# --- the levelled schedule -----------------------------------------------------------------


class _Calendar:
    """What is booked in the levelled schedule, with a "next free day" forest per resource."""

    def __init__(self, crew: Staff):
        self.crew = crew
        self.used: dict[str, dict[int, int]] = {name: {} for name in crew.resources}
        self.by: dict[str, dict[int, str]] = {name: {} for name in crew.resources}
        self.full: dict[str, dict[int, int]] = {name: {} for name in crew.resources}

    def next_free(self, name: str, day: int) -> int:
        """The first day on or after ``day`` when ``name`` has capacity left."""
        resource = self.crew.resources[name]
        full = self.full[name]
        while True:
            root = day
            while root in full:
                root = full[root]
            while day in full and full[day] != root:  # path compression
                full[day], day = root, full[day]
            day = root
            if day > LAST_DAY:
                return day
            # Weekends, time off and full days are linked to the next day worth looking at, so
            # a long busy stretch is crossed in a step or two the next time, not day by day.
            if not working(day):
                full[day] = day + 7 - (day - 1) % 7  # to Monday
            elif (off_until := resource.off_until(day)) is not None:
                full[day] = off_until + 1
            elif self.used[name].get(day, 0) < resource.capacity:
                return day
            else:
                full[day] = day + 1

    def book(self, members: tuple[str, ...], effort: int, rate: int, first: int, task: str | None,
             until: int = LAST_DAY) -> tuple[int, int, list[tuple[str, int, int]]]:
        """Book ``effort`` units over ``members`` from day ``first``, at most ``rate`` a day,
        up to day ``until`` (what does not fit by then is not booked). Returns the first and
        last day booked and the bookings; ``task`` None is a dry run."""
        if len(members) == 1:
            return self._book_one(members[0], effort, rate, first, task, until)
        bookings: list[tuple[str, int, int]] = []
        left = effort
        day = first
        first_booked = last_booked = -1
        while left > 0:
            day = min(self.next_free(member, day) for member in members)
            if day > until:
                if until == LAST_DAY and max(self.crew.resources[member].leaves for member in members) == LAST_DAY:
                    raise OverflowError(task)
                break  # (or everyone has left: the caller sees what is not booked)
            today = min(rate, left)
            for member in members:
                if today == 0:
                    break
                capacity = self.crew.resources[member].available(day)
                free = capacity - self.used[member].get(day, 0)
                take = min(free, today)
                if take > 0:
                    bookings.append((member, day, take))
                    today -= take
                    left -= take
                    if task is not None:
                        used = self.used[member][day] = self.used[member].get(day, 0) + take
                        self.by[member][day] = task
                        if used >= capacity:
                            self.full[member][day] = day + 1
            if first_booked < 0 and len(bookings):
                first_booked = day
            last_booked = day
            day += 1
        return first_booked, last_booked, bookings


    def _book_one(self, member: str, effort: int, rate: int, first: int, task: str | None,
                  until: int) -> tuple[int, int, list[tuple[str, int, int]]]:
        """:meth:`book` for one person, the common case, without the pool's bookkeeping."""
        capacity = self.crew.resources[member].capacity
        used, by, full = self.used[member], self.by[member], self.full[member]
        bookings: list[tuple[str, int, int]] = []
        left = effort
        day = first
        while left > 0:
            day = self.next_free(member, day)  # a working day they are in, with capacity left
            if day > until:
                if until == LAST_DAY and self.crew.resources[member].leaves == LAST_DAY:
                    raise OverflowError(task)
                break  # (or they have left: the caller sees what is not booked)
            already = used.get(day, 0)
            take = min(capacity - already, rate, left)
            bookings.append((member, day, take))
            left -= take
            if task is not None:
                used[day] = already + take
                by[day] = task
                if already + take >= capacity:
                    full[day] = day + 1
            day += 1
        if not bookings:
            return -1, -1, bookings
        return bookings[0][1], bookings[-1][1], bookings


@dataclass(frozen=True)
class Placement:
    start: dt.date
    finish_exclusive: dt.date
    driver: str | None  # what set the start: a predecessor, or the work holding its people
    held_by: str | None  # the work whose booking held it back, when the people set the start
    away: str | None  # the person whose time off held it back
    choice: str | None  # who of `any_of` does it
    resumes: dt.date | None = None  # work under way: the day it goes on after a predecessor held it
    blocked_until: dt.date | None = None  # the day its own open blockers clear, when that set its dates
    frozen_by: str | None = None  # the freeze its go-live waits for
    frozen_days: int = 0
    joins: dt.date | None = None  # the first day of the hire (`away`) it waits for
    leaver: str | None = None  # someone who leaves before their share is done (the rest is nobody's)


def level(plan: Schedule, graph: nx.DiGraph, crew: Staff, until: dt.date) -> tuple[dict[str, Placement], Bookings]:
    """Resource-aware start and (exclusive) finish of every task, in the order they were
    placed, and what they booked. Recurring work is booked first, on its own dates."""
    as_of = plan.as_of
    tasks = plan.tasks
    order = list(tasks)  # the plan keeps topological order
    position = {node: index for index, node in enumerate(order)}
    # Priority: the latest start that keeps the roadmap's end and every deadline.
    end = max((task.finish for task in tasks.values()), default=plan.start) + dt.timedelta(days=1)
    latest_start: dict[str, dt.date] = {}
    for node in reversed(order):
        task = tasks[node]
        finish_by = end
        if task.due is not None:
            finish_by = min(finish_by, task.due + dt.timedelta(days=1))
        for successor, edge in graph.succ[node].items():
            finish_by = min(finish_by, latest_start[successor] - dt.timedelta(days=edge.get("lag", 0)))
        latest_start[node] = finish_by - dt.timedelta(days=task.days)
    waiting = {node: graph.in_degree(node) for node in order}

    def key(node: str) -> tuple:
        # Finished work books nothing and goes first, so nothing waits behind history; then
        # work under way; then the rest; each by priority, then least slack.
        task = tasks[node]
        rank = 0 if not task.open else 1 if task.under_way(as_of) else 2
        return (rank, -task.priority, latest_start[node], position[node])

    ready_heap = [(key(node), node) for node in order if waiting[node] == 0]
    heapq.heapify(ready_heap)
    calendar = _Calendar(crew)
    booked = Bookings(keep_work=False)
    placed: dict[str, Placement] = {}
    one_day = dt.timedelta(days=1)
    today = as_of.toordinal()
    def recurring(task: Task) -> bool:
        return task.demand is not None and task.demand.cadence is not None and task.open and task.days > 0

    for node in order:  # recurring work already under way keeps its own days, ahead of the rest
        task = tasks[node]
        if recurring(task) and task.under_way(as_of):
            try:
                _reserve(task, [(first, last) for first, last, _share in windows(task, until, as_of)], calendar, booked, crew, today)
            except (OverflowError, ValueError):
                raise OverflowError(node) from None
    while ready_heap:
        _key, node = heapq.heappop(ready_heap)
        task = tasks[node]
        ready, driver = None, None
        try:
            for predecessor, edge in graph.pred[node].items():
                free = placed[predecessor].finish_exclusive + dt.timedelta(days=edge.get("lag", 0))
                if ready is None or free > ready:
                    ready, driver = free, predecessor
            placed[node] = _place(task, ready, driver, plan, calendar, booked, crew, today, one_day, placed)
            if recurring(task) and not task.under_way(as_of):  # later occurrences follow the first
                _reserve(task, occurrences(task.demand, placed[node].start, until)[1:], calendar, booked, crew, today)
        except (OverflowError, ValueError):  # past the year 9999
            raise OverflowError(node) from None
        for successor in graph.successors(node):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                heapq.heappush(ready_heap, (key(successor), successor))
    return placed, booked


def _place(task: Task, ready: dt.date | None, driver: str | None, plan: Schedule, calendar: _Calendar,
           booked: Bookings, crew: Staff, today: int, one_day: dt.timedelta, placed: dict[str, Placement]) -> Placement:
    as_of = plan.as_of
    if task.in_production:  # live: as in the plan
        return Placement(task.start, task.start, None, None, None, None)
    if task.recurs is not None and task.under_way(as_of):  # a series under way: as in the plan, booked ahead by _reserve
        return Placement(task.start, task.finish + one_day, None, None, None, None)
    if task.status == "cancelled" or (task.status == "done" and task.planned_start is None):
        ready = ready or task.planned_start or plan.start
        return Placement(ready, ready, driver, None, None, None)
    if task.status == "done":  # history: the plan's dates, nothing booked
        finish = task.finish + one_day if task.days else task.start
        return Placement(task.start, finish, None, None, None, None)
    ready, driver, blocked = task.earliest(ready, driver, as_of)  # as in the plan: its own open blockers count
    under_way = task.under_way(as_of)
    resume = as_of
    if under_way:  # as in the plan: it keeps its start; the days it has left wait for its predecessors
        resume, waits = task.resume_day(ready, as_of)
        driver, blocked = (driver, blocked) if waits else (None, False)
        ready = task.planned_start
    start = ready or task.planned_start or plan.start
    if not under_way and task.planned_start is not None and task.planned_start >= start:  # planned for: not the blocker's doing
        start, driver, blocked = task.planned_start, None if task.planned_start > start else driver, False
    if not under_way and start < as_of:
        start, driver, blocked = as_of, None, False
    if task.days == 0:
        start += dt.timedelta(days=task.delay)  # a milestone a forecast's sample delays

    def placement(finish: dt.date, held_by: str | None = None, away: str | None = None, choice: str | None = None,
                  leaver: str | None = None) -> Placement:
        # Its people are booked for the work only: waiting for a freeze to end books nobody.
        first, finish, window, frozen = go_live(task.freezes, task.days == 0, start, finish)
        joins = crew.resources[away].joins if away is not None else None  # joining on a Saturday: at work on Monday
        return Placement(first, finish, held_by or driver, held_by, away, choice,
                         resume if under_way and resume > as_of else None,
                         task.clears if blocked and held_by is None and away is None else None,
                         window.by if window else None, frozen,
                         dt.date.fromordinal(joins) if joins is not None and start.toordinal() == next_working(joins) else None, leaver)

    need = task.demand
    booked_ahead = need is not None and need.cadence is not None and under_way  # by _reserve
    if need is None or booked_ahead or task.days == 0 or not need.slots(need.any_of[0] if need.any_of else None):
        if under_way:
            return placement(under_way_end(task, resume, as_of, crew) + dt.timedelta(days=task.delay))
        return placement(_finish_alone(task, start, crew))
    # Book the work. Its nominal window is its length from `start`, as the plan measures it;
    # work under way books the share of its effort left in that window from today on, in
    # the days it has left from where it resumes.
    window_first = start.toordinal()
    window_last = window_first + task.days - 1
    nominal = work_days_between(window_first, window_last)
    if not nominal:  # a window of weekend days holds no working day to book (MLR301 says so of an effort)
        return placement(under_way_end(task, resume, as_of, crew) if under_way else start + dt.timedelta(days=task.days))
    book_from = window_first
    left_days = nominal
    if under_way:  # the share of its effort left in its plan, in the working days it has left
        left_days = work_days_between(max(today, window_first), window_last)
        book_from = resume.toordinal()
        window_last = under_way_end(task, resume, as_of, crew).toordinal() - 1
    spread = need.effort is not None and task.work_days is None
    choice, plans = _choose(need, crew, calendar, book_from, window_last, nominal, left_days, spread, LAST_DAY)
    first_booked, last_booked, short = _commit(plans, calendar, booked, book_from, task.id, LAST_DAY)
    held_by = away = None
    if not under_way and first_booked is not None:
        first_working = next_working(start.toordinal())
        if first_booked > first_working:  # waited for its people
            start = dt.date.fromordinal(first_booked)
            held_by = _holder(calendar, plans, first_booked, first_working)
            if held_by not in placed:  # recurring work booked ahead but not placed yet: not a driver
                held_by = None
            # What set the start is the work holding its people, or their time off: not the
            # predecessor, which (with slack to spare now) no longer sets the date.
            driver = held_by
            away = next((member for members, _share, _rate in plans for member in members
                         if crew.resources[member].off_until(first_working) is not None and first_working <= crew.resources[member].leaves),
                        None)
            blocked = False
    finish = dt.date.fromordinal(last_booked) + one_day if last_booked >= 0 else start
    if under_way:  # it takes at least the days it has left
        finish = max(finish, under_way_end(task, resume, as_of, crew))
    elif task.work_days is None:  # a set duration takes at least that long
        finish = max(finish, start + dt.timedelta(days=task.days))
    leaver = None
    if short:  # its people leave before their share is done: the rest takes their rate, booked to nobody
        leaver = short[0][0]
        gone = max(crew.resources[member].leaves for member, _units, _rate in short)
        if not under_way and first_booked is None:  # nothing booked: it starts when the part nobody does can
            start = max(start, dt.date.fromordinal(next_working(gone + 1)))
            finish = max(finish, start)
        rest = max(-(-units // rate) for _member, units, rate in short)
        finish = max(finish, add_work_days(dt.date.fromordinal(max(gone + 1, start.toordinal())), rest))
    finish += dt.timedelta(days=task.delay)  # effort alone, which a forecast's sample delays
    return placement(finish, held_by, away, choice, leaver)


Plans = list[tuple[tuple[str, ...], int, int]]  # per slot: its resources, its share, its daily rate


def _days_in(crew: Staff, members: tuple[str, ...], first: int, last: int) -> int:
    """Days in ``first..last`` on which one of ``members`` is available (at least 1)."""
    if len(members) == 1:
        resource = crew.resources[members[0]]
        return max(1, resource.available_between(first, last) // resource.capacity)
    return max(1, sum(1 for day in range(first, last + 1) if any(crew.resources[member].available(day) for member in members)))


def _choose(need: Demand, crew: Staff, calendar: _Calendar, book_from: int, window_last: int, nominal: int,
            left_days: int, spread: bool, until: int) -> tuple[str | None, Plans]:
    """Who of ``any_of`` does the work (whoever would finish first; ties: the first listed),
    and each slot's share and daily rate. ``spread`` effort is spread over the window's
    ``left_days``; otherwise the people work on it at full capacity."""
    best: tuple[int, str | None, Plans] | None = None
    first_day = next_working(book_from)
    for choice in need.any_of or (None,):
        members_of = crew.members_of(need.slots(choice))
        capacity = sum(crew.resources[member].capacity for members in members_of for member in members)
        if not capacity:
            continue
        effort = need.effort if need.effort is not None else capacity * nominal
        effort = effort * left_days // nominal
        plans: Plans = []
        last = -1
        late = False  # some of its people are not free on the first day it may start
        for members in members_of:
            pool = sum(crew.resources[member].capacity for member in members)
            share = effort * pool // capacity
            # Spread like the plan: over the days in the window on which someone is in.
            rate = max(1, math.ceil(share / _days_in(crew, members, book_from, window_last))) if spread else pool
            plans.append((members, share, rate))
            if share and len(need.any_of) > 1:
                try:
                    first_booked, last_day, dry = calendar.book(members, share, rate, book_from, None, until)
                    # Not before they leave: as never, any other is better (short of `until`
                    # for want of time is no reason: what does not fit is dropped for all).
                    leaves = max(crew.resources[member].leaves for member in members)
                    missing = share - sum(units for _m, _d, units in dry)
                    if leaves < until and missing > 0:  # after everyone who stays: by when the rest is done at their rate
                        pace = min(rate, sum(crew.resources[member].capacity for member in members))
                        done_by = add_work_days(dt.date.fromordinal(max(leaves + 1, book_from)), -(-missing // pace)).toordinal()
                        last_day = LAST_DAY + done_by
                    last = max(last, last_day)
                    late = late or first_booked != first_day or last > LAST_DAY
                except OverflowError:
                    last = LAST_DAY + 1
                    late = True
        if need.listed and not late and len(need.any_of) > 1:  # the first listed who is free at once
            return choice, plans
        if best is None or last < best[0]:
            best = (last, choice, plans)
    if best is None:
        return None, []
    return best[1], best[2]


def _commit(plans: Plans, calendar: _Calendar, booked: Bookings, book_from: int, task: str,
            until: int) -> tuple[int | None, int, list[tuple[str, int, int]]]:
    """Book each slot's share; the first and last day booked, and for a slot whose people
    left before its share was done, (the last of them to leave, units not booked, rate)."""
    first_booked: int | None = None
    last_booked = -1
    short: list[tuple[str, int, int]] = []
    for members, share, rate in plans:
        if share:
            first_day, last_day, bookings = calendar.book(members, share, rate, book_from, task, until)
            done = 0
            for member, day, units in bookings:
                booked.add(member, day, units, task)
                done += units
            if bookings:
                first_booked = first_day if first_booked is None else min(first_booked, first_day)
                last_booked = max(last_booked, last_day)
            gone = max(members, key=lambda member: calendar.crew.resources[member].leaves)
            if done < share and calendar.crew.resources[gone].leaves < until:
                # The rest goes on at their rate (what they could give a day), not faster.
                short.append((gone, share - done, min(rate, sum(calendar.crew.resources[member].capacity for member in members))))
    return first_booked, last_booked, short


def _reserve(task: Task, spans: list[tuple[int, int]], calendar: _Calendar, booked: Bookings, crew: Staff, today: int) -> None:
    """Book occurrences of recurring work (``spans``) from today on, each within its own
    days: what does not fit in an occurrence is dropped, never booked over capacity."""
    need = task.demand
    for first, last in spans:
        if last < today:
            continue
        book_from = max(first, today)
        days = work_days_between(book_from, last)
        if days:
            _choice, plans = _choose(need, crew, calendar, book_from, last, days, days, need.effort is not None, last)
            _commit(plans, calendar, booked, book_from, task.id, last)


def _finish_alone(task: Task, start: dt.date, crew: Staff) -> dt.date:
    if task.work_days is not None:
        return effort_end(task, start, crew) + dt.timedelta(days=task.delay)
    return start + dt.timedelta(days=task.days)


def _holder(calendar: _Calendar, plans: list, first_booked: int, earliest: int) -> str | None:
    """The work booked on the people's last full day before ``first_booked``."""
    for day in range(first_booked - 1, earliest - 1, -1):
        for members, _share, _rate in plans:
            for member in members:
                holder = calendar.by[member].get(day)
                if holder is not None:
                    return holder
    return None


# --- skills --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissingSkill:
    """Open work that needs a skill nobody on the roadmap has."""

    skill: str
    tasks: tuple[str, ...]
    training: tuple[str, ...]  # training needs for the skill
    waiting: tuple[str, ...]  # of `tasks`, those that wait on one of them (covered)
    absent: tuple[str, ...] = ()  # people who have it, but join after the work or leave before it

    def to_dict(self) -> dict[str, Any]:
        return {"skill": self.skill, "tasks": list(self.tasks), "training": list(self.training), "waits_on_training": list(self.waiting),
                "holders_not_there": list(self.absent)}


@dataclass(frozen=True)
class SkillShortage:
    """A quarter in which work needing a skill asks for more than its holders can give."""

    skill: str
    quarter: str
    demand: float  # person-days
    supply: float  # person-days the people who have the skill are available
    tasks: tuple[str, ...]  # by demand, largest first

    def to_dict(self) -> dict[str, Any]:
        return {"skill": self.skill, "quarter": self.quarter, "demand_days": self.demand, "supply_days": self.supply, "tasks": list(self.tasks)}


def missing_skills(roadmap: Roadmap, plan: Schedule, graph: nx.DiGraph, crew: Staff) -> list[MissingSkill]:
    have = set(crew.has_skill)  # people's and teams' skills, and skills from finished training
    # A skill is on the team for a piece of work when someone who has it is there on one of
    # its days: not someone who joins after it or leaves before it.
    holders = crew.holders()
    wanted: dict[str, list[str]] = {}
    for node, task in plan.tasks.items():
        entity = graph.nodes[node]["entity"]
        if task.open and entity.skills and getattr(entity, "stage", None) != "retired":
            first, last = task.start.toordinal(), task.finish.toordinal()
            for skill in dict.fromkeys(entity.skills):
                if skill not in have or not any(crew.resources[member].there(first, last) for member in holders[skill]):
                    wanted.setdefault(skill, []).append(node)
    found = []
    for skill, tasks in wanted.items():
        training = tuple(need.id for need in roadmap.training_needs if need.skill == skill and need.status != "cancelled")
        after = _downstream_of(graph, training) if training else set()
        found.append(MissingSkill(skill, tuple(tasks), training, tuple(task for task in tasks if task in after),
                                  tuple(sorted(holders.get(skill, ())))))
    return sorted(found, key=lambda gap: gap.skill)


def _downstream_of(graph: nx.DiGraph, sources: Iterable[str]) -> set[str]:
    """Everything that waits on any of ``sources``: one search for them all."""
    seen: set[str] = set()
    stack = list(sources)
    while stack:
        for successor in graph.successors(stack.pop()):
            if successor not in seen:
                seen.add(successor)
                stack.append(successor)
    return seen


def unskilled(task: Task, entity: Any, crew: Staff, have: set[str]) -> dict[str, list[str]]:
    """Skills the work needs that someone has but none of the people named for it: skill ->
    holders (people and teams) to ask instead."""
    need = task.demand
    if need is None or not entity.skills:
        return {}
    named = [*need.assignees, *need.any_of]
    if not named:
        return {}
    theirs = set().union(*(crew.skills_of(name) for name in named))
    return {skill: crew.has_skill.get(skill, []) for skill in dict.fromkeys(entity.skills) if skill in have and skill not in theirs}


def skill_shortages(roadmap: Roadmap, plan: Schedule, graph: nx.DiGraph, crew: Staff) -> list[SkillShortage]:
    """Per skill and quarter from ``as_of``'s on: the effort of open work that needs the skill
    (assigned or not, spread over its dependency-only dates), against the time the people
    who have it are available. A skill nobody has is a missing skill, not a shortage."""
    from .values import Quarter

    until = period_end(roadmap)
    since = Quarter.of(plan.as_of).start.toordinal()
    holders = crew.holders()
    demand: dict[tuple[str, str], dict[str, float]] = {}  # (skill, quarter) -> task -> units
    quarter_of: dict[int, str] = {}
    for node, task in plan.tasks.items():
        entity = graph.nodes[node]["entity"]
        skills = [skill for skill in dict.fromkeys(entity.skills) if holders.get(skill)]
        if not task.open or not skills or task.days == 0:
            continue
        need = task.demand
        members = [member for slot in need.slots(need.any_of[0] if need.any_of else None) for member in crew.pools[slot]] if need else []
        capacity = sum(crew.resources[member].capacity for member in members) or UNIT
        for first, last, share in windows(task, until, plan.as_of):
            days = [day for day in range(max(first, since), last + 1) if working(day)]
            total_days = work_days_between(first, last)
            if not days or not total_days:
                continue
            effort = share * need.effort if need is not None and need.effort is not None else (
                share * entity.effort.work_days * UNIT if entity.effort is not None else capacity * total_days)
            per_day = effort / total_days
            for day in days:
                if day not in quarter_of:
                    quarter_of[day] = str(Quarter.of(dt.date.fromordinal(day)))
                for skill in skills:
                    per_task = demand.setdefault((skill, quarter_of[day]), {})
                    per_task[node] = per_task.get(node, 0) + per_day
    found = []
    supply_cache: dict[tuple[str, str], int] = {}
    for (skill, quarter), per_task in demand.items():
        wanted = sum(per_task.values())
        span = Quarter(quarter)
        supply = 0
        for member in holders[skill]:
            if (member, quarter) not in supply_cache:
                resource = crew.resources[member]
                supply_cache[member, quarter] = resource.available_between(span.start.toordinal(), span.end.toordinal())
            supply += supply_cache[member, quarter]
        if wanted > supply:
            tasks = tuple(sorted(per_task, key=lambda task: (-per_task[task], task)))
            found.append(SkillShortage(skill, quarter, round(wanted / UNIT, 1), supply / UNIT, tasks))
    return sorted(found, key=lambda item: (item.quarter, item.skill))
