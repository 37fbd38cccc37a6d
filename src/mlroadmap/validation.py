"""``validate``: load roadmaps and run every check that decides whether they are well formed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, RoadmapError
from .loader import LoadResult, Roadmap, load_paths
from .references import check_references
from .yamlsource import paused_gc

if TYPE_CHECKING:
    from .workers import Done


@dataclass(frozen=True)
class Found:
    """What `validate` says of one roadmap it found: its name (None when its header is
    missing or could not be read), its files, and how many entries each section has."""

    name: str | None
    files: tuple[str, ...]
    counts: tuple[tuple[str, int], ...]  # (section, entries), for the sections that have any

    @classmethod
    def of(cls, result: LoadResult) -> Found:
        roadmap = result.roadmap
        if roadmap is None or roadmap.header is None:
            return cls(None, tuple(source.name for source in result.files), ())
        return cls(roadmap.info.name, tuple(source.name for source in result.files),
                   tuple((name, len(entities)) for name, entities in roadmap.sections.items() if entities))


@dataclass
class Validation:
    # One per roadmap found; none when worker processes validated them (mlroadmap.workers),
    # which send back what was found instead of the roadmaps.
    results: list[LoadResult]
    diagnostics: list[Diagnostic]  # of all of them, sorted by file and position
    found: list[Found] = field(default_factory=list)  # one per roadmap, from the results unless given

    def __post_init__(self) -> None:
        if not self.found:
            self.found = [Found.of(result) for result in self.results]

    @classmethod
    def of_workers(cls, done: list[Done[Found]]) -> Validation:
        """The validation of roadmaps validated in worker processes, each sent back as
        its problems and what was found (see :func:`mlroadmap.workers.run`)."""
        problems = sorted((problem for one in done for problem in one.problems), key=Diagnostic.sort_key)
        return cls([], problems, [one.outcome for one in done if one.outcome is not None])

    @property
    def roadmaps(self) -> list[Roadmap]:
        return [result.roadmap for result in self.results if result.roadmap is not None and result.roadmap.header is not None]

    @property
    def files(self) -> list[str]:
        return [name for found in self.found for name in found.files]

    @property
    def valid(self) -> bool:
        return all(found.name is not None for found in self.found) and not any(d.severity == "error" for d in self.diagnostics)


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
