"""``check``: run the rules on a valid roadmap, apply settings and waivers, score the checklist.

Returns plain data (:class:`CheckReport`); rendering lives in :mod:`mlroadmap.render.check`
and :mod:`mlroadmap.render.sarif`.

Settings come from, in increasing precedence: ``[tool.mlroadmap]`` in the nearest
``pyproject.toml``, the roadmap's ``roadmap: checks:``, and the command line. ``select``
is replaced by the most specific source that sets it; ``ignore`` lists add up; severity
overrides merge.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Location
from .projection import assuming
from .rules import GROUPS, RULES, Group, Rule, UnknownRule, resolve, rule_for
from .rules.experiments import ActualSplit, actual_split
from .yamlsource import paused_gc

if TYPE_CHECKING:
    from .analysis import Analysis
    from .loader import Roadmap

DEFAULT_SPLIT_TOLERANCE = 10.0
DEFAULT_MIN_TRACKS = 2
DEFAULT_ON_TIME_CHANCE = 80.0  # percent: below it, MLR157 and MLR216 call a date unlikely
RANK = {"error": 0, "warning": 1, "info": 2}


class SettingsError(ValueError):
    """Settings that name no rule, or a pyproject.toml that cannot be read (exit 2)."""


@dataclass
class Settings:
    """Which rules run, at which severity, with which thresholds."""

    select: list[str] | None = None  # selectors as written
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # selector -> severity
    split_tolerance: float = DEFAULT_SPLIT_TOLERANCE
    min_tracks: int = DEFAULT_MIN_TRACKS
    on_time_chance: float = DEFAULT_ON_TIME_CHANCE

    def update(self, other: dict[str, Any], source: str) -> None:
        """Apply settings from ``source`` (named in errors). Raises :class:`SettingsError`
        for a selector that names no rule, blaming the source that wrote it."""
        for selector in [*(other.get("select") or []), *(other.get("ignore") or []), *(other.get("severity") or {})]:
            try:
                resolve(selector)
            except UnknownRule as error:
                raise SettingsError(f"{source}: {error}") from None
        if other.get("select") is not None:
            self.select = list(other["select"])
        self.ignore += list(other.get("ignore") or [])
        self.severity.update(other.get("severity") or {})
        if other.get("split_tolerance") is not None:
            self.split_tolerance = float(other["split_tolerance"])
        if other.get("min_tracks") is not None:
            self.min_tracks = int(other["min_tracks"])
        if other.get("on_time_chance") is not None:
            self.on_time_chance = float(other["on_time_chance"])

    def enabled(self) -> dict[str, str]:
        """Rule id -> severity, for every rule that runs. Raises :class:`UnknownRule` for
        settings set directly rather than through :meth:`update`."""
        chosen = [rule_id for selector in self.select for rule_id in resolve(selector)] if self.select is not None else list(RULES)
        ignored = {rule_id for selector in self.ignore for rule_id in resolve(selector)}
        overrides = {rule_id: level for selector, level in self.severity.items() for rule_id in resolve(selector)}
        return {rule_id: overrides.get(rule_id, RULES[rule_id].severity) for rule_id in sorted(dict.fromkeys(chosen)) if rule_id not in ignored}


def pyproject_settings(start: str | Path) -> tuple[dict[str, Any], str] | None:
    """``[tool.mlroadmap]`` of the nearest pyproject.toml that has one, at or above ``start``."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib

    here = Path(start).resolve()
    for directory in (here, *here.parents) if here.is_dir() else here.parents:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                document = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise SettingsError(f"{candidate}: cannot read it: {error}") from None
            tool = document.get("tool", {})
            if not isinstance(tool, dict):
                raise SettingsError(f"{candidate}: 'tool' must be a table")
            if "mlroadmap" in tool:
                return _checked_table(tool["mlroadmap"], str(candidate)), str(candidate)
        if (directory / ".git").exists():
            break  # the repository's root: a pyproject.toml above it belongs to something else
    return None


def _checked_table(table: Any, name: str) -> dict[str, Any]:
    """The [tool.mlroadmap] table, validated with the same model as the roadmap's `checks:`."""
    from pydantic import ValidationError

    from .model import CheckSettings

    if not isinstance(table, dict):
        raise SettingsError(f"{name}: [tool.mlroadmap] must be a table")
    keys = [key.replace("-", "_") for key in table]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise SettingsError(f"{name}: [tool.mlroadmap] sets {twice[0].replace('_', '-')} twice (spelled with - and _)")
    try:
        settings = CheckSettings.model_validate({key.replace("-", "_"): value for key, value in table.items()})
    except ValidationError as error:
        from .loader import _message

        first = error.errors()[0]
        if first["type"] == "extra_forbidden":
            from .suggest import Suggester

            known = [key.replace("_", "-") for key in CheckSettings.model_fields]
            raise SettingsError(f"{name}: [tool.mlroadmap] unknown key {first['loc'][0]!r}{Suggester().hint(str(first['loc'][0]), known)}") from None
        message = _message(first, first["loc"], first["type"])  # the words validate uses
        snake = ".".join(map(str, first["loc"]))
        raise SettingsError(f"{name}: [tool.mlroadmap] {message.replace(snake, snake.replace('_', '-'), 1)}") from None
    return settings.model_dump(exclude_none=True)


@dataclass(frozen=True)
class Waiver:
    subject: Any
    key: str  # as written
    rule: Rule | None
    reason: str
    location: Location


@dataclass(frozen=True)
class Waived:
    diagnostic: Diagnostic
    reason: str


@dataclass(frozen=True)
class GroupResult:
    group: Group
    rules: int  # rules of the group that ran
    errors: int
    warnings: int
    infos: int
    applies: bool = True  # False: the roadmap has nothing this section is about (no models, ...)

    @property
    def satisfied(self) -> bool:
        return self.applies and self.errors == 0 and self.warnings == 0

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.group.id, "title": self.group.title, "source": self.group.source, "rules": self.rules,
                "applies": self.applies, "satisfied": self.satisfied,
                "errors": self.errors, "warnings": self.warnings, "infos": self.infos}


@dataclass
class CheckReport:
    roadmap: str
    as_of: dt.date
    files: list[str]
    found: list[Diagnostic]  # every problem, sorted by checklist section then position
    minimum: str  # the least severe problem shown ("info": all)
    waived: list[Waived]
    groups: list[GroupResult]  # every scored section with at least one rule run
    planned_split: tuple[float, float] | None
    actual_split: ActualSplit | None
    rules_run: dict[str, str]  # rule id -> severity, of every rule that ran
    dates: str = "dependencies"  # the projection the rules' dates come from (mlroadmap.analysis.Dates)
    strict: bool = False  # warnings fail it too (check --strict)

    @property
    def problems(self) -> list[Diagnostic]:
        """The problems shown: at least as severe as ``minimum``."""
        return [problem for problem in self.found if RANK[problem.severity] <= RANK[self.minimum]]

    @property
    def hidden(self) -> int:
        return len(self.found) - len(self.problems)

    @property
    def scored(self) -> list[GroupResult]:
        """The sections that apply to this roadmap: the score's denominator."""
        return [group for group in self.groups if group.applies]

    @property
    def satisfied(self) -> int:
        return sum(group.satisfied for group in self.groups)

    def count(self, severity: str) -> int:
        return sum(problem.severity == severity for problem in self.found)

    def passed(self, strict: bool = False) -> bool:
        """No error shown (with ``strict``, no warning either). Problems hidden by
        ``minimum`` do not fail the run: what is not shown cannot be fixed."""
        failing = ("error", "warning") if strict else ("error",)
        return not any(problem.severity in failing for problem in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "roadmap": self.roadmap,
            "as_of": self.as_of.isoformat(),
            "dates": self.dates,
            **assuming(self.dates),
            "files": self.files,
            "score": {"satisfied": self.satisfied, "sections": len(self.scored)},
            "sections": [group.to_dict() for group in self.groups],
            "split": {
                "planned": {"explore": self.planned_split[0], "exploit": self.planned_split[1]} if self.planned_split else None,
                "actual": self.actual_split.to_dict() if self.actual_split else None,
            },
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "infos": self.count("info"),
            "hidden": self.hidden,
            "problems": [{**problem.to_dict(), "group": RULES[problem.code].group} for problem in self.problems],
            "waived": [{**item.diagnostic.to_dict(), "reason": item.reason} for item in self.waived],
            "rules_run": self.rules_run,
        }


def check(context: Analysis, *, minimum: str = "info", strict: bool = False) -> CheckReport:
    """Run the enabled rules on the analysis of a valid roadmap: its dates, graph and
    settings (default: the built-in ones) are the ones the caller's other views show.
    ``minimum`` hides less severe problems (the score still counts them); ``strict`` makes
    warnings fail it. Settings built with :meth:`Settings.update` (or :func:`settings_for`)
    name existing rules; others may raise :class:`UnknownRule`. (The analysis's
    :attr:`~mlroadmap.analysis.Analysis.checks` is this with the defaults.)"""
    roadmap = context.roadmap
    if context.settings is None:
        context.settings = Settings()  # the rules read it
    settings = context.settings
    enabled = settings.enabled()
    as_of = context.as_of
    by_subject, found = _index_waivers(_waivers(roadmap), enabled)
    used: set[int] = set()
    fired: dict[str, list[str]] = {}  # rule id -> subjects it reported (for stale waivers' hints)
    waived: list[Waived] = []
    with paused_gc():
        for rule_id, severity in enabled.items():
            for finding in RULES[rule_id].check(context):
                diagnostic = Diagnostic(
                    roadmap.locate(finding.subject, *finding.path, at_key=finding.at_key), finding.message, rule_id, severity,  # type: ignore[arg-type]
                    subject=getattr(finding.subject, "id", "roadmap"), path=finding.path + ((finding.key,) if finding.key else ()),
                )
                waiver = by_subject.get(id(finding.subject), {}).get(rule_id)
                if waiver is not None:
                    used.add(id(waiver))
                    waived.append(Waived(diagnostic, waiver.reason))
                else:
                    found.append(diagnostic)
                    fired.setdefault(rule_id, []).append(diagnostic.subject)  # type: ignore[arg-type]
    reported: dict[str, list[str]] = {}  # rule id -> the subjects it reported, sorted once
    for subject_waivers in by_subject.values():
        for waiver in subject_waivers.values():
            if id(waiver) not in used and waiver.rule is not None and waiver.rule.id in enabled and "MLR002" in enabled:
                if waiver.rule.id not in reported:
                    reported[waiver.rule.id] = sorted(set(fired.get(waiver.rule.id, [])))
                elsewhere = reported[waiver.rule.id]
                hint = f"; the rule reports {_listed(elsewhere)}: waive it there" if elsewhere else "; remove it"
                found.append(_meta(waiver, "MLR002", enabled, f"waiver for {waiver.rule.id} ({waiver.rule.name}) waives nothing here{hint}"))
    order = {group: index for index, group in enumerate(GROUPS)}
    # Plain tuples as the key: comparing Location dataclasses is several times slower, and a
    # roadmap can have tens of thousands of problems.
    found = sorted(set(found), key=lambda d: (order[RULES[d.code].group], d.location.file, d.location.line, d.location.column, d.code, d.message))
    groups = []
    for group in GROUPS.values():
        ran = [rule_id for rule_id in enabled if RULES[rule_id].group == group.id]
        if group.scored and ran:
            mine = [d for d in found if RULES[d.code].group == group.id]
            errors, warnings, infos = (sum(d.severity == level for d in mine) for level in ("error", "warning", "info"))
            groups.append(GroupResult(group, len(ran), errors, warnings, infos, applies=bool(mine) or group.applies(roadmap)))
    split = roadmap.info.split
    return CheckReport(
        roadmap=roadmap.info.name,
        as_of=as_of,
        files=[source.name for source in roadmap.files],
        found=found,
        minimum=minimum,
        waived=sorted(waived, key=lambda w: (w.diagnostic.location, w.diagnostic.code)),
        groups=groups,
        planned_split=(split.explore, split.exploit) if split else None,
        actual_split=actual_split(roadmap),
        rules_run=enabled,
        dates=context.dates,
        strict=strict,
    )


@dataclass
class NotChecked:
    """One of several roadmaps that `check` could not run on, and why: its problems as
    `validate` reports them (or a schedule past the year 9999)."""

    roadmap: str | None  # its name, when its header could be read
    files: list[str]
    problems: list[Diagnostic]

    def to_dict(self) -> dict[str, Any]:
        # The JSON of `check` on one invalid roadmap, so a script reads both the same way.
        return {"valid": False, "roadmap": self.roadmap, "files": self.files, "errors": sum(d.severity == "error" for d in self.problems),
                "problems": [d.to_dict() for d in self.problems], "passed": False}


@dataclass
class Checks:
    """`check` on several roadmaps at once (a monorepo's): each one's report, or why it has
    none, in the order they were found. It passes when every one of them passes."""

    checked: list[CheckReport | NotChecked]
    strict: bool = False

    @property
    def reports(self) -> list[CheckReport]:
        return [one for one in self.checked if isinstance(one, CheckReport)]

    @property
    def problems(self) -> list[Diagnostic]:
        """Every problem shown, roadmap by roadmap."""
        return [problem for one in self.checked for problem in one.problems]

    def passed(self, strict: bool = False) -> bool:
        return all(isinstance(one, CheckReport) and one.passed(strict) for one in self.checked)

    def to_dict(self) -> dict[str, Any]:
        return {"roadmaps": [{"valid": True, **one.to_dict(), "passed": one.passed(self.strict)} if isinstance(one, CheckReport)
                             else one.to_dict() for one in self.checked],
                "passed": self.passed(self.strict)}


def _index_waivers(waivers: list[Waiver], enabled: dict[str, str]) -> tuple[dict[int, dict[str, Waiver]], list[Diagnostic]]:
    """id(subject) -> rule id -> its waiver; and the problems with the waivers themselves
    (a rule that does not exist, a rule waived twice on one entry)."""
    by_subject: dict[int, dict[str, Waiver]] = {}
    problems: list[Diagnostic] = []
    for waiver in waivers:
        if waiver.rule is None:
            if "MLR001" in enabled:
                problems.append(_meta(waiver, "MLR001", enabled, f"waiver for {waiver.key!r}: no such rule{_rule_hint(waiver.key)}"))
            continue
        mine = by_subject.setdefault(id(waiver.subject), {})
        if waiver.rule.id in mine:
            if "MLR002" in enabled:
                problems.append(_meta(waiver, "MLR002", enabled, f"waiver for {waiver.rule.id} ({waiver.rule.name}) is given twice here; remove one"))
            continue
        mine[waiver.rule.id] = waiver
    return by_subject, problems


def _listed(subjects: list[str]) -> str:
    shown = ", ".join("the roadmap header" if name == "roadmap" else repr(name) for name in subjects[:3])
    return shown + (f" and {len(subjects) - 3} more" if len(subjects) > 3 else "")


def _meta(waiver: Waiver, code: str, enabled: dict[str, str], message: str) -> Diagnostic:
    """A problem with a waiver itself (MLR001, MLR002), at the waiver."""
    subject = getattr(waiver.subject, "id", "roadmap")
    return Diagnostic(waiver.location, message, code, enabled[code], subject=subject, path=("waive", waiver.key))  # type: ignore[arg-type]


def _rule_hint(key: str) -> str:
    """"Did you mean" for a rule name; an id (MLR245) is a number, not a word to correct."""
    if key.upper().startswith("MLR"):
        return "; `mlroadmap rules` lists them"
    from .suggest import Suggester

    return Suggester().hint(key, [rule.name for rule in RULES.values()]) or "; `mlroadmap rules` lists them"


def _waivers(roadmap: Roadmap) -> list[Waiver]:
    subjects: list[Any] = [roadmap.info] + [entity for _section, entity in roadmap.entities()]
    found = []
    for subject in subjects:
        for key, reason in (getattr(subject, "waive", None) or {}).items():
            found.append(Waiver(subject, key, rule_for(key), reason, roadmap.locate(subject, "waive", key, at_key=True)))
    return found


def settings_for(roadmap: Roadmap, paths: list[str]) -> Settings:
    """Settings from pyproject.toml (nearest to the first path) and the roadmap's header."""
    settings = Settings()
    start = paths[0] if paths and paths[0] != "-" else "."
    found = pyproject_settings(start)
    if found is not None:
        settings.update(found[0], f"{found[1]} [tool.mlroadmap]")
    if roadmap.info.checks is not None:
        where = roadmap.locate(roadmap.info, "checks")
        settings.update(roadmap.info.checks.model_dump(exclude_none=True), f"{where}: checks")
    return settings
