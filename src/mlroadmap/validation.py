"""``validate``: load a roadmap and run every check that decides whether it is well formed."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .diagnostics import Diagnostic, RoadmapError
from .loader import LoadResult, Roadmap, load_paths
from .references import check_references


@dataclass
class Validation:
    result: LoadResult
    diagnostics: list[Diagnostic]

    @property
    def roadmap(self) -> Roadmap | None:
        return self.result.roadmap

    @property
    def files(self) -> list[str]:
        return [source.name for source in self.result.files]

    @property
    def valid(self) -> bool:
        roadmap = self.result.roadmap
        return roadmap is not None and roadmap.info is not None and not any(d.severity == "error" for d in self.diagnostics)


def validate_paths(paths: list[str]) -> Validation:
    """Every problem in the roadmap at ``paths``, sorted by file and position.

    Raises :class:`~mlroadmap.loader.UsageError` for a path that cannot be read.
    """
    result = load_paths(paths)
    problems = result.diagnostics + check_references(result)
    return Validation(result, sorted(problems, key=Diagnostic.sort_key))


def load(path: str | os.PathLike[str] | list[str | os.PathLike[str]]) -> Roadmap:
    """Load and check a roadmap (a file, a directory, or a list of them): the Python API.

    Raises :class:`~mlroadmap.diagnostics.RoadmapError`, listing every problem, when the
    roadmap is invalid; :class:`~mlroadmap.loader.UsageError` when a path cannot be read.
    """
    paths = [os.fspath(p) for p in (path if isinstance(path, list) else [path])]
    validation = validate_paths(paths)
    if not validation.valid or validation.roadmap is None:
        raise RoadmapError([d for d in validation.diagnostics if d.severity == "error"])
    return validation.roadmap
