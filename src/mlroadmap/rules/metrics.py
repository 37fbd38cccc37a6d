"""Rules MLR11?, group ``metrics``: item 1 of the AI/ML roadmap template's quick-start
checklist (template checklist 1), model metrics with baselines and quarterly targets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .registry import Finding, listing, rule

if TYPE_CHECKING:
    from .registry import Context

METRIC_TARGETS = "targets: {2026-Q1: 0.78, 2026-Q2: 0.82, 2026-Q3: 0.85, 2026-Q4: 0.88}"
LATENCY_TARGETS = "targets: {2026-Q1: 400, 2026-Q2: 350, 2026-Q3: 300, 2026-Q4: 300}"


@rule(
    "MLR111", "metric-count", group="metrics", severity="error",
    title="Every model tracks 2-3 key metrics",
    rationale="""
        One metric hides trade-offs (accuracy bought with latency); five metrics hide
        priorities. Two or three (quality, speed, cost) are what a review can follow.""",
    fix="List 2-3 metrics under the model's `metrics`, each with a baseline and quarterly targets.",
    bad=f"""
        models:
          - id: intent-classifier
            title: Intent classifier
            metrics:
              - {{name: accuracy, baseline: 0.72, {METRIC_TARGETS}}}""",
    good=f"""
        models:
          - id: intent-classifier
            title: Intent classifier
            metrics:
              - {{name: accuracy, baseline: 0.72, {METRIC_TARGETS}}}
              - {{name: p95 latency, unit: ms, direction: lower, baseline: 450, {LATENCY_TARGETS}}}""",
)
def metric_count(ctx: Context) -> Iterator[Finding]:
    for model in ctx.models:
        count = len(model.metrics)
        if ctx.roadmap.complete(model, "metrics") and not 2 <= count <= 3:
            yield Finding(model, f"model {model.id!r} has {count} key metric{'s' * (count != 1)}; track 2-3", ("metrics",), at_key=True)


@rule(
    "MLR112", "quarterly-targets", group="metrics", severity="error",
    title="Every metric has a target for each quarter the model is active",
    rationale="""
        A target for "the end of the year" gives no signal until it is missed. A target per
        quarter says whether the model is on track at every review. A model is active from
        the quarter its first version is built (its projected finish) to the end of the period.""",
    fix="Add a target under `targets` for every quarter from the model's first version to the end of the period.",
    bad="""
        models:
          - id: intent-classifier
            title: Intent classifier
            metrics:
              - {name: accuracy, baseline: 0.72, targets: {2026-Q2: 0.82}}
              - {name: p95 latency, unit: ms, direction: lower, baseline: 450, targets: {2026-Q2: 350}}""",
    good=f"""
        models:
          - id: intent-classifier
            title: Intent classifier
            metrics:
              - {{name: accuracy, baseline: 0.72, {METRIC_TARGETS}}}
              - {{name: p95 latency, unit: ms, direction: lower, baseline: 450, {LATENCY_TARGETS}}}""",
)
def quarterly_targets(ctx: Context) -> Iterator[Finding]:
    period = ctx.quarters
    for model in ctx.models:
        if not ctx.roadmap.complete(model, "metrics"):
            continue
        active = [quarter for quarter in period if quarter >= _first_active_quarter(ctx, model)]
        for index, metric in enumerate(model.metrics):
            missing = [quarter for quarter in active if quarter not in metric.targets]
            if missing:
                where = ("metrics", index, "targets") if metric.targets else ("metrics", index)
                yield Finding(model, f"model {model.id!r}: metric {metric.name!r} has no target for {_quarter_runs(missing, ctx.quarters)}", where)


def _quarter_runs(missing: list[Any], period: list[Any]) -> str:
    """"2026-Q1, 2026-Q3 and 2026-Q4", or "2026-Q1 to 2027-Q4" for three or more in a row."""
    position = {quarter: index for index, quarter in enumerate(period)}
    runs: list[list[Any]] = []
    for quarter in missing:
        if runs and position[quarter] == position[runs[-1][-1]] + 1:
            runs[-1].append(quarter)
        else:
            runs.append([quarter])
    words = [part for run in runs for part in ([f"{run[0]} to {run[-1]}"] if len(run) >= 3 else run)]
    return listing(words)


def _first_active_quarter(ctx: Context, model: Any) -> Any:
    """The quarter from which a model needs targets: the one its first version is built in
    (its planned finish, else its projected one); a model already in rollout or production
    with no planned finish in the period is active from the start."""
    from ..values import Quarter

    task = ctx.schedule.tasks[model.id]
    first, last = ctx.quarters[0], ctx.quarters[-1]
    planned = task.planned_finish
    if model.stage in ("staged-rollout", "production"):
        built = planned if planned is not None and planned <= last.end else first.start
    else:
        built = planned if planned is not None else task.finish
    return Quarter.of(max(built, first.start))


@rule(
    "MLR113", "metric-current", group="metrics", severity="warning",
    title="Models in use report the current value of each metric",
    rationale="""
        Baseline and target without the current value cannot say whether a model is on
        track; every review starts with "where are we now?".""",
    fix="Add `current:` to each metric of models that are being built, rolled out or in production.",
    bad=f"""
        models:
          - id: intent-classifier
            title: Intent classifier
            stage: production
            metrics:
              - {{name: accuracy, baseline: 0.72, {METRIC_TARGETS}}}
              - {{name: p95 latency, unit: ms, direction: lower, baseline: 450, {LATENCY_TARGETS}}}""",
    good=f"""
        models:
          - id: intent-classifier
            title: Intent classifier
            stage: production
            metrics:
              - {{name: accuracy, baseline: 0.72, current: 0.8, {METRIC_TARGETS}}}
              - {{name: p95 latency, unit: ms, direction: lower, baseline: 450, current: 380, {LATENCY_TARGETS}}}""",
)
def metric_current(ctx: Context) -> Iterator[Finding]:
    status_words = {"in-progress": "in progress", "at-risk": "at risk", "blocked": "blocked", "done": "built"}
    for model in ctx.models:
        if model.id in ctx.live:
            state = ctx.state(model)
        elif model.status in status_words:
            state = status_words[model.status]
        else:
            continue
        for index, metric in enumerate(model.metrics):
            if metric.current is None:
                yield Finding(model, f"model {model.id!r} is {state}, but metric {metric.name!r} has no current value", ("metrics", index))


@rule(
    "MLR114", "target-direction", group="metrics", severity="warning",
    title="Quarterly targets never move a metric the wrong way",
    rationale="""
        A target below the baseline (or below last quarter's target) for a metric where higher
        is better is usually a typo or a forgotten `direction: lower`.""",
    fix="Check the metric's `direction` (higher or lower is better) and the targets' order.",
    bad="""
        models:
          - id: intent-classifier
            title: Intent classifier
            metrics:
              - {name: accuracy, baseline: 0.72, targets: {2026-Q1: 0.78, 2026-Q2: 0.82, 2026-Q3: 0.85, 2026-Q4: 0.88}}
              - {name: p95 latency, unit: ms, baseline: 450, targets: {2026-Q1: 400, 2026-Q2: 350, 2026-Q3: 300, 2026-Q4: 300}}""",
    good="""
        models:
          - id: intent-classifier
            title: Intent classifier
            metrics:
              - {name: accuracy, baseline: 0.72, targets: {2026-Q1: 0.78, 2026-Q2: 0.82, 2026-Q3: 0.85, 2026-Q4: 0.88}}
              - {name: p95 latency, unit: ms, direction: lower, baseline: 450, targets: {2026-Q1: 400, 2026-Q2: 350, 2026-Q3: 300, 2026-Q4: 300}}""",
)
def target_direction(ctx: Context) -> Iterator[Finding]:
    for model in ctx.models:
        for index, metric in enumerate(model.metrics):
            higher = metric.direction == "higher"
            previous, previous_name = metric.baseline, "the baseline"
            for quarter in sorted(metric.targets):
                value = metric.targets[quarter]
                if (value < previous) if higher else (value > previous):
                    relation = "below" if higher else "above"
                    yield Finding(
                        model,
                        f"model {model.id!r}: metric {metric.name!r} target for {quarter} ({value:g}) is {relation} "
                        f"{previous_name} ({previous:g}), but {metric.direction} is better",
                        ("metrics", index, "targets", quarter),
                    )
                    break
                previous, previous_name = value, f"the {quarter} target"


# The live-metrics rules' examples: the same model and metric, the dates told apart (MEASURED).
REVALIDATED_MONTHLY = f"""
        models:
          - id: intent-classifier
            title: Intent classifier
            stage: production
            revalidation: monthly
            metrics:
              - {{name: accuracy, baseline: 0.72, current: 0.8, measured: MEASURED, {METRIC_TARGETS}}}"""
PULLED = f"""
        models:
          - id: intent-classifier
            title: Intent classifier
            metrics:
              - name: accuracy
                baseline: 0.72
                current: 0.8MEASURED
                source: {{mlflow: {{model: intent-classifier, alias: champion, metric: val_accuracy}}}}
                {METRIC_TARGETS}"""


@rule(
    "MLR115", "metric-stale", group="metrics", severity="warning",
    title="A model's metrics were measured within its revalidation cadence",
    rationale="""
        A current value older than the model's revalidation cadence describes a model that
        has been retrained, or has drifted, since: every "on track" verdict built on it is
        out of date. `measured:` is the day the value was measured (`mlroadmap metrics pull`
        writes it from MLflow or a metrics file).""",
    fix="Measure again and update `current` and `measured` (`mlroadmap metrics pull` does both for a metric with a `source`).",
    bad=REVALIDATED_MONTHLY.replace("MEASURED", "2025-11-20"),
    good=REVALIDATED_MONTHLY.replace("MEASURED", "2025-12-22"),
)
def metric_stale(ctx: Context) -> Iterator[Finding]:
    from ..values import cadence_step

    for model in ctx.models:
        if model.revalidation is None or model.stage == "retired":
            continue
        freq, interval = model.revalidation.rule
        for index, metric in enumerate(model.metrics):
            if metric.measured is None:
                continue
            due = cadence_step(metric.measured, freq, interval)
            if due < ctx.as_of:  # due today is not late yet
                yield Finding(model, f"model {model.id!r}: metric {metric.name!r} was measured on {metric.measured}, longer ago than its "
                                     f"revalidation cadence ({model.revalidation}): it was due again on {due}", ("metrics", index, "measured"))


@rule(
    "MLR116", "metric-pulled", group="metrics", severity="warning",
    title="A metric with a source has been pulled from it",
    rationale="""
        A `source:` says where the metric is measured, but until `mlroadmap metrics pull`
        has read it, `current` is still a value typed by hand, with no date.""",
    fix="Run `mlroadmap metrics pull PATH` (with MLFLOW_TRACKING_URI set for MLflow sources) and commit the result.",
    bad=PULLED.replace("MEASURED", ""),
    good=PULLED.replace("MEASURED", "\n                measured: 2025-12-22"),
)
def metric_pulled(ctx: Context) -> Iterator[Finding]:
    for model in ctx.models:
        for index, metric in enumerate(model.metrics):
            if metric.source is not None and metric.measured is None:
                yield Finding(model, f"model {model.id!r}: metric {metric.name!r} has a source but was never pulled from it: "
                                     "run mlroadmap metrics pull", ("metrics", index, "source"), at_key=True)


EVALUATED = f"""
        models:
          - id: fraud-scorer
            title: Fraud scorer
            datasets: DATASETS
            metrics:
              - {{name: auc-pr, baseline: 0.31, current: 0.36, measured: 2026-01-02, evaluated_on: holdout-2025q4, labels_until: 2025-10-31, {METRIC_TARGETS}}}
              - {{name: p99 latency, unit: ms, direction: lower, baseline: 450, {LATENCY_TARGETS}}}
        datasets:
          - {{id: txn, title: Transactions, source: Kafka, refresh: daily, quality_sla: complete}}
          - {{id: holdout-2025q4, title: Hold-out Q4 2025, source: Lakehouse, refresh: quarterly, quality_sla: labels matured 90 days}}"""


@rule(
    "MLR117", "evaluation-set", group="metrics", severity="warning",
    title="A metric is measured on one of the model's datasets",
    rationale="""
        A metric means what the data it is measured on means. An evaluation set the model
        does not list is a data dependency nobody maps: its refresh, its labels' maturity and
        its privacy terms stay off the model's path.""",
    fix="Add the dataset to the model's `datasets`, or name the right one in `evaluated_on`.",
    bad=EVALUATED.replace("DATASETS", "[txn]"),
    good=EVALUATED.replace("DATASETS", "[txn, holdout-2025q4]"),
)
def evaluation_set(ctx: Context) -> Iterator[Finding]:
    datasets = {dataset.id for dataset in ctx.roadmap.datasets}
    for model in ctx.models:
        for index, metric in enumerate(model.metrics):
            if metric.evaluated_on in datasets and metric.evaluated_on not in model.datasets and ctx.roadmap.complete(model, "datasets"):
                yield Finding(model, f"model {model.id!r}: metric {metric.name!r} is measured on {metric.evaluated_on!r}, which is not "
                                     "among the model's datasets", ("metrics", index, "evaluated_on"))
