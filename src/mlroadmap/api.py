"""The Python API: each analysis the commands run, as a plain function of a loaded roadmap.

    from mlroadmap.api import check, critical_path, load

    roadmap = load("roadmap/")
    critical_path(roadmap).chain
    check(roadmap).problems

Every function returns data (dataclasses with a ``to_dict()`` for JSON), prints nothing and
takes the same defaults as its command: ``as_of`` is today, and the dates are the roadmap's
(with the team's capacity when people or teams are declared; ``dates="dependencies"`` or
``dates="capacity"`` chooses, as ``--dates`` does).
(They live here rather than on the package: ``mlroadmap.check``, ``mlroadmap.diff`` and
``mlroadmap.schedule`` are the modules that implement them.)
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from .validation import load

__all__ = ["analyse", "blockers", "check", "compare_scenarios", "critical_path", "diff", "diff_since", "load", "schedule"]

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from .analysis import Analysis, Dates
    from .check import CheckReport, Settings
    from .critical_path import BlockerRow, CriticalPath
    from .diff import RoadmapDiff
    from .loader import Roadmap
    from .scenarios import Comparison
    from .schedule import Schedule


def analyse(roadmap: Roadmap, *, as_of: dt.date | None = None, dates: Dates | None = None,
            settings: Settings | None = None) -> Analysis:
    """The one analysis every command reads: ``.schedule`` (the roadmap's dates), ``.graph``,
    ``.blocking``, ``.checks``, ``.critical_path()``, ``.capacity()``, ``.events()``, each
    computed on first use. ``dates``: ``"capacity"`` or ``"dependencies"`` (default: capacity
    when the roadmap declares people or teams); ``settings`` default to the team's."""
    from .analysis import Analysis

    return Analysis(roadmap, as_of, settings if settings is not None else _settings(roadmap), dates=dates)


def schedule(roadmap: Roadmap, *, as_of: dt.date | None = None, dates: Dates | None = None,
             resources: bool | None = None) -> Schedule:
    """Every piece of work's projected dates, slack and driver; the critical chain, each
    outcome's date, broken dependencies and late work (``mlroadmap critical-path``'s basis).
    ``resources`` (of earlier versions): True is ``dates="capacity"``, False ``"dependencies"``."""
    return analyse(roadmap, as_of=as_of, dates=_dates(dates, resources)).schedule


def critical_path(roadmap: Roadmap, *, as_of: dt.date | None = None, outcome: str | None = None, track: str | None = None,
                  min_tracks: int | None = None, dates: Dates | None = None, resources: bool | None = None) -> CriticalPath:
    """What sets the end date (of the roadmap, or of ``outcome``) and the cross-track
    blockers, as ``mlroadmap critical-path`` shows them."""
    return analyse(roadmap, as_of=as_of, dates=_dates(dates, resources)).critical_path(outcome=outcome, track=track, min_tracks=min_tracks)


def blockers(roadmap: Roadmap, *, as_of: dt.date | None = None, min_tracks: int | None = None,
             dates: Dates | None = None, resources: bool | None = None) -> list[BlockerRow]:
    """Open work that blocks at least ``min_tracks`` tracks: most tracks first, then the
    most work waiting on it, then the least slack (to the end or to a due date)."""
    return critical_path(roadmap, as_of=as_of, min_tracks=min_tracks, dates=_dates(dates, resources)).blockers


def check(roadmap: Roadmap, *, as_of: dt.date | None = None, settings: Settings | None = None,
          dates: Dates | None = None) -> CheckReport:
    """The AI/ML checklist, rule by rule. ``settings`` default to the team's, as the
    command reads them: ``[tool.mlroadmap]`` in the pyproject.toml nearest the roadmap,
    then the header's ``checks:``."""
    return analyse(roadmap, as_of=as_of, settings=settings, dates=dates).checks


def compare_scenarios(roadmap: Roadmap, scenarios: list[str] | None = None, *, assume: list[str] | None = None,
                      as_of: dt.date | None = None, dates: Dates | None = None) -> Comparison:
    """The plan's dates beside each scenario's, as ``mlroadmap scenario compare`` shows them:
    the roadmap's ``scenarios`` named (default: all of them, unless ``assume`` is given), and
    one more of the ``assume`` assumptions, each YAML as ``--assume`` takes it
    (``"{slip: txn-data, by: 30d}"``). A ``scenarios.AssumptionError`` when one names nothing."""
    from .scenarios import chosen, compare

    return compare(analyse(roadmap, as_of=as_of, dates=dates), chosen(roadmap, scenarios, assume))


def diff(old: str | os.PathLike[str] | Roadmap, new: str | os.PathLike[str] | Roadmap, *, as_of: dt.date | None = None,
         dates: Dates | None = None) -> RoadmapDiff:
    """What changed from ``old`` to ``new``: each a loaded roadmap or a path (a file or a
    directory; ``old`` may be invalid, its problems are listed). As ``mlroadmap diff OLD
    NEW``, with the team's check settings for the checklist score."""
    from .diff import diff_versions, version_of_path, version_on_disk

    before = version_on_disk(old, "old") if _is_roadmap(old) else version_of_path(os.fspath(old))
    if _is_roadmap(new):
        roadmap = new
        after = version_on_disk(roadmap, "new")
    else:
        roadmap = load(new)
        after = version_on_disk(roadmap, os.fspath(new), root=os.fspath(new))
    return diff_versions(before, after, as_of=as_of, dates=dates, settings=_settings(roadmap))


def diff_since(revision: str, path: str | os.PathLike[str] = ".", *, as_of: dt.date | None = None,
               dates: Dates | None = None) -> RoadmapDiff:
    """What changed in the roadmap at ``path`` since the git ``revision`` (a branch, tag or
    commit), read with git itself; as ``mlroadmap diff REV PATH``."""
    from .diff import diff_versions, versions

    old, new, _path = versions([revision, os.fspath(path)], load)  # as the command reads them
    assert new.roadmap is not None  # load raises for an invalid roadmap
    return diff_versions(old, new, as_of=as_of, dates=dates, settings=_settings(new.roadmap))


def _dates(dates: Dates | None, resources: bool | None) -> Dates | None:
    """``dates``, or what the ``resources`` flag of earlier versions meant."""
    if resources is None:
        return dates
    meant: Dates = "capacity" if resources else "dependencies"
    if dates is not None and dates != meant:
        raise ValueError(f"resources={resources} is dates={meant!r}, not {dates!r}: give one of them")
    return meant


def _settings(roadmap: Roadmap) -> Settings:
    """The team's check settings, as the commands read them for this roadmap."""
    from .check import settings_for

    return settings_for(roadmap, [roadmap.files[0].name] if roadmap.files else [])


def _is_roadmap(value: object) -> TypeIs[Roadmap]:
    from .loader import Roadmap

    return isinstance(value, Roadmap)

