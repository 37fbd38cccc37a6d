"""``mlroadmap graph``: the dependency graph as a Mermaid gantt or flowchart, Graphviz DOT, or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

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
    Format = choices("graph")


@app.command()
def graph(
    paths: PathsArgument,
    output_format: Annotated[
        Optional[Format], typer.Option("--format", "-f", help="gantt (Mermaid gantt), mermaid (Mermaid flowchart), dot (Graphviz), "
                                       "svg or png (a timeline image, drawn by matplotlib) or json; default: what -o's file name "
                                       "says (.svg, .png, .dot, .json), else gantt.", show_default=False)
    ] = None,
    around: Annotated[Optional[str], typer.Option(
        "--around", metavar="ID", help="Only the work ID waits on and the work that waits on it; for an outcome, the work "
        "that serves it and all it waits on.")] = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    assume: AssumeOption = None,
    output: OutputOption = None,
) -> None:
    """Export the dependency graph: a Mermaid gantt or flowchart, Graphviz DOT, a timeline
    image (SVG or PNG), or JSON."""
    from ..analysis import Analysis
    from ..critical_path import cone, cut
    from ..schedule import ScheduleOverflow

    roadmap = load_one(paths)
    roadmap = assumed(roadmap, assume, parse_date(as_of))
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
        if not report.schedule.tasks:
            raise fail_usage(f"--around {around}: no work serves that outcome, so there is nothing to draw")
    from ..render.graph_formats import CannotDraw

    try:
        emit_result("graph", _format(output_format, output), report, output)
    except CannotDraw as error:
        raise fail_usage(str(error)) from None


IMAGES = {".svg": "svg", ".png": "png"}
BY_SUFFIX = {**IMAGES, ".dot": "dot", ".gv": "dot", ".json": "json"}


def _format(chosen: Format | None, output: str | None) -> str:
    """The format asked for, or the one ``-o``'s file name says (``plan.png``), else gantt;
    an image's name with a text format is refused, not written as text."""
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    if chosen is None:
        return BY_SUFFIX.get(suffix, "gantt")
    if suffix in IMAGES and chosen.value != IMAGES[suffix]:
        raise fail_usage(f"-o {output}: --format {chosen.value} is not {IMAGES[suffix]}; give --format {IMAGES[suffix]}, or another file name")
    return chosen.value
