"""``scenario compare`` as terminal output and as Markdown: per scenario, what it assumes,
its end, and the work whose dates move, by how much and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .words import markdown_cell, moved, shift

if TYPE_CHECKING:
    from rich.console import Console

    from ..scenarios import Comparison, ScenarioDates


def _basis(comparison: Comparison) -> str:
    from ..projection import dates_words

    return (f"as of {comparison.as_of.isoformat()}, dates {dates_words(comparison.dates)}. "
            f"The plan ends {comparison.end.isoformat()}.")


def _headline(comparison: Comparison) -> str:
    return f"{comparison.roadmap}: scenarios against the plan, {_basis(comparison)}"


def _name(found: ScenarioDates) -> str:
    return f"{found.id}: {found.title}" if found.id else found.title


def _end(comparison: Comparison, found: ScenarioDates) -> str:
    days = (found.end - comparison.end).days
    return f"Ends {found.end.isoformat()}: {moved(days, 'the same day as the plan')}."


def _rows(found: ScenarioDates) -> list[list[str]]:
    # Work on a decision's branch only one side takes: "left out" where it does not happen.
    return [[f"{move.title} ({move.id})", move.plan.isoformat() if move.plan else "left out",
             move.finish.isoformat() if move.finish else "left out",
             shift(move.days) if move.days is not None else move.change, move.why]
            for move in found.moves]


HEADERS = ["Work", "Plan", "Scenario", "Moves", "Why"]


def to_terminal(comparison: Comparison, console: Console) -> None:
    from rich.table import Table

    console.print(_headline(comparison))
    for found in comparison.scenarios:
        console.print()
        console.print(_name(found), style="bold")
        console.print(f"Assuming: {'; '.join(found.assuming)}.")
        for note in found.notes:
            console.print(f"Note: {note}.")
        console.print(_end(comparison, found))
        if not found.moves:
            console.print("No date of open work moves.")
            continue
        table = Table(*HEADERS, title=None, show_lines=False)
        for row in _rows(found):
            table.add_row(*row)
        console.print(table)


def to_markdown(comparison: Comparison) -> str:
    lines = [f"# Scenarios: {markdown_cell(comparison.roadmap)}", "", f"Against the plan, {_basis(comparison)}"]
    for found in comparison.scenarios:
        lines += ["", f"## {markdown_cell(_name(found))}", "", f"Assuming: {markdown_cell('; '.join(found.assuming))}.", ""]
        lines += [f"Note: {note}." for note in found.notes] + ([""] if found.notes else [])
        lines += [_end(comparison, found), ""]
        if not found.moves:
            lines.append("No date of open work moves.")
            continue
        lines += ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        lines += ["| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in _rows(found)]
    return "\n".join(lines) + "\n"
