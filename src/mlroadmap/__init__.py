"""mlroadmap: roadmap as code for AI/ML product teams.

``mlroadmap.load(path)`` returns the validated roadmap; :mod:`mlroadmap.api` has the
analyses as plain functions. Submodules are imported on first use, so ``import mlroadmap``
(and the CLI's start-up) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
# The project's home, also pyproject.toml's [project.urls] (a test keeps them the same): the
# JSON Schema's $id, SARIF's informationUri and each rule's helpUri are made from it.
HOMEPAGE = "https://github.com/mlroadmap/mlroadmap"

if TYPE_CHECKING:
    from .validation import load as load

__all__ = ["HOMEPAGE", "__version__", "load"]


def __getattr__(name: str) -> Any:
    if name == "load":
        from .validation import load

        return load
    raise AttributeError(f"module 'mlroadmap' has no attribute {name!r}")
