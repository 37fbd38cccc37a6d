"""Rules MLR30?, group ``capacity``: track 6 of the AI/ML roadmap template (template track 6),
the team's capacity. Nobody is booked past capacity, the skills the work needs are on the
team, and the dates hold with the people the roadmap has.

The semantics of load and of the levelled schedule are in :mod:`mlroadmap.levelling`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import SINGULAR
from .registry import Finding, listing, rule

if TYPE_CHECKING:
    from ..levelling import OverAllocation
    from .registry import Context

TWO_PEOPLE = """
        people:
          - {id: ana, name: Ana Silva}
          - {id: ben, name: Ben Okafor}"""


def _absent(ctx: Context, stretch: OverAllocation) -> str:
    """Why someone booked on days they do not work is not there: "is off but", "leaves on ... but is"."""
    if stretch.leaves is not None:
        return f"leaves on {stretch.leaves} but is"
    if stretch.joins is not None:
        return f"joins on {stretch.joins} but is"
    return "is off but"


def _squeezed(ctx: Context, task: str, resource: str) -> str:
    """Why one piece of work alone books someone past capacity when it is their time off:
    its effort falls on the days around it (": its effort falls around Ana's time off (...)")."""
    work = ctx.schedule.tasks.get(task)
    person = next((person for person in ctx.roadmap.people if person.id == resource), None)
    if work is None or person is None:
        return ""
    away = [absence for absence in person.off if absence.start <= work.finish and absence.end >= work.start]
    if not away:
        return ""
    spans = listing([str(a.start) if a.start == a.end else f"{a.start} to {a.end}" for a in away])
    return f": its effort falls on the days around {person.name}'s time off ({spans}); lengthen it, or lower its effort"


def _named_key(entity: Any, ctx: Context, resource: str) -> tuple[str | int, ...]:
    """Where the work names ``resource``: its entry in assignees or any_of (a team counts)."""
    for key in ("assignees", "any_of"):
        for index, name in enumerate(getattr(entity, key)):
            if resource in ctx.crew.pools.get(name, ()):
                return (key, index)
    return ("assignees",)


@rule(
    "MLR301", "over-allocated", group="capacity", severity="warning",
    title="Nobody is booked past their capacity",
    rationale="""
        A plan that needs one person twice at once slips, whatever its dependencies say.
        Each piece of work's effort is spread over its dates; a day on which someone's
        share passes their capacity (or on which they are off) is over-allocated. Reported
        from --as-of on, at every piece of work booked on those days.""",
    fix="""
        Move one of the pieces of work (a `depends_on` or a later `start`), give it to
        someone free (`assignees`, or `any_of` to let the schedule choose), or lower its
        `effort`. `mlroadmap capacity` shows who is free when.""",
    bad=TWO_PEOPLE + """
        items:
          - {id: clean-data, title: Clean the ticket data, track: data, start: 2026-01-12, duration: 2w, assignees: [ana]}
          - {id: train-intents, title: Train the intent model, track: model, start: 2026-01-12, duration: 2w, assignees: [ana]}""",
    good=TWO_PEOPLE + """
        items:
          - {id: clean-data, title: Clean the ticket data, track: data, start: 2026-01-12, duration: 2w, assignees: [ana]}
          - {id: train-intents, title: Train the intent model, track: model, start: 2026-01-12, duration: 2w, assignees: [ben]}""",
)
def over_allocated(ctx: Context) -> Iterator[Finding]:
    yield from _effort_on_weekends(ctx)
    # One finding per piece of work, however many people and stretches it is in: work for
    # a team of twenty that clashes should read as one problem, not twenty.
    stretches_of: dict[str, list[OverAllocation]] = {}
    for stretch in ctx.over_allocations:
        for task in stretch.tasks:
            stretches_of.setdefault(task, []).append(stretch)
    for task, stretches in stretches_of.items():
        entity = ctx.by_id[task]
        first = stretches[0]
        if len(stretches) == 1:
            days = f"{first.days} working day{'s' * (first.days != 1)}"
            span = str(first.first) if first.first == first.last else f"from {first.first} to {first.last}"
            who = ctx.crew.names.get(first.resource, first.resource)
            if first.peak:
                how = f"{who} is booked up to {first.peak}% of capacity on {days} {span}" + (", some of them days off" if first.off else "")
            else:
                how = f"{who} {_absent(ctx, first)} booked on {days} {span}"
        else:
            people = list(dict.fromkeys(stretch.resource for stretch in stretches))
            names = [ctx.crew.names.get(person, person) for person in people]
            who = listing(names if len(names) <= 3 else [*names[:2], f"{len(names) - 2} others"])
            peak = max(stretch.peak for stretch in stretches)
            begin, end = min(stretch.first for stretch in stretches), max(stretch.last for stretch in stretches)
            how = (f"{who} {'is' if len(people) == 1 else 'are'} booked past capacity"
                   f"{f' (up to {peak}%)' if peak else ''} " + (f"on {begin}" if begin == end else f"in {len(stretches)} stretches from {begin} to {end}"))
        # Name a few of the clashing pieces of work without listing them all (thousands
        # of pieces of work for one team would make each message as long as the roadmap).
        others: list[str] = []
        for stretch in stretches:
            for other in stretch.tasks:
                if other != task and other not in others:
                    others.append(other)
                    if len(others) > 4:
                        break
            if len(others) > 4:
                break
        if not others:
            together = "by this work alone" + _squeezed(ctx, task, first.resource)
        elif len(others) <= 4:
            together = f"together with {listing(others)}"
        else:
            more = max(len(stretch.tasks) for stretch in stretches) - 5
            together = f"together with {', '.join(others[:4])} and {f'{more:,} other pieces of work' if more > 1 else 'other work'}"
        yield Finding(entity, f"{how}, {together}", _named_key(entity, ctx, first.resource), key=f"{first.resource}:{first.first}")


@rule(
    "MLR302", "skill-missing", group="capacity", severity="warning",
    title="Every skill the work needs is on the team, or being trained before it is needed",
    rationale="""
        Work that needs a skill nobody has cannot start on the day the schedule says. The
        team track's training needs are where the gap is closed; the work should wait on
        that training.""",
    fix="""
        Add the skill to the person who has it (`skills:`), plan the training under
        `training_needs:` (with `skill:`) and make the work `depends_on` it, or hire.""",
    bad=TWO_PEOPLE + """
        items:
          - {id: label-intents, title: Label 5k tickets by intent, track: data, duration: 3w, assignees: [ana], skills: [annotation]}""",
    good="""
        people:
          - {id: ana, name: Ana Silva, skills: [annotation]}
          - {id: ben, name: Ben Okafor}
        items:
          - {id: label-intents, title: Label 5k tickets by intent, track: data, duration: 3w, assignees: [ana], skills: [annotation]}""",
)
def skill_missing(ctx: Context) -> Iterator[Finding]:
    from ..levelling import missing_skills

    by_id = ctx.by_id
    # On the plan as written, as `mlroadmap capacity` shows it: levelling has moved work
    # around the gaps already.
    for gap in missing_skills(ctx.roadmap, ctx.by_dependencies, ctx.graph, ctx.crew):
        for task in gap.tasks:
            if task in gap.waiting:
                continue
            entity = by_id[task]
            if gap.training:
                advice = f"; {listing(gap.training)} trains for it: make this work wait on it (depends_on)"
            else:
                advice = "; add it to someone's skills, or plan it under training_needs:"
            if gap.absent:  # someone has it, but is not on the team then
                dates = ctx.by_dependencies.tasks[task].span(" to ")
                whose = listing([_tenure(ctx, member) for member in gap.absent])
                what = f"which only {whose} {'has' if len(gap.absent) == 1 else 'have'}, not on the team on its dates ({dates})"
            else:
                what = "which nobody on the roadmap has"
            yield Finding(entity, f"needs skill {gap.skill!r}, {what}{advice}", ("skills", list(entity.skills).index(gap.skill)))


def _tenure(ctx: Context, member: str) -> str:
    """ "Cy (leaves 2026-03-13)": a person with the days they join or leave."""
    import datetime as dt

    from ..levelling import LAST_DAY

    resource = ctx.crew.resources[member]
    dates = ([f"joins {dt.date.fromordinal(resource.joins)}"] if resource.joins is not None else []) + (
        [f"leaves {dt.date.fromordinal(resource.leaves)}"] if resource.leaves != LAST_DAY else [])
    return f"{resource.name} ({', '.join(dates)})" if dates else resource.name


@rule(
    "MLR303", "skill-not-assigned", group="capacity", severity="warning",
    title="Work needing a skill goes to someone who has it",
    rationale="""
        When the skill is on the team but not with the people named for the work, either
        the assignment or the skills list is wrong, and the schedule books the wrong
        person's time.""",
    fix="Assign the work to someone with the skill (or add them to `any_of`), or add the skill to the assignee's `skills:`.",
    bad="""
        people:
          - {id: ana, name: Ana Silva, skills: [python]}
          - {id: ben, name: Ben Okafor, skills: [annotation]}
        items:
          - {id: label-intents, title: Label 5k tickets by intent, track: data, duration: 3w, assignees: [ana], skills: [annotation]}""",
    good="""
        people:
          - {id: ana, name: Ana Silva, skills: [python]}
          - {id: ben, name: Ben Okafor, skills: [annotation]}
        items:
          - {id: label-intents, title: Label 5k tickets by intent, track: data, duration: 3w, assignees: [ben], skills: [annotation]}""",
)
def skill_not_assigned(ctx: Context) -> Iterator[Finding]:
    from ..levelling import unskilled

    have = set(ctx.crew.has_skill)
    for node, task in ctx.schedule.tasks.items():
        if not task.open:
            continue
        entity = ctx.by_id[node]
        named = [*entity.assignees, *entity.any_of]
        for skill, holders in unskilled(task, entity, ctx.crew, have).items():
            yield Finding(entity, f"needs skill {skill!r}, which {listing(named)} {'does' if len(named) == 1 else 'do'} not have; "
                          f"{listing(holders)} {'has' if len(holders) == 1 else 'have'} it", ("skills", list(entity.skills).index(skill)))


@rule(
    "MLR304", "skill-short", group="capacity", severity="warning",
    title="No quarter needs more of a skill than the people who have it can give",
    rationale="""
        The template's team track asks where the team's skills run short. Work needing a
        skill (assigned or not, spread over its dates) is added up per quarter and set
        against the working days of the people who have it; more demand than that is a
        hiring or training need.""",
    fix="Spread the work over more quarters, train or hire for the skill (`training_needs:`), or bring in a vendor team with it.",
    bad="""
        people:
          - {id: ana, name: Ana Silva, skills: [annotation]}
        items:
          - {id: label-intents, title: Label tickets by intent, track: data, start: 2026-01-05, duration: 12w, effort: 8w, skills: [annotation]}
          - {id: label-sentiment, title: Label tickets by sentiment, track: data, start: 2026-01-05, duration: 12w, effort: 8w, skills: [annotation]}""",
    good="""
        people:
          - {id: ana, name: Ana Silva, skills: [annotation]}
        items:
          - {id: label-intents, title: Label tickets by intent, track: data, start: 2026-01-05, duration: 12w, effort: 8w, skills: [annotation]}
          - {id: label-sentiment, title: Label tickets by sentiment, track: data, start: 2026-04-06, duration: 12w, effort: 8w, skills: [annotation]}""",
)
def skill_short(ctx: Context) -> Iterator[Finding]:
    from ..levelling import skill_shortages

    for short in skill_shortages(ctx.roadmap, ctx.by_dependencies, ctx.graph, ctx.crew):  # as `mlroadmap capacity`
        entity = ctx.by_id[short.tasks[0]]
        yield Finding(
            entity,
            f"{short.quarter} needs {short.demand:g} person-days of {short.skill!r} ({listing(list(short.tasks))}), "
            f"but the people who have it can give {short.supply:g}",
            ("skills", list(entity.skills).index(short.skill)), key=f"{short.skill}:{short.quarter}",
        )


@rule(
    "MLR305", "capacity-deadline", group="capacity", severity="warning",
    title="Deadlines hold with the team's capacity, not only with unlimited people",
    rationale="""
        A due date that dependencies alone meet can still be missed when the people who
        do the work are busy elsewhere. The levelled schedule books nobody past capacity
        and shows the dates that follow.""",
    fix="""
        Free the people it needs (move or reassign their other work), add someone to it,
        or move the due date; `mlroadmap critical-path` (the team's capacity by default) shows what holds it.""",
    bad=TWO_PEOPLE + """
        items:
          - {id: clean-data, title: Clean the ticket data, track: data, status: in-progress, start: 2026-01-05, duration: 2w, assignees: [ana]}
          - {id: label-guide, title: Write the labelling guide, track: data, start: 2026-01-05, duration: 1w, due: 2026-01-16, assignees: [ana]}""",
    good=TWO_PEOPLE + """
        items:
          - {id: clean-data, title: Clean the ticket data, track: data, status: in-progress, start: 2026-01-05, duration: 2w, assignees: [ana]}
          - {id: label-guide, title: Write the labelling guide, track: data, start: 2026-01-05, duration: 1w, due: 2026-01-30, assignees: [ana]}""",
)
def capacity_deadline(ctx: Context) -> Iterator[Finding]:
    plan = ctx.by_dependencies
    late_anyway = {late.task for late in plan.late}
    for late in ctx.with_capacity.late:
        if late.task in late_anyway:
            continue  # late by its dependencies alone: MLR154 says so
        task = ctx.with_capacity.tasks[late.task]
        if task.due_key == "decide_by" and late.due < ctx.as_of:
            continue  # a decision date passed undecided: MLR145 says so
        why = f", waiting for the people on {task.held_by}" if task.held_by else ""
        deadline = "decision date (decide_by)" if task.due_key == "decide_by" else "due date"
        yield Finding(
            ctx.by_id[late.task],
            f"{SINGULAR[task.section]} {late.task!r} misses its {deadline} {late.due} with the team's capacity: projected {late.finish} "
            f"({late.days_late} day{'s' * (late.days_late != 1)} late{why}), "
            f"though dependencies alone finish it by {plan.tasks[late.task].finish}",
            (task.due_key,),
        )


@rule(
    "MLR306", "unstaffed", group="capacity", severity="warning",
    title="Work is assigned to someone who exists: no team without members or capacity",
    rationale="""
        A team with neither members nor a capacity stands for nobody: work assigned to it
        books no one's time, so the schedule cannot say when it is done.""",
    fix="List the team's `members:`, or give a vendor team a `capacity:` (full-time equivalents).",
    bad="""
        teams:
          - {id: label-vendor, name: Labelling vendor}
        items:
          - {id: label-intents, title: Label 5k tickets by intent, track: data, duration: 3w, assignees: [label-vendor]}""",
    good="""
        teams:
          - {id: label-vendor, name: Labelling vendor, capacity: 2}
        items:
          - {id: label-intents, title: Label 5k tickets by intent, track: data, duration: 3w, assignees: [label-vendor]}""",
)
def unstaffed(ctx: Context) -> Iterator[Finding]:
    for task in ctx.schedule.tasks.values():
        need = task.demand
        if need is None or not need.unstaffed or not task.open:
            continue
        entity = ctx.by_id[task.id]
        for name in need.unstaffed:
            key = "assignees" if name in entity.assignees else "any_of"
            yield Finding(entity, f"assigned to {name!r}, a team with no members and no capacity: nobody does this work",
                          (key, list(getattr(entity, key)).index(name)))


def _effort_on_weekends(ctx: Context) -> Iterator[Finding]:
    """Effort planned on dates with no working day (a Saturday and a Sunday): people work
    Monday to Friday, so nobody is booked for it and no capacity view counts it. Its dates
    stand (weekend on-call is on the weekend); saying so is all that is honest."""
    from ..levelling import work_days_between
    from ..render.words import span

    for task in ctx.by_dependencies.tasks.values():
        need = task.demand
        if not task.open or need is None or need.effort is None or task.days == 0 or need.cadence is not None:
            continue
        if task.start < ctx.as_of or work_days_between(task.start.toordinal(), task.finish.toordinal()):
            continue
        entity = ctx.by_id[task.id]
        yield Finding(entity, f"its effort ({entity.effort}) is planned on {span(task.start, task.finish)}, which has no working day: "
                              "nobody is booked for it, so the team's capacity does not count it", ("effort",))
