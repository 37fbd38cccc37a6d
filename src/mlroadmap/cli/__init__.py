"""The command line: one module per command, each parsing its options, calling the
library and emitting the result (:mod:`.common` has what they share, :mod:`.process`
the ``mlroadmap`` process around them).

Exit codes, for every command: 0 success, 1 the roadmap is invalid (or fails the
command's gate), 2 usage or I/O error. Heavy modules (rich, networkx, the rules) are
imported inside the commands that use them, and a run imports only the module of its
command (:func:`.app.application`), so ``validate`` starts fast. ``application()`` is the
app with every command, for typer's test runner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .process import main, run

if TYPE_CHECKING:
    from .app import application as application

__all__ = ["application", "main", "run"]


def __getattr__(name: str) -> Any:
    # The console script imports this package for run(), before run() tunes the garbage
    # collector for the imports of typer, pydantic and the model: typer comes later.
    if name == "application":
        from .app import application

        return application
    raise AttributeError(f"module 'mlroadmap.cli' has no attribute {name!r}")
