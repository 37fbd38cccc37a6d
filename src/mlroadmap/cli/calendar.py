"""``mlroadmap calendar``: the roadmap's cycles, audits, decisions and deadlines as iCalendar."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

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
    dates_of,
    emit_result,
    fail_usage,
    load_one,
    overflowed,
    parse_date,
)

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
else:
    Format = choices("calendar")


@app.command()
def calendar(
    paths: PathsArgument,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    assume: AssumeOption = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="ics (iCalendar, RFC 5545) or json.")] = Format.ics,
    output: OutputOption = None,
) -> None:
    """Export the roadmap's dates as an iCalendar file for Google Calendar or Outlook.

    Retraining and revalidation cycles and other recurring work (as recurring events),
    audits, decisions with the stakeholders who sign them off, experiment decision dates,
    regulatory deadlines, the deadline of each occurrence of recurring work (due_each)
    and milestones, at their projected dates. Each event keeps its
    UID from run to run, so a calendar subscribed to the file follows the roadmap; the
    file names people and never invites them.
    """
    from ..analysis import Analysis
    from ..schedule import ScheduleOverflow

    roadmap = load_one(paths, "json" if output_format.value == "json" else None)
    roadmap = assumed(roadmap, assume, parse_date(as_of))
    day = parse_date(as_of)
    if output_format.value == "ics":
        from ..render.ical import stamp_from

        try:
            stamp_from()  # a bad SOURCE_DATE_EPOCH is the user's to fix before any work
        except ValueError as error:
            raise fail_usage(str(error)) from None
    try:
        found = Analysis(roadmap, day, dates=dates_of(dates)).events()
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    if not found.events:
        sys.stderr.write("mlroadmap: note: the calendar is empty: the roadmap has no decisions, audits, milestones, "
                         "experiments with decide_by, regulations with due, recurring work or models with a cadence\n")
    emit_result("calendar", output_format, found, output)
