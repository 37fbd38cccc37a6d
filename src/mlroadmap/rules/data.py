"""Rules MLR12?, group ``data``: item 2 of the AI/ML roadmap template's quick-start
checklist (template checklist 2), data dependencies mapped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import FINISHED
from .registry import Finding, listing, rule

if TYPE_CHECKING:
    from .registry import Context


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
    fix="Add `throughput` (labelled examples per week), or who labels at what rate (`by` and `rate`), and `backlog` under `labelling`.",
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
        # Who labels at what rate says the throughput too: their capacity does the rest.
        missing = [key for key in ("throughput", "backlog") if getattr(labelling, key) is None
                   and not (key == "throughput" and labelling.rate is not None)]
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
        if dataset.labelling_work:  # the schedule books the labelling itself: its finish is the backlog's
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


# The dataset the blocker rules' examples share: a CRM export waiting for access.
CRM_EVENTS = '''
        datasets:
          - id: crm-events
            title: CRM events
            source: Salesforce
            refresh: daily
            quality_sla: "< 0.5% duplicates"'''


@rule(
    "MLR125", "data-blocker-owner", group="data", severity="warning",
    title="Open data blockers have an owner and an expected date, not yet passed",
    rationale="""
        Access, privacy and third-party blockers delay models quietly. One with no owner or
        date has nobody clearing it; one past its date is delaying work now.""",
    fix="Give the blocker an `owner` and an `until` date, or mark it `resolved: true`.",
    bad=CRM_EVENTS + """
            start: 2026-12-15
            blockers:
              - {kind: access, description: Waiting for a read-only service account}""",
    good=CRM_EVENTS + """
            start: 2026-12-15
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
            elif blocker.until is not None and blocker.until < ctx.as_of:
                yield Finding(dataset, f"dataset {dataset.id!r}: open {blocker.kind} blocker was expected to clear by {blocker.until}", ("blockers", index, "until"))


@rule(
    "MLR126", "data-blocker-dates", group="data", severity="warning",
    title="No open data blocker moves a dataset past its planned dates",
    rationale="""
        A dataset cannot be ready while access, consent or a contract is still missing. Its
        work waits until its last open blocker is expected to clear (`until`), and so does
        everything that needs the data; a plan that dates the dataset earlier hides the
        delay from the models downstream. The dataset's dates state its work: the waiting
        is added to them, so work under way that a blocker pauses is flagged until it clears.""",
    fix="Plan the dataset's start after its blockers' `until` (and what needs the data after its projected date), "
        "clear the blocker sooner, or mark it `resolved: true` once it is.",
    bad=CRM_EVENTS + """
            start: 2026-02-02
            duration: 2w
            blockers:
              - {kind: access, description: Waiting for a read-only service account, owner: it-ops, until: 2026-02-16}""",
    good=CRM_EVENTS + """
            start: 2026-02-16
            duration: 2w
            blockers:
              - {kind: access, description: Waiting for a read-only service account, owner: it-ops, until: 2026-02-16}""",
)
def data_blocker_dates(ctx: Context) -> Iterator[Finding]:
    from ..render.words import span

    for dataset in ctx.roadmap.datasets:
        task = ctx.schedule.tasks.get(dataset.id)
        if task is None or task.blocked_until is None:
            continue
        index, blocker = max(((index, blocker) for index, blocker in enumerate(dataset.blockers)
                              if not blocker.resolved and blocker.until == task.blocked_until), key=lambda pair: pair[0])
        planned = f", not as planned ({span(task.planned_start, task.planned_finish)})" if task.planned_start and task.planned_finish else ""
        how = f"resumes on {task.blocked_until}" if task.resumes else f"starts on {task.blocked_until}"
        yield Finding(dataset, f"dataset {dataset.id!r} waits for its open {blocker.kind} blocker, expected to clear on "
                               f"{task.blocked_until}: it {how} and is projected {span(task.start, task.finish)}{planned}",
                      ("blockers", index, "until"))


STREAM = """
        datasets:
          - id: txn-stream
            title: Card authorisations
            source: Kafka (authorisations topic) -> Flink
            refresh: streaming
            quality_sla: 99.9% of authorisations with a merchant id"""


@rule(
    "MLR127", "streaming-freshness", group="data", severity="error",
    title="Streaming data states its freshness SLA",
    rationale="""
        For data that arrives continuously, `refresh: streaming` says nothing about how late
        it may arrive; a freshness SLA (at most 2 minutes behind, say) is what a real-time
        model relies on, and what its data team is held to.""",
    fix="Add `freshness:` to the dataset: how old the newest data may be at most, e.g. 2m.",
    bad=STREAM,
    good=STREAM + "\n            freshness: 2m",
)
def streaming_freshness(ctx: Context) -> Iterator[Finding]:
    for dataset in ctx.roadmap.datasets:
        if dataset.streaming and dataset.freshness is None and ctx.roadmap.complete(dataset, "freshness") and dataset.status != "cancelled":
            yield Finding(dataset, f"dataset {dataset.id!r} is streaming but states no freshness SLA (freshness: how old its newest data may be, e.g. 2m)", ("refresh",))


def _age(days: int) -> str:
    return "24 hours" if days == 1 else f"{days} days"


@rule(
    "MLR128", "freshness-vs-refresh", group="data", severity="error",
    title="A freshness SLA can be met by the data's refresh",
    rationale="""
        Data loaded once a day is up to a day old just before the next load: a freshness SLA
        shorter than the refresh interval is broken every day by design. Either the SLA or the
        refresh is wrong.""",
    fix="Refresh the data at least as often as the SLA asks (or stream it), or state the freshness it can keep.",
    bad="""
        datasets:
          - {id: merchants, title: Merchant data, source: Scheme files, refresh: daily, freshness: 2h, quality_sla: "99% matched"}""",
    good="""
        datasets:
          - {id: merchants, title: Merchant data, source: Scheme files, refresh: daily, freshness: 26h, quality_sla: "99% matched"}""",
)
def freshness_vs_refresh(ctx: Context) -> Iterator[Finding]:
    for dataset in ctx.roadmap.datasets:
        days, ms = dataset.longest_refresh_days, dataset.freshness_ms
        if ms is None or not days or dataset.status == "cancelled":
            continue
        if days * 86_400_000 > ms:
            yield Finding(dataset, f"dataset {dataset.id!r} refreshes {dataset.refresh}, so just before a refresh its data is up to "
                                   f"{_age(days)} old, beyond its freshness SLA of {dataset.freshness}", ("freshness",))


def _full_time(ctx: Context, ident: str) -> float | None:
    """The full-time people a team or person stands for, as the levelled schedule books them."""
    from ..levelling import UNIT

    if ident not in ctx.crew.pools:
        return None
    return ctx.crew.capacity(ident) / UNIT


LABELLED = """
        teams:
          - {id: bpo, name: Dispute BPO (vendor), capacity: 5}
        datasets:
          - id: disputes
            title: Classified disputes
            source: Case manager
            refresh: daily
            quality_sla: 96% agreement
            labelling: {by: bpo, rate: 90, throughput: THROUGHPUT, backlog: 8400}"""


@rule(
    "MLR129", "labelling-capacity", group="data", severity="warning",
    title="The labelling throughput is what its team can label",
    rationale="""
        A labelling plan states a throughput; the team that labels has a size and a rate. When
        the throughput is more than they can label, the backlog takes longer than planned,
        and so does the model that waits for it.""",
    fix="Lower `throughput` to what `by` can label (full-time people × 5 days × `rate`), or add people to the team.",
    bad=LABELLED.replace("THROUGHPUT", "2300"),
    good=LABELLED.replace("THROUGHPUT", "2250"),
)
def labelling_capacity(ctx: Context) -> Iterator[Finding]:
    for dataset in ctx.roadmap.datasets:
        labelling = dataset.labelling
        if labelling is None or labelling.by is None or labelling.rate is None or labelling.throughput is None or dataset.status == "cancelled":
            continue
        people = _full_time(ctx, labelling.by)
        if people is None:
            continue
        most = people * 5 * labelling.rate
        if labelling.throughput > most + 1e-9:
            yield Finding(dataset, f"dataset {dataset.id!r} expects {labelling.throughput:,} labelled a week, but {labelling.by!r} "
                                   f"({people:g} full-time) at {labelling.rate:g} a day labels at most {most:,.0f} a week",
                          ("labelling", "throughput"))
