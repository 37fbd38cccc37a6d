"""The ``mlroadmap`` typer application: its name, help, ``--version``; commands add
themselves to it (each in its own module of this package), and :func:`application`
imports the modules a run needs."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Annotated, Optional

import typer

from .. import __version__

app = typer.Typer(
    name="mlroadmap",
    help="Roadmap as code for AI/ML product teams: check the YAML roadmap you keep in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlroadmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Roadmap as code for AI/ML product teams."""


# Each command's module, in the order of --help. A run imports the module of the command it
# names and no other: importing all twelve, and typer reading the signatures of sixteen
# commands it would not run, took 15 ms of the 200 `validate` took on the example.
COMMANDS = {
    "init": "init",
    "validate": "validate",
    "schema": "validate",
    "critical-path": "critical_path",
    "forecast": "forecast",
    "capacity": "capacity",
    "report": "report",
    "show": "report",
    "diff": "diff",
    "history": "diff",
    "graph": "graph",
    "calendar": "calendar",
    "check": "check",
    "rules": "check",
    # typer lists groups of commands after the commands
    "scenario": "scenario",
    "metrics": "metrics",
}


def application(args: Sequence[str] = ()) -> typer.Typer:
    """The app with the commands a run of ``mlroadmap ARGS`` may need: the command named
    first in ``args``, or every command (for ``--help``, ``--version``, a misspelt name, or
    when ``args`` is empty)."""
    first = COMMANDS.get(args[0]) if args else None
    for module in [first] if first else dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"{__package__}.{module}")
    if not first:
        # In --help's order, also when one command's module was imported before the rest.
        app.registered_commands.sort(key=lambda info: _place(info.name or getattr(info.callback, "__name__", "").replace("_", "-")))
        app.registered_groups.sort(key=lambda info: _place(info.name or getattr(info.typer_instance, "info", info).name))
    return app


def _place(name: str | None) -> int:
    return list(COMMANDS).index(name) if name in COMMANDS else len(COMMANDS)
