"""Rules MLR2n?: the PM guide's steps (problem first, milestones, stakeholders, risks),
and MLR0??: the check's own waivers."""

from __future__ import annotations

from typing import Any, Iterator

from ..model import PHASES, SINGULAR
from .registry import Context, Finding, dated, listing, rule

OUTCOME = """
        outcomes:
          - id: reduce-support-load
            title: Reduce support load by 30%
            problem: Ticket volume grows faster than the team
            metric: Tickets handled by humans per week
            direction: lower
            baseline: 12000
            target: 8400
            due: 2026-Q4"""


# --- 1. problem before model --------------------------------------------------------------


@rule(
    "MLR211", "outcome-defined", group="outcomes", severity="error",
    title="The roadmap states the problems it solves as measurable outcomes",
    rationale="""
        Start from the problem ("reduce support load by 30%"), not the model ("let's use
        GPT-4"). Outcomes are what the work is judged by.""",
    fix="Add an `outcomes:` section: the problem, a metric, its baseline and target, and the quarter it is due.",
    bad="""
        items:
          - {id: try-gpt, title: Use an LLM for support, track: model}""",
    good=OUTCOME + """
        items:
          - {id: try-gpt, title: Use an LLM for support, track: model, outcome: reduce-support-load}""",
)
def outcome_defined(ctx: Context) -> Iterator[Finding]:
    if not ctx.roadmap.outcomes:
        yield Finding(ctx.info, "the roadmap states no outcomes: which problem does the work solve, measured how?")


def _serving(ctx: Context) -> set[str]:
    """Ids of the work that serves an outcome: directly, through the work it leads to, or
    through its model (work about a model serves what the model or its other work serves).

    A model and the items about it are one unit; units form a graph that may have cycles
    (a model's item waits on work that waits on the model), so serving is propagated over
    its condensation, in reverse topological order: linear in nodes and edges."""
    import networkx as nx

    graph = ctx.graph
    unit = {node: node for node in graph}
    for item in ctx.roadmap.items:
        if item.model is not None and item.model in unit:
            unit[item.id] = item.model
    units = nx.DiGraph()
    units.add_nodes_from(set(unit.values()))
    units.add_edges_from((unit[u], unit[v]) for u, v in graph.edges if unit[u] != unit[v])
    condensed = nx.condensation(units)
    members = condensed.graph["mapping"]  # unit -> component
    own: set[int] = {members[unit[node]] for node, data in graph.nodes(data=True) if data["entity"].outcome is not None}
    serving_components: set[int] = set()
    for component in reversed(list(nx.topological_sort(condensed))):
        if component in own or any(successor in serving_components for successor in condensed.successors(component)):
            serving_components.add(component)
    return {node for node in graph if members[unit[node]] in serving_components}


@rule(
    "MLR212", "traces-to-outcome", group="outcomes", severity="error",
    title="Every item and model traces to an outcome",
    rationale="""
        Work that serves no outcome, directly or through what it unblocks, is the model-first
        roadmap the guide warns about: it cannot be prioritised against the goal. Items in the
        team track (hiring, training, tools) serve the whole roadmap and are not checked.""",
    fix="Set `outcome:` on the work, or make the work it enables (depends_on) serve one; or cut it.",
    bad=OUTCOME + """
        items:
          - {id: fine-tune, title: Fine-tune a larger model, track: model}
          - {id: launch, title: Answer billing questions in chat, track: model, outcome: reduce-support-load}""",
    good=OUTCOME + """
        items:
          - {id: fine-tune, title: Fine-tune a larger model, track: model}
          - {id: launch, title: Answer billing questions in chat, track: model, depends_on: [fine-tune], outcome: reduce-support-load}""",
)
def traces_to_outcome(ctx: Context) -> Iterator[Finding]:
    if not ctx.roadmap.outcomes:
        return  # MLR211 says it once
    serving = _serving(ctx)
    for section, entities in (("items", ctx.roadmap.items), ("models", ctx.models)):
        for entity in entities:
            if entity.id not in serving and entity.status != "cancelled" and entity.track_id != "team":
                yield Finding(entity, f"{SINGULAR[section]} {entity.id!r} does not trace to an outcome: neither it nor the work it leads to serves one", ("outcome",), at_key=True)


@rule(
    "MLR213", "outcome-target", group="outcomes", severity="error",
    title="No outcome's target is worse than its baseline",
    rationale="""
        An outcome whose target is worse than its baseline usually lacks `direction: lower`.
        A target equal to the baseline is a guardrail ("keep CSAT at 89") and is fine.""",
    fix="Check `baseline`, `target` and `direction` (lower is better for load, cost, latency).",
    bad=OUTCOME.replace("            direction: lower\n", ""),
    good=OUTCOME,
)
def outcome_target(ctx: Context) -> Iterator[Finding]:
    for outcome in ctx.roadmap.outcomes:
        worse = outcome.target < outcome.baseline if outcome.direction == "higher" else outcome.target > outcome.baseline
        if worse:
            yield Finding(outcome, f"outcome {outcome.id!r}: target {outcome.target:g} is worse than baseline {outcome.baseline:g} ({outcome.direction} is better)", ("target",))


@rule(
    "MLR215", "outcome-late", group="outcomes", severity="error",
    title="Every outcome's work is projected to finish by the outcome's due quarter",
    rationale="""
        The outcome is the roadmap's promise. When the schedule of the open work that serves
        it (dependencies, durations, today) ends after its due quarter, the promise is already
        broken, whatever each item's own status says. Recurring work is left out: it goes on
        by design.""",
    fix="Move the outcome's `due` quarter, or cut, shorten or start earlier the work on its critical chain (`mlroadmap critical-path --outcome ID`).",
    bad=OUTCOME.replace("due: 2026-Q4", "due: 2026-Q1") + """
        items:
          - {id: launch, title: Answer billing questions in chat, track: model, start: 2026-03-02, duration: 6w, outcome: reduce-support-load}""",
    good=OUTCOME.replace("due: 2026-Q4", "due: 2026-Q2") + """
        items:
          - {id: launch, title: Answer billing questions in chat, track: model, start: 2026-03-02, duration: 6w, outcome: reduce-support-load}""",
)
def outcome_late(ctx: Context) -> Iterator[Finding]:
    from ..types import Quarter

    # The last projected finish of the open, one-off work serving each outcome: recurring
    # work goes on by design, and finished work is history, not a forecast.
    projected_by: dict[str, Any] = {}
    for task in ctx.schedule.tasks.values():
        entity = ctx.graph.nodes[task.id]["entity"]
        if task.outcome is not None and task.open and getattr(entity, "cadence", None) is None:
            if task.outcome not in projected_by or task.finish > projected_by[task.outcome]:
                projected_by[task.outcome] = task.finish
    for outcome in ctx.roadmap.outcomes:
        projected = projected_by.get(outcome.id)
        if projected is not None and projected > Quarter(outcome.due).end:
            yield Finding(outcome, f"outcome {outcome.id!r} is due in {outcome.due}, but its work is projected to finish on {projected}", ("due",))


@rule(
    "MLR214", "outcome-served", group="outcomes", severity="warning",
    title="Every outcome has work that serves it",
    rationale="An outcome with no work behind it is a wish; the roadmap should show how it will be reached.",
    fix="Set `outcome: <id>` on the items, models or experiments that move it.",
    bad=OUTCOME + """
        items:
          - {id: hire, title: Hire a conversation designer, track: team}""",
    good=OUTCOME + """
        items:
          - {id: hire, title: Hire a conversation designer, track: team, outcome: reduce-support-load}""",
)
def outcome_served(ctx: Context) -> Iterator[Finding]:
    served = {entity.outcome for section, entity in ctx.roadmap.entities() if section != "outcomes" and getattr(entity, "outcome", None)}
    for outcome in ctx.roadmap.outcomes:
        if outcome.id not in served:
            yield Finding(outcome, f"outcome {outcome.id!r} has no work serving it")


# --- 2. milestones ------------------------------------------------------------------------

GATES = ("feasibility", "prototype")


@rule(
    "MLR221", "go-live-gated", group="milestones", severity="error",
    title="Nothing goes live without feasibility and prototype work before it",
    rationale="""
        AI work runs feasibility (do we have the data?) -> prototype -> training -> integration
        -> experimentation -> go-live. Skipping the first two is how teams find out at launch
        that the data was never there. Before means: by dependency, or by date for work on the
        same model or outcome.""",
    fix="Add feasibility and prototype items (phase: feasibility / prototype) that the go-live work depends on.",
    bad="""
        items:
          - {id: proto, title: Prototype, track: model, phase: prototype, start: 2026-01-05, duration: 2w}
          - {id: launch, title: Launch, track: model, phase: go-live, depends_on: [proto], duration: 1w}""",
    good="""
        items:
          - {id: check-data, title: Do we have the data?, track: data, phase: feasibility, start: 2026-01-05, duration: 1w}
          - {id: proto, title: Prototype, track: model, phase: prototype, depends_on: [check-data], duration: 2w}
          - {id: launch, title: Launch, track: model, phase: go-live, depends_on: [proto], duration: 1w}""",
)
def go_live_gated(ctx: Context) -> Iterator[Finding]:
    launches = [item for item in ctx.roadmap.items if item.phase == "go-live" and item.status not in ("cancelled", "done")]
    if not launches:
        return
    import networkx as nx

    graph = ctx.graph
    nodes = graph.nodes
    bit = {phase: 1 << index for index, phase in enumerate(PHASES)}
    # Phases reached upstream of each node: one OR per edge in topological order.
    upstream: dict[str, int] = {}
    for node in nx.topological_sort(graph):
        mask = 0
        for predecessor in graph.predecessors(node):
            entity = nodes[predecessor]["entity"]
            phase = getattr(entity, "phase", None) if entity.status != "cancelled" else None
            mask |= upstream[predecessor] | (bit[phase] if phase else 0)
        upstream[node] = mask
    # Earliest finish of each gate phase per model and per outcome, for "before by date".
    tasks = ctx.schedule.tasks
    first_finish: dict[tuple[str, str, str], Any] = {}
    for item in ctx.roadmap.items:
        if item.phase in GATES and item.status != "cancelled":
            for scope in (("model", item.model), ("outcome", item.outcome)):
                if scope[1] is not None:
                    key = (*scope, item.phase)
                    finish = tasks[item.id].finish
                    if key not in first_finish or finish < first_finish[key]:
                        first_finish[key] = finish
    for item in launches:
        start = tasks[item.id].start
        missing = []
        for phase in GATES:
            by_dependency = upstream[item.id] & bit[phase]
            by_date = any(
                (scope, name, phase) in first_finish and first_finish[(scope, name, phase)] < start
                for scope, name in (("model", item.model), ("outcome", item.outcome))
                if name is not None
            )
            if not (by_dependency or by_date):
                missing.append(phase)
        if missing:
            yield Finding(item, f"go-live item {item.id!r} has no {listing(missing)} work before it (by dependency, or by date for the same model or outcome)", ("phase",))


@rule(
    "MLR222", "phases-stated", group="milestones", severity="warning",
    title="Items state their milestone phase",
    rationale="Phases (feasibility, prototype, training, integration, experimentation, go-live) are how the guide breaks AI work into product milestones; without them nobody can see how far along a model is.",
    fix="Add `phase:` to the items (feasibility, prototype, training, integration, experimentation, go-live).",
    bad="""
        items:
          - {id: proto, title: Prototype, track: model}""",
    good="""
        items:
          - {id: proto, title: Prototype, track: model, phase: prototype}""",
)
def phases_stated(ctx: Context) -> Iterator[Finding]:
    items = ctx.roadmap.items
    if items and not any(item.phase for item in items):
        which = "the roadmap's one item states no" if len(items) == 1 else f"none of the {len(items)} items states a"
        yield Finding(ctx.info, f"{which} milestone phase (feasibility -> ... -> go-live)")


# --- 3. stakeholders ----------------------------------------------------------------------

STAKEHOLDERS = """
        stakeholders:
          - {id: ds-lead, name: Ana (data science), role: data-science}
          - {id: eng-lead, name: Ben (engineering), role: engineering}
          - {id: dpo, name: Chloe (compliance), role: compliance}
          - {id: ops-lead, name: Dan (customer ops), role: customer-ops}"""


@rule(
    "MLR231", "decision-sign-off", group="stakeholders", severity="error",
    title="Decision points name the stakeholders who sign off",
    rationale="AI roadmaps need more frequent buy-in than feature roadmaps; a decision with nobody named to sign it off is made by default.",
    fix="List stakeholder ids under the decision's `sign_off`.",
    bad=STAKEHOLDERS + """
        decisions:
          - {id: go-eu, title: Launch in Germany and France?, due: 2026-09-01}""",
    good=STAKEHOLDERS + """
        decisions:
          - {id: go-eu, title: Launch in Germany and France?, due: 2026-09-01, sign_off: [dpo, ops-lead]}""",
)
def decision_sign_off(ctx: Context) -> Iterator[Finding]:
    for decision in ctx.roadmap.decisions:
        if not decision.sign_off and ctx.roadmap.complete(decision, "sign_off") and decision.status != "cancelled":
            yield Finding(decision, f"decision {decision.id!r} names nobody to sign it off", ("sign_off",), at_key=True)


def _personal(ctx: Context, model_id: str | None) -> list[str]:
    from ..model import Model

    model = ctx.by_id.get(model_id) if model_id else None
    if not isinstance(model, Model):
        return []
    return [name for name in model.datasets if getattr(ctx.by_id.get(name), "pii", False)]


@rule(
    "MLR232", "compliance-sign-off", group="stakeholders", severity="error",
    title="Production work on personal data has compliance sign-off",
    rationale="""
        A model that uses personal data must not reach production without compliance (or
        legal) agreeing: a decision signed off by them before the go-live work, or before or
        after the model, the work about it, or a launch that waits on it.""",
    fix="Add a decision with a compliance or legal stakeholder in `sign_off`, and make the go-live work depend on it.",
    bad=STAKEHOLDERS + """
        models:
          - {id: answers, title: Answer assistant, datasets: [chats]}
        datasets:
          - {id: chats, title: Chats, source: Intercom, refresh: daily, quality_sla: "< 1%", pii: true, retention: 1y, consent: ToS 4.2}
        items:
          - {id: launch, title: Launch answers, track: model, phase: go-live, model: answers, start: 2026-06-01, duration: 1w}""",
    good=STAKEHOLDERS + """
        models:
          - {id: answers, title: Answer assistant, datasets: [chats]}
        datasets:
          - {id: chats, title: Chats, source: Intercom, refresh: daily, quality_sla: "< 1%", pii: true, retention: 1y, consent: ToS 4.2}
        decisions:
          - {id: go-answers, title: Launch answers?, due: 2026-05-25, sign_off: [dpo, ops-lead]}
        items:
          - {id: launch, title: Launch answers, track: model, phase: go-live, model: answers, depends_on: [go-answers], start: 2026-06-01, duration: 1w}""",
)
def compliance_sign_off(ctx: Context) -> Iterator[Finding]:
    signers = {s.id for s in ctx.roadmap.stakeholders if s.role in ("compliance", "legal")}
    launches = [item for item in ctx.roadmap.items if item.phase == "go-live" and item.status != "cancelled"]
    if not launches and not ctx.live:
        return
    import networkx as nx

    graph = ctx.graph
    order = list(nx.topological_sort(graph))
    approved = {d.id for d in ctx.roadmap.decisions if signers.intersection(d.sign_off) and d.status != "cancelled"}
    above: set[str] = set()  # a compliance-approved decision is upstream (or is the node)
    for node in order:
        if node in approved or any(p in above for p in graph.predecessors(node)):
            above.add(node)
    below: set[str] = set()
    for node in reversed(order):
        if node in approved or any(s in below for s in graph.successors(node)):
            below.add(node)
    for item in launches:
        # Personal data reaches production through the item's model, a model it waits on,
        # or a dataset it waits on directly.
        personal = _personal(ctx, item.model) + [
            name for other in item.depends_on
            for name in ([other] if getattr(ctx.by_id.get(other), "pii", False) else _personal(ctx, other))
        ]
        if personal and item.id not in above:
            yield Finding(item, f"item {item.id!r} goes live with personal data ({listing(sorted(set(personal)))}) and no decision before it is signed off by compliance", ("depends_on",), at_key=True)
    # A model is approved through its own links, through the work about it, or through an
    # approved launch that waits on it.
    approved_launches = [item for item in launches if item.id in above]
    for item in approved_launches:  # first what the launches wait on, then the models of the work
        above.update(item.depends_on)
    for item in ctx.roadmap.items:
        if item.model is not None and item.id in above:
            above.add(item.model)
    launching = {item.model for item in launches if item.model is not None}  # said on their launch item
    for model in ctx.models:
        personal = _personal(ctx, model.id)
        if model.id in ctx.live and model.id not in launching and personal and model.id not in above and model.id not in below:
            yield Finding(model, f"model {model.id!r} is {ctx.state(model)} with personal data ({listing(personal)}) and no decision linked to it is signed off by compliance", ("stage",))


ROLES = {"data-science": "data science", "engineering": "engineering", "compliance": "compliance", "customer-ops": "customer ops"}


@rule(
    "MLR233", "stakeholder-roles", group="stakeholders", severity="warning",
    title="The roadmap names its data science, engineering, compliance and customer ops stakeholders",
    rationale="These four are the stakeholders an AI roadmap needs buy-in from, more often than a feature roadmap; naming them says who to ask.",
    fix="Add `stakeholders:` with a person for each role (role: data-science, engineering, compliance, customer-ops).",
    bad=STAKEHOLDERS.rsplit("\n", 1)[0],
    good=STAKEHOLDERS,
)
def stakeholder_roles(ctx: Context) -> Iterator[Finding]:
    present = {stakeholder.role for stakeholder in ctx.roadmap.stakeholders}
    missing = [words for role, words in ROLES.items() if role not in present]
    if missing:
        yield Finding(ctx.info, f"no stakeholder for {listing(missing)} (stakeholders with role: {', '.join(r for r in ROLES if ROLES[r] in missing)})")


@rule(
    "MLR234", "decision-date", group="stakeholders", severity="warning",
    title="Decision points have a date",
    rationale="Sign-off takes calendar time; a decision with a date can be booked with its stakeholders and shows up in the exec report's upcoming decisions.",
    fix="Add `due: YYYY-MM-DD` to the decision.",
    bad=STAKEHOLDERS + """
        decisions:
          - {id: go-eu, title: Launch in Germany and France?, sign_off: [dpo]}""",
    good=STAKEHOLDERS + """
        decisions:
          - {id: go-eu, title: Launch in Germany and France?, sign_off: [dpo], due: 2026-09-01}""",
)
def decision_date(ctx: Context) -> Iterator[Finding]:
    for decision in ctx.roadmap.decisions:
        if not (dated(decision) or decision.depends_on) and decision.status not in ("done", "cancelled"):
            yield Finding(decision, f"decision {decision.id!r} has no date (due)", ("due",), at_key=True)


# --- 4. risks -----------------------------------------------------------------------------

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


# --- the check itself ---------------------------------------------------------------------
# Found by mlroadmap.check while it applies waivers; registered here for the documentation.


@rule(
    "MLR001", "unknown-waiver", group="meta", severity="error",
    title="Waivers name a rule that exists",
    rationale="A waiver for a rule id that does not exist (a typo, a renamed rule) waives nothing and hides that the real rule still fires.",
    fix="Use a rule id or name from `mlroadmap rules`.",
    bad="""
        risks:
          - {id: vendor-slip, title: Vendor slips, likelihood: medium, impact: high, mitigation: Second vendor, waive: {MLR999: Accepted}}""",
    good="""
        risks:
          - {id: vendor-slip, title: Vendor slips, likelihood: medium, impact: high, mitigation: Second vendor}""",
)
def unknown_waiver(ctx: Context) -> Iterator[Finding]:
    return iter(())


@rule(
    "MLR002", "unused-waiver", group="meta", severity="warning",
    title="Waivers still waive something",
    rationale="A waiver whose rule no longer fires there is stale: remove it so the next real problem is not hidden by it.",
    fix="Delete the waiver.",
    bad="""
        risks:
          - {id: vendor-slip, title: Vendor slips, likelihood: medium, impact: high, mitigation: Second vendor, waive: {MLR244: Second vendor on standby}}""",
    good="""
        risks:
          - {id: vendor-slip, title: Vendor slips, likelihood: medium, impact: high, mitigation: Second vendor}""",
)
def unused_waiver(ctx: Context) -> Iterator[Finding]:
    return iter(())
