"""What every command shares: the options, the parsing of their values, loading the one
roadmap a command analyses, and writing what it returns.

A command module parses its own options, calls the library, and emits the result through
:func:`emit_result` (formats by name, :mod:`mlroadmap.render.formats`) or :func:`emit`.
Only typer and the standard library are imported here: ``validate`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer

if TYPE_CHECKING:
    import datetime as dt

    from ..diagnostics import Diagnostic
    from ..loader import LoadResult, Roadmap
    from ..validation import Validation
    from ..workers import Done

from .process import EXIT_INVALID, EXIT_OK, EXIT_USAGE  # noqa: F401 - the commands' home for them

T = TypeVar("T")

PathsArgument = Annotated[
    list[str],
    typer.Argument(help="Roadmap YAML files or directories ('-' reads standard input).", show_default=False, metavar="PATH"),
]
OutputOption = Annotated[
    Optional[str],
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.", metavar="FILE"),
]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="The day to project from (YYYY-MM-DD); default today.", metavar="DATE")]
JobsOption = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", min=1, metavar="N",
                 help="Processes to spread several roadmaps (a monorepo's) over; default: one per core when they are large enough to gain."),
]


class DatesChoice(str, Enum):
    capacity = "capacity"
    dependencies = "dependencies"


DatesOption = Annotated[
    Optional[DatesChoice],
    typer.Option("--dates", help="The projected dates to show: capacity (nobody booked past capacity; the default when "
                 "the roadmap declares people or teams) or dependencies (dependencies and planned dates alone).",
                 show_default=False),
]


AssumeOption = Annotated[
    Optional[list[str]],
    typer.Option("--assume", help="Show the dates of a what-if: a scenario of the roadmap's 'scenarios:' by id, or an "
                 "assumption as YAML, e.g. '{slip: txn-data, by: 30d}' (the braces optional); repeat it for more.",
                 metavar="SCENARIO|YAML"),
]


def fail_usage(message: str) -> typer.Exit:
    typer.echo(f"mlroadmap: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def default_format(chosen: Enum | None) -> str:
    """The format of a list of problems: as asked, else github annotations inside GitHub
    Actions (they put each problem on the pull request's line), else text."""
    if chosen is not None:
        return str(chosen.value)
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


# --- option values ----------------------------------------------------------------------


def dates_of(chosen: DatesChoice | None) -> Any:
    """--dates as the analysis takes it (None: the roadmap's default)."""
    return chosen.value if chosen is not None else None


def parse_date(value: str | None) -> dt.date | None:
    import datetime as dt

    if value is None:
        return None
    from ..values import YEARS

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise fail_usage(f"--as-of: {value!r} is not a date; write YYYY-MM-DD") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise fail_usage(f"--as-of: {value!r} is out of range: years {YEARS[0]} to {YEARS[1]}")
    return day


def parse_quarter(value: str) -> str:
    from ..values import parse_quarter as parse

    try:
        return parse(value)
    except ValueError as error:
        raise fail_usage(f"--quarter: {error}") from None


def quarter_of_roadmap(roadmap: Roadmap, value: str) -> str:
    """A quarter inside the roadmap's period: outside it no target or work can be."""
    quarter = parse_quarter(value)
    period = roadmap.info.period
    if not period.start <= quarter <= period.end:
        raise fail_usage(f"--quarter: {quarter} is outside the roadmap's period, {period.start} to {period.end}")
    return quarter


def check_track(roadmap: Roadmap, track: str) -> None:
    from ..critical_path import track_titles

    known = track_titles(roadmap)
    if track not in known:
        raise fail_usage(f"--track: no track {track!r}; the tracks are: {', '.join(known)}")


def selectors(values: list[str] | None) -> list[str]:
    """``--select MLR1,ethics --select MLR2`` -> ["MLR1", "ethics", "MLR2"]."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


# --- the roadmap ------------------------------------------------------------------------


def validated(paths: list[str]) -> Validation:
    """Every roadmap at ``paths``, validated; a path that cannot be read is a usage error."""
    from ..loader import UsageError
    from ..validation import validate_paths

    try:
        return validate_paths(paths)
    except UsageError as error:
        raise fail_usage(str(error)) from None


def spread(paths: list[str], task: Callable[[LoadResult, list[Diagnostic]], T], jobs: int | None, *, heavy: bool) -> list[Done[T]] | None:
    """Each roadmap at ``paths`` validated and given to ``task`` in worker processes (see
    :mod:`mlroadmap.workers`), or None: one process does better (one roadmap, a small run,
    ``--jobs 1``), or the workers sent the run back; the caller then loads it itself."""
    if jobs == 1:
        return None
    from ..loader import UsageError, discover
    from ..workers import plan, run

    try:
        planned = plan(discover(paths), heavy=heavy, asked=jobs is not None)
        return run(planned, task, jobs) if planned is not None else None
    except UsageError as error:  # a path, or a file gone since the scan (a worker's load)
        raise fail_usage(str(error)) from None


def load_one(paths: list[str], problems: str | None = None, output: str | None = None, *, validation: Validation | None = None,
             **json_extra: object) -> Roadmap:
    """The one valid roadmap at ``paths``; its problems (exit 1) or a usage error (exit 2) otherwise.

    ``problems`` is the format the command was asked for: a script that asked for json,
    sarif or github annotations gets the roadmap's problems in that format; text goes to
    stderr. ``output`` is given by ``check`` alone: a gate's stale report is replaced by the
    problems rather than left to be published as a pass. The commands that write documents
    (reports, views, schedules) leave an earlier file as it was. ``json_extra`` adds keys
    to the JSON (check's ``passed``); ``validation``, the roadmap already validated."""
    from ..diagnostics import render_github, render_json, render_text
    from ..render.validation import found

    if validation is None:
        validation = validated(paths)
    if len(validation.results) > 1:
        named = [f"{result.roadmap.info.name} ({_where_roadmap(result)})" for result in validation.results
                 if result.roadmap is not None and result.roadmap.header is not None]
        names = ", ".join(named[:SHOWN_ROADMAPS]) + (f" and {len(named) - SHOWN_ROADMAPS:,} more" if len(named) > SHOWN_ROADMAPS else "")
        raise fail_usage(f"{' '.join(paths)} holds {len(validation.results):,} roadmaps: {names or 'none with a header'}; give one of them")
    if not validation.valid:
        fmt = problems or default_format(None)
        if fmt == "json":
            emit(render_json(validation.diagnostics, validation.files, False, **json_extra), output)
        elif fmt == "sarif":
            from ..render.sarif import problems_to_sarif

            emit(problems_to_sarif(validation.diagnostics), output)
        elif fmt == "github":
            from ..render.github import validation_summary

            emit_github(render_github(validation.diagnostics) + found(validation) + "; the roadmap must be valid first (mlroadmap validate).\n",
                        validation.diagnostics, lambda budget: validation_summary(validation, "mlroadmap: the roadmap is not valid", budget),
                        output)
        else:
            text = render_text(validation.diagnostics) + found(validation) + "; the roadmap must be valid first (mlroadmap validate).\n"
            sys.stderr.write(text)
            if output is not None and output != "-":
                emit(text, output)
        raise typer.Exit(EXIT_INVALID)
    return validation.roadmaps[0]


SHOWN_ROADMAPS = 5  # named in "holds several roadmaps": a monorepo's thousand would be pages


def _where_roadmap(result: object) -> str:
    """What to give to pick one roadmap: its file, or the directory its files share."""
    files = [source.name for source in result.files]  # type: ignore[attr-defined]
    if len(files) == 1:
        return files[0]
    return os.path.commonpath([os.path.dirname(name) or "." for name in files]) + os.sep


def overflowed(roadmap: Roadmap, error: Exception) -> typer.Exit:
    """A schedule past the year 9999 (a ScheduleOverflow): the roadmap's problem, at the work it names."""
    sys.stderr.write(f"{error.location(roadmap)}: {error}\n")  # type: ignore[attr-defined]
    return typer.Exit(EXIT_INVALID)


def assumed(roadmap: Roadmap, values: list[str] | None, as_of: dt.date | None) -> Roadmap:
    """The roadmap under ``--assume`` (itself without): never written back; a usage error
    when an assumption names nothing."""
    if not values:
        return roadmap
    import datetime as dt

    from ..scenarios import AssumptionError, assume, given

    try:
        assumptions = [one for value in values for one in given(roadmap, value)]
        # Together, too: slips adding up past 100 years, a decision answered both ways.
        return assume(roadmap, assumptions, as_of or dt.date.today())
    except AssumptionError as error:
        raise fail_usage(f"{error.given}: {error}") from None


# --- output -----------------------------------------------------------------------------


def emit(text: str | bytes, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` all at once (never over a roadmap YAML file);
    bytes (an image) never to a terminal."""
    if output is None or output == "-":
        if isinstance(text, bytes):
            if sys.stdout.isatty():
                raise fail_usage("the PNG image is binary: write it to a file with -o FILE.png, or redirect the output")
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
        return
    from ..output import OutputError, write_atomically

    try:
        write_atomically(output, text)
    except OutputError as error:
        raise fail_usage(str(error)) from None


def emit_github(annotations: str, problems: list[Any], summary: Callable[[int], tuple[str, bool]], output: str | None,
                notices: int = 0) -> None:
    """GitHub's annotations, then the log's word on the ones GitHub will not show (it shows
    ten of each kind a step); ``summary(budget)``, the whole result in Markdown in at most
    that many bytes, goes to the job summary when the run has one (``$GITHUB_STEP_SUMMARY``)."""
    from ..render.github import not_annotated

    emit(annotations + not_annotated(problems, notices, _step_summary(summary)), output)


def _step_summary(summary: Callable[[int], tuple[str, bool]]) -> str | None:
    """Append the summary to the step's summary file, within what GitHub keeps of one step
    (1 MiB, counting what earlier commands of the step wrote): "all" or "some" of the
    problems written; None when there is no file or it cannot be written (said on stderr:
    the annotations still count, the summary is extra)."""
    from ..render.github import SUMMARY_BYTES

    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return None
    try:
        budget = SUMMARY_BYTES - (os.path.getsize(path) if os.path.exists(path) else 0) - 1
        markdown, complete = summary(budget)
        if len(markdown.encode()) > budget:
            return None  # not even the score fits after what the step wrote before
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(markdown + "\n")
    except OSError as error:
        sys.stderr.write(f"mlroadmap: warning: GITHUB_STEP_SUMMARY {path}: cannot write: {error.strerror or error}\n")
        return None
    return "all" if complete else "some"


def emit_result(kind: str, output_format: Enum | str, result: Any, output: str | None) -> None:
    """``result`` in the format named ``output_format`` of ``kind`` (see
    :mod:`mlroadmap.render.formats`), printed or written to ``output``."""
    from ..render.formats import render

    name = output_format.value if isinstance(output_format, Enum) else output_format
    emit(render(kind, name, result, to_file=output is not None), output)
