"""``show``: the roadmap track by track (the six workstreams and any custom ones).

Per track: its work by quarter and phase, with status, owner, projected dates and what
it waits on; then what that track is about in detail: models with their metrics (model
track), datasets with refresh and SLA (data), audits and obligations (ethics), monitors
(monitoring), experiments with their decision dates (experiments).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..document import Document, Note, Section, Table, Value
from ..model import PHASES
from ..status import quarter_of
from ..values import Quarter
from .report import (
    Analyses,
    audits_section,
    datasets_section,
    day,
    experiments_section,
    metrics_section,
    models_section,
    monitors_section,
    obligations_section,
    status_cell,
    timeline_section,
)

if TYPE_CHECKING:
    from ..analysis import Dates
    from ..loader import Roadmap
    from ..schedule import Task

# What a track's view adds after its work.
DETAILS: dict[str, list[Callable[[Analyses], Section]]] = {
    "model": [metrics_section, models_section],
    "data": [datasets_section],
    "ethics": [audits_section, obligations_section],
    "monitoring": [monitors_section],
    "experiments": [experiments_section],
}


def work_section(a: Analyses, track: str, work: list[Task], quarter: str | None) -> Section:
    """The track's ``work`` by quarter (of its projected start) and phase; with ``quarter``,
    only the work whose projected dates overlap it."""
    first, last = (Quarter(quarter).start, Quarter(quarter).end) if quarter else (dt.date.min, dt.date.max)
    phase_order = {phase: index for index, phase in enumerate(PHASES)}
    # A recurring series spans its occurrences, to its last day.
    tasks = [task for task in work if task.status != "cancelled" and task.start <= last and (task.series_end or task.finish) >= first]
    tasks.sort(key=lambda t: (quarter_of(t.start), phase_order.get(_phase(a, t.id) or "", len(phase_order)), t.start, t.id))
    blocks: list[Any] = []
    data = []
    current = None
    rows: list[list[Value]] = []
    for task in tasks:
        starts_in = quarter_of(task.start)
        if starts_in != current:
            if rows:
                blocks.append(Table(["Phase", "Work", "Status", "Owner", "Dates", "Waits on"], rows))
            blocks.append(Note(f"Starting in {starts_in}" if quarter is None or starts_in == quarter else f"Started in {starts_in}"))
            current, rows = starts_in, []
        waiting = a.waits_on(task.id)
        rows.append([_phase(a, task.id) or "–", task.title, status_cell(task.state, a.late(task.id)),
                     a.short_name(task.owner) if task.owner else "–",
                     a.span_of(task), "; ".join([*(a.waited(task.id, node) for node in waiting), *_blocker(task), *a.frozen(task)]) or "–"])
        data.append({**task.to_dict(), "phase": _phase(a, task.id), "quarter": starts_in, "waits_on": waiting,
                     "late_days": a.late(task.id)})
    if rows:
        blocks.append(Table(["Phase", "Work", "Status", "Owner", "Dates", "Waits on"], rows))
    if not blocks:
        blocks.append(Note(f"no work in {quarter}" if quarter else "no work", "muted"))
    return Section(f"work-{track}", a.track(track), blocks, data)


def _blocker(task: Task) -> list[str]:
    """An open blocker of its own that sets its dates, as a thing it waits on."""
    return [f"its blocker, until {day(task.blocked_until)}"] if task.blocked_until is not None else []


def _phase(a: Analyses, entity_id: str) -> str | None:
    return getattr(a.entities.get(entity_id), "phase", None)


def build_views(roadmap: Roadmap, *, track: str | None = None, quarter: str | None = None,
                as_of: dt.date | None = None, dates: Dates | None = None) -> Document:
    """Every track's view (or ``track``'s), as of ``as_of`` (default today); ``quarter``
    keeps the work that overlaps it and sets the quarter of the metric targets."""
    from ..yamlsource import paused_gc

    as_of = as_of or dt.date.today()
    analyses = Analyses(roadmap, as_of, quarter or quarter_of(as_of), dates=dates)
    by_track: dict[str | None, list[Task]] = {}
    for task in analyses.schedule.tasks.values():  # one pass: a roadmap may have many tracks
        by_track.setdefault(task.track, []).append(task)
    used = set(by_track) if track is None else {track}
    tracks = [t for t in analyses.tracks if t in used] + sorted(t for t in used if t is not None and t not in analyses.tracks)
    sections: list[Section] = []
    with paused_gc():
        for name in tracks:
            sections.append(work_section(analyses, name, by_track.get(name, []), quarter))
            for build in DETAILS.get(name, []):
                detail = build(analyses)
                detail.id = f"{name}-{detail.id}" if detail.id in {s.id for s in sections} else detail.id
                sections.append(detail)
        shown: list[str | None] = list(tracks)
        if track is None and by_track.get(None):  # decisions and other work no track owns
            untracked = work_section(analyses, "", by_track[None], quarter)
            untracked.id, untracked.title = "work-none", "Decisions and other work without a track"
            sections.append(untracked)
            shown.append(None)
        sections.append(timeline_section(analyses, shown))
    scope = f"{analyses.track(track)} track" if track else "all tracks"
    when = f"work in {quarter}" if quarter else analyses.quarter_words
    return Document(
        title=roadmap.info.name,
        subtitle=f"{scope}, as of {day(as_of)}; {when}{analyses.basis}",
        as_of=as_of, quarter=analyses.quarter, kind="show", audience=track, sections=sections, dates=analyses.dates,
    )
