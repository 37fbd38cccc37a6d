"""A history as a document: a summary line (with a sparkline for a metric or an outcome)
and one table row per change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..history import History, Row, _iso
from ..render.words import decimals_of, moved, number

if TYPE_CHECKING:
    from ..document import Document, Value


def history_document(h: History) -> Document:
    """The history as a :class:`~mlroadmap.document.Document`: a summary line (with a
    sparkline of the values, for a metric or an outcome) and one table row per change."""
    from ..document import Document, Note, Section, Table
    from ..projection import dates_words
    from ..render.words import day, plural

    blocks: list[Any] = [_summary(h)]
    if h.kind == "work":
        columns = ["Date", "Commit", "Author", "Status", "Planned", "Projected finish", "Due"]
        rows = [_work_cells(row) for row in h.rows]
    else:
        columns = ["Date", "Commit", "Author", "Value", "Change", "Target"]
        rows = [_value_cells(h, row) for row in h.rows]
    if any(row.note for row in h.rows if row.present):  # a row without a value says why in its value's cell
        columns.append("Note")
        for cells, row in zip(rows, h.rows):
            cells.append((row.note or "") if row.present else "")
    blocks.append(Table(columns, rows, empty="no version had it"))
    if h.kind == "work":
        basis = f", dates {dates_words(h.dates)}" if h.dates else ""
        blocks.append(Note(f"Projected finish: as of each commit's date (the work tree's: as of {day(h.as_of)}){basis}; in "
                           "brackets, how far that version's own edits moved it.", "muted"))
    if h.limit is not None and h.commits >= h.limit:
        blocks.append(Note(f"Only the newest {plural(h.limit, 'commit')} that touched {h.path} were read (--limit).", "muted"))
    what = {"metric": "model metric", "outcome": "outcome", "work": _singular(h.section)}[h.kind]
    facts = [f"{h.subject}, {what}"]
    if h.numeric:
        facts.append(f"{h.direction} is better" + (f", in {h.unit}" if h.unit else ""))
    changed = sum(row.commit is not None for row in h.rows)
    facts.append(f"{changed} of {plural(h.commits, 'commit')} to {h.path} changed it"
                 + (", and the work tree" if h.rows and h.rows[-1].commit is None else ""))
    section = Section("history", "History", blocks, h.to_dict())
    return Document(title=f"History: {h.title}", subtitle="; ".join(facts) + f"; as of {day(h.as_of)}", as_of=h.as_of,
                    quarter="", kind="history", audience=None, sections=[section])


def _singular(section: str | None) -> str:
    from ..model import SINGULAR

    return SINGULAR.get(section or "", "work")



def _shift(days: int) -> str:
    return f"{days:+d} day{'s' * (abs(days) != 1)}"


def _summary(h: History) -> Any:
    from ..document import Note
    from ..render.words import day

    present = [row for row in h.rows if row.present]
    if not present:
        return Note("No version had it.", "muted")
    first, last = present[0], present[-1]
    since = f"since {day(first.date)}" if first.commit is not None else "in the work tree"
    if h.kind == "work":
        status = last.status if first.status == last.status else f"{first.status} → {last.status}"
        dated = [row for row in present if row.finish is not None]
        if len(dated) < 2:
            return Note(f"Projected finish {day(last.finish) if last.finish else 'unknown'}; status {status}.")
        total = (dated[-1].finish - dated[0].finish).days  # type: ignore[operator]
        edits = sum(row.moved or 0 for row in dated[1:])
        text = f"Projected finish {day(dated[0].finish)} → {day(dated[-1].finish)} {since}: {moved(total, 'unchanged')}"
        if total or edits:
            text += f" ({_shift(edits)} by edits, {_shift(total - edits)} as time passed)"
        return Note(f"{text}; status {status}.", "bad" if total > 0 else "good" if total < 0 else None)
    values = h.values
    if not values:
        return Note("No current value recorded yet.", "muted")
    if len(values) == 1:
        return Note(f"{h.sparkline()} {number(values[0])} {since}: one value so far.")
    places = max(decimals_of(value) for value in values)
    overall = h.overall or 0.0
    verdict = "unchanged" if overall == 0 else ("better" if (overall > 0) == h.higher else "worse")
    text = f"{h.sparkline()} {number(values[0])} → {number(values[-1])} {since}: {_signed(overall, places)}, {verdict} ({h.direction} is better)"
    moves = sum(bool(row.change) for row in h.rows)
    if moves:
        text += f"; {moves} move{'s' * (moves != 1)}: {h.better} better, {h.worse} worse"
    text += "."
    return Note(text, "good" if verdict == "better" else "bad" if verdict == "worse" else None)


def _when(row: Row) -> list[Value]:
    from ..document import Cell

    return [row.date.isoformat(), Cell(row.label, "muted" if row.commit is None else None), row.author or "–"]


def _value_cells(h: History, row: Row) -> list[Value]:
    from ..document import Cell, Progress

    if row.value is None:
        return [*_when(row), _missing(row), "", number(row.target) if row.target is not None else "–"]
    if row.change is None:
        change: Value = ""
    else:
        places = max(decimals_of(row.value), decimals_of(row.change))
        change = Cell(_signed(row.change, places), {True: "good", False: "bad", None: None}[row.better])
    fraction = h.fraction(row.value)
    value: Value = Progress(fraction, number(row.value)) if fraction is not None else number(row.value)
    return [*_when(row), value, change, number(row.target) if row.target is not None else "–"]


def _work_cells(row: Row) -> list[Value]:
    from ..document import Cell
    from .report import STATUS_TONE

    if row.status is None:
        return [*_when(row), _missing(row), "", "", ""]
    start, finish_day = _iso(row.planned_start), _iso(row.planned_finish)
    if start is not None and finish_day is not None:
        planned = start if start == finish_day else f"{start} → {finish_day}"
    elif start is not None:
        planned = f"from {start}"
    elif finish_day is not None:
        planned = f"by {finish_day}"
    else:
        planned = "–"
    if row.finish is None:
        finish: Value = Cell("–", "muted")
    else:
        late = row.due is not None and row.finish > row.due and row.status not in ("done", "cancelled")
        moved = f" ({row.moved:+d} d)" if row.moved else ""
        tone = "bad" if late or (row.moved or 0) > 0 else "good" if (row.moved or 0) < 0 else None
        finish = Cell(row.finish.isoformat() + moved + (", late" if late else ""), tone)  # type: ignore[arg-type]
    status = Cell(row.status.replace("-", " "), STATUS_TONE.get(row.status))
    return [*_when(row), status, planned, finish, _iso(row.due) or "–"]


def _missing(row: Row) -> Value:
    """The cell of a row without a value: why (an invalid roadmap, the subject not in it)."""
    from ..document import Cell

    note = row.note or "–"
    return Cell(note, "warn" if note.startswith("roadmap invalid") else "muted")

def _signed(change: float, places: int) -> str:
    if change == 0:
        return "±0"
    return f"{change:+,.{places}f}"
