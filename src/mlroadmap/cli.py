"""The command line: parses arguments, calls library functions, prints what they return.

Exit codes, for every command: 0 success, 1 the roadmap is invalid (or fails the
command's gate), 2 usage or I/O error. Heavy modules (rich, networkx, the rules) are
imported inside the commands that use them, so ``validate`` starts fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="mlroadmap",
    help="Roadmap as code for AI/ML product teams: check the YAML roadmap you keep in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


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


def _default_format(chosen: ProblemFormat | None) -> ProblemFormat:
    if chosen is not None:
        return chosen
    # Inside GitHub Actions, annotations put each problem on the pull request's line.
    return ProblemFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ProblemFormat.text


def _fail_usage(message: str) -> typer.Exit:
    typer.echo(f"mlroadmap: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


PathsArgument = Annotated[
    list[str],
    typer.Argument(help="Roadmap YAML files or directories ('-' reads standard input).", show_default=False, metavar="PATH"),
]


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
    from .diagnostics import render_github, render_json, render_text
    from .loader import UsageError
    from .validation import validate_paths

    try:
        validation = validate_paths(paths)
    except UsageError as error:
        raise _fail_usage(str(error)) from None
    diagnostics = validation.diagnostics
    fmt = _default_format(output_format)
    if fmt is ProblemFormat.json:
        sys.stdout.write(render_json(diagnostics, validation.files, validation.valid))
    elif fmt is ProblemFormat.github:
        sys.stdout.write(render_github(diagnostics))
    else:
        sys.stdout.write(render_text(diagnostics))
        if not validation.valid:
            errors = sum(d.severity == "error" for d in diagnostics)
            files = len({d.location.file for d in diagnostics})
            sys.stdout.write(f"Found {errors} problem{'s' * (errors != 1)} in {files} file{'s' * (files != 1)}.\n")
        elif not quiet:
            sys.stdout.write(_summary(validation))
    raise typer.Exit(EXIT_OK if validation.valid else EXIT_INVALID)


OutputOption = Annotated[
    Optional[str],
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.", metavar="FILE"),
]


def _emit(text: str, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` all at once (never over a roadmap YAML file)."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    from .output import OutputError, write_atomically

    try:
        write_atomically(output, text)
    except OutputError as error:
        raise _fail_usage(str(error)) from None


@app.command()
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of a roadmap file (the one in schemas/roadmap.schema.json)."""
    from .schema import roadmap_schema_text

    _emit(roadmap_schema_text(), output)


def _summary(validation) -> str:  # noqa: ANN001 - Validation, imported lazily
    from .model import count_of

    lines = []
    for roadmap in validation.roadmaps:
        counts = [count_of(name, len(entities)) for name, entities in roadmap.sections.items() if entities]
        files = len(roadmap.files)
        lines.append(f"{roadmap.info.name}: valid ({files} file{'s' * (files != 1)}; {', '.join(counts) or 'no entries'}).\n")
    return "".join(lines)


def main() -> None:
    """Console entry point: no Python traceback reaches the user."""
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show a character (cp1252 and an emoji in a title) gets an
        # escape, not a UnicodeEncodeError.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("mlroadmap: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # `mlroadmap ... | head`: the reader left; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except Exception as error:  # noqa: BLE001 - last line of defence, see docstring
        if os.environ.get("MLROADMAP_DEBUG"):
            raise
        sys.stderr.write(
            f"mlroadmap: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in mlroadmap; rerun with MLROADMAP_DEBUG=1 for the traceback and report it.\n"
        )
        sys.exit(EXIT_USAGE)
