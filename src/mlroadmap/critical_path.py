"""``critical-path``: what sets the end date, and what blocks several workstreams.

Returns plain data (:class:`CriticalPath`); rendering lives in :mod:`mlroadmap.render`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .graph import Blocker
from .model import STANDARD_TRACKS
from .projection import assuming
from .schedule import BrokenDependency, LateTask, Schedule, Task

if TYPE_CHECKING:
    import networkx as nx

    from .analysis import Analysis, Dates
    from .loader import Roadmap


@dataclass(frozen=True)
class BlockerRow:
    """An open task that blocks work in several tracks, with its schedule."""

    blocker: Blocker
    task: Task

    def to_dict(self) -> dict[str, Any]:
        return {**self.blocker.to_dict(), "title": self.task.title, "owner": self.task.owner, "slack": self.task.slack,
                "slack_to_due": self.task.due_slack,
                "status": self.task.status, "finish": self.task.finish.isoformat()}


@dataclass
class CriticalPath:
    roadmap: str
    as_of: dt.date
    start: dt.date
    end: dt.date | None  # None for an outcome that no work serves
    outcome: str | None  # the chain is this outcome's when given
    dates: Dates  # the projection shown
    chain: list[Task]
    other_chains: list[list[Task]]
    blockers: list[BlockerRow]
    broken: list[BrokenDependency]
    late: list[LateTask]
    outcome_dates: dict[str, dt.date]
    schedule: Schedule
    graph: nx.DiGraph
    track_titles: dict[str, str]
    freezes: list[Any] = field(default_factory=list)  # the roadmap's freezes (model.Freeze), for the gantt
    # Work on a decision's branch the dates do not follow: id -> the branch ("call's no"), for the graphs.
    left_out: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "roadmap": self.roadmap,
            "as_of": self.as_of.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "outcome": self.outcome,
            "dates": self.dates,
            **assuming(self.dates),
            "critical_path": [task.to_dict() for task in self.chain],
            "other_critical_chains": [[task.id for task in other] for other in self.other_chains],
            "blockers": [row.to_dict() for row in self.blockers],
            "broken_dependencies": [item.to_dict() for item in self.broken],
            "late": [item.to_dict() for item in self.late],
            "outcome_dates": {key: value.isoformat() for key, value in self.outcome_dates.items()},
            "resources": self.schedule.levelled,
            **({"end_dependencies_only": self.schedule.baseline.end.isoformat()} if self.schedule.baseline and self.outcome is None else {}),
        }


def critical_path(analysis: Analysis, *, min_tracks: int = 2, track: str | None = None, outcome: str | None = None) -> CriticalPath:
    """The critical chain (of the whole roadmap, or of ``outcome``), the open work that
    blocks at least ``min_tracks`` tracks (ranked by tracks blocked, then by how much
    waits on it, then by the least slack to the roadmap's end or to the nearest due date),
    broken planned dependencies and late work, in the
    analysis's dates. ``track`` keeps only the chain's tasks and blockers in that track."""
    plan = analysis.schedule
    blocking = analysis.blocking
    ids = plan.outcome_paths.get(outcome, []) if outcome is not None else plan.critical_path
    chain = [plan.tasks[node] for node in ids]
    # Other chains that end on the same last day: as critical as the first.
    also = [] if outcome is not None else [[plan.tasks[node] for node in other] for other in plan.critical_chains[1:]]
    rows = [
        BlockerRow(blocker, plan.tasks[node])
        for node, blocker in blocking.items()
        if plan.tasks[node].open and len(blocker.tracks_blocked) >= min_tracks
    ]
    rows.sort(key=lambda row: (-len(row.blocker.tracks_blocked), -row.blocker.dependents, urgency(row.task), row.task.id))
    if track is not None:
        chain = [task for task in chain if task.track == track]
        also = [[task for task in other if task.track == track] for other in also]
        rows = [row for row in rows if row.task.track == track]
    return CriticalPath(
        roadmap=analysis.info.name,
        as_of=plan.as_of,
        start=plan.start,
        end=plan.outcome_dates.get(outcome) if outcome is not None else plan.end,
        outcome=outcome,
        dates=analysis.dates,
        chain=chain,
        other_chains=[other for other in also if other],
        blockers=rows,
        broken=plan.broken,
        late=plan.late,
        outcome_dates=plan.outcome_dates,
        schedule=plan,
        graph=analysis.graph,
        track_titles=analysis.track_titles,
        freezes=list(analysis.roadmap.freezes),
        left_out=dict(analysis.roadmap.left_out),
    )


def cone(report: CriticalPath, around: str) -> set[str]:
    """The work ``around`` waits on and the work that waits on it, itself included; for an
    outcome, the work that serves it and all that work waits on. One walk of the graph
    from all starting points at once, however many there are."""
    graph = report.graph
    tasks = report.schedule.tasks
    if around in tasks:
        return _reach(graph.pred, {around}) | _reach(graph.succ, {around})
    return _reach(graph.pred, {task.id for task in tasks.values() if task.outcome == around})


def _reach(neighbours: Any, start: set[str]) -> set[str]:
    seen, pending = set(start), list(start)
    while pending:
        for other in neighbours[pending.pop()]:
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return seen


def cut(report: CriticalPath, nodes: set[str]) -> CriticalPath:
    """``report`` with only the work in ``nodes`` (a :func:`cone`): its graph, tasks,
    chain and blockers; dates as they were (the rest of the roadmap still sets them)."""
    import dataclasses

    plan = report.schedule
    kept = dataclasses.replace(plan, tasks={node: task for node, task in plan.tasks.items() if node in nodes},
                               critical_path=[node for node in plan.critical_path if node in nodes])
    return dataclasses.replace(report, schedule=kept, graph=report.graph.subgraph(nodes).copy(),
                               chain=[task for task in report.chain if task.id in nodes],
                               other_chains=[kept_chain for other in report.other_chains if (kept_chain := [t for t in other if t.id in nodes])],
                               blockers=[row for row in report.blockers if row.task.id in nodes])


def urgency(task: Task) -> int:
    """Days the work can slip before a date that matters moves: the roadmap's end or the
    nearest deadline downstream, whichever is nearer (what to act on first)."""
    slack = task.slack or 0
    return slack if task.due_slack is None else min(slack, task.due_slack)


def track_titles(roadmap: Roadmap) -> dict[str, str]:
    """Track id -> title, the six standard tracks and the roadmap's own."""
    return {**STANDARD_TRACKS, **{track.id: track.title for track in roadmap.tracks}}
