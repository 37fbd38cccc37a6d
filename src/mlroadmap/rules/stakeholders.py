"""Rules MLR23?, group ``stakeholders``: step 3 of the PM guide,
stakeholder sign-off at decision points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .registry import Finding, dated, listing, rule

if TYPE_CHECKING:
    from .registry import Context

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


def _away(person: Any, day: dt.date) -> str | None:
    """Why ``person`` is not there on ``day``, or None when they are."""
    if person.joins is not None and day < person.joins:
        return f"joins only on {person.joins}"
    if person.leaves is not None and day > person.leaves:
        return f"has left (their last day: {person.leaves})"
    for absence in person.off:
        if absence.start <= day <= absence.end:
            return f"is away ({absence.reason + ', ' if absence.reason else ''}{absence.start} to {absence.end})"
    return None


@rule(
    "MLR235", "signer-away", group="stakeholders", severity="warning",
    title="Stakeholders are there on the day of the decisions they sign off",
    rationale="""
        A stakeholder who also works on the roadmap (`person:`) has the person's time off. A
        decision due while a signer is on holiday, or before they join or after they leave,
        waits for them or is taken without them; either way the date is not the one planned.""",
    fix="Move the decision's date, or name someone who is there to sign it off.",
    bad="""
        people:
          - {id: carla, name: Carla Mendes, off: [{start: 2026-12-28, end: 2027-01-08, reason: holidays}]}
        stakeholders:
          - {id: ops-lead, person: carla, role: customer-ops}
        decisions:
          - {id: go-peak, title: Go live before peak?, due: 2027-01-08, sign_off: [ops-lead]}""",
    good="""
        people:
          - {id: carla, name: Carla Mendes, off: [{start: 2026-12-28, end: 2027-01-08, reason: holidays}]}
        stakeholders:
          - {id: ops-lead, person: carla, role: customer-ops}
        decisions:
          - {id: go-peak, title: Go live before peak?, due: 2027-01-09, sign_off: [ops-lead]}""",
)
def signer_away(ctx: Context) -> Iterator[Finding]:
    roadmap = ctx.roadmap
    holders = {holder.id: holder for holder in roadmap.stakeholders if holder.person is not None}
    if not holders:
        return
    people = {person.id: person for person in roadmap.people}
    names = roadmap.names()
    for decision in roadmap.decisions:
        if decision.status in ("done", "cancelled") or not (dated(decision) or decision.depends_on):
            continue
        # The decision's day as the calendar shows it: its due date, else its projected one.
        day = decision.due if decision.due is not None else ctx.schedule.tasks[decision.id].finish
        when = f"due on {day}" if decision.due is not None else f"projected for {day}"
        for index, holder_id in enumerate(decision.sign_off):
            holder = holders.get(holder_id)
            person = people.get(holder.person) if holder is not None and holder.person is not None else None
            why = _away(person, day) if person is not None else None
            if why is not None:
                yield Finding(decision, f"decision {decision.id!r} is {when}, when {holder_id!r} ({names[holder_id]}), who signs it off, {why}",
                              ("sign_off", index), key=holder_id)
