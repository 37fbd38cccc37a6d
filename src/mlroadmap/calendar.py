"""``calendar``: the roadmap's dated and recurring events, for the team's calendar.

Returns plain data (:class:`RoadmapEvents`, each :class:`Event` with a ``to_dict()``);
:mod:`mlroadmap.render.ical` turns it into an RFC 5545 iCalendar file.

What becomes an event (all-day events, in the roadmap's dates: the projection of
:mod:`mlroadmap.analysis`, as in every other view):

* a model's ``retraining`` and ``revalidation`` cadences: a recurring event each, from the
  day after the model goes live (its first go-live item, ``phase: go-live`` and
  ``model:`` it, that is not recurring work; else the model's own projected finish) to
  the end of the roadmap's period, unless the
  cycle is planned as recurring work (an item about the model with the same cadence:
  that item's event shows it);
* recurring work (an item or an audit with a ``cadence``): from its projected start, each
  occurrence as long as the work's first one, until its ``end`` or the period's end; with
  ``due_each``, an event on each occurrence's deadline (:mod:`mlroadmap.deadlines`);
* one-off audits: their projected dates;
* decisions: on their ``due`` date (else their projected date), with the stakeholders who
  sign them off (named, with their contact, in the description and the data);
* experiments: on their ``decide_by`` date;
* regulations: on their ``due`` date (the deadline);
* milestones (items with ``milestone: true``): on their projected date;
* the roadmap's next ``review``.

Cancelled work, and the cadences of a cancelled or retired model, are left out. Finished
work is history and keeps its dates; finished recurring work recurred until its ``end``,
or until the as-of day at the latest (nothing of it lies ahead). A recurring event whose
first occurrence falls after its last allowed day is left out; one-off events after the
period (a decision in the next year) are kept.

Everything is one pass over the roadmap's entities after the schedule: linear in its size.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from .projection import assuming
from .render.words import compute_words, experiment_kind, fairness_groups, fairness_test

if TYPE_CHECKING:
    from .analysis import Analysis, Dates
    from .loader import Roadmap
    from .schedule import Schedule, Task
    from .values import Cadence

# Kinds of events, in the order a day's events are listed.
KINDS: tuple[str, ...] = (
    "review", "decision", "regulation", "deadline", "experiment", "milestone", "audit", "retrained", "retraining", "revalidation",
    "recurring",
)
_KIND_ORDER = {kind: index for index, kind in enumerate(KINDS)}
# What each kind is called in a calendar's categories.
KIND_LABELS: dict[str, str] = {
    "review": "Roadmap review",
    "decision": "Decision",
    "regulation": "Regulatory deadline",
    "deadline": "Deadline of recurring work",
    "experiment": "Experiment decision",
    "milestone": "Milestone",
    "audit": "Audit",
    "retrained": "Last retrain",
    "retraining": "Retraining",
    "revalidation": "Revalidation",
    "recurring": "Recurring work",
}

_URL = re.compile(r"^https?://\S+$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
ONE_DAY = dt.timedelta(days=1)
_SHORTEST = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 28, "YEARLY": 365}  # days between occurrences, at the least


class EventOverflow(OverflowError):
    """An event past the year 9999 (its work is projected to the last representable day)."""


@dataclass(frozen=True)
class Recurrence:
    """An iCalendar RRULE: ``FREQ``, ``INTERVAL`` (left out when 1) and ``UNTIL`` (a date).

    Monthly (and yearly) recurrences from the 29th, 30th or 31st fall on the last day of
    shorter months, as the capacity scheduler books them (30 Jan, 28 Feb, 30 Mar, ...); a
    plain RRULE would skip those months (RFC 5545, 3.3.10). From the 31st (and 29 Feb) that
    is ``BYMONTHDAY=-1``, the month's last day. From the 29th or 30th it is the day of the
    month, and the shorter months' last days as ``RDATE``s (``rdates``). Not
    ``BYMONTHDAY=28,...,30;BYSETPOS=-1``, which RFC 5545 allows but ical.js (Thunderbird,
    Nextcloud) expands into every one of those days."""

    freq: str  # DAILY, WEEKLY, MONTHLY, YEARLY
    interval: int
    until: dt.date  # the last day an occurrence may start (inclusive)
    by_month_day: tuple[int, ...] = ()
    by_month: int | None = None
    rdates: tuple[dt.date, ...] = ()  # occurrences the rule leaves out: the last days of short months

    def parts(self) -> dict[str, Any]:
        """The rule's parts, in RFC 5545's (and the icalendar library's) canonical order."""
        parts: dict[str, Any] = {"FREQ": self.freq, "UNTIL": self.until}
        if self.interval != 1:
            parts["INTERVAL"] = self.interval
        if self.by_month_day:
            parts["BYMONTHDAY"] = list(self.by_month_day)
        if self.by_month is not None:
            parts["BYMONTH"] = self.by_month
        return parts

    def __str__(self) -> str:
        """The RRULE value, e.g. ``FREQ=WEEKLY;UNTIL=20261231;INTERVAL=2``."""
        def text(value: Any) -> str:
            if isinstance(value, dt.date):
                return value.strftime("%Y%m%d")
            if isinstance(value, list):
                return ",".join(str(part) for part in value)
            return str(value)

        return ";".join(f"{key}={text(value)}" for key, value in self.parts().items())


def recurrence(cadence: Cadence, first: dt.date, until: dt.date) -> Recurrence:
    """The RRULE of ``cadence`` for a series that starts on ``first``."""
    freq, interval = cadence.rule
    if freq == "MONTHLY" and first.day == 31:
        return Recurrence(freq, interval, until, (-1,))
    if freq == "MONTHLY" and first.day > 28:
        from .values import cadence_step

        # The scheduler's own occurrences (values.cadence_step) that fall on a short month's
        # last day, not on the series' day of the month.
        short, index = [], 1
        while (day := cadence_step(first, freq, interval * index)) <= until:
            if day.day != first.day:
                short.append(day)
            index += 1
        return Recurrence(freq, interval, until, (first.day,), rdates=tuple(short))
    if freq == "YEARLY" and (first.month, first.day) == (2, 29):
        return Recurrence(freq, interval, until, (-1,), 2)
    return Recurrence(freq, interval, until)


@dataclass(frozen=True)
class Signer:
    """A stakeholder who signs a decision off, and how to reach them (as the roadmap says)."""

    stakeholder: str  # the stakeholder's id
    name: str
    contact: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"stakeholder": self.stakeholder, "name": self.name, "contact": self.contact}


@dataclass(frozen=True)
class Event:
    """One all-day event, or a recurring series of them."""

    kind: str  # one of KINDS
    id: str | None  # the roadmap entry it comes from (None for the roadmap's review)
    uid: str  # stable across runs: re-importing updates the event rather than adding it again
    title: str
    start: dt.date
    end: dt.date  # the last day (inclusive); iCalendar's DTEND is the day after
    rrule: Recurrence | None = None
    description: str = ""
    sign_off: tuple[Signer, ...] = ()  # a decision's signers
    status: str | None = None  # the roadmap entry's status
    url: str | None = None
    location: str | None = None  # where it is written: file:line:col

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "uid": self.uid,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "rrule": str(self.rrule) if self.rrule is not None else None,
            "rdates": [day.isoformat() for day in self.rrule.rdates] if self.rrule is not None else [],
            "sign_off": [signer.to_dict() for signer in self.sign_off],
            "description": self.description,
            "status": self.status,
            "url": self.url,
            "location": self.location,
        }


@dataclass
class RoadmapEvents:
    roadmap: str
    slug: str  # the roadmap's name as it appears in every UID
    as_of: dt.date
    period_start: dt.date
    period_end: dt.date  # recurring events end here at the latest
    dates: Dates  # the projection the events' dates come from
    events: list[Event] = field(default_factory=list)
    # model id -> the first day of its cycles: the day after it goes live (see _Builder._live);
    # the compute plan charges its serving from then.
    live_from: dict[str, dt.date] = field(default_factory=dict)
    # model id -> its retraining series as the calendar shows it (first day, cadence, last
    # day one may start): the model's cadence from live_from, or the item that carries it out.
    retraining: dict[str, tuple[dt.date, Cadence, dt.date]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Event]:
        return [event for event in self.events if event.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "roadmap": self.roadmap,
            "as_of": self.as_of.isoformat(),
            "period": {"start": self.period_start.isoformat(), "end": self.period_end.isoformat()},
            "dates": self.dates,
            **assuming(self.dates),
            "counts": {kind: count for kind in KINDS if (count := len(self.of(kind)))},
            "events": [event.to_dict() for event in self.events],
        }


def slug(name: str) -> str:
    """``slug("Support Assistant 2026") == "support-assistant-2026"``: ASCII, for UIDs."""
    return _NOT_SLUG.sub("-", name.lower()).strip("-") or "roadmap"


def roadmap_events(analysis: Analysis) -> RoadmapEvents:
    """The roadmap's events (see the module's docstring) in the analysis's dates, sorted by date."""
    from .values import Quarter

    roadmap = analysis.roadmap
    info = roadmap.info
    assert info is not None
    plan = analysis.schedule
    found = RoadmapEvents(
        roadmap=info.name,
        slug=slug(info.name),
        as_of=plan.as_of,
        period_start=Quarter(info.period.start).start,
        period_end=Quarter(info.period.end).end,
        dates=analysis.dates,
    )
    try:
        found.events = _Builder(roadmap, plan, found).events()
    except EventOverflow as error:  # a day after 9999-12-31: reported as the schedule's overflow
        from .schedule import ScheduleOverflow

        raise ScheduleOverflow(str(error.args[0])) from None
    found.events.sort(key=lambda event: (event.start, _KIND_ORDER[event.kind], event.id or "", event.uid))
    return found


class _Builder:
    def __init__(self, roadmap: Roadmap, plan: Schedule, found: RoadmapEvents):
        self.roadmap = roadmap
        self.tasks = plan.tasks
        self.found = found
        self.names = roadmap.names()
        self.stakeholders = {holder.id: holder for holder in roadmap.stakeholders}
        self.unit = roadmap.info.compute_unit
        # A model's cycle planned as recurring work: an item about the model (`model:`) with
        # the cycle's cadence carries it out, so the item's event stands for the cycle (two
        # series for one cycle, on different days, would only confuse). Each item stands for
        # one cycle: retraining takes the first such item in file order, revalidation the next.
        self.cycle_work: dict[tuple[str, str], Any] = {}  # (model id, kind) -> the item
        self.carries_out: dict[str, str] = {}  # item id -> "the retraining cycle of model 'x' (monthly)"
        recurring: dict[str, list[Any]] = {}
        self.go_live: dict[str, list[Any]] = {}  # model id -> its one-off go-live items
        for item in roadmap.items:
            if item.model is not None and item.cadence is not None and item.status != "cancelled":
                recurring.setdefault(item.model, []).append(item)
            elif item.model is not None and item.cadence is None and item.phase == "go-live":
                self.go_live.setdefault(item.model, []).append(item)
        for model in roadmap.models:
            if model.status == "cancelled" or model.stage == "retired":
                continue
            left = list(recurring.get(model.id, ()))
            # CadenceStr fields hold the Cadence their validator returns.
            cycles = (("retraining", model.retraining), ("revalidation", model.revalidation))
            for kind, cadence in cast("tuple[tuple[str, Cadence | None], ...]", cycles):
                match = next((item for item in left if cadence is not None and item.cadence.rule == cadence.rule), None)
                if match is not None:
                    left.remove(match)
                    self.cycle_work[model.id, kind] = match
                    self.carries_out[match.id] = f"The {kind} cycle of model {model.id!r} ({cadence})."

    def events(self) -> list[Event]:
        events: list[Event] = []
        info = self.roadmap.info
        assert info is not None
        if info.review is not None:
            events.append(Event(
                "review", None, f"review@{self.found.slug}.mlroadmap", f"Roadmap review: {info.name}",
                info.review, info.review, description=_lines(f"The next review of the roadmap {info.name!r}.", _owner(self.names, info.owner)),
                location=self._where(info, "review"),
            ))
        for model in self.roadmap.models:
            events.extend(self._cadences(model))
        for item in self.roadmap.items:
            if item.status == "cancelled":
                continue
            if item.cadence is not None:
                events.extend(self._recurring(item, "recurring", item.title))
            elif item.milestone:
                events.append(self._milestone(item))
        for audit in self.roadmap.audits:
            if audit.status == "cancelled":
                continue
            if audit.cadence is not None:
                events.extend(self._recurring(audit, "audit", f"Audit: {audit.title}"))
            else:
                task = self.tasks[audit.id]
                events.append(self._event("audit", audit, f"Audit: {audit.title}", task.start, task.finish, self._audit_text(audit)))
        for decision in self.roadmap.decisions:
            if decision.status != "cancelled":
                events.append(self._decision(decision))
        for experiment in self.roadmap.experiments:
            if experiment.status != "cancelled" and experiment.decide_by is not None:
                events.append(self._experiment(experiment))
        for regulation in self.roadmap.regulations:
            if regulation.status != "cancelled" and regulation.due is not None:
                events.append(self._regulation(regulation))
        return events

    # --- the kinds ---------------------------------------------------------------------

    def _cadences(self, model: Any) -> list[Event]:
        if model.status == "cancelled" or model.stage == "retired":
            return []
        out = []
        if model.retrained is not None:  # what really happened, beside the cadence on paper
            cadence = f"; its retraining cadence is {model.retraining}" if model.retraining is not None else ""
            out.append(self._event("retrained", model, f"Retrained: {model.title}", model.retrained, model.retrained, _lines(
                f"The newest registered version of model {model.id!r} was created on {model.retrained} (recorded by mlroadmap metrics pull){cadence}.",
                _owner(self.names, model.owner)), where=("retrained",)))
        first, since = self._live(model)
        self.found.live_from[model.id] = first
        until = self.found.period_end
        self._retraining_series(model, first, until)
        if first > until:
            return out
        for kind, verb, cadence in (("retraining", "Retrain", model.retraining), ("revalidation", "Revalidate", model.revalidation)):
            if cadence is None or (model.id, kind) in self.cycle_work:  # planned as work: the item's event shows it
                continue
            triggers = [_threshold(threshold) for threshold in model.thresholds]
            text = _lines(
                f"{kind.capitalize()}: {cadence}, from {since}, to the end of the roadmap ({until}).",
                f"Model: {model.id}, stage {model.stage}.",
                _owner(self.names, model.owner),
                f"Triggers: {'; '.join(triggers)}." if triggers else None,
                f"Compute: {compute_words(model.compute, self.unit)}" if model.compute else None,
            )
            out.append(self._event(kind, model, f"{verb}: {model.title}", first, first, text,
                                   rrule=recurrence(cadence, first, until), where=(kind,)))
        return out

    def _retraining_series(self, model: Any, first: dt.date, until: dt.date) -> None:
        from .deadlines import span

        item = self.cycle_work.get((model.id, "retraining"))
        if item is not None:  # planned as work: its own series
            series = span(item, self.tasks[item.id], until, self.found.as_of)
            if series is not None:
                self.found.retraining[model.id] = (series.first, item.cadence, series.until)
        elif model.retraining is not None and first <= until:
            self.found.retraining[model.id] = (first, model.retraining, until)

    def _live(self, model: Any) -> tuple[dt.date, str]:
        """The first day of its cycles (retraining, revalidation), and the words that say
        why: the day after the model goes live, not while it is still being built. A model
        in production is live already: a go-live still ahead (its next version) does not
        hold its cycles back; undated, it cycles from the roadmap's start."""
        go_lives = [item for item in self.go_live.get(model.id, ()) if item.status != "cancelled"]
        task = self.tasks[model.id]
        if model.in_production:
            go_lives = [item for item in go_lives if self.tasks[item.id].finish <= self.found.as_of]
            if not go_lives and (task.planned_finish is None or task.planned_finish > self.found.as_of):
                start = self.found.period_start
                return start, f"the roadmap's start ({start}; the model is in production)"
        if go_lives:
            first = min(go_lives, key=lambda item: (self.tasks[item.id].finish, item.id))
            live = self.tasks[first.id].finish
            return _after(live, model.id), f"the day after {first.id}, its go-live ({live})"
        words = "it went live" if model.in_production else "the model's projected finish"
        return _after(task.finish, model.id), f"the day after {words} ({task.finish})"

    def _recurring(self, entity: Any, kind: str, title: str) -> list[Event]:
        from .deadlines import occurrences, span

        series = span(entity, self.tasks[entity.id], self.found.period_end, self.found.as_of)
        if series is None:
            return []
        first, last, until = series.first, series.last, series.until
        deadlines = [self._deadline(entity, occurrence) for occurrence in occurrences(entity, series)] if entity.due_each else []
        ends = f" to {entity.end}" if entity.end is not None else ""
        length = (last - first).days + 1
        runs = ""
        if length >= _SHORTEST[entity.cadence.rule[0]] * entity.cadence.rule[1]:
            # Back to back (a weekly review that takes the week): drawn whole, the series is an
            # all-day banner on every day of the calendar; its first day says when each begins.
            last, runs = first, f" Each occurrence runs {length} day{'s' * (length != 1)} from its first day, until the next begins."
        details = self._audit_text(entity) if kind == "audit" else _lines(entity.description)
        text = _lines(
            f"Recurs {entity.cadence} from {first}{ends}" + (f"; done (as of {self.found.as_of})." if entity.status == "done" else ".")
            + runs,
            self.carries_out.get(entity.id),
            details,
            _owner(self.names, entity.owner),
            f"Model: {entity.model}." if getattr(entity, "model", None) else None,
        )
        return [self._event(kind, entity, title, first, last, text, rrule=recurrence(entity.cadence, first, until), where=("cadence",)),
                *deadlines]

    def _deadline(self, entity: Any, occurrence: Any) -> Event:
        days = occurrence.late_days if entity.status != "done" else 0  # done work's occurrences are history, not projections
        late = f" It is projected to finish on {occurrence.finish}, {days} day{'s' * (days != 1)} late." if days else ""
        text = _lines(
            f"The occurrence of {occurrence.start} to {occurrence.finish} is due {entity.due_each.days} days after "
            f"{occurrence.covers} ends ({occurrence.period_end}).{late}",
            _owner(self.names, entity.owner),
        )
        return self._event("deadline", entity, f"Due: {entity.title} ({occurrence.covers})", occurrence.due, occurrence.due, text,
                           where=("due_each",), part=occurrence.covers)

    def _milestone(self, item: Any) -> Event:
        task = self.tasks[item.id]
        text = _lines(item.description, _owner(self.names, item.owner), f"Model: {item.model}." if item.model else None, _status(item.status))
        return self._event("milestone", item, f"Milestone: {item.title}", task.finish, task.finish, text)

    def _audit_text(self, audit: Any) -> str:
        task = self.tasks[audit.id]
        return _lines(
            audit.description,
            f"Kind: {audit.kind}.",
            f"Models: {', '.join(audit.models)}." if audit.models else None,
            f"Groups: {fairness_groups(audit)}." if audit.groups or audit.attributes else None,
            f"Metric: {fairness_test(audit)}." if audit.metric or audit.threshold is not None else None,
            _due(task, audit.due),
            None if audit.cadence is not None else _owner(self.names, audit.owner),
            None if audit.cadence is not None else _status(audit.status),
        )

    def _decision(self, decision: Any) -> Event:
        task = self.tasks[decision.id]
        day = decision.due if decision.due is not None else task.finish
        signers = tuple(Signer(holder.id, self.names[holder.id], holder.contact) for holder_id in dict.fromkeys(decision.sign_off)
                        if (holder := self.stakeholders.get(holder_id)) is not None)
        named = [signer.name + (f" ({signer.contact})" if signer.contact else "") for signer in signers]
        text = _lines(
            decision.description,
            f"Sign-off: {'; '.join(named)}." if named else "Sign-off: nobody named.",
            f"Result: {decision.result}" if decision.result else None,
            _due(task, decision.due) if decision.due is not None else f"Projected: {task.finish}.",
            _owner(self.names, decision.owner),
            _status(decision.status),
        )
        return self._event("decision", decision, f"Decision: {decision.title}", day, day, text,
                           sign_off=signers, where=("due",) if decision.due is not None else ())

    def _experiment(self, experiment: Any) -> Event:
        task = self.tasks[experiment.id]
        text = _lines(
            f"Hypothesis: {experiment.hypothesis}",
            f"Metric: {experiment.metric}",
            f"Success criterion: {experiment.success}",
            f"Variants: {'; '.join(experiment.variants)}." if experiment.variants else None,
            f"Kind: {experiment_kind(experiment)}.",
            f"Runs {task.span(' to ')} (projected)." if task.open else None,
            experiment.description,
            _owner(self.names, experiment.owner),
            _status(experiment.status),
        )
        day = experiment.decide_by
        return self._event("experiment", experiment, f"Decide experiment: {experiment.title}", day, day, text, where=("decide_by",))

    def _regulation(self, regulation: Any) -> Event:
        task = self.tasks[regulation.id]
        text = _lines(
            regulation.requirement,
            f"Models: {', '.join(regulation.models)}." if regulation.models else None,
            _due(task, regulation.due),
            regulation.description,
            _owner(self.names, regulation.owner),
            _status(regulation.status),
        )
        day = regulation.due
        # "Deadline: GDPR — Erasure requests reach training data", but not "GDPR — GDPR: ...".
        named = regulation.title.casefold().startswith(regulation.regulation.casefold())
        title = f"Deadline: {regulation.title}" if named else f"Deadline: {regulation.regulation} — {regulation.title}"
        return self._event("regulation", regulation, title, day, day, text, where=("due",))

    # --- helpers -----------------------------------------------------------------------

    def _event(self, kind: str, entity: Any, title: str, start: dt.date, end: dt.date, description: str, *,
               rrule: Recurrence | None = None, sign_off: tuple[Signer, ...] = (), where: tuple[str, ...] = (),
               part: str = "") -> Event:
        _after(end, entity.id)  # DTEND is the day after: it must exist
        url = next((link for link in entity.links if _URL.match(link)), None)
        name = f"{kind}-{part}" if part else kind  # one of several events of its kind, e.g. a deadline per quarter
        return Event(
            kind, entity.id, f"{entity.id}.{name}@{self.found.slug}.mlroadmap", title, start, max(start, end),
            rrule=rrule, description=description, sign_off=sign_off, status=getattr(entity, "status", None),
            url=url, location=self._where(entity, *where),
        )

    def _where(self, entity: Any, *path: str) -> str | None:
        try:
            return str(self.roadmap.locate(entity, *path))
        except KeyError:  # built in Python rather than loaded from YAML
            return None


def _after(day: dt.date, entity_id: str) -> dt.date:
    try:
        return day + ONE_DAY
    except OverflowError:
        raise EventOverflow(entity_id) from None


def _lines(*parts: str | None) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _owner(names: dict[str, str], owner: str | None) -> str | None:
    return f"Owner: {names.get(owner, owner)}." if owner else None


def _status(status: str) -> str | None:
    return None if status == "planned" else f"Status: {status}."


def _due(task: Task, due: dt.date | None) -> str | None:
    if due is None:
        return None
    if task.open and task.finish > due:
        return f"Due {due}; projected {task.finish}, {(task.finish - due).days} days late."
    return f"Due {due}."


def _number(value: float) -> str:
    return f"{value:g}"


def _threshold(threshold: Any) -> str:
    bounds = []
    if threshold.min is not None:
        bounds.append(f"below {_number(threshold.min)}")
    if threshold.max is not None:
        bounds.append(f"above {_number(threshold.max)}")
    window = f" over {threshold.window}" if threshold.window else ""
    return f"{threshold.metric} {' or '.join(bounds)}{window}: {threshold.action}"
