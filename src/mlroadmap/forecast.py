"""The forecast: how likely each date is, by Monte Carlo over the roadmap's own dates.

Semantics (the README's "Forecast" says the same for users):

* Each sample draws the length of every piece of work with an ``estimate`` from the
  triangular distribution (low, likely, high), in days, rounded up to a whole day; work
  under way is drawn from the part above the days it has already run. Fixed lengths stay
  fixed. Then each risk with a ``delay`` happens with its chance and adds its days to the
  work it names (a milestone's day moves). Draws are independent across work, risks and
  samples, and made in that order, so a new risk leaves the estimates' draws alone.
* By default a sample moves the roadmap's dates, it does not re-plan them. It starts from
  the projection every other command shows (``Analysis.schedule``) and keeps its
  structure: what set each start there (the predecessor, or in the levelled schedule the
  work holding its people) sets it in the sample, with the same gap; a start set by its
  own floor (its planned start, the as-of day, a blocker) stays on it. So each piece of
  work starts at ``max(floor, driver's sampled end + gap, every other predecessor's
  sampled end)`` and lasts its projected span plus what its draws add. Finished work, a
  model in production and cancelled work keep their dates. With likely lengths, a sample
  *is* the projection. By dependencies alone this is exact; for the levelled projection it
  is an approximation (each person's sequence is the levelled one, their waits become
  edges), optimistic when work runs long. ``relevel=True`` computes each sample's
  projection again instead (:class:`_Relevelled`): exact, a schedule's cost per sample.
* Percentile q of N sampled dates is the ceil(q N)-th smallest, no interpolation; the
  end's come from each sample's own end. ``p_on_time`` is the share of samples finishing
  on or before the due date; ``criticality`` the share in which the work has zero total
  slack, from a backward pass from that sample's own end.
* The tornado (:class:`Swing`): the end with one estimate at its low and at its high (one
  risk without and with its delay), every other estimate likely, as two more columns.

Vectorised over samples with numpy: one pass forward and one backward over the
topological order, each step an array operation over a chunk of samples (at least 1,024,
with arrays under 64 MB each), so the cost is linear in samples x (work + dependencies)
and the memory bounded by the work alone, but for the dates kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .graph import lag
from .projection import assuming

if TYPE_CHECKING:
    import numpy as np

    from .analysis import Analysis
    from .schedule import Schedule, Task

PERCENTILES = (0.5, 0.8, 0.95)
LAST_DAY = dt.date.max.toordinal()
DAY = "int32"  # a day as a date ordinal: 9999-12-31 is 3,652,059


@dataclass(frozen=True)
class EntityForecast:
    id: str
    kind: str
    title: str
    p50: dt.date | None  # None: it happens in no sample (a drawn answer leaves it out of all)
    p80: dt.date | None
    p95: dt.date | None
    planned: dt.date  # the projection's finish, the date every other command shows
    open: bool  # work still to do (the text view shows only that)
    due: dt.date | None
    p_on_time: float | None
    criticality: float | None  # None when the forecast was asked for dates alone
    # The share of samples it happens in, when a drawn decision leaves it out of the others
    # (its dates and chance of being on time are then those of the samples it happens in).
    happens: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "p50": _iso(self.p50),
            "p80": _iso(self.p80),
            "p95": _iso(self.p95),
            "due": _iso(self.due),
            "p_on_time": self.p_on_time,
            "criticality": self.criticality,
            **({"happens": self.happens} if self.happens is not None else {}),
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True)
class DrawnDecision:
    """A decision whose answer the samples draw: the expected one with its ``chance``."""

    id: str
    title: str
    expect: str
    other: str
    chance: float  # of the expected answer, as the roadmap states it
    drawn: float | None  # the share of the samples asking it that drew the expected answer (None: none asks it)
    asked: float = 1.0  # the share of samples that ask it: one on another decision's branch is asked only there

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "expect": self.expect, "chance": self.chance, "drawn": self.drawn, "asked": self.asked}


@dataclass(frozen=True)
class OutcomeForecast:
    """When the last piece of work serving an outcome lands, and the chance it lands within
    the outcome's quarter. (Python only: the JSON's shape is fixed by the issue.)"""

    id: str
    title: str
    p50: dt.date | None  # None: no sample has work serving it
    p80: dt.date | None
    p95: dt.date | None
    planned: dt.date | None  # None: the plan leaves all its work out (a decision's branch)
    due: dt.date  # the last day of the outcome's quarter
    p_on_time: float | None
    curve: tuple[tuple[dt.date, float], ...] = ()  # the S-curve: (day, share of samples landed by it)
    happens: float | None = None  # the share of samples with work serving it, when a drawn answer leaves it all out of some


@dataclass(frozen=True)
class Swing:
    """The tornado's bar for one estimate: the roadmap's end with that piece of work at its
    low and at its high while every other one takes its likely length; or for one risk, the
    end without it and with it. (Python and the text views; the JSON's shape is fixed by
    the issue.)"""

    id: str  # the work's, or the risk's
    title: str
    low: int  # its estimate, days (a risk: 0, and its delay)
    high: int
    end_at_low: dt.date
    end_at_high: dt.date
    criticality: float  # a risk: that of the work it delays most often on the critical chain
    chance: float | None = None  # a risk's: how likely it happens
    spent: int | None = None  # work under way: the days it has run (``low`` is then at least one more)

    @property
    def days(self) -> int:
        """How far the end moves between the two."""
        return (self.end_at_high - self.end_at_low).days


@dataclass(frozen=True)
class Forecast:
    roadmap: str
    as_of: dt.date
    dates: str  # the projection it samples around: "capacity" or "dependencies"
    samples: int
    seed: int
    end: tuple[dt.date, dt.date, dt.date]  # p50, p80, p95
    deterministic_end: dt.date
    entities: list[EntityForecast]
    estimated: int  # how many pieces of work carry an estimate
    risks: int  # how many risks may delay work
    outcomes: list[OutcomeForecast]
    end_on_time: float  # the share of samples whose end is on or before the plan's
    swings: list[Swing]  # the estimates and risks that move the end, by how far, most first
    relevelled: bool = False  # each sample's projection computed again, not moved (--relevel)
    end_curve: tuple[tuple[dt.date, float], ...] = ()  # the end's S-curve: (day, share of samples ended by it)
    decisions: list[DrawnDecision] = dataclasses.field(default_factory=list)  # whose answers the samples draw
    undrawn: list[str] = dataclasses.field(default_factory=list)  # decisions with a chance past MAX_DRAWN: their expected answer

    @property
    def drawn(self) -> str:
        """What the samples draw, in words: "4 estimates, 1 risk and 1 decision"."""
        counts = ((self.estimated, "estimate"), (self.risks, "risk"), (len(self.decisions), "decision"))
        said = [f"{count} {noun}{'s' * (count != 1)}" for count, noun in counts if count]
        return ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else "".join(said)

    def to_dict(self) -> dict[str, Any]:
        p50, p80, p95 = self.end
        return {
            "roadmap": self.roadmap,
            "as_of": self.as_of.isoformat(),
            "dates": self.dates,
            **assuming(self.dates),
            "samples": self.samples,
            "seed": self.seed,
            "end": {"p50": p50.isoformat(), "p80": p80.isoformat(), "p95": p95.isoformat(),
                    "deterministic": self.deterministic_end.isoformat()},
            "entities": [entity.to_dict() for entity in self.entities],
            **({"decisions": [decision.to_dict() for decision in self.decisions]} if self.decisions else {}),
            **({"undrawn": self.undrawn} if self.undrawn else {}),
        }


# Samples per pass: at least 1,024, more while a pass's arrays stay under 16 million days
# (64 MB each), however many samples; fewer passes cost less Python per row.
CHUNK = 1024
CELLS = 1 << 24


def forecast(analysis: Analysis, samples: int = 10_000, seed: int = 0, *, drivers: bool = True,
             only: Collection[str] | None = None, relevel: bool = False) -> Forecast:
    """``samples`` Monte Carlo samples of ``analysis``'s projection, reproducible by ``seed``.

    ``drivers=False`` leaves out criticality and the tornado (``check`` and the reports ask
    only how likely the dates are); ``only`` keeps the dates of those pieces of work alone
    (the outcomes' always). Neither changes a number: the draws are the same.
    ``relevel``: compute the projection again in every sample (the levelled schedule
    levelled again), exact but a schedule's cost per sample, instead of moving its dates."""
    import numpy as np

    if samples < 1:
        raise ValueError("samples: at least 1")
    plan = analysis.schedule
    wanted = [node for node in plan.tasks if only is None or node in only]
    candidates = _decisions(analysis)
    drawn, undrawn = candidates[:MAX_DRAWN], candidates[MAX_DRAWN:]
    groups, group_of, answers = _groups(analysis, drawn, samples, seed)
    # The outcomes some group's work serves, in the roadmap's order: an outcome served only
    # on a branch the plan does not follow is forecast too.
    served = {outcome for group in groups for outcome in group.serving}
    outcome_ids = [outcome.id for outcome in analysis.roadmap.outcomes if outcome.id in served]
    finish = np.empty((len(wanted), samples), dtype=DAY)
    happens = np.ones((len(wanted), samples), dtype=bool)
    lands = np.empty((1 + len(outcome_ids), samples), dtype=DAY)
    landed = np.ones((len(outcome_ids), samples), dtype=bool)  # an outcome some work of the sample's branch serves
    critical: dict[str, int] = {}
    estimated: set[str] = set()  # the work whose estimate, and the risks whose delay, some sample draws
    risky: set[str] = set()
    for number, group in enumerate(groups):  # the plan's answers first, even in no sample: its network gives the tornado
        branch, columns = group.analysis, group.columns
        network = _Network(branch)
        estimates = _estimates(branch, network)
        delays = _risks(branch, network)
        spent = _spent(branch.schedule, network, estimates)
        # Without a decision to draw, the plan is the only group, seeded as always.
        rng = np.random.default_rng(seed if number == 0 else [seed, 2, number])
        extra = _extra_days(estimates, delays, len(columns), rng, spent)  # drawn whole: chunking changes nothing
        # Levelled again, a length is measured from the plan's own, not from the day left that
        # the plan gives overdue work under way.
        runner: _Network | _Relevelled = _Relevelled(branch, network, network.overdue) if relevel else network
        if number == 0:
            tornado = (runner, estimates, delays, spent)
        rows = [network.counted, *([network.index[node] for node in group.serving.get(outcome, [])] for outcome in outcome_ids)]
        if not len(columns):
            continue
        estimated.update(network.order[row] for row in estimates)
        risky.update(risk.id for risk in delays)
        dates, last, on_chain = _run(runner, network, extra, len(columns), [network.index[node] for node in wanted], rows, drivers)
        finish[:, columns] = dates
        lands[:, columns] = last
        left_out = branch.roadmap.left_out
        happens[:, columns] = np.array([node not in left_out for node in wanted], dtype=bool).reshape(len(wanted), 1)
        landed[:, columns] = np.array([outcome in group.serving for outcome in outcome_ids], dtype=bool).reshape(len(outcome_ids), 1)
        if on_chain is not None:
            for row, node in enumerate(network.order):
                critical[node] = critical.get(node, 0) + int(on_chain[row])
    dues = [plan.tasks[node].due for node in wanted]
    due = np.array([LAST_DAY if day is None else day.toordinal() for day in dues], dtype=DAY)
    percentiles: list[tuple[dt.date | None, ...]] = list(_percentiles_of(finish))  # one partition of the whole matrix
    on_time_of = (finish <= due[:, None]).mean(axis=1) if wanted else np.empty(0)
    entities = []
    for place, node in enumerate(wanted):  # in the order every other command lists the work
        task = plan.tasks[node]
        # On a drawn answer's branch: its dates are the samples' it happens in. Left out by the
        # plan and by every sample, it is the plan's cancelled work, with its dates.
        sometimes = not happens[place].all() and (happens[place].any() or node not in analysis.roadmap.left_out)
        mask = happens[place] if sometimes else None
        on_time: float | None = round(float(on_time_of[place]), 4)
        if mask is not None:
            days = finish[place][mask]
            percentiles[place] = _percentiles(days) if len(days) else (None, None, None)
            on_time = _share(days <= due[place]) if len(days) else None
        p50, p80, p95 = percentiles[place]
        on_time = on_time if task.due is not None else None
        entities.append(EntityForecast(
            id=node, kind=task.section, title=task.title, p50=p50, p80=p80, p95=p95, planned=task.finish, open=task.open, due=task.due,
            p_on_time=on_time, criticality=round(critical.get(node, 0) / samples, 4) if drivers else None,
            happens=_share(mask) if mask is not None else None,
        ))
    criticality = {node: count / samples for node, count in critical.items()}
    runner, estimates, delays, spent = tornado
    return Forecast(
        roadmap=analysis.info.name, as_of=plan.as_of, dates=analysis.dates, samples=samples, seed=seed,
        end=_percentiles(lands[0]), deterministic_end=plan.end, entities=entities,
        end_on_time=_share(lands[0] <= plan.end.toordinal()),
        estimated=len(estimated), risks=len(risky),
        outcomes=_outcomes(analysis, plan, outcome_ids, lands[1:], landed),
        swings=_swings(runner, estimates, delays, criticality, spent) if drivers else [],
        relevelled=relevel, end_curve=_curve(lands[0]),
        decisions=_drawn(drawn, groups, group_of, answers),
        undrawn=[decision.id for decision in undrawn],
    )


# Decisions whose answers one forecast draws, at most: each set of answers is a projection
# of its own (2 ** 6 = 64 at the most); the rest follow the answer they expect.
MAX_DRAWN = 6


@dataclass
class _Group:
    """The samples that drew answers leading to the same branches, and their analysis."""

    analysis: Analysis
    canonical: tuple[bool | None, ...]  # per drawn decision: drew its expected answer; None: never asked (left out)
    serving: dict[str, list[str]]  # outcome -> the work serving it in this group's projection
    columns: Any = None  # the samples (an index array)


def _groups(analysis: Analysis, drawn: list[_Decision], samples: int, seed: int) -> tuple[list[_Group], Any, Any]:
    """The samples grouped by the answers they drew (with their own generator, so that the
    estimates' draws of the plan's group are the plan's seed's): the plan's answers first,
    in no sample if need be. Answers to a decision the other answers leave out are never
    asked, so sets of answers differing only there are one group."""
    import numpy as np

    plan_serving = _serving(analysis, analysis.schedule)
    if not drawn:
        return [_Group(analysis, (), plan_serving, np.arange(samples))], np.zeros(samples, dtype=np.int64), None
    chances = np.array([decision.chance for decision in drawn])
    answers = np.random.default_rng([seed, 1]).random((len(drawn), samples)) < chances[:, None]
    found, inverse = np.unique(answers, axis=1, return_inverse=True)
    inverse = inverse.reshape(-1)

    def canonical(branch: Analysis, key: tuple[bool, ...]) -> tuple[bool | None, ...]:
        return tuple(None if decision.id in branch.roadmap.left_out else expected for decision, expected in zip(drawn, key))

    expected = (True,) * len(drawn)
    groups = {canonical(analysis, expected): _Group(analysis, canonical(analysis, expected), plan_serving)}
    members: dict[tuple[bool | None, ...], list[int]] = {next(iter(groups)): []}
    for place in range(found.shape[1]):
        key = tuple(bool(value) for value in found[:, place])
        other = {decision.id: decision.other for decision, yes in zip(drawn, key) if not yes}
        branch = analysis.answered(other) if other else analysis
        found_key = canonical(branch, key)
        if found_key not in groups:
            groups[found_key] = _Group(branch, found_key, _serving(branch, branch.schedule))
            members[found_key] = []
        members[found_key].append(place)
    group_of = np.empty(samples, dtype=np.int64)
    out = []
    for number, (answered, group) in enumerate(groups.items()):
        group.columns = np.flatnonzero(np.isin(inverse, members[answered]))
        group_of[group.columns] = number
        out.append(group)
    return out, group_of, answers


def _drawn(drawn: list[_Decision], groups: list[_Group], group_of: Any, answers: Any) -> list[DrawnDecision]:
    """Each drawn decision: the share of samples that ask it, and of those, that draw its expected answer."""
    import numpy as np

    out = []
    for place, decision in enumerate(drawn):
        asked = np.array([group.canonical[place] is not None for group in groups], dtype=bool)[group_of]
        share = _share(answers[place][asked]) if asked.any() else None
        out.append(DrawnDecision(decision.id, decision.title, decision.expect, decision.other, decision.chance, share, _share(asked)))
    return out


def _run(runner: _Network | _Relevelled, network: _Network, extra: dict[int, np.ndarray], samples: int, kept: list[int],
         groups: list[list[int]], drivers: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``runner.run`` over ``samples`` columns in chunks: the finish of the ``kept`` rows, the
    last finish of each group, and how many samples each row is critical in."""
    import numpy as np

    finish = np.empty((len(kept), samples), dtype=DAY)  # only what is asked for: the rest is a chunk's
    lands = np.empty((len(groups), samples), dtype=DAY)
    critical = np.zeros(len(network.order), dtype=np.int64) if drivers else None
    chunk = max(CHUNK, min(samples, CELLS // max(len(network.order), 1)))
    for first in range(0, samples, chunk):
        columns = min(chunk, samples - first)
        dates, last, on_chain = runner.run({row: drawn[first:first + columns] for row, drawn in extra.items()}, columns, kept,
                                           groups, drivers)
        finish[:, first:first + columns] = dates
        lands[:, first:first + columns] = last
        if critical is not None and on_chain is not None:
            critical += on_chain
    return finish, lands, critical


@dataclass(frozen=True)
class _Decision:
    id: str
    title: str
    expect: str
    other: str
    chance: float  # of the expected answer


def _decisions(analysis: Analysis) -> list[_Decision]:
    """The decisions whose answer each sample draws: with branches and a ``chance``, still to
    be taken (not done or cancelled). One on a branch another answer leaves out is asked only
    in the samples that take that branch."""
    return [_Decision(decision.id, decision.title, decision.expect, "no" if decision.expect == "yes" else "yes", float(decision.chance))
            for decision in analysis.given.decisions
            if decision.branches and decision.chance is not None and decision.status not in ("done", "cancelled")]


class _Network:
    """The projection as a network to push samples through: per piece of work (a row, in a
    topological order of dependencies and the levelled schedule's waits), what its sampled
    start waits for, and the span it lasts with likely lengths. Built once; each pass is an
    array operation per row over all columns (samples, or the tornado's what-ifs)."""

    def __init__(self, analysis: Analysis):
        plan = analysis.schedule
        graph = analysis.graph
        self.plan = plan
        self.graph = graph
        self.held = _held_edges(plan)
        self.order = _order(graph, self.held)
        self.index = {node: position for position, node in enumerate(self.order)}
        self.driven: dict[str, tuple[str, int]] = {}  # node -> its driver and the gap after the driver's end
        as_of = plan.as_of.toordinal()
        # Per row: "passes" (no time: its predecessors' dates passed on), "fixed" (history,
        # or a series under way, which holds nothing back past its first occurrence and
        # waits for nothing), or "moves"; with its floor, constraints (row, gap) and span.
        self.kinds: list[str] = []
        # Rows some freeze covers: whether a milestone, and the windows (first, last day).
        self.freezes: dict[int, tuple[bool, list[tuple[int, int]]]] = {}
        self.waited: dict[int, np.ndarray] = {}  # per such row, the days each column's go-live waited
        self.unheld: dict[int, np.ndarray] = {}  # per such row, each column's end before the hold
        self.own_end_edges: set[tuple[int, int]] = set()  # (row, constraint): waits for the constraint's people
        self.steps: list[tuple[int, list[tuple[int, int]], int, bool]] = []
        self.fixed_end: list[int] = []
        for node in self.order:
            task = plan.tasks[node]
            planned_end = _exclusive(task)
            predecessors = list(graph.predecessors(node))
            if task.status == "cancelled" or (task.status == "done" and task.planned_start is None):
                self.kinds.append("passes")
                self.steps.append((task.start.toordinal(), [(self.index[p], lag(graph, p, node)) for p in predecessors], 0, False))
                self.fixed_end.append(planned_end)
                continue
            if task.finished or (task.recurs is not None and task.under_way(plan.as_of)):
                self.kinds.append("fixed")
                self.steps.append((task.start.toordinal(), [], 0, False))
                self.fixed_end.append(planned_end)
                continue
            # A freeze's hold is applied to each sample again (see `forward`): the network
            # keeps the dates before it, a milestone's day and work's end.
            goes_on = task.goes_on(plan.as_of).toordinal() - (task.frozen_days if task.days == 0 else 0)
            planned_end -= task.frozen_days
            if task.freezes:
                self.freezes[len(self.kinds)] = (task.days == 0, [(w.first.toordinal(), w.last.toordinal()) for w in task.freezes])
            driver = task.driver if task.driver in self.index else None
            # The floor: where the start (or, under way, the part left) goes on by itself.
            floor = goes_on if driver is None else _own_floor(task, plan, as_of)
            constraints = []
            for constraint in (*predecessors, *self.held.get(node, ())):
                gap = lag(graph, constraint, node)  # a dependency's lag; no gap behind someone's people
                # Waiting for someone's people is waiting for their work's own end, which a
                # freeze holding its go-live does not move.
                own_end = constraint not in graph.pred[node] and self.index[constraint] in self.freezes
                if own_end:
                    self.own_end_edges.add((len(self.kinds), self.index[constraint]))
                if constraint == driver:
                    gap = goes_on - _exclusive(plan.tasks[constraint]) + (plan.tasks[constraint].frozen_days if own_end else 0)
                    self.driven[node] = (constraint, gap)
                constraints.append((self.index[constraint], gap))
            self.kinds.append("moves")
            self.steps.append((floor, constraints, planned_end - goes_on, task.days > 0))
            self.fixed_end.append(planned_end)
        self.counted = [row for row, node in enumerate(self.order) if plan.tasks[node].status != "cancelled"]
        self._buffers: tuple[np.ndarray, np.ndarray] | None = None
        # Levelled again, a length is measured from the plan's own, not from the day left
        # that the plan gives overdue work under way.
        self.overdue = _overdue(plan, self)
        # By dependencies alone, work whose end the schedule counts in working days (effort
        # alone, or the part left of work under way) ends where the schedule's own functions
        # say for each start a sample gives it, not a calendar span later: a start moved
        # across a weekend moves its end by the working days, as in the plan.
        self.crew = analysis.crew
        self.counted_in_work_days = {
            row: plan.tasks[node] for row, node in enumerate(self.order)
            if analysis.dates == "dependencies" and self.kinds[row] == "moves" and plan.tasks[node].days > 0
            and (plan.tasks[node].work_days is not None or (plan.tasks[node].under_way(plan.as_of) and plan.tasks[node].recurs is None))
        }
        self.fixed_rows = [row for row in range(len(self.order)) if self.kinds[row] == "fixed"]
        self.fixed_days = [plan.tasks[self.order[row]].finish.toordinal() for row in self.fixed_rows]

    def _ends_in_work_days(self, row: int, ready: np.ndarray, drawn: np.ndarray | None) -> np.ndarray:
        """The (exclusive) end for each column of a row the schedule measures in working
        days, by the schedule's own functions, once per distinct (start, extra days)."""
        import copy

        import numpy as np

        from .levelling import effort_end, under_way_end
        from .schedule import ScheduleOverflow, lengthen

        task = self.counted_in_work_days[row]
        as_of = self.plan.as_of
        today = as_of.toordinal()
        out = np.empty(len(ready), dtype=DAY)
        slow = np.ones(len(ready), dtype=bool)
        if task.under_way(as_of):
            # As under_way_end says, for every column at once: not paused (it goes on today),
            # its planned finish, or today and the day left; paused, the working days of its
            # plan left from where it resumes. Paused work with effort alone is left below.
            assert task.planned_start is not None
            added = drawn.astype(np.int64) if drawn is not None else np.zeros(len(ready), dtype=np.int64)
            added = np.where(added != 0, added + self.overdue.get(task.id, 0), 0)  # as lengthen() is given it
            resume = ready.astype(np.int64)
            first = task.planned_start.toordinal()
            if task.work_days is None:  # the days are lengthened
                days = np.maximum(task.days + added, 1)
                going = today + np.maximum(first + days - today, 1)
                left = _work_days_in(max(first, today), first + days - 1)
                paused = np.maximum(np.where(left > 0, _after_work_days(resume, left), resume), resume + 1)
                out[:] = np.where(resume > today, paused, going)
                return out
            slow = resume > today
            out[~slow] = today + task.days_left(as_of) + np.maximum(added[~slow], 0)  # it ends later by the days added
            if not slow.any():
                return out
        offset = 1 << 20  # extra days fit well inside: keys are start * 2**21 + extra + 2**20
        keys = ready[slow].astype(np.int64) << 21
        if drawn is not None:
            keys += drawn[slow].astype(np.int64) + offset
        else:
            keys += offset
        unique, inverse = np.unique(keys, return_inverse=True)
        ends = np.empty(len(unique), dtype=DAY)
        for place, key in enumerate(unique.tolist()):
            start, added_days = dt.date.fromordinal(key >> 21), (key & ((1 << 21) - 1)) - offset
            sample = task
            if added_days:  # the plan's task stays as it is
                sample = copy.copy(task)
                lengthen(sample, added_days + self.overdue.get(task.id, 0))
            try:
                if sample.under_way(as_of):
                    end = under_way_end(sample, start, as_of, self.crew)
                else:
                    end = effort_end(sample, start, self.crew)
                ends[place] = (end + dt.timedelta(days=sample.delay)).toordinal()
            except OverflowError:
                raise ScheduleOverflow(task.id) from None
        out[slow] = ends[inverse.reshape(-1)]
        return out

    def run(self, extra: dict[int, np.ndarray], columns: int, kept: list[int], groups: list[list[int]],
            drivers: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """For ``columns`` samples with ``extra`` days: the finish of the ``kept`` rows, the
        last finish of each group of rows (the first group's floored at the roadmap's start:
        the end), and (with ``drivers``) how many columns each row is critical in."""
        import numpy as np

        end, entry = self.forward(extra, columns)
        critical = self.criticality(end, entry, columns).sum(axis=1) if drivers else None
        finish = self.finish(end, entry)  # in place of `end`, which is not needed after this
        lasts = np.empty((len(groups), columns), dtype=DAY)
        for place, rows in enumerate(groups):
            if rows:
                lasts[place] = (finish if len(rows) == len(self.order) else finish[rows]).max(axis=0)
            else:  # nothing counts: the end is the roadmap's start, as the schedule says
                lasts[place] = self.plan.start.toordinal()
        return finish[kept], lasts, critical

    def forward(self, extra: dict[int, np.ndarray], columns: int) -> tuple[np.ndarray, np.ndarray]:
        """Each row's exclusive end and ``entry`` (where the part that waits for its
        constraints goes on: its start, or for work under way where the part left resumes),
        with ``extra`` days (sampled minus likely) added to the rows it names."""
        import numpy as np

        from .schedule import ScheduleOverflow

        # Days as ordinals (below 3.7 million: int32), one row of columns per piece of work;
        # each row is written in place (no temporaries: at 10,000 rows they are the cost).
        if self._buffers is None or self._buffers[0].shape[1] != columns:  # one pair for every chunk: no page faults again
            self._buffers = (np.empty((len(self.order), columns), dtype=DAY), np.empty((len(self.order), columns), dtype=DAY))
        end, entry = self._buffers
        scratch = np.empty(columns, dtype=DAY)
        for row in range(len(self.order)):
            kind = self.kinds[row]
            floor, constraints, span, work = self.steps[row]
            ready, last = entry[row], end[row]
            if kind == "passes":
                if constraints and not any(gap for _r, gap in constraints):
                    np.max(end[[r for r, _gap in constraints]], axis=0, out=ready)
                elif constraints:
                    ready.fill(0)  # day ordinals are positive
                    for constraint, gap in constraints:
                        np.add(end[constraint], gap, out=scratch)
                        np.maximum(ready, scratch, out=ready)
                else:
                    ready.fill(floor)
                last[:] = ready
                continue
            if kind == "fixed":
                ready.fill(floor)
                last.fill(self.fixed_end[row])
                continue
            ready.fill(floor)
            for constraint, gap in constraints:
                source = self.unheld[constraint] if (row, constraint) in self.own_end_edges else end[constraint]
                if gap:
                    np.add(source, gap, out=scratch)
                    np.maximum(ready, scratch, out=ready)
                else:
                    np.maximum(ready, source, out=ready)
            drawn = extra.get(row)
            if drawn is not None and not work:  # a milestone or a decision a risk delays: its day moves, it takes no time
                np.maximum(drawn, 0, out=scratch)
                ready += scratch
                drawn = None
            if row in self.counted_in_work_days:
                last[:] = self._ends_in_work_days(row, ready, drawn)
            else:
                np.add(ready, span, out=last)
                if drawn is not None:
                    last += drawn
                    np.add(ready, 1, out=scratch)
                    np.maximum(last, scratch, out=last)  # work stays work: at least a day
            if row in self.freezes:
                self._hold(row, ready, last)
        if end.size and int(end.max()) > LAST_DAY:  # a sampled length that runs past the calendar
            row = int(np.argmax(end.max(axis=1) > LAST_DAY))
            raise ScheduleOverflow(self.order[row])
        return end, entry

    def _hold(self, row: int, ready: np.ndarray, last: np.ndarray) -> None:
        """As :func:`mlroadmap.freezes.go_live`, for every column: a go-live inside a window
        waits for its end (the windows are merged, so one pass over them is enough)."""
        milestone, windows = self.freezes[row]
        before = last.copy()
        day = last - (0 if milestone else 1)  # a copy: the go-live days before the hold
        for first, final in windows:
            inside = (day >= first) & (day <= final)
            last[inside] = final + 1 if milestone else final + 2
        if milestone:
            ready[:] = last
        self.waited[row] = last - before
        self.unheld[row] = before

    def _unheld(self, row: int, finish_by: np.ndarray) -> np.ndarray:
        """As :func:`mlroadmap.freezes.unheld_end`, for every column."""
        milestone, windows = self.freezes[row]
        day = finish_by.copy() if milestone else finish_by - 1
        for first, final in windows:
            day[(day >= first) & (day <= final)] = first - 1
        return day if milestone else day + 1

    def finish(self, end: np.ndarray, entry: np.ndarray) -> np.ndarray:
        """Each row's inclusive last day, max(end - 1, entry) (a milestone's: its date, where
        ``end == entry``), written over ``end``; history keeps its own."""
        import numpy as np

        np.subtract(end, 1, out=end)
        np.maximum(end, entry, out=end)
        if self.fixed_rows:
            end[self.fixed_rows] = np.array(self.fixed_days, dtype=DAY)[:, None]
        return end

    def criticality(self, end: np.ndarray, entry: np.ndarray, columns: int) -> np.ndarray:  # bool, rows x columns
        """Per row and column: zero total slack, from a backward pass from that column's own
        (exclusive) end, as the schedule's own backward pass computes it."""
        import numpy as np

        project_end = end[self.counted].max(axis=0) if self.counted else np.full(columns, self.plan.start.toordinal(), dtype=DAY)
        holds: dict[str, list[str]] = {}
        for node, holders in self.held.items():
            for holder in holders:
                holds.setdefault(holder, []).append(node)
        latest = np.empty_like(end)
        critical = np.zeros_like(end, dtype=bool)
        for row in reversed(range(len(self.order))):
            node = self.order[row]
            finish_by = project_end.copy()
            own_by = None  # the latest its own end may be, for work waiting for its people (as forward)
            for successor in (*self.graph.successors(node), *holds.get(node, ())):
                # The gap its driver left before it (a weekend, someone's time off) stays, as forward.
                gap = self.driven[successor][1] if self.driven.get(successor, ("", 0))[0] == node else lag(self.graph, node, successor)
                bound = latest[self.index[successor]] - gap
                if (self.index[successor], row) in self.own_end_edges:
                    own_by = bound if own_by is None else np.minimum(own_by, bound)
                else:
                    np.minimum(finish_by, bound, out=finish_by)
            raw_entry = entry[row]
            if row in self.freezes and self.kinds[row] == "moves":  # as the schedule's backward pass
                held = self.waited[row]
                milestone = self.freezes[row][0]
                raw_entry = entry[row] - held if milestone else entry[row]
                unheld = self._unheld(row, finish_by)
                if own_by is not None:
                    np.minimum(unheld, own_by, out=unheld)
                latest_entry = unheld - (end[row] - held - raw_entry)
            else:
                latest_entry = finish_by - (end[row] - entry[row])
            fixed = self.kinds[row] == "fixed"
            latest[row] = project_end if fixed else latest_entry
            if not fixed and self.plan.tasks[node].open:
                critical[row] = latest_entry == raw_entry
        return critical


def _serving(analysis: Analysis, plan: Schedule) -> dict[str, list[str]]:
    """Outcome id -> the work serving it, for each outcome with a due quarter and work
    planned for it."""
    nodes: dict[str, list[str]] = {}
    for node, task in plan.tasks.items():
        if task.outcome is not None and task.status != "cancelled":
            nodes.setdefault(task.outcome, []).append(node)
    return {outcome.id: nodes[outcome.id] for outcome in analysis.roadmap.outcomes
            if outcome.id in nodes and outcome.id in plan.outcome_dates and outcome.due}


def _outcomes(analysis: Analysis, plan: Schedule, serving: list[str], lands: np.ndarray, landed: np.ndarray) -> list[OutcomeForecast]:
    """Each outcome's 50/80/95% landing days (the last finish of the work serving it) and
    the chance it lands within its quarter, over the samples in which work serves it
    (``landed``: a drawn answer may leave all of it out)."""
    from .values import Quarter

    by_id = {outcome.id: outcome for outcome in analysis.roadmap.outcomes}
    out = []
    for place, outcome_id in enumerate(serving):
        outcome = by_id[outcome_id]
        due = Quarter(outcome.due).end
        always = bool(landed[place].all())
        days = lands[place] if always else lands[place][landed[place]]
        p50, p80, p95 = _percentiles(days) if len(days) else (None, None, None)
        out.append(OutcomeForecast(outcome.id, outcome.title, p50, p80, p95, plan.outcome_dates.get(outcome.id), due,
                                   _share(days <= due.toordinal()) if len(days) else None, _curve(days) if len(days) else (),
                                   None if always else _share(landed[place])))
    return out


def _exclusive(task: Task) -> int:
    """The day after the task's last day; a milestone's own day."""
    return task.finish.toordinal() + 1 if task.days > 0 and task.finish >= task.start else task.start.toordinal()


def _own_floor(task: Task, plan: Schedule, as_of: int) -> int:
    """The earliest a driven piece of work may go on by itself: today, its planned start,
    the day its own blockers clear."""
    floor = as_of
    if task.planned_start is not None and not task.under_way(plan.as_of):
        floor = max(floor, task.planned_start.toordinal())
    if task.clears is not None:
        floor = max(floor, task.clears.toordinal())
    return floor


def _order(graph: Any, held: dict[str, list[str]]) -> list[str]:
    """A topological order of the dependencies and the levelled schedule's waits for people
    (the order in which it placed the work): every constraint comes before what it holds."""
    import networkx as nx

    if not held:
        return list(nx.topological_sort(graph))
    combined = nx.DiGraph(graph)
    combined.add_edges_from((holder, node) for node, holders in held.items() for holder in holders)
    return list(nx.topological_sort(combined))


def _held_edges(plan: Schedule) -> dict[str, list[str]]:
    """The levelled schedule's "waits for the people on": holder -> the work it holds up."""
    held: dict[str, list[str]] = {}
    for node, task in plan.tasks.items():
        if task.held_by is not None:
            held.setdefault(node, []).append(task.held_by)
    return held


SWING_COLUMNS = 256  # what-ifs per pass: memory stays rows x 256 days, whatever the roadmap


def _swings(runner: _Network | _Relevelled, estimates: dict[int, tuple[int, int, int]], risks: list[_Risk],
            criticality: dict[str, float], spent: dict[int, int]) -> list[Swing]:
    """Each estimate's and risk's swing, from two what-ifs pushed through the network like
    samples: the estimate at its low and at its high, or the risk not happening and
    happening, with every other estimate at likely and no other risk. Only estimated work
    that was on the critical chain in some sample is measured: the rest never set the end.
    Work under way cannot be shorter than the days it has run and one more."""
    import numpy as np

    network = runner if isinstance(runner, _Network) else runner.network
    plan = network.plan
    # (swing without its ends, {row: (days added at the low end, at the high end)})
    what_ifs: list[tuple[Swing, dict[int, tuple[int, int]]]] = []
    for row, (low, likely, high) in estimates.items():
        node = network.order[row]
        run = spent.get(row)
        least = low if run is None else max(low, run + 1)
        planned = likely if run is None else max(likely, run + 1)  # as _extra_days measures it
        if criticality[node] > 0 and least < high:
            what_ifs.append((Swing(node, plan.tasks[node].title, least, high, plan.end, plan.end, criticality[node], spent=run),
                             {row: (least - planned, high - planned)}))
    for risk in risks:
        share = max(criticality[network.order[row]] for row in risk.rows)
        what_ifs.append((Swing(risk.id, risk.title, 0, risk.days, plan.end, plan.end, share, chance=risk.chance),
                         dict.fromkeys(risk.rows, (0, risk.days))))
    out = []
    chunk = SWING_COLUMNS // 2
    for first in range(0, len(what_ifs), chunk):
        batch = what_ifs[first:first + chunk]
        columns = 2 * len(batch)
        extra: dict[int, np.ndarray] = {}
        for position, (_swing, moves) in enumerate(batch):
            for row, (at_low, at_high) in moves.items():
                what_if = extra.setdefault(row, np.zeros(columns, dtype=DAY))
                what_if[2 * position], what_if[2 * position + 1] = at_low, at_high
        _dates, lasts, _critical = runner.run(extra, columns, [], [network.counted], False)
        ends = lasts[0]
        for position, (swing, _moves) in enumerate(batch):
            out.append(dataclasses.replace(swing, end_at_low=dt.date.fromordinal(int(ends[2 * position])),
                                           end_at_high=dt.date.fromordinal(int(ends[2 * position + 1]))))
    return sorted((swing for swing in out if swing.days > 0), key=lambda swing: (-swing.days, -swing.criticality, swing.id))


def _estimates(analysis: Analysis, network: _Network) -> dict[int, tuple[int, int, int]]:
    """Row -> (low, likely, high) days, for each piece of work still to do (not history, nor
    cancelled) that carries an estimate: only those are drawn."""
    out = {}
    for row, node in enumerate(network.order):
        estimate = getattr(analysis.graph.nodes[node]["entity"], "estimate", None)
        if estimate is not None and network.kinds[row] == "moves":
            out[row] = (estimate.low.days, estimate.likely.days, estimate.high.days)
    return out


def _working_days_to(day: np.ndarray | int) -> np.ndarray:
    """Working days (Monday to Friday) from ordinal 1, a Monday, up to ``day`` inclusive."""
    import numpy as np

    day = np.asarray(day, dtype=np.int64)
    return (day // 7) * 5 + np.minimum(day % 7, 5)


def _work_days_in(first: int | np.ndarray, last: np.ndarray) -> np.ndarray:
    """levelling.work_days_between, for arrays: working days in ``first..last`` inclusive."""
    import numpy as np

    return np.where(last < first, 0, _working_days_to(last) - _working_days_to(np.asarray(first) - 1))


def _after_work_days(start: np.ndarray, count: np.ndarray) -> np.ndarray:
    """levelling.add_work_days, for arrays (``count`` at least 1): the day after the
    ``count``-th working day on or after ``start``."""
    target = _working_days_to(start - 1) + count  # that working day's number from ordinal 1
    return ((target - 1) // 5) * 7 + (target - 1) % 5 + 1 + 1


class _Relevelled:
    """``--relevel``: each column's projection computed again from its lengths (the
    dependency pass, and the levelling when the projection is levelled), as if the team had
    known them. Exact, at the cost of one schedule per sample."""

    def __init__(self, analysis: Analysis, network: _Network, overdue: dict[str, int]):
        from .levelling import period_end

        self.analysis = analysis
        self.network = network
        self.overdue = overdue
        self.crew = analysis.crew
        self.until = period_end(analysis.roadmap)

    def run(self, extra: dict[int, np.ndarray], columns: int, kept: list[int], groups: list[list[int]],
            drivers: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        import numpy as np

        from .schedule import levelled, schedule
        from .yamlsource import paused_gc

        analysis, order = self.analysis, self.network.order
        finish = np.empty((len(kept), columns), dtype=DAY)
        lasts = np.empty((len(groups), columns), dtype=DAY)
        critical = np.zeros(len(order), dtype=np.int64) if drivers else None
        with paused_gc():
            for column in range(columns):
                added = {order[row]: int(days[column]) + self.overdue.get(order[row], 0) for row, days in extra.items()
                         if days[column]}
                plan = schedule(analysis.roadmap, analysis.graph, analysis.as_of, extra=added, crew=self.crew)
                if analysis.dates == "capacity":
                    plan = levelled(plan, analysis.graph, self.crew, self.until)
                tasks = plan.tasks
                finish[:, column] = [tasks[order[row]].finish.toordinal() for row in kept]
                lasts[0, column] = plan.end.toordinal()
                for place, rows in enumerate(groups[1:], 1):  # no rows: no work serves it on this branch (masked out)
                    lasts[place, column] = max((tasks[order[row]].finish.toordinal() for row in rows), default=plan.start.toordinal())
                if critical is not None:
                    critical += np.array([task.open and task.slack == 0 for task in (tasks[node] for node in order)], dtype=np.int64)
        return finish, lasts, critical


@dataclass(frozen=True)
class _Risk:
    id: str
    title: str
    chance: float
    days: int
    rows: list[int]  # the work it delays that can still move


def _risks(analysis: Analysis, network: _Network) -> list[_Risk]:
    """The risks that can still happen and delay work that can still move."""
    from .values import Duration

    out = []
    for risk in analysis.roadmap.risks:
        if risk.delay is None or not risk.live:
            continue
        rows = [network.index[node] for node in dict.fromkeys(risk.delays)
                if node in network.index and network.kinds[network.index[node]] == "moves"]
        if rows:
            out.append(_Risk(risk.id, risk.title, float(risk.delay.chance), Duration(risk.delay.by).days, rows))
    return out


def _extra_days(estimates: dict[int, tuple[int, int, int]], risks: list[_Risk], samples: int, rng: Any,
                spent: dict[int, int] | None = None) -> dict[int, np.ndarray]:
    """Per piece of work (by row) that an estimate or a risk moves: sampled days minus its
    likely days, plus the days of each risk that happens in the sample. The risks are
    drawn after every estimate, so that adding one leaves the estimates' draws as they were.

    Work under way for ``spent[row]`` days has not finished in them: its length is drawn
    from its triangle above that many days (by the inverse of the triangle's distribution
    function, from a uniform draw above the share it leaves out), not from all of it, and
    is measured against what the plan gives it, at least a day more than it has run."""
    import numpy as np

    spent = spent or {}
    out: dict[int, np.ndarray] = {}
    for row, (low, likely, high) in estimates.items():
        days = spent.get(row)
        planned = likely if days is None else max(likely, days + 1)  # the plan's length: a day left at least
        if days is not None and days >= high:  # already past its high: the day left, as in the plan
            drawn = np.full(samples, planned, dtype=DAY)
        elif low == high:
            drawn = np.full(samples, likely, dtype=DAY)
        elif days is not None and days > low:
            drawn = np.ceil(_triangular_above(low, likely, high, days, rng.random(samples))).astype(DAY)
        else:
            drawn = np.ceil(rng.triangular(low, likely, high, size=samples)).astype(DAY)
        out[row] = drawn - planned
    for risk in risks:
        happens = (rng.random(samples) < risk.chance).astype(DAY) * risk.days  # one event: every row it names, or none
        for row in risk.rows:
            out[row] = out[row] + happens if row in out else happens
    return out


def _spent(plan: Schedule, network: _Network, rows: Collection[int]) -> dict[int, int]:
    """Row -> the days work under way (of ``rows``) has run by the as-of day, unfinished."""
    out = {}
    for row in rows:
        task = plan.tasks[network.order[row]]
        if network.kinds[row] == "moves" and task.recurs is None and task.under_way(plan.as_of) and task.planned_start is not None:
            out[row] = (plan.as_of - task.planned_start).days
    return out


def _overdue(plan: Schedule, network: _Network) -> dict[str, int]:
    """Work under way past its planned length -> the days the plan adds to it (it has the
    day left, at least): what a sample's extra days are measured from, levelled again."""
    out = {}
    for row, days in _spent(plan, network, range(len(network.order))).items():
        task = plan.tasks[network.order[row]]
        if days + 1 > task.days:
            out[task.id] = days + 1 - task.days
    return out


def _triangular_above(low: float, mode: float, high: float, floor: float, uniform: np.ndarray) -> np.ndarray:
    """Draws of the triangle (low, mode, high) given that they exceed ``floor``, from
    uniform draws in [0, 1): the inverse distribution function at F(floor) + u (1 - F(floor))."""
    import numpy as np

    def cdf(x: float) -> float:
        if x <= mode:
            return (x - low) ** 2 / ((high - low) * (mode - low)) if mode > low else 0.0
        return 1 - (high - x) ** 2 / ((high - low) * (high - mode))

    u = cdf(floor) + uniform * (1 - cdf(floor))
    split = (mode - low) / (high - low)  # F(mode)
    rising = low + np.sqrt(u * (high - low) * (mode - low))
    falling = high - np.sqrt((1 - u) * (high - low) * (high - mode))
    # Above the floor: never at it (a sample equal to `floor` days would have finished by now).
    return np.maximum(np.where(u < split, rising, falling), np.nextafter(floor, np.inf))


def percent(share: float | None, threshold: float | None = None) -> str:
    """A share of samples in words, as every view prints it: "<1%" and ">99%" at the edges
    (rare is not never); one decimal where rounding would reach ``threshold`` (percent) from
    below, so that "79.5%" is not printed "80%" under a threshold of 80."""
    if share is None:
        return "-"
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    if threshold is not None and share * 100 < threshold <= round(share * 100):
        return f"{share:.1%}"
    return f"{share:.0%}"


def _percentiles_of(rows: np.ndarray) -> list[tuple[dt.date, dt.date, dt.date]]:
    """:func:`_percentiles` of each row, in one partition of the whole matrix."""
    import numpy as np

    if not len(rows):
        return []
    count = rows.shape[1]
    ranks = [max(math.ceil(q * count), 1) - 1 for q in PERCENTILES]
    chosen = np.partition(rows, ranks, axis=1)[:, ranks]
    return [tuple(dt.date.fromordinal(int(day)) for day in row) for row in chosen.tolist()]  # type: ignore[misc]


def _percentiles(values: np.ndarray) -> tuple[dt.date, dt.date, dt.date]:
    """The ceil(q N)-th smallest of the N values, for q = 0.5, 0.8 and 0.95."""
    import numpy as np

    count = len(values)
    ranks = [max(math.ceil(q * count), 1) - 1 for q in PERCENTILES]
    chosen = np.partition(values, ranks)[ranks]
    return tuple(dt.date.fromordinal(int(day)) for day in chosen)  # type: ignore[return-value]


def _curve(values: np.ndarray) -> tuple[tuple[dt.date, float], ...]:
    """The S-curve of ``values`` (day ordinals): each distinct day, with the share of the
    values on or before it; the last share is 1."""
    import numpy as np

    days, counts = np.unique(values, return_counts=True)
    shares = np.cumsum(counts) / len(values)
    return tuple((dt.date.fromordinal(int(day)), round(float(share), 4)) for day, share in zip(days, shares))


def _share(flags: np.ndarray) -> float:
    """A fraction of samples, rounded so that the JSON is short and stable."""
    return round(float(flags.mean()), 4)
