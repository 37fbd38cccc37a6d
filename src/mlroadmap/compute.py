"""The models' planned compute per quarter against the roadmap's compute budget.

A model with compute as numbers (``compute: {retrain: 40, serving: 4}``) uses, in each
quarter of the period:

* ``retrain`` for each run of its retraining series in the quarter, the one the calendar
  shows (the model's cadence from the day after it goes live, or the item that carries the
  cycle out);
* once it is live (in rollout or production, or from the day after its go-live work for a
  model going live), ``serving`` × 24 for each day of the quarter;
* before then (and for a model that is not to go live at all), ``serving`` × 24 × the
  traffic share for each day one of its experiments that sees live traffic (shadow, A/B,
  multivariate, interleaving) runs: a shadow run on all the traffic needs the whole fleet
  before the model decides anything. Finished experiments count too: they used it.

The unit is the header's ``compute_unit`` (GPU-hours by default). A model's first training
is its own work and is not charged here: the budget is what running models costs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import LIVE_TRAFFIC, Compute, in_play
from .values import Quarter, cadence_step

if TYPE_CHECKING:
    from .analysis import Analysis


@dataclass(frozen=True)
class ModelUse:
    """What one model uses in one quarter."""

    model: str
    retrains: int
    retraining: float  # retrains × compute.retrain
    serving: float  # live days × 24 × compute.serving
    experiments: float = 0.0  # experiment days before it is live × 24 × compute.serving × traffic share

    @property
    def total(self) -> float:
        return self.retraining + self.serving + self.experiments

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "retrains": self.retrains, "retraining": _rounded(self.retraining),
                "serving": _rounded(self.serving), "experiments": _rounded(self.experiments), "total": _rounded(self.total)}


@dataclass(frozen=True)
class QuarterUse:
    quarter: str
    budget: float | None
    models: tuple[ModelUse, ...]

    @property
    def planned(self) -> float:
        return sum(use.total for use in self.models)

    @property
    def over(self) -> float | None:
        """How far the plan goes past the budget (None without one, 0 within it, up to
        rounding: 7% of 720 hours is 50.400000000000006 in binary, not more than 50.4)."""
        if self.budget is None:
            return None
        over = self.planned - self.budget
        return over if over > 1e-9 * max(1.0, self.budget) else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"quarter": self.quarter, "budget": self.budget, "planned": _rounded(self.planned),
                "over": _rounded(self.over), "models": [use.to_dict() for use in self.models]}


@dataclass(frozen=True)
class ComputePlan:
    unit: str
    quarters: tuple[QuarterUse, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "quarters": [quarter.to_dict() for quarter in self.quarters]}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _runs(first: dt.date, cadence: Any, last: dt.date) -> list[dt.date]:
    """The days of a cadence's series from ``first`` to ``last``, both included."""
    freq, interval = cadence.rule
    days: list[dt.date] = []
    step = 0
    while (day := cadence_step(first, freq, interval * step)) <= last:
        days.append(day)
        step += 1
    return days


def _overlap(first: dt.date, last: dt.date, start: dt.date, end: dt.date) -> int:
    """Days of [first, last] that are also in [start, end]."""
    return max(0, (min(last, end) - max(first, start)).days + 1)


def compute_plan(analysis: Analysis) -> ComputePlan | None:
    """The plan per quarter of the period, or None when no model states compute as numbers
    and the roadmap has no budget."""
    roadmap = analysis.roadmap
    info = roadmap.info
    costed = [model for model in roadmap.models if in_play(model) and isinstance(model.compute, Compute)]
    if not costed and not info.compute_budget:
        return None
    events = analysis.events() if costed else None
    quarters = analysis.quarters
    end = quarters[-1].end
    tasks = analysis.schedule.tasks
    trials: dict[str, list[tuple[dt.date, dt.date, float]]] = {}  # model id -> (first, last day, traffic share)
    for experiment in roadmap.experiments:
        if (experiment.status != "cancelled" and experiment.model is not None and experiment.traffic is not None
                and experiment.kind in LIVE_TRAFFIC):
            task = tasks[experiment.id]
            trials.setdefault(experiment.model, []).append((task.start, task.finish, experiment.traffic / 100))
    uses: dict[str, list[ModelUse]] = {quarter: [] for quarter in quarters}
    for model in costed:
        assert events is not None  # made for the costed models
        compute: Compute = model.compute  # type: ignore[assignment]  # filtered above
        # A model that is not to go live serves only its experiments: never live, in effect.
        going = model.id in analysis.live or model.id in analysis.going_live
        first = events.live_from.get(model.id, dt.date.max) if going else dt.date.max
        before = first - dt.timedelta(days=1) if first != dt.date.max else first  # its last day not live
        series = events.retraining.get(model.id)
        runs = Counter(Quarter.of(day) for day in _runs(*series)) if series is not None and compute.retrain else Counter()
        serving = compute.serving or 0.0
        for quarter in quarters:
            q = Quarter(quarter)
            retrains = runs[quarter]
            live_days = _overlap(q.start, q.end, first, end)
            # Before it is live, only its experiments serve it, each for its share of the traffic.
            trial = sum(share * _overlap(q.start, min(q.end, before), start, last) for start, last, share in trials.get(model.id, ()))
            use = ModelUse(model.id, retrains, retrains * (compute.retrain or 0.0), live_days * 24 * serving, trial * 24 * serving)
            if use.total or retrains:
                uses[quarter].append(use)
    return ComputePlan(info.compute_unit, tuple(
        QuarterUse(quarter, info.compute_budget.get(quarter), tuple(uses[quarter])) for quarter in quarters))
