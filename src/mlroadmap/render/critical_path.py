"""``critical-path`` as terminal output (rich) and as Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .words import markdown_cell as _cell

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from ..critical_path import CriticalPath
    from ..schedule import Task


# A terminal shows the first rows of each long list; at 10,000 items there are thousands of
# blockers and broken dependencies, which nobody reads on a screen and which took rich
# seconds to lay out. Markdown and JSON list every row.
TERMINAL_ROWS = 25


def _more(hidden: int) -> str:
    return f"  ... and {hidden:,} more (--format markdown or json lists them all)"


def _days(slack: int | None) -> str:
    if slack is None:
        return "-"
    return f"{slack}d"


def _headline(report: CriticalPath) -> str:
    from .words import assumed

    return _dates_line(report) + assumed(report.dates)


def _dates_line(report: CriticalPath) -> str:
    if report.end is None:
        return f"{report.roadmap}: no work serves outcome {report.outcome!r}, so nothing sets its date."
    subject = f"outcome {report.outcome!r}" if report.outcome else "the roadmap"
    baseline = report.schedule.baseline
    if baseline is None:
        return (
            f"{report.roadmap}: {subject} is projected to finish on {report.end.isoformat()} by "
            f"dependencies alone (as of {report.as_of.isoformat()})."
        )
    before = baseline.outcome_dates.get(report.outcome) if report.outcome else baseline.end
    alone = f"; {before.isoformat()} by dependencies alone" if before else ""
    return (
        f"{report.roadmap}: {subject} is projected to finish on {report.end.isoformat()} with the team's "
        f"capacity (as of {report.as_of.isoformat()}{alone})."
    )


def _chain_title(report: CriticalPath) -> str:
    if report.outcome:
        return f"The chain that sets the date of {report.outcome!r} (slack against the roadmap's end)"
    return "Critical path (zero slack sets the end date)"


def _also(report: CriticalPath) -> list[str]:
    return [*_freeze_note(report), *("Also critical: " + " → ".join(task.id for task in other) for other in report.other_chains)]


def _freeze_note(report: CriticalPath) -> list[str]:
    """A chain that starts at a freeze's end: the freeze sets the date, and the work held
    has slack of its own (the rows above show it), which a reader should not take for an error."""
    if not report.chain or report.chain[0].frozen_by is None:
        return []
    head = report.chain[0]
    slack = f": it may slip {head.slack} day{'s' * (head.slack != 1)} and still go live then" if head.slack else ""
    return [f"The freeze {head.frozen_by} sets this chain's dates: {head.id} goes live on {head.finish}, the day after it ends{slack}."]


def to_terminal(report: CriticalPath, console: Console) -> None:
    from rich.text import Text

    from .terminal import table, wrap

    titles = report.track_titles
    width = console.width
    console.print(wrap(_headline(report), width))
    console.print()
    rows: list[list[Text | str]] = [
        [task.span(), Text.assemble(task.title, (f" ({task.id}{_held(task)})", "dim")), titles.get(task.track or "", task.track or "-"),
         task.owner or "-", _days(task.slack), _days(task.due_slack)] for task in report.chain]
    if not report.chain:
        rows.append(["-", "no open work on this chain", "", "", "", ""])
    console.print(table(["Dates", "Work", "Track", "Owner", "Slack", "To due"], rows, width, right=(4, 5),
                        title=_chain_title(report)))
    for line in _also(report):
        console.print(wrap(line, width))
    console.print()
    blocking: list[list[Text | str]] = [
        [Text.assemble(row.task.title, (f" ({row.task.id}, {row.task.track or 'no track'})", "dim")), ", ".join(row.blocker.tracks_blocked),
         str(row.blocker.dependents), _days(row.task.slack), _days(row.task.due_slack), row.task.owner or "-"]
        for row in report.blockers[:TERMINAL_ROWS]]
    if not report.blockers:
        blocking.append(["none", "", "", "", "", ""])
    console.print(table(["Work", "Blocks", "Waiting", "Slack", "To due", "Owner"], blocking, width, right=(2, 3, 4),
                        title="Cross-track blockers (open work that several workstreams wait on)"))
    if len(report.blockers) > TERMINAL_ROWS:
        console.print(_more(len(report.blockers) - TERMINAL_ROWS), highlight=False)

    if report.broken:
        console.print("Planned dates that break a dependency:", highlight=False)
        for item in report.broken[:TERMINAL_ROWS]:
            console.print(f"  {item.task} is planned to start {item.planned_start}, {item.before(item.predecessor)}", highlight=False)
        if len(report.broken) > TERMINAL_ROWS:
            console.print(_more(len(report.broken) - TERMINAL_ROWS), highlight=False)
    if report.late:
        console.print("Projected past their due date:", highlight=False)
        for late in report.late[:TERMINAL_ROWS]:
            console.print(f"  {late.task}: due {late.due}, projected {late.finish} ({_late(late.days_late)})", highlight=False)
        if len(report.late) > TERMINAL_ROWS:
            console.print(_more(len(report.late) - TERMINAL_ROWS), highlight=False)


def to_markdown(report: CriticalPath) -> str:
    titles = report.track_titles
    lines = [f"## Critical path: {report.roadmap}", "", _headline(report), "", f"**{_chain_title(report)}**", ""]
    if report.chain:
        lines += ["| Dates | Work | Track | Owner | Slack | To due |", "|---|---|---|---|---|---|"]
        for task in report.chain:
            lines.append(
                f"| {task.span()} | {_work(task)} | {_track(titles, task)} "
                f"| {_cell(task.owner or '-')} | {_days(task.slack)} | {_days(task.due_slack)} |"
            )
    else:
        lines.append("No open work on this chain.")
    lines += ["", *_also(report)]
    if report.outcome_dates and not report.outcome:
        lines += ["", "### Outcome dates", ""]
        lines += [f"- `{outcome}`: {day.isoformat()}" for outcome, day in sorted(report.outcome_dates.items())]
    lines += ["", "### Cross-track blockers", ""]
    if report.blockers:
        lines += ["| Work | Track | Blocks | Waiting | Slack | To due | Owner |", "|---|---|---|---|---|---|---|"]
        for row in report.blockers:
            lines.append(
                f"| {_work(row.task)} | {_track(titles, row.task)} "
                f"| {', '.join(row.blocker.tracks_blocked)} "
                f"| {row.blocker.dependents} | {_days(row.task.slack)} | {_days(row.task.due_slack)} | {_cell(row.task.owner or '-')} |"
            )
    else:
        lines.append("None.")
    if report.broken:
        lines += ["", "### Planned dates that break a dependency", ""]
        lines += [
            f"- `{item.task}` is planned to start {item.planned_start}, {item.before(f'`{item.predecessor}`')}"
            for item in report.broken
        ]
    if report.late:
        lines += ["", "### Projected past their due date", ""]
        lines += [f"- `{item.task}`: due {item.due}, projected {item.finish} ({_late(item.days_late)})" for item in report.late]
    return "\n".join(lines) + "\n"


def _late(days: int) -> str:
    return f"{days} day{'s' * (days != 1)} late"


def _held(task: Task, name: Callable[[str], str] = str) -> str:
    """Why it is not sooner: the predecessor that pauses work under way, or, in the levelled
    schedule, the work whose people's time set its start. ``name`` formats an id."""
    if task.frozen_by is not None:
        return f", goes live after the freeze {name(task.frozen_by)}"
    if task.blocked_until is not None:
        clears = f"its blocker clears on {task.blocked_until}"
        return f", resumes when {clears}" if task.resumes is not None else f", waits until {clears}"
    if task.resumes is not None and task.driver is not None:
        return f", resumes {task.resumes} after {name(task.driver)}" + (f" and its {task.lag}-day lag" if task.lag else "")
    if task.lag and task.driver is not None:
        return f", starts {task.lag} days after {name(task.driver)}"
    if task.held_by:
        return f", waits for the people on {name(task.held_by)}"
    if task.away and task.joins:
        return f", waits for {task.away} to join on {task.joins}"
    return f", waits for {task.away}'s time off" if task.away else ""


def _work(task: Task) -> str:
    return f"{_cell(task.title)} (`{task.id}`{_held(task, lambda ident: f'`{ident}`')})"


def _track(titles: dict[str, str], task: Task) -> str:
    return _cell(titles.get(task.track or "", task.track or "-"))



