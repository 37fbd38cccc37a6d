"""``mlroadmap capacity``: who is booked when, and what the team's size does to the dates."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..render.formats import choices
from .app import app
from .common import AsOfOption, AssumeOption, OutputOption, PathsArgument, assumed, emit_result, load_one, overflowed, parse_date, quarter_of_roadmap

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
else:
    Format = choices("capacity")


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
    assume: AssumeOption = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="text, json or markdown.")] = Format.text,
    output: OutputOption = None,
) -> None:
    """Who is booked when: load per person and team, over-allocations, skill gaps, and
    each outcome's date by dependencies alone and with the team's capacity.

    The load is the plan's (each piece of work's effort spread over its dependency-only
    dates); over-allocated periods are marked with '!'. The dates with capacity come from
    a list scheduler that never books anyone past capacity.
    """
    from ..analysis import Analysis
    from ..schedule import ScheduleOverflow

    roadmap = load_one(paths, "json" if output_format.value == "json" else None)
    roadmap = assumed(roadmap, assume, parse_date(as_of))
    if quarter is not None:
        quarter = quarter_of_roadmap(roadmap, quarter)  # as show and report: outside the period no work is
    try:
        report = Analysis(roadmap, parse_date(as_of)).capacity(by=by.value, quarter=quarter, levelled_load=levelled)
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    emit_result("capacity", output_format, report, output)
