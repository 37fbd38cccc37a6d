"""Rules MLR21?, group ``outcomes``: step 1 of the PM guide (PM guide step 1), problem
before model: measurable outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import SINGULAR
from .registry import Finding, rule

if TYPE_CHECKING:
    from .registry import Context

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


def _projected_by(ctx: Context) -> dict[str, Any]:
    """The last projected finish of the open, one-off work serving each outcome: recurring
    work goes on by design, and finished work is history, not a forecast."""
    projected_by: dict[str, Any] = {}
    for task in ctx.schedule.tasks.values():
        entity = ctx.graph.nodes[task.id]["entity"]
        if (task.outcome is not None and task.open and getattr(entity, "cadence", None) is None
                and (task.outcome not in projected_by or task.finish > projected_by[task.outcome])):
            projected_by[task.outcome] = task.finish
    return projected_by


@rule(
    "MLR215", "outcome-late", group="outcomes", severity="error",
    title="Every outcome's work is projected to finish by the outcome's due quarter",
    rationale="""
        The outcome is the roadmap's promise. When the schedule of the open work that serves
        it (the roadmap's dates: dependencies, durations, today, and the team's capacity when people are declared) ends after its due quarter, the promise is already
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
    from ..values import Quarter

    projected_by = _projected_by(ctx)
    for outcome in ctx.roadmap.outcomes:
        projected = projected_by.get(outcome.id)
        if projected is not None and projected > Quarter(outcome.due).end:
            yield Finding(outcome, f"outcome {outcome.id!r} is due in {outcome.due}, but its work is projected to finish on {projected}", ("due",))


@rule(
    "MLR216", "outcome-unlikely", group="outcomes", severity="warning",
    title="An outcome the plan lands within its quarter is likely to, given the estimates",
    rationale="""
        The outcome's date is the last finish of the work serving it, and every estimate on
        the way can only add to it. The rule runs the forecast (`mlroadmap forecast`'s
        10,000 samples, seed 0) when work still to do carries an `estimate` or a risk's
        `delay`, and reports an outcome
        the plan lands within its due quarter but fewer samples than `on_time_chance`
        percent do (default 80). An outcome the plan itself lands late is MLR215's.""",
    fix="Move the outcome's `due` quarter, or narrow or start earlier the estimated work that serves it (`mlroadmap forecast` ranks it).",
    bad=OUTCOME.replace("due: 2026-Q4", "due: 2026-Q1") + """
        items:
          - {id: launch, title: Answer billing questions in chat, track: model, start: 2026-02-02, estimate: {low: 6w, likely: 8w, high: 16w}, outcome: reduce-support-load}""",
    good=OUTCOME.replace("due: 2026-Q4", "due: 2026-Q2") + """
        items:
          - {id: launch, title: Answer billing questions in chat, track: model, start: 2026-02-02, estimate: {low: 6w, likely: 8w, high: 16w}, outcome: reduce-support-load}""",
)
def outcome_unlikely(ctx: Context) -> Iterator[Finding]:
    from ..forecast import percent

    forecast = ctx.forecast
    if forecast is None:
        return  # every sample is the plan (MLR215 says all there is), or no sample can be drawn
    by_id = {outcome.id: outcome for outcome in ctx.roadmap.outcomes}
    late = _projected_by(ctx)
    for outcome in forecast.outcomes:
        if outcome.planned is None or outcome.p_on_time is None:
            continue  # all its work is on a branch the plan does not follow, or in no sample
        if outcome.planned > outcome.due or late.get(outcome.id, outcome.due) > outcome.due:
            continue  # late in the plan: MLR215's
        if outcome.p_on_time * 100 < ctx.on_time_chance:
            yield Finding(
                by_id[outcome.id],
                f"outcome {outcome.id!r} is planned to land on {outcome.planned}, within {by_id[outcome.id].due}, "
                f"but only {percent(outcome.p_on_time, ctx.on_time_chance)} of {forecast.samples:,} forecast samples do "
                f"(80% likely by {outcome.p80})",
                ("due",),
            )


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


DRIVEN = """
        outcomes:
          - {id: cut-losses, title: Cut fraud losses, problem: P, metric: fraud loss, unit: bps, direction: lower, baseline: 12, target: 9, due: 2026-Q4}
        models:
          - id: scorer
            title: Fraud scorer
            outcome: cut-losses
            metrics:
              - name: precision
                baseline: 0.30
                targets: {2026-Q2: 0.33, 2026-Q4: TARGET}
                drives: [{outcome: cut-losses, per: 0.01, moves: -0.5}]"""


def _g(value: float) -> str:
    return f"{round(value, 6):g}"


def _signed(value: float) -> str:
    return f"{round(value, 6):+g}"


@rule(
    "MLR217", "outcome-reachable", group="outcomes", severity="warning",
    title="The targets of the metrics that drive an outcome reach its target",
    rationale="""
        Outcomes come first, and the model metrics are how the team means to move them. When
        each driving metric says how much it moves the outcome (`drives:` with `per` and
        `moves`), their targets for the outcome's quarter add up to where the plan takes it;
        short of the outcome's target, the metric targets and the promise disagree.""",
    fix="Raise the metrics' targets, revisit how much each moves the outcome, or plan the other work that closes the gap.",
    bad=DRIVEN.replace("TARGET", "0.35"),
    good=DRIVEN.replace("TARGET", "0.36"),
)
def outcome_reachable(ctx: Context) -> Iterator[Finding]:
    from ..drivers import reach

    for outcome in ctx.roadmap.outcomes:
        driving = ctx.drivers.get(outcome.id, [])
        reached = reach(outcome, driving)
        if reached is None:
            continue
        # Within rounding: (0.36 - 0.30) / 0.01 is 5.999999999999995 in binary, not 6.
        gap = (outcome.target - reached) if outcome.direction == "higher" else (reached - outcome.target)
        short = gap > 1e-9 * max(1.0, abs(outcome.target))
        if short:
            moves = ", ".join(f"{d.model}/{d.metric} {_signed(d.planned or 0.0)}" for d in driving)
            yield Finding(outcome, f"outcome {outcome.id!r}: at their targets for {outcome.due}, the metrics that drive it move it "
                                   f"from {_g(outcome.baseline)} to {_g(reached)} ({moves}), short of its target {_g(outcome.target)}",
                          ("target",))


@rule(
    "MLR218", "contribution-direction", group="outcomes", severity="error",
    title="A metric drives its outcome the way that makes both better",
    rationale="""
        A better value of the metric should move the outcome the way that is better for it:
        when it does not, `moves` has the wrong sign, or one of the two directions is wrong,
        and every sum built on it says the opposite of the plan.""",
    fix="Check the sign of `moves` and the `direction` of the metric and of the outcome.",
    bad=DRIVEN.replace("TARGET", "0.36").replace("moves: -0.5", "moves: 0.5"),
    good=DRIVEN.replace("TARGET", "0.36"),
)
def contribution_direction(ctx: Context) -> Iterator[Finding]:
    outcomes = {outcome.id: outcome for outcome in ctx.roadmap.outcomes}
    models = {model.id: model for model in ctx.models}
    for outcome_id, driving in ctx.drivers.items():
        outcome = outcomes[outcome_id]
        for driver in driving:
            if driver.per is not None and driver.moves is not None and driver.wrong_way(outcome):
                model = models[driver.model]
                metric = model.metrics[driver.index]
                change = f"each {_g(abs(driver.per))} {'more' if driver.per > 0 else 'less'}"
                yield Finding(model, f"model {model.id!r}: metric {metric.name!r} ({metric.direction} is better) drives outcome "
                                     f"{outcome.id!r} ({outcome.direction} is better) the wrong way: {change} moves it by "
                                     f"{_signed(driver.moves)}", ("metrics", driver.index, "drives", driver.step, "moves"))
