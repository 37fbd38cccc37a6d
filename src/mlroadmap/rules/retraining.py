"""Rules MLR16?, group ``retraining``: item 6 of the AI/ML roadmap template's quick-start
checklist (template checklist 6), recurring retraining and revalidation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .registry import Finding, rule

if TYPE_CHECKING:
    from .registry import Context

LIVE_MODEL = """
        models:
          - id: router
            title: Ticket router
            stage: production
            datasets: [tickets]"""
TICKETS = """
        datasets:
          - {id: tickets, title: Tickets, source: Zendesk, refresh: daily, quality_sla: "< 1% missing intents"}"""


@rule(
    "MLR161", "retraining-cadence", group="retraining", severity="error",
    title="Models in rollout or production, or going live, have a retraining cadence",
    rationale="""
        Production models drift as the world moves away from their training data. A launch
        without a retraining cadence is a launch-and-forget.""",
    fix="Add `retraining: monthly` (or 6w, quarterly, ...) to the model.",
    bad=LIVE_MODEL + "\n            revalidation: monthly" + TICKETS,
    good=LIVE_MODEL + "\n            revalidation: monthly\n            retraining: monthly" + TICKETS,
)
def retraining_cadence(ctx: Context) -> Iterator[Finding]:
    for model in ctx.launching:
        if model.retraining is None:
            yield Finding(model, f"model {model.id!r} is {ctx.state(model)} but has no retraining cadence", ("retraining",), at_key=True)


@rule(
    "MLR162", "revalidation-cadence", group="retraining", severity="error",
    title="Models in rollout or production, or going live, have a revalidation cadence",
    rationale="""
        Revalidation (re-running the evaluation suite, fairness checks included, on fresh
        data) catches the silent regressions that live metrics miss.""",
    fix="Add `revalidation: quarterly` (or monthly, 6w, ...) to the model.",
    bad=LIVE_MODEL + "\n            retraining: monthly" + TICKETS,
    good=LIVE_MODEL + "\n            retraining: monthly\n            revalidation: monthly" + TICKETS,
)
def revalidation_cadence(ctx: Context) -> Iterator[Finding]:
    for model in ctx.launching:
        if model.revalidation is None:
            yield Finding(model, f"model {model.id!r} is {ctx.state(model)} but has no revalidation cadence", ("revalidation",), at_key=True)


@rule(
    "MLR163", "retraining-vs-refresh", group="retraining", severity="warning",
    title="Models do not retrain more often than their data refreshes",
    rationale="Retraining weekly on data that refreshes monthly spends compute on the same data; one of the two cadences is wrong.",
    fix="Align `retraining` with the datasets' `refresh`, or refresh the data more often.",
    bad=LIVE_MODEL + "\n            retraining: weekly\n            revalidation: monthly" + TICKETS.replace("daily", "monthly"),
    good=LIVE_MODEL + "\n            retraining: monthly\n            revalidation: monthly" + TICKETS.replace("daily", "monthly"),
)
def retraining_vs_refresh(ctx: Context) -> Iterator[Finding]:
    by_id = ctx.by_id
    for model in ctx.models:
        if model.retraining is None:
            continue
        refreshes = [by_id[name] for name in model.datasets if name in by_id and by_id[name].refresh is not None]
        if refreshes and all(dataset.refresh_days > model.retraining.days for dataset in refreshes):
            fastest = min(refreshes, key=lambda dataset: dataset.refresh_days)
            yield Finding(model, f"model {model.id!r} retrains {model.retraining}, but its freshest data ({fastest.id!r}) refreshes {fastest.refresh}", ("retraining",))


@rule(
    "MLR164", "retraining-missed", group="retraining", severity="warning",
    title="Models in rollout or production really retrain at their cadence",
    rationale="""
        A cadence on paper is not a retrain. `retrained:` is the day the newest registered
        version was created (`mlroadmap metrics pull` reads it from MLflow's model registry);
        more than one and a half cadences without a new version (45 days for a monthly
        retrain) means a retrain was missed, not merely late by a few days.""",
    fix="Retrain (and register the new version), or change `retraining` to the cadence the team really keeps.",
    bad=LIVE_MODEL + "\n            retraining: monthly\n            revalidation: monthly\n            retrained: 2025-11-20" + TICKETS,
    good=LIVE_MODEL + "\n            retraining: monthly\n            revalidation: monthly\n            retrained: 2025-11-21" + TICKETS,
)
def retraining_missed(ctx: Context) -> Iterator[Finding]:
    for model in ctx.models:
        if model.retraining is None or model.retrained is None or model.stage not in ("staged-rollout", "production"):
            continue
        allowed = model.retraining.days * 3 // 2  # one and a half cadences, in days
        if (ctx.as_of - model.retrained).days > allowed:
            yield Finding(model, f"model {model.id!r} retrains {model.retraining}, but its newest version was created on {model.retrained}, "
                                 f"{(ctx.as_of - model.retrained).days} days ago (more than {allowed})", ("retrained",))


BUDGETED = """
        roadmap:
          name: Example
          period: {start: 2026-Q1, end: 2026-Q4}
          compute_budget: {2026-Q1: BUDGET, 2026-Q2: 5000}
        models:
          - id: router
            title: Ticket router
            stage: production
            datasets: [tickets]
            retraining: monthly
            revalidation: monthly
            compute: {retrain: 40, serving: 2, note: "1x A10G for 40 h; 2x L4"}""" + TICKETS


def _amount(value: float) -> str:
    return f"{round(value, 6):,g}"


@rule(
    "MLR165", "compute-budget", group="retraining", severity="warning",
    title="The models' planned compute stays within each quarter's budget",
    rationale="""
        Retraining cadences and serving fleets are planned compute: a monthly retrain of a
        model that needs 40 GPU-hours a run, and two GPUs serving it around the clock, cost
        what they cost whether or not the budget has room. Adding them up per quarter says
        which quarter the plan overspends, before the invoice does.""",
    fix="Raise the quarter's `compute_budget`, retrain less often, or serve on less: `compute: {retrain: ..., serving: ...}`.",
    bad=BUDGETED.replace("BUDGET", "4400"),
    good=BUDGETED.replace("BUDGET", "4440"),
)
def compute_budget(ctx: Context) -> Iterator[Finding]:
    plan = ctx.compute
    if plan is None:
        return
    for quarter in plan.quarters:
        if quarter.budget is None or not quarter.over:
            continue
        parts = ", ".join(f"{use.model} {_amount(use.total)}" for use in sorted(quarter.models, key=lambda use: -use.total))
        yield Finding(ctx.info, f"{quarter.quarter}: the models' planned compute is {_amount(quarter.planned)} {plan.unit} "
                                f"({parts}), over the budget of {_amount(quarter.budget)} by {_amount(quarter.over)}",
                      ("compute_budget", quarter.quarter), key=quarter.quarter)
