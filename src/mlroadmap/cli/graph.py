"""``mlroadmap graph``: the dependency graph as a Mermaid gantt or flowchart, Graphviz DOT, or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..render.formats import choices
from .app import app
from .common import (
    AsOfOption,
    DatesOption,
    OutputOption,
    PathsArgument,
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
    Format = choices("graph")


@app.command()
def graph(
    paths: PathsArgument,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="gantt (Mermaid gantt), mermaid (Mermaid flowchart), dot (Graphviz), "
                             "svg or png (a timeline image, drawn by matplotlib) or json.")
    ] = Format.gantt,
    around: Annotated[Optional[str], typer.Option(
        "--around", metavar="ID", help="Only the work ID waits on and the work that waits on it; for an outcome, the work "
        "that serves it and all it waits on.")] = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    output: OutputOption = None,
) -> None:
    """Export the dependency graph: a Mermaid gantt or flowchart, Graphviz DOT, a timeline
    image (SVG or PNG), or JSON."""
    from ..analysis import Analysis
    from ..critical_path import cone, cut
    from ..schedule import ScheduleOverflow

    roadmap = load_one(paths)
    try:
        report = Analysis(roadmap, parse_date(as_of), dates=dates_of(dates)).critical_path()
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    if around is not None:
        outcomes = {outcome.id for outcome in roadmap.outcomes}
        if around not in report.schedule.tasks and around not in outcomes:
            from ..suggest import Suggester

            raise fail_usage(f"--around: no work or outcome {around!r}{Suggester().hint(around, [*report.schedule.tasks, *outcomes])}")
        report = cut(report, cone(report, around))
    from ..render.graph_formats import TooLarge

    try:
        emit_result("graph", output_format, report, output)
    except TooLarge as error:
        raise fail_usage(str(error)) from None
