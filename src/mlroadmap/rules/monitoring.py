"""Rules MLR17?, group ``monitoring``: item 7 of the AI/ML roadmap template's quick-start
checklist (template checklist 7), monitoring and alerting as explicit work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .registry import Finding, rule

if TYPE_CHECKING:
    from .registry import Context


@rule(
    "MLR171", "degradation-thresholds", group="monitoring", severity="error",
    title="Models in rollout or production, or going live, have degradation thresholds",
    rationale="""
        "Retrain when it gets worse" needs a number: the threshold on a key metric, over a
        window, and the action it triggers (alert, retrain, rollback).""",
    fix="Add `thresholds: [{metric: accuracy, min: 0.85, window: 7d, action: retrain}]` to the model.",
    bad="""
        models:
          - id: router
            title: Ticket router
            stage: production
            metrics:
              - {name: accuracy, baseline: 0.8, current: 0.9, targets: {2026-Q4: 0.92}}""",
    good="""
        models:
          - id: router
            title: Ticket router
            stage: production
            metrics:
              - {name: accuracy, baseline: 0.8, current: 0.9, targets: {2026-Q4: 0.92}}
            thresholds:
              - {metric: accuracy, min: 0.85, window: 7d, action: retrain}""",
)
def degradation_thresholds(ctx: Context) -> Iterator[Finding]:
    for model in ctx.launching:
        if not model.thresholds and ctx.roadmap.complete(model, "thresholds"):
            yield Finding(model, f"model {model.id!r} is {ctx.state(model)} but has no degradation thresholds", ("thresholds",), at_key=True)


def _monitoring_work(ctx: Context) -> list[Any]:
    work: list[Any] = [monitor for monitor in ctx.roadmap.monitors if monitor.status != "cancelled"]
    work += [item for item in ctx.roadmap.items if item.track == "monitoring" and item.status != "cancelled"]
    return work


@rule(
    "MLR172", "model-monitored", group="monitoring", severity="error",
    title="Every model in rollout or production, or going live, is monitored",
    rationale="A threshold nobody watches triggers nothing: a monitor names the signal, the rule and where the alert goes.",
    fix="Add a `monitors:` entry with `model: <the model's id>`, what it `watches` and its `action` (or a monitoring-track item with `model:`).",
    bad="""
        models:
          - {id: router, title: Ticket router, stage: production}
          - {id: answers, title: Answer assistant, stage: production}
        monitors:
          - {id: router-drift, title: Router input drift, model: router, watches: input drift (PSI), max: 0.2, channel: "#ml-alerts"}""",
    good="""
        models:
          - {id: router, title: Ticket router, stage: production}
          - {id: answers, title: Answer assistant, stage: production}
        monitors:
          - {id: router-drift, title: Router input drift, model: router, watches: input drift (PSI), max: 0.2, channel: "#ml-alerts"}
          - {id: answers-csat, title: Answer CSAT, model: answers, watches: CSAT of AI answers, min: 4.0, channel: "#ml-alerts"}""",
)
def model_monitored(ctx: Context) -> Iterator[Finding]:
    if not _monitoring_work(ctx):
        return  # MLR174 says it once for the roadmap
    watched = {work.model for work in _monitoring_work(ctx)}
    for model in ctx.launching:
        if model.id not in watched:
            yield Finding(model, f"model {model.id!r} is {ctx.state(model)} but no monitor (or monitoring item) is about it")


@rule(
    "MLR173", "alert-channel", group="monitoring", severity="warning",
    title="Alerting monitors say where the alert goes",
    rationale="An alert with no channel or on-call rotation is a log line; name the channel so someone acts on it.",
    fix='Add `channel: "#ml-alerts"` (or a pager rotation) to the monitor.',
    bad="""
        monitors:
          - {id: router-drift, title: Router input drift, watches: input drift (PSI), max: 0.2, action: alert}""",
    good="""
        monitors:
          - {id: router-drift, title: Router input drift, watches: input drift (PSI), max: 0.2, action: alert, channel: "#ml-alerts"}""",
)
def alert_channel(ctx: Context) -> Iterator[Finding]:
    for monitor in ctx.roadmap.monitors:
        if monitor.action in ("alert", "page") and monitor.channel is None and monitor.status != "cancelled":
            yield Finding(monitor, f"monitor {monitor.id!r} raises an {monitor.action} but names no channel", ("channel",), at_key=True)


@rule(
    "MLR174", "monitoring-work", group="monitoring", severity="error",
    title="Monitoring and alerting are explicit roadmap work",
    rationale="""
        Production ML degrades over time; the monitors, dashboards and alerts that catch it are
        work with owners and dates, not an afterthought of launch.""",
    fix="Add `monitors:` for the models, or items in the `monitoring` track.",
    bad="""
        models:
          - {id: router, title: Ticket router, stage: production}""",
    good="""
        models:
          - {id: router, title: Ticket router, stage: production}
        monitors:
          - {id: router-drift, title: Router input drift, model: router, watches: input drift (PSI), max: 0.2, channel: "#ml-alerts"}""",
)
def monitoring_work(ctx: Context) -> Iterator[Finding]:
    if ctx.models and not _monitoring_work(ctx):
        yield Finding(ctx.info, "the roadmap has models but no monitoring work: no monitors and no items in the monitoring track")


@rule(
    "MLR175", "freshness-watched", group="monitoring", severity="warning",
    title="The freshness SLA of data a live model uses is watched",
    rationale="""
        A stream that stalls is not an error anywhere: the model keeps scoring on stale
        features. A monitor on the dataset's freshness is what notices, and what makes the SLA
        more than a sentence.""",
    fix="Add a monitor with `dataset: <the dataset's id>` that watches its freshness (e.g. consumer lag), with a max and a channel.",
    bad="""
        models:
          - {id: scorer, title: Fraud scorer, stage: production, datasets: [txn-stream]}
        datasets:
          - {id: txn-stream, title: Card authorisations, refresh: streaming, freshness: 2m}
        monitors:
          - {id: scorer-drift, title: Score drift, model: scorer, watches: score PSI, max: 0.1, channel: "#fraud-ml"}""",
    good="""
        models:
          - {id: scorer, title: Fraud scorer, stage: production, datasets: [txn-stream]}
        datasets:
          - {id: txn-stream, title: Card authorisations, refresh: streaming, freshness: 2m}
        monitors:
          - {id: scorer-drift, title: Score drift, model: scorer, watches: score PSI, max: 0.1, channel: "#fraud-ml"}
          - {id: txn-lag, title: Authorisation stream lag, dataset: txn-stream, watches: consumer lag in seconds, max: 120, channel: "#fraud-data"}""",
)
def freshness_watched(ctx: Context) -> Iterator[Finding]:
    watched = {monitor.dataset for monitor in ctx.roadmap.monitors if monitor.status != "cancelled"}
    users: dict[str, Any] = {}  # dataset id -> the first live (or going live) model that uses it
    for model in ctx.launching:
        for name in model.datasets:
            users.setdefault(name, model)
    for dataset in ctx.roadmap.datasets:
        model = users.get(dataset.id)
        if dataset.freshness is not None and model is not None and dataset.id not in watched and dataset.status != "cancelled":
            yield Finding(dataset, f"dataset {dataset.id!r} promises data at most {dataset.freshness} old to model {model.id!r}, "
                                   f"which is {ctx.state(model)}, but no monitor watches it (a monitor with dataset: {dataset.id})",
                          ("freshness",))
