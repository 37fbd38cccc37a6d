"""``mlroadmap validate``: is the roadmap well formed? Every problem at its file:line:col."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..render.formats import choices
from .app import app
from .common import EXIT_INVALID, EXIT_OK, JobsOption, OutputOption, PathsArgument, default_format, emit, emit_github, emit_result, spread, validated

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
else:
    Format = choices("problems")


@app.command()
def validate(
    paths: PathsArgument,
    output_format: Annotated[
        Optional[Format],
        typer.Option("--format", "-f", help="text, json, or github (workflow annotations; the default under GitHub Actions)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when the roadmap is valid.")] = False,
    jobs: JobsOption = None,
) -> None:
    """Check that a roadmap is well formed: schema, ids, references, cycles, dates, quarters.

    Prints every problem as file:line:col: message. Exit 0 valid, 1 invalid, 2 usage error.
    """
    from ..validation import Found, Validation

    done = spread(paths, lambda result, problems: Found.of(result), jobs, heavy=False)
    validation = Validation.of_workers(done) if done is not None else validated(paths)
    fmt = default_format(output_format)
    if quiet and fmt == "text" and validation.valid:
        from ..diagnostics import render_text

        emit(render_text(validation.diagnostics), None)  # its warnings, without the summary
    elif fmt == "github":
        from ..diagnostics import render_github
        from ..render.github import validation_summary
        from ..render.validation import found, summary

        last = "" if quiet and validation.valid else summary(validation) if validation.valid else found(validation) + ".\n"
        emit_github(render_github(validation.diagnostics) + last, validation.diagnostics,
                    lambda budget: validation_summary(validation, budget=budget), None)
    else:
        emit_result("problems", fmt, validation, None)
    raise typer.Exit(EXIT_OK if validation.valid else EXIT_INVALID)


@app.command()
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of a roadmap file (the one in schemas/roadmap.schema.json)."""
    from ..schema import roadmap_schema_text

    emit(roadmap_schema_text(), output)
