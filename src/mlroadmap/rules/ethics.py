"""Rules MLR13?, group ``ethics``: item 3 of the AI/ML roadmap template's quick-start
checklist (template checklist 3), ethical AI: audits, bias tests, mitigations, privacy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import FINISHED
from .registry import Finding, dated, listing, rule

if TYPE_CHECKING:
    from .registry import Context

AUDIT_KINDS = ("fairness-audit", "bias-test")


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
            metric: resolution rate
            comparison: difference  # group minus the reference
            reference: best         # the best-served group
            worse: lower            # a lower resolution rate harms a group
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
          - {id: audit-languages, title: Languages, models: [answer-model], groups: [English, German], metric: resolution rate, comparison: difference, reference: best, worse: lower, threshold: 0.05, due: 2026-06-30}""",
    good="""
        models:
          - {id: answer-model, title: Answer assistant, stage: production}
          - {id: router, title: Ticket router, stage: production}
        audits:
          - {id: audit-languages, title: Languages, models: [answer-model, router], groups: [English, German], metric: resolution rate, comparison: difference, reference: best, worse: lower, threshold: 0.05, due: 2026-06-30}""",
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
    fix="Give the audit the groups it compares (`attributes`, e.g. {region: [NL, DE]}, or at least two `groups`), `metric` and `threshold`.",
    bad="""
        audits:
          - {id: audit-languages, title: Check the assistant for bias, due: 2026-06-30}""",
    good="""
        audits:
          - {id: audit-languages, title: Check the assistant for bias, groups: [English, German, French], metric: resolution rate, comparison: difference, reference: best, worse: lower, threshold: 0.05, due: 2026-06-30}""",
)
def audit_definition(ctx: Context) -> Iterator[Finding]:
    for audit in _audits(ctx):
        missing = []
        # A group against everyone ("overall") is a comparison of two; otherwise two groups.
        compared = len(audit.groups) + sum(len(groups) for groups in audit.attributes.values())
        if compared < (1 if audit.reference == "overall" else 2) and ctx.roadmap.complete(audit, "attributes"):
            missing.append("the groups compared (attributes, or at least two groups)")
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
          - {id: audit-languages, title: Languages, groups: [English, German], metric: resolution rate, comparison: difference, reference: best, worse: lower, threshold: 0.05, due: 2026-06-30}""",
    good="""
        audits:
          - {id: audit-languages, title: Languages, groups: [English, German], metric: resolution rate, comparison: difference, reference: best, worse: lower, threshold: 0.05, due: 2026-06-30}
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
        for dataset_id in model.datasets:
            users.setdefault(dataset_id, []).append(model.id)
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


@rule(
    "MLR139", "fairness-comparison", group="ethics", severity="warning",
    title="A fairness threshold says what it compares: difference or ratio, against which group, which way is worse",
    rationale="""
        "1.25" passes or fails only once it says what it bounds: a ratio or a difference,
        against everyone, the best-off group or one named group, and whether a higher value
        of the metric harms a group (a false-decline rate) or a lower one (an approval rate).
        Without that, two reviewers read the same result two ways.""",
    fix="Add `comparison` (difference or ratio), `reference` (overall, best, or ATTRIBUTE: GROUP) and `worse` (higher or lower).",
    bad="""
        audits:
          - {id: audit-declines, title: False declines by region, attributes: {region: [NL, DE, PL]}, metric: false-decline rate,
             threshold: 1.25, due: 2026-06-30}""",
    good="""
        audits:
          - {id: audit-declines, title: False declines by region, attributes: {region: [NL, DE, PL]}, metric: false-decline rate,
             comparison: ratio, reference: overall, worse: higher, threshold: 1.25, due: 2026-06-30}""",
)
def fairness_comparison(ctx: Context) -> Iterator[Finding]:
    for audit in _audits(ctx):
        if audit.threshold is None or not ctx.roadmap.complete(audit, "threshold"):
            continue
        missing = [words for key, words in (("comparison", "whether it is a difference or a ratio (comparison)"),
                                            ("reference", "against which group (reference)"),
                                            ("worse", "which way is worse (worse)")) if getattr(audit, key) is None]
        if missing:
            yield Finding(audit, f"{audit.kind.replace('-', ' ')} {audit.id!r} has a threshold ({audit.threshold:g}) but does not "
                                 f"say {listing(missing)}", ("threshold",))
