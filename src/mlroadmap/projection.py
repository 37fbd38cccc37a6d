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
    too), carrying the assumptions of the scenario it was made under (``--assume``) and the
    answers of the decisions whose branches it follows (``(decision, "yes")``), so that every
    view built from it can say so."""

    assuming: tuple[str, ...]
    follows: tuple[tuple[str, str], ...]

    def __new__(cls, name: str, assuming: tuple[str, ...] = (), follows: tuple[tuple[str, str], ...] = ()) -> Projection:
        made = super().__new__(cls, name)
        made.assuming = assuming
        made.follows = follows
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Projection, (str(self), self.assuming, self.follows))


def following(dates: object) -> str:
    """"call: yes; pilot-review: no", the answers a projection follows that no assumption of
    its scenario already says ("call answered no"); "" when there are none."""
    said = getattr(dates, "assuming", ())
    return "; ".join(f"{decision}: {answer}" for decision, answer in getattr(dates, "follows", ())
                     if f"{decision} answered {answer}" not in said)


def dates_words(dates: str) -> str:
    """How a view names its dates: "with the team's capacity", and under a scenario
    ", assuming txn-data slips 30d", following a decision's branch ", following call: yes"."""
    assuming = getattr(dates, "assuming", ())
    follows = following(dates)
    return (DATES_WORDS[dates] + (f", assuming {'; '.join(assuming)}" if assuming else "")
            + (f", following {follows}" if follows else ""))


def assuming(dates: object) -> dict[str, object]:
    """The JSON keys that say a view's dates are a scenario's (``"assuming": [...]``) and
    follow decisions' answers (``"follows": {"call": "yes"}``), or none."""
    made = getattr(dates, "assuming", ())
    follows = getattr(dates, "follows", ())
    return {**({"assuming": list(made)} if made else {}), **({"follows": dict(follows)} if follows else {})}
