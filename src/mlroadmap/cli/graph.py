"""``mlroadmap graph``: the dependency graph as a Mermaid gantt or flowchart, Graphviz DOT, or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..render.formats import choices
from .app import app
from .common import AsOfOption, DatesOption, OutputOption, PathsArgument, dates_of, emit_result, load_one, overflowed, parse_date

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
else:
    Format = choices("graph")


@app.command()
def graph(
    paths: PathsArgument,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="gantt (Mermaid gantt), mermaid (Mermaid flowchart), dot (Graphviz) or json.")
    ] = Format.gantt,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    output: OutputOption = None,
) -> None:
    """Export the dependency graph: a Mermaid gantt or flowchart, Graphviz DOT, or JSON."""
    from ..analysis import Analysis
    from ..schedule import ScheduleOverflow

    roadmap = load_one(paths)
    try:
        report = Analysis(roadmap, parse_date(as_of), dates=dates_of(dates)).critical_path()
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    emit_result("graph", output_format, report, output)
