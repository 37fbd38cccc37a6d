"""``forecast`` as terminal output (rich) and as Markdown: the same rows, two looks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from ..forecast import DrawnDecision, EntityForecast, Forecast, OutcomeForecast, Swing

# The dates a PM asks about: deadlines, decisions, regulations' dates, models.
DATED_KINDS = ("decisions", "regulations", "models")
DRIVERS = 10  # the estimated work most often on the chain that sets the end


def _projection(forecast: Forecast) -> str:
    if forecast.dates == "dependencies":
        return "by dependencies alone"
    if forecast.relevelled:
        return "with the team's capacity, levelled again in every sample"
    return "with the team's capacity, each person keeping the plan's order (optimistic; --relevel levels every sample again)"


def _basis(forecast: Forecast) -> str:
    """"From 10,000 samples (seed 0) over 4 estimates and 1 risk, as of ...; dates ..."."""
    sampled = f"{forecast.samples:,} sample{'s' * (forecast.samples != 1)} (seed {forecast.seed})"
    over = f" over {forecast.drawn}" if forecast.drawn else ""
    from .words import assumed

    answers = "".join(_answered(decision) for decision in forecast.decisions)
    if forecast.undrawn:
        answers += (f" {', '.join(forecast.undrawn)} follow{'s' * (len(forecast.undrawn) == 1)} the expected answer in every sample: "
                    f"a forecast draws the answers of {len(forecast.decisions)} decisions at most, each set of answers being a "
                    "projection of its own.")
    return f"From {sampled}{over}, as of {forecast.as_of}; dates {_projection(forecast)}.{assumed(forecast.dates)}{answers}"


def _answered(decision: DrawnDecision) -> str:
    """The sentence of one drawn decision: " call is answered yes (the plan's answer) in 70%
    of the samples, no in the rest." (one on a branch: of the samples that ask it)."""
    if decision.drawn is None:
        return f" {decision.id} is asked in no sample: it follows an answer no sample drew."
    if decision.asked < 1:
        return (f" {decision.id} is asked in the {_share(decision.asked)} of the samples that take the branch it is on, and answered "
                f"{decision.expect} (the plan's answer) in {_share(decision.drawn)} of those, {decision.other} in the rest.")
    if decision.drawn in (0.0, 1.0):  # every sample drew the same: there is no rest
        answer = decision.expect if decision.drawn else decision.other
        return f" {decision.id} is answered {answer} in every sample{' (the plan' + chr(39) + 's answer)' if decision.drawn else ''}."
    return (f" {decision.id} is answered {decision.expect} (the plan's answer) in {_share(decision.drawn)} of the samples, "
            f"{decision.other} in the rest.")


def headline(forecast: Forecast) -> str:
    p50, p80, p95 = forecast.end
    if not forecast.estimated and not forecast.risks and not forecast.decisions:
        return (f"{forecast.roadmap}: no work carries an estimate and no risk a delay, so every sample is the plan: the roadmap ends on "
                f"{forecast.deterministic_end}. {_basis(forecast)}")
    # Under --assume the deterministic date is the scenario's projection, not the plan's.
    says = "the scenario's projection says" if getattr(forecast.dates, "assuming", ()) else "the plan says"
    return (f"{forecast.roadmap}: {says} {forecast.deterministic_end}, which {_share(forecast.end_on_time)} of the samples "
            f"meet; 50% likely by {p50}, 80% by {p80}, 95% by {p95}. {_basis(forecast)}")


def dated(forecast: Forecast) -> list[EntityForecast]:
    """Work with a deadline, and decisions, regulations and models: by their planned date."""
    rows = [entity for entity in forecast.entities if (entity.open or entity.happens) and (entity.due is not None or entity.kind in DATED_KINDS)]
    return sorted(rows, key=lambda entity: (entity.planned, entity.id))


def drivers(forecast: Forecast) -> list[EntityForecast]:
    """Open work by how often it sets the end (criticality), most often first."""
    rows = [(entity.criticality, entity) for entity in forecast.entities if entity.criticality]  # None: not measured
    return [entity for _share, entity in sorted(rows, key=lambda pair: (-pair[0], pair[1].planned, pair[1].id))][:DRIVERS]


def _day(day: dt.date | None) -> str:
    return "-" if day is None else day.isoformat()


def _share(share: float | None) -> str:
    from ..forecast import percent

    return percent(share)


def _dates(item: EntityForecast | OutcomeForecast) -> list[str]:
    """Name, plan, 50/80/95%, due and the chance of it: the cells every section shares."""
    happens = getattr(item, "happens", None)  # on a drawn decision's branch: its dates where it happens
    sometimes = f", in {_share(happens)} of the samples" if happens is not None else ""
    planned = _day(item.planned) if item.planned is not None and getattr(item, "open", True) else "left out"  # the plan leaves it out
    return [f"{item.title} ({item.id}{sometimes})", planned, _day(item.p50), _day(item.p80), _day(item.p95),
            _day(item.due), _share(item.p_on_time)]


HEADER = ["Work", "Plan", "50%", "80%", "95%", "Due", "On time"]


@dataclass(frozen=True)
class Section:
    title: str  # the terminal's
    heading: str  # Markdown's
    header: list[str]
    rows: list[list[str]]
    empty: str = "none"  # what to say when there are no rows


def sections(forecast: Forecast) -> list[Section]:
    """What every layout shows, in order: outcomes (when there are any), deadlines,
    decisions and models, and the work that most often sets the end."""
    out = []
    if forecast.outcomes:
        out.append(Section("Outcomes: when their last work lands, and the chance it is within their quarter", "Outcomes",
                           ["Outcome", "Plan", "50%", "80%", "95%", "Quarter ends", "In time"],
                           [_dates(outcome) for outcome in forecast.outcomes]))
    out.append(Section("Deadlines, decisions and models", "Deadlines, decisions and models", HEADER,
                       [_dates(entity) for entity in dated(forecast)]))
    out.append(Section("What sets the end most often (share of samples on the critical chain)", "What sets the end most often",
                       [*HEADER, "Critical"], [[*_dates(entity), _share(entity.criticality)] for entity in drivers(forecast)]))
    if forecast.estimated or forecast.risks:
        out.append(Section("What moves the end most: the end with one estimate at its low and at its high (a risk: without and "
                           "with it), the others likely", "What moves the end most",
                           ["Work or risk", "Range", "End, low or without", "End, high or with", "Moves", "Critical"],
                           [_swing(swing) for swing in forecast.swings[:DRIVERS]],
                           "no single estimate at its low or its high, nor any risk, moves the end"))
    return out


def _swing(swing: Swing) -> list[str]:
    if swing.chance is not None:  # a risk: its chance, and no criticality of its own
        name, span, critical = f"Risk: {swing.title} ({swing.id})", f"+{swing.high} days at {_share(swing.chance)}", "-"
    else:
        ran = f" ({swing.spent} run)" if swing.spent is not None else ""
        name, span, critical = f"{swing.title} ({swing.id})", f"{swing.low}-{swing.high} days{ran}", _share(swing.criticality)
    return [name, span, _day(swing.end_at_low), _day(swing.end_at_high), f"{swing.days} day{'s' * (swing.days != 1)}", critical]


NARROW = 110  # below this many columns, rows as two lines each instead of a table of seven dates


def to_terminal(forecast: Forecast, console: Console) -> None:
    from rich.padding import Padding

    from .terminal import KEEP, table, wrap

    width = console.width
    console.print(wrap(headline(forecast), width))
    for section in sections(forecast):
        if not section.rows:
            console.print(section.title)
            console.print(Padding(wrap(section.empty.capitalize() + ".", width - 2), (0, 0, 0, 2)))
            continue
        if width < NARROW:  # each row's name on one line, its dates on the next, wrapped lines indented
            console.print(section.title)
            for row in section.rows:
                console.print(Padding(wrap(row[0], width - 2), (0, 0, 0, 2)))
                # "80% 2027-01-21" is one phrase: never broken inside.
                dates = ", ".join(f"{name.lower()} {cell}".replace(" ", KEEP) for name, cell in zip(section.header[1:], row[1:]) if cell != "-")
                if dates:
                    console.print(Padding(wrap(dates, width - 4), (0, 0, 0, 4)))
            continue
        console.print(table(section.header, section.rows, width, right=range(1, len(section.header)), title=section.title))


def to_markdown(forecast: Forecast) -> str:
    lines = [f"## Forecast: {forecast.roadmap}", "", headline(forecast)]
    for section in sections(forecast):
        lines += ["", f"### {section.heading}", ""]
        if not section.rows:
            lines.append(section.empty.capitalize() + ".")
            continue
        lines += ["| " + " | ".join(section.header) + " |", "|" + "---|" * len(section.header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in section.rows]
    return "\n".join(lines) + "\n"
