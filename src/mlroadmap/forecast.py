"""The forecast: how likely each date is, by Monte Carlo over the roadmap's own dates.

Semantics (the README's "Forecast" says the same for users):

* Each sample draws the length of every piece of work with an ``estimate`` from the
  triangular distribution (low, likely, high), in days, rounded up to a whole day;
  fixed lengths stay fixed; draws are independent across work and samples.
* A sample moves the roadmap's dates, never re-plans them. It starts from the projection
  every other command shows (``Analysis.schedule``) and keeps its structure: what set
  each start there (the predecessor, or in the levelled schedule the work holding its
  people) sets it in the sample, with the same gap; a start set by its own floor (its
  planned start, the as-of day, a blocker) stays on it. So each piece of work starts at
  ``max(floor, driver's sampled end + gap, every other predecessor's sampled end)`` and
  lasts its projected span plus (sampled - likely) days. Finished work, a model in
  production and cancelled work keep their dates. With likely lengths, a sample *is* the
  projection. For the levelled projection this is an approximation: the sequence each
  person works in is the levelled one (their waits become edges), not levelled again
  per sample.
* Percentile q of N sampled dates is the ceil(q N)-th smallest, no interpolation; the
  end's come from each sample's own end. ``p_on_time`` is the share of samples finishing
  on or before the due date; ``criticality`` the share in which the work has zero total
  slack, from a backward pass from that sample's own end.

Vectorised over samples with numpy: one pass forward and one backward over the
topological order, each step an array operation over all samples, so the cost is linear
in samples x (work + dependencies).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
    p50: dt.date
    p80: dt.date
    p95: dt.date
    planned: dt.date  # the projection's finish, the date every other command shows
    open: bool  # work still to do (the text view shows only that)
    due: dt.date | None
    p_on_time: float | None
    criticality: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "p50": self.p50.isoformat(),
            "p80": self.p80.isoformat(),
            "p95": self.p95.isoformat(),
            "due": self.due.isoformat() if self.due is not None else None,
            "p_on_time": self.p_on_time,
            "criticality": self.criticality,
        }


@dataclass(frozen=True)
class OutcomeForecast:
    """When the last piece of work serving an outcome lands, and the chance it lands within
    the outcome's quarter. (Python only: the JSON's shape is fixed by the issue.)"""

    id: str
    title: str
    p50: dt.date
    p80: dt.date
    p95: dt.date
    planned: dt.date
    due: dt.date  # the last day of the outcome's quarter
    p_on_time: float


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
    outcomes: list[OutcomeForecast]

    def to_dict(self) -> dict[str, Any]:
        p50, p80, p95 = self.end
        return {
            "roadmap": self.roadmap,
            "as_of": self.as_of.isoformat(),
            "samples": self.samples,
            "seed": self.seed,
            "end": {"p50": p50.isoformat(), "p80": p80.isoformat(), "p95": p95.isoformat(),
                    "deterministic": self.deterministic_end.isoformat()},
            "entities": [entity.to_dict() for entity in self.entities],
        }


def forecast(analysis: Analysis, samples: int = 10_000, seed: int = 0) -> Forecast:
    """``samples`` Monte Carlo samples of ``analysis``'s projection, reproducible by ``seed``."""
    import numpy as np

    from .schedule import ScheduleOverflow

    if samples < 1:
        raise ValueError("samples: at least 1")
    plan = analysis.schedule
    graph = analysis.graph
    held = _held_edges(plan)
    order = _order(graph, held)
    index = {node: position for position, node in enumerate(order)}
    rng = np.random.default_rng(seed)
    extra = _extra_days(analysis, order, samples, rng)
    ordinal = {node: plan.tasks[node].start.toordinal() for node in order}
    # Days as ordinals (below 3.7 million: int32) in one row of samples per piece of work;
    # `end` is exclusive, `entry` where the part that waits for its constraints goes on
    # (its start, or for work under way, where the part left resumes).
    end = np.empty((len(order), samples), dtype=DAY)
    entry = np.empty((len(order), samples), dtype=DAY)
    fixed = np.zeros(len(order), dtype=bool)  # history, as the schedule's backward pass counts it
    driven: dict[str, tuple[str, int]] = {}  # node -> its driver and the gap after the driver's end
    as_of = plan.as_of.toordinal()
    for node in order:
        row = index[node]
        task = plan.tasks[node]
        planned_end = _exclusive(task)
        predecessors = list(graph.predecessors(node))
        if task.status == "cancelled" or (task.status == "done" and task.planned_start is None):
            # No time, and its predecessors' dates passed on, as in the schedule.
            entry[row] = end[row] = np.max(end[[index[p] for p in predecessors]], axis=0) if predecessors else ordinal[node]
            continue
        if task.finished or (task.recurs is not None and task.under_way(plan.as_of)):
            # History (done work, a model in production), or a series under way, which
            # holds nothing back past its first occurrence and waits for nothing.
            end[row], entry[row] = planned_end, ordinal[node]
            fixed[row] = True
            continue
        goes_on = task.goes_on(plan.as_of).toordinal()
        driver = task.driver if task.driver in index else None
        # The floor: where the start (or, under way, the part left) goes on by itself.
        ready = np.full(samples, goes_on if driver is None else _own_floor(task, plan, as_of), dtype=DAY)
        for constraint in (*predecessors, *held.get(node, ())):
            gap = 0
            if constraint == driver:
                gap = goes_on - _exclusive(plan.tasks[constraint])
                driven[node] = (constraint, gap)
            np.maximum(ready, end[index[constraint]] + gap, out=ready)
        span = planned_end - goes_on
        length = span + extra[row] if extra is not None and row in extra else np.full(samples, span, dtype=DAY)
        if task.days > 0:
            length = np.maximum(length, 1)  # work stays work: at least a day
        entry[row] = ready
        end[row] = ready + length
        if int(end[row].max()) > LAST_DAY:  # a sampled length that runs past the calendar
            raise ScheduleOverflow(node)
    counted = np.array([plan.tasks[node].status != "cancelled" for node in order], dtype=bool)
    finish = np.where(end > entry, end - 1, entry)  # inclusive last day; a milestone's date
    for row, node in enumerate(order):
        if fixed[row]:
            finish[row] = plan.tasks[node].finish.toordinal()
    ends = finish[counted].max(axis=0) if counted.any() else np.full(samples, plan.start.toordinal(), dtype=DAY)
    critical = _criticality(graph, order, index, held, driven, end, entry, fixed, counted, plan, samples)
    entities = []
    for node in plan.tasks:  # in the order every other command lists the work
        row = index[node]
        task = plan.tasks[node]
        p50, p80, p95 = _percentiles(finish[row])
        entities.append(EntityForecast(
            id=node, kind=task.section, title=task.title, p50=p50, p80=p80, p95=p95, planned=task.finish, open=task.open, due=task.due,
            p_on_time=_share(finish[row] <= task.due.toordinal()) if task.due is not None else None,
            criticality=_share(critical[row]),
        ))
    return Forecast(
        roadmap=analysis.info.name, as_of=plan.as_of, dates=analysis.dates, samples=samples, seed=seed,
        end=_percentiles(ends), deterministic_end=plan.end, entities=entities,
        estimated=sum(1 for node in order if getattr(graph.nodes[node]["entity"], "estimate", None) is not None),
        outcomes=_outcomes(analysis, plan, index, finish),
    )


def _outcomes(analysis: Analysis, plan: Schedule, index: dict[str, int], finish: np.ndarray) -> list[OutcomeForecast]:
    """Each outcome's landing day per sample: the last finish of the work serving it."""
    from .values import Quarter

    out = []
    for outcome in analysis.roadmap.outcomes:
        rows = [index[node] for node, task in plan.tasks.items() if task.outcome == outcome.id and task.status != "cancelled"]
        if not rows or outcome.id not in plan.outcome_dates:
            continue
        lands = finish[rows].max(axis=0)
        due = Quarter(outcome.due).end if outcome.due else None
        if due is None:
            continue
        p50, p80, p95 = _percentiles(lands)
        out.append(OutcomeForecast(outcome.id, outcome.title, p50, p80, p95, plan.outcome_dates[outcome.id], due,
                                   _share(lands <= due.toordinal())))
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


def _extra_days(analysis: Analysis, order: list[str], samples: int, rng: Any) -> dict[int, np.ndarray] | None:
    """Per estimated piece of work (by row): sampled days minus its likely days."""
    import numpy as np

    out: dict[int, np.ndarray] = {}
    for row, node in enumerate(order):
        estimate = getattr(analysis.graph.nodes[node]["entity"], "estimate", None)
        if estimate is None:
            continue
        low, likely, high = estimate.low.days, estimate.likely.days, estimate.high.days
        if low == high:
            drawn = np.full(samples, likely, dtype=DAY)
        else:
            drawn = np.ceil(rng.triangular(low, likely, high, size=samples)).astype(DAY)
        out[row] = drawn - likely
    return out or None


def _criticality(graph: Any, order: list[str], index: dict[str, int], held: dict[str, list[str]],
                 driven: dict[str, tuple[str, int]], end: np.ndarray, entry: np.ndarray, fixed: np.ndarray,
                 counted: np.ndarray, plan: Schedule, samples: int) -> np.ndarray:
    """Per piece of work and sample: zero total slack, from a backward pass from that
    sample's own (exclusive) end, as the schedule's own backward pass computes it."""
    import numpy as np

    project_end = end[counted].max(axis=0) if counted.any() else np.full(samples, plan.start.toordinal(), dtype=DAY)
    holds: dict[str, list[str]] = {}
    for node, holders in held.items():
        for holder in holders:
            holds.setdefault(holder, []).append(node)
    latest = np.empty_like(end)
    critical = np.zeros_like(end, dtype=bool)
    for node in reversed(order):
        row = index[node]
        finish_by = project_end.copy()
        for successor in (*graph.successors(node), *holds.get(node, ())):
            # The gap its driver left before it (a weekend, someone's time off) stays, as forward.
            gap = driven[successor][1] if driven.get(successor, ("", 0))[0] == node else 0
            np.minimum(finish_by, latest[index[successor]] - gap, out=finish_by)
        latest_entry = finish_by - (end[row] - entry[row])
        latest[row] = project_end if fixed[row] else latest_entry
        if not fixed[row] and plan.tasks[node].open:
            critical[row] = latest_entry == entry[row]
    return critical


def _percentiles(values: np.ndarray) -> tuple[dt.date, dt.date, dt.date]:
    """The ceil(q N)-th smallest of the N values, for q = 0.5, 0.8 and 0.95."""
    import numpy as np

    count = len(values)
    ranks = [max(math.ceil(q * count), 1) - 1 for q in PERCENTILES]
    chosen = np.partition(values, ranks)[ranks]
    return tuple(dt.date.fromordinal(int(day)) for day in chosen)  # type: ignore[return-value]


def _share(flags: np.ndarray) -> float:
    """A fraction of samples, rounded so that the JSON is short and stable."""
    return round(float(flags.mean()), 4)
