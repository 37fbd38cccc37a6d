"""``report --audience``: one roadmap, the view each stakeholder needs.

Each audience is a list of sections (see :data:`AUDIENCES`, also in the README); each
section is built from the analyses (schedule, critical path, capacity, checks, status
verdicts) into a :class:`~mlroadmap.document.Document` with its data kept for JSON.
Verdicts follow :mod:`mlroadmap.status`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..analysis import Analysis
from ..document import (
    Band,
    Bar,
    Bullets,
    Cell,
    Curve,
    CurveChart,
    Document,
    Facts,
    Lane,
    LoadChart,
    MetricChart,
    MetricPanel,
    Note,
    OutcomeChart,
    OutcomeLine,
    Progress,
    RiskChart,
    RiskMark,
    Section,
    Table,
    Timeline,
    Tone,
    Value,
)
from ..graph import lag
from ..model import FINISHED, PHASES
from ..projection import DATES_WORDS
from ..render.words import brief, day, decimals_of, experiment_kind, fairness_groups, fairness_test, journey, number, plural, shift, short_unit, shorten, span, whole
from ..status import VERDICT_WORDS, MetricStatus, OutcomeStatus, lateness, metric_status, outcome_status, quarter_of
from ..values import Quarter

if TYPE_CHECKING:
    from ..analysis import Dates
    from ..baseline import Baseline, Drift
    from ..capacity import CapacityReport
    from ..check import Settings
    from ..critical_path import BlockerRow
    from ..diff import Version
    from ..forecast import Forecast
    from ..loader import Roadmap
    from ..schedule import Schedule, Task
    from ..status import Verdict

# The window for "decisions needing sign-off soon", and the top-N lists of the exec page.
DECISION_WINDOW = dt.timedelta(weeks=6)
TOP = 3
VERDICT_TONE: dict[Verdict, Tone] = {"met": "good", "on-track": "good", "at-risk": "warn", "off-track": "bad", "no-target": "muted", "no-data": "muted"}
STATUS_TONE: dict[str, Tone] = {"done": "good", "in-production": "good", "at-risk": "warn", "blocked": "bad", "cancelled": "muted"}
LEVEL = {"low": 1, "medium": 2, "high": 3}


class Analyses(Analysis):
    """The analysis a report's sections read, with the quarter whose targets they show and
    the words they use (names, titles, dates)."""

    def __init__(self, roadmap: Roadmap, as_of: dt.date, quarter: str, settings: Settings | None = None, *,
                 dates: Dates | None = None):
        super().__init__(roadmap, as_of, settings, dates=dates)
        self.quarter = quarter
        self.baseline: Baseline | None = None  # the dates a revision promised (report --baseline), once set
        self.entities: dict[str, Any] = {entity.id: entity for _section, entity in roadmap.entities() if hasattr(entity, "id")}
        self.names = roadmap.names()
        self.tracks: dict[str, str] = self.track_titles

    @property
    def quarter_words(self) -> str:
        """"this quarter: 2026-Q4", or "targets of 2027-Q1" for another quarter."""
        return f"this quarter: {self.quarter}" if self.quarter == quarter_of(self.as_of) else f"targets of {self.quarter}"

    @property
    def basis(self) -> str:
        """What the projected dates assume, for a document's subtitle."""
        return f"; dates {self.dates_words}"

    @cached_property
    def outcomes(self) -> list[OutcomeStatus]:
        """Each outcome's verdict; only open work can land late (finished work has landed)."""
        def lands(schedule: Schedule | None, outcome_id: str) -> dt.date | None:
            if schedule is None or outcome_id not in self.outcomes_with_open_work:
                return None
            return schedule.outcome_dates.get(outcome_id)

        return [outcome_status(outcome, self.info.period.start, self.as_of, lands(self.schedule, outcome.id))
                for outcome in self.roadmap.outcomes]

    @cached_property
    def critical_chain(self) -> set[str]:
        return set(self.schedule.critical_path)

    @cached_property
    def top_blockers(self) -> dict[str, BlockerRow]:
        """The :data:`TOP` open pieces of work that block the most tracks."""
        return {row.task.id: row for row in self.critical.blockers[:TOP]}

    @cached_property
    def outcomes_with_open_work(self) -> set[str]:
        return {task.outcome for task in self.schedule.tasks.values() if task.open and task.outcome}

    @cached_property
    def metrics(self) -> list[MetricStatus]:
        return [metric_status(model, metric, self.quarter, self.as_of)
                for model in self.roadmap.models if model.stage != "retired" and model.status != "cancelled"
                for metric in model.metrics]

    # --- words -------------------------------------------------------------------------

    def title(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return getattr(entity, "title", None) or self.names.get(entity_id, entity_id)

    def who(self, person_id: str | None) -> str:
        if person_id is None:
            return "nobody named"
        return self.names.get(person_id, person_id)

    def track(self, track_id: str | None) -> str:
        return self.tracks.get(track_id, track_id) if track_id else "no track"

    def short_track(self, track_id: str | None) -> str:
        """"Data" for "Data pipelines & infrastructure": table cells stay narrow."""
        if track_id in SHORT_TRACKS:
            return SHORT_TRACKS[track_id]
        return brief(self.track(track_id), (" & ", ": ", " ("))

    def short_title(self, entity_id: str) -> str:
        return brief(self.title(entity_id))

    def short_name(self, person_id: str) -> str:
        """"Dana Whitfield" for "Dana Whitfield, VP Customer Support"."""
        return brief(self.who(person_id), (", ", " ("))

    def task(self, entity_id: str) -> Task | None:
        return self.schedule.tasks.get(entity_id)

    def when(self, entity_id: str) -> dt.date | None:
        """The projected last day of a piece of work (a decision: its date)."""
        task = self.task(entity_id)
        return task.finish if task is not None and task.finish != dt.date.min else None

    def late(self, entity_id: str) -> int:
        """Days the work is late (0: not late); see :meth:`lateness`."""
        return self.lateness(entity_id)[0]

    def lateness(self, entity_id: str) -> tuple[int, dt.date | None]:
        """Days late and the date it should have finished by (:func:`status.lateness`)."""
        task = self.task(entity_id)
        if task is None:
            return 0, None
        recurring = self.recurring(entity_id) is not None
        return lateness(task, self.as_of, self.entities[entity_id].end if recurring else None, recurring)

    def recurring(self, entity_id: str) -> str | None:
        """How often the work recurs ("monthly"), or None for one-off work."""
        return getattr(self.entities.get(entity_id), "cadence", None)

    def span_of(self, task: Task) -> str:
        """The projected dates of one piece of work, or for recurring work how often it recurs."""
        cadence = self.recurring(task.id)
        if task.in_production:  # live: the date it went live, when the roadmap has one
            dated = task.planned_finish is not None and task.planned_finish <= self.as_of
            return f"in production since {day(task.start)}" if dated else "in production"
        if task.planned_start is None and task.planned_finish is None and not task.open:
            return "undated"  # finished work the roadmap gives no dates: it holds nothing up
        if cadence:
            end = self.entities[task.id].end
            return f"{cadence} from {day(task.start)}" + (f" to {day(end)}" if end else "")
        if task.days == 0 or task.start == task.finish:
            return day(task.start)
        if task.resumes is not None:  # under way, paused by an unfinished predecessor
            return f"{span(task.start, task.finish)} (resumes {day(task.resumes)})"
        return span(task.start, task.finish)

    def waits_on(self, entity_id: str) -> list[str]:
        graph = self.graph
        if entity_id not in graph or self.schedule.tasks[entity_id].in_production:  # live: it waits for nothing
            return []
        tasks, as_of = self.schedule.tasks, self.schedule.as_of
        # Finished work is still waited on while its dependency's lag runs (labels maturing).
        return [node for node, edge in graph.pred[entity_id].items()
                if tasks[node].open or (edge.get("lag") and _free_from(tasks[node], edge["lag"]) > as_of)]

    def frozen(self, task: Task) -> list[str]:
        """The freeze it waits for, as a "Waits on" cell names it: with the day it ends."""
        if task.frozen_by is None:
            return []
        return [f"{self.short_title(task.frozen_by)} (freeze, to {day(self.entities[task.frozen_by].end)})"]

    def waited(self, entity_id: str, node: str) -> str:
        """``node``, which ``entity_id`` waits on, as a cell names it: with the lag after it."""
        wait = lag(self.graph, node, entity_id)
        return self.short_title(node) + (f" (+{wait} days)" if wait else "")


def _free_from(task: Task, wait: int) -> dt.date:
    """The first day work waiting ``wait`` days after ``task`` may start: the day after its
    last day, or a milestone's own day, plus the lag."""
    return task.finish + dt.timedelta(days=wait + (1 if task.days else 0))


# --- formatting ----------------------------------------------------------------------------

SHORT_TRACKS = {"model": "Models", "data": "Data", "ethics": "Ethics", "monitoring": "Monitoring",
                "experiments": "Experiments", "team": "Team"}


def verdict_cell(verdict: Verdict) -> Cell:
    return Cell(VERDICT_WORDS[verdict], VERDICT_TONE[verdict])


def status_cell(status: str, late_days: int = 0, done: str = "done") -> Cell:
    words = done if status == "done" else status.replace("-", " ")
    if late_days:
        return Cell(f"{words}, {late_days} day{'s' * (late_days != 1)} late", "bad")
    return Cell(words, STATUS_TONE.get(status))


def bar(fraction: float | None, verdict: Verdict) -> Progress:
    if fraction is None:
        return Progress(None, "–", "muted")
    return Progress(fraction, f"{fraction * 100:.0f}%", VERDICT_TONE[verdict])


# --- sections --------------------------------------------------------------------------------


def outcomes_section(a: Analyses) -> Section:
    rows: list[list[Value]] = []
    for status in a.outcomes:
        numbers = journey(status.baseline, status.current, status.target, status.unit)
        landing = status.lands
        if status.id not in a.schedule.outcome_dates:
            lands = Cell("no work planned", "warn")
        elif landing is None:  # every piece of work that serves it is finished
            lands = Cell("work done", "muted")
        else:
            lands = Cell(day(landing), "bad" if status.late else None)
        done = bar(status.progress, status.value_verdict)
        if status.expected_progress is not None and status.progress is not None:  # the plan: the straight line today
            done = Progress(done.fraction, f"{done.text} (plan {_percent(status.expected_progress)})", done.tone)
        rows.append([status.title, numbers, done, verdict_cell(status.verdict), status.due, lands])
    columns = ["Outcome", "Baseline → now → target", "Of the way", "Verdict", "Due", "Work lands"]
    data = [status.to_dict() for status in a.outcomes]
    if a.forecast is not None:  # beside the plan's date, how likely it is: the forecast's 80% date and the chance in quarter
        from ..forecast import percent

        forecasts = {outcome.id: outcome for outcome in a.forecast.outcomes}
        columns.append("80% likely")
        for status, row, record in zip(a.outcomes, rows, data):
            outcome = forecasts.get(status.id)
            if outcome is not None and status.lands is None and outcome.happens and outcome.p80 is not None:
                # The plan leaves its work out on a decision's branch; the samples that take that branch land it.
                row.append(Cell(f"{day(outcome.p80)}, in {percent(outcome.happens)} of the samples"))
                record["forecast"] = {"p50": _iso(outcome.p50), "p80": _iso(outcome.p80), "p95": _iso(outcome.p95),
                                      "p_on_time": outcome.p_on_time, "happens": outcome.happens}
                continue
            if outcome is None or status.lands is None or outcome.p_on_time is None:  # nothing left to forecast
                row.append("–")
                record["forecast"] = None
                continue
            unlikely = outcome.p_on_time * 100 < a.on_time_chance  # as MLR216 and MLR215 say
            row.append(Cell(f"{day(outcome.p80)}, {percent(outcome.p_on_time, a.on_time_chance)} in quarter", "bad" if unlikely else None))
            record["forecast"] = {"p50": _iso(outcome.p50), "p80": _iso(outcome.p80), "p95": _iso(outcome.p95),
                                  "p_on_time": outcome.p_on_time}
    blocks: list[Any] = [Table(columns, rows, "no outcomes declared")]
    blocks += drivers_blocks(a, data)
    if a.outcomes:
        blocks.append(outcome_chart(a))
    return Section("outcomes", "Outcomes", blocks, data)


def drivers_blocks(a: Analyses, data: list[dict[str, Any]]) -> list[Any]:
    """The chain from the models to the outcomes: each metric that drives one, how far it
    has moved it, and where its target takes it (also added to each outcome's ``data``)."""
    from ..drivers import reach

    outcomes = {outcome.id: outcome for outcome in a.roadmap.outcomes}
    rows: list[list[Value]] = []
    notes: list[str] = []
    for record in data:
        outcome = outcomes[record["id"]]
        driving = a.drivers.get(outcome.id, [])
        reached = reach(outcome, driving)
        record["driven_by"] = [driver.to_dict() for driver in driving]
        record["reach"] = None if reached is None else round(reached, 6)
        unit = short_unit(outcome.unit)
        for driver in driving:
            target = f" ({driver.quarter})" if driver.quarter else ""
            numbers = journey(driver.baseline, driver.current, driver.target, None) + target
            if driver.per is None or driver.moves is None:
                effect: Value = Cell("not quantified", "muted")
            else:
                rate = f"{number(driver.moves, unit)} per {'+' if driver.per > 0 else ''}{number(driver.per)}"
                moved = [f"{_signed(driver.so_far, unit)} so far" if driver.so_far is not None else "",
                         f"{_signed(driver.planned, unit)} at target" if driver.planned is not None else ""]
                effect = f"{rate}: {', '.join(part for part in moved if part)}" if any(moved) else rate
            rows.append([a.short_title(outcome.id), f"{a.short_title(driver.model)}: {driver.metric}", numbers, effect])
        if reached is not None:
            notes.append(f"{outcome.title}: at their targets, the metrics that drive it take it from {number(outcome.baseline, unit)} "
                         f"to {number(round(reached, 6), unit)} by {outcome.due} (target {number(outcome.target, unit)}).")
    if not rows:
        return []
    return [Table(["Outcome", "Driven by", "Baseline → now → target", "Moves the outcome"], rows), *(Note(n) for n in notes)]


def _signed(value: float | None, unit: str | None) -> str:
    if value is None:
        return "–"
    rounded = round(value, 6)
    return ("+" if rounded > 0 else "") + number(rounded, unit)


def outcome_chart(a: Analyses) -> OutcomeChart:
    start = Quarter(a.info.period.start).start
    return OutcomeChart("outcomes-chart", [
        OutcomeLine(status.title, start, (a.as_of, status.progress) if status.progress is not None else None,
                    Quarter(status.due).end, status.lands, VERDICT_WORDS[status.verdict], VERDICT_TONE[status.verdict])
        for status in a.outcomes], a.as_of)


def dates_section(a: Analyses) -> Section:
    projected = a.schedule
    pairs: list[tuple[str, Value]] = [("Projected end", f"{day(projected.end)} {a.dates_words}")]
    data: dict[str, Any] = {"end": projected.end.isoformat(), "dates": a.dates, "end_by_dependencies": None}
    if a.dates == "capacity":  # what the team's size costs: the same chain without it
        plan = a.by_dependencies
        moved_by = (projected.end - plan.end).days
        pairs.append(("By dependencies alone", Cell(f"{day(plan.end)} (capacity: {shift(moved_by)})", "warn" if moved_by > 0 else None)))
        data["end_by_dependencies"] = plan.end.isoformat()
    if a.baseline is not None:  # how far the end has drifted from the one the baseline promised
        promised = a.baseline.end
        pairs.append(("Baseline", Cell(f"{day(promised.baseline)} ({a.baseline.label}, projected {day(a.baseline.as_of)}): "
                                       f"{shift(promised.days or 0)}", "warn" if (promised.days or 0) > 0 else None)))
        data["baseline"] = {"label": a.baseline.label, "end": _iso(promised.baseline), "days": promised.days}
    chain = projected.critical_path
    if chain:
        shown = []
        for node in chain:  # with the waits that are no work: a lag, a freeze
            task = projected.tasks[node]
            if task.lag and task.driver is not None:
                shown.append(f"{task.lag} days' wait")
            shown.append(a.title(node) + (f" (live after {a.title(task.frozen_by)})" if task.frozen_by else ""))
        if len(shown) > 5:
            shown = [*shown[:2], f"{len(shown) - 4} more", *shown[-2:]]
        pairs.append(("What sets that date", " → ".join(shown)))
    data["critical_path"] = list(chain)
    data["forecast"] = None
    forecast = a.forecast
    if forecast is not None:
        p50, p80, p95 = forecast.end
        pairs.insert(1, ("Forecast", Cell(f"80% likely by {day(p80)} (50%: {day(p50)}, 95%: {day(p95)}; {forecast.samples:,} samples "
                                          f"over {forecast.drawn})", "warn" if p80 > projected.end else None)))
        data["forecast"] = {"p50": p50.isoformat(), "p80": p80.isoformat(), "p95": p95.isoformat(), "samples": forecast.samples,
                            "seed": forecast.seed}
        return Section("dates", "Dates", [Facts(pairs), curve_chart(a, forecast)], data)
    return Section("dates", "Dates", [Facts(pairs)], data)


def curve_chart(a: Analyses, forecast: Forecast) -> CurveChart:
    """The S-curves of the roadmap's end and of each outcome with work still to land."""
    curves = [Curve("End of the roadmap", forecast.end_curve, forecast.end, a.schedule.end, None)]
    open_outcomes = {status.id for status in a.outcomes if status.lands is not None}
    for outcome in forecast.outcomes:
        if (outcome.id in open_outcomes and outcome.curve and outcome.planned is not None and outcome.p50 is not None
                and outcome.p80 is not None and outcome.p95 is not None):
            curves.append(Curve(outcome.title, outcome.curve, (outcome.p50, outcome.p80, outcome.p95), outcome.planned, outcome.due))
    return CurveChart("forecast-chart", curves, forecast.samples)



def blockers_section(a: Analyses, limit: int | None = None) -> Section:
    rows = a.critical.blockers[:limit] if limit else a.critical.blockers
    table = Table(
        ["Work", "Track", "Status", "Blocks tracks", "Waiting", "Finishes", "Slack", "To due"],
        [[a.short_title(row.task.id), a.short_track(row.task.track) if row.task.track else "–",
          status_cell(row.task.status, a.late(row.task.id)), ", ".join(a.short_track(t) for t in row.blocker.tracks_blocked),
          str(row.blocker.dependents), day(row.task.finish),
          Cell(f"{row.task.slack} d", "bad" if row.task.slack == 0 else None) if row.task.slack is not None else "–",
          Cell(f"{row.task.due_slack} d", "bad" if row.task.due_slack <= 0 else None) if row.task.due_slack is not None else "–"]
         for row in rows],
        "no open work blocks more than one track",
    )
    blocks: list[Any] = [table]
    if limit and len(a.critical.blockers) > limit:
        blocks.append(Note(f"and {len(a.critical.blockers) - limit} more (mlroadmap critical-path)", "muted"))
    return Section("blockers", "Cross-track blockers", blocks, [row.to_dict() for row in rows])


def portfolio_section(a: Analyses) -> Section:
    by_stage: dict[str, list[str]] = {}
    for model in a.roadmap.models:
        if model.status != "cancelled":
            by_stage.setdefault(model.stage, []).append(model.id)
    order = ["production", "staged-rollout", "experimentation", "retired"]
    pairs: list[tuple[str, Value]] = [(stage.replace("-", " ").capitalize(), ", ".join(a.short_title(m) for m in by_stage[stage]))
                                      for stage in order if stage in by_stage]
    blocks: list[Any] = [Facts(pairs)] if pairs else [Note("no models declared", "muted")]
    return Section("portfolio", "Model portfolio", blocks, by_stage)


def metrics_section(a: Analyses, attention_only: bool = False) -> Section:
    counts = Counter(status.verdict for status in a.metrics)
    summary = ", ".join(f"{counts[v]} {VERDICT_WORDS[v]}" for v in VERDICT_WORDS if counts[v])
    shown = [s for s in a.metrics if s.verdict in ("at-risk", "off-track", "no-data")] if attention_only else a.metrics
    rows: list[list[Value]] = [[a.short_title(s.model), s.metric, journey(s.baseline, s.current, s.target, s.unit),
             _expected(s), bar(s.progress, s.verdict), verdict_cell(s.verdict)] for s in shown]
    # When and on what each value was measured, once the roadmap records it (metrics pull writes the day).
    dated = any(s.measured is not None or s.evaluated_on is not None or s.labels_until is not None for s in shown)
    if dated:
        for row, s in zip(rows, shown):
            row.insert(3, _measured(a, s) or Cell("–", "muted"))
    ended = Quarter(a.quarter).end < a.as_of
    words = (f"{plural(len(a.metrics), 'metric')} against {a.quarter}'s targets" + (" (today's values: the quarter has ended)" if ended else "")
             + f": {summary or 'none'}. The plan is where a straight line from the quarter's start value to its target is today.")
    blocks: list[Any] = [Note(words)]
    if rows or not attention_only:
        headers = ["Model", "Metric", f"Baseline → now → {a.quarter}", *(["Measured"] if dated else []), "Plan", "Of the way", "Verdict"]
        blocks.append(Table(headers, rows, "no model metrics"))
    if shown:
        blocks.append(metric_chart(a, shown))
    return Section("metrics", f"Model metrics, {a.quarter}", blocks,
                   {"counts": {v: counts[v] for v in VERDICT_WORDS}, "metrics": [s.to_dict() for s in a.metrics]})


def _measured(a: Analyses, status: MetricStatus) -> str:
    """"2 Jan 2026 on Hold-out Q4, labels to 31 Oct 2025": when, on what, and on labels matured to which day."""
    parts = [day(status.measured) if status.measured is not None else "",
             f"on {a.short_title(status.evaluated_on)}" if status.evaluated_on is not None else ""]
    words = " ".join(part for part in parts if part)
    if status.labels_until is not None:
        words += (", " if words else "") + f"labels to {day(status.labels_until)}"
    return words


def metric_chart(a: Analyses, shown: Sequence[MetricStatus]) -> MetricChart:
    metrics = {(model.id, metric.name): metric for model in a.roadmap.models for metric in model.metrics}
    start = Quarter(a.info.period.start).start
    quarter = Quarter(a.quarter)
    panels = []
    for status in shown:
        metric = metrics[(status.model, status.metric)]
        targets = [(q, (Quarter(q).end, value)) for q, value in sorted(metric.targets.items())]
        plan = ((quarter.start, status.start), (quarter.end, status.target)) if status.target is not None else None
        current = (status.measured or a.as_of, status.current) if status.current is not None else None
        panels.append(MetricPanel(f"{a.short_title(status.model)}: {status.metric}", status.unit, (start, status.baseline), current,
                                  targets, plan, VERDICT_WORDS[status.verdict], VERDICT_TONE[status.verdict]))
    return MetricChart("metrics-chart", panels, a.as_of)


def _expected(status: MetricStatus) -> str:
    """Where the metric should be today, with one more decimal than its numbers."""
    if status.expected is None or status.target is None:
        return "–"
    places = max(decimals_of(value) for value in (status.baseline, status.current, status.target) if value is not None) + 1
    return number(status.expected, "%" if short_unit(status.unit) == "%" else None, places)


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def decisions_section(a: Analyses, roles: frozenset[str] | None = None, compact: bool = False) -> Section:
    """Open decisions due in the next weeks (or already overdue); with ``roles``, only those a
    stakeholder of those roles signs off; ``compact``: how much is still open, not what."""
    horizon = a.as_of + DECISION_WINDOW
    roles_of = {holder.id: holder.role for holder in a.roadmap.stakeholders}
    found: list[tuple[dt.date, list[Value], dict[str, Any]]] = []
    for decision in a.roadmap.decisions:
        when = decision.due or a.when(decision.id)
        if decision.status in FINISHED or when is None or when > horizon:
            continue
        if roles is not None and not any(roles_of.get(s) in roles for s in decision.sign_off):
            continue
        late = a.late(decision.id)
        projected = a.when(decision.id)
        undated = " (projected: no date set)" if decision.due is None else ""
        date_cell = Cell(day(when) + undated + (f", projected {day(projected)}" if late and projected and not undated else ""),
                         "bad" if late or when < a.as_of else None)
        waiting = a.waits_on(decision.id)
        waits = f"{len(waiting)} open" if compact else "; ".join(a.waited(decision.id, node) for node in waiting)
        row: list[Value] = [date_cell, decision.title, ", ".join(a.short_name(s) for s in decision.sign_off) or "nobody named",
                            waits if waiting else "nothing open"]
        found.append((when, row, {"id": decision.id, "title": decision.title, "date": when.isoformat(),
                                  "projected": _iso(projected), "late_days": late, "sign_off": decision.sign_off,
                                  "waits_on": waiting}))
    found.sort(key=lambda entry: (entry[0], entry[2]["id"]))
    rows, data = [row for _, row, _ in found], [datum for _, _, datum in found]
    weeks = DECISION_WINDOW.days // 7
    return Section("decisions", f"Decisions needing sign-off by {day(horizon)}",
                   [Table(["Date", "Decision", "Sign-off", "Waits on"], rows, f"no open decision in the next {weeks} weeks")], data)


def ethics_section(a: Analyses) -> Section:
    r = a.roadmap

    def tally(entities: list[Any]) -> tuple[str, dict[str, Any]]:
        live = [e for e in entities if e.status != "cancelled"]
        done = [e for e in live if e.status == "done"]
        late = [e for e in live if a.late(e.id)]
        upcoming = sorted((a.when(e.id) or dt.date.max, e.id) for e in live if e.status not in FINISHED)
        words = f"{len(done)} of {len(live)} done"
        if late:
            words += f"; late: {', '.join(a.short_title(e.id) for e in late)}"
        if upcoming and upcoming[0][0] != dt.date.max:
            words += f"; next {day(upcoming[0][0])}"
        return words, {"total": len(live), "done": len(done), "late": [e.id for e in late],
                       "next": upcoming[0][1] if upcoming else None}

    pairs: list[tuple[str, Value]] = []
    data: dict[str, Any] = {}
    for label, key, entities in (("Fairness audits and bias tests", "audits", r.audits),
                                 ("Mitigations", "mitigations", r.mitigations),
                                 ("Privacy impact assessments", "privacy_assessments", r.privacy_assessments),
                                 ("Retention and consent policies", "policies", r.policies),
                                 ("Regulatory deadlines", "regulations", r.regulations)):
        if entities:
            words, data[key] = tally(entities)
            pairs.append((label, Cell(words, "bad" if data[key]["late"] else None)))
    blocks: list[Any] = [Facts(pairs)] if pairs else [Note("no ethical AI work planned", "bad")]
    return Section("ethics", "Ethical AI and compliance", blocks, data)


def risks_section(a: Analyses, limit: int | None = None) -> Section:
    """Open risks, then accepted ones, by likelihood x impact; ``limit``: the top few,
    briefly, with no grid (the exec page's two printed pages have no room for the rest)."""
    ranked = sorted((risk for risk in a.roadmap.risks if risk.status in ("open", "accepted")),
                    key=lambda risk: (risk.status != "open", -LEVEL[risk.likelihood] * LEVEL[risk.impact], risk.id))
    shown = ranked[:limit] if limit else ranked
    rows = [[risk.title, Cell(f"{risk.likelihood} / {risk.impact}", "bad" if LEVEL[risk.likelihood] * LEVEL[risk.impact] >= 6 else None),
             (shorten(risk.fallback, 70) if limit else whole(risk.fallback)) if risk.fallback else Cell("none", "muted"),
             a.short_name(risk.owner) if risk.owner else "nobody named"] for risk in shown]
    blocks: list[Any] = [Table(["Risk", "Likelihood / impact", "Fallback", "Owner"], rows, "no open risks")]
    if limit and len(ranked) > limit:
        blocks.append(Note(f"and {len(ranked) - limit} more open or accepted", "muted"))
    if ranked and not limit:  # all of them
        blocks.append(RiskChart("risks-chart", [RiskMark(risk.id, risk.title, risk.likelihood, risk.impact, risk.status == "accepted")
                                                for risk in ranked]))
    data = [{"id": risk.id, "title": risk.title, "likelihood": risk.likelihood, "impact": risk.impact, "status": risk.status,
             "fallback": risk.fallback, "mitigation": risk.mitigation, "owner": risk.owner} for risk in shown]
    return Section("risks", "Top risks" if limit else "Risks", blocks, data)


def checklist_section(a: Analyses) -> Section:
    report = a.checks
    unmet = [group.group for group in report.scored if not group.satisfied]
    missing = [group.title for group in unmet]
    score = f"{report.satisfied}/{len(report.scored)} sections satisfied"
    counts = [(report.count(level), word) for level, word in (("error", "error"), ("warning", "warning"), ("info", "note"))]
    found = ", ".join(plural(number, word) for number, word in counts if number)
    pairs: list[tuple[str, Value]] = [("Checklist", Cell(score, "good" if not missing else "warn"))]
    if found:  # the capacity rules are not scored: their warnings must still be seen
        pairs.append(("Findings", Cell(f"{found} (mlroadmap check lists them)",
                                       "bad" if report.count("error") else "warn" if report.count("warning") else None)))
    if missing:
        pairs.append(("Not yet", "; ".join(missing)))
    split: dict[str, Any] = {"planned": None, "actual": report.actual_split.to_dict() if report.actual_split else None}
    if report.planned_split or report.actual_split:
        words = []
        if report.planned_split:
            split["planned"] = {"explore": report.planned_split[0], "exploit": report.planned_split[1]}
            words.append(f"planned {report.planned_split[0]:g}/{report.planned_split[1]:g}")
        if report.actual_split:
            words.append(f"actual {report.actual_split.explore:.0f}/{report.actual_split.exploit:.0f} ({report.actual_split.basis})")
        pairs.append(("Explore / exploit", ", ".join(words)))
    data = {"satisfied": report.satisfied, "sections": len(report.scored),
            "not_satisfied": [{"id": group.id, "title": group.title} for group in unmet], "split": split,
            "problems": {"errors": report.count("error"), "warnings": report.count("warning"), "infos": report.count("info")}}
    return Section("checklist", "Checklist", [Facts(pairs)], data)


def _metric_rule(model: Any) -> str:
    rules = []
    for threshold in model.thresholds:
        bound = f"< {number(threshold.min)}" if threshold.min is not None else f"> {number(threshold.max)}"
        rules.append(f"{threshold.metric} {bound} → {threshold.action}")
    return "; ".join(rules) or "none"


def models_section(a: Analyses) -> Section:
    models = [model for model in a.roadmap.models if model.status != "cancelled"]
    def stage(model: Any) -> str:  # a challenger says whose place it would take
        words = model.stage.replace("-", " ")
        return f"{words}, challenging {a.short_title(model.challenges)}" if model.challenges else words

    rows = [[a.short_title(model.id), stage(model), model.retraining or "–", model.revalidation or "–",
             _metric_rule(model), ", ".join(a.short_title(d) for d in model.datasets) or "–"] for model in models]
    data = [{"id": m.id, "title": m.title, "stage": m.stage, "challenges": m.challenges, "retraining": m.retraining, "revalidation": m.revalidation,
             "thresholds": [t.model_dump(exclude_none=True) for t in m.thresholds], "datasets": m.datasets} for m in models]
    return Section("models", "Models: cadences and triggers",
                   [Table(["Model", "Stage", "Retraining", "Revalidation", "Triggers", "Datasets"], rows, "no models declared")], data)


def _refresh(dataset: Any) -> str:
    """"streaming, at most 2m old": the refresh, and the freshness SLA when there is one."""
    refresh = dataset.refresh or "–"
    return refresh if dataset.freshness is None else f"{refresh}, at most {dataset.freshness} old"


def _labelling(a: Analyses, dataset: Any) -> str:
    labelling = dataset.labelling
    if labelling is None or labelling.backlog is None:
        return "–"
    # Labelling that is the dataset's work (labelling.by): the person-days it books on them.
    work = (f"; {plural(labelling.effort_days, 'person-day')} of {a.short_name(labelling.by)} at {number(labelling.rate)} a day"
            if dataset.labelling_work else "")
    if not labelling.throughput:
        return f"{labelling.backlog:,} waiting" + (work or ", no throughput")
    weeks = -(-labelling.backlog // labelling.throughput)
    return f"{labelling.backlog:,} waiting at {labelling.throughput:,}/week: {plural(weeks, 'week')}{work}"


def datasets_section(a: Analyses, pii_only: bool = False) -> Section:
    datasets = [d for d in a.roadmap.datasets if d.status != "cancelled" and (d.pii or not pii_only)]
    rows: list[list[Value]] = []
    for d in datasets:
        blockers = [b for b in d.blockers if not b.resolved]
        blocked = Cell("; ".join(f"{b.kind}: {whole(b.description)}" + (f" (until {day(b.until)})" if b.until else "")
                            for b in blockers), "warn") if blockers else "none"
        if pii_only:
            rows.append([d.title, d.retention or Cell("not set", "bad"), whole(d.consent) if d.consent else Cell("not recorded", "bad"), blocked])
        else:
            rows.append([d.title, d.source or "–", _refresh(d), whole(d.quality_sla), _labelling(a, d), blocked])
    columns = (["Dataset", "Retention", "Consent", "Open blockers"] if pii_only
               else ["Dataset", "Source", "Refresh", "Quality SLA", "Labelling", "Open blockers"])
    data = [{"id": d.id, "title": d.title, "source": d.source, "refresh": d.refresh, "freshness": d.freshness, "quality_sla": d.quality_sla,
             "pii": d.pii, "retention": d.retention, "consent": d.consent,
             "labelling": d.labelling.model_dump(exclude_none=True) if d.labelling else None,
             "open_blockers": [b.model_dump(mode="json", exclude_none=True) for b in d.blockers if not b.resolved]} for d in datasets]
    return Section("personal-data" if pii_only else "datasets", "Personal data" if pii_only else "Datasets",
                   [Table(columns, rows, "no datasets with personal data" if pii_only else "no datasets declared")], data)


def work_table(a: Analyses, entities: list[Any], columns: list[str], cells: Callable[[Any], list[Value]],
               section_id: str, title: str, empty: str, done: str = "done") -> Section:
    """A table of work with its status and projected date, and the same as data. ``done``
    is what finished work is called here (a monitor that is done is "live")."""
    rows = [[*cells(e), status_cell(e.status, a.late(e.id), done)] for e in entities]
    data = [{"id": e.id, "title": e.title, "status": e.status, "finish": _iso(a.when(e.id)),
             "due": _iso(getattr(e, "due", None)), "late_days": a.late(e.id)} for e in entities]
    return Section(section_id, title, [Table([*columns, "Status"], rows, empty)], data)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def experiments_section(a: Analyses) -> Section:
    experiments = sorted((e for e in a.roadmap.experiments if e.status != "cancelled"),
                         key=lambda e: (e.status in FINISHED, e.decide_by or a.when(e.id) or dt.date.max))
    section = work_table(a, experiments, ["Experiment", "Kind", "Metric", "Decide by"],
                         lambda e: [e.title, experiment_kind(e), e.metric,
                                    Cell(day(e.decide_by), "bad" if e.decide_by and e.decide_by < a.as_of and e.status not in FINISHED else None)
                                    if e.decide_by else "–"],
                         "experiments", "Experiments", "no experiments")
    for item, e in zip(section.data, experiments):
        item.update({"kind": e.kind, "model": e.model, "traffic": e.traffic, "metric": e.metric, "success": e.success, "decide_by": _iso(e.decide_by), "mode": e.mode})
    return section


def audits_section(a: Analyses) -> Section:
    audits = [audit for audit in a.roadmap.audits if audit.status != "cancelled"]
    # "When": its due date, or, without one, the projected finish, saying which it is (a
    # "Due" column showed the projection as if it were the deadline).
    section = work_table(a, audits, ["Audit", "Groups", "Fairness metric", "When"],
                         lambda e: [e.title, fairness_groups(e, between=", " if not e.attributes else "; ") or Cell("no groups named", "bad"),
                                    fairness_test(e),
                                    (f"due {day(e.due)}" if e.due else f"projected {day(a.when(e.id))}" if a.when(e.id) else "–")
                                    + (f", then {e.cadence}" if e.cadence else "")],
                         "audits", "Fairness audits and bias tests", "no audits planned")
    for item, e in zip(section.data, audits):
        item.update({"kind": e.kind, "groups": e.groups, "attributes": e.attributes, "intersections": e.intersections,
                     "reference": e.reference, "metric": e.metric, "comparison": e.comparison, "worse": e.worse,
                     "threshold": e.threshold, "cadence": e.cadence})
    return section


def obligations_section(a: Analyses) -> Section:
    r = a.roadmap
    entities = [e for e in (*r.regulations, *r.privacy_assessments, *r.policies, *r.mitigations) if e.status != "cancelled"]
    entities.sort(key=lambda e: (e.status in FINISHED, e.due or a.when(e.id) or dt.date.max))
    kind = {id(e): name for name, group in (("regulation", r.regulations), ("privacy assessment", r.privacy_assessments),
                                            ("policy", r.policies), ("mitigation", r.mitigations)) for e in group}

    def what(e: Any) -> str:
        if kind[id(e)] == "regulation":
            return f"{e.regulation}: {whole(e.requirement)}" if e.requirement else e.regulation
        if kind[id(e)] == "policy":
            return f"{e.kind} policy" + (f", keep {e.retention}" if e.retention else "")
        return kind[id(e)]

    section = work_table(a, entities, ["Obligation", "What", "Deadline"],
                         lambda e: [e.title, what(e), day(e.due or a.when(e.id))],
                         "obligations", "Regulations, privacy and mitigations", "none planned")
    for item, e in zip(section.data, entities):
        item.update({"kind": kind[id(e)], "what": what(e), "regulation": getattr(e, "regulation", None),
                     "requirement": getattr(e, "requirement", None)})
    return section


def critical_path_section(a: Analyses) -> Section:
    chain = [a.schedule.tasks[node] for node in a.schedule.critical_path]
    rows: list[list[Value]] = [[a.span_of(task), task.title, a.short_track(task.track) if task.track else "–", a.who(task.owner), status_cell(task.status, a.late(task.id))]
            for task in chain]
    title = "Critical path, with the team's capacity" if a.dates == "capacity" else "Critical path"
    return Section("critical-path", title, [Table(["Dates", "Work", "Track", "Owner", "Status"], rows, "no open work")],
                   [task.to_dict() for task in chain])


def late_section(a: Analyses, limit: int | None = None) -> Section:
    late = sorted(((a.lateness(task.id), task) for task in a.schedule.tasks.values() if a.late(task.id)),
                  key=lambda x: (-x[0][0], x[1].id))
    shown = late[:limit] if limit else late
    rows: list[list[Value]] = [[task.title, a.short_track(task.track) if task.track else "–", day(should), day(max(task.finish, a.as_of)),
             Cell(plural(days, "day"), "bad")]
            for (days, should), task in shown]
    data = [{"id": task.id, "title": task.title, "due": _iso(task.due), "planned_finish": _iso(task.planned_finish),
             "should_finish": _iso(should), "projected_finish": max(task.finish, a.as_of).isoformat(), "late_days": days}
            for (days, should), task in shown]
    blocks: list[Any] = [Table(["Work", "Track", "Due or planned end", "Projected", "Late by"], rows, "nothing is late")]
    if limit and len(late) > limit:
        blocks.append(Note(f"and {len(late) - limit} more", "muted"))
    return Section("late", "Late work", blocks, data)


def monitors_section(a: Analyses, user_facing_only: bool = False) -> Section:
    facing = {m.id for m in a.roadmap.models if m.user_facing}
    monitors = [m for m in a.roadmap.monitors if m.status != "cancelled" and (not user_facing_only or m.model in facing)]

    def rule(m: Any) -> str:
        bounds = [f"< {number(m.min)}" if m.min is not None else "", f"> {number(m.max)}" if m.max is not None else ""]
        return " or ".join(b for b in bounds if b) or "–"

    def watched(m: Any) -> str:  # the model, the dataset, or both
        return ", ".join(a.short_title(ident) for ident in (m.model, m.dataset) if ident) or "–"

    section = work_table(a, monitors, ["Monitor", "Model or data", "Watches", "Alert when", "Action", "Channel"],
                         lambda m: [m.title, watched(m), whole(m.watches), rule(m), m.action,
                                    m.channel or Cell("no channel", "bad")],
                         "monitors", "What reaches users is watched" if user_facing_only else "Monitors", "no monitors", done="live")
    for item, m in zip(section.data, monitors):
        item.update({"model": m.model, "dataset": m.dataset, "watches": m.watches, "min": m.min, "max": m.max, "action": m.action, "channel": m.channel})
    return section


def compute_section(a: Analyses) -> Section:
    """The models' planned compute per quarter against the budget (mlroadmap.compute)."""
    plan = a.compute
    if plan is None:
        return Section("compute", "Compute", [Note("no model states its compute as numbers (compute: {retrain: ..., serving: ...})",
                                                   "muted")], None)
    rows: list[list[Value]] = []
    for quarter in plan.quarters:
        over = quarter.over
        parts = [f"{a.short_title(use.model)} {number(round(use.total, 6))}" + (f" ({plural(use.retrains, 'retrain')})" if use.retrains else "")
                 for use in sorted(quarter.models, key=lambda use: -use.total)]
        rows.append([quarter.quarter, number(quarter.budget) if quarter.budget is not None else Cell("none", "muted"),
                     Cell(number(round(quarter.planned, 6)), "bad" if over else None),
                     Cell(f"over by {number(round(over, 6))}", "bad") if over else ("within" if over is not None else "–"),
                     "; ".join(parts) or "–"])
    note = Note(f"In {plan.unit}: each model's retraining runs in the quarter, its serving around the clock from the day "
                "after it goes live, and before then its experiments on live traffic, for their share of it.")
    return Section("compute", "Compute", [note, Table(["Quarter", "Budget", "Planned", "Against the budget", "By model"], rows)],
                   plan.to_dict())


def capacity_section(a: Analyses) -> Section:
    if not a.staffed:
        return Section("capacity", "Capacity", [Note("no people or teams declared: dates assume unlimited capacity", "muted")], None)
    report = a.capacity()
    shifts: list[list[Value]] = [[date.title, day(date.dependencies_only), day(date.with_capacity),
               Cell(shift(date.days), "warn" if date.days > 0 else None)] for date in report.dates]
    from ..render.capacity import booked_how

    over = [f"{a.who(item.resource)}: {booked_how(item)} on {plural(item.days, 'working day')}, {day(item.first)} → {day(item.last)} "
            f"({', '.join(a.title(t) for t in item.tasks[:4])}{' and more' if len(item.tasks) > 4 else ''})" for item in report.over]
    blocks: list[Any] = [Table(["", "By dependencies", "With capacity", "Shift"], shifts),
                         Bullets(over) if over else Note("nobody is booked past capacity", "good")]
    if report.rows and report.columns:
        blocks.append(load_chart(report))
    return Section("capacity", "Capacity", blocks, {"dates": [s.to_dict() for s in report.dates], "over_allocated": [o.to_dict() for o in report.over]})


LOAD_COLUMNS = 24  # a heat map wider than this many months shows quarters, and past that many quarters, years


def load_chart(report: CapacityReport) -> LoadChart:
    """The load by person and team per month; over a long period per quarter or per year,
    each cell the booked share of what its months had available."""
    columns = report.columns
    groups: list[tuple[str, list[int]]] = [(column.label, [index]) for index, column in enumerate(columns)]
    if len(columns) > LOAD_COLUMNS and not columns[0].label.startswith("W"):
        quarters = len({(column.first.year, (column.first.month - 1) // 3) for column in columns})
        by_year = quarters > LOAD_COLUMNS
        grouped: dict[str, list[int]] = {}
        for index, column in enumerate(columns):
            label = str(column.first.year) if by_year else f"{column.first.year}-Q{(column.first.month - 1) // 3 + 1}"
            grouped.setdefault(label, []).append(index)
        groups = list(grouped.items())

    def cell(row: Any, indexes: list[int]) -> tuple[int | None, bool]:
        booked = sum(row.cells[index].booked for index in indexes)
        available = sum(row.cells[index].available for index in indexes)
        return (round(100 * booked / available) if available else None), any(row.cells[index].over for index in indexes)

    cells = [[cell(row, indexes) for _label, indexes in groups] for row in report.rows]
    return LoadChart("capacity-chart", [row.name for row in report.rows], [label for label, _indexes in groups],
                     [[percent for percent, _over in row] for row in cells], [[over for _percent, over in row] for row in cells])


def user_facing_section(a: Analyses) -> Section:
    models = [m for m in a.roadmap.models if m.user_facing and m.status != "cancelled" and m.stage != "retired"]
    # Support staff need the fallback in full: it is what they tell customers.
    rows = [[m.title, m.stage.replace("-", " "), " ".join(m.fallback.split()) if m.fallback else Cell("no fallback", "bad"),
             " ".join(m.edge_case_logging.split()) if m.edge_case_logging else Cell("not logged", "bad")] for m in models]
    data = [{"id": m.id, "title": m.title, "stage": m.stage, "fallback": m.fallback, "edge_case_logging": m.edge_case_logging} for m in models]
    return Section("user-facing", "What customers see, and the way out",
                   [Table(["Model", "Stage", "Fallback", "Edge cases logged"], rows, "no user-facing models")], data)


def launches_section(a: Analyses) -> Section:
    """Open work that changes what users get: go-live work, launch decisions, experiments on live traffic."""
    r = a.roadmap
    decisions = {id(d) for d in r.decisions}
    launches = [e for e in (*r.items, *r.decisions, *r.experiments) if e.status not in FINISHED and not a.recurring(e.id) and (
        getattr(e, "phase", None) == "go-live" or (id(e) in decisions and e.outcome) or getattr(e, "traffic", None))]
    launches.sort(key=lambda e: a.when(e.id) or dt.date.max)
    return work_table(a, launches, ["When", "What changes for users", "Track"],
                      lambda e: [day(a.when(e.id)), e.title, a.short_track(e.track_id) if e.track_id else "–"],
                      "launches", "Coming to users", "nothing open is about to reach users")


def phases_section(a: Analyses) -> Section:
    by_phase: dict[str, Counter[str]] = {phase: Counter() for phase in PHASES}
    for item in a.roadmap.items:
        if item.phase is not None and item.status != "cancelled":
            by_phase[item.phase]["late" if a.late(item.id) else ("done" if item.status == "done" else "under way" if item.status != "planned" else "planned")] += 1
    rows = [[phase, str(c["done"]), str(c["under way"]), str(c["planned"]), Cell(str(c["late"]), "bad") if c["late"] else "0"]
            for phase, c in by_phase.items() if sum(c.values())]
    return Section("phases", "Milestone phases", [Table(["Phase", "Done", "Under way", "Planned", "Late"], rows, "no items with a phase")],
                   {phase: dict(c) for phase, c in by_phase.items()})


KEY_ROWS = 12  # an exec timeline's rows: a third of a printed page
# Why a piece of work is on it. The rows are dealt in turns, one of each kind in this order,
# so that the chain, the blockers and the late work all show however many of one there are.
WHY = ("critical", "blocker", "late", "blocked", "at-risk", "decision", "milestone")


def sets_the_dates(a: Analyses) -> dict[str, list[str]]:
    """The open work an executive's timeline shows, with why (:data:`WHY`): up to
    :data:`KEY_ROWS`, dealt one of each kind in turn: the critical chain's next step, a top
    cross-track blocker, the latest work, blocked or at-risk work, the next decision, the
    next milestone; each kind soonest first (late work: the latest first). Recurring work
    only when it is late or on the chain."""
    kinds: dict[str, list[tuple[Any, str]]] = {reason: [] for reason in WHY}
    reasons: dict[str, list[str]] = {}
    for task in a.schedule.tasks.values():
        if not task.open:
            continue
        recurring = a.recurring(task.id) is not None
        late = a.late(task.id)
        why = [reason for reason, applies in (
            ("critical", task.id in a.critical_chain), ("blocker", task.id in a.top_blockers), ("late", late > 0),
            ("blocked", task.status == "blocked" and not recurring), ("at-risk", task.status == "at-risk" and not recurring),
            ("decision", task.section == "decisions"),
            ("milestone", task.section == "items" and task.days == 0 and not recurring)) if applies]
        if why:
            reasons[task.id] = why
            for reason in why:
                kinds[reason].append(((-late, task.finish) if reason == "late" else (task.finish,), task.id))
    queues = [sorted(found) for found in kinds.values()]
    chosen: dict[str, list[str]] = {}
    while len(chosen) < KEY_ROWS and any(queues):
        for queue in queues:
            while queue and queue[0][1] in chosen:
                queue.pop(0)
            if queue and len(chosen) < KEY_ROWS:
                task_id = queue.pop(0)[1]
                chosen[task_id] = reasons[task_id]
    return chosen


def timeline_section(a: Analyses, tracks: Sequence[str | None] | None = None, key_only: bool = False) -> Section:
    """Work per track on a time axis; ``key_only``: only the open work that sets the dates
    (:func:`sets_the_dates`, the exec page), in one lane, each row saying its track and
    why it is there. Recurring work is drawn over the days it recurs, to its ``end`` or
    the period's (on the exec page: its current occurrence)."""
    plan = a.schedule
    keep = set(tracks) if tracks is not None else None
    period_end = Quarter(a.info.period.end).end
    critical = a.critical_chain
    lanes: dict[str, list[Bar]] = {}
    key = sets_the_dates(a) if key_only else {}
    left_out = 0
    for task in plan.tasks.values():
        if task.status == "cancelled" or task.undated or (keep is not None and task.track not in keep):
            continue  # undated finished work has no day to be drawn on
        if key_only and task.id not in key:
            left_out += task.open
            continue
        late = a.late(task.id)
        cadence = a.recurring(task.id)
        tone: Tone | None = "bad" if late else ("good" if task.finished else "warn" if task.status in ("at-risk", "blocked") else None)
        # The words say what the colour says: a printout in black and white keeps them.
        # Commas, not semicolons: a Mermaid gantt drops those.
        blocker = a.top_blockers.get(task.id) if key_only else None
        drift = a.baseline.of(task.id) if a.baseline is not None else None
        notes = [a.short_track(task.track) if key_only and task.track else "", f"{plural(late, 'day')} late" if late else "",
                 f"{task.lag} days after {a.short_title(task.driver)}" if task.lag and task.driver and task.open else "",
                 f"live after {a.short_title(task.frozen_by)}" if task.frozen_by else "",
                 task.status.replace("-", " ") if task.status in ("at-risk", "blocked") else "", cadence or "",
                 f"blocks {plural(len(blocker.blocker.tracks_blocked), 'track')}" if blocker is not None else "",
                 f"{shift(drift.days)} against {a.baseline.label}" if drift is not None and drift.days and a.baseline else ""]
        first, last = task.start, task.finish
        if cadence and not key_only:
            last = max(first, task.series_end or period_end)
        elif cadence and task.next is not None:  # the exec's row: the occurrence now due, not the first
            first, last = task.next, task.next + (task.finish - task.start)
        decision = task.section == "decisions"
        lanes.setdefault(task.track or "", []).append(Bar(task.id, task.title, first, last, tone,
                                                          milestone=task.milestone and not cadence and not decision, done=task.finished,
                                                          critical=task.id in critical, decision=decision,
                                                          note=", ".join(note for note in notes if note)))
    rank = {track: index for index, track in enumerate(a.tracks)}
    ordered = sorted(lanes.items(), key=lambda kv: (kv[0] == "", rank.get(kv[0], len(rank)), kv[0]))
    data = {track or "none": [_bar_data(a, bar, key.get(bar.id)) for bar in bars] for track, bars in ordered}
    title = "Timeline: what sets the dates" if key_only else "Timeline"
    more = Note(f"and {plural(left_out, 'more piece')} of open work (mlroadmap show lists it all; mlroadmap critical-path, every blocker)",
                "muted") if key_only and left_out else None
    if not ordered:
        blocks: list[Any] = [Note("no open work left to do" if key_only else "no work to draw", "muted")]
        return Section("timeline", title, blocks + ([more] if more else []), data)
    starts = [bar.start for _track, bars in ordered for bar in bars]
    ends = [bar.finish for _track, bars in ordered for bar in bars]
    first = min(starts) if key_only else min([*starts, plan.start])
    drawn = {bar.id for _track, bars in ordered for bar in bars}
    links = [(before, after) for before, after in a.graph.edges if before in drawn and after in drawn]

    def by_date(bars: list[Bar]) -> list[Bar]:
        return sorted(bars, key=lambda b: (b.start, b.finish, b.id))

    shown = [Lane("What sets the dates", by_date([bar for _track, bars in ordered for bar in bars]))] if key_only else [
        Lane(a.track(track) if track else "No track", by_date(bars)) for track, bars in ordered]
    last = max([first, *ends] if key_only else [plan.end, first, *ends])
    # The freezes over the period; on the exec's page, only those holding work it shows.
    holding = {plan.tasks[bar.id].frozen_by for _track, bars in ordered for bar in bars}
    bands = [Band(freeze.title, max(freeze.start, first), min(freeze.end, last)) for freeze in a.roadmap.freezes
             if freeze.start <= last and freeze.end >= first and (not key_only or freeze.id in holding)]
    timeline = Timeline(first, last, a.as_of, shown, sorted(links), listed=key_only, bands=bands)
    blocks = [timeline, *([more] if more else [])]
    return Section("timeline", title, blocks, data)


def _bar_data(a: Analyses, bar: Bar, why: list[str] | None = None) -> dict[str, Any]:
    """A bar's dates: one-off work's projected start and finish; a recurring series says
    so, with its first and last day, and leaves ``finish`` to the views of one occurrence.
    With ``why`` (the exec's timeline): why it is there, and what the old blockers and
    late-work tables said of it."""
    if why is not None:
        work = a.schedule.tasks[bar.id]
        days, should = a.lateness(bar.id)
        blocker = a.top_blockers.get(bar.id)
        return {"id": bar.id, "start": bar.start.isoformat(), "finish": bar.finish.isoformat(), "why": why, "status": work.status,
                "late_days": days, "should_finish": _iso(should) if days else None, "slack": work.slack, "due_slack": work.due_slack,
                "tracks_blocked": list(blocker.blocker.tracks_blocked) if blocker else [],
                "waiting": blocker.blocker.dependents if blocker else 0, "recurs": a.recurring(bar.id)}
    cadence = a.recurring(bar.id)
    if cadence:
        task = a.task(bar.id)
        following = task.next if task is not None else None
        return {"id": bar.id, "recurs": cadence, "series_start": bar.start.isoformat(), "series_end": bar.finish.isoformat(),
                "next": following.isoformat() if following is not None else None}
    return {"id": bar.id, "start": bar.start.isoformat(), "finish": bar.finish.isoformat()}


# --- audiences ---------------------------------------------------------------------------------

AUDIENCES: dict[str, tuple[str, list[Callable[[Analyses], Section]]]] = {
    # Two printed pages: the dates and what sets them (the critical chain, late work and the
    # top cross-track blockers are its rows), then the lists, then the short summaries side
    # by side (render/html.py sets consecutive short sections in columns).
    "exec": ("Executive summary", [
        outcomes_section, dates_section, lambda a: timeline_section(a, key_only=True),
        lambda a: metrics_section(a, attention_only=True), lambda a: decisions_section(a, compact=True),
        lambda a: risks_section(a, TOP), portfolio_section, ethics_section, checklist_section,
    ]),
    "product": ("Product", [
        outcomes_section, dates_section, phases_section, launches_section, experiments_section, decisions_section,
        late_section, risks_section, checklist_section, timeline_section,
    ]),
    "data-science": ("Data science", [
        metrics_section, models_section, datasets_section, experiments_section, audits_section,
        lambda a: timeline_section(a, ["model", "data", "experiments"]),
    ]),
    "engineering": ("Engineering", [
        dates_section, critical_path_section, blockers_section, late_section, capacity_section, datasets_section,
        monitors_section, compute_section, lambda a: timeline_section(a, ["model", "data", "monitoring", "team"]),
    ]),
    "compliance": ("Compliance", [
        ethics_section, audits_section, obligations_section, lambda a: datasets_section(a, pii_only=True),
        lambda a: decisions_section(a, frozenset({"compliance", "legal"})), risks_section,
        lambda a: timeline_section(a, ["ethics"]),
    ]),
    "customer-ops": ("Customer operations", [
        outcomes_section, launches_section, user_facing_section, risks_section,
        lambda a: monitors_section(a, user_facing_only=True), decisions_section, timeline_section,
    ]),
}


def since_section(a: Analyses, since: Version) -> Section:
    """What changed since an earlier version (the last review): the diff's summary and the
    dates that moved, critical ones first."""
    import dataclasses

    from ..diff import Snapshot, checklist_score, diff_versions, version_on_disk
    from .diff import described, group_section, summary_section

    mine = Snapshot(a.schedule, *checklist_score(a.checks))
    now = version_on_disk(a.given, "now", repository=since.repository)  # as written: its branches are taken when projected
    changes = diff_versions(since, now, as_of=a.as_of, dates=a.dates, settings=a.settings, new_snapshot=mine)
    summary = summary_section(changes, "since", f"Since {described(since)}", files=False)
    if since.problems:
        shown = since.problems[:TOP]
        more = f" (and {len(since.problems) - TOP} more: mlroadmap diff lists them)" if len(since.problems) > TOP else ""
        summary.blocks.append(Bullets([Cell(f"{problem.location}: {problem.message}", "warn") for problem in shown]))
        if more:
            summary.blocks.append(Note(more.strip(" ()"), "muted"))
    work = [change for change in changes.of("dates") if change.kind in ("slipped", "pulled-in", "left-out", "taken")]
    if work:  # the end and the outcomes are in the summary's lines
        summary.blocks += group_section(dataclasses.replace(changes, changes=work), "dates", TOP + 2).blocks
    return summary


def baseline_section(a: Analyses, baseline: Baseline) -> Section:
    """The dates against the baseline's: the end, each outcome, and the work that drifted
    most (critical first), was added since or dropped from the plan."""
    end = baseline.end
    pairs: list[tuple[str, Value]] = [("The end", _drift_cell(end))]
    pairs += [(f"Outcome: {drift.title}", _drift_cell(drift)) for drift in baseline.outcomes]
    rows: list[list[Value]] = [
        [a.short_title(drift.id) if drift.id in a.entities else drift.title, _day_or_dash(drift.baseline), _day_or_dash(drift.now),
         _drift_cell(drift, short=True)] for drift in baseline.work[:TOP + 5]]
    blocks: list[Any] = [
        Note(f"Dates {DATES_WORDS[a.dates]}; the baseline's as they were projected on {day(baseline.as_of)}, "
             "the day it was committed.", "muted"),
        Facts(pairs),
        Table(["Work", "Baseline", "Now", "Drift"], rows, "no piece of work has drifted from the baseline"),
    ]
    if len(baseline.work) > TOP + 5:
        blocks.append(Note(f"and {len(baseline.work) - TOP - 5} more (--format json lists them)", "muted"))
    from .diff import revision_words

    return Section("baseline", f"Against the baseline: {revision_words(baseline.label, baseline.commit)}", blocks, baseline.to_dict())


def _drift_cell(drift: Drift, short: bool = False) -> Cell:
    """"20 Dec 2026 → 3 Jan 2027: +14 days" (short: "+14 days"), "added since", "no longer planned"."""
    if drift.change in ("taken", "dated"):  # on a decision's branch the baseline did not follow, and the plan does
        return Cell("now followed" if short else f"{day(drift.now)}: on a decision's branch the baseline did not follow")
    if drift.change in ("left out", "undated"):
        return Cell("left out" if short else f"was {day(drift.baseline)}: on a decision's branch the plan no longer follows", "muted")
    if drift.change == "added":
        return Cell("added since" if short else f"{day(drift.now)}: added since the baseline")
    if drift.change == "dropped":
        return Cell("no longer planned" if short else f"was {day(drift.baseline)}: no longer planned", "muted")
    days = drift.days or 0  # both sides dated here: later, earlier or the same
    said = shift(days)
    tone: Tone | None = "bad" if days > 0 and drift.critical else "warn" if days > 0 else "good" if days < 0 else None
    return Cell(said if short else f"{day(drift.baseline)} → {day(drift.now)}: {said}", tone)


def _day_or_dash(value: dt.date | None) -> str:
    return day(value) if value is not None else "–"


def build_report(roadmap: Roadmap, audience: str, *, as_of: dt.date | None = None, quarter: str | None = None,
                 settings: Settings | None = None, since: Version | None = None, dates: Dates | None = None,
                 baseline: Version | None = None) -> Document:
    """The report for ``audience`` (a key of :data:`AUDIENCES`), as of ``as_of`` (default
    today), for ``quarter`` (default the quarter of ``as_of``); with ``since`` (an earlier
    version, see :mod:`mlroadmap.diff`), it opens with what changed since then; with
    ``baseline`` (a valid one), its dates say how far they drifted from the baseline's."""
    from ..yamlsource import paused_gc

    as_of = as_of or dt.date.today()
    quarter = quarter or quarter_of(as_of)
    heading, builders = AUDIENCES[audience]
    analyses = Analyses(roadmap, as_of, quarter, settings, dates=dates)
    with paused_gc():
        if baseline is not None:
            from ..baseline import against

            assert baseline.roadmap is not None
            analyses.baseline = against(analyses, baseline.roadmap, baseline.label, baseline.commit)
        sections = [build(analyses) for build in builders]
        if analyses.baseline is not None:
            sections.insert(0, baseline_section(analyses, analyses.baseline))
        if since is not None:
            sections.insert(0, since_section(analyses, since))
    against_words = f"; against the baseline {analyses.baseline.label}" if analyses.baseline is not None else ""
    return Document(
        title=roadmap.info.name,
        subtitle=f"{heading} report, as of {day(as_of)}; {analyses.quarter_words}{analyses.basis}{against_words}",
        as_of=as_of, quarter=quarter, kind="report", audience=audience, sections=sections, dates=analyses.dates,
    )
