"""The command line: parses arguments, calls library functions, prints what they return.

Exit codes, for every command: 0 success, 1 the roadmap is invalid (or fails the
command's gate), 2 usage or I/O error. Heavy modules (rich, networkx, the rules) are
imported inside the commands that use them, so ``validate`` starts fast.
"""

from __future__ import annotations

import errno
import os
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

if TYPE_CHECKING:
    import datetime as dt

    from .loader import Roadmap
    from .validation import Validation

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

    from .scaffold import ScaffoldError
    from .scaffold import init as scaffold
    from .types import Quarter, parse_quarter

    try:
        first = Quarter.of(dt.date.today()) if start is None else parse_quarter(start)
    except ValueError as error:
        raise _fail_usage(f"--start: {error}") from None
    try:
        made = scaffold(directory, name=name, owner=owner, start=first, quarters=quarters)
    except ScaffoldError as error:
        raise _fail_usage(str(error)) from None
    shown = os.path.join(os.path.normpath(directory or "."), "")
    word = shlex.quote(directory or ".")
    sys.stdout.write("\n".join([
        f"Created {name!r} ({made.start} to {made.end}) in {shown}:",
        *(f"  {path}" for path in made.files),
        f"Next: replace the example values, then `mlroadmap check {word}` lists what is still missing;",
        "it fails until then, so add its pre-commit hook or CI step once it passes (`validate` passes now).",
    ]) + "\n")


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
            sys.stdout.write(_found(validation) + ".\n")
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


class PathFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class GraphFormat(str, Enum):
    gantt = "gantt"
    mermaid = "mermaid"
    dot = "dot"
    json = "json"


def _parse_date(value: str | None) -> dt.date | None:
    import datetime as dt

    if value is None:
        return None
    from .types import YEARS

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise _fail_usage(f"--as-of: {value!r} is not a date; write YYYY-MM-DD") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise _fail_usage(f"--as-of: {value!r} is out of range: years {YEARS[0]} to {YEARS[1]}")
    return day


def _load_one(paths: list[str], problems: str | None = None, output: str | None = None, **json_extra: object) -> Roadmap:
    """The one valid roadmap at ``paths``; its problems (exit 1) or a usage error (exit 2) otherwise.

    ``problems`` is the format the command was asked for: a script that asked for json,
    sarif or github annotations gets the roadmap's problems in that format; text goes to
    stderr. ``output`` is given by ``check`` alone: a gate's stale report is replaced by the
    problems rather than left to be published as a pass. The commands that write documents
    (reports, views, schedules) leave an earlier file as it was. ``json_extra`` adds keys
    to the JSON (check's ``passed``)."""
    from .diagnostics import render_github, render_json, render_text
    from .loader import UsageError
    from .validation import validate_paths

    try:
        validation = validate_paths(paths)
    except UsageError as error:
        raise _fail_usage(str(error)) from None
    if len(validation.results) > 1:
        names = ", ".join(f"{result.roadmap.info.name} ({_where_roadmap(result)})" for result in validation.results
                          if result.roadmap is not None and result.roadmap.info is not None)
        raise _fail_usage(f"{' '.join(paths)} holds several roadmaps: {names or len(validation.results)}; give one of them")
    if not validation.valid:
        fmt = problems or _default_format(None).value
        if fmt == "json":
            _emit(render_json(validation.diagnostics, validation.files, False, **json_extra), output)
        elif fmt == "sarif":
            from .render.sarif import problems_to_sarif

            _emit(problems_to_sarif(validation.diagnostics), output)
        elif fmt == "github":
            _emit(render_github(validation.diagnostics), output)
        else:
            text = render_text(validation.diagnostics) + _found(validation) + "; the roadmap must be valid first (mlroadmap validate).\n"
            sys.stderr.write(text)
            if output is not None and output != "-":
                _emit(text, output)
        raise typer.Exit(EXIT_INVALID)
    return validation.roadmaps[0]


def _where_roadmap(result: object) -> str:
    """What to give to pick one roadmap: its file, or the directory its files share."""
    files = [source.name for source in result.files]  # type: ignore[attr-defined]
    if len(files) == 1:
        return files[0]
    return os.path.commonpath([os.path.dirname(name) or "." for name in files]) + os.sep


def _overflowed(roadmap: Roadmap, error: Exception) -> typer.Exit:
    """A schedule past the year 9999 (a ScheduleOverflow): the roadmap's problem, at the work it names."""
    sys.stderr.write(f"{error.location(roadmap)}: {error}\n")  # type: ignore[attr-defined]
    return typer.Exit(EXIT_INVALID)


AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="The day to project from (YYYY-MM-DD); default today.", metavar="DATE")]


class DatesChoice(str, Enum):
    capacity = "capacity"
    dependencies = "dependencies"


DatesOption = Annotated[
    Optional[DatesChoice],
    typer.Option("--dates", help="The projected dates to show: capacity (nobody booked past capacity; the default when "
                 "the roadmap declares people or teams) or dependencies (dependencies and planned dates alone).",
                 show_default=False),
]


def _dates(chosen: DatesChoice | None) -> Any:
    return chosen.value if chosen is not None else None


@app.command("critical-path")
def critical_path_command(
    paths: PathsArgument,
    track: Annotated[Optional[str], typer.Option("--track", help="Show only the work of this track.")] = None,
    outcome: Annotated[Optional[str], typer.Option("--outcome", help="The chain that sets this outcome's date.")] = None,
    min_tracks: Annotated[Optional[int], typer.Option("--min-tracks", min=1, help="List work that blocks at least this many tracks (default: the check settings' min_tracks, else 2).", show_default=False)] = None,
    dates: DatesOption = None,
    resources: Annotated[bool, typer.Option("--resources", hidden=True, help="The same as --dates capacity.")] = False,
    as_of: AsOfOption = None,
    output_format: Annotated[PathFormat, typer.Option("--format", "-f", help="text, json or markdown.")] = PathFormat.text,
    output: OutputOption = None,
) -> None:
    """What sets the end date, and which open work blocks several workstreams.

    Prints the critical chain (dates, work, track, owner, slack), the cross-track blockers
    ranked by tracks blocked, then work waiting, then slack, and planned dates that break
    a dependency or miss a due date. With the team's capacity (--dates capacity, the
    default when people or teams are declared), the chain also follows the work that
    holds someone's time.
    """
    from .analysis import Analysis
    from .check import SettingsError, settings_for

    roadmap = _load_one(paths, "json" if output_format is PathFormat.json else None)
    if outcome is not None and outcome not in {o.id for o in roadmap.outcomes}:
        raise _fail_usage(f"--outcome: no outcome {outcome!r}; the roadmap's outcomes are: {', '.join(o.id for o in roadmap.outcomes) or 'none'}")
    if track is not None:
        _check_track(roadmap, track)
    from .schedule import ScheduleOverflow

    if resources and dates is DatesChoice.dependencies:
        raise _fail_usage("--resources is --dates capacity; give one of them")
    try:
        analysis = Analysis(roadmap, _parse_date(as_of), settings_for(roadmap, paths),
                            dates="capacity" if resources else _dates(dates))
        report = analysis.critical_path(min_tracks=min_tracks, track=track, outcome=outcome)
    except SettingsError as error:
        raise _fail_usage(str(error)) from None
    except ScheduleOverflow as error:
        raise _overflowed(roadmap, error) from None
    _emit_report(report, "critical_path", output_format, output)


class LoadPeriod(str, Enum):
    week = "week"
    month = "month"


@app.command()
def capacity(
    paths: PathsArgument,
    by: Annotated[LoadPeriod, typer.Option("--by", help="Load per month (the roadmap's period) or per week (13 weeks from --as-of).")] = LoadPeriod.month,
    quarter: Annotated[Optional[str], typer.Option("--quarter", help="Show the load of this quarter, e.g. 2026-Q4.", metavar="QUARTER")] = None,
    levelled: Annotated[bool, typer.Option("--levelled", help="Show the load of the levelled schedule instead of the plan's.")] = False,
    as_of: AsOfOption = None,
    output_format: Annotated[PathFormat, typer.Option("--format", "-f", help="text, json or markdown.")] = PathFormat.text,
    output: OutputOption = None,
) -> None:
    """Who is booked when: load per person and team, over-allocations, skill gaps, and
    each outcome's date by dependencies alone and with the team's capacity.

    The load is the plan's (each piece of work's effort spread over its dependency-only
    dates); over-allocated periods are marked with '!'. The dates with capacity come from
    a list scheduler that never books anyone past capacity.
    """
    from .analysis import Analysis
    from .schedule import ScheduleOverflow

    roadmap = _load_one(paths, "json" if output_format is PathFormat.json else None)
    if quarter is not None:
        quarter = _parse_quarter(quarter)
    try:
        report = Analysis(roadmap, _parse_date(as_of)).capacity(by=by.value, quarter=quarter, levelled_load=levelled)  # type: ignore[arg-type]
    except ScheduleOverflow as error:
        raise _overflowed(roadmap, error) from None
    _emit_report(report, "capacity", output_format, output)


def _check_track(roadmap: Roadmap, track: str) -> None:
    from .criticalpath import track_titles

    known = track_titles(roadmap)
    if track not in known:
        raise _fail_usage(f"--track: no track {track!r}; the tracks are: {', '.join(known)}")


def _emit_report(report: Any, renderer: str, output_format: PathFormat, output: str | None) -> None:
    """An analysis as JSON (its ``to_dict()``), or rendered by ``mlroadmap.render.<renderer>``
    as Markdown or terminal text."""
    if output_format is PathFormat.json:
        import json

        _emit(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", output)
        return
    import importlib

    render = importlib.import_module(f"{__package__}.render.{renderer}")
    if output_format is PathFormat.markdown:
        _emit(render.to_markdown(report), output)
    else:
        _emit(_capture(lambda console: render.to_terminal(report, console), to_file=output is not None), output)


class ReportFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"


class Audience(str, Enum):
    exec = "exec"
    product = "product"
    data_science = "data-science"
    engineering = "engineering"
    compliance = "compliance"
    customer_ops = "customer-ops"


ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="text (terminal), markdown (with a Mermaid gantt), html (one self-contained file) or json.")
]


@app.command()
def report(
    paths: PathsArgument,
    audience: Annotated[Audience, typer.Option("--audience", "-a", help="exec, product, data-science, engineering, compliance or customer-ops.")] = Audience.exec,
    quarter: Annotated[Optional[str], typer.Option("--quarter", help="The quarter whose targets count, e.g. 2026-Q4; default the quarter of --as-of.", metavar="QUARTER")] = None,
    as_of: AsOfOption = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Open with what changed since this git revision (the last review), as mlroadmap diff.", metavar="REV")] = None,
    dates: DatesOption = None,
    output_format: ReportFormatOption = ReportFormat.text,
    output: OutputOption = None,
) -> None:
    """The roadmap as one stakeholder needs it: outcomes, dates, metrics, decisions, risks.

    exec is one screen: each outcome against its target, the projected end, top
    blockers, decisions due for sign-off, ethical AI status, top risks and the checklist
    score. The other audiences get their sections in depth (see the README).
    """
    from .check import SettingsError, settings_for
    from .report import build_report
    from .schedule import ScheduleOverflow

    roadmap = _load_one(paths, "json" if output_format is ReportFormat.json else None)
    day = _parse_date(as_of)
    if quarter is not None:
        quarter = _quarter_of_roadmap(roadmap, quarter)
    earlier = _since(paths, since) if since is not None else None
    try:
        settings = settings_for(roadmap, paths)
        document = build_report(roadmap, audience.value, as_of=day, quarter=quarter, settings=settings, since=earlier,
                                dates=_dates(dates))
    except SettingsError as error:
        raise _fail_usage(str(error)) from None
    except ScheduleOverflow as error:
        raise _overflowed(roadmap, error) from None
    _emit_document(document, output_format, output)


def _since(paths: list[str], revision: str) -> Any:
    """The roadmap at ``revision``, for --since (a :class:`mlroadmap.diff.Version`)."""
    from .diff import version_at
    from .git import GitError, repository_at

    if len(paths) != 1 or paths[0] == "-":
        raise _fail_usage("--since: give the roadmap as one path (a file or a directory) in a git repository")
    try:
        repository = repository_at(paths[0])
        commit = repository.commit(revision)
        return version_at(repository, commit, revision, repository.relative(paths[0]))
    except GitError as error:
        raise _fail_usage(f"--since: {error}") from None


@app.command()
def show(
    paths: PathsArgument,
    track: Annotated[Optional[str], typer.Option("--track", "-t", help="Show only this track (model, data, ethics, monitoring, experiments, team, or a custom one).")] = None,
    quarter: Annotated[Optional[str], typer.Option("--quarter", help="Show the work that overlaps this quarter, e.g. 2026-Q4, and its metric targets.", metavar="QUARTER")] = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    output_format: ReportFormatOption = ReportFormat.text,
    output: OutputOption = None,
) -> None:
    """The roadmap track by track: work by quarter and phase, models and metrics, datasets,
    audits, monitors and experiments, with status, owners, dates and what each waits on."""
    from .schedule import ScheduleOverflow
    from .show import build_views

    roadmap = _load_one(paths, "json" if output_format is ReportFormat.json else None)
    if track is not None:
        _check_track(roadmap, track)
    day = _parse_date(as_of)
    if quarter is not None:
        quarter = _quarter_of_roadmap(roadmap, quarter)
    try:
        document = build_views(roadmap, track=track, quarter=quarter, as_of=day, dates=_dates(dates))
    except ScheduleOverflow as error:
        raise _overflowed(roadmap, error) from None
    _emit_document(document, output_format, output)


def _emit_document(document: Any, output_format: ReportFormat, output: str | None) -> None:
    if output_format is ReportFormat.html:
        from .render.html import to_html

        _emit(to_html(document), output)
    else:
        _emit_report(document, "document", PathFormat(output_format.value), output)


def _quarter_of_roadmap(roadmap: Roadmap, value: str) -> str:
    """A quarter inside the roadmap's period: outside it no target or work can be."""
    quarter = _parse_quarter(value)
    period = roadmap.info.period  # type: ignore[union-attr]
    if not period.start <= quarter <= period.end:
        raise _fail_usage(f"--quarter: {quarter} is outside the roadmap's period, {period.start} to {period.end}")
    return quarter


def _parse_quarter(value: str) -> str:
    from .types import parse_quarter

    try:
        return parse_quarter(value)
    except ValueError as error:
        raise _fail_usage(f"--quarter: {error}") from None


class FailOn(str, Enum):
    slip = "slip"


@app.command()
def diff(
    targets: Annotated[
        Optional[list[str]],
        typer.Argument(help="[REV] [PATH]: a git revision (default: where this branch left the default branch, or HEAD on it) "
                            "and the roadmap (default: the current directory); or OLD_PATH NEW_PATH.",
                       show_default=False, metavar="[REV] [PATH] | OLD_PATH NEW_PATH"),
    ] = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="slip: exit 1 when a date on the critical path moved later (the end, an outcome, critical work).")] = None,
    output_format: Annotated[PathFormat, typer.Option("--format", "-f", help="text, markdown (a pull-request comment: summary first, details folded) or json.")] = PathFormat.text,
    output: OutputOption = None,
) -> None:
    """What changed in the roadmap since a git revision, or between two copies.

    Compares entries by id, not lines: work added and removed, dates slipped or pulled in
    (and whether on the critical path), status, phase and stage moves, metric values and
    targets (better or worse), owners, the projected end, each outcome's date and the
    checklist score. Both versions are projected as of the same day. Old versions are
    read with git itself: nothing is checked out.
    """
    from .check import SettingsError, settings_for
    from .diff import diff_versions, version_at, version_of_path, version_on_disk
    from .git import GitError, NoRepository, repository_at
    from .loader import UsageError

    targets = list(targets or [])
    if len(targets) > 2:
        raise _fail_usage(f"diff takes a revision and a path, or two paths; got {len(targets)} arguments")
    if "-" in targets:
        raise _fail_usage("diff reads its versions from files or git, not standard input")
    wants_json = "json" if output_format is PathFormat.json else None
    try:
        if len(targets) == 2 and os.path.exists(targets[0]):
            _not_a_revision_too(targets[0])
            old = version_of_path(targets[0])
            new = version_on_disk(_load_one([targets[1]], wants_json), targets[1], root=targets[1])
            path = targets[1]
        else:
            if len(targets) == 2:
                revision, path = targets
            elif len(targets) == 1 and os.path.exists(targets[0]):
                _not_a_revision_too(targets[0])
                revision, path = None, targets[0]
            else:
                revision, path = (targets[0] if targets else None), "."
            repository = repository_at(path)  # before reading: a path outside any repository fails fast
            if len(targets) == 2 and not os.path.exists(path) and repository.resolves(path):
                raise _fail_usage(f"{path}: a revision, not a path: diff compares a revision with the work tree "
                                  f"(git stash or a worktree gives a second one), or two paths")
            if revision is not None and ".." in revision:
                raise _fail_usage(f"{revision}: diff takes one revision and compares it with the work tree, not a range")
            roadmap = _load_one([path], wants_json)
            if revision is None:
                label, commit = repository.default_base()
                label = commit.short if label == "HEAD" else label
            else:
                label, commit = revision, repository.commit(revision)
            old = version_at(repository, commit, label, repository.relative(path))
            new = version_on_disk(roadmap, "the work tree", repository=repository)
        settings = settings_for(new.roadmap, [path])  # type: ignore[arg-type]
    except NoRepository as error:  # two copies need neither
        raise _fail_usage(f"{error}; to compare two copies, give both paths: mlroadmap diff OLD_PATH NEW_PATH") from None
    except (GitError, UsageError, SettingsError) as error:
        raise _fail_usage(str(error)) from None
    from .schedule import ScheduleOverflow

    try:
        changes = diff_versions(old, new, as_of=_parse_date(as_of), dates=_dates(dates), settings=settings)
    except ScheduleOverflow as error:  # the new version's (the old one's is listed with its problems)
        raise _overflowed(new.roadmap, error) from None  # type: ignore[arg-type]
    from .diff import diff_document

    # JSON: every change (the diff's own to_dict), not the document's tables.
    _emit_report(changes if output_format is PathFormat.json else diff_document(changes), "document", output_format, output)
    if fail_on is FailOn.slip and changes.slipped:
        moved = ", ".join(f"{change.subject} {change.days:+d} d" for change in changes.slipped[:5])
        more = f" and {len(changes.slipped) - 5} more" if len(changes.slipped) > 5 else ""
        sys.stderr.write(f"mlroadmap: the critical path slipped since {old.label}: {moved}{more}\n")
        raise typer.Exit(EXIT_INVALID)


def _not_a_revision_too(path: str) -> None:
    """Refuse a name that is both a file and a revision, as git does, rather than guess."""
    from .git import GitError, repository_at

    try:
        ambiguous = repository_at(path).resolves(path)
    except GitError:
        return  # no repository: a path it is
    if ambiguous:
        raise _fail_usage(f"{path}: both a path and a revision; write ./{path} for the path, or {path}^{{commit}} for the revision")


@app.command()
def history(
    subject: Annotated[str, typer.Argument(help="MODEL/METRIC (e.g. intent-clf/macro-f1), an outcome id, or a work id.", show_default=False)],
    path: Annotated[str, typer.Argument(help="The roadmap: a file or directory in a git repository.", metavar="[PATH]")] = ".",
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, help="Read only the newest N commits that changed PATH.", metavar="N")] = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[PathFormat, typer.Option("--format", "-f", help="text (with a sparkline), markdown or json.")] = PathFormat.text,
    output: OutputOption = None,
) -> None:
    """How one metric, outcome or piece of work changed over the commits that changed it.

    One row per commit that changed it (date, commit, author, value, change: better or
    worse), and one for the work tree when it differs. For work: status, planned and
    projected dates, each version projected as of its commit's date. Follows renames of
    a single file; a merged branch's changes show at its merge.
    """
    from .git import GitError
    from .history import history as read_history, history_document
    from .loader import UsageError

    try:
        found = read_history(path, subject, limit=limit, as_of=_parse_date(as_of), dates=_dates(dates))
    except (GitError, UsageError) as error:
        raise _fail_usage(str(error)) from None
    _emit_report(found if output_format is PathFormat.json else history_document(found), "document", output_format, output)


@app.command()
def graph(
    paths: PathsArgument,
    output_format: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="gantt (Mermaid gantt), mermaid (Mermaid flowchart), dot (Graphviz) or json.")
    ] = GraphFormat.gantt,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    output: OutputOption = None,
) -> None:
    """Export the dependency graph: a Mermaid gantt or flowchart, Graphviz DOT, or JSON."""
    from .analysis import Analysis
    from .render import graph_formats

    from .schedule import ScheduleOverflow

    roadmap = _load_one(paths)
    try:
        report = Analysis(roadmap, _parse_date(as_of), dates=_dates(dates)).critical_path()
    except ScheduleOverflow as error:
        raise _overflowed(roadmap, error) from None
    render = {
        GraphFormat.gantt: graph_formats.mermaid_gantt,
        GraphFormat.mermaid: graph_formats.mermaid_flowchart,
        GraphFormat.dot: graph_formats.dot,
        GraphFormat.json: graph_formats.graph_json,
    }[output_format]
    _emit(render(report), output)


class CalendarFormat(str, Enum):
    ics = "ics"
    json = "json"


@app.command()
def calendar(
    paths: PathsArgument,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[CalendarFormat, typer.Option("--format", "-f", help="ics (iCalendar, RFC 5545) or json.")] = CalendarFormat.ics,
    output: OutputOption = None,
) -> None:
    """Export the roadmap's dates as an iCalendar file for Google Calendar or Outlook.

    Retraining and revalidation cycles and other recurring work (as recurring events),
    audits, decisions with the stakeholders who sign them off, experiment decision dates,
    regulatory deadlines and milestones, at their projected dates. Each event keeps its
    UID from run to run, so a calendar subscribed to the file follows the roadmap; the
    file names people and never invites them.
    """
    from .analysis import Analysis
    from .schedule import ScheduleOverflow

    roadmap = _load_one(paths, "json" if output_format is CalendarFormat.json else None)
    day = _parse_date(as_of)
    if output_format is CalendarFormat.ics:
        from .render.ical import stamp_from

        try:
            stamp = stamp_from()
        except ValueError as error:
            raise _fail_usage(str(error)) from None
    try:
        found = Analysis(roadmap, day, dates=_dates(dates)).events()
    except ScheduleOverflow as error:
        raise _overflowed(roadmap, error) from None
    if not found.events:
        sys.stderr.write("mlroadmap: note: the calendar is empty: the roadmap has no decisions, audits, milestones, "
                         "experiments with decide_by, regulations with due, recurring work or models with a cadence\n")
    if output_format is CalendarFormat.json:
        import json

        _emit(json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n", output)
        return
    from .render.ical import to_ics

    _emit(to_ics(found, stamp), output)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _selectors(values: list[str] | None) -> list[str]:
    """``--select MLR1,ethics --select MLR2`` -> ["MLR1", "ethics", "MLR2"]."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


SelectorOption = Optional[list[str]]


@app.command()
def check(
    paths: PathsArgument,
    select: Annotated[SelectorOption, typer.Option("--select", help="Run only these rules: ids, id prefixes (MLR13), names or groups; comma-separated or repeated.", metavar="RULES")] = None,
    ignore: Annotated[SelectorOption, typer.Option("--ignore", help="Skip these rules (added to the configured ones).", metavar="RULES")] = None,
    severity: Annotated[Level, typer.Option("--severity", help="Show problems of at least this severity: error, warning or info.")] = Level.info,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too (exit 1).")] = False,
    output_format: Annotated[
        Optional[CheckFormat],
        typer.Option("--format", "-f", help="text, json, github (workflow annotations; the default under GitHub Actions) or sarif (SARIF 2.1.0)."),
    ] = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    output: OutputOption = None,
) -> None:
    """Check the roadmap against the AI/ML checklist: which practices it meets, which it misses, where.

    Prints the checklist score by section, then each problem as file:line:col: [MLR111] message.
    Settings: `checks:` in the roadmap header, or [tool.mlroadmap] in pyproject.toml; an
    entry waives a rule with `waive: {MLR152: reason}`. Exit 0 no errors (with --strict: no
    warnings either), 1 problems or an invalid roadmap, 2 usage error.
    """
    from .analysis import Analysis
    from .check import SettingsError, check as run_check, settings_for

    if strict and severity is Level.error:
        raise _fail_usage("--strict fails on warnings, which --severity error hides; use one of them")
    if select is not None and not _selectors(select):
        raise _fail_usage("--select: no rules given")
    day = _parse_date(as_of)
    fmt = output_format or CheckFormat(_default_format(None).value)
    roadmap = _load_one(paths, fmt.value, output, passed=False)
    try:
        settings = settings_for(roadmap, paths)
        if select:
            settings.update({"select": _selectors(select)}, "--select")
        if ignore:
            settings.update({"ignore": _selectors(ignore)}, "--ignore")
    except SettingsError as error:
        raise _fail_usage(str(error)) from None
    from .schedule import ScheduleOverflow

    try:
        report = run_check(Analysis(roadmap, day, settings, dates=_dates(dates)), minimum=severity.value)
    except ScheduleOverflow as error:
        raise _overflowed(roadmap, error) from None
    if fmt is CheckFormat.json:
        import json

        _emit(json.dumps({"valid": True, **report.to_dict(), "passed": report.passed(strict)}, indent=2, ensure_ascii=False) + "\n", output)
    elif fmt is CheckFormat.sarif:
        from .render.sarif import to_sarif

        _emit(to_sarif(report), output)
    elif fmt is CheckFormat.github:
        from .diagnostics import render_github

        _emit(render_github(report.problems), output)
    else:
        from .render.check import to_text

        _emit(to_text(report), output)
    raise typer.Exit(EXIT_OK if report.passed(strict) else EXIT_INVALID)


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def rules(
    rule_ids: Annotated[Optional[list[str]], typer.Argument(help="Rules to explain: ids, id prefixes, names or groups. All when omitted.", metavar="RULE", show_default=False)] = None,
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="text, json or markdown (the README's table).")] = RulesFormat.text,
) -> None:
    """List the rules `check` runs, or explain some: why, how to fix, a bad and a good example."""
    from .render.check import rule_table, rule_text, rules_markdown
    from .rules import RULES, UnknownRule, resolve

    try:
        chosen = sorted({rule_id for selector in _selectors(rule_ids) for rule_id in resolve(selector)}) if rule_ids else sorted(RULES)
    except UnknownRule as error:
        raise _fail_usage(str(error)) from None
    selected = [RULES[rule_id] for rule_id in chosen]
    if output_format is RulesFormat.json:
        import json

        sys.stdout.write(json.dumps([rule.to_dict() for rule in selected], indent=2, ensure_ascii=False) + "\n")
    elif output_format is RulesFormat.markdown:
        sys.stdout.write(rules_markdown(selected))
    elif rule_ids:
        sys.stdout.write("\n".join(rule_text(rule) for rule in selected))
    else:
        sys.stdout.write(rule_table(selected))


def _capture(draw, *, to_file: bool) -> str:  # noqa: ANN001 - a callable taking a rich Console
    """Render with rich into text: styled for a terminal, plain when piped, to a file or
    under NO_COLOR (rich reads NO_COLOR itself)."""
    import io

    from rich.console import Console

    if to_file or not sys.stdout.isatty():
        buffer = io.StringIO()
        draw(Console(file=buffer, width=100 if to_file else None, no_color=True, highlight=False, emoji=False, color_system=None))
        # Rich pads table titles to the full width; plain text has no trailing blanks.
        return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    console = Console(highlight=False, emoji=False)
    with console.capture() as captured:
        draw(console)
    return captured.get()


def _found(validation: Validation) -> str:
    """"Found 3 problems in 2 files" (errors only: warnings do not fail a run)."""
    errors = [d for d in validation.diagnostics if d.severity == "error"]
    files = len({d.location.file for d in errors})
    return f"Found {len(errors)} problem{'s' * (len(errors) != 1)} in {files} file{'s' * (files != 1)}"


def _summary(validation: Validation) -> str:
    from .model import count_of

    lines = []
    for roadmap in validation.roadmaps:
        counts = [count_of(name, len(entities)) for name, entities in roadmap.sections.items() if entities]
        files = len(roadmap.files)
        lines.append(f"{roadmap.info.name}: valid ({files} file{'s' * (files != 1)}; {', '.join(counts) or 'no entries'}).\n")
    return "".join(lines)


def main() -> None:
    """Console entry point: no Python traceback reaches the user."""
    # A stream the shell closed (`>&-`, `2>&-`) is None in Python; what would go there is
    # discarded, as Python's own print() does, and the exit code still tells the result.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
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
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            _internal_error(error)
        # `> report.txt` on a full disk: the output is incomplete, and says why.
        sys.stderr.write(f"mlroadmap: error: cannot write the output: {error.strerror}\n")
        sys.exit(EXIT_USAGE)
    except Exception as error:  # noqa: BLE001 - last line of defence, see docstring
        _internal_error(error)


def _internal_error(error: Exception) -> NoReturn:
    if os.environ.get("MLROADMAP_DEBUG"):
        raise error
    sys.stderr.write(
        f"mlroadmap: internal error: {type(error).__name__}: {error}\n"
        "This is a bug in mlroadmap; rerun with MLROADMAP_DEBUG=1 for the traceback and report it.\n"
    )
    sys.exit(EXIT_USAGE)


def run() -> NoReturn:
    """The ``mlroadmap`` process: :func:`main`, then exit without freeing the heap object
    by object. A 10,000-item roadmap leaves hundreds of thousands of small objects that
    the interpreter's shutdown would release one at a time, about 0.1 s of a 1.5 s
    ``critical-path`` (0.5 s at 50,000 items), for memory the OS takes back at once
    anyway; mypy exits the same way. :func:`main` stays the in-process entry point.

    The cyclic garbage collector runs every 50,000 allocations instead of every 700:
    the roadmap's objects live until exit and form no cycles, and walking them again and
    again took about 0.2 s of that 1.5 s (13%), for no memory back (the same peak, one run
    at 50,000 items)."""
    import gc

    gc.set_threshold(50_000, 20, 100)
    try:
        main()
        code: int = EXIT_OK
    except SystemExit as exit_:
        if exit_.code is None or isinstance(exit_.code, int):
            code = exit_.code or EXIT_OK
        else:  # sys.exit("message"), as the interpreter would show it
            sys.stderr.write(f"{exit_.code}\n")
            code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader left (`| head`): not an error of ours, as in main()
    except OSError as error:  # a full disk under `> report.txt`: the output is incomplete
        code = EXIT_USAGE
        try:
            sys.stderr.write(f"mlroadmap: error: cannot write the output: {error.strerror or error}\n")
        except OSError:
            pass
    try:
        sys.stderr.flush()
    except OSError:
        pass
    if sys.getprofile() or sys.gettrace():
        # cProfile, coverage or a debugger wants its output written at a normal exit.
        sys.exit(code)
    os._exit(code)
