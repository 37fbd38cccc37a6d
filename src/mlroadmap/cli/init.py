"""``mlroadmap init``: a new roadmap from the commented template."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional

import typer

from .app import app
from .common import fail_usage


@app.command()
def init(
    directory: Annotated[str, typer.Argument(help="The directory of the new roadmap (created if missing).")] = "roadmap",
    name: Annotated[str, typer.Option("--name", help="The roadmap's name.")] = "AI/ML roadmap",
    owner: Annotated[Optional[str], typer.Option("--owner", help="Who owns the roadmap.")] = None,
    start: Annotated[Optional[str], typer.Option("--start", help="The first quarter, e.g. 2027-Q1 (default: this quarter).", metavar="QUARTER")] = None,
    quarters: Annotated[int, typer.Option("--quarters", help="How many quarters the roadmap covers, 1 to 12.")] = 4,
) -> None:
    """Create a new roadmap from the template: six tracks, an outcome, a model, a dataset,
    an audit, an experiment, a decision and a risk, commented for you to fill in. Never
    overwrites a file; `mlroadmap check DIR` then lists what is still missing."""
    import datetime as dt
    import shlex

    from ..scaffold import ScaffoldError
    from ..scaffold import init as scaffold
    from ..values import Quarter, parse_quarter

    try:
        first = Quarter.of(dt.date.today()) if start is None else parse_quarter(start)
    except ValueError as error:
        raise fail_usage(f"--start: {error}") from None
    try:
        made = scaffold(directory, name=name, owner=owner, start=first, quarters=quarters)
    except ScaffoldError as error:
        raise fail_usage(str(error)) from None
    shown = os.path.join(os.path.normpath(directory or "."), "")
    word = shlex.quote(directory or ".")
    sys.stdout.write("\n".join([
        f"Created {name!r} ({made.start} to {made.end}) in {shown}:",
        *(f"  {path}" for path in made.files),
        f"Next: replace the example values, then `mlroadmap check {word}` lists what is still missing;",
        "it fails until then, so add its pre-commit hook or CI step once it passes (`validate` passes now).",
    ]) + "\n")
