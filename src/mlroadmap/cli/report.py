"""``mlroadmap report`` and ``mlroadmap show``: the roadmap as each stakeholder needs it,
and track by track."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..render.formats import choices
from .app import app
from .common import (
    AsOfOption,
    AssumeOption,
    DatesOption,
    OutputOption,
    PathsArgument,
    assumed,
    check_track,
    dates_of,
    emit_result,
    fail_usage,
    load_one,
    overflowed,
    parse_date,
    quarter_of_roadmap,
)

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
else:
    Format = choices("document")
FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="text (terminal), markdown (with a Mermaid gantt), html (one self-contained file) or json."),
]


class Audience(str, Enum):
    exec = "exec"
    product = "product"
    data_science = "data-science"
    engineering = "engineering"
    compliance = "compliance"
    customer_ops = "customer-ops"


@app.command()
def report(
    paths: PathsArgument,
    audience: Annotated[Audience, typer.Option("--audience", "-a", help="exec, product, data-science, engineering, compliance or customer-ops.")] = Audience.exec,
    quarter: Annotated[Optional[str], typer.Option("--quarter", help="The quarter whose targets count, e.g. 2026-Q4; default the quarter of --as-of.", metavar="QUARTER")] = None,
    as_of: AsOfOption = None,
    assume: AssumeOption = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Open with what changed since this git revision (the last review), as mlroadmap diff.", metavar="REV")] = None,
    baseline: Annotated[Optional[str], typer.Option("--baseline", help="Show how far the dates drifted from those this git revision (a tag of the approved plan) promised when it was committed.", metavar="REV")] = None,
    dates: DatesOption = None,
    output_format: FormatOption = Format.text,
    output: OutputOption = None,
) -> None:
    """The roadmap as one stakeholder needs it: outcomes, dates, metrics, decisions, risks.

    exec prints on two pages: each outcome against its target, the projected end and
    the work that sets it (the critical chain, late work, top blockers), metrics needing
    attention, decisions due for sign-off, top risks, ethical AI status and the checklist
    score. The other audiences get their sections in depth (see the README).
    """
    from ..check import SettingsError, settings_for
    from ..documents.report import build_report
    from ..schedule import ScheduleOverflow

    roadmap = load_one(paths, "json" if output_format.value == "json" else None)
    roadmap = assumed(roadmap, assume, parse_date(as_of))
    day = parse_date(as_of)
    if quarter is not None:
        quarter = quarter_of_roadmap(roadmap, quarter)
    earlier = _revision(paths, since, "--since") if since is not None else None
    promised = _baseline(paths, baseline, day) if baseline is not None else None
    try:
        settings = settings_for(roadmap, paths)
        document = build_report(roadmap, audience.value, as_of=day, quarter=quarter, settings=settings, since=earlier,
                                dates=dates_of(dates), baseline=promised)
    except SettingsError as error:
        raise fail_usage(str(error)) from None
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    emit_result("document", output_format, document, output)


def _revision(paths: list[str], revision: str, option: str) -> Any:
    """The roadmap at ``revision``, for --since and --baseline (a :class:`mlroadmap.diff.Version`)."""
    from ..diff import version_at
    from ..git import GitError, repository_at
    from ..loader import UsageError

    if len(paths) != 1 or paths[0] == "-":
        raise fail_usage(f"{option}: give the roadmap as one path (a file or a directory) in a git repository")
    try:
        repository = repository_at(paths[0])
        commit = repository.commit(revision)
        return version_at(repository, commit, revision, repository.relative(paths[0]))
    except (GitError, UsageError) as error:
        raise fail_usage(f"{option}: {error}") from None


def _baseline(paths: list[str], revision: str, as_of: Any) -> Any:
    """The roadmap at ``revision`` for --baseline: it must be there and valid, since its dates
    are the promise, and made before the as-of day (or on it), since they are its past."""
    import datetime as dt

    version = _revision(paths, revision, "--baseline")
    made = version.commit.date.date() if version.commit is not None else None
    today = as_of or dt.date.today()
    if made is not None and made > today:
        raise fail_usage(f"--baseline: {revision} was committed on {made}, after the as-of day {today}: a baseline is a promise "
                         "made before the dates it is compared with")
    if version.roadmap is None:
        raise fail_usage(f"--baseline: there is no roadmap at {paths[0]} in {revision}")
    if not version.valid:
        first = version.problems[0] if version.problems else None
        said = f": {first.location}: {first.message}" if first is not None else ""
        raise fail_usage(f"--baseline: the roadmap at {revision} does not validate{said}; a baseline must")
    return version


@app.command()
def show(
    paths: PathsArgument,
    track: Annotated[Optional[str], typer.Option("--track", "-t", help="Show only this track (model, data, ethics, monitoring, experiments, team, or a custom one).")] = None,
    quarter: Annotated[Optional[str], typer.Option("--quarter", help="Show the work that overlaps this quarter, e.g. 2026-Q4, and its metric targets.", metavar="QUARTER")] = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    assume: AssumeOption = None,
    output_format: FormatOption = Format.text,
    output: OutputOption = None,
) -> None:
    """The roadmap track by track: work by quarter and phase, models and metrics, datasets,
    audits, monitors and experiments, with status, owners, dates and what each waits on."""
    from ..documents.show import build_views
    from ..schedule import ScheduleOverflow

    roadmap = load_one(paths, "json" if output_format.value == "json" else None)
    roadmap = assumed(roadmap, assume, parse_date(as_of))
    if track is not None:
        check_track(roadmap, track)
    day = parse_date(as_of)
    if quarter is not None:
        quarter = quarter_of_roadmap(roadmap, quarter)
    try:
        document = build_views(roadmap, track=track, quarter=quarter, as_of=day, dates=dates_of(dates))
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    emit_result("document", output_format, document, output)
