"""Scenarios: what-ifs over a roadmap, and the dates they move.

A scenario is a list of assumptions (``model.Assumption``): work that slips, work that
takes another length, a person's capacity, a person away, a hire. :func:`assume` makes the
roadmap a scenario describes, in memory: the entities it changes are copies (the files
and the loaded roadmap are never touched), slips are days the schedule adds to the work,
as a risk's delay does when it happens. Every analysis then runs on it unchanged, so a
scenario's dates are the same projection as the plan's, with the same rules.

:func:`compare` puts the plan's dates beside each scenario's: the work whose finish moves,
by how many days, and why, the assumption its chain of waits leads back to (the
predecessor, or with capacity the work holding its people, that set each start).

Assumptions are written in the roadmap (``scenarios:``, checked by ``validate`` with
``file:line:col``) or given on the command line as the same YAML (``--assume '{slip:
txn-data, by: 30d}'``), where a wrong id is a usage error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import WORK_SECTIONS, Decide, Hire, Person, Scenario, SetCapacity, SetDuration, Slip, Without, a_kind, branches

if TYPE_CHECKING:
    from .analysis import Analysis
    from .loader import Roadmap
    from .schedule import Schedule

AssumptionValue = Slip | SetDuration | SetCapacity | Without | Hire | Decide


class AssumptionError(ValueError):
    """An assumption that names nothing the roadmap has, or asks for what cannot be;
    ``given`` is where it was given ("--assume '{slip: x, by: 3d}'"), for the message."""

    def __init__(self, message: str, given: str | None = None):
        super().__init__(message)
        self.given = given


def words(assumption: AssumptionValue) -> str:
    """The assumption as a view says it: "txn-data slips 30d"."""
    if isinstance(assumption, Slip):
        return f"{assumption.slip} slips {assumption.by}"
    if isinstance(assumption, SetDuration):
        return f"{assumption.duration} takes {assumption.to}"
    if isinstance(assumption, SetCapacity):
        return f"{assumption.capacity} at capacity {assumption.to:g}"
    if isinstance(assumption, Without):
        return f"without {assumption.without}" + (f" from {assumption.since}" if assumption.since else "")
    if isinstance(assumption, Decide):
        return f"{assumption.decide} answered {assumption.answer}"
    joins = f" from {assumption.joins}" if assumption.joins else ""
    return f"hire {assumption.hire}{joins}" + (f" into {assumption.team}" if assumption.team else "")


def problems(roadmap: Roadmap, assumption: AssumptionValue, by_id: dict[str, tuple[str, Any]] | None = None,
             unverified: Collection[str] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with ``assumption`` on ``roadmap``: (path, message) pairs, the path
    being where in the assumption the problem is written (``("for", 1)``). ``by_id``
    (:func:`index`) saves building the index again for each assumption; an id of
    ``unverified`` (written in an entry or file that failed to load) is not reported."""
    by_id = by_id if by_id is not None else index(roadmap)
    kinds = {ident: section for ident, (section, _entity) in by_id.items()}
    found: list[tuple[tuple[str | int, ...], str]] = []

    def need(key: str, ident: str, sections: tuple[str, ...], what: str, *index: int) -> bool:
        if kinds.get(ident) in sections:
            return True
        if ident in unverified and ident not in kinds:  # its own error is reported: this would only be noise
            return False
        if ident in kinds:
            expected = what if what == "work" else f"a {what}"
            found.append(((key, *index), f"{key}: {ident!r} is {a_kind(kinds[ident])}, not {expected}"))
        else:
            from .suggest import Suggester

            hint = Suggester().hint(ident, [name for name, section in kinds.items() if section in sections])
            found.append(((key, *index), f"{key}: no {what} {ident!r} in the roadmap{hint}"))
        return False

    work = "work"
    if isinstance(assumption, Slip):
        need("slip", assumption.slip, WORK_SECTIONS, work)
    elif isinstance(assumption, SetDuration):
        need("duration", assumption.duration, WORK_SECTIONS, work)
    elif isinstance(assumption, SetCapacity):
        if need("capacity", assumption.capacity, ("people", "teams"), "person or team"):
            if kinds[assumption.capacity] == "people" and assumption.to > 1:
                found.append((("to",), f"to: a person's capacity is at most 1 (a full-time day), not {assumption.to:g}"))
            team = next((team for team in roadmap.teams if team.id == assumption.capacity), None)
            if team is not None and team.members:
                found.append((("capacity",), f"capacity: team {team.id!r} has named members; set each member's capacity"))
    elif isinstance(assumption, Without):
        need("without", assumption.without, ("people",), "person")
    elif isinstance(assumption, Decide):
        if need("decide", assumption.decide, ("decisions",), "decision"):
            decision = by_id[assumption.decide][1]
            if not decision.branches:
                found.append((("decide",), f"decide: {assumption.decide!r} leads to no work (no if_yes or if_no), so its answer moves nothing"))
            elif decision.status in ("done", "cancelled"):
                found.append((("decide",), f"decide: {assumption.decide!r} is {decision.status}: "
                              + ("its answer is given (its expect), not a what-if" if decision.status == "done" else "it is never answered")))
    else:
        if assumption.hire in kinds:
            found.append((("hire",), f"hire: {assumption.hire!r} is already used in the roadmap; give the new person another id"))
        if assumption.team is not None:
            need("team", assumption.team, ("teams",), "team")
        elif not assumption.for_:
            found.append((("hire",), f"hire: {assumption.hire!r} joins no team and no work's any_of: give team or for"))
        for position, ident in enumerate(assumption.for_):
            if need("for", ident, WORK_SECTIONS, work, position) and not getattr(by_id[ident][1], "any_of", None):
                found.append((("for", position), f"for: {ident!r} has no any_of: a hire can only be one more of those who may do it"))
    return found


def index(roadmap: Roadmap) -> dict[str, tuple[str, Any]]:
    """Id -> (section, entity), the first of each id (a duplicate id is validate's own error)."""
    out: dict[str, tuple[str, Any]] = {}
    for section, entity in roadmap.entities():
        out.setdefault(entity.id, (section, entity))
    return out


MAX_SLIP = 36_500  # days: 100 years, as a single duration may be


def too_far(assumptions: list[AssumptionValue]) -> tuple[int, str] | None:
    """The index and message of the first slip that takes its work's slips past 100 years
    (each is a duration, at most 100y; together they could reach past any date)."""
    total: dict[str, int] = {}
    for index, assumption in enumerate(assumptions):
        if isinstance(assumption, Slip):
            total[assumption.slip] = total.get(assumption.slip, 0) + assumption.by.days  # type: ignore[attr-defined]
            if total[assumption.slip] > MAX_SLIP:
                return index, f"slip: the slips of {assumption.slip!r} add up to more than 100 years"
    return None


def conflicting(assumptions: list[AssumptionValue]) -> tuple[int, str] | None:
    """The index and message of the first assumption that answers a decision another one
    answers the other way: a scenario is one set of answers."""
    answered: dict[str, str] = {}
    for index, assumption in enumerate(assumptions):
        if isinstance(assumption, Decide):
            before = answered.setdefault(assumption.decide, assumption.answer)
            if before != assumption.answer:
                return index, f"answer: {assumption.decide!r} is answered {before} already in this scenario"
    return None


def assume(roadmap: Roadmap, assumptions: list[AssumptionValue], as_of: dt.date) -> Roadmap:
    """The roadmap as ``assumptions`` describe it (``roadmap`` itself when there are none);
    AssumptionError on the first that names nothing."""
    if not assumptions:
        return roadmap
    from .branches import as_given

    roadmap = as_given(roadmap)  # a decide may take the branch the copies of branches.taken left out
    ids = index(roadmap)
    for assumption in assumptions:
        wrong = problems(roadmap, assumption, ids)
        if wrong:
            raise AssumptionError(f"{words(assumption)}: {wrong[0][1]}")
    far = too_far([*(Slip(slip=ident, by=f"{days}d") for ident, days in roadmap.slips.items()), *assumptions])
    if far is not None:  # with the slips of the scenario it builds on
        raise AssumptionError(far[1], "--assume")
    both = conflicting(assumptions)
    if both is not None:
        raise AssumptionError(both[1], "--assume")
    changed: dict[str, Any] = {}  # id -> its copy, changed by every assumption naming it in turn
    originals = {ident: entity for ident, (_section, entity) in ids.items()}

    def current(ident: str) -> Any:  # checked: every id an assumption names is in the roadmap
        return changed.get(ident, originals[ident])

    hires: list[Person] = []
    slips: dict[str, int] = dict(roadmap.slips)
    for assumption in assumptions:
        if isinstance(assumption, Slip):
            slips[assumption.slip] = slips.get(assumption.slip, 0) + assumption.by.days  # type: ignore[attr-defined]
        elif isinstance(assumption, SetDuration):
            entity = current(assumption.duration)
            recurring = getattr(entity, "cadence", None) is not None  # its end ends the series, not the work
            changed[entity.id] = entity.model_copy(update={"duration": assumption.to, "estimate": None,
                                                           **({} if recurring else {"end": None})})
        elif isinstance(assumption, SetCapacity):
            entity = current(assumption.capacity)
            changed[entity.id] = entity.model_copy(update={"capacity": assumption.to})
        elif isinstance(assumption, Without):
            entity = current(assumption.without)
            gone = (assumption.since or as_of) - dt.timedelta(days=1)
            changed[entity.id] = entity.model_copy(update={"leaves": min(gone, entity.leaves) if entity.leaves else gone})
        elif isinstance(assumption, Decide):  # its branches follow the answer when the analysis takes them (branches.taken)
            entity = current(assumption.decide)
            # Answered for certain: the chance of its expected answer no longer applies.
            changed[entity.id] = entity.model_copy(update={"expect": assumption.answer, "chance": None})
        else:
            hires.append(Person(id=assumption.hire, name=assumption.name or assumption.hire, capacity=assumption.capacity,
                                skills=assumption.skills, joins=assumption.joins))
            if assumption.team is not None:
                team = current(assumption.team)
                changed[team.id] = team.model_copy(update={"members": [*team.members, assumption.hire]})
            for ident in assumption.for_:
                entity = current(ident)
                changed[ident] = entity.model_copy(update={"any_of": [*entity.any_of, assumption.hire]})
    return roadmap.derive(
        ((originals[ident], copy) for ident, copy in changed.items()), added={"people": hires}, slips=slips,
        assuming=(*roadmap.assuming, *(words(assumption) for assumption in assumptions)),
    )


def parse(text: str) -> list[AssumptionValue]:
    """``--assume``'s value: one assumption as YAML (``{slip: txn-data, by: 30d}``, the braces
    optional) or a list of them; AssumptionError when it is not one."""
    import yaml
    from pydantic import TypeAdapter, ValidationError

    from .model import Assumption

    try:
        value = yaml.safe_load(text if text.lstrip().startswith(("{", "[")) else "{" + text + "}")
    except yaml.YAMLError as error:
        raise AssumptionError(f"not YAML: {str(error).splitlines()[0]}") from None
    items = value if isinstance(value, list) else [value]
    if not items:
        raise AssumptionError("an empty list assumes nothing: give at least one assumption, e.g. {slip: txn-data, by: 30d}")
    adapter = TypeAdapter(Assumption)
    out: list[AssumptionValue] = []
    for item in items:
        try:
            out.append(adapter.validate_python(item))
        except ValidationError as error:
            from .loader import assumption_message

            raise AssumptionError(assumption_message(error.errors(include_url=False)[0])) from None
    return out


def scenario(roadmap: Roadmap, ident: str) -> Scenario:
    """The roadmap's scenario ``ident``; AssumptionError naming the ones it has otherwise."""
    for found in roadmap.scenarios:
        if found.id == ident:
            return found
    known = ", ".join(found.id for found in roadmap.scenarios)
    raise AssumptionError(f"no scenario {ident!r} in the roadmap" + (f"; its scenarios are: {known}" if known else
                                                                        "; it has no 'scenarios:'"))


Chosen = list[tuple[str | None, str, list[AssumptionValue]]]  # (scenario id, title, assumptions)


def chosen(roadmap: Roadmap, scenarios: list[str] | None, assume: list[str] | None) -> Chosen:
    """What ``scenario compare`` compares: the roadmap's ``scenarios`` named (default: all,
    unless ``assume`` is given), then one more of the ``assume`` texts (YAML, as ``--assume``
    takes them); AssumptionError (with ``given``) when one names nothing, or there is none."""
    out: Chosen = []
    for ident in dict.fromkeys(scenarios if scenarios else ([] if assume else [found.id for found in roadmap.scenarios])):
        try:
            found = scenario(roadmap, ident)
        except AssumptionError as error:
            raise AssumptionError(str(error), "--scenario") from None
        out.append((found.id, found.title, list(found.assume)))
    if assume:
        out.append((None, "Your assumptions (--assume)", [one for text in assume for one in given(roadmap, text)]))
    if not out:
        raise AssumptionError("the roadmap has no 'scenarios:': name a what-if with --assume, e.g. --assume '{slip: ID, by: 30d}'")
    return out


def given(roadmap: Roadmap, text: str) -> list[AssumptionValue]:
    """One ``--assume``: the assumptions of the roadmap's scenario ``text`` names, else those
    its YAML writes; AssumptionError (with ``given``) when it names nothing."""
    if not any(mark in text for mark in ":{["):  # a word (no YAML mapping or list): a scenario's id
        try:
            return list(scenario(roadmap, text.strip()).assume)
        except AssumptionError as error:
            raise AssumptionError(f"{error}; or write an assumption, e.g. '{{slip: ID, by: 30d}}'", f"--assume {text!r}") from None
    try:
        parsed = parse(text)
    except AssumptionError as error:
        raise AssumptionError(str(error), f"--assume {text!r}") from None
    ids = index(roadmap)
    for assumption in parsed:
        for _path, message in problems(roadmap, assumption, ids):
            raise AssumptionError(message, f"--assume {text!r}")
    return parsed


# --- comparing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """A piece of work whose projected finish differs under a scenario, or that only one
    of the two has (a decision's branch)."""

    id: str
    title: str
    plan: dt.date | None  # its finish (a milestone: its day) in the plan; None: the plan leaves it out
    finish: dt.date | None  # under the scenario; None: the scenario leaves it out
    why: str  # the assumption its waits lead back to, in words

    @property
    def days(self) -> int | None:
        """How many days later it finishes (None when one side leaves it out)."""
        return (self.finish - self.plan).days if self.plan is not None and self.finish is not None else None

    @property
    def change(self) -> str:
        """"moves", "added" (the scenario has it, the plan leaves it out) or "left out"."""
        return "added" if self.plan is None else "left out" if self.finish is None else "moves"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "change": self.change, "plan": _day(self.plan), "scenario": _day(self.finish),
                "days": self.days, "why": self.why}


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True)
class ScenarioDates:
    id: str | None  # None: assumptions given on the command line
    title: str
    assuming: tuple[str, ...]
    end: dt.date
    moves: tuple[Move, ...]
    notes: tuple[str, ...] = ()  # what the dates do not show: assumptions that move nothing, work left to nobody

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "assuming": list(self.assuming), "end": self.end.isoformat(),
                "moves": [move.to_dict() for move in self.moves], "notes": list(self.notes)}


@dataclass(frozen=True)
class Comparison:
    """The plan's dates beside each scenario's."""

    roadmap: str
    as_of: dt.date
    dates: str  # the projection compared: "capacity" or "dependencies"
    end: dt.date  # the plan's projected end
    scenarios: tuple[ScenarioDates, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"roadmap": self.roadmap, "as_of": self.as_of.isoformat(), "dates": self.dates, "end": self.end.isoformat(),
                "scenarios": [found.to_dict() for found in self.scenarios]}


def compare(plan: Analysis, scenarios: Chosen) -> Comparison:
    """The plan beside each of ``scenarios`` ((id, title, assumptions)), on the same
    as-of day, settings and projection."""
    from .analysis import Analysis

    results = []
    expected = {decision.id: decision.expect for decision in plan.given.decisions}
    for ident, title, assumptions in scenarios:
        # From the roadmap as given: a decision answered the other way takes the branch the plan left out.
        other = Analysis(assume(plan.given, assumptions, plan.as_of), plan.as_of, plan.settings, dates=plan.dates)
        moves = _moves(plan, other, _reasons(assumptions, plan.given, other.roadmap.left_out))
        results.append(ScenarioDates(ident, title, other.roadmap.assuming[len(plan.roadmap.assuming):],
                                     other.schedule.end, tuple(moves), (*_idle(other.schedule, assumptions, expected, other.roadmap.left_out), *_lengths_fixed(plan, assumptions),
                                      *_left(plan.schedule, other.schedule))))
    return Comparison(plan.info.name, plan.as_of, plan.dates, plan.schedule.end, tuple(results))


def _idle(scenario: Schedule, assumptions: list[AssumptionValue], decisions: Mapping[str, str],
          left_out: Mapping[str, str]) -> tuple[str, ...]:
    """What an assumption moves nothing by, in the scenario (``scenario``, its work
    ``left_out`` on a branch): a slip or length of work that is finished (done, cancelled,
    a model in production), whose dates are history, or that is on a branch the scenario
    does not take; a decision answered as the plan expects (``decisions``: id -> expected
    answer), or never asked. Said, not left silent."""
    out = []
    for assumption in assumptions:
        if isinstance(assumption, Decide):
            if assumption.decide in left_out:
                out.append(f"{words(assumption)}: it is on {left_out[assumption.decide]}, which this scenario does not take, "
                           "so it is never asked and this moves nothing")
            elif decisions.get(assumption.decide) == assumption.answer:
                out.append(f"{words(assumption)}: the plan expects that answer already, so this moves nothing")
            continue
        ident = assumption.slip if isinstance(assumption, Slip) else assumption.duration if isinstance(assumption, SetDuration) else None
        task = scenario.tasks.get(ident) if ident is not None else None
        if ident is not None and ident in left_out:
            out.append(f"{words(assumption)}: it is on {left_out[ident]}, which this scenario does not take, so this moves nothing")
        elif task is not None and not task.open:
            out.append(f"{words(assumption)}: it is {task.state}, so this moves nothing")
    return tuple(out)


def _lengths_fixed(plan: Analysis, assumptions: list[AssumptionValue]) -> list[str]:
    """A capacity set for people whose open work has durations only: its length is the
    duration, which no capacity changes (only ``effort``, person-days, is worked at a rate)."""
    out = []
    pools = plan.crew.pools
    for assumption in assumptions:
        if not isinstance(assumption, SetCapacity):
            continue
        theirs = [task for task in plan.schedule.tasks.values() if task.open and assumption.capacity in _people_of(task, pools)]
        if theirs and all(getattr(plan.by_id.get(task.id), "effort", None) is None for task in theirs):
            out.append(f"{words(assumption)}: the open work of {assumption.capacity} has durations only, which a capacity does "
                       "not change; give it an effort (person-days) for the capacity to count")
    return out


def _left(plan: Schedule, other: Schedule) -> list[str]:
    """Work whose people leave before it is done under the scenario, and not in the plan:
    its dates go on at their rate (nobody is left to take it over), which no date shows."""
    return [f"nobody on the team is left to do {node} after {then.leaver} leaves: its dates assume the work goes on "
            "(check: MLR301)" for node, then in other.tasks.items()
            if then.leaver is not None and node in plan.tasks and plan.tasks[node].leaver is None and then.open]


def _reasons(assumptions: list[AssumptionValue], roadmap: Roadmap,
             left_out: Mapping[str, str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """What each assumption touches, in words: (work id -> words, person or team id -> words);
    a decision answered touches the work of both its branches, unless the scenario leaves
    the decision itself out (``left_out``): never asked, its answer touches nothing."""
    work: dict[str, str] = {}
    people: dict[str, str] = {}
    decisions = {decision.id: decision for decision in roadmap.decisions}
    for assumption in assumptions:
        said = words(assumption)
        if isinstance(assumption, Decide):
            if assumption.decide in (left_out or {}):
                continue
            for _key, _index, ident in branches(decisions[assumption.decide]):
                work[ident] = _and(work.get(ident), said)
        elif isinstance(assumption, Slip):
            work[assumption.slip] = _and(work.get(assumption.slip), said)
        elif isinstance(assumption, SetDuration):
            work[assumption.duration] = _and(work.get(assumption.duration), said)
        elif isinstance(assumption, SetCapacity):
            people[assumption.capacity] = _and(people.get(assumption.capacity), said)
        elif isinstance(assumption, Without):
            people[assumption.without] = _and(people.get(assumption.without), said)
        else:
            people[assumption.hire] = _and(people.get(assumption.hire), said)
    return work, people


def _and(before: str | None, said: str) -> str:
    return said if before is None else f"{before}, {said}"


def _moves(analysis: Analysis, other: Analysis, reasons: tuple[dict[str, str], dict[str, str]]) -> list[Move]:
    plan, schedule = analysis.schedule, other.schedule
    why = _why(plan, other, reasons)
    moves = []
    left_out, left_out_then = analysis.roadmap.left_out, other.roadmap.left_out
    for node, task in plan.tasks.items():
        then = schedule.tasks.get(node)
        if then is None:
            continue
        if (node in left_out) != (node in left_out_then):  # a branch one takes and the other does not
            # The plan's reason to leave it out (a decision never asked there) is not the scenario's to take it.
            said = reasons[0].get(node) or (f"the scenario takes {left_out[node].split(' (')[0]}" if node in left_out else
                                            f"on {left_out_then[node]}, which the scenario does not take")
            moves.append(Move(node, task.title, None if node in left_out else task.finish,
                              None if node in left_out_then else then.finish, said))
            continue
        if not task.open or task.finish == then.finish:
            continue
        origin, said = why.get(node, (node, "its chain of waits changes"))
        said = said if origin == node else f"waits on {origin}: {said}"
        if then.frozen_by is not None and then.frozen_days > task.frozen_days:  # pushed into a freeze: it waits longer
            said += f"; then the freeze {then.frozen_by} holds its go-live {then.frozen_days} days"
        elif then.away is not None and then.away != task.away and then.away not in reasons[1]:  # pushed into someone's time off
            said += f"; then waits for {then.away}'s time off" if then.joins is None else f"; then waits for {then.away} to join"
        moves.append(Move(node, task.title, task.finish, then.finish, said))
    order = {"moves": 0, "added": 1, "left out": 2}
    moves.sort(key=lambda move: (order[move.change], -abs(move.days or 0), move.plan or move.finish, move.id))
    return moves


def _why(plan: Schedule, other: Analysis, reasons: tuple[dict[str, str], dict[str, str]]) -> dict[str, tuple[str, str]]:
    """For each piece of work an assumption reaches: (the work the assumption names, its
    words). One pass in the scenario's placement order (predecessors and the work holding
    someone's time come first): its own slip or length, else the assumption that reached
    what set its start (the predecessor, or the work holding its people), else one that
    reached a predecessor that moved, else one about its own people; work that moved with
    none of these shares the team's time with work that did."""
    work, people = reasons
    schedule, pools, graph = other.schedule, other.crew.pools, other.graph
    moved = {node for node, task in schedule.tasks.items() if node in plan.tasks and plan.tasks[node].finish != task.finish}
    found: dict[str, tuple[str, str]] = {}
    for node, task in schedule.tasks.items():
        if node in work:
            found[node] = (node, work[node])
            continue
        setter = task.driver or task.held_by
        reached = found.get(setter) if setter is not None else None
        reached = reached or next((found[before] for before in graph.pred[node] if before in found and before in moved), None)
        said = next((people[who] for who in _people_of(task, pools) if who in people), None)
        if reached is not None:
            found[node] = reached
        elif said is not None:
            found[node] = (node, said)
    if people:
        for node in moved - found.keys():  # no chain leads back: the people's time moved it
            found[node] = (node, "the team's time: " + ", ".join(dict.fromkeys(people.values())))
    return found
def _people_of(task: Any, pools: dict[str, tuple[str, ...]]) -> list[str]:
    """Who may do ``task``: its assignees and ``any_of``, and the members of the teams among them."""
    demand = task.demand
    if demand is None:
        return []
    named = [*demand.assignees, *demand.any_of]
    return list(dict.fromkeys([*named, *(member for name in named for member in pools.get(name, ()))]))
