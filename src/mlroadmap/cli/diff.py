"""``mlroadmap diff`` and ``mlroadmap history``: what changed, by id, between versions."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..render.formats import choices
from .app import app
from .common import (
    EXIT_INVALID,
    AsOfOption,
    DatesOption,
    OutputOption,
    dates_of,
    emit_result,
    fail_usage,
    load_one,
    overflowed,
    parse_date,
)

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
    from ..render.formats import Choice as HistoryFormat
else:
    Format = choices("diff")
    HistoryFormat = choices("history")


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
    output_format: Annotated[Format, typer.Option("--format", "-f", help="text, markdown (a pull-request comment: summary first, details folded) or json.")] = Format.text,
    output: OutputOption = None,
) -> None:
    """What changed in the roadmap since a git revision, or between two copies.

    Compares entries by id, not lines: work added and removed, dates slipped or pulled in
    (and whether on the critical path), status, phase and stage moves, metric values and
    targets (better or worse), owners, the projected end, each outcome's date and the
    checklist score. Both versions are projected as of the same day. Old versions are
    read with git itself: nothing is checked out.
    """
    from ..check import SettingsError, settings_for
    from ..diff import diff_versions, versions
    from ..git import GitError, NoRepository
    from ..loader import UsageError

    wants_json = "json" if output_format.value == "json" else None
    try:
        old, new, path = versions(list(targets or []), lambda where: load_one([where], wants_json))
        settings = settings_for(new.roadmap, [path])  # type: ignore[arg-type]
    except NoRepository as error:  # two copies need neither
        raise fail_usage(f"{error}; to compare two copies, give both paths: mlroadmap diff OLD_PATH NEW_PATH") from None
    except (GitError, UsageError, SettingsError) as error:
        raise fail_usage(str(error)) from None
    from ..schedule import ScheduleOverflow

    try:
        changes = diff_versions(old, new, as_of=parse_date(as_of), dates=dates_of(dates), settings=settings)
    except ScheduleOverflow as error:  # the new version's (the old one's is listed with its problems)
        raise overflowed(new.roadmap, error) from None  # type: ignore[arg-type]
    emit_result("diff", output_format, changes, output)
    if fail_on is FailOn.slip and changes.slipped:
        moved = ", ".join(f"{change.subject} {change.days:+d} d" for change in changes.slipped[:5])
        more = f" and {len(changes.slipped) - 5} more" if len(changes.slipped) > 5 else ""
        sys.stderr.write(f"mlroadmap: the critical path slipped since {old.label}: {moved}{more}\n")
        raise typer.Exit(EXIT_INVALID)


@app.command()
def history(
    subject: Annotated[str, typer.Argument(help="MODEL/METRIC (e.g. intent-clf/macro-f1), an outcome id, or a work id.", show_default=False)],
    path: Annotated[str, typer.Argument(help="The roadmap: a file or directory in a git repository.", metavar="[PATH]")] = ".",
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, help="Read only the newest N commits that changed PATH.", metavar="N")] = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[HistoryFormat, typer.Option("--format", "-f", help="text (with a sparkline), markdown or json.")] = HistoryFormat.text,
    output: OutputOption = None,
) -> None:
    """How one metric, outcome or piece of work changed over the commits that changed it.

    One row per commit that changed it (date, commit, author, value, change: better or
    worse), and one for the work tree when it differs. For work: status, planned and
    projected dates, each version projected as of its commit's date. Follows renames of
    a single file; a merged branch's changes show at its merge.
    """
    from ..git import GitError
    from ..history import history as read_history
    from ..loader import UsageError

    try:
        found = read_history(path, subject, limit=limit, as_of=parse_date(as_of), dates=dates_of(dates))
    except (GitError, UsageError) as error:
        raise fail_usage(str(error)) from None
    emit_result("history", output_format, found, output)
