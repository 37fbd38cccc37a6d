"""The words documents are written in: dates ("16 Nov → 24 Dec 2026"), numbers with the
decimals their author wrote, plurals, and titles and texts shortened for a table cell.

Every document (reports, track views, diffs, histories) and every renderer uses these, so
a date reads the same wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from typing import Any


def brief(text: str, cuts: tuple[str, ...] = (" (",)) -> str:
    """The words before the first of ``cuts`` (a parenthesis, an '&'), when some are left."""
    for cut in cuts:
        head = text.split(cut)[0]
        if len(head) >= 6:
            text = head
    return text


def day(value: dt.date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value is not None else "not scheduled"


def span(first: dt.date, last: dt.date) -> str:
    """"16 Nov → 24 Dec 2026": the year once when both days share it."""
    if first.year == last.year:
        return f"{first.day} {first:%b} → {day(last)}"
    return f"{day(first)} → {day(last)}"


def number(value: float | None, unit: str | None = None, decimals: int | None = None) -> str:
    if value is None:
        return "–"
    if not math.isfinite(value):  # a product of two finite numbers a roadmap allows can overflow
        return ("-" if value < 0 else "") + "∞" + (f" {unit}" if unit else "")
    text = f"{value:,.{decimals_of(value) if decimals is None else decimals}f}"
    return f"{text} {unit}" if unit and unit != "%" else f"{text}{unit or ''}"


def journey(baseline: float, current: float | None, target: float | None, unit: str | None) -> str:
    """"0.40 → 0.68 → 0.70", "89% → 89.6% → 89%": one number of decimals, the unit once
    (a percent sign on every number)."""
    unit = short_unit(unit)
    places = max(decimals_of(value) for value in (baseline, current, target) if value is not None)
    each = "%" if unit == "%" else None
    return " → ".join([number(baseline, each, places), number(current, each, places),
                       number(target, unit, places) if target is not None else "no target"])


def decimals_of(value: float) -> int:
    """The decimals the author wrote (0.00005: 5), up to 6."""
    text = f"{abs(value):.6f}".rstrip("0")
    return len(text.split(".")[1])


def short_unit(unit: str | None) -> str | None:
    """A short unit for a number ("%", "ms", "tickets/week"); of a long description, only a
    leading "%" ("% of tickets reassigned by agents")."""
    if unit and unit.startswith("% "):
        return "%"
    return unit if unit and len(unit) <= 14 else None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def whole(text: str | None) -> str:
    """A text on one line, in full: the audiences that act on it need every word."""
    return " ".join(text.split()) if text else "–"


def shorten(text: str | None, limit: int = 160) -> str:
    """The first sentence of a long text (not cut after "Art." or "e.g."), or its first
    ``limit`` characters."""
    if not text:
        return "–"
    text = " ".join(text.split())
    end = text.find(". ", 20)
    first = text[:end] if end != -1 else text.rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def shortened(text: str, width: int) -> str:
    """``text`` cut at a space to fit ``width`` characters, with an ellipsis (never inside a word)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:  # the cut falls inside a word: end before that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def wrapped(text: str, width: int, lines: int = 2) -> str:
    """``text`` over at most ``lines`` lines of ``width`` characters, broken at spaces; the
    last line shortened with an ellipsis when it still does not fit."""
    parts = textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], shortened(" ".join(parts[lines - 1:]), width)]
    return "\n".join(shortened(part, width) for part in parts)  # a word longer than a line is cut too


def labelled(title: str, tail: str, width: int, lines: int = 2) -> str:
    """``title`` then ``tail`` (a verdict, a note) over at most ``lines`` lines of ``width``
    characters: the title is shortened, never the tail, which says what a colour says."""
    tail = " " * tail.startswith(" ") + " ".join(tail.split())  # its separator kept: ": met", " (late)"
    whole = wrapped(f"{title}{tail}", width, lines)
    if whole.replace("\n", " ").endswith(tail.strip()) or not tail:
        return whole
    words = " ".join(title.split())
    for size in range(len(words) - 1, 0, -1):
        candidate = wrapped(f"{shortened(words, size)}{tail}", width, lines)
        if candidate.replace("\n", " ").endswith(tail.strip()):
            return candidate
    return wrapped(tail.strip(), width, lines)


def shift(days: int) -> str:
    """"+6 days", "-1 day", "no change": how far a date moved."""
    return "no change" if days == 0 else f"{days:+d} day{'s' * (abs(days) != 1)}"


def moved(days: int, unchanged: str) -> str:
    """"6 days later", "1 day earlier", or ``unchanged`` when it did not move."""
    if days == 0:
        return unchanged
    return f"{abs(days)} day{'s' * (abs(days) != 1)} {'later' if days > 0 else 'earlier'}"


def markdown_cell(text: str) -> str:
    """Text safe in a GitHub table cell: backslashes kept, pipes escaped, one line."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def assumed(what: object) -> str:
    """" Assuming txn-data slips 30d; without ana." for the dates of a scenario (a projection
    carrying its ``assuming``), " Following call: yes." for dates that follow a decision's
    branch, "" for a plan without either."""
    from ..projection import following

    made = getattr(what, "assuming", ())
    follows = following(what)
    return (f" Assuming {'; '.join(made)}." if made else "") + (f" Following {follows}." if follows else "")


EXPERIMENT_KINDS = {"ab": "A/B", "multivariate": "multivariate", "interleaving": "interleaving", "shadow": "shadow",
                    "backtest": "backtest (offline)", "hypothesis": "hypothesis"}


def experiment_kind(experiment: Any) -> str:
    """"A/B on 10% of traffic", "shadow on 100% of traffic (decides none)": the kind and what it sees."""
    kind = EXPERIMENT_KINDS[experiment.kind]
    if experiment.traffic is None:
        return kind
    seen = f"{kind} on {number(experiment.traffic)}% of traffic"
    return seen + " (decides none)" if experiment.kind == "shadow" else seen


def fairness_groups(audit: Any, between: str = "; ") -> str:
    """"region: NL, DE; card: prepaid; region × card": the groups an audit compares."""
    if not audit.attributes:
        return between.join(audit.groups)
    parts = [f"{name}: {', '.join(groups)}" for name, groups in audit.attributes.items()]
    parts += [" × ".join(combination) for combination in audit.intersections]
    return between.join([*parts, *audit.groups])


_REFERENCES = {"overall": "overall", "best": "the best-off group", None: "the reference"}


def fairness_test(audit: Any) -> str:
    """"False-decline rate: at most 1.25× overall": the metric and the bound no group may pass."""
    metric = audit.metric or "–"
    if audit.threshold is None:
        return metric
    bound = number(audit.threshold)
    reference = _REFERENCES.get(audit.reference, audit.reference)
    if audit.comparison == "ratio":
        if audit.worse is None:
            return f"{metric}: its ratio to {reference} bounded by {bound}"
        return f"{metric}: {'at most' if audit.worse == 'higher' else 'at least'} {bound}× {reference}"
    if audit.comparison == "difference":
        rule = {"higher": f"at most {bound} above", "lower": f"at most {bound} below"}.get(audit.worse or "", f"within {bound} of")
        return f"{metric}: {rule} {reference}"
    return f"{metric} ≤ {bound}" + (f" (against {reference})" if audit.reference is not None else "")


def compute_words(compute: Any, unit: str) -> str:
    """"40 GPU-hours per retrain; 4 serving around the clock (4x A10G ...)": a model's compute."""
    if isinstance(compute, str):
        return compute
    parts = [f"{number(compute.retrain)} {unit} per retrain" if compute.retrain is not None else "",
             f"{number(compute.serving)} serving around the clock" if compute.serving is not None else ""]
    words = "; ".join(part for part in parts if part)
    return f"{words} ({compute.note})" if compute.note else words
