"""The baseline: the dates a tagged revision of the roadmap promised, and how far the plan
has drifted from them (``report --baseline REV``).

A baseline is the plan as it was approved, so its dates are those it was projected to have
*then*: the revision's roadmap, projected as of the day it was committed (its author date),
in the same projection the report shows. Against the plan as of today, a piece of work has
drifted when its finish differs; work in only one of the two was added since, or is no
longer in the plan (removed, cancelled, or on a decision's branch the plan does not follow).
That is what ``diff`` does not say: ``diff`` projects both versions as of the same day, to
show what the edits did; the baseline keeps the promise as it was made, so the days that
passed without the work starting count as drift too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis import Analysis
    from .git import Commit
    from .loader import Roadmap
    from .schedule import Schedule


@dataclass(frozen=True)
class Drift:
    """One date against the baseline's: of the roadmap's end, an outcome, or a piece of work."""

    id: str
    title: str
    baseline: dt.date | None  # None: not in the baseline (added since), or not dated there
    now: dt.date | None  # None: no longer in the plan
    critical: bool = False  # on the chain that sets the end now
    # On a decision's branch: "taken" (the baseline left it out, the plan follows it) or
    # "left out" (the other way round); for an outcome, "dated" or "undated" likewise.
    branch: str | None = None

    @property
    def days(self) -> int | None:
        """How many days later than the baseline (negative: earlier); None when one side has none."""
        return (self.now - self.baseline).days if self.now is not None and self.baseline is not None else None

    @property
    def change(self) -> str:
        """"later", "earlier", "same", "added" (since the baseline), "dropped" (from the plan), or
        on a decision's branch "taken", "left out" (an outcome: "dated", "undated")."""
        if self.branch is not None:
            return self.branch
        if self.baseline is None:
            return "added"
        if self.now is None:
            return "dropped"
        days = self.days or 0
        return "later" if days > 0 else "earlier" if days < 0 else "same"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "change": self.change,
                "baseline": self.baseline.isoformat() if self.baseline else None,
                "now": self.now.isoformat() if self.now else None, "days": self.days, "critical": self.critical}


@dataclass(frozen=True)
class Baseline:
    label: str  # the revision as given: a tag, a branch, a sha
    commit: Commit | None
    as_of: dt.date  # the day the baseline's dates were projected: its commit's date
    dates: str  # the projection of both: "capacity" or "dependencies"
    end: Drift
    outcomes: tuple[Drift, ...]
    work: tuple[Drift, ...]  # what drifted, was added or dropped: critical first, then the most days

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, **(self.commit.to_dict() if self.commit else {}), "as_of": self.as_of.isoformat(),
                "dates": str(self.dates), "end": self.end.to_dict(), "outcomes": [drift.to_dict() for drift in self.outcomes],
                "work": [drift.to_dict() for drift in self.work]}

    def of(self, ident: str) -> Drift | None:
        """The drift of one piece of work or outcome; None when it has not drifted."""
        return next((drift for drift in (*self.outcomes, *self.work) if drift.id == ident), None)


def against(analysis: Analysis, roadmap: Roadmap, label: str, commit: Commit | None) -> Baseline:
    """``analysis``'s dates against those ``roadmap`` (the baseline's, valid) was projected to
    have on its commit's day (the analysis's as-of day without a commit)."""
    from .analysis import Analysis

    as_of = commit.date.date() if commit is not None else analysis.as_of
    promised = Analysis(roadmap, as_of, analysis.settings, dates=str(analysis.dates))  # type: ignore[arg-type]
    then, now = promised.schedule, analysis.schedule
    titles = {entity.id: getattr(entity, "title", entity.id) for _section, entity in analysis.roadmap.entities()}
    known = {entity.id for _section, entity in roadmap.entities()}
    outcomes = []
    for outcome in analysis.roadmap.outcomes:
        was, day = then.outcome_dates.get(outcome.id), now.outcome_dates.get(outcome.id)
        if was is not None or day is not None:  # dated on one side only when the work serving it is on a branch
            branch = None if (was is None) == (day is None) or outcome.id not in known else "dated" if day is not None else "undated"
            outcomes.append(Drift(outcome.id, outcome.title, was, day, branch=branch))
    end = Drift("roadmap", analysis.info.name, then.end, now.end)
    work = _work(then, now, titles, promised.roadmap.left_out, analysis.roadmap.left_out)
    return Baseline(label, commit, as_of, str(analysis.dates), end, tuple(drift for drift in outcomes if drift.change != "same"), work)


def _work(then: Schedule, now: Schedule, titles: dict[str, str], out_then: dict[str, str], out_now: dict[str, str]) -> tuple[Drift, ...]:
    """The work whose finish differs, and the work in only one of the two plans (cancelled
    work and work left out on a decision's branch are in no plan): on a decision's branch
    one of them follows (``out_then``, ``out_now``: left out), taken or left out."""
    def planned(schedule: Schedule) -> dict[str, Any]:
        return {node: task for node, task in schedule.tasks.items() if task.status != "cancelled"}

    before, after = planned(then), planned(now)
    out = []
    for node in dict.fromkeys([*after, *before]):
        was, task = before.get(node), after.get(node)
        if was is not None and task is not None and was.finish == task.finish:
            continue
        title = task.title if task is not None else was.title if was is not None else titles.get(node, node)
        critical = task is not None and task.slack == 0 and task.open
        branch = "taken" if task is not None and node in out_then else "left out" if was is not None and node in out_now else None
        out.append(Drift(node, title, was.finish if was else None, task.finish if task else None, critical, branch))
    order = {"later": 0, "earlier": 0, "taken": 1, "left out": 1, "added": 2, "dropped": 3, "dated": 1, "undated": 1}
    out.sort(key=lambda drift: (order[drift.change], not drift.critical, -abs(drift.days or 0),
                                drift.now or drift.baseline or dt.date.max, drift.id))
    return tuple(out)
