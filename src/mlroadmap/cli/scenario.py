"""``mlroadmap scenario compare``: the plan's dates beside each scenario's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..render.formats import choices
from .app import app
from .common import AsOfOption, DatesOption, OutputOption, PathsArgument, dates_of, emit_result, fail_usage, load_one, overflowed, parse_date

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
else:
    Format = choices("scenarios")

scenario_app = typer.Typer(help="What-ifs: the dates that move under the roadmap's scenarios or your own assumptions.",
                           no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")

CompareAssumeOption = Annotated[
    Optional[list[str]],
    typer.Option("--assume", help="An assumption as YAML, e.g. '{slip: txn-data, by: 30d}' (the braces optional), or a "
                 "scenario's id; repeat it for more. Together they make one more scenario.", metavar="SCENARIO|YAML"),
]


@scenario_app.command("compare")
def compare(
    paths: PathsArgument,
    scenario: Annotated[Optional[list[str]], typer.Option("--scenario", "-s", help="A scenario of the roadmap's "
                                                          "'scenarios:' (default: every one); repeat it for more.", metavar="ID")] = None,
    assume: CompareAssumeOption = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="text, json or markdown.")] = Format.text,
    output: OutputOption = None,
) -> None:
    """The plan against one or more scenarios: the dates that move, by how much, and why.

    A scenario is a list of assumptions: {slip: ID, by: 30d}, {duration: ID, to: 6w},
    {capacity: PERSON, to: 0.5}, {without: PERSON}, {hire: NEW-ID, team: TEAM}. Keep them
    in the roadmap under 'scenarios:' or give them with --assume. Nothing is written to
    the roadmap's files.
    """
    from ..analysis import Analysis
    from ..check import SettingsError, settings_for
    from ..scenarios import AssumptionError, chosen
    from ..scenarios import compare as run_compare
    from ..schedule import ScheduleOverflow

    roadmap = load_one(paths, "json" if output_format.value == "json" else None)
    day = parse_date(as_of)
    try:
        compared = chosen(roadmap, scenario, assume)
        analysis = Analysis(roadmap, day, settings_for(roadmap, paths), dates=dates_of(dates))
        result = run_compare(analysis, compared)
    except AssumptionError as error:
        raise fail_usage(f"{error.given}: {error}" if error.given else str(error)) from None
    except SettingsError as error:
        raise fail_usage(str(error)) from None
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    emit_result("scenarios", output_format, result, output)
