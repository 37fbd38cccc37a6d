"""Rules MLR22?, group ``milestones``: step 2 of the PM guide (PM guide step 2), milestone
phases in order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import PHASES
from .registry import Finding, listing, rule

if TYPE_CHECKING:
    from .registry import Context

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
            for scope, scope_id in (("model", item.model), ("outcome", item.outcome)):
                if scope_id is not None:
                    key = (scope, scope_id, item.phase)
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
    title="The roadmap's work is placed in milestone phases",
    rationale="Phases (feasibility, prototype, training, integration, experimentation, go-live) are how the guide breaks AI work into product milestones; without them nobody can see how far along a model is. It fires when no item has a phase, not for each item without one: recurring work and team work often belong to none.",
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
