"""Rules MLR15?, group ``critical-path``: item 5 of the AI/ML roadmap template's quick-start
checklist (template checklist 5), critical path: blockers owned, dates kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import FINISHED, SINGULAR
from .registry import Finding, rule

if TYPE_CHECKING:
    from .registry import Context


def _cross_track(ctx: Context) -> Iterator[tuple[Any, Any, Any]]:
    """(entity, blocker, task) for open work that blocks at least ``min_tracks`` tracks."""
    nodes = ctx.graph.nodes
    for node, blocker in ctx.blocking.items():
        entity = nodes[node]["entity"]
        if entity.status not in FINISHED and len(blocker.tracks_blocked) >= ctx.min_tracks:
            yield entity, blocker, ctx.schedule.tasks[node]


def _blocks(section: str, entity: Any, blocker: Any) -> str:
    return f"{SINGULAR[section]} {entity.id!r} blocks {len(blocker.tracks_blocked)} tracks ({', '.join(blocker.tracks_blocked)})"


CHAIN = """
        items:
          - {id: label-eu, title: Label German and French tickets, track: data, OWNER start: 2026-01-05, duration: 4w}
          - {id: train-eu, title: Train EU intents, track: model, owner: ana, depends_on: [label-eu], duration: 3w}
          - {id: audit-eu, title: Audit EU answers, track: ethics, owner: ana, depends_on: [label-eu], duration: 2w}"""


@rule(
    "MLR151", "blocker-owner", group="critical-path", severity="error",
    title="Work that blocks several tracks has an owner",
    rationale="""
        Work that several workstreams wait on is where a roadmap slips. It needs one person
        who answers for it, or each team assumes another is on it.""",
    fix="Give the work an `owner`.",
    bad=CHAIN.replace("OWNER ", ""),
    good=CHAIN.replace("OWNER ", "owner: ana, "),
)
def blocker_owner(ctx: Context) -> Iterator[Finding]:
    nodes = ctx.graph.nodes
    for entity, blocker, _task in _cross_track(ctx):
        if entity.owner is None:
            yield Finding(entity, f"{_blocks(nodes[entity.id]['section'], entity, blocker)} but has no owner", ("owner",), at_key=True)


@rule(
    "MLR152", "blocker-slack", group="critical-path", severity="info",
    title="Work that blocks several tracks has slack",
    rationale="""
        A cross-track blocker with no slack is on the critical path: any day it slips moves the
        end date of every workstream behind it.""",
    fix="Start it earlier, split it, add people, or record why the risk is accepted (waive: {MLR152: reason}).",
    bad="""
        items:
          - {id: label-eu, title: Label tickets, track: data, owner: ana, start: 2026-01-05, duration: 4w}
          - {id: train-eu, title: Train, track: model, owner: ana, depends_on: [label-eu], duration: 3w}
          - {id: audit-eu, title: Audit, track: ethics, owner: ana, depends_on: [label-eu], duration: 2w}""",
    good="""
        items:
          - {id: label-eu, title: Label tickets, track: data, owner: ana, start: 2026-01-05, duration: 4w}
          - {id: train-eu, title: Train, track: model, owner: ana, depends_on: [label-eu], duration: 3w}
          - {id: audit-eu, title: Audit, track: ethics, owner: ana, depends_on: [label-eu], duration: 2w}
          - {id: launch, title: Launch, track: model, owner: ana, start: 2026-04-06, duration: 1w}""",
)
def blocker_slack(ctx: Context) -> Iterator[Finding]:
    nodes = ctx.graph.nodes
    for entity, blocker, task in _cross_track(ctx):
        if task.slack == 0:
            yield Finding(entity, f"{_blocks(nodes[entity.id]['section'], entity, blocker)} and has no slack: a day's slip moves the end date ({ctx.schedule.end})")


@rule(
    "MLR153", "blocker-at-risk", group="critical-path", severity="error",
    title="Work that blocks several tracks is not at risk or blocked without a plan",
    rationale="An at-risk or blocked item that other workstreams wait on is the first thing an exec review needs to hear about.",
    fix="Resolve it, replan the work behind it, or waive with the recovery plan as the reason.",
    bad=CHAIN.replace("OWNER ", "owner: ana, status: at-risk, "),
    good=CHAIN.replace("OWNER ", "owner: ana, status: at-risk, waive: {MLR153: Second labelling vendor starts 12 Jan}, "),
)
def blocker_at_risk(ctx: Context) -> Iterator[Finding]:
    nodes = ctx.graph.nodes
    for entity, blocker, _task in _cross_track(ctx):
        if entity.status in ("at-risk", "blocked"):
            yield Finding(entity, f"{_blocks(nodes[entity.id]['section'], entity, blocker)} and is {entity.status.replace('-', ' ')}", ("status",))


@rule(
    "MLR154", "late-work", group="critical-path", severity="error",
    title="Work is projected to finish by its due date",
    rationale="""
        The schedule (dependencies, durations, today) projects a finish after the `due` date, in the roadmap's dates:
        the roadmap promises a date its own plan does not reach.""",
    fix="Move the due date, shorten the work or what it waits on, or start earlier; work already finished should say `status: done`.",
    bad="""
        items:
          - {id: label, title: Label, track: data, start: 2026-01-05, duration: 6w}
          - {id: train, title: Train, track: model, depends_on: [label], duration: 3w, due: 2026-02-27}""",
    good="""
        items:
          - {id: label, title: Label, track: data, start: 2026-01-05, duration: 6w}
          - {id: train, title: Train, track: model, depends_on: [label], duration: 3w, due: 2026-03-13}""",
)
def late_work(ctx: Context) -> Iterator[Finding]:
    by_id = ctx.by_id
    # Late by its dependencies alone (MLR305 says what only the team's capacity makes late),
    # told in the roadmap's dates, so check gives the day the reports give.
    projected = ctx.schedule.tasks
    for late in ctx.by_dependencies.late:
        task = projected[late.task]
        if task.finish <= late.due or _decision_overdue(ctx, task):
            continue
        entity = by_id[late.task]
        days = (task.finish - late.due).days
        yield Finding(entity, f"{SINGULAR[ctx.graph.nodes[late.task]['section']]} {late.task!r} is projected to finish on {task.finish}, "
                      f"{days} day{'s' * (days != 1)} after its {_deadline(task)} {late.due}", (task.due_key,))


def _deadline(task: Any) -> str:
    return "decision date (decide_by)" if task.due_key == "decide_by" else "due date"


def _decision_overdue(ctx: Context, task: Any) -> bool:
    """An experiment whose decision date has passed undecided: MLR145 says so, with its own fix."""
    return task.due_key == "decide_by" and task.due < ctx.as_of


@rule(
    "MLR155", "broken-dependency", group="critical-path", severity="warning",
    title="Planned start dates come after what the work depends on",
    rationale="A planned start before a predecessor's planned finish (and its lag, when the dependency has one) cannot happen; the schedule moves it, and the roadmap shows a date nobody will meet.",
    fix="Move the `start` after the predecessor's finish and its lag, or drop the dependency if it is not real.",
    bad="""
        items:
          - {id: label, title: Label, track: data, start: 2026-01-05, duration: 6w}
          - {id: train, title: Train, track: model, depends_on: [label], start: 2026-02-02, duration: 3w}""",
    good="""
        items:
          - {id: label, title: Label, track: data, start: 2026-01-05, duration: 6w}
          - {id: train, title: Train, track: model, depends_on: [label], start: 2026-02-16, duration: 3w}""",
)
def broken_dependency(ctx: Context) -> Iterator[Finding]:
    by_id = ctx.by_id
    nodes = ctx.graph.nodes
    for broken in ctx.schedule.broken:
        entity = by_id[broken.task]
        yield Finding(
            entity,
            f"{SINGULAR[nodes[broken.task]['section']]} {broken.task!r} is planned to start on {broken.planned_start}, "
            + broken.before(f"{SINGULAR[nodes[broken.predecessor]['section']]} {broken.predecessor!r}"),
            ("start",),
            key=broken.predecessor,  # one problem per predecessor: a stable identity for each
        )


@rule(
    "MLR156", "overdue-work", group="critical-path", severity="warning",
    title="Open work is not past its planned end",
    rationale="""
        Work still open after its planned dates is either finished and not marked done, or
        late; the schedule treats it as finishing today at the earliest, so its real end is
        unknown and so is everything after it. Recurring work (with a `cadence`) is not
        checked: its dates are those of the first cycle.""",
    fix="Mark finished work `status: done`; give late work new dates (or a new duration).",
    bad="""
        items:
          - {id: label, title: Label tickets, track: data, status: in-progress, start: 2025-11-03, end: 2025-12-19}""",
    good="""
        items:
          - {id: label, title: Label tickets, track: data, status: in-progress, start: 2025-11-03, end: 2026-01-30}""",
)
def overdue_work(ctx: Context) -> Iterator[Finding]:
    from ..schedule import DATED_BY_DUE

    nodes = ctx.graph.nodes
    late = {late.task for late in ctx.by_dependencies.late}  # MLR154 says those (and MLR305 what capacity makes late)
    for task in ctx.schedule.tasks.values():
        if not task.open or task.id in late or task.section in DATED_BY_DUE or task.section == "experiments":
            continue
        entity = nodes[task.id]["entity"]
        planned_end = entity.end is not None or entity.length is not None  # a start alone is not an end
        finish = task.planned_finish
        if planned_end and finish is not None and finish < ctx.as_of and getattr(entity, "cadence", None) is None:
            state = task.status.replace("-", " ")
            yield Finding(entity, f"{SINGULAR[task.section]} {task.id!r} is {state}, but its planned dates ended on {task.planned_finish}", ("status",))


@rule(
    "MLR157", "unlikely-on-time", group="critical-path", severity="warning",
    title="Work the plan finishes by its due date is likely to, given its estimates",
    rationale="""
        A plan built from likely lengths meets a deadline that its own estimates make
        unlikely: one estimate running long on the way is enough. The rule runs the
        forecast (`mlroadmap forecast`'s 10,000 samples, seed 0) when work still to do
        carries an `estimate` or a risk's `delay`, and reports a due date (or decision date) the plan meets but fewer
        samples than `on_time_chance` percent do (default 80). A date the plan itself misses
        is MLR154's.""",
    fix="Move the due date to the forecast's 80% date, narrow the estimates upstream (`mlroadmap forecast` ranks them), or start earlier.",
    bad="""
        items:
          - {id: label, title: Label, track: data, start: 2026-01-05, estimate: {low: 2w, likely: 3w, high: 8w}, due: 2026-01-25}""",
    good="""
        items:
          - {id: label, title: Label, track: data, start: 2026-01-05, estimate: {low: 2w, likely: 3w, high: 8w}, due: 2026-02-22}""",
)
def unlikely_on_time(ctx: Context) -> Iterator[Finding]:
    from ..forecast import percent

    forecast = ctx.forecast
    if forecast is None:
        return  # every sample is the plan (MLR154 says all there is), or no sample can be drawn
    tasks = ctx.schedule.tasks
    for entity in forecast.entities:
        task = tasks[entity.id]
        if not task.open or entity.due is None or entity.p_on_time is None or task.finish > entity.due or _decision_overdue(ctx, task):
            continue
        if entity.p_on_time * 100 < ctx.on_time_chance:
            yield Finding(
                ctx.by_id[entity.id],
                f"{SINGULAR[task.section]} {entity.id!r} is planned {'for' if task.days == 0 else 'to finish on'} {task.finish}, "
                f"by its {_deadline(task)} {entity.due}, "
                f"but only {percent(entity.p_on_time, ctx.on_time_chance)} of {forecast.samples:,} forecast samples do "
                f"(80% likely by {entity.p80})",
                (task.due_key,),
            )


@rule(
    "MLR158", "frozen-go-live", group="critical-path", severity="warning",
    title="Planned dates do not go live inside a freeze",
    rationale="""
        A freeze (`freezes:`, a change freeze or a holiday peak) holds the go-live of the
        work it covers: work planned to finish inside it (a milestone, to fall inside it)
        goes live on the first day after it, and every view shows that day. The plan's own
        date is one nobody will meet.""",
    fix="Plan the work to finish before the freeze starts, or after it ends (and move what waits on it), or narrow the freeze's `tracks` or `kinds`.",
    bad="""
        freezes:
          - {id: peak, title: Holiday peak, start: 2026-12-14, end: 2027-01-08, tracks: [model]}
        items:
          - {id: ship, title: Ship GBM v5, track: model, start: 2026-11-30, end: 2026-12-18}""",
    good="""
        freezes:
          - {id: peak, title: Holiday peak, start: 2026-12-14, end: 2027-01-08, tracks: [model]}
        items:
          - {id: ship, title: Ship GBM v5, track: model, start: 2026-11-23, end: 2026-12-11}""",
)
def frozen_go_live(ctx: Context) -> Iterator[Finding]:
    from ..freezes import hold

    for task in ctx.schedule.tasks.values():
        if not task.freezes or not task.open or task.planned_finish is None:
            continue
        planned = task.planned_start if task.days == 0 else task.planned_finish
        if planned is None or planned < ctx.as_of:  # the past is not planned any more (MLR156 says so of open work)
            continue
        live, window = hold(planned, task.freezes)
        if window is None:
            continue
        entity = ctx.by_id[task.id]
        key = "end" if entity.end is not None else "start" if entity.start is not None else "duration"
        yield Finding(
            entity,
            f"{SINGULAR[task.section]} {task.id!r} is planned {'for' if task.days == 0 else 'to finish on'} {planned}, "
            f"inside the freeze {window.by!r} ({window.first} to {window.last}): it goes live on {live}",
            (key,),
        )


@rule(
    "MLR159", "waits-on-left-out-work", group="critical-path", severity="warning",
    title="Work does not wait only on work a decision's answer leaves out",
    rationale="""
        The branch of a decision the dates do not follow is left out (`if_yes`, `if_no`), and
        what waits for its work waits only for what that work waited for. Work that waits on
        nothing but left-out work is then dated as if that work were done on the decision's
        day: the launch of a model that a "no" never builds, dated anyway.""",
    fix="Put the work on the same branch (the decision's `if_yes` or `if_no`), or make it wait for the other branch's work too.",
    bad="""
        items:
          - {id: ramp, title: Ramp the new model up, track: model, duration: 2w}
          - {id: launch, title: Launch, track: model, depends_on: [ramp], duration: 1d}
          - {id: tune, title: Tune the baseline, track: model, duration: 3w}
        decisions:
          - {id: go, title: Ship the new model?, due: 2026-03-02, expect: no, if_yes: [ramp], if_no: [tune]}""",
    good="""
        items:
          - {id: ramp, title: Ramp the new model up, track: model, duration: 2w}
          - {id: launch, title: Launch, track: model, depends_on: [ramp, tune], duration: 1d}
          - {id: tune, title: Tune the baseline, track: model, duration: 3w}
        decisions:
          - {id: go, title: Ship the new model?, due: 2026-03-02, expect: no, if_yes: [ramp], if_no: [tune]}""",
)
def waits_on_left_out(ctx: Context) -> Iterator[Finding]:
    from ..model import dependencies

    left_out = ctx.roadmap.left_out
    if not left_out:
        return
    for task in ctx.schedule.tasks.values():
        if not task.open or task.id in left_out:
            continue
        entity = ctx.by_id[task.id]
        waits = list(dict.fromkeys(str(ident) for ident in dependencies(task.section, entity)))
        if waits and all(ident in left_out for ident in waits):
            said = "; ".join(f"{ident} is on {left_out[ident]}" for ident in waits)
            yield Finding(entity, f"{SINGULAR[task.section]} {task.id!r} waits only for work the dates leave out ({said}): it is "
                                  "dated as if that work were done", ("depends_on",))


REPORT = """
        items:
          - id: fraud-report
            title: Quarterly fraud report to the regulator
            track: ethics
            cadence: quarterly
            start: 2026-01-12
            duration: LENGTH
            due_each: 30d"""


@rule(
    "MLR150", "recurring-deadline", group="critical-path", severity="warning",
    title="Each occurrence of recurring work finishes by its own deadline",
    rationale="""
        A quarterly report due 30 days after each quarter end has a deadline per quarter, not
        one `due`. An occurrence that takes longer than the time from its start to its
        deadline misses it every quarter, by design.""",
    fix="Start each occurrence earlier (the series' `start`), shorten it, or change `due_each`.",
    bad=REPORT.replace("LENGTH", "3w"),
    good=REPORT.replace("LENGTH", "19d"),
)
def recurring_deadline(ctx: Context) -> Iterator[Finding]:
    from ..deadlines import occurrences, span
    from ..model import Audit
    from ..values import Quarter

    period_end = Quarter(ctx.info.period.end).end
    recurring: list[Any] = [*ctx.roadmap.items, *ctx.roadmap.audits]
    for entity in recurring:
        if entity.due_each is None or entity.cadence is None or entity.status in FINISHED:  # done: nothing is projected
            continue
        series = span(entity, ctx.schedule.tasks[entity.id], period_end, ctx.as_of)
        if series is None:
            continue
        ahead = [occurrence for occurrence in occurrences(entity, series) if occurrence.due >= ctx.as_of]
        late = [occurrence for occurrence in ahead if occurrence.late_days]
        if late:
            first = late[0]
            share = f"all {len(ahead)}" if len(late) == len(ahead) else f"{len(late)} of the {len(ahead)}"
            more = f"; {share} occurrences still to come are late" if len(late) > 1 else ""
            days = first.late_days
            yield Finding(entity, f"{'audit' if isinstance(entity, Audit) else 'item'} {entity.id!r}: the occurrence of {first.start} "
                                  f"to {first.finish} (for {first.covers}) is projected to finish {days} day{'s' * (days != 1)} after its "
                                  f"deadline, {first.due} ({entity.due_each.days} days after {first.covers} ends){more}", ("due_each",))
