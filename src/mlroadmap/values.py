"""Small value types a roadmap author writes by hand: ids, quarters, durations, cadences.

Each is a ``str`` subclass, so a parsed roadmap dumps back to exactly what the author
wrote (``3w`` stays ``3w`` in JSON and in a diff) while analyses get the numbers they
need (``Duration("3w").days == 21``) without parsing twice.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
QUARTER_PATTERN = r"^[0-9]{4}-Q[1-4]$"
DURATION_PATTERN = r"^[0-9]+(d|w|mo|y)$"
NAMED_CADENCES = {
    # name: (frequency, interval) in iCalendar terms, so calendars need no second table.
    "daily": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "biweekly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "yearly": ("YEARLY", 1),
}
CADENCE_PATTERN = r"^(" + "|".join(NAMED_CADENCES) + r"|(every )?[0-9]+(d|w|mo|y))$"
# Cadences whose occurrences each follow a calendar period (the month, quarter or year
# before), by their rule: quarterly, 3mo and every 3mo are one cadence.
CALENDAR_PERIODS = {("MONTHLY", 1): "month", ("MONTHLY", 3): "quarter", ("MONTHLY", 12): "year", ("YEARLY", 1): "year"}

# A dataset's refresh: a cadence, or `streaming` for data that arrives continuously.
STREAMING = "streaming"
REFRESH_PATTERN = r"^(" + STREAMING + "|" + CADENCE_PATTERN[2:-2] + r")$"
# A freshness SLA is minutes or hours, not the days and weeks of a plan: its own units.
FRESHNESS_PATTERN = r"^[0-9]+(ms|s|m|min|h|d)$"

_ID_RE = re.compile(ID_PATTERN)
_FRESHNESS_RE = re.compile(r"^([0-9]+)(ms|s|m|min|h|d)$")
_MS_PER_UNIT = {"ms": 1, "s": 1000, "m": 60_000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}
_QUARTER_RE = re.compile(QUARTER_PATTERN)
_DURATION_RE = re.compile(r"^([0-9]+)(d|w|mo|y)$")
# Quarters people commonly write instead of 2026-Q3: Q3-2026, Q3 2026, 2026Q3, 2026 Q3, 2026-q3.
_QUARTER_TYPO_RE = re.compile(r"^\s*(?:[Qq]([1-4])[\s/_-]*([0-9]{4})|([0-9]{4})[\s/_-]*[Qq]([1-4]))\s*$")
_DAYS_PER_UNIT = {"d": 1, "w": 7, "mo": 30, "y": 365}
_UNIT_FREQ = {"d": ("DAILY", 1), "w": ("WEEKLY", 1), "mo": ("MONTHLY", 1), "y": ("YEARLY", 1)}


class Quarter(str):
    """A calendar quarter written ``2026-Q3``; compares in time order as a string."""

    __slots__ = ()

    @property
    def year(self) -> int:
        return int(self[:4])

    @property
    def number(self) -> int:
        return int(self[-1])

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter."""
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(f"{self.year + 1}-Q1")
        return Quarter(f"{self.year}-Q{self.number + 1}")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from ``first`` to ``last`` inclusive (empty when last < first)."""
    out: list[Quarter] = []
    current = first
    while (current.year, current.number) <= (last.year, last.number):
        out.append(current)
        current = current.next()
    return out


class Duration(str):
    """A length of time: ``10d``, ``3w``, ``2mo`` (30 days), ``1y`` (365 days); calendar days."""

    __slots__ = ()

    @property
    def days(self) -> int:
        match = _DURATION_RE.match(self)
        assert match, self  # only validated strings become Durations
        return int(match.group(1)) * _DAYS_PER_UNIT[match.group(2)]

    @property
    def work_days(self) -> int:
        """As effort, in person-days: ``1w`` is 5 working days, ``1mo`` 21, ``1y`` 261."""
        match = _DURATION_RE.match(self)
        assert match, self
        count, unit = int(match.group(1)), match.group(2)
        return count if unit == "d" else count * 5 if unit == "w" else round(count * _DAYS_PER_UNIT[unit] * 5 / 7)


class Freshness(str):
    """How old data may be at most: ``200ms``, ``30s``, ``5m`` (or ``5min``), ``2h``, ``1d``."""

    __slots__ = ()

    @property
    def milliseconds(self) -> int:
        match = _FRESHNESS_RE.match(self)
        assert match, self
        return int(match.group(1)) * _MS_PER_UNIT[match.group(2)]


def cadence_step(first: dt.date, freq: str, steps: int) -> dt.date:
    """The day ``steps`` periods of ``freq`` (iCalendar's DAILY, WEEKLY, MONTHLY, YEARLY)
    after ``first``; a month keeps its day of the month, or the month's last day."""
    if freq == "DAILY":
        return first + dt.timedelta(days=steps)
    if freq == "WEEKLY":
        return first + dt.timedelta(weeks=steps)
    months = steps * (12 if freq == "YEARLY" else 1)
    year, month = divmod(first.month - 1 + months, 12)
    year += first.year
    if year > 9999:
        return dt.date.max
    import calendar

    return dt.date(year, month + 1, min(first.day, calendar.monthrange(year, month + 1)[1]))


class Cadence(str):
    """How often something recurs: a name (``monthly``) or an interval (``6w``, ``every 10d``)."""

    __slots__ = ()

    @property
    def rule(self) -> tuple[str, int]:
        """(iCalendar FREQ, INTERVAL) of this cadence."""
        if self in NAMED_CADENCES:
            return NAMED_CADENCES[self]
        match = _DURATION_RE.match(self.removeprefix("every "))
        assert match, self
        freq, unit_interval = _UNIT_FREQ[match.group(2)]
        return freq, int(match.group(1)) * unit_interval

    def next_on_or_after(self, first: dt.date, day: dt.date) -> dt.date:
        """The first occurrence on or after ``day`` of a series that starts on ``first``."""
        if day <= first:
            return first
        freq, interval = self.rule
        steps = max(0, (day - first).days // max(1, self.days) - 1)  # just short of it, then step
        while (occurrence := cadence_step(first, freq, interval * steps)) < day:
            steps += 1
        return occurrence

    @property
    def longest_days(self) -> int:
        """The most days from one occurrence to the next: 31 for monthly, 92 for quarterly,
        366 for yearly (over four years of starts, a leap year among them)."""
        freq, interval = self.rule
        if freq in ("DAILY", "WEEKLY"):
            return interval * (1 if freq == "DAILY" else 7)
        return _longest_step(freq, interval)

    @property
    def days(self) -> int:
        """Approximate period in days, for comparisons ("is retraining at least quarterly?")."""
        freq, interval = self.rule
        per = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30, "YEARLY": 365}[freq]
        return per * interval


@lru_cache(maxsize=64)
def _longest_step(freq: str, interval: int) -> int:
    # From each first of a month over four years (one of them a leap year): the longest
    # run of months a step spans.
    starts = [dt.date(year, month, 1) for year in range(2023, 2027) for month in range(1, 13)]
    return max((cadence_step(start, freq, interval) - start).days for start in starts)


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(f"{value!r} is not a valid id: use letters, digits, '-' and '_', starting with a letter or digit")
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty: write a name")
    return value


def suggest_quarter(value: str) -> str | None:
    """The ``YYYY-Qn`` spelling of a quarter written another common way, or None."""
    match = _QUARTER_TYPO_RE.match(value)
    if not match:
        return None
    number, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    return f"{year}-Q{number}"


# Plans live in this window; beyond it date arithmetic (a duration after 9999-12-01)
# overflows, and no roadmap means it.
YEARS = (1900, 2999)
MAX_PERIOD_QUARTERS = 40  # ten years: longer is no plan, and recurring work would recur for centuries


def _in_years(value: str, year: int) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"{value!r} is out of range: years {YEARS[0]} to {YEARS[1]}")


def _check_quarter(value: str) -> Quarter:
    if _QUARTER_RE.match(value):
        _in_years(value, int(value[:4]))
        return Quarter(value)
    suggestion = suggest_quarter(value)
    hint = f"; write {suggestion}" if suggestion else "; write quarters as YYYY-Qn, e.g. 2026-Q3"
    raise ValueError(f"{value!r} is not a quarter{hint}")


parse_quarter = _check_quarter  # for the command line's --quarter: the same words as in YAML


MAX_DURATION_DAYS = 100 * 365  # beyond this, date arithmetic overflows and no plan means it


# Cached: a roadmap writes the same few lengths (2w, 1mo) thousands of times, and a
# Duration never changes, so every 2w can be one object.
@lru_cache(maxsize=4096)
def _check_duration(value: str) -> Duration:
    if _DURATION_RE.match(value):
        if Duration(value).days > MAX_DURATION_DAYS:
            raise ValueError(f"{value!r} is longer than 100 years")
        return Duration(value)
    raise ValueError(f"{value!r} is not a duration; write a whole number and a unit: 10d, 3w, 2mo, 1y")


def _check_lag(value: str) -> Duration:
    if value.strip().startswith("-"):
        raise ValueError(f"{value!r} is negative: a lag is how long after the work it names finishes this may start; "
                         "for work that may overlap it, drop the dependency and give a `start`")
    return _check_duration(value)


def _check_cadence(value: str) -> Cadence:
    if value in NAMED_CADENCES:
        return Cadence(value)
    if _DURATION_RE.match(value.removeprefix("every ")):
        if Cadence(value).days > MAX_DURATION_DAYS:
            raise ValueError(f"{value!r} is longer than 100 years")
        if Cadence(value).days == 0:
            raise ValueError(f"{value!r} is not a cadence: the interval must be at least 1")
        return Cadence(value)
    names = ", ".join(NAMED_CADENCES)
    raise ValueError(f"{value!r} is not a cadence; write one of {names}, or an interval such as 6w")


def _check_refresh(value: str) -> str:
    if value == STREAMING:
        return value
    if value in NAMED_CADENCES or _DURATION_RE.match(value.removeprefix("every ")):
        return _check_cadence(value)  # its own words for an interval of 0 or of centuries
    raise ValueError(f"{value!r} is not a refresh rate; write streaming, or a cadence: "
                     f"{', '.join(NAMED_CADENCES)}, or an interval such as 2w")


def _check_freshness(value: str) -> Freshness:
    if not _FRESHNESS_RE.match(value):
        raise ValueError(f"{value!r} is not a freshness; write a whole number and a unit: 200ms, 30s, 5m, 2h, 1d")
    made = Freshness(value)
    if made.milliseconds == 0:
        raise ValueError(f"{value!r} is not a freshness: data cannot be fresher than new")
    if made.milliseconds > MAX_DURATION_DAYS * 86_400_000:
        raise ValueError(f"{value!r} is longer than 100 years")
    return made


Id = Annotated[
    str,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "description": "An id: letters, digits, '-' and '_'."}),
]
# A name another tool knows (a registered model, a metric's key, a file): not blank.
Text = Annotated[str, AfterValidator(_check_text), WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S"})]
QuarterStr = Annotated[
    str,
    AfterValidator(_check_quarter),
    WithJsonSchema({"type": "string", "pattern": QUARTER_PATTERN, "description": "A quarter, e.g. 2026-Q3."}),
]
DurationStr = Annotated[
    str,
    AfterValidator(_check_duration),
    WithJsonSchema(
        {"type": "string", "pattern": DURATION_PATTERN, "description": "A duration in calendar time: 10d, 3w, 2mo, 1y."}
    ),
]
LagStr = Annotated[
    str,
    AfterValidator(_check_lag),
    WithJsonSchema(
        {"type": "string", "pattern": DURATION_PATTERN,
         "description": "Calendar time after the work it names finishes before this may start, e.g. 90d for fraud labels to mature."}
    ),
]
EffortStr = Annotated[
    str,
    AfterValidator(_check_duration),
    WithJsonSchema(
        {"type": "string", "pattern": DURATION_PATTERN, "description": "Work in person-days: 3d, 2w (10 days of work), 1mo, 1y."}
    ),
]
CadenceStr = Annotated[
    str,
    AfterValidator(_check_cadence),
    WithJsonSchema(
        {"type": "string", "pattern": CADENCE_PATTERN, "description": "A recurrence: daily, weekly, biweekly, monthly, quarterly, yearly, or an interval such as 6w."}
    ),
]
RefreshStr = Annotated[
    str,
    AfterValidator(_check_refresh),
    WithJsonSchema(
        {"type": "string", "pattern": REFRESH_PATTERN,
         "description": "How often the data is refreshed: streaming, daily, weekly, biweekly, monthly, quarterly, yearly, or an interval such as 2w."}
    ),
]
FreshnessStr = Annotated[
    str,
    AfterValidator(_check_freshness),
    WithJsonSchema(
        {"type": "string", "pattern": FRESHNESS_PATTERN,
         "description": "How old the data may be at most: 200ms, 30s, 5m (minutes), 2h, 1d."}
    ),
]

_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NUMBER_RE = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_COUNT_RE = re.compile(r"^[-+]?[0-9]+$")
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

# The YAML loader hands every scalar over as the author's text; these parse it strictly.
# Pydantic's lax mode would also take "yes" for true, "1_0" for 10, "nan" and "inf" for
# numbers, "20260105" or a Unix timestamp for a date: each a typo silently made a value.
# Non-text input (a list, a mapping) is passed on, and pydantic reports the wrong type.


def _parse_number(value: object) -> object:
    if isinstance(value, bool):  # TOML settings: `true` is not 1
        raise ValueError(f"{str(value).lower()} is not a number")
    if not isinstance(value, str):
        return value
    if not _NUMBER_RE.match(value):
        if value.endswith("%") and _NUMBER_RE.match(value[:-1].strip()):
            raise ValueError(f"{value!r} is not a number; write it without the % sign (as a percentage or a fraction, as the field's other values)")
        raise ValueError(f"{value!r} is not a number")
    number = float(value)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"{value!r} is too large a number")
    return number


def _parse_chance(value: object) -> object:
    """A probability: a fraction above 0 and at most 1 (``0.3``), or a percentage (``30%``)."""
    shown = value
    if isinstance(value, str) and value.strip().endswith("%") and _NUMBER_RE.match(value.strip()[:-1].strip()):
        value = float(value.strip()[:-1]) / 100
    value = _parse_number(value)
    if isinstance(value, (int, float)) and not 0 < value <= 1:
        raise ValueError(f"{shown} is not a chance: write a fraction above 0 and at most 1 (0.3) or a percentage (30%)")
    return value


def _parse_count(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a whole number")
    if not isinstance(value, str):
        return value
    if not _COUNT_RE.match(value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _parse_flag(value: object) -> object:
    if not isinstance(value, str):
        return value
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{value!r} is not true or false (write true or false; yes/no/on/off are not booleans here)")


def _parse_date(value: object) -> object:
    if isinstance(value, dt.date) or not isinstance(value, str):
        return value
    if _QUARTER_RE.match(value):
        end = Quarter(value).end
        raise ValueError(f"{value!r} is a quarter, but a date is expected here; write a day, e.g. {end} (the quarter's last)")
    if not _DATE_RE.match(value):
        raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2026-03-31")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a valid date: {error}") from None
    _in_years(value, day.year)
    return day


Number = Annotated[float, BeforeValidator(_parse_number)]
Count = Annotated[int, BeforeValidator(_parse_count)]
Chance = Annotated[
    float,
    BeforeValidator(_parse_chance),
    WithJsonSchema({"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                              {"type": "string", "pattern": r"^(100|[0-9]{1,2}(\.[0-9]+)?)%$"}],
                    "description": "A fraction above 0 and at most 1 (0.3), or a percentage (30%)."}),
]
Flag = Annotated[bool, BeforeValidator(_parse_flag)]


def _parse_answer(value: object) -> object:
    # `--assume` is read as YAML 1.1, where a bare yes or no is a boolean; the roadmap keeps text.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


Answer = Annotated[Literal["yes", "no"], BeforeValidator(_parse_answer)]
Date = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "An ISO date, YYYY-MM-DD."}),
]
