"""``diff``: what changed in a roadmap between two versions, as changes a reviewer reads.

Not text lines: entities are matched by id across every file, so moving an entry to
another file (or renaming the file) is no change, while a date that slipped because its
predecessor did is one. Both versions are projected **as of the same day** (default
today), so every difference comes from an edit to the roadmap, not from time passing.

The old version comes from git (:mod:`mlroadmap.git`) or from a second path; the new one
is the work tree. A new version must be valid (as for every analysis); an old one may
not be: its problems are listed, and what it still holds is compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import FINISHED, PHASES, Prerequisite, Stage
from .schedule import ScheduleOverflow
from .yamlsource import paused_gc

if TYPE_CHECKING:
    from .analysis import Dates
    from .check import CheckReport, Settings
    from .diagnostics import Diagnostic
    from .git import Commit, Repository
    from .loader import Roadmap, SourceFile
    from .schedule import Schedule

STAGES = tuple(stage for stage in Stage.__args__ if stage != "retired")  # type: ignore[attr-defined]  # retiring is its own move
# Keys of a piece of work that set its dates: an edit to them shows as the dates it moved.
DATE_KEYS = ("start", "end", "duration", "effort", "due")
# What the change lists group by, in reading order, with their headings.
GROUPS: dict[str, str] = {
    "dates": "Dates",
    "added": "Added",
    "removed": "Removed",
    "progress": "Status, phase and stage",
    "metrics": "Metrics and targets",
    "owners": "Owners",
    "edits": "Other edits",
}
KIND_GROUP = {
    "end": "dates", "outcome-date": "dates", "slipped": "dates", "pulled-in": "dates", "left-out": "dates", "taken": "dates",
    "added": "added", "removed": "removed",
    "status": "progress", "phase": "progress", "stage": "progress",
    "metric": "metrics", "target": "metrics", "metric-added": "metrics", "metric-removed": "metrics",
    "owner": "owners", "edit": "edits",
}


@dataclass(frozen=True)
class Change:
    """One change a reviewer reads: ``kind`` says which (see :data:`KIND_GROUP`)."""

    kind: str
    subject: str  # the entity's id; "model-id/metric" for a model metric; "roadmap" for the end
    title: str  # what the subject is called
    section: str | None = None  # items, models, ...; None for the roadmap as a whole
    old: Any = None
    new: Any = None
    days: int | None = None  # dates: later (+) or earlier (-)
    critical: bool = False  # dates: the work is on the critical path now
    # Good news or not: a metric moved its way, a target became more ambitious, a phase or
    # stage moved on; None when neither (a status, a new metric).
    better: bool | None = None
    key: str | None = None  # the key edited; the quarter of a target
    follows: str | None = None  # dates: a predecessor that moved, and set its start
    held_by: str | None = None  # dates: work that moved and holds the people it needs
    edits: tuple[tuple[str, Any, Any], ...] = ()  # dates: its own keys that moved it (key, old, new)
    away: str | None = None  # dates: it now waits for this person's time off

    @property
    def group(self) -> str:
        return KIND_GROUP[self.kind]

    @property
    def slip(self) -> bool:
        """A date on the critical path moved later: the roadmap's end, an outcome's date,
        or critical work (what ``--fail-on slip`` fails on)."""
        later = self.days is not None and self.days > 0
        return later and (self.kind in ("end", "outcome-date") or (self.kind == "slipped" and self.critical))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "group": self.group, "subject": self.subject, "title": self.title,
                                "section": self.section, "old": _json(self.old), "new": _json(self.new)}
        for name in ("days", "better", "key", "follows", "held_by", "away"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.kind in ("slipped", "pulled-in"):
            data["critical"] = self.critical
            data["edits"] = {key: {"old": _json(was), "new": _json(now)} for key, was, now in self.edits}
        return data


@dataclass(frozen=True)
class FileChange:
    kind: str  # added, removed, renamed
    old: str | None
    new: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "old": self.old, "new": self.new}


@dataclass
class Version:
    """One side of a diff: a roadmap as loaded, from disk or from git."""

    label: str  # "HEAD~2", "merge-base with main", or the path
    roadmap: Roadmap | None  # None: there was no roadmap there
    problems: list[Diagnostic] = field(default_factory=list)  # errors: the version is invalid
    files: dict[str, str] = field(default_factory=dict)  # a file's key (its path in the repository) -> name shown
    commit: Commit | None = None
    repository: Repository | None = None  # where a version from git was read
    unreadable: set[str] = field(default_factory=set)  # ids written in entries that did not load (an invalid version)
    renames: dict[str, str] = field(default_factory=dict)  # from git: files renamed since, new key -> old key

    @property
    def valid(self) -> bool:
        return self.roadmap is not None and self.roadmap.header is not None and not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, **(self.commit.to_dict() if self.commit else {}), "exists": self.roadmap is not None,
                "valid": self.valid, "files": sorted(self.files.values()), "problems": [p.to_dict() for p in self.problems]}


@dataclass
class Snapshot:
    """What a version's analyses say: its projected schedule and checklist score."""

    schedule: Schedule | None
    score: tuple[int, int] | None = None  # sections satisfied, sections scored
    warnings: int | None = None


@dataclass
class RoadmapDiff:
    old: Version
    new: Version
    as_of: dt.date
    dates: Dates  # the projection both versions' dates come from
    changes: list[Change]
    files: list[FileChange]
    end: tuple[dt.date | None, dt.date | None]
    score: tuple[tuple[int, int] | None, tuple[int, int] | None]
    warnings: tuple[int | None, int | None]

    @property
    def slipped(self) -> list[Change]:
        return [change for change in self.changes if change.slip]

    def of(self, group: str) -> list[Change]:
        return [change for change in self.changes if change.group == group]

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "as_of": self.as_of.isoformat(),
            "dates": self.dates,
            "end": {"old": _json(self.end[0]), "new": _json(self.end[1])},
            "score": {side: ({"satisfied": value[0], "sections": value[1]} if value else None)
                      for side, value in zip(("old", "new"), self.score)},
            "checklist_warnings": {"old": self.warnings[0], "new": self.warnings[1]},
            "slipped_on_critical_path": bool(self.slipped),
            "files": [change.to_dict() for change in self.files],
            "changes": [change.to_dict() for change in self.changes],
        }


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, Prerequisite) and value.lag is not None:
        return {"id": str(value), "lag": str(value.lag)}
    if isinstance(value, (list, tuple)):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # Duration, Cadence, ...: as the author writes them


# --- loading the two versions ----------------------------------------------------------------


def version_from_sources(label: str, sources: list[SourceFile], keys: dict[str, str] | None = None,
                         commit: Commit | None = None) -> Version:
    """Validate files already read (from disk or git) as one roadmap. ``keys``: each file's
    name -> its path in the repository (for telling added, removed and renamed files)."""
    from .loader import UsageError, load_sources
    from .validation import validate_results

    if not sources:
        return Version(label, None, commit=commit)
    validation = validate_results(load_sources(sources))
    if len(validation.results) > 1:
        raise UsageError(f"{label}: holds {len(validation.results)} roadmaps; give the path of one of them")
    roadmap = validation.results[0].roadmap
    errors = [d for d in validation.diagnostics if d.severity == "error"]
    names = {source.name: (keys or {}).get(source.name, source.name) for source in sources}
    version = Version(label, roadmap, errors, {key: name for name, key in names.items()}, commit)
    version.unreadable = set(validation.results[0].unverified_ids)
    return version


def version_at(repository: Repository, commit: Commit, label: str, path: str) -> Version:
    """The roadmap at ``path`` (relative to the repository's top) in ``commit``, with the
    files that were renamed or moved into ``path`` since, under their old names."""
    from .loader import load_file

    found = repository.files_at(commit, path)
    inside = path + "/" if path else ""
    renames = repository.renames(commit)
    found |= repository.read(commit, sorted(old for new, old in renames.items()
                                            if (new == path or new.startswith(inside)) and old not in found))
    sources = [load_file(f"{label}:{relative}", data) for relative, data in sorted(found.items())]
    version = version_from_sources(label, sources, {f"{label}:{relative}": relative for relative in found}, commit)
    version.repository, version.renames = repository, renames
    return version


def file_changes(old: Version, new: Version) -> list[FileChange]:
    """Files added, removed and renamed between the versions, by their keys."""
    renames = old.renames
    old_keys, new_keys = set(old.files), set(new.files)
    changes: list[FileChange] = []
    renamed_from = {renames[key] for key in new_keys if renames.get(key) in old_keys}
    for key in sorted(new_keys):
        source = renames.get(key)
        if source in old_keys and key not in old_keys:
            changes.append(FileChange("renamed", old.files[source], new.files[key]))
        elif key not in old_keys:
            changes.append(FileChange("added", None, new.files[key]))
    changes += [FileChange("removed", old.files[key], None) for key in sorted(old_keys - new_keys - renamed_from)]
    return changes


# --- comparing ---------------------------------------------------------------------------------


def snapshot(roadmap: Roadmap, as_of: dt.date, *, dates: Dates | None = None, settings: Settings | None = None) -> Snapshot:
    """The schedule (in the projection ``dates``, default the roadmap's own) and checklist
    score of a valid roadmap."""
    import dataclasses

    from .analysis import Analysis
    from .check import Settings
    from .rules.registry import GROUPS as RULE_GROUPS

    # Only the checklist's rules: the unscored ones (capacity, the check's own meta rules)
    # change no score and cost as much as the rest together.
    unscored = [group.id for group in RULE_GROUPS.values() if not group.scored]
    settings = dataclasses.replace(settings or Settings(), ignore=[*(settings.ignore if settings else []), *unscored])
    analysis = Analysis(roadmap, as_of, settings, dates=dates)
    return Snapshot(analysis.schedule, *checklist_score(analysis.checks))


def checklist_score(report: CheckReport) -> tuple[tuple[int, int], int]:
    """(sections satisfied, sections scored) and the warnings of the scored sections."""
    from .rules.registry import GROUPS as RULE_GROUPS
    from .rules.registry import RULES

    warnings = sum(problem.severity == "warning" and RULE_GROUPS[RULES[problem.code].group].scored for problem in report.found)
    return (report.satisfied, len(report.scored)), warnings


def diff_versions(old: Version, new: Version, *, as_of: dt.date | None = None, dates: Dates | None = None,
                  settings: Settings | None = None, new_snapshot: Snapshot | None = None) -> RoadmapDiff:
    """Compare two versions of a roadmap; the new one must be valid. Both are projected in
    the same dates: ``dates``, default the new version's own (:func:`mlroadmap.analysis.default_dates`),
    so that a team declaring its people shows no slip of its own making. ``new_snapshot``
    reuses the new version's analyses (a report's)."""
    from .analysis import default_dates

    assert new.valid and new.roadmap is not None
    as_of = as_of or dt.date.today()
    dates = dates or default_dates(new.roadmap)
    after = new_snapshot or snapshot(new.roadmap, as_of, dates=dates, settings=settings)
    before = Snapshot(None)
    if old.valid and old.roadmap is not None:
        try:
            before = snapshot(old.roadmap, as_of, dates=dates, settings=settings)
        except ScheduleOverflow as error:  # the old version's problem, not the new one's
            from .diagnostics import Diagnostic

            old.problems.append(Diagnostic(error.location(old.roadmap), str(error), "schedule-overflow"))
    with paused_gc():
        changes = compare(old.roadmap, new.roadmap, before.schedule, after.schedule, old.unreadable)
    return RoadmapDiff(
        old=old, new=new, as_of=as_of, dates=dates, changes=changes,
        files=file_changes(old, new),
        end=(before.schedule.end if before.schedule else None, after.schedule.end if after.schedule else None),
        score=(before.score, after.score), warnings=(before.warnings, after.warnings),
    )


def compare(old: Roadmap | None, new: Roadmap, before: Schedule | None, after: Schedule | None,
            unreadable: set[str] = frozenset()) -> list[Change]:  # type: ignore[assignment]
    """Every change from ``old`` to ``new``, dates first (roadmap end, outcomes, then work:
    the edited first, then critical, then by days moved), then additions, removals,
    transitions, metrics, owners and other edits, each in the new roadmap's order. Ids in
    ``unreadable`` (written in old entries that did not load) are not reported as added.
    Linear in the roadmap's size."""
    old_entities = {entity.id: (section, entity) for section, entity in old.entities()} if old is not None else {}
    new_entities = {entity.id: (section, entity) for section, entity in new.entities()}
    changes: list[Change] = []
    dated: set[str] = set()  # work whose projected dates moved: its date keys are not listed again
    if before is not None and after is not None:
        changes += _dates(old_entities, new_entities, before, after, dated)
    for ident, (section, entity) in new_entities.items():
        if ident not in old_entities and ident not in unreadable:
            changes.append(Change("added", ident, _title(entity), section, new=_what(section)))
    for ident, (section, entity) in old_entities.items():
        if ident not in new_entities:
            changes.append(Change("removed", ident, _title(entity), section, old=_what(section)))
    for ident, (section, entity) in new_entities.items():
        if ident in old_entities:
            old_section, was = old_entities[ident]
            if was != entity or old_section != section:
                changes += _entity_changes(ident, section, old_section, was, entity, ident in dated)
    if old is not None and old.header is not None and new.header is not None and old.info != new.info:
        changes += [Change("edit", "roadmap", new.info.name, None, was, now, key=where)
                    for key in type(new.info).model_fields if getattr(old.info, key) != getattr(new.info, key)
                    for where, was, now in _leaves(key, _json(getattr(old.info, key)), _json(getattr(new.info, key)))]
    order = list(GROUPS)
    return sorted(changes, key=lambda change: order.index(change.group))  # stable: each group keeps its order


def _title(entity: Any) -> str:
    return getattr(entity, "title", None) or getattr(entity, "name", None) or entity.id


def _what(section: str) -> str:
    from .model import SINGULAR

    return SINGULAR.get(section, section)


def _dates(old_entities: dict[str, Any], new_entities: dict[str, Any], before: Schedule, after: Schedule,
           dated: set[str]) -> list[Change]:
    changes: list[Change] = []
    if before.end != after.end:
        changes.append(Change("end", "roadmap", "The roadmap's end", None, before.end, after.end, (after.end - before.end).days))
    for outcome in new_entities.values():
        section, entity = outcome
        if section != "outcomes":
            continue
        was, now = before.outcome_dates.get(entity.id), after.outcome_dates.get(entity.id)
        if was is not None and now is not None and was != now:
            changes.append(Change("outcome-date", entity.id, entity.title, section, was, now, (now - was).days))
        elif (was is None) != (now is None) and entity.id in old_entities:  # its work taken, or left out, on a branch
            changes.append(Change("outcome-date", entity.id, entity.title, section, was, now))
    # Work on a decision's branch that one version's dates follow and the other's do not: its
    # "dates" on the other side are a cancelled copy's, so it is said to be left out or taken.
    out_before, out_after = _left_out(before, old_entities), _left_out(after, new_entities)
    moved = {ident: (task.finish - before.tasks[ident].finish).days for ident, task in after.tasks.items()
             if ident in before.tasks and before.tasks[ident].finish != task.finish and ident not in out_before | out_after}
    dated.update(moved)
    work: list[Change] = []
    branched: set[str] = set()  # taken or left out: a cause of what moved with it
    for ident in after.tasks:
        if ident in before.tasks and (ident in out_before) != (ident in out_after):
            # Only between a branch left out and work planned: work cancelled by hand is a status change, not a branch.
            section, entity = new_entities[ident]
            if ident in out_after and before.tasks[ident].status != "cancelled":
                work.append(Change("left-out", ident, entity.title, section, before.tasks[ident].finish, None))
            elif ident in out_before and after.tasks[ident].status != "cancelled":
                work.append(Change("taken", ident, entity.title, section, None, after.tasks[ident].finish))
            else:
                continue
            dated.add(ident)
            branched.add(ident)
    for ident, days in moved.items():
        task, earlier = after.tasks[ident], before.tasks[ident]
        section, entity = new_entities[ident]
        edits = _own_edits(old_entities[ident][1], entity)
        # What it waits on and moved: what set its start, else the predecessor that moved most.
        causes = [cause for cause in (task.driver,) if cause in moved or cause in branched]
        causes += sorted((cause for cause in getattr(entity, "depends_on", ()) if cause in moved), key=lambda c: -moved[c])
        held_by = task.held_by if task.held_by in moved else None
        away = task.away if task.away != earlier.away else None
        critical = task.slack == 0 and task.status not in FINISHED
        work.append(Change("slipped" if days > 0 else "pulled-in", ident, entity.title, section, earlier.finish, task.finish,
                           days, critical, follows=causes[0] if causes else None, held_by=held_by, edits=edits, away=away))
    # The work whose own edit moved it (the causes) first, then critical work, then the rest;
    # the branches taken and left out last.
    work.sort(key=lambda change: (change.days is None, not change.edits, not change.critical, -abs(change.days or 0)))
    return changes + work


def _left_out(schedule: Schedule, entities: dict[str, Any]) -> set[str]:
    """The work a version's dates leave out on a decision's branch: cancelled in its
    schedule, not in its roadmap."""
    return {ident for ident, task in schedule.tasks.items()
            if task.status == "cancelled" and ident in entities and entities[ident][1].status != "cancelled"}


# The work's own keys that move its dates (a due date or a status does not, except to or
# from finished).
SCHEDULING_KEYS = ("start", "end", "duration", "effort", "depends_on", "assignees", "any_of", "priority")


def _own_edits(was: Any, now: Any) -> tuple[tuple[str, Any, Any], ...]:
    edits = [(key, getattr(was, key, None), getattr(now, key, None)) for key in SCHEDULING_KEYS
             if not _same(getattr(was, key, None), getattr(now, key, None))]
    if (was.status in FINISHED) != (now.status in FINISHED):
        edits.append(("status", was.status, now.status))
    return tuple(edits)


def _entity_changes(ident: str, section: str, old_section: str, was: Any, now: Any, dated: bool) -> list[Change]:
    title = _title(now)
    if old_section != section:  # same id, another kind of thing: as an edit of its kind
        return [Change("edit", ident, title, section, _what(old_section), _what(section), key="kind")]
    changes: list[Change] = []
    for key in type(now).model_fields:
        old_value, new_value = getattr(was, key), getattr(now, key)
        if _same(old_value, new_value):
            continue
        if key == "metrics":
            changes += _metric_changes(ident, title, section, old_value, new_value)
        elif key in ("current", "target") and section == "outcomes":
            better = _better(old_value, new_value, now.direction == "higher")
            changes.append(Change("metric" if key == "current" else "target", ident, title, section, old_value, new_value,
                                  better=better, key=key))
        elif key in ("status", "phase", "stage"):
            changes.append(Change(key, ident, title, section, old_value, new_value, better=_forward(key, old_value, new_value)))
        elif key == "owner":
            changes.append(Change("owner", ident, title, section, old_value, new_value))
        elif key in DATE_KEYS and dated:
            continue  # shown as the dates it moved
        else:
            changes += [Change("edit", ident, title, section, was_leaf, now_leaf, key=where)
                        for where, was_leaf, now_leaf in _leaves(key, _json(old_value), _json(new_value))]
    return changes


def _same(old: Any, new: Any) -> bool:
    """Equal as the author wrote them: a dependency is equal to its id as text, so its lag
    is compared too."""
    return bool(old == new) and (not isinstance(old, list) or _json(old) == _json(new))


def _leaves(where: str, old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    """The innermost values that differ: ``blockers[0].until 2026-03-15 → 2026-03-29``
    rather than two long lists that read the same."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [leaf for key in dict.fromkeys([*old, *new]) if old.get(key) != new.get(key)
                for leaf in _leaves(f"{where}.{key}", old.get(key), new.get(key))]
    if isinstance(old, list) and isinstance(new, list) and any(isinstance(item, dict) for item in (*old, *new)):
        return [leaf for index in range(max(len(old), len(new)))
                if (old[index] if index < len(old) else None) != (new[index] if index < len(new) else None)
                for leaf in _leaves(f"{where}[{index}]", old[index] if index < len(old) else None,
                                    new[index] if index < len(new) else None)]
    return [(where, old, new)]


def _better(old: float | None, new: float | None, higher: bool) -> bool | None:
    if old is None or new is None or old == new:
        return None
    return (new > old) == higher


def _forward(key: str, old: str | None, new: str | None) -> bool | None:
    """A phase or stage moved on (True), back (False); None for statuses and retirement."""
    order = PHASES if key == "phase" else STAGES if key == "stage" else None
    if order is None or old not in order or new not in order:
        return None
    return order.index(new) > order.index(old)


def _metric_changes(ident: str, title: str, section: str, old: list[Any], new: list[Any]) -> list[Change]:
    before = {metric.name: metric for metric in old}
    changes: list[Change] = []
    for metric in new:
        subject, label = f"{ident}/{metric.name}", f"{title}: {metric.name}"
        was = before.pop(metric.name, None)
        if was is None:
            changes.append(Change("metric-added", subject, label, section, new=metric.current))
            continue
        higher = metric.direction == "higher"
        if was.current != metric.current:
            changes.append(Change("metric", subject, label, section, was.current, metric.current,
                                  better=_better(was.current, metric.current, higher), key="current"))
        for quarter in sorted(set(was.targets) | set(metric.targets)):
            old_target, new_target = was.targets.get(quarter), metric.targets.get(quarter)
            if old_target != new_target:
                changes.append(Change("target", subject, label, section, old_target, new_target,
                                      better=_better(old_target, new_target, higher), key=quarter))
        for key in ("baseline", "direction", "unit"):
            if getattr(was, key) != getattr(metric, key):
                changes.append(Change("edit", subject, label, section, getattr(was, key), getattr(metric, key), key=key))
    changes += [Change("metric-removed", f"{ident}/{name}", f"{title}: {name}", section, old=metric.current)
                for name, metric in before.items()]
    return changes


# --- the two versions the command line names -------------------------------------------------


def version_on_disk(roadmap: Roadmap, label: str, root: str | None = None, repository: Repository | None = None) -> Version:
    """A valid roadmap loaded from disk, its files keyed by their path in ``repository``
    or relative to ``root`` (the path the user gave)."""
    import os

    keys: dict[str, str] = {}
    for source in roadmap.files:
        if repository is not None:
            keys[repository.relative(source.name)] = source.name
        elif root is not None and os.path.isdir(root):
            keys[os.path.relpath(source.name, root).replace(os.sep, "/")] = source.name
        else:
            keys[os.path.basename(source.name)] = source.name
    return Version(label, roadmap, [], keys)


def version_of_path(path: str) -> Version:
    """The roadmap at ``path`` on disk, valid or not (the old side of ``diff OLD NEW``)."""
    import os

    from .loader import discover, load_file

    names = discover([path])
    keys = {name: (os.path.relpath(name, path) if os.path.isdir(path) else os.path.basename(name)).replace(os.sep, "/")
            for name in names}
    return version_from_sources(path, [load_file(name) for name in names], keys)


def versions(targets: list[str], load: Callable[[str], Roadmap]) -> tuple[Version, Version, str]:
    """The two versions ``diff`` compares, and the new one's path: ``OLD_PATH NEW_PATH``;
    or ``[REV] [PATH]``, the roadmap at PATH (default the current directory) in git
    revision REV (default where this branch left the default branch, or HEAD on it)
    against the work tree. ``load`` loads the new, valid version from its path.

    Raises :class:`~mlroadmap.loader.UsageError` for arguments that name no two versions,
    :class:`~mlroadmap.git.GitError` (:class:`~mlroadmap.git.NoRepository` outside a
    repository) when git cannot answer."""
    import os

    from .git import repository_at
    from .loader import UsageError

    if len(targets) > 2:
        raise UsageError(f"diff takes a revision and a path, or two paths; got {len(targets)} arguments")
    if "-" in targets:
        raise UsageError("diff reads its versions from files or git, not standard input")
    if len(targets) == 2 and os.path.exists(targets[0]):
        _not_a_revision_too(targets[0])
        old = version_of_path(targets[0])
        return old, version_on_disk(load(targets[1]), targets[1], root=targets[1]), targets[1]
    if len(targets) == 2:
        revision, path = targets
    elif len(targets) == 1 and os.path.exists(targets[0]):
        _not_a_revision_too(targets[0])
        revision, path = None, targets[0]
    else:
        revision, path = (targets[0] if targets else None), "."
    repository = repository_at(path)  # before reading: a path outside any repository fails fast
    if len(targets) == 2 and not os.path.exists(path) and repository.resolves(path):
        raise UsageError(f"{path}: a revision, not a path: diff compares a revision with the work tree "
                         f"(git stash or a worktree gives a second one), or two paths")
    if revision is not None and ".." in revision:
        raise UsageError(f"{revision}: diff takes one revision and compares it with the work tree, not a range")
    roadmap = load(path)
    if revision is None:
        label, commit = repository.default_base()
        label = commit.short if label == "HEAD" else label
    else:
        label, commit = revision, repository.commit(revision)
    old = version_at(repository, commit, label, repository.relative(path))
    return old, version_on_disk(roadmap, "the work tree", repository=repository), path


def _not_a_revision_too(path: str) -> None:
    """Refuse a name that is both a file and a revision, as git does, rather than guess."""
    from .git import GitError, repository_at
    from .loader import UsageError

    try:
        ambiguous = repository_at(path).resolves(path)
    except GitError:
        return  # no repository: a path it is
    if ambiguous:
        raise UsageError(f"{path}: both a path and a revision; write ./{path} for the path, or {path}^{{commit}} for the revision")
