"""What moves each outcome: the model metrics that drive it (``drives:``), and how far
their targets take it.

A contribution is linear: ``{outcome: cut-fraud-losses, per: 0.01, moves: -0.3}`` says each
0.01 of the metric moves the outcome by -0.3. What a metric's target for the outcome's due
quarter (or its last target before then) moves the outcome by is
``(target - baseline) / per * moves``; the outcome's reach is its baseline plus every
driver's move. A linear sum ignores that two models may catch the same fraud: it is the
plan's own arithmetic, written down so it can be checked, not a causal model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import in_play

if TYPE_CHECKING:
    from .loader import Roadmap
    from .model import Metric, Outcome


@dataclass(frozen=True)
class Driver:
    """One model metric that drives one outcome."""

    outcome: str
    model: str
    metric: str
    index: int  # the metric's place in its model's metrics, for a message's location
    step: int  # the contribution's place in the metric's drives
    direction: str  # the metric's: which way is better
    baseline: float
    current: float | None
    target: float | None  # for the outcome's due quarter, or the last one before it
    quarter: str | None  # the quarter of that target
    per: float | None
    moves: float | None

    @property
    def quantified(self) -> bool:
        return self.per is not None and self.moves is not None

    def effect(self, value: float | None) -> float | None:
        """What the metric at ``value`` moves the outcome by, against its baseline."""
        if value is None or self.per is None or self.moves is None:
            return None
        moved = (value - self.baseline) / self.per * self.moves
        return moved if math.isfinite(moved) else None  # numbers a roadmap allows can still overflow: no sum to show

    @property
    def planned(self) -> float | None:
        """What its target moves the outcome by."""
        return self.effect(self.target)

    @property
    def so_far(self) -> float | None:
        """What its current value moves the outcome by."""
        return self.effect(self.current)

    def wrong_way(self, outcome: Outcome) -> bool:
        """A better value of the metric moves the outcome the way that is worse for it."""
        if self.per is None or self.moves is None:
            return False
        better_metric = 1 if self.direction == "higher" else -1
        better_outcome = 1 if outcome.direction == "higher" else -1
        return (self.moves / self.per) * better_metric * better_outcome < 0

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "metric": self.metric, "baseline": self.baseline, "current": self.current,
                "target": self.target, "quarter": self.quarter, "per": self.per, "moves": self.moves,
                "moves_outcome_by": _rounded(self.planned), "moved_so_far": _rounded(self.so_far)}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _target_by(metric: Metric, due: str) -> tuple[str | None, float | None]:
    """The metric's target for quarter ``due``, or its last one before then."""
    quarters = [quarter for quarter in metric.targets if quarter <= due]
    if not quarters:
        return None, None
    quarter = max(quarters)
    return quarter, metric.targets[quarter]


def drivers(roadmap: Roadmap) -> dict[str, list[Driver]]:
    """outcome id -> the metrics of the models in play that drive it, in file order."""
    due = {outcome.id: outcome.due for outcome in roadmap.outcomes}
    found: dict[str, list[Driver]] = {}
    for model in roadmap.models:
        if not in_play(model):
            continue
        for index, metric in enumerate(model.metrics):
            for step, contribution in enumerate(metric.drives):
                if contribution.outcome not in due:
                    continue
                quarter, target = _target_by(metric, due[contribution.outcome])
                found.setdefault(contribution.outcome, []).append(Driver(
                    contribution.outcome, model.id, metric.name, index, step, metric.direction, metric.baseline, metric.current, target, quarter,
                    contribution.per, contribution.moves))
    return found


def reach(outcome: Outcome, driving: list[Driver]) -> float | None:
    """Where the drivers' targets take the outcome: None unless every driver is quantified,
    has a target by the outcome's quarter and moves it the way its own direction says."""
    if not driving or any(driver.planned is None or driver.wrong_way(outcome) for driver in driving):
        return None
    return outcome.baseline + sum(driver.planned or 0.0 for driver in driving)
