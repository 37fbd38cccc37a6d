"""``forecast`` as terminal output (rich) and as Markdown: the same rows, two looks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from ..forecast import EntityForecast, Forecast, OutcomeForecast

# The dates a PM asks about: deadlines, decisions, regulations' dates, models.
DATED_KINDS = ("decisions", "regulations", "models")
DRIVERS = 10  # the estimated work most often on the chain that sets the end


def _projection(forecast: Forecast) -> str:
    return "with the team's capacity" if forecast.dates == "capacity" else "by dependencies alone"


def headline(forecast: Forecast) -> str:
    p50, p80, p95 = forecast.end
    sampled = f"{forecast.samples:,} samples (seed {forecast.seed})"
    if not forecast.estimated:
        return (f"{forecast.roadmap}: no work carries an estimate, so every sample is the plan: the roadmap ends on "
                f"{forecast.deterministic_end} ({sampled}, as of {forecast.as_of}, dates {_projection(forecast)}).")
    return (f"{forecast.roadmap}: the plan says {forecast.deterministic_end}; 50% likely by {p50}, 80% by {p80}, "
            f"95% by {p95} ({sampled} over {forecast.estimated} estimate{'s' * (forecast.estimated != 1)}, "
            f"as of {forecast.as_of}, dates {_projection(forecast)}).")


def dated(forecast: Forecast) -> list[EntityForecast]:
    """Work with a deadline, and decisions, regulations and models: by their planned date."""
    rows = [entity for entity in forecast.entities if entity.open and (entity.due is not None or entity.kind in DATED_KINDS)]
    return sorted(rows, key=lambda entity: (entity.planned, entity.id))


def drivers(forecast: Forecast, estimated: set[str] | None = None) -> list[EntityForecast]:
    """Open work by how often it sets the end (criticality), most often first."""
    rows = [entity for entity in forecast.entities if entity.criticality > 0]
    return sorted(rows, key=lambda entity: (-entity.criticality, entity.planned, entity.id))[:DRIVERS]


def _chance(entity: EntityForecast) -> str:
    return "-" if entity.p_on_time is None else f"{entity.p_on_time:.0%}"


def _day(day: dt.date | None) -> str:
    return "-" if day is None else day.isoformat()


def _row(entity: EntityForecast) -> list[str]:
    return [f"{entity.title} ({entity.id})", _day(entity.planned), _day(entity.p50), _day(entity.p80), _day(entity.p95),
            _day(entity.due), _chance(entity)]


HEADER = ["Work", "Plan", "50%", "80%", "95%", "Due", "On time"]


OUTCOME_HEADER = ["Outcome", "Plan", "50%", "80%", "95%", "Quarter ends", "In time"]


def _outcome_row(outcome: OutcomeForecast) -> list[str]:
    return [f"{outcome.title} ({outcome.id})", _day(outcome.planned), _day(outcome.p50), _day(outcome.p80), _day(outcome.p95),
            _day(outcome.due), f"{outcome.p_on_time:.0%}"]


NARROW = 110  # below this many columns, rows as two lines each instead of a table of seven dates


def _lines(title: str, rows: list[list[str]], header: list[str], console: Console) -> None:
    """A narrow terminal: each row's name on one line, its dates on the next."""
    console.print(title)
    if not rows:
        console.print("  none")
    for row in rows:
        console.print(f"  {row[0]}", overflow="fold")
        console.print("    " + ", ".join(f"{name.lower()} {cell}" for name, cell in zip(header[1:], row[1:]) if cell != "-"),
                      overflow="fold")


def to_terminal(forecast: Forecast, console: Console) -> None:
    from rich.table import Table

    console.print(headline(forecast))
    if console.width < NARROW:
        if forecast.outcomes:
            _lines("Outcomes: when their last work lands, and the chance it is within their quarter",
                   [_outcome_row(outcome) for outcome in forecast.outcomes], OUTCOME_HEADER, console)
        _lines("Deadlines, decisions and models", [_row(entity) for entity in dated(forecast)], HEADER, console)
        _lines("What sets the end most often (share of samples on the critical chain)",
               [[*_row(entity), f"{entity.criticality:.0%}"] for entity in drivers(forecast)], [*HEADER, "Critical"], console)
        return
    if forecast.outcomes:
        table = Table(title="Outcomes: when their last work lands, and the chance it is within their quarter", title_justify="left")
        for name in OUTCOME_HEADER:
            if name == "Outcome":
                table.add_column(name, overflow="fold", ratio=1, min_width=16)
            else:
                table.add_column(name, justify="right", no_wrap=True)
        for outcome in forecast.outcomes:
            table.add_row(*_outcome_row(outcome))
        console.print(table)
    for title, rows in (("Deadlines, decisions and models", dated(forecast)),
                        ("What sets the end most often (share of samples on the critical chain)", drivers(forecast))):
        table = Table(title=title, title_justify="left")
        for name in [*HEADER, *(["Critical"] if rows is not None and title.startswith("What") else [])]:
            if name == "Work":
                table.add_column(name, overflow="fold", ratio=1, min_width=16)
            else:
                table.add_column(name, justify="right", no_wrap=True)
        for entity in rows:
            table.add_row(*_row(entity), *([f"{entity.criticality:.0%}"] if title.startswith("What") else []))
        if not rows:
            table.add_row("none", *[""] * (len(table.columns) - 1))
        console.print(table)


def to_markdown(forecast: Forecast) -> str:
    lines = [f"## Forecast: {forecast.roadmap}", "", headline(forecast), ""]
    if forecast.outcomes:
        lines += ["### Outcomes", "", "| " + " | ".join(OUTCOME_HEADER) + " |", "|" + "---|" * len(OUTCOME_HEADER)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in _outcome_row(outcome)) + " |" for outcome in forecast.outcomes]
        lines.append("")
    lines += ["### Deadlines, decisions and models", ""]
    rows = dated(forecast)
    if rows:
        lines += ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in _row(entity)) + " |" for entity in rows]
    else:
        lines.append("None.")
    lines += ["", "### What sets the end most often", ""]
    top = drivers(forecast)
    if top:
        lines += ["| " + " | ".join([*HEADER, "Critical"]) + " |", "|" + "---|" * (len(HEADER) + 1)]
        lines += ["| " + " | ".join([*(cell.replace("|", "\\|") for cell in _row(entity)), f"{entity.criticality:.0%}"]) + " |"
                  for entity in top]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"
