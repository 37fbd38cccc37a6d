"""The projection a view shows: its name (``"capacity"`` or ``"dependencies"``, see
:mod:`mlroadmap.analysis`), how a view says it, and the scenario's assumptions it was made
under (``--assume``). No imports: every result and renderer can name its dates."""

from __future__ import annotations

from typing import Literal

Dates = Literal["capacity", "dependencies"]
DATES: tuple[Dates, ...] = ("capacity", "dependencies")
# How each projection is named in a document's text ("Dates: with the team's capacity").
DATES_WORDS: dict[str, str] = {
    "capacity": "with the team's capacity",
    "dependencies": "by dependencies alone",
}


class Projection(str):
    """The name of the projection a view shows (``"capacity"``: it is that string, in JSON
    too), carrying the assumptions of the scenario it was made under (``--assume``), so that
    every view built from it can say so."""

    assuming: tuple[str, ...]

    def __new__(cls, name: str, assuming: tuple[str, ...] = ()) -> Projection:
        made = super().__new__(cls, name)
        made.assuming = assuming
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Projection, (str(self), self.assuming))


def dates_words(dates: str) -> str:
    """How a view names its dates: "with the team's capacity", and under a scenario
    ", assuming txn-data slips 30d"."""
    assuming = getattr(dates, "assuming", ())
    return DATES_WORDS[dates] + (f", assuming {'; '.join(assuming)}" if assuming else "")


def assuming(dates: object) -> dict[str, list[str]]:
    """The JSON key that says a view's dates are a scenario's: ``{"assuming": [...]}``, or none."""
    made = getattr(dates, "assuming", ())
    return {"assuming": list(made)} if made else {}
