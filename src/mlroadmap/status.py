"""Status semantics: when a metric or an outcome is on track, at risk or off track, and
when work is late. Written down once here (and in the README); reports and views only
display these verdicts.

* **This quarter** is the calendar quarter that contains ``as_of`` (default today);
  ``--quarter`` names another one. A quarter that has ended has no time left.
* **A model metric** in a quarter is measured against that quarter's target, from where
  the quarter was meant to start: the previous quarter's target, or the baseline when
  there is none. The metric is expected to move in a straight line across the quarter,
  so on ``as_of`` it should have covered the share of the quarter that has passed.

  - *met*: the current value reaches the quarter's target (in the metric's direction);
  - *on track*: not yet, but it is where the straight line is today, or behind it by
    at most 5% of the quarter's step (metrics are noisy: 41.0 against a line at 41.1
    is on the line);
  - *at risk*: behind the line by at most a quarter of the quarter's step;
  - *off track*: further behind (or the quarter has ended without reaching the target);
  - *no target* for the quarter, or *no data* when there is no current value.
* **An outcome** is measured the same way from its baseline at the start of the
  roadmap's period to its target at the end of its due quarter. Its work must also land
  in time: when the last work that serves it is projected (with the team's capacity,
  when people are declared) after its due quarter, a verdict better than *at risk*
  becomes *at risk*.
  A quarter that has not started is judged from where it starts: the metric should
  already be at the previous quarter's target.
* **Work is late** when it is open and projected to finish after its ``due`` date, or
  when its planned end has passed and it is not done (recurring work: its ``end``, the
  last day it recurs). How late: the projected finish minus that date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .values import Quarter

if TYPE_CHECKING:
    from .model import Metric, Model, Outcome
    from .schedule import Task

Verdict = Literal["met", "on-track", "at-risk", "off-track", "no-target", "no-data"]
VERDICT_WORDS: dict[Verdict, str] = {
    "met": "met",
    "on-track": "on track",
    "at-risk": "at risk",
    "off-track": "off track",
    "no-target": "no target",
    "no-data": "no data",
}
# How far behind the straight line a value may be and still count as "on track", or as
# "at risk", as a share of the step it had to make.
ON_TRACK_SHARE = 0.05
AT_RISK_SHARE = 0.25
_EPSILON = 1e-9  # 0.1 + 0.2 is not 0.3: a value exactly on the line is on it


def quarter_of(day: dt.date) -> str:
    return str(Quarter.of(day))


def elapsed(first: dt.date, last: dt.date, as_of: dt.date) -> float:
    """The share of the days ``first..last`` (inclusive) that have passed by the end of
    ``as_of``: 0 before, 1 after."""
    total = (last - first).days + 1
    return min(1.0, max(0.0, ((as_of - first).days + 1) / total))


def _verdict(start: float, target: float, current: float | None, higher: bool, share: float) -> tuple[Verdict, float | None]:
    """The verdict of ``current`` on the straight line from ``start`` to ``target``, of
    which ``share`` has passed; and the value the line is at."""
    expected = start + (target - start) * share
    if current is None:
        return "no-data", expected
    sign = 1 if higher else -1
    if sign * (current - target) >= -_EPSILON:
        return "met", expected
    if share >= 1:
        return "off-track", expected
    behind = sign * (expected - current)  # > 0: behind the line
    step = abs(target - start)
    if behind <= ON_TRACK_SHARE * step + _EPSILON:
        return "on-track", expected
    return ("at-risk" if behind <= AT_RISK_SHARE * step + _EPSILON else "off-track"), expected


def progress(baseline: float, target: float, current: float | None, higher: bool) -> float | None:
    """The share of the way from baseline to target covered (may be below 0 or above 1);
    None when there is no way to measure: no current value, or a target on the wrong
    side of the baseline."""
    sign = 1 if higher else -1
    if current is None or sign * (target - baseline) < 0:
        return None
    if target == baseline:  # a guardrail, "no worse than before": held or not
        return 1.0 if sign * (current - target) >= -_EPSILON else 0.0
    return (current - baseline) / (target - baseline)


@dataclass(frozen=True)
class MetricStatus:
    model: str
    model_title: str
    metric: str
    unit: str | None
    direction: str
    baseline: float
    current: float | None
    quarter: str
    target: float | None  # this quarter's
    start: float  # where the quarter's step starts: the previous target, or the baseline
    expected: float | None  # where the straight line is on as_of
    verdict: Verdict
    measured: dt.date | None = None  # when the current value was measured, if the roadmap says
    evaluated_on: str | None = None  # the dataset it was measured on
    labels_until: dt.date | None = None  # the last day whose labels had matured then

    @property
    def gap(self) -> float | None:
        """How far the current value still has to go to the quarter's target (0 when met)."""
        if self.target is None or self.current is None:
            return None
        sign = 1 if self.direction == "higher" else -1
        return max(0.0, sign * (self.target - self.current))

    @property
    def progress(self) -> float | None:
        """The share of the way from the baseline to the quarter's target."""
        if self.target is None:
            return None
        return progress(self.baseline, self.target, self.current, self.direction == "higher")

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model, "model_title": self.model_title, "metric": self.metric, "unit": self.unit,
            "direction": self.direction, "baseline": self.baseline, "current": self.current, "quarter": self.quarter,
            "target": self.target, "quarter_start_value": self.start, "expected_today": _rounded(self.expected),
            "gap": _rounded(self.gap), "progress": _rounded(self.progress), "verdict": self.verdict,
            "measured": self.measured.isoformat() if self.measured else None,
            "evaluated_on": self.evaluated_on, "labels_until": self.labels_until.isoformat() if self.labels_until else None,
        }


def metric_status(model: Model, metric: Metric, quarter: str, as_of: dt.date) -> MetricStatus:
    target = metric.targets.get(quarter)
    earlier = [q for q in metric.targets if q < quarter]
    start = metric.targets[max(earlier)] if earlier else metric.baseline
    higher = metric.direction == "higher"
    if target is None:
        verdict: Verdict = "no-target"
        expected = None
    else:
        q = Quarter(quarter)
        verdict, expected = _verdict(start, target, metric.current, higher, elapsed(q.start, q.end, as_of))
    return MetricStatus(model.id, model.title, metric.name, metric.unit, metric.direction, metric.baseline,
                        metric.current, quarter, target, start, expected, verdict, metric.measured, metric.evaluated_on,
                        metric.labels_until)


@dataclass(frozen=True)
class OutcomeStatus:
    id: str
    title: str
    metric: str
    unit: str | None
    direction: str
    baseline: float
    current: float | None
    target: float
    due: str  # quarter
    expected: float | None
    value_verdict: Verdict  # from the numbers alone
    lands: dt.date | None  # when the last work serving it is projected to finish, in the roadmap's dates
    verdict: Verdict

    @property
    def progress(self) -> float | None:
        return progress(self.baseline, self.target, self.current, self.direction == "higher")

    @property
    def expected_progress(self) -> float | None:
        """The share of the way the straight line has covered today."""
        if self.expected is None:
            return None
        return progress(self.baseline, self.target, self.expected, self.direction == "higher")

    @property
    def late(self) -> bool:
        return self.lands is not None and self.lands > Quarter(self.due).end

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "metric": self.metric, "unit": self.unit, "direction": self.direction,
            "baseline": self.baseline, "current": self.current, "target": self.target, "due": self.due,
            "progress": _rounded(self.progress), "expected_today": _rounded(self.expected),
            "expected_progress": _rounded(self.expected_progress), "value_verdict": self.value_verdict,
            "lands": self.lands.isoformat() if self.lands else None,
            "late": self.late, "verdict": self.verdict,
        }


def outcome_status(outcome: Outcome, period_start: str, as_of: dt.date, lands: dt.date | None) -> OutcomeStatus:
    first, last = Quarter(period_start).start, Quarter(outcome.due).end
    value_verdict, expected = _verdict(outcome.baseline, outcome.target, outcome.current,
                                       outcome.direction == "higher", elapsed(first, last, as_of))
    status = OutcomeStatus(outcome.id, outcome.title, outcome.metric, outcome.unit, outcome.direction, outcome.baseline,
                           outcome.current, outcome.target, outcome.due, expected, value_verdict, lands,
                           value_verdict)
    if status.late and value_verdict in ("met", "on-track"):
        # The number is where it should be, but the work that gets it there lands too late.
        status = OutcomeStatus(**{**status.__dict__, "verdict": "at-risk"})
    return status


def lateness(task: Task, as_of: dt.date, recurs_until: dt.date | None = None, recurring: bool = False) -> tuple[int, dt.date | None]:
    """How many days open work is projected to finish after the date it should have (its
    ``due`` date, or its planned end once that has passed), and that date; ``(0, None)``
    when it is not late. For recurring work the planned end is ``recurs_until``."""
    if not task.open:
        return 0, None
    worst: tuple[int, dt.date | None] = (0, None)
    if task.due is not None and task.finish > task.due:
        worst = ((task.finish - task.due).days, task.due)
    planned_end = recurs_until if recurring else task.planned_finish
    if planned_end is not None and planned_end < as_of:
        slip = (max(task.finish, as_of) - planned_end).days
        if slip > worst[0]:
            worst = (slip, planned_end)
    return worst


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
