"""Rules MLR14?, group ``experiments``: item 4 of the AI/ML roadmap template's quick-start
checklist (template checklist 4), experimentation separate from production; and the
actual explore/exploit split that `check` reports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import FINISHED
from .registry import Finding, rule

if TYPE_CHECKING:
    from .registry import Context


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
    tolerance = ctx.split_tolerance
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
    sizes = [entity.effort or entity.length for entity in work]
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
    title="A/B, multivariate and interleaving tests name their variants",
    rationale="Naming the control and the variants says what is actually compared, and how traffic is split.",
    fix="List `variants` (an A/B or interleaving test needs at least two, a multivariate test at least three).",
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
        needed = {"ab": 2, "interleaving": 2, "multivariate": 3}.get(experiment.kind)
        if needed and len(experiment.variants) < needed and experiment.status != "cancelled":
            name = {"ab": "an A/B test", "interleaving": "an interleaving test"}.get(experiment.kind, "a multivariate test")
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


CHAMPION = """
        models:
          - {id: gbm, title: GBM scorer, stage: production}
          - {id: seq, title: Sequence model, challenges: gbm}"""


@rule(
    "MLR146", "challenger-tested", group="experiments", severity="warning",
    title="A challenger is tested against its champion",
    rationale="""
        A challenger replaces the champion on evidence, not on its offline scores: a shadow
        run on live traffic, an A/B test or at least a backtest names it, and its date is
        when the evidence is in.""",
    fix="Add an experiment with `model: <the challenger's id>`: kind shadow, ab, interleaving or backtest.",
    bad=CHAMPION + """
        experiments:
          - {id: gbm-shadow, title: Retrained champion in shadow, kind: shadow, model: gbm, traffic: 100, hypothesis: It flags more fraud,
             metric: precision at 70% recall, success: +0.03 precision, decide_by: 2026-05-15}""",
    good=CHAMPION + """
        experiments:
          - {id: seq-shadow, title: Challenger in shadow, kind: shadow, model: seq, traffic: 100, hypothesis: It flags more fraud,
             metric: precision at 70% recall, success: +0.03 precision, decide_by: 2026-05-15}""",
)
def challenger_tested(ctx: Context) -> Iterator[Finding]:
    # Evidence on the challenger itself: a shadow run, a live test or a backtest; not an analysis.
    tested = {experiment.model for experiment in ctx.roadmap.experiments
              if experiment.status != "cancelled" and experiment.kind != "hypothesis"}
    for model in ctx.models:
        if model.challenges is not None and model.id not in tested and not model.in_production:
            yield Finding(model, f"model {model.id!r} challenges {model.challenges!r}, but no experiment tests it "
                                 f"(a shadow run, an A/B test or a backtest with model: {model.id})", ("challenges",))


def _pool(ctx: Context, model_id: str) -> str:
    """The traffic an experiment on ``model_id`` draws from: its champion's, for a challenger."""
    model = ctx.by_id.get(model_id)
    return getattr(model, "challenges", None) or model_id


@rule(
    "MLR147", "traffic-overlap", group="experiments", severity="warning",
    title="Experiments that split a model's traffic at once need no more than all of it",
    rationale="""
        Two A/B tests on the same model that run at once each take a share of its traffic:
        past 100% they overlap, and neither measures what it claims (a challenger's test
        takes its champion's traffic). Shadow runs mirror traffic and take none.""",
    fix="Lower the tests' `traffic`, or let one wait for the other (`depends_on`).",
    bad=CHAMPION + """
        experiments:
          - {id: seq-ab, title: Champion against challenger, kind: ab, model: seq, traffic: 60, variants: [gbm, seq], start: 2026-03-02,
             duration: 6w, hypothesis: It cuts fraud, metric: fraud bps, success: -8% bps, decide_by: 2026-04-30}
          - {id: stepup, title: Step-up for mid scores, kind: ab, model: gbm, traffic: 50, variants: [decline, step-up], start: 2026-04-06,
             duration: 4w, hypothesis: Fewer false declines, metric: false declines, success: -40%, decide_by: 2026-05-15}""",
    good=CHAMPION + """
        experiments:
          - {id: seq-ab, title: Champion against challenger, kind: ab, model: seq, traffic: 50, variants: [gbm, seq], start: 2026-03-02,
             duration: 6w, hypothesis: It cuts fraud, metric: fraud bps, success: -8% bps, decide_by: 2026-04-30}
          - {id: stepup, title: Step-up for mid scores, kind: ab, model: gbm, traffic: 50, variants: [decline, step-up], start: 2026-04-06,
             duration: 4w, hypothesis: Fewer false declines, metric: false declines, success: -40%, decide_by: 2026-05-15}""",
)
def traffic_overlap(ctx: Context) -> Iterator[Finding]:
    tasks = ctx.schedule.tasks
    pools: dict[str, list[Any]] = {}
    for experiment in ctx.roadmap.experiments:
        if experiment.splits_traffic and experiment.traffic is not None and experiment.model is not None and experiment.status not in FINISHED:
            pools.setdefault(_pool(ctx, experiment.model), []).append(experiment)
    for pool, experiments in pools.items():
        # A sweep in order of start: each experiment against those still running when it starts.
        experiments.sort(key=lambda e: (tasks[e.id].start, e.id))
        running: list[Any] = []
        for experiment in experiments:
            start = tasks[experiment.id].start
            running = [other for other in running if tasks[other.id].finish >= start]
            total = experiment.traffic + sum(other.traffic for other in running)
            if total > 100:
                others = ", ".join(f"{other.id!r} ({_percent(other.traffic)})" for other in running)
                yield Finding(experiment, f"experiment {experiment.id!r} takes {_percent(experiment.traffic)} of the traffic of model {pool!r} "
                                          f"from {start}, while {others} still run{'s' * (len(running) == 1)}: {_percent(total)} in all", ("traffic",))
            running.append(experiment)


def _percent(value: float) -> str:
    return f"{value:g}%"
