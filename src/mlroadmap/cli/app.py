"""The ``mlroadmap`` typer application: its name, help, ``--version``; commands add
themselves to it (each in its own module of this package)."""

from __future__ import annotations

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
