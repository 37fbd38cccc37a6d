"""``mlroadmap diff`` and ``mlroadmap history``: what changed, by id, between versions."""

from __future__ import annotations

import os
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
    from ..diff import diff_versions, version_at, version_of_path, version_on_disk
    from ..git import GitError, NoRepository, repository_at
    from ..loader import UsageError

    targets = list(targets or [])
    if len(targets) > 2:
        raise fail_usage(f"diff takes a revision and a path, or two paths; got {len(targets)} arguments")
    if "-" in targets:
        raise fail_usage("diff reads its versions from files or git, not standard input")
    wants_json = "json" if output_format.value == "json" else None
    try:
        if len(targets) == 2 and os.path.exists(targets[0]):
            _not_a_revision_too(targets[0])
            old = version_of_path(targets[0])
            new = version_on_disk(load_one([targets[1]], wants_json), targets[1], root=targets[1])
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
                raise fail_usage(f"{path}: a revision, not a path: diff compares a revision with the work tree "
                                 f"(git stash or a worktree gives a second one), or two paths")
            if revision is not None and ".." in revision:
                raise fail_usage(f"{revision}: diff takes one revision and compares it with the work tree, not a range")
            roadmap = load_one([path], wants_json)
            if revision is None:
                label, commit = repository.default_base()
                label = commit.short if label == "HEAD" else label
            else:
                label, commit = revision, repository.commit(revision)
            old = version_at(repository, commit, label, repository.relative(path))
            new = version_on_disk(roadmap, "the work tree", repository=repository)
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


def _not_a_revision_too(path: str) -> None:
    """Refuse a name that is both a file and a revision, as git does, rather than guess."""
    from ..git import GitError, repository_at

    try:
        ambiguous = repository_at(path).resolves(path)
    except GitError:
        return  # no repository: a path it is
    if ambiguous:
        raise fail_usage(f"{path}: both a path and a revision; write ./{path} for the path, or {path}^{{commit}} for the revision")


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
