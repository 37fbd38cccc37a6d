"""Rules MLR1n?: the seven items of the AI/ML roadmap template's quick-start checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from ..model import FINISHED, SINGULAR
from .registry import Context, Finding, dated, listing, rule

AUDIT_KINDS = ("fairness-audit", "bias-test")


# --- 1. metrics ---------------------------------------------------------------------------

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
    from ..types import Quarter

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


# --- 2. data ------------------------------------------------------------------------------


@rule(
    "MLR121", "model-datasets", group="data", severity="error",
    title="Every model names the datasets it depends on",
    rationale="""
        Data work becomes invisible on a roadmap until a model fails on it. Linking each
        model to its datasets puts their refresh, quality and labelling on the model's path.""",
    fix="List the dataset ids under the model's `datasets` (declare them in `datasets:`).",
    bad="""
        models:
          - id: intent-classifier
            title: Intent classifier""",
    good="""
        models:
          - id: intent-classifier
            title: Intent classifier
            datasets: [tickets]
        datasets:
          - {id: tickets, title: Support tickets, source: Zendesk, refresh: daily, quality_sla: "< 1% missing intents"}""",
)
def model_datasets(ctx: Context) -> Iterator[Finding]:
    for model in ctx.models:
        if not model.datasets and ctx.roadmap.complete(model, "datasets"):
            yield Finding(model, f"model {model.id!r} names no datasets: which data does it train and evaluate on?", ("datasets",), at_key=True)


@rule(
    "MLR122", "dataset-essentials", group="data", severity="error",
    title="Every dataset states its source system, refresh rate and quality SLA",
    rationale="""
        Source, refresh and a quality SLA are what a model's owner needs to know before
        depending on a dataset, and what the data team is held to.""",
    fix="Add `source`, `refresh` (e.g. daily, 2w) and `quality_sla` to the dataset.",
    bad="""
        datasets:
          - {id: tickets, title: Support tickets, source: Zendesk}""",
    good="""
        datasets:
          - {id: tickets, title: Support tickets, source: Zendesk, refresh: daily, quality_sla: "< 1% missing intents"}""",
)
def dataset_essentials(ctx: Context) -> Iterator[Finding]:
    for dataset in ctx.roadmap.datasets:
        missing = [key for key in ("source", "refresh", "quality_sla") if getattr(dataset, key) is None and ctx.roadmap.complete(dataset, key)]
        if missing and dataset.status != "cancelled":
            words = {"source": "source system", "refresh": "refresh rate", "quality_sla": "quality SLA"}
            yield Finding(dataset, f"dataset {dataset.id!r} does not state its {listing([words[key] for key in missing])}")


@rule(
    "MLR123", "labelling-throughput", group="data", severity="warning",
    title="Labelled datasets state annotation throughput and backlog",
    rationale="""
        Annotation is the usual bottleneck of supervised models. Without throughput and
        backlog nobody can tell when the labels will be ready.""",
    fix="Add `throughput` (labelled examples per week) and `backlog` under `labelling`.",
    bad="""
        datasets:
          - id: eu-intents
            title: German and French intent labels
            source: Zendesk
            refresh: 2w
            quality_sla: "inter-annotator agreement >= 0.8"
            duration: 6w
            labelling: {vendor: Acme Labelling}""",
    good="""
        datasets:
          - id: eu-intents
            title: German and French intent labels
            source: Zendesk
            refresh: 2w
            quality_sla: "inter-annotator agreement >= 0.8"
            duration: 6w
            labelling: {vendor: Acme Labelling, throughput: 2500, backlog: 10000}""",
)
def labelling_throughput(ctx: Context) -> Iterator[Finding]:
    for dataset in ctx.roadmap.datasets:
        labelling = dataset.labelling
        if labelling is None or dataset.status in FINISHED:
            continue
        missing = [key for key in ("throughput", "backlog") if getattr(labelling, key) is None]
        if missing:
            yield Finding(dataset, f"dataset {dataset.id!r} is labelled but states no {' or '.join(missing)}", ("labelling",))


@rule(
    "MLR124", "labelling-backlog", group="data", severity="warning",
    title="The labelling backlog clears before the dataset is due",
    rationale="""
        At the stated throughput, a backlog takes backlog / throughput weeks. When that runs
        past the dataset's projected finish, every model waiting on it slips.""",
    fix="Add annotators (raise `throughput`), cut the backlog, or move the dataset's dates.",
    bad="""
        datasets:
          - id: eu-intents
            title: German and French intent labels
            source: Zendesk
            refresh: 2w
            quality_sla: "inter-annotator agreement >= 0.8"
            start: 2026-01-05
            duration: 4w
            labelling: {vendor: Acme Labelling, throughput: 2500, backlog: 40000}""",
    good="""
        datasets:
          - id: eu-intents
            title: German and French intent labels
            source: Zendesk
            refresh: 2w
            quality_sla: "inter-annotator agreement >= 0.8"
            start: 2026-01-05
            duration: 16w
            labelling: {vendor: Acme Labelling, throughput: 2500, backlog: 40000}""",
)
def labelling_backlog(ctx: Context) -> Iterator[Finding]:
    for dataset in ctx.roadmap.datasets:
        labelling = dataset.labelling
        if labelling is None or dataset.status in FINISHED or not labelling.backlog or labelling.throughput is None:
            continue
        task = ctx.schedule.tasks[dataset.id]
        begin = max(ctx.as_of, task.start)
        if labelling.throughput == 0:
            yield Finding(dataset, f"dataset {dataset.id!r}: a backlog of {labelling.backlog:,} with a throughput of 0 never clears", ("labelling", "throughput"))
            continue
        weeks = -(-labelling.backlog // labelling.throughput)  # ceiling, in integers: backlogs may be huge
        if 7 * weeks > (task.finish - begin).days + 1:
            try:
                until = f", until {begin + dt.timedelta(days=7 * weeks - 1)}"
            except OverflowError:  # past the year 9999
                until = ""
            yield Finding(
                dataset,
                f"dataset {dataset.id!r}: the labelling backlog ({labelling.backlog:,} at {labelling.throughput:,}/week) takes "
                f"{weeks:,} weeks{until}, past the dataset's projected finish {task.finish}",
                ("labelling", "backlog"),
            )


@rule(
    "MLR125", "data-blocker-owner", group="data", severity="warning",
    title="Open data blockers have an owner and an expected date, not yet passed",
    rationale="""
        Access, privacy and third-party blockers delay models quietly. One with no owner or
        date has nobody clearing it; one past its date is delaying work now.""",
    fix="Give the blocker an `owner` and an `until` date, or mark it `resolved: true`.",
    bad="""
        datasets:
          - id: crm-events
            title: CRM events
            source: Salesforce
            refresh: daily
            quality_sla: "< 0.5% duplicates"
            blockers:
              - {kind: access, description: Waiting for a read-only service account}""",
    good="""
        datasets:
          - id: crm-events
            title: CRM events
            source: Salesforce
            refresh: daily
            quality_sla: "< 0.5% duplicates"
            blockers:
              - {kind: access, description: Waiting for a read-only service account, owner: it-ops, until: 2026-12-15}""",
)
def data_blocker_owner(ctx: Context) -> Iterator[Finding]:
    for dataset in ctx.roadmap.datasets:
        if dataset.status in FINISHED:
            continue
        for index, blocker in enumerate(dataset.blockers):
            if blocker.resolved:
                continue
            missing = [words for key, words in (("owner", "owner"), ("until", "expected date (until)")) if getattr(blocker, key) is None]
            if missing:
                yield Finding(dataset, f"dataset {dataset.id!r}: open {blocker.kind} blocker has no {' and no '.join(missing)}", ("blockers", index))
            elif blocker.until < ctx.as_of:
                yield Finding(dataset, f"dataset {dataset.id!r}: open {blocker.kind} blocker was expected to clear by {blocker.until}", ("blockers", index, "until"))


# --- 3. ethics ----------------------------------------------------------------------------


def _audits(ctx: Context) -> list[Any]:
    return [audit for audit in ctx.roadmap.audits if audit.kind in AUDIT_KINDS and audit.status != "cancelled"]


@rule(
    "MLR131", "ethics-section", group="ethics", severity="error",
    title="The roadmap plans fairness audits or bias tests",
    rationale="""
        Fairness work that is not on the roadmap does not get done, and executives do not
        see the effort it takes. A model roadmap without a single audit is a gap.""",
    fix="Add an `audits:` section with a fairness audit (groups, metric, threshold) for each model that reaches users.",
    bad="""
        models:
          - {id: answer-model, title: Answer assistant}""",
    good="""
        models:
          - {id: answer-model, title: Answer assistant}
        audits:
          - id: audit-languages
            title: Answer quality across customer languages
            models: [answer-model]
            groups: [English, German, French]
            metric: resolution-rate gap
            threshold: 0.05
            due: 2026-06-30
        mitigations:
          - {id: fix-gaps, title: Close the gaps the audit finds, audit: audit-languages, depends_on: [audit-languages], duration: 3w}""",
)
def ethics_section(ctx: Context) -> Iterator[Finding]:
    if ctx.models and not _audits(ctx):
        count = len(ctx.models)
        yield Finding(ctx.info, f"no fairness audit or bias test is planned for the roadmap's {count} model{'s' * (count != 1)}")


@rule(
    "MLR132", "model-audited", group="ethics", severity="error",
    title="Every model that reaches users is covered by a fairness audit",
    rationale="""
        A model in rollout or production, or planned to go live, affects people now; the
        audit must cover it by name, across the groups it serves.""",
    fix="Add the model's id to the `models` of a fairness audit or bias test.",
    bad="""
        models:
          - {id: answer-model, title: Answer assistant, stage: production}
          - {id: router, title: Ticket router, stage: production}
        audits:
          - {id: audit-languages, title: Languages, models: [answer-model], groups: [English, German], metric: resolution-rate gap, threshold: 0.05, due: 2026-06-30}""",
    good="""
        models:
          - {id: answer-model, title: Answer assistant, stage: production}
          - {id: router, title: Ticket router, stage: production}
        audits:
          - {id: audit-languages, title: Languages, models: [answer-model, router], groups: [English, German], metric: resolution-rate gap, threshold: 0.05, due: 2026-06-30}""",
)
def model_audited(ctx: Context) -> Iterator[Finding]:
    audits = _audits(ctx)
    if not audits:
        return  # MLR131 says it once for the roadmap
    covered = {model for audit in audits for model in audit.models}
    for model in ctx.reaching_users:
        if model.id not in covered:
            yield Finding(model, f"model {model.id!r} is {ctx.state(model)} but no fairness audit or bias test covers it")


@rule(
    "MLR133", "audit-definition", group="ethics", severity="error",
    title="Fairness audits name the groups compared, the metric and the threshold",
    rationale="""
        "Check for bias" cannot pass or fail. Named demographic groups, a fairness metric and
        a threshold make the audit a test with a result.""",
    fix="Give the audit `groups` (at least two), `metric` and `threshold`.",
    bad="""
        audits:
          - {id: audit-languages, title: Check the assistant for bias, due: 2026-06-30}""",
    good="""
        audits:
          - {id: audit-languages, title: Check the assistant for bias, groups: [English, German, French], metric: resolution-rate gap, threshold: 0.05, due: 2026-06-30}""",
)
def audit_definition(ctx: Context) -> Iterator[Finding]:
    for audit in _audits(ctx):
        missing = []
        if len(audit.groups) < 2:
            missing.append("the groups compared (at least two)")
        if audit.metric is None:
            missing.append("the fairness metric")
        if audit.threshold is None:
            missing.append("the threshold")
        if missing:
            yield Finding(audit, f"{audit.kind.replace('-', ' ')} {audit.id!r} does not name {listing(missing)}")


@rule(
    "MLR134", "audit-mitigation", group="ethics", severity="warning",
    title="Every fairness audit has a mitigation planned after it",
    rationale="""
        Audits find gaps; the time to close them belongs on the roadmap before the audit runs,
        or launch dates assume the audit passes.""",
    fix="Add a `mitigations:` entry with `audit: <the audit's id>` and its dates.",
    bad="""
        audits:
          - {id: audit-languages, title: Languages, groups: [English, German], metric: resolution-rate gap, threshold: 0.05, due: 2026-06-30}""",
    good="""
        audits:
          - {id: audit-languages, title: Languages, groups: [English, German], metric: resolution-rate gap, threshold: 0.05, due: 2026-06-30}
        mitigations:
          - {id: fix-language-gap, title: Close the language gap, audit: audit-languages, depends_on: [audit-languages], duration: 4w}""",
)
def audit_mitigation(ctx: Context) -> Iterator[Finding]:
    mitigated = {mitigation.audit for mitigation in ctx.roadmap.mitigations if mitigation.status != "cancelled"}
    for audit in _audits(ctx):
        if audit.id not in mitigated and audit.status != "done":
            yield Finding(audit, f"{audit.kind.replace('-', ' ')} {audit.id!r} has no mitigation planned (a mitigation with audit: {audit.id})")


@rule(
    "MLR135", "mitigation-dated", group="ethics", severity="warning",
    title="Mitigations have dates",
    rationale="A mitigation without a date or a duration is a wish: the schedule cannot place it and nobody can say when the gap closes.",
    fix="Give the mitigation a `due` date, `start`/`end`, or a `duration` after what it depends on.",
    bad="""
        mitigations:
          - {id: fix-language-gap, title: Close the language gap}""",
    good="""
        mitigations:
          - {id: fix-language-gap, title: Close the language gap, start: 2026-07-01, duration: 4w}""",
)
def mitigation_dated(ctx: Context) -> Iterator[Finding]:
    for mitigation in ctx.roadmap.mitigations:
        if not dated(mitigation) and mitigation.status not in FINISHED:
            yield Finding(mitigation, f"mitigation {mitigation.id!r} has no date: give it a due date, start/end or a duration")


def _policy_covers(ctx: Context, kind: str) -> set[str]:
    return {dataset for policy in ctx.roadmap.policies if policy.kind == kind and policy.status != "cancelled" for dataset in policy.datasets}


@rule(
    "MLR136", "pii-retention-consent", group="ethics", severity="error",
    title="Datasets with personal data declare retention and consent",
    rationale="""
        Personal data needs a retention period and a consent basis before a model trains on
        it (GDPR and most privacy laws); both are roadmap work when missing.""",
    fix="Add `retention` and `consent` to the dataset, or a retention / consent policy that lists it.",
    bad="""
        datasets:
          - {id: chats, title: Chat transcripts, source: Intercom, refresh: daily, quality_sla: "< 1% truncated", pii: true}""",
    good="""
        datasets:
          - {id: chats, title: Chat transcripts, source: Intercom, refresh: daily, quality_sla: "< 1% truncated", pii: true,
             retention: 1y, consent: "Terms of service 4.2: support quality"}""",
)
def pii_retention_consent(ctx: Context) -> Iterator[Finding]:
    retained, consented = _policy_covers(ctx, "retention"), _policy_covers(ctx, "consent")
    for dataset in ctx.roadmap.datasets:
        if not dataset.pii or dataset.status == "cancelled":
            continue
        missing = []
        if dataset.retention is None and dataset.id not in retained:
            missing.append("retention period")
        if dataset.consent is None and dataset.id not in consented:
            missing.append("consent basis")
        if missing:
            yield Finding(dataset, f"dataset {dataset.id!r} holds personal data but declares no {' or '.join(missing)}", ("pii",))


@rule(
    "MLR137", "privacy-assessment", group="ethics", severity="warning",
    title="Personal data used by a model has a privacy impact assessment",
    rationale="Training on personal data is the case a privacy impact assessment (DPIA) exists for; it takes weeks and gates launch.",
    fix="Add a `privacy_assessments:` entry listing the dataset (or the model) under `datasets` / `models`.",
    bad="""
        models:
          - {id: answer-model, title: Answer assistant, datasets: [chats]}
        datasets:
          - {id: chats, title: Chats, source: Intercom, refresh: daily, quality_sla: "< 1% truncated", pii: true, retention: 1y, consent: ToS 4.2}""",
    good="""
        models:
          - {id: answer-model, title: Answer assistant, datasets: [chats]}
        datasets:
          - {id: chats, title: Chats, source: Intercom, refresh: daily, quality_sla: "< 1% truncated", pii: true, retention: 1y, consent: ToS 4.2}
        privacy_assessments:
          - {id: dpia-chats, title: DPIA for chat transcripts, datasets: [chats], due: 2026-03-31}""",
)
def privacy_assessment(ctx: Context) -> Iterator[Finding]:
    assessed: set[str] = set()
    for assessment in ctx.roadmap.privacy_assessments:
        if assessment.status != "cancelled":
            assessed.update(assessment.datasets)
            assessed.update(assessment.models)
    users: dict[str, list[str]] = {}
    for model in ctx.roadmap.models:
        for dataset in model.datasets:
            users.setdefault(dataset, []).append(model.id)
    for dataset in ctx.roadmap.datasets:
        models = users.get(dataset.id, [])
        if dataset.pii and models and dataset.id not in assessed and not assessed.intersection(models):
            used_by = f"model {models[0]!r}" if len(models) == 1 else f"models {listing([repr(m) for m in models])}"
            yield Finding(dataset, f"dataset {dataset.id!r} holds personal data used by {used_by}, and no privacy assessment covers it", ("pii",))


@rule(
    "MLR138", "regulation-deadline", group="ethics", severity="warning",
    title="Regulatory requirements have a deadline",
    rationale="A regulation is on the roadmap for its deadline; without `due`, the schedule cannot tell whether the work meets it.",
    fix="Add the date the requirement applies from as `due`.",
    bad="""
        regulations:
          - {id: eu-ai-act, title: EU AI Act transparency duties, regulation: EU AI Act}""",
    good="""
        regulations:
          - {id: eu-ai-act, title: EU AI Act transparency duties, regulation: EU AI Act, due: 2026-08-02}""",
)
def regulation_deadline(ctx: Context) -> Iterator[Finding]:
    for regulation in ctx.roadmap.regulations:
        if regulation.due is None and regulation.end is None and regulation.status not in FINISHED:
            yield Finding(regulation, f"regulation {regulation.id!r} has no deadline (due)", ("due",), at_key=True)


# --- 4. experiments -----------------------------------------------------------------------


@rule(
    "MLR141", "experiment-decision", group="experiments", severity="error",
    title="Experiments have a decision date",
    rationale="""
        An experiment without a decision date runs until someone remembers it. The date is
        when the hypothesis is accepted or rejected against the success criterion.""",
    fix="Add `decide_by: YYYY-MM-DD` to the experiment.",
    bad="""
        experiments:
          - id: exp-tone
            title: Friendlier answer tone
            hypothesis: A warmer tone raises CSAT
            metric: CSAT
            success: "+0.2 CSAT at p < 0.05\"""",
    good="""
        experiments:
          - id: exp-tone
            title: Friendlier answer tone
            hypothesis: A warmer tone raises CSAT
            metric: CSAT
            success: "+0.2 CSAT at p < 0.05"
            decide_by: 2026-05-15""",
)
def experiment_decision(ctx: Context) -> Iterator[Finding]:
    for experiment in ctx.roadmap.experiments:
        if experiment.decide_by is None and experiment.due is None and experiment.status not in FINISHED:
            yield Finding(experiment, f"experiment {experiment.id!r} has no decision date (decide_by)", ("decide_by",), at_key=True)


@rule(
    "MLR142", "split-stated", group="experiments", severity="warning",
    title="The roadmap states its planned explore/exploit split",
    rationale="""
        Stating the share of effort that goes to discovery (explore) versus shipping (exploit)
        shows leadership that exploration is planned, and makes drift visible.""",
    fix="Add `split: {explore: 20, exploit: 80}` to the `roadmap:` header, and mark exploration work `mode: explore`.",
    bad="""
        roadmap:
          name: Example
          period: {start: 2026-Q1, end: 2026-Q4}
        items:
          - {id: spike, title: Try retrieval, track: experiments, mode: explore}""",
    good="""
        roadmap:
          name: Example
          period: {start: 2026-Q1, end: 2026-Q4}
          split: {explore: 100, exploit: 0}
        items:
          - {id: spike, title: Try retrieval, track: experiments, mode: explore}""",
)
def split_stated(ctx: Context) -> Iterator[Finding]:
    if ctx.info.split is None and actual_split(ctx.roadmap) is not None:
        yield Finding(ctx.info, "the roadmap does not state its explore/exploit split (split: {explore: 20, exploit: 80})", ("split",), at_key=True)


@rule(
    "MLR143", "split-actual", group="experiments", severity="warning",
    title="The actual explore/exploit split is close to the planned one",
    rationale="""
        Exploration is the first thing squeezed by delivery pressure. The actual split of the
        items and experiments (by effort when all have one, else by count) is compared with the
        plan; a gap beyond the tolerance (10 points, setting `split_tolerance`) is reported.""",
    fix="Rebalance the work, mark exploration items `mode: explore`, or update the planned split.",
    bad="""
        roadmap:
          name: Example
          period: {start: 2026-Q1, end: 2026-Q4}
          split: {explore: 30, exploit: 70}
        items:
          - {id: ship, title: Ship it, track: model, duration: 8w}
          - {id: spike, title: Try retrieval, track: experiments, mode: explore, duration: 1w}""",
    good="""
        roadmap:
          name: Example
          period: {start: 2026-Q1, end: 2026-Q4}
          split: {explore: 30, exploit: 70}
        items:
          - {id: ship, title: Ship it, track: model, duration: 7w}
          - {id: spike, title: Try retrieval, track: experiments, mode: explore, duration: 3w}""",
)
def split_actual(ctx: Context) -> Iterator[Finding]:
    split = ctx.info.split
    actual = actual_split(ctx.roadmap)
    if split is None or actual is None:
        return
    tolerance = ctx.settings.split_tolerance
    if abs(actual.explore - split.explore) > tolerance:
        yield Finding(
            ctx.info,
            f"{actual.explore:.0f}% of the work is exploration ({actual.basis}), planned {split.explore:g}% "
            f"(tolerance {tolerance:g} points)",
            ("split", "explore"),
        )


class ActualSplit:
    """The share of exploration work: by effort when every piece of work has one, else by count."""

    def __init__(self, explore: float, basis: str, total: float):
        self.explore = explore
        self.exploit = 100 - explore
        self.basis = basis
        self.total = total

    def to_dict(self) -> dict[str, Any]:
        return {"explore": round(self.explore, 1), "exploit": round(self.exploit, 1), "basis": self.basis}


def actual_split(roadmap: Any) -> ActualSplit | None:
    work = [entity for entity in (*roadmap.items, *roadmap.experiments) if entity.status != "cancelled"]
    if not work:
        return None
    sizes = [entity.effort or entity.duration for entity in work]
    if all(size is not None for size in sizes):
        total = sum(size.days for size in sizes)
        explore = sum(size.days for size, entity in zip(sizes, work) if entity.mode == "explore")
        if total:
            return ActualSplit(100 * explore / total, f"by effort, {total} days", total)
    explore = sum(entity.mode == "explore" for entity in work)
    basis = f"by count, {len(work)} items and experiments" if len(work) > 1 else "by count, 1 item or experiment"
    return ActualSplit(100 * explore / len(work), basis, len(work))


@rule(
    "MLR144", "experiment-variants", group="experiments", severity="warning",
    title="A/B and multivariate tests name their variants",
    rationale="Naming the control and the variants says what is actually compared, and how traffic is split.",
    fix="List `variants` (an A/B test needs at least two, a multivariate test at least three).",
    bad="""
        experiments:
          - {id: exp-tone, title: Tone, kind: ab, hypothesis: A warmer tone raises CSAT, metric: CSAT, success: +0.2 CSAT, decide_by: 2026-05-15}""",
    good="""
        experiments:
          - {id: exp-tone, title: Tone, kind: ab, hypothesis: A warmer tone raises CSAT, metric: CSAT, success: +0.2 CSAT, decide_by: 2026-05-15,
             variants: [control, warm]}""",
)
def experiment_variants(ctx: Context) -> Iterator[Finding]:
    for experiment in ctx.roadmap.experiments:
        needed = {"ab": 2, "multivariate": 3}.get(experiment.kind)
        if needed and len(experiment.variants) < needed and experiment.status != "cancelled":
            name = "an A/B test" if experiment.kind == "ab" else "a multivariate test"
            count = len(experiment.variants)
            yield Finding(experiment, f"experiment {experiment.id!r} is {name} with {count} variant{'s' * (count != 1)}; name at least {needed}", ("variants",), at_key=True)


@rule(
    "MLR145", "experiment-overdue", group="experiments", severity="warning",
    title="Experiments past their decision date record the decision",
    rationale="""
        An experiment still open after its decision date is either decided and not recorded,
        or running on without a decision: both hide what the team learned.""",
    fix="Record the decision (the experiment's status: done, or a done decision that depends on it), or move `decide_by`.",
    bad="""
        experiments:
          - {id: exp-tone, title: Tone, kind: hypothesis, hypothesis: A warmer tone raises CSAT, metric: CSAT, success: +0.2 CSAT, decide_by: 2025-12-15}""",
    good="""
        experiments:
          - {id: exp-tone, title: Tone, kind: hypothesis, hypothesis: A warmer tone raises CSAT, metric: CSAT, success: +0.2 CSAT, decide_by: 2025-12-15, status: done}""",
)
def experiment_overdue(ctx: Context) -> Iterator[Finding]:
    # A done decision that waits on an experiment records its outcome (a holdout may run on).
    decided = {name for decision in ctx.roadmap.decisions if decision.status == "done" for name in decision.depends_on}
    for experiment in ctx.roadmap.experiments:
        if experiment.id in decided:
            continue
        if experiment.decide_by is not None and experiment.decide_by < ctx.as_of and experiment.status not in FINISHED:
            yield Finding(experiment, f"experiment {experiment.id!r} was to be decided by {experiment.decide_by} and is still {experiment.status.replace('-', ' ')}", ("decide_by",))


# --- 5. critical path ---------------------------------------------------------------------


def _cross_track(ctx: Context) -> Iterator[tuple[Any, Any, Any]]:
    """(entity, blocker, task) for open work that blocks at least ``min_tracks`` tracks."""
    nodes = ctx.graph.nodes
    for node, blocker in ctx.blocking.items():
        entity = nodes[node]["entity"]
        if entity.status not in FINISHED and len(blocker.tracks_blocked) >= ctx.settings.min_tracks:
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
        The schedule (dependencies, durations, today) projects a finish after the `due` date:
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
        finish = projected[late.task].finish
        if finish <= late.due:
            continue
        entity = by_id[late.task]
        yield Finding(entity, f"{SINGULAR[ctx.graph.nodes[late.task]['section']]} {late.task!r} is projected to finish on {finish}, {(finish - late.due).days} days after its due date {late.due}", ("due",))


@rule(
    "MLR155", "broken-dependency", group="critical-path", severity="warning",
    title="Planned start dates come after what the work depends on",
    rationale="A planned start before a predecessor's planned finish cannot happen; the schedule moves it, and the roadmap shows a date nobody will meet.",
    fix="Move the `start` after the predecessor's finish, or drop the dependency if it is not real.",
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
            f"before {SINGULAR[nodes[broken.predecessor]['section']]} {broken.predecessor!r} finishes on {broken.predecessor_finish}",
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
    late = {late.task for late in ctx.schedule.late}  # MLR154 says those
    for task in ctx.schedule.tasks.values():
        if not task.open or task.id in late or task.section in DATED_BY_DUE or task.section == "experiments":
            continue
        entity = nodes[task.id]["entity"]
        planned_end = entity.end is not None or entity.duration is not None  # a start alone is not an end
        finish = task.planned_finish
        if planned_end and finish is not None and finish < ctx.as_of and getattr(entity, "cadence", None) is None:
            state = task.status.replace("-", " ")
            yield Finding(entity, f"{SINGULAR[task.section]} {task.id!r} is {state}, but its planned dates ended on {task.planned_finish}", ("status",))


# --- 6. retraining ------------------------------------------------------------------------


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
        if refreshes and all(dataset.refresh.days > model.retraining.days for dataset in refreshes):
            fastest = min(refreshes, key=lambda dataset: dataset.refresh.days)
            yield Finding(model, f"model {model.id!r} retrains {model.retraining}, but its freshest data ({fastest.id!r}) refreshes {fastest.refresh}", ("retraining",))


# --- 7. monitoring ------------------------------------------------------------------------


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
    work = [monitor for monitor in ctx.roadmap.monitors if monitor.status != "cancelled"]
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
