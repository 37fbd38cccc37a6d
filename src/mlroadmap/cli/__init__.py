"""The command line: one module per command, each parsing its options, calling the
library and emitting the result (:mod:`.common` has what they share, :mod:`.process`
the ``mlroadmap`` process around them).

Exit codes, for every command: 0 success, 1 the roadmap is invalid (or fails the
command's gate), 2 usage or I/O error. Heavy modules (rich, networkx, the rules) are
imported inside the commands that use them, so ``validate`` starts fast.
"""

from __future__ import annotations

# Importing a command module adds its command to the app, in this order in --help.
# isort: off
from . import init, validate, critical_path, forecast, scenario, capacity, report, diff, graph, calendar, check, metrics  # noqa: F401
# isort: on
from .app import app
from .process import main, run

__all__ = ["app", "main", "run"]
