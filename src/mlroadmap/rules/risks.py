"""Rules MLR24?, group ``risks``: step 4 of the PM guide (PM guide step 4), risks with
fallback UX and edge-case logging."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .registry import Finding, listing, rule

if TYPE_CHECKING:
    from .registry import Context

USER_FACING = """
        models:
          - id: answers
            title: Answer assistant
            user_facing: true"""


@rule(
    "MLR241", "fallback-ux", group="risks", severity="error",
    title="Every user-facing model has a fallback UX",
    rationale="""
        AI features hallucinate and fail. Users need a way out ("Talk to a human") that is
        designed, not improvised after the first incident.""",
    fix='Add `fallback: "Talk to a human" button on every answer` to the model.',
    bad=USER_FACING + "\n            edge_case_logging: Low-confidence answers are sampled for review",
    good=USER_FACING + "\n            edge_case_logging: Low-confidence answers are sampled for review\n            fallback: Talk to a human, on every answer",
)
def fallback_ux(ctx: Context) -> Iterator[Finding]:
    for model in ctx.models:
        if model.user_facing and model.fallback is None:
            yield Finding(model, f"model {model.id!r} faces users but has no fallback UX (e.g. Talk to a human)", ("fallback",), at_key=True)


@rule(
    "MLR242", "edge-case-logging", group="risks", severity="error",
    title="Every user-facing model logs its edge cases",
    rationale="Edge cases logged and reviewed are how a model gets smarter after launch, and how a bias or hallucination is caught early.",
    fix="Add `edge_case_logging:` saying what is logged and who reviews it.",
    bad=USER_FACING + "\n            fallback: Talk to a human, on every answer",
    good=USER_FACING + "\n            fallback: Talk to a human, on every answer\n            edge_case_logging: Low-confidence answers are sampled for review",
)
def edge_case_logging(ctx: Context) -> Iterator[Finding]:
    for model in ctx.models:
        if model.user_facing and model.edge_case_logging is None:
            yield Finding(model, f"model {model.id!r} faces users but logs no edge cases (edge_case_logging)", ("edge_case_logging",), at_key=True)


@rule(
    "MLR243", "risk-register", group="risks", severity="warning",
    title="A roadmap with models that reach users records its risks",
    rationale="Hallucination, bias, drift, a vendor that slips: a risk written down with a mitigation is one the team has thought about.",
    fix="Add `risks:` with likelihood, impact, mitigation and (for user-facing risks) fallback.",
    bad=USER_FACING + "\n            fallback: Talk to a human\n            edge_case_logging: Sampled for review",
    good=USER_FACING + "\n            fallback: Talk to a human\n            edge_case_logging: Sampled for review" + """
        risks:
          - {id: hallucination, title: Wrong answers, likelihood: medium, impact: high, mitigation: Answers cite help-center articles, affects: [answers]}""",
)
def risk_register(ctx: Context) -> Iterator[Finding]:
    reaching = [model.id for model in ctx.reaching_users]
    if reaching and not ctx.roadmap.risks:
        named = [repr(model) for model in reaching[:3]] + ([f"{len(reaching) - 3} more"] if len(reaching) > 3 else [])
        which = f"model {named[0]} reaches" if len(reaching) == 1 else f"models {listing(named)} reach"
        yield Finding(ctx.info, f"no risks recorded, though {which} users")


@rule(
    "MLR244", "risk-mitigation", group="risks", severity="warning",
    title="Open high risks have a mitigation",
    rationale="A high-likelihood or high-impact risk with no mitigation is an accepted risk nobody accepted.",
    fix="Add `mitigation:` to the risk, a mitigation entry with `risk: <id>`, or set `status: accepted`.",
    bad="""
        risks:
          - {id: vendor-slip, title: Labelling vendor slips, likelihood: medium, impact: high}""",
    good="""
        risks:
          - {id: vendor-slip, title: Labelling vendor slips, likelihood: medium, impact: high, mitigation: A second vendor is on standby}""",
)
def risk_mitigation(ctx: Context) -> Iterator[Finding]:
    planned = {m.risk for m in ctx.roadmap.mitigations if m.status != "cancelled"}
    for risk in ctx.roadmap.risks:
        high = "high" in (risk.likelihood, risk.impact)
        if high and risk.status == "open" and risk.mitigation is None and risk.id not in planned:
            yield Finding(risk, f"risk {risk.id!r} is {risk.likelihood} likelihood, {risk.impact} impact and open, with no mitigation", ("mitigation",), at_key=True)
