"""Decision branches: the work a go/no-go decision's answers lead to, and the answer the
dates follow.

A decision may name the work that follows a yes (``if_yes``) and the fallback that follows
a no (``if_no``). That work waits for the decision (``graph.build_graph``), unless it has
started already. The dates follow the answer each decision ``expect``s: :func:`taken`
leaves the other branch's planned work out, as copies marked cancelled, so every view,
rule and schedule treats it as cancelled work (it takes no time and passes its
predecessors' dates on to whatever waits for it). Work that has started stays, whichever
branch it is on, and so does a model in production: it is happening. A decision that is
itself left out (on another's untaken branch) or cancelled leaves out both of its
branches: no answer is ever given.

A scenario answers a decision (``{decide: ID, answer: no}``), and the forecast each of its
groups of samples (:func:`answer`), by changing its ``expect``; :func:`taken` then runs
on that roadmap as on any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import WORK_SECTIONS, branches

if TYPE_CHECKING:
    from .model import Roadmap


def taken(roadmap: Roadmap) -> Roadmap:
    """``roadmap`` with the planned work of each decision's untaken branch left out (marked
    cancelled, its place in the YAML kept); ``roadmap`` itself when no decision has branches."""
    deciding = [decision for decision in roadmap.decisions if decision.branches]
    if not deciding:
        return roadmap
    entity = {work.id: work for section in WORK_SECTIONS for work in roadmap.sections[section]}
    # Each piece of work a branch names -> every (decision, answer) naming it: it is left out
    # when none of them is taken, i.e. each decision answers otherwise or is never answered.
    named: dict[str, list[tuple[Any, str]]] = {}
    for decision in deciding:
        for key, _index, ident in branches(decision):
            work = entity.get(ident)
            # Started work is happening, whichever branch it is on; so is a model in production.
            if work is not None and work.status == "planned" and not getattr(work, "in_production", False):
                named.setdefault(ident, []).append((decision, key.removeprefix("if_")))
    branch: dict[str, tuple[Any, str]] = {}  # work left out -> a decision and answer whose branch it is on
    # A decision left out is never answered, so neither of its branches is taken, and they may
    # hold decisions in turn: go round until nothing more is left out (once, unless
    # decisions sit on branches).
    changed = True
    while changed:
        changed = False
        for ident, names in named.items():
            if ident in branch:
                continue
            untaken = [(decision, answer) for decision, answer in names
                       if decision.id in branch or decision.status == "cancelled" or answer != decision.expect]
            if len(untaken) == len(names):
                branch[ident] = untaken[0]
                changed = True
    if not branch:
        return roadmap
    left_out = {}
    for ident, (decision, answer) in branch.items():  # a branch of a decision never answered says why
        why = (f" ({decision.id} is cancelled)" if decision.status == "cancelled" else
               f" ({decision.id} is never asked)" if decision.id in branch else "")
        left_out[ident] = f"{decision.id}'s {answer}{why}"
    return roadmap.derive(((entity[ident], entity[ident].model_copy(update={"status": "cancelled"})) for ident in left_out),
                          left_out={**roadmap.left_out, **left_out})


def followed(roadmap: Roadmap) -> tuple[tuple[str, str], ...]:
    """(decision, answer) of each decision with branches whose answer the dates of
    ``roadmap`` (with its branches taken) follow: not those left out or cancelled."""
    return tuple((decision.id, decision.expect) for decision in roadmap.decisions
                 if decision.branches and decision.status != "cancelled" and decision.id not in roadmap.left_out)


def as_given(roadmap: Roadmap) -> Roadmap:
    """The roadmap :func:`taken` was given, when ``roadmap`` is what it made: an answer
    changed there may take the branch its copies left out."""
    return roadmap.base if roadmap.left_out and roadmap.base is not None else roadmap


def answer(roadmap: Roadmap, answers: dict[str, str]) -> Roadmap:
    """``roadmap`` with the decisions ``answers`` names expecting those answers (decision id
    -> "yes" or "no"): copies, their place in the YAML kept, as a scenario's ``decide`` makes.
    The branches follow when the roadmap's analysis takes them (:func:`taken`)."""
    return as_given(roadmap).derive((decision, decision.model_copy(update={"expect": answers[decision.id], "chance": None}))
                          for decision in roadmap.decisions if decision.id in answers)
