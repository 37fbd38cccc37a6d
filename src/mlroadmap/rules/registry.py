"""The rule registry: every check `mlroadmap check` runs, with what `mlroadmap rules` shows.

A rule is a small function that yields :class:`Finding` objects for one practice, and
its documentation (title, rationale, fix, a bad and a good YAML example) lives beside it
in the :func:`rule` decorator: the command line, the README's table and the SARIF
output all read the same source. Each group's rules live in the module named after it
(``rules/metrics.py``, ``rules/critical_path.py``, ...), which :mod:`mlroadmap.rules` imports.

Ids are ``MLR`` + three digits. ``MLR1n?`` is item *n* of the template's quick-start
checklist; ``MLR2n?`` is step *n* of the PM guide (problem, milestones, stakeholders,
risks); ``MLR3??`` are about the team's capacity; ``MLR0??`` are about the check itself
(waivers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..model import in_play

if TYPE_CHECKING:
    # What a rule looks at: the one analysis of the roadmap that every command shares.
    from ..analysis import Analysis as Context
    from ..loader import Roadmap

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def _always(roadmap: Roadmap) -> bool:
    return True


def _has(*sections: str) -> Callable[[Roadmap], bool]:
    def has(roadmap: Roadmap) -> bool:
        return any(in_play(entity) for section in sections for entity in roadmap.sections[section])

    return has


def _has_people(roadmap: Roadmap) -> bool:
    return roadmap.staffed


@dataclass(frozen=True)
class Group:
    """A section of the checklist; the score counts the groups with no problem, among those
    that apply (a roadmap without models has no model metrics to check)."""

    id: str
    title: str
    source: str  # where the practice comes from, for `rules ID`
    applies: Callable[[Roadmap], bool] = field(default=_always, repr=False, compare=False)
    needs: str = ""  # what the roadmap lacks when the group does not apply, e.g. "no models"
    scored: bool = True

    def __reduce__(self) -> tuple[Any, ...]:
        # One of GROUPS, sent by its id (a report checked in a worker process comes back
        # to the parent pickled); ``applies`` is a closure that pickle cannot carry.
        return (_group, (self.id,))


def _group(ident: str) -> Group:
    return GROUPS[ident]


WORK = ("items", "models", "datasets", "audits", "mitigations", "privacy_assessments", "policies", "regulations",
        "monitors", "experiments", "tools", "training_needs", "decisions")

GROUPS: dict[str, Group] = {
    group.id: group
    for group in (
        Group("metrics", "Model metrics with baselines and quarterly targets", "template checklist 1", _has("models"), "no models"),
        Group("data", "Data dependencies mapped", "template checklist 2", _has("models", "datasets"), "no models or datasets"),
        Group("ethics", "Ethical AI: audits, bias tests, mitigations, privacy", "template checklist 3", _has("models", "datasets"), "no models or datasets"),
        Group("experiments", "Experimentation separate from production", "template checklist 4", _has("items", "experiments"), "no items or experiments"),
        Group("critical-path", "Critical path: blockers owned, dates kept", "template checklist 5", _has(*WORK), "no work"),
        Group("retraining", "Recurring retraining and revalidation", "template checklist 6", _has("models"), "no models"),
        Group("monitoring", "Monitoring and alerting as explicit work", "template checklist 7", _has("models"), "no models"),
        Group("outcomes", "Problem before model: measurable outcomes", "PM guide step 1"),
        Group("milestones", "Milestone phases in order", "PM guide step 2", _has("items"), "no items"),
        Group("stakeholders", "Stakeholder sign-off at decision points", "PM guide step 3"),
        Group("risks", "Risks with fallback UX and edge-case logging", "PM guide step 4", _has("models", "risks"), "no models or risks"),
        Group("capacity", "Team capacity: nobody booked past capacity, skills covered", "template track 6",
              _has_people, "no people or teams", scored=False),
        Group("meta", "The check's own configuration and waivers", "mlroadmap", scored=False),
    )
}


@dataclass(frozen=True)
class Finding:
    """One problem a rule found: about ``subject`` (an entity or the roadmap header, whose
    waivers apply), at ``path`` inside it (a missing key points at its entry)."""

    subject: Any
    message: str
    path: tuple[str | int, ...] = ()
    at_key: bool = False
    key: str | None = None  # tells apart problems of one rule at one place (two predecessors, ...)


Check = Callable[["Context"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    group: str
    severity: Severity
    title: str
    rationale: str
    fix: str
    bad: str  # YAML examples, tested: `bad` triggers this rule and `good` does not
    good: str
    check: Check = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "group": self.group,
            "severity": self.severity,
            "title": self.title,
            "rationale": self.rationale,
            "fix": self.fix,
            "bad": self.bad,
            "good": self.good,
        }


RULES: dict[str, Rule] = {}


def rule(
    id: str, name: str, *, group: str, severity: Severity, title: str, rationale: str, fix: str, bad: str, good: str
) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``id``."""

    def register(check: Check) -> Check:
        assert id not in RULES and group in GROUPS, id
        assert all(name != other.name for other in RULES.values()), name
        RULES[id] = Rule(id, name, group, severity, title, _paragraph(rationale), _paragraph(fix), _dedent(bad), _dedent(good), check)
        return check

    return register


def _paragraph(text: str) -> str:
    return " ".join(text.split())


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n") + "\n"


def dated(work: Any) -> bool:
    """The schedule can place it: it has a due date, a start, an end or a duration."""
    return any(getattr(work, key) is not None for key in ("due", "start", "end", "duration"))


def listing(words: Sequence[str]) -> str:
    """``listing(["a", "b", "c"]) == "a, b and c"``: for messages."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class UnknownRule(ValueError):
    pass


def resolve(selector: str) -> list[str]:
    """The rule ids a selector names: an id (MLR131), an id prefix (MLR13, MLR1), a rule
    name (ethics-section) or a group (ethics). Raises :class:`UnknownRule`."""
    wanted = selector.strip()
    upper = wanted.upper()
    if upper.startswith("MLR"):
        found = [rule_id for rule_id in RULES if rule_id.startswith(upper)]
    elif wanted in GROUPS:
        found = [rule.id for rule in RULES.values() if rule.group == wanted]
    else:
        found = [rule.id for rule in RULES.values() if rule.name == wanted]
    if not found:
        if upper.startswith("MLR"):  # an id is not a word: "MLR9" is not a typo of "MLR244"
            raise UnknownRule(f"no rule {wanted!r}; `mlroadmap rules` lists them")
        from ..suggest import Suggester

        names = [*GROUPS, *(rule.name for rule in RULES.values())]
        close = Suggester().closest(wanted, names)
        hint = f"; did you mean {close!r}?" if close else "; `mlroadmap rules` lists them"
        raise UnknownRule(f"no rule or group {wanted!r}{hint}")
    return found


def rule_for(key: str) -> Rule | None:
    """The rule a waiver names, by id or by name."""
    found = RULES.get(key.upper())
    if found is not None:
        return found
    return next((rule for rule in RULES.values() if rule.name == key), None)
