"""``mlroadmap critical-path``: what sets the end date, and what blocks several workstreams."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..render.formats import choices
from .app import app
from .common import (
    AsOfOption,
    AssumeOption,
    DatesChoice,
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
)

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
else:
    Format = choices("critical-path")


@app.command("critical-path")
def critical_path(
    paths: PathsArgument,
    track: Annotated[Optional[str], typer.Option("--track", help="Show only the work of this track.")] = None,
    outcome: Annotated[Optional[str], typer.Option("--outcome", help="The chain that sets this outcome's date.")] = None,
    min_tracks: Annotated[Optional[int], typer.Option("--min-tracks", min=1, help="List work that blocks at least this many tracks (default: the check settings' min_tracks, else 2).", show_default=False)] = None,
    dates: DatesOption = None,
    resources: Annotated[bool, typer.Option("--resources", hidden=True, help="The same as --dates capacity.")] = False,
    as_of: AsOfOption = None,
    assume: AssumeOption = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="text, json or markdown.")] = Format.text,
    output: OutputOption = None,
) -> None:
    """What sets the end date, and which open work blocks several workstreams.

    Prints the critical chain (dates, work, track, owner, slack), the cross-track blockers
    ranked by tracks blocked, then work waiting, then slack, and planned dates that break
    a dependency or miss a due date. With the team's capacity (--dates capacity, the
    default when people or teams are declared), the chain also follows the work that
    holds someone's time.
    """
    from ..analysis import Analysis
    from ..check import SettingsError, settings_for
    from ..schedule import ScheduleOverflow

    roadmap = load_one(paths, "json" if output_format.value == "json" else None)
    roadmap = assumed(roadmap, assume, parse_date(as_of))
    if outcome is not None and outcome not in {o.id for o in roadmap.outcomes}:
        raise fail_usage(f"--outcome: no outcome {outcome!r}; the roadmap's outcomes are: {', '.join(o.id for o in roadmap.outcomes) or 'none'}")
    if track is not None:
        check_track(roadmap, track)
    if resources and dates is DatesChoice.dependencies:
        raise fail_usage("--resources is --dates capacity; give one of them")
    try:
        analysis = Analysis(roadmap, parse_date(as_of), settings_for(roadmap, paths),
                            dates="capacity" if resources else dates_of(dates))
        report = analysis.critical_path(min_tracks=min_tracks, track=track, outcome=outcome)
    except SettingsError as error:
        raise fail_usage(str(error)) from None
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    emit_result("critical-path", output_format, report, output)
