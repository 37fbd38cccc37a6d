"""``mlroadmap validate``: is the roadmap well formed? Every problem at its file:line:col."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .app import app
from .common import EXIT_INVALID, EXIT_OK, OutputOption, PathsArgument, ProblemFormat, default_format, emit, fail_usage, found

if TYPE_CHECKING:
    from ..validation import Validation


@app.command()
def validate(
    paths: PathsArgument,
    output_format: Annotated[
        Optional[ProblemFormat],
        typer.Option("--format", "-f", help="text, json, or github (workflow annotations; the default under GitHub Actions)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when the roadmap is valid.")] = False,
) -> None:
    """Check that a roadmap is well formed: schema, ids, references, cycles, dates, quarters.

    Prints every problem as file:line:col: message. Exit 0 valid, 1 invalid, 2 usage error.
    """
    from ..diagnostics import render_github, render_json, render_text
    from ..loader import UsageError
    from ..validation import validate_paths

    try:
        validation = validate_paths(paths)
    except UsageError as error:
        raise fail_usage(str(error)) from None
    diagnostics = validation.diagnostics
    fmt = default_format(output_format)
    if fmt is ProblemFormat.json:
        sys.stdout.write(render_json(diagnostics, validation.files, validation.valid))
    elif fmt is ProblemFormat.github:
        sys.stdout.write(render_github(diagnostics))
    else:
        sys.stdout.write(render_text(diagnostics))
        if not validation.valid:
            sys.stdout.write(found(validation) + ".\n")
        elif not quiet:
            sys.stdout.write(_summary(validation))
    raise typer.Exit(EXIT_OK if validation.valid else EXIT_INVALID)


def _summary(validation: Validation) -> str:
    from ..model import count_of

    lines = []
    for roadmap in validation.roadmaps:
        counts = [count_of(name, len(entities)) for name, entities in roadmap.sections.items() if entities]
        files = len(roadmap.files)
        lines.append(f"{roadmap.info.name}: valid ({files} file{'s' * (files != 1)}; {', '.join(counts) or 'no entries'}).\n")
    return "".join(lines)


@app.command()
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of a roadmap file (the one in schemas/roadmap.schema.json)."""
    from ..schema import roadmap_schema_text

    emit(roadmap_schema_text(), output)
