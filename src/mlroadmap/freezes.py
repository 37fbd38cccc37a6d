"""Freeze windows: periods in which the work they cover does not go live.

A freeze (``freezes:`` in the roadmap) covers work by track and by kind. Covered work that
would go live inside it (on its last day; a milestone, on its day) goes live on the first
day after it: the work may be done before, only its going live waits. Every schedule (the
dependency-only one, the levelled one, each forecast sample) holds its dates through
:func:`go_live`, and its backward pass undoes the hold with :func:`latest_unheld`, so
slack stays the days the work may really slip.

The freezes covering one piece of work are merged first where they overlap or touch, so
holding a day is done once: the day after a merged window is never inside another.
Recurring work is not held: a freeze does not move a series' cadence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import FREEZABLE

if TYPE_CHECKING:
    import networkx as nx

    from .loader import Roadmap
    from .model import Freeze

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """One or more freezes merged: from ``first`` to ``last``, both days included."""

    first: dt.date
    last: dt.date
    by: str  # the freeze whose end it is: the one a held date is after

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


Windows = tuple[Window, ...]


def covers(freeze: Freeze, section: str, track: str | None) -> bool:
    """Whether ``freeze`` holds work of ``section`` in ``track``."""
    return (section in FREEZABLE and (not freeze.kinds or section in freeze.kinds)
            and (not freeze.tracks or track in freeze.tracks))


def windows_of(roadmap: Roadmap, graph: nx.DiGraph) -> dict[str, Windows]:
    """The merged windows of the freezes covering each piece of work, for the work some
    freeze covers. Linear in the work: coverage depends only on (kind, track)."""
    freezes = sorted((f for f in roadmap.freezes if f.start <= f.end), key=lambda f: (f.start, f.end, f.id))
    if not freezes:
        return {}
    merged: dict[tuple[str, str | None], Windows] = {}
    held: dict[str, Windows] = {}
    for node, data in graph.nodes(data=True):
        if getattr(data["entity"], "cadence", None) is not None:
            continue
        key = (data["section"], data["track"])
        if key not in merged:
            merged[key] = _merged(f for f in freezes if covers(f, *key))
        if merged[key]:
            held[node] = merged[key]
    return held


def _merged(freezes: Iterable[Freeze]) -> Windows:
    """Windows of ``freezes`` (sorted by start), merging those that overlap or touch."""
    windows: list[Window] = []
    ends: list[dt.date] = []
    for freeze in freezes:
        if windows and freeze.start <= ends[-1] + ONE_DAY:
            last = windows[-1]
            if freeze.end > last.last:
                windows[-1] = Window(last.first, freeze.end, freeze.id)
                ends[-1] = freeze.end
            continue
        windows.append(Window(freeze.start, freeze.end, freeze.id))
        ends.append(freeze.end)
    return tuple(windows)


def hold(day: dt.date, windows: Windows) -> tuple[dt.date, Window | None]:
    """The day a go-live planned for ``day`` happens, and the window that held it."""
    for window in windows:
        if window.holds(day):
            return window.last + ONE_DAY, window
    return day, None


def latest_unheld(day: dt.date, windows: Windows) -> dt.date:
    """The inverse, for a backward pass: the latest day a go-live may be planned for and
    still happen by ``day``; inside a window, the day before the window."""
    for window in windows:
        if window.holds(day):
            return window.first - ONE_DAY
    return day


def go_live(windows: Windows, milestone: bool, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date, Window | None, int]:
    """``start`` and exclusive ``end`` of work once ``windows`` hold its go-live (a
    milestone's day moves; work's last day does), with the window that held it and the days
    it waits."""
    if not windows:
        return start, end, None, 0
    if milestone or end <= start:
        day, window = hold(start, windows)
        return (day, day, window, (day - start).days) if window else (start, end, None, 0)
    day, window = hold(end - ONE_DAY, windows)
    return (start, day + ONE_DAY, window, (day + ONE_DAY - end).days) if window else (start, end, None, 0)


def unheld_end(windows: Windows, milestone: bool, end: dt.date) -> dt.date:
    """The latest exclusive ``end`` work may have before the hold and still end by ``end``
    once held (a milestone's: its day)."""
    if not windows:
        return end
    if milestone:
        return latest_unheld(end, windows)
    return latest_unheld(end - ONE_DAY, windows) + ONE_DAY
