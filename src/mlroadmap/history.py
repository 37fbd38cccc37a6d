"""``history``: one metric, outcome or piece of work over the commits that changed it.

It answers "is the team continuously making it smarter?": a model metric's ``current``
value (and its target for the quarter of each commit's date), an outcome's ``current``
value, or a piece of work's status, planned dates, due date and projected finish (the
schedule as of each commit's date), one row per commit that changed them.

The roadmap's past is read with git itself (:mod:`mlroadmap.git`): one ``git log`` over
the path (following renames when the path is a file), then, per commit, the path's YAML
files from git's object store; nothing is checked out. Each version is validated as
``validate`` would; an invalid version gives a row saying so (its values are not read).
A last row is the work tree, when it differs from the newest commit.

Everything is linear in the commits walked: one ``log``, then per commit one ``ls-tree``
and one ``cat-file --batch``, and one validation (none when the files are byte for byte
the previous commit's: a rename's, a merge's, another file's); for work only, two
schedules per version (its own, and the version before's as of the same day, to tell
what an edit moved from what time passing moved).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from .render.words import decimals_of, number
from .yamlsource import paused_gc

if TYPE_CHECKING:
    from .analysis import Dates
    from .git import Commit, Repository
    from .loader import Roadmap

SPARKS = "▁▂▃▄▅▆▇█"
# The format of `git log` records (as in mlroadmap.git): sha, short sha, author date, author, subject.
_FORMAT = "%H%x00%h%x00%aI%x00%an%x00%s"


# --- what one version says about the subject -------------------------------------------------


@dataclass(frozen=True)
class MetricPoint:
    title: str  # "Intent classifier: macro-f1"
    current: float | None
    targets: tuple[tuple[str, float], ...]  # (quarter, target), in quarter order
    baseline: float
    direction: str
    unit: str | None
    measured: dt.date | None = None  # when current was measured (metrics pull writes it)

    @property
    def key(self) -> tuple[Any, ...]:
        return ("metric", self.current, self.targets, self.measured)

    def target_in(self, quarter: str) -> float | None:
        return dict(self.targets).get(quarter)

    @property
    def last_target(self) -> float | None:
        return self.targets[-1][1] if self.targets else None


@dataclass(frozen=True)
class OutcomePoint:
    title: str
    current: float | None
    target: float
    due: str
    baseline: float
    direction: str
    unit: str | None

    @property
    def key(self) -> tuple[Any, ...]:
        return ("outcome", self.current, self.target, self.due)


@dataclass(frozen=True)
class WorkPoint:
    title: str
    section: str  # items, models, datasets, ...
    status: str
    planned_start: dt.date | None
    planned_finish: dt.date | None
    due: dt.date | None
    finish: dt.date | None  # projected, as of the version's day; None: could not be scheduled
    unscheduled: str | None = None  # why there is no projected finish
    # Days this version's edits moved the projected finish: the version before (the newest
    # valid one with the work) projected as of the same day. None: nothing to compare.
    moved: int | None = None

    @property
    def key(self) -> tuple[Any, ...]:
        """What an edit changes. The projected finish is not in it: it moves as time passes
        too (work not started by its planned start slips), so an edit that moved it shows
        as :attr:`moved`, not as a different key."""
        return ("work", self.status, self.planned_start, self.planned_finish, self.due, self.finish is None)


Point = Union[MetricPoint, OutcomePoint, WorkPoint]
POINTS = (MetricPoint, OutcomePoint, WorkPoint)


@dataclass(frozen=True)
class Missing:
    """The version says nothing about the subject, and why: ``state`` is ``invalid`` (the
    roadmap did not validate), ``no-roadmap`` (no YAML at the path), ``several`` (the path
    held several roadmaps) or ``absent`` (valid, without the subject)."""

    state: str
    count: int = 0  # invalid: the problems; several: the roadmaps
    detail: str | None = None  # absent: what is missing, when more precise than the subject

    @property
    def key(self) -> tuple[Any, ...]:
        return ("missing", self.state, self.detail)

    def note(self, work_tree: bool) -> str:
        where = "in the work tree" if work_tree else "at this commit"
        if self.state == "invalid":
            from .render.words import plural

            return f"roadmap invalid {where} ({plural(self.count, 'problem')})"
        if self.state == "no-roadmap":
            return f"no roadmap {where}"
        if self.state == "several":
            return f"{self.count} roadmaps at the path {where}"
        return self.detail or "not in the roadmap"


# --- the history -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One version that changed the subject: a commit, or the work tree (``commit`` None)."""

    commit: Commit | None
    date: dt.date  # the commit's (author's) day, or the work tree's as-of day
    value: float | None = None  # metric, outcome: the current value
    target: float | None = None  # metric: the target for the quarter of ``date``; outcome: its target
    change: float | None = None  # from the previous row with a value
    better: bool | None = None  # the change moved the metric's way (None: no change, or nothing to compare)
    status: str | None = None  # work
    planned_start: dt.date | None = None
    planned_finish: dt.date | None = None
    due: dt.date | None = None
    finish: dt.date | None = None  # work: projected as of ``date``
    moved: int | None = None  # work: days this version's edits moved the projected finish (the version before projected as of ``date`` too)
    note: str | None = None  # why there is no value (invalid, absent), or what else changed

    @property
    def label(self) -> str:
        return self.commit.short if self.commit is not None else "work tree"

    @property
    def author(self) -> str | None:
        return self.commit.author if self.commit is not None else None

    @property
    def subject(self) -> str | None:
        """The commit's subject line."""
        return self.commit.subject if self.commit is not None else None

    @property
    def present(self) -> bool:
        return self.value is not None or self.status is not None

    def to_dict(self, kind: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "commit": self.commit.sha if self.commit is not None else None,
            "label": self.label,
            "date": self.date.isoformat(),
            "committed": self.commit.date.isoformat() if self.commit is not None else None,
            "author": self.author,
            "subject": self.subject,
        }
        if kind == "work":
            data.update({
                "status": self.status,
                "planned_start": _iso(self.planned_start),
                "planned_finish": _iso(self.planned_finish),
                "due": _iso(self.due),
                "finish": _iso(self.finish),
                "moved": self.moved,
            })
        else:
            data.update({"value": self.value, "target": self.target, "change": self.change, "better": self.better})
        data["note"] = self.note
        return data


@dataclass
class History:
    subject: str  # as given: "intent-clf/macro-f1", an outcome id or a work id
    kind: str  # metric, outcome, work
    title: str
    path: str  # as given
    rows: list[Row]
    commits: int  # commits walked (that touched the path)
    as_of: dt.date  # the work tree's day
    unit: str | None = None
    direction: str | None = None  # higher, lower (metric, outcome)
    baseline: float | None = None
    target: float | None = None  # metric: the last quarter's target; outcome: its target
    targets: dict[str, float] = field(default_factory=dict)  # metric: per quarter (newest version's)
    section: str | None = None  # work: items, models, ...
    limit: int | None = None
    dates: Dates | None = None  # work: the projection of its finishes (None: each version's own)

    @property
    def numeric(self) -> bool:
        return self.kind in ("metric", "outcome")

    @property
    def higher(self) -> bool:
        return self.direction != "lower"

    @property
    def values(self) -> list[float]:
        """The values in order (metric, outcome), rows without one left out."""
        return [row.value for row in self.rows if row.value is not None]

    @property
    def better(self) -> int:
        return sum(row.better is True for row in self.rows)

    @property
    def worse(self) -> int:
        return sum(row.better is False for row in self.rows)

    @property
    def overall(self) -> float | None:
        """Last value minus first (metric, outcome)."""
        values = self.values
        return _round(values[-1] - values[0], values[0], values[-1]) if len(values) > 1 else None

    def fraction(self, value: float | None) -> float | None:
        """The share of the way from the baseline to :attr:`target` (a row's bar)."""
        from .status import progress

        if value is None or self.baseline is None or self.target is None:
            return None
        return progress(self.baseline, self.target, value, self.higher)

    def sparkline(self) -> str:
        return sparkline(self.values)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"subject": self.subject, "kind": self.kind, "title": self.title, "path": self.path,
                                "as_of": self.as_of.isoformat(), "commits": self.commits, "limit": self.limit}
        if self.numeric:
            data.update({"unit": self.unit, "direction": self.direction, "baseline": self.baseline, "target": self.target})
            if self.kind == "metric":
                data["targets"] = dict(self.targets)
            data.update({"better": self.better, "worse": self.worse, "overall": self.overall})
        else:
            data["section"] = self.section
            data["dates"] = self.dates
        data["rows"] = [row.to_dict(self.kind) for row in self.rows]
        return data


def sparkline(values: list[float]) -> str:
    """``▁▃▆█``: each value's height between the smallest and the largest."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[round((value - low) / (high - low) * (len(SPARKS) - 1))] for value in values)


# --- walking the commits ---------------------------------------------------------------------


def history(path: str, subject: str, *, limit: int | None = None, as_of: dt.date | None = None,
            dates: Dates | None = None) -> History:
    """The subject's history in the roadmap at ``path`` (a file or directory inside a git
    repository), oldest first: one row per commit that changed it, and one for the work
    tree when it differs from the newest commit. ``subject``: ``MODEL/METRIC``, an outcome
    id or a work id. ``limit``: walk only the newest ``limit`` commits that touched the
    path. ``as_of``: the work tree's day (default today). ``dates``: the projection every
    version's work is projected in, as in ``diff`` (default: the work tree's own, see
    :func:`mlroadmap.analysis.default_dates`).

    Raises :class:`~mlroadmap.loader.UsageError` for a subject found in no version, a
    path no commit touched, or a work tree that holds several roadmaps;
    :class:`~mlroadmap.git.GitError` when git cannot answer (not a repository).
    """
    from .git import GitError, repository_at
    from .loader import UsageError

    subject = subject.strip()
    model_id, slash, metric_name = subject.partition("/")
    if not subject or (slash and (not model_id or not metric_name)):
        raise UsageError(f"{subject!r}: not a subject; give MODEL/METRIC (e.g. intent-clf/macro-f1), an outcome id or a work id")
    if limit is not None and limit < 1:
        raise UsageError(f"--limit {limit}: give 1 or more commits")
    as_of = as_of or dt.date.today()
    repository = repository_at(path)
    relative = repository.relative(path)
    from .analysis import default_dates

    with paused_gc():
        work_tree = _work_tree(path)  # first: a path holding several roadmaps fails before the walk
        if dates is None and not isinstance(work_tree, Missing):
            dates = default_dates(work_tree)
        finder = _Finder(subject, dates)
        try:
            commits = _log(repository, relative, follow=_is_file(path), limit=limit)
        except GitError:
            if repository.git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
                raise UsageError(f"{path}: the repository at {repository.root} has no commits yet; "
                                 "history reads the roadmap's past from the commits that changed it") from None
            raise
        if not commits:
            raise UsageError(f"{path}: no commit has changed it yet (git log -- {relative or '.'} is empty); "
                             "history reads the roadmap's past from the commits that changed it")
        states: list[tuple[Commit | None, dt.date, Point | Missing]] = []
        previous: dict[str, bytes] | None = None
        for commit, at in commits:
            files = repository.files_at(commit, at)
            if files == previous:
                continue  # the same bytes as the commit before (a merge, a rename, another file changed): no change
            previous = files
            states.append((commit, commit.date.date(), finder.read(_version(commit, files), commit.date.date())))
        states.append((None, as_of, finder.read(work_tree, as_of)))
    return _history(path, subject, finder, states, len(commits), limit, as_of)


def _is_file(path: str) -> bool:
    from .loader import YAML_SUFFIXES

    return os.path.isfile(path) or (not os.path.exists(path) and path.endswith(YAML_SUFFIXES))


def _log(repository: Repository, relative: str, *, follow: bool, limit: int | None) -> list[tuple[Commit, str]]:
    """The commits that changed ``relative``, oldest first, each with the path it had
    then: a file is followed across renames (``git log --follow``); a directory is one
    path throughout.

    Only the first-parent line (``--first-parent``): the branch as it was, where a merge
    is the commit that brought a branch's changes in. Otherwise commits of two branches
    would interleave by date and a metric would seem to jump back and forth between them.
    """
    import datetime as dt_

    from .git import Commit

    args = ["--literal-pathspecs", "log", "--first-parent", "-z", f"--format=%x1e{_FORMAT}"]
    if follow:
        args += ["--follow", "--name-status"]
    if limit is not None:
        args.append(f"--max-count={limit}")
    out = repository.git(*args, "--", relative or ".").stdout
    found: list[tuple[Commit, str]] = []
    at = relative  # the file's path in the commits read so far (newest first), and in older ones until a rename
    for record in out.split(b"\x1e"):
        if not record.strip(b"\0\n"):
            continue
        fields = record.split(b"\0")
        sha, short, date, author, subject = (value.decode("utf-8", "replace") for value in fields[:5])
        commit = Commit(sha, short, dt_.datetime.fromisoformat(date), author, subject)
        # Following a file, then what the commit did to it: "\nSTATUS", path; a rename or
        # a copy: "\nR100", old path, new path.
        names = [value.decode("utf-8", "surrogateescape") for value in fields[5:]] if follow else []
        status = names[0].lstrip("\n") if names else ""
        if status[:1] in ("R", "C") and len(names) > 2:
            found.append((commit, names[2]))
            at = names[1]
        else:
            if status and len(names) > 1:
                at = names[1]
            found.append((commit, at))
    found.reverse()
    return found


def _version(commit: Commit, files: dict[str, bytes]) -> Missing | Roadmap:
    """The roadmap in ``files`` (read from ``commit``), or why there is none to read."""
    from .loader import load_file, load_sources
    from .validation import validate_results

    if not files:
        return Missing("no-roadmap")
    sources = [load_file(f"{commit.short}:{relative}", data) for relative, data in sorted(files.items())]
    return _validated(validate_results(load_sources(sources)))


def _validated(validation: Any) -> Missing | Roadmap:
    if not validation.results:
        return Missing("no-roadmap")
    if len(validation.results) > 1:
        return Missing("several", len(validation.results))
    if not validation.valid:
        return Missing("invalid", sum(d.severity == "error" for d in validation.diagnostics))
    return validation.roadmaps[0]


def _work_tree(path: str) -> Missing | Roadmap:
    from .loader import UsageError
    from .validation import validate_paths

    if not os.path.exists(path):
        return Missing("no-roadmap")
    version = _validated(validate_paths([path]))
    if isinstance(version, Missing) and version.state == "several":
        raise UsageError(f"{path}: holds {version.count} roadmaps; give the path of one of them")
    return version


class _Finder:
    """Reads the subject out of each version (oldest first), and keeps the newest valid
    roadmap: for the error message when the subject is in none, and for work, to tell
    what an edit moved from what time passing moved."""

    def __init__(self, subject: str, dates: Dates | None):
        self.subject = subject
        self.dates = dates  # None: each version's own default (the work tree did not load)
        model, slash, metric = subject.partition("/")
        self.model: str | None = model if slash else None
        self.metric: str | None = metric if slash else None
        self.latest: Roadmap | None = None  # the newest valid version read
        self.before: Roadmap | None = None  # the newest valid version that had the subject as work

    def read(self, version: Missing | Roadmap, day: dt.date) -> Point | Missing:
        if isinstance(version, Missing):
            return version
        self.latest = version
        if self.model is not None:
            return self._metric(version)
        return self._entity(version, day)

    def _metric(self, roadmap: Roadmap) -> Point | Missing:
        model = next((entity for entity in roadmap.models if entity.id == self.model), None)
        if model is None:
            return Missing("absent")
        metric = next((metric for metric in model.metrics if metric.name == self.metric), None)
        if metric is None:
            return Missing("absent", detail=f"no metric {self.metric} on {self.model}")
        from .render.words import brief

        targets = tuple(sorted((str(quarter), float(value)) for quarter, value in metric.targets.items()))
        return MetricPoint(f"{brief(model.title)}: {metric.name}", metric.current, targets, metric.baseline,
                           metric.direction, metric.unit, metric.measured)

    def _entity(self, roadmap: Roadmap, day: dt.date) -> Point | Missing:
        from .model import WORK_SECTIONS
        from .render.words import brief

        outcome = next((entity for entity in roadmap.outcomes if entity.id == self.subject), None)
        if outcome is not None:
            return OutcomePoint(brief(outcome.title), outcome.current, outcome.target, str(outcome.due),
                                outcome.baseline, outcome.direction, outcome.unit)
        for section in WORK_SECTIONS:
            entity = next((entity for entity in roadmap.sections[section] if entity.id == self.subject), None)
            if entity is not None:
                point = self._work(roadmap, section, entity, day)
                self.before = roadmap
                return point
        return Missing("absent")

    def _work(self, roadmap: Roadmap, section: str, entity: Any, day: dt.date) -> WorkPoint:
        """The work as planned and as projected on ``day``; and how far this version's
        edits moved its projected finish: the version before projected on the same day
        (as ``diff`` does), so that time passing moves nothing."""
        from .render.words import brief

        title = brief(entity.title)
        task, problem = _task(roadmap, entity.id, day, self.dates)
        if task is None:
            return WorkPoint(title, section, entity.status, entity.start, entity.end, entity.due, None, problem)
        moved = None
        if self.before is not None:
            earlier, _problem = _task(self.before, entity.id, day, self.dates)
            if earlier is not None:
                moved = (task.finish - earlier.finish).days
        return WorkPoint(title, section, task.status, task.planned_start, task.planned_finish, task.due, task.finish,
                         moved=moved)


def _task(roadmap: Roadmap, ident: str, day: dt.date, dates: Dates | None) -> tuple[Any, str | None]:
    """The scheduled task ``ident`` of a valid roadmap, projected as of ``day``, or why there is none."""
    from .analysis import Analysis
    from .schedule import ScheduleOverflow

    try:
        return Analysis(roadmap, day, dates=dates).schedule.tasks.get(ident), None
    except ScheduleOverflow as error:
        return None, str(error)


def _history(path: str, subject: str, finder: _Finder, states: list[tuple[Commit | None, dt.date, Point | Missing]],
             commits: int, limit: int | None, as_of: dt.date) -> History:
    points = [state for _commit, _day, state in states if not isinstance(state, Missing)]
    if not points:
        raise _unknown(path, subject, finder, states)
    newest = points[-1]
    kind = {MetricPoint: "metric", OutcomePoint: "outcome", WorkPoint: "work"}[type(newest)]
    rows: list[Row] = []
    last_key: tuple[Any, ...] | None = None
    last_point: Point | None = None  # of the kept rows, the newest with a value
    was_absent = False  # the previous version was valid without the subject: the next with it added it
    for commit, day, state in states:
        if isinstance(state, POINTS) and type(state) is not type(newest):
            state = Missing("absent", detail=f"not {'an outcome' if kind == 'outcome' else kind} here")
        absent = isinstance(state, Missing) and state.state in ("absent", "no-roadmap")
        added, was_absent = was_absent and not isinstance(state, Missing), absent
        if state.key == last_key and not (isinstance(state, WorkPoint) and state.moved):
            continue
        work_tree = commit is None
        if isinstance(state, Missing):
            if not rows and state.state in ("absent", "no-roadmap"):
                continue  # before the subject was added: nothing to say yet
            rows.append(Row(commit, day, note=state.note(work_tree)))
        else:
            rows.append(_row(commit, day, state, last_point, "added" if added else None))
            last_point = state
        last_key = state.key
    history = History(subject, kind, newest.title, path, rows, commits, as_of, limit=limit, dates=finder.dates)
    if isinstance(newest, MetricPoint):
        history.unit, history.direction, history.baseline = newest.unit, newest.direction, newest.baseline
        history.target, history.targets = newest.last_target, dict(newest.targets)
    elif isinstance(newest, OutcomePoint):
        history.unit, history.direction, history.baseline, history.target = newest.unit, newest.direction, newest.baseline, newest.target
    else:
        history.section = newest.section
    return history


def _row(commit: Commit | None, day: dt.date, point: Point, before: Point | None, note: str | None) -> Row:
    from .status import quarter_of

    notes = [note] if note else []
    if isinstance(point, WorkPoint):
        if point.unscheduled:
            notes.append(point.unscheduled)
        return Row(commit, day, status=point.status, planned_start=point.planned_start, planned_finish=point.planned_finish,
                   due=point.due, finish=point.finish, moved=point.moved if before is not None else None,
                   note="; ".join(notes) or None)
    change = better = None
    earlier = before.current if isinstance(before, (MetricPoint, OutcomePoint)) else None
    if earlier is not None and point.current is not None:
        change = _round(point.current - earlier, earlier, point.current)
        better = None if change == 0 else (change > 0) == (point.direction == "higher")
    if isinstance(point, MetricPoint):
        target = point.target_in(quarter_of(day))
        if isinstance(before, MetricPoint) and before.targets != point.targets:
            notes.append(_targets_moved(dict(before.targets), dict(point.targets)))
        if point.measured is not None and (not isinstance(before, MetricPoint) or before.measured != point.measured):
            notes.append(f"measured {point.measured}")
    else:
        target = point.target
        if isinstance(before, OutcomePoint) and (before.target, before.due) != (point.target, point.due):
            notes.append(f"target {number(before.target)} by {before.due} → {number(point.target)} by {point.due}")
    if point.current is None:
        notes.append("no current value")
    return Row(commit, day, value=point.current, target=target, change=change, better=better, note="; ".join(notes) or None)


def _targets_moved(old: dict[str, float], new: dict[str, float]) -> str:
    moves = []
    for quarter in sorted(set(old) | set(new)):
        was, now = old.get(quarter), new.get(quarter)
        if was == now:
            continue
        if was is None:
            moves.append(f"{quarter} {number(now)} added")
        elif now is None:
            moves.append(f"{quarter} {number(was)} removed")
        else:
            moves.append(f"{quarter} {number(was)} → {number(now)}")
    return ("target " if len(moves) == 1 else "targets ") + ", ".join(moves)


def _unknown(path: str, subject: str, finder: _Finder, states: list[tuple[Any, dt.date, Point | Missing]]) -> Exception:
    """The error for a subject in no version: with the names the newest valid version has."""
    from .loader import UsageError
    from .model import SINGULAR, WORK_SECTIONS, a_kind
    from .suggest import Suggester

    roadmap = finder.latest
    if roadmap is None:
        return UsageError(f"{path}: the roadmap was invalid (or missing) in the work tree and at each of the "
                          f"{len(states) - 1} commits read, so {subject!r} cannot be found; run: mlroadmap validate {path}")
    suggest = Suggester()
    if finder.model is not None:
        model = next((entity for entity in roadmap.models if entity.id == finder.model), None)
        if model is None:
            other = next((section for section, entity in roadmap.entities() if entity.id == finder.model), None)
            if other is not None:
                return UsageError(f"{finder.model!r} is {a_kind(other)}, not a model: only models have metrics (MODEL/METRIC)")
            hint = suggest.hint(finder.model, [entity.id for entity in roadmap.models])
            return UsageError(f"no model {finder.model!r} in {path}, now or in its history{hint}")
        names = [metric.name for metric in model.metrics]
        listed = f"its metrics are: {', '.join(names)}" if names else "it has no metrics"
        return UsageError(f"no metric {finder.metric!r} on {finder.model}; {listed}")
    section = next((section for section, entity in roadmap.entities() if entity.id == subject), None)
    if section is not None:  # a risk, a person, a team, a track, a stakeholder
        return UsageError(f"{subject!r} is {a_kind(section)}: history follows model metrics (MODEL/METRIC), outcomes "
                          f"and work ({', '.join(SINGULAR[name] for name in WORK_SECTIONS[:4])}, ...)")
    candidates = [entity.id for entity in roadmap.outcomes]
    candidates += [entity.id for name in WORK_SECTIONS for entity in roadmap.sections[name]]
    candidates += [f"{model.id}/{metric.name}" for model in roadmap.models for metric in model.metrics]
    hint = suggest.hint(subject, candidates)
    return UsageError(f"no outcome or work {subject!r} in {path}, now or in its history{hint}; "
                      "give an outcome id, a work id or MODEL/METRIC")


# --- numbers ---------------------------------------------------------------------------------


def _round(change: float, *values: float) -> float:
    """A difference at the precision of its operands: 0.83 - 0.8 is 0.03, not 0.0299..."""
    rounded = round(change, max(decimals_of(value) for value in values))
    return 0.0 if rounded == 0 else rounded



def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
