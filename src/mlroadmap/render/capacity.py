"""``capacity`` as terminal output (a rich heat map) and as Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .words import assumed, shift

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from ..capacity import CapacityReport, Cell
    from ..levelling import OverAllocation

LEGEND = "% of available time; ! = booked past capacity on some day; off = not available"


def _cell_text(cell: Cell) -> str:
    if cell.percent is None:
        return "off!" if cell.over else "off"
    if cell.booked == 0:
        return "·"
    if cell.percent >= 1000:  # the cell is four characters wide, and the "!" must show
        return f"{min(cell.percent // 1000, 9)}k+!" if cell.over else f"{min(cell.percent // 1000, 9)}k+"
    return f"{cell.percent}{'!' if cell.over else ''}"


def _style(cell: Cell) -> str:
    if cell.over:
        return "bold red"
    if cell.percent is None or cell.booked == 0:
        return "dim"
    return "yellow" if cell.percent >= 80 else "green"


def _headline(report: CapacityReport) -> str:
    whose = "the levelled schedule" if report.levelled_load else "the plan's dates"
    span = f"{report.columns[0].first.isoformat()} to {report.columns[-1].last.isoformat()}" if report.columns else ""
    return f"{report.roadmap}: team capacity as of {report.as_of.isoformat()} (load of {whose}, by {report.by}, {span}).{assumed(report.scenario)}"



def _work(report: CapacityReport, task: str) -> str:
    return f"{report.titles.get(task, task)} ({task})"


def booked_how(item: OverAllocation) -> str:
    """"up to 120%", "while off", "up to 150% and while off", "after leaving on ...": how someone is over-booked."""
    if item.leaves is not None:
        return f"after leaving on {item.leaves.isoformat()}"
    if item.joins is not None:
        return f"before joining on {item.joins.isoformat()}"
    return "while off" if item.off and not item.peak else f"up to {item.peak}%" + (" and while off" if item.off else "")


def _over_line(report: CapacityReport, item: OverAllocation) -> str:
    who = report.names.get(item.resource, item.resource)
    work = list(item.tasks) if len(item.tasks) <= 8 else [*item.tasks[:7], f"and {len(item.tasks) - 7:,} more"]
    how = booked_how(item)
    span = item.first.isoformat() if item.first == item.last else f"{item.first.isoformat()} → {item.last.isoformat()}"
    return f"{who} ({item.resource}): {how} on {_count(item.days, 'working day')}, {span}: {', '.join(work)}"


def _missing_line(report: CapacityReport, gap) -> str:
    open_tasks = [task for task in gap.tasks if task not in gap.waiting]
    holders = [report.names.get(member, member) for member in gap.absent]
    parts = [f"{gap.skill}: " + (f"only {', '.join(holders)} {'has' if len(holders) == 1 else 'have'} it, not on the team when it is needed"
                                 if holders else "nobody has it")]
    if gap.training:
        parts.append(f"training: {', '.join(gap.training)}")
    if gap.waiting:
        parts.append(f"waits on the training: {', '.join(gap.waiting)}")
    if open_tasks:
        parts.append(f"needed by: {', '.join(open_tasks)}")
    return "; ".join(parts)


def _shortage_line(item) -> str:
    return (f"{item.quarter} {item.skill}: {item.demand:g} person-days of work, {item.supply:g} available from the people "
            f"who have it: {', '.join(item.tasks)}")


def _late_line(late, before) -> str:
    return (f"{late.task}: due {late.due.isoformat()}; {before.isoformat()} by dependencies alone, "
            f"{late.finish.isoformat()} with the team's capacity ({_count(late.days_late, 'day')} late)")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def to_terminal(report: CapacityReport, console: Console) -> None:
    from rich.text import Text

    from . import terminal

    console.print(terminal.wrap(_headline(report), console.width))
    console.print()
    rows: list[list[Text | str]] = [
        ["The roadmap's end" if date.id == "roadmap" else Text.assemble(date.title, (f" ({date.id})", "dim")),
         date.dependencies_only.isoformat(), date.with_capacity.isoformat(), shift(date.days)] for date in report.dates]
    console.print(terminal.table(["Outcome", "Dependencies only", "With capacity", "Shift"], rows, console.width, right=(3,),
                                 title="Dates: by dependencies alone, and with the team's capacity"))
    console.print()

    if not report.rows:
        console.print("No people or teams are declared: add people: and teams: to see who is booked when.", highlight=False)
    else:
        console.print(terminal.wrap(Text(f"Load ({LEGEND}):", style="italic"), console.width))
        # Twelve months fit 80 columns (no grid, one space between cells); a longer period
        # continues in a second block below, not squeezed into cut labels.
        # Ids whole where the terminal has room beside every period; 12 characters at least.
        who = min(max((len(row.id) for row in report.rows), default=3), max(12, console.width - 5 * len(report.columns) - 1))
        per = max(1, (console.width - who) // 5)
        for start in range(0, len(report.columns), per):
            if start:
                console.print()
            console.print(_load(report, range(start, min(start + per, len(report.columns))), who))

    _section(console, f"Over-allocated from {report.as_of.isoformat()} (the plan books them past capacity)",
             [_over_line(report, item) for item in report.over], "nobody")
    _section(console, "Skills missing when the work needs them", [_missing_line(report, gap) for gap in report.missing], "none")
    _section(console, "Skills short in a quarter", [_shortage_line(item) for item in report.shortages], "none")
    _section(console, "Deadlines missed with the team's capacity", [_late_line(late, before) for late, before in report.late], "none")


def _load(report: CapacityReport, shown: range, who: int) -> Table:
    """The load grid of the columns ``shown``; months say their year above the first of
    the block and above each January."""
    from rich.table import Table
    from rich.text import Text

    load = Table(box=None, pad_edge=False, padding=(0, 0, 0, 1), header_style="bold underline")
    load.add_column("Who", overflow="ellipsis", no_wrap=True, width=who)
    years = len({column.first.year for column in report.columns}) > 1
    for index in shown:
        column = report.columns[index]
        label = column.label
        if years and not label.startswith("W"):  # "Oct 26": the month below its year
            label = f"{column.first.year}\n{column.first:%b}" if index == shown.start or column.first.month == 1 else f"\n{column.first:%b}"
        load.add_column(label, justify="right", no_wrap=True, width=4)
    kind = None
    for row in report.rows:
        if kind is not None and row.kind != kind:
            load.add_row()  # people above, teams below
        kind = row.kind
        load.add_row(row.id, *(Text(_cell_text(row.cells[index]), style=_style(row.cells[index])) for index in shown))
    return load


def _section(console: Console, title: str, lines: list[str], empty: str) -> None:
    from rich.padding import Padding

    from .terminal import wrap

    console.print(f"\n{title}:", highlight=False, style="bold")
    for line in lines or [empty]:
        console.print(Padding(wrap(line, console.width - 2), (0, 0, 0, 2)))  # wrapped lines keep the indent


def to_markdown(report: CapacityReport) -> str:
    lines = [f"# {_headline(report)}", "", "## Dates: by dependencies alone, and with the team's capacity", "",
             "| Outcome | Dependencies only | With capacity | Shift |", "|---|---|---|---:|"]
    for date in report.dates:
        label = "The roadmap's end" if date.id == "roadmap" else f"{_md(date.title)} (`{date.id}`)"
        lines.append(f"| {label} | {date.dependencies_only.isoformat()} | {date.with_capacity.isoformat()} | {shift(date.days)} |")
    lines += ["", "## Load", "", f"_{LEGEND}_", ""]
    if report.rows:
        lines.append("| Who | " + " | ".join(column.label for column in report.columns) + " |")
        lines.append("|---|" + "---:|" * len(report.columns))
        for row in report.rows:
            cells = [f"**{_cell_text(cell)}**" if cell.over else _cell_text(cell) for cell in row.cells]
            name = _md(row.name) + (" (team)" if row.kind == "team" else "")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    else:
        lines.append("No people or teams are declared.")
    for title, items in (
        (f"Over-allocated from {report.as_of.isoformat()}", [_over_line(report, item) for item in report.over]),
        ("Skills missing when the work needs them", [_missing_line(report, gap) for gap in report.missing]),
        ("Skills short in a quarter", [_shortage_line(item) for item in report.shortages]),
        ("Deadlines missed with the team's capacity", [_late_line(late, before) for late, before in report.late]),
    ):
        lines += ["", f"## {title}", ""]
        lines += [f"- {_md(line)}" for line in items] or ["None."]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("\n", " ")
