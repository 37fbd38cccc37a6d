"""``validate``: load roadmaps and run every check that decides whether they are well formed."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .diagnostics import Diagnostic, RoadmapError
from .loader import LoadResult, Roadmap, load_paths
from .references import check_references
from .yamlsource import paused_gc


@dataclass
class Validation:
    results: list[LoadResult]  # one per roadmap found
    diagnostics: list[Diagnostic]  # of all of them, sorted by file and position

    @property
    def roadmaps(self) -> list[Roadmap]:
        return [result.roadmap for result in self.results if result.roadmap is not None and result.roadmap.header is not None]

    @property
    def files(self) -> list[str]:
        return [source.name for result in self.results for source in result.files]

    @property
    def valid(self) -> bool:
        return len(self.roadmaps) == len(self.results) and not any(d.severity == "error" for d in self.diagnostics)


def validate_paths(paths: list[str]) -> Validation:
    """Every problem in the roadmap(s) at ``paths``.

    Raises :class:`~mlroadmap.loader.UsageError` for a path that cannot be read.
    """
    return validate_results(load_paths(paths))


def validate_results(results: list[LoadResult]) -> Validation:
    """Every problem of roadmaps already loaded (from disk, or from git by ``diff``)."""
    problems: list[Diagnostic] = []
    with paused_gc():
        elsewhere = _ids_by_roadmap(results) if len(results) > 1 else {}
        for result in results:
            problems += result.diagnostics
            problems += check_references(result, elsewhere)
    # An entry written once and used through several aliases can yield the same problem
    # at the same place more than once: report it once.
    return Validation(results, sorted(set(problems), key=Diagnostic.sort_key))


def _ids_by_roadmap(results: list[LoadResult]) -> dict[str, str]:
    """id -> name of the roadmap that defines it, over every roadmap of a run."""
    names: dict[str, str] = {}
    for result in results:
        roadmap = result.roadmap
        if roadmap is None or roadmap.header is None:
            continue
        for _section, entity in roadmap.entities():
            names.setdefault(entity.id, roadmap.info.name)
    return names


def load(path: str | os.PathLike[str] | list[str | os.PathLike[str]]) -> Roadmap:
    """Load and check one roadmap (a file, a directory, or a list of them): the Python API.

    Raises :class:`~mlroadmap.diagnostics.RoadmapError`, listing every problem, when the
    roadmap is invalid; :class:`~mlroadmap.loader.UsageError` when a path cannot be read
    or holds several roadmaps.
    """
    from .loader import UsageError

    paths = [os.fspath(p) for p in (path if isinstance(path, list) else [path])]
    validation = validate_paths(paths)
    if len(validation.results) > 1:
        raise UsageError(f"{', '.join(paths)}: holds {len(validation.results)} roadmaps; load them one at a time")
    if not validation.valid:
        raise RoadmapError([d for d in validation.diagnostics if d.severity == "error"])
    return validation.roadmaps[0]
