"""``mlroadmap forecast``: how likely each date is, from the roadmap's estimates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..render.formats import choices
from .app import app
from .common import AsOfOption, AssumeOption, DatesOption, OutputOption, PathsArgument, assumed, dates_of, emit_result, fail_usage, load_one, overflowed, parse_date

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
else:
    Format = choices("forecast")


MAX_SAMPLES = 1_000_000


@app.command("forecast")
def forecast(
    paths: PathsArgument,
    samples: Annotated[int, typer.Option("--samples", help="How many samples to draw.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="The random seed: the same seed gives the same output, byte for byte.")] = 0,
    relevel: Annotated[bool, typer.Option("--relevel", help="Compute the projection again in every sample (levelling again "
                                          "with the team's capacity): exact, at a schedule's cost per sample.")] = False,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    assume: AssumeOption = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="text, json or markdown.")] = Format.text,
    output: OutputOption = None,
) -> None:
    """How likely each date is: a Monte Carlo forecast from the work's estimates.

    Each sample draws every `estimate: {low, likely, high}` from a triangular
    distribution and moves the roadmap's dates (the same projection as every other
    command) by what it drew. Prints the end's and each deadline's, decision's and
    model's 50/80/95% dates, the chance of meeting each due date, and the work that most
    often sets the end.
    """
    from ..analysis import Analysis
    from ..check import SettingsError, settings_for
    from ..forecast import forecast as run_forecast
    from ..schedule import ScheduleOverflow

    if samples < 1:
        raise fail_usage(f"--samples: at least 1, not {samples}")
    if samples > MAX_SAMPLES:  # memory is about 4 bytes per sample per date kept: 10 million ran out of 13 GB
        raise fail_usage(f"--samples: at most {MAX_SAMPLES:,}, not {samples:,} (a percentile's sampling error at 100,000 is already "
                         "a small fraction of a day)")
    if seed < 0:
        raise fail_usage(f"--seed: at least 0, not {seed}")
    roadmap = load_one(paths, "json" if output_format.value == "json" else None)
    roadmap = assumed(roadmap, assume, parse_date(as_of))
    try:
        analysis = Analysis(roadmap, parse_date(as_of), settings_for(roadmap, paths), dates=dates_of(dates))
        result = run_forecast(analysis, samples=samples, seed=seed, relevel=relevel)
    except SettingsError as error:
        raise fail_usage(str(error)) from None
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    emit_result("forecast", output_format, result, output)
