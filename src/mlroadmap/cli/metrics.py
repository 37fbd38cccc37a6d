"""``mlroadmap metrics pull``: each metric's current value from where it is measured."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..render.formats import choices
from .app import app
from .common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, emit_result, fail_usage, load_one

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
else:
    Format = choices("pull")

# Not PathsArgument: the files are written back, so standard input is no roadmap here.
RoadmapFiles = Annotated[list[str], typer.Argument(help="Roadmap YAML files or directories, whose metrics are written in place.",
                                                   show_default=False, metavar="PATH")]

metrics_app = typer.Typer(
    name="metrics", help="Model metrics read from where they are measured (MLflow, metrics files).",
    no_args_is_help=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(metrics_app)


@metrics_app.command("pull")
def pull(
    paths: RoadmapFiles,
    tracking_uri: Annotated[Optional[str], typer.Option("--tracking-uri", help="The MLflow tracking server (default: "
                                                        "MLFLOW_TRACKING_URI).", metavar="URI", show_default=False)] = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 when a value would change, 0 when all are current.")] = False,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
) -> None:
    """Write each metric's current value and the day it was measured from its `source:`.

    A metric's source is an MLflow registered model's alias ({mlflow: {model, alias,
    metric}}), an MLflow run ({mlflow: {run, metric}}) or a key of a JSON or YAML metrics
    file ({file, key}, the path relative to the roadmap file). Only the values change:
    comments, order and layout stay byte for byte. A problem with any source writes
    nothing and exits 2. Credentials come from MLflow's environment variables only.
    """
    from ..pull import read_sources
    from ..writeback import WriteBackError, new_texts, write_files

    if "-" in paths:
        raise fail_usage("metrics pull writes into the roadmap's files: give their paths, not - (standard input)")
    fmt = output_format.value
    roadmap = load_one(paths, "json" if fmt == "json" else None)
    result = read_sources(roadmap, tracking_uri)
    result.checked = check
    if not result.problems and not check:
        try:
            result.written = write_files(new_texts(result.edits()))
        except WriteBackError as error:
            result.problems.append(error.diagnostic)
    if result.problems:
        if fmt == "json":
            emit_result("pull", fmt, result, None)
        else:
            from ..render.pull import to_text

            sys.stderr.write(to_text(result))
        raise typer.Exit(EXIT_USAGE)
    emit_result("pull", fmt, result, None)
    raise typer.Exit(EXIT_INVALID if check and result.out_of_date else EXIT_OK)

