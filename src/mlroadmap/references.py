"""Checks that need the whole roadmap: ids, references, dependency cycles, dates, quarters.

Every check is linear in the size of the roadmap (a dict of ids, one pass over the
entities, one iterative depth-first search), so ``validate`` stays fast at 50,000 items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from .diagnostics import Diagnostic
from .loader import LoadResult, Roadmap
from .model import SINGULAR, STANDARD_TRACKS, UNSTARTED, WORK_SECTIONS, Dataset, Model, Monitor, Work, a_kind, branches, dependencies
from .suggest import Suggester
from .values import MAX_PERIOD_QUARTERS, Quarter


def check_references(result: LoadResult, elsewhere: dict[str, str] | None = None) -> list[Diagnostic]:
    """Problems across the whole roadmap. ``elsewhere`` maps ids to the name of another
    roadmap checked in the same run, to explain a reference that crosses roadmaps."""
    roadmap = result.roadmap
    if roadmap is None:
        return []
    return list(_Checker(roadmap, result, elsewhere or {}).run())


class _Checker:
    def __init__(self, roadmap: Roadmap, result: LoadResult, elsewhere: dict[str, str]):
        self.roadmap = roadmap
        self.elsewhere = elsewhere
        # Without its header the roadmap is incomplete (one file of a directory given on
        # its own, most likely): its unknown ids would only be noise.
        self.report_unknown = roadmap.header is not None
        # ids written in entries (or files) that failed: references to them are not reported.
        self.unverified = result.unverified_ids
        self.sections_of: dict[str, str] = {}
        self.by_id: dict[str, Any] = {}
        self.suggester = Suggester()
        self._ids_of_kind: dict[tuple[str, ...], list[str]] = {}
        self._index: dict[str, tuple[str, Any]] | None = None  # for the scenarios' assumptions

    def run(self) -> Iterator[Diagnostic]:
        yield from self._ids()
        yield from self._references()
        yield from self._dates()
        yield from self._quarters()
        yield from self._cycles()
        yield from self._check_settings()

    def _check_settings(self) -> Iterator[Diagnostic]:
        """`checks:` in the header names rules that exist (so `check` never meets a typo)."""
        info = self.roadmap.header
        if info is None or info.checks is None:
            return
        from .rules import UnknownRule, resolve

        checks = info.checks
        written: list[tuple[tuple[str, str | int], str]] = [(("select", index), selector) for index, selector in enumerate(checks.select or [])]
        written += [(("ignore", index), selector) for index, selector in enumerate(checks.ignore)]
        written += [(("severity", selector), selector) for selector in checks.severity]
        for path, selector in written:
            try:
                resolve(selector)
            except UnknownRule as error:
                where = self.roadmap.locate(info, "checks", *path, at_key=path[0] == "severity")
                yield Diagnostic(where, f"checks.{path[0]}: {error}", "unknown-reference")

    # --- ids -----------------------------------------------------------------------------

    def _ids(self) -> Iterator[Diagnostic]:
        roadmap = self.roadmap
        for section, entity in roadmap.entities():
            ident = entity.id
            if section == "tracks" and ident in STANDARD_TRACKS:
                yield Diagnostic(
                    roadmap.locate(entity, "id"),
                    f"track {ident!r} is a standard track already ({STANDARD_TRACKS[ident]}); give the custom track another id",
                    "duplicate-id",
                )
                continue
            first = self.by_id.get(ident)
            if first is not None:
                where = roadmap.locate(first, "id")
                # A person who is also a stakeholder is the commonest reason to write an id twice.
                pair = {section, self.sections_of[ident]} == {"people", "stakeholders"}
                hint = f"; a stakeholder who is this person needs an id of its own and `person: {ident}`" if pair else ""
                yield Diagnostic(
                    roadmap.locate(entity, "id"),
                    f"duplicate id {ident!r}: already used by {a_kind(self.sections_of[ident])} at {where}{hint}",
                    "duplicate-id",
                    related=(where,),
                )
                continue
            self.by_id[ident] = entity
            self.sections_of[ident] = section

    # --- references ----------------------------------------------------------------------

    def _ref(self, entity: Any, path: tuple, target: str | None, allowed: tuple[str, ...], what: str) -> Iterator[Diagnostic]:
        """Check that ``target`` is the id of an entity in one of the ``allowed`` sections."""
        if target is None:
            return
        section = self.sections_of.get(target)
        if section in allowed:
            return
        if section is not None:
            yield Diagnostic(
                self.roadmap.locate(entity, *path),
                f"{what}: {target!r} is {a_kind(section)}, not {_expected(allowed)}{self._as_stakeholder(target, section, allowed)}",
                "wrong-reference",
            )
            return
        if target in self.unverified or not self.report_unknown:
            return
        if target in self.elsewhere:
            yield Diagnostic(
                self.roadmap.locate(entity, *path),
                f"{what}: {target!r} is defined in another roadmap, {self.elsewhere[target]!r}; references cannot cross roadmaps",
                "unknown-reference",
            )
            return
        noun = "id" if allowed == WORK_SECTIONS else _or(SINGULAR[s] for s in allowed)
        hint = self._did_you_mean(target, allowed)
        if not hint and allowed != WORK_SECTIONS:
            hint = f"; declare it under {_or(f'{section}:' for section in allowed)}"
        yield Diagnostic(self.roadmap.locate(entity, *path), f"{what}: unknown {noun} {target!r}{hint}", "unknown-reference")

    def _as_stakeholder(self, target: str, section: str, allowed: tuple[str, ...]) -> str:
        """For a person named where a stakeholder is expected: the stakeholder they are, or how to make one."""
        if section != "people" or allowed != ("stakeholders",):
            return ""
        holders = [holder.id for holder in self.roadmap.stakeholders if holder.person == target]
        if holders:
            return f"; the stakeholder who is this person is {holders[0]!r}"
        return f"; to let them sign off, add a stakeholder with `person: {target}`"

    def _refs(self, entity: Any, field: str, allowed: tuple[str, ...], what: str | None = None) -> Iterator[Diagnostic]:
        targets = getattr(entity, field)
        seen: set[str] = set()
        for index, target in enumerate(targets):
            if target in seen:
                yield Diagnostic(self.roadmap.locate(entity, field, index), f"{what or field}: {target!r} is listed twice", "duplicate-reference")
                continue
            seen.add(target)
            where = (field, index, "id") if getattr(target, "lag", None) is not None else (field, index)  # {id: ..., lag: ...}
            yield from self._ref(entity, where, target, allowed, what or field)

    def _did_you_mean(self, target: str, allowed: tuple[str, ...]) -> str:
        if allowed not in self._ids_of_kind:
            self._ids_of_kind[allowed] = [i for i, s in self.sections_of.items() if s in allowed]
        return self.suggester.hint(target, self._ids_of_kind[allowed])

    def _references(self) -> Iterator[Diagnostic]:
        roadmap = self.roadmap
        people = ("people", "teams")
        owners_checked = roadmap.staffed
        custom_tracks = {track.id for track in roadmap.tracks}
        for section, entity in roadmap.entities():
            if isinstance(entity, Work):
                yield from self._refs(entity, "depends_on", WORK_SECTIONS)
                yield from self._ref(entity, ("outcome",), entity.outcome, ("outcomes",), "outcome")
                if not (isinstance(entity, Dataset) and entity.labelling_work):  # labelling.by is checked below
                    yield from self._refs(entity, "assignees", people)
                yield from self._refs(entity, "any_of", people)
                track = entity.track
                if track is not None and track not in STANDARD_TRACKS and track not in custom_tracks:
                    yield Diagnostic(
                        roadmap.locate(entity, "track"),
                        f"track: unknown track {track!r}{self.suggester.hint(track, [*STANDARD_TRACKS, *custom_tracks])}; "
                        f"the standard tracks are {', '.join(STANDARD_TRACKS)}, custom ones are declared under 'tracks:'",
                        "unknown-reference",
                    )
            if owners_checked and getattr(entity, "owner", None) is not None and section not in ("tracks",):
                yield from self._ref(entity, ("owner",), entity.owner, ("people", "teams", "stakeholders"), "owner")
            if section in ("items", "monitors", "experiments"):
                yield from self._ref(entity, ("model",), entity.model, ("models",), "model")
            if section in ("audits", "privacy_assessments", "regulations"):
                yield from self._refs(entity, "models", ("models",))
            if section in ("models", "privacy_assessments", "policies"):
                yield from self._refs(entity, "datasets", ("datasets",))
            if section == "datasets" and entity.labelling is not None:
                yield from self._ref(entity, ("labelling", "by"), entity.labelling.by, people, "labelling.by")
            if section == "mitigations":
                yield from self._ref(entity, ("audit",), entity.audit, ("audits",), "audit")
                yield from self._ref(entity, ("risk",), entity.risk, ("risks",), "risk")
            elif section == "decisions":
                yield from self._refs(entity, "sign_off", ("stakeholders",), "sign_off")
                yield from self._branches(entity)
            elif section == "risks":
                yield from self._refs(entity, "affects", WORK_SECTIONS)
                if entity.delay is not None:
                    yield from self._delay(entity)
            elif section == "teams":
                yield from self._refs(entity, "members", ("people",))
            elif section == "stakeholders":
                yield from self._ref(entity, ("person",), entity.person, ("people",), "person")
            elif section == "training_needs":
                yield from self._refs(entity, "people", ("people",))
            elif section == "freezes":
                yield from self._freeze_tracks(entity, custom_tracks)
            elif section == "scenarios":
                yield from self._scenario(entity)
            if section == "models":
                yield from self._model_metrics(entity)
                yield from self._challenges(entity)
            elif section == "monitors":
                yield from self._ref(entity, ("dataset",), entity.dataset, ("datasets",), "dataset")
                yield from self._monitor_metric(entity)

    def _challenges(self, model: Any) -> Iterator[Diagnostic]:
        if model.challenges == model.id:
            yield Diagnostic(self.roadmap.locate(model, "challenges"),
                             f"challenges: {model.id!r} is this model; name the champion it would replace", "wrong-reference")
            return
        yield from self._ref(model, ("challenges",), model.challenges, ("models",), "challenges")

    def _freeze_tracks(self, freeze: Any, custom_tracks: set[str]) -> Iterator[Diagnostic]:
        known = [*STANDARD_TRACKS, *custom_tracks]
        for index, track in enumerate(freeze.tracks):
            if track not in known:
                yield Diagnostic(
                    self.roadmap.locate(freeze, "tracks", index),
                    f"tracks: unknown track {track!r}{self.suggester.hint(track, known)}; "
                    f"the standard tracks are {', '.join(STANDARD_TRACKS)}, custom ones are declared under 'tracks:'",
                    "unknown-reference",
                )

    def _scenario(self, scenario: Any) -> Iterator[Diagnostic]:
        if not self.report_unknown:
            return
        from .scenarios import conflicting, problems, too_far

        if self._index is None:  # once for all the scenarios: the ids as the checker found them first
            self._index = {ident: (self.sections_of[ident], entity) for ident, entity in self.by_id.items()}
        for index, assumption in enumerate(scenario.assume):
            for path, message in problems(self.roadmap, assumption, self._index, self.unverified):
                yield Diagnostic(self.roadmap.locate(scenario, "assume", index, *path), message, "unknown-reference")
        far = too_far(list(scenario.assume))
        if far is not None:
            yield Diagnostic(self.roadmap.locate(scenario, "assume", far[0], "by"), far[1], "dates")
        both = conflicting(list(scenario.assume))
        if both is not None:
            yield Diagnostic(self.roadmap.locate(scenario, "assume", both[0], "answer"), both[1], "wrong-reference")

    def _branches(self, decision: Any) -> Iterator[Diagnostic]:
        """The work a decision's answers lead to: known work, other than the decision, each
        on one answer's side."""
        yield from self._refs(decision, "if_yes", WORK_SECTIONS)
        yield from self._refs(decision, "if_no", WORK_SECTIONS)
        for key, index, ident in branches(decision):
            if ident == decision.id:
                yield Diagnostic(self.roadmap.locate(decision, key, index),
                                 f"{key}: {ident!r} is this decision; list the work that follows its answer", "wrong-reference")
            elif key == "if_no" and ident in decision.if_yes:
                yield Diagnostic(self.roadmap.locate(decision, key, index),
                                 f"if_no: {ident!r} is in if_yes too; work that follows either answer belongs in neither",
                                 "duplicate-reference")
        if decision.chance is not None and not decision.branches and self.roadmap.complete(decision, "if_yes") and self.roadmap.complete(decision, "if_no"):
            yield Diagnostic(self.roadmap.locate(decision, "chance"),
                             "chance: the decision leads to no work (no if_yes or if_no), so there is no answer to draw",
                             "wrong-reference")

    def _delay(self, risk: Any) -> Iterator[Diagnostic]:
        """A risk's delay names work that takes time, and adds at least a day to it."""
        roadmap = self.roadmap
        delay = risk.delay
        if delay.by.days < 1:
            yield Diagnostic(roadmap.locate(risk, "delay", "by"), f"delay by {delay.by} is shorter than a day: a delay adds at least 1d", "dates")
        if delay.work is None and not risk.affects:
            yield Diagnostic(roadmap.locate(risk, "delay"), "delay names no work: list the work it delays in delay.work, or in the risk's affects",
                             "unknown-reference")
            return
        if delay.work is not None and not delay.work:
            yield Diagnostic(roadmap.locate(risk, "delay", "work"), "delay.work is empty: name the work it delays, or leave it out "
                             "to delay the work in the risk's affects", "unknown-reference")
            return
        seen: set[str] = set()
        for index, target in enumerate(delay.work or []):
            if target in seen:
                yield Diagnostic(roadmap.locate(risk, "delay", "work", index), f"delay.work: {target!r} is listed twice", "duplicate-reference")
                continue
            seen.add(target)
            yield from self._ref(risk, ("delay", "work", index), target, WORK_SECTIONS, "delay.work")

    def _model_metrics(self, model: Model) -> Iterator[Diagnostic]:
        if not self.roadmap.complete(model, "metrics"):
            return
        names: dict[str, int] = {}
        for index, metric in enumerate(model.metrics):
            if metric.name in names:
                yield Diagnostic(
                    self.roadmap.locate(model, "metrics", index, "name"),
                    f"metric {metric.name!r} appears twice in model {model.id!r}",
                    "duplicate-id",
                )
            names.setdefault(metric.name, index)
            yield from self._ref(model, ("metrics", index, "evaluated_on"), metric.evaluated_on, ("datasets",), "evaluated_on")
            for step, contribution in enumerate(metric.drives):
                yield from self._ref(model, ("metrics", index, "drives", step, "outcome"), contribution.outcome, ("outcomes",), "drives")
        for index, threshold in enumerate(model.thresholds):
            if threshold.metric not in names:
                yield Diagnostic(
                    self.roadmap.locate(model, "thresholds", index, "metric"),
                    f"threshold on unknown metric {threshold.metric!r}{self.suggester.hint(threshold.metric, list(names))}; "
                    f"model {model.id!r} has metrics: {', '.join(names) or 'none'}",
                    "unknown-reference",
                )

    def _monitor_metric(self, monitor: Monitor) -> Iterator[Diagnostic]:
        if monitor.metric is None or monitor.model is None:
            return
        model = self.by_id.get(monitor.model)
        if not isinstance(model, Model) or not self.roadmap.complete(model, "metrics"):
            return
        names = [metric.name for metric in model.metrics]
        if monitor.metric not in names:
            yield Diagnostic(
                self.roadmap.locate(monitor, "metric"),
                f"metric: model {model.id!r} has no metric {monitor.metric!r}{self.suggester.hint(monitor.metric, names)}",
                "unknown-reference",
            )

    # --- dates and quarters --------------------------------------------------------------

    def _dates(self) -> Iterator[Diagnostic]:
        roadmap = self.roadmap
        for section in WORK_SECTIONS:
            for entity in roadmap.sections[section]:
                start, end, duration = entity.start, entity.end, entity.duration
                if entity.estimate is not None:
                    yield from self._estimate(entity)
                if start and end and end < start:
                    yield Diagnostic(roadmap.locate(entity, "end"), f"end {end} is before start {start}", "dates")
                elif start and end and duration and getattr(entity, "cadence", None) is None:
                    # (Recurring work's `end` is the last day it recurs; its `duration` is one occurrence's.)
                    try:
                        implied = start + dt.timedelta(days=max(duration.days - 1, 0))
                    except OverflowError:
                        yield Diagnostic(roadmap.locate(entity, "duration"), f"start {start} + duration {duration} is past the year 9999", "dates")
                        continue
                    if implied != end:
                        yield Diagnostic(
                            roadmap.locate(entity, "end"),
                            f"end {end} contradicts start {start} + duration {duration} (which ends {implied}); give two of start, end and duration",
                            "dates",
                        )
        for freeze in roadmap.freezes:
            if freeze.end < freeze.start:
                yield Diagnostic(roadmap.locate(freeze, "end"), f"end {freeze.end} is before start {freeze.start}: "
                                 "a freeze's end is its last day", "dates")
        for person in roadmap.people:
            if person.joins is not None and person.leaves is not None and person.leaves < person.joins:
                yield Diagnostic(roadmap.locate(person, "leaves"), f"leaves {person.leaves} is before joins {person.joins}: "
                                 "leaves is their last day on the team, joins their first", "dates")
            for index, absence in enumerate(person.off):
                if absence.end < absence.start:
                    yield Diagnostic(roadmap.locate(person, "off", index, "end"), f"end {absence.end} is before start {absence.start}", "dates")

    def _estimate(self, entity: Any) -> Iterator[Diagnostic]:
        """A three-point estimate: instead of a fixed length, each point at least a day,
        low <= likely <= high."""
        roadmap = self.roadmap
        estimate = entity.estimate
        for other in ("duration", "end"):
            if getattr(entity, other) is not None and not (other == "end" and getattr(entity, "cadence", None) is not None):
                yield Diagnostic(roadmap.locate(entity, "estimate"), f"estimate and {other} are both given: an estimate replaces "
                                 f"the {'duration' if other == 'duration' else 'end date'}; keep one of them", "dates")
        too_short = [point for point in ("low", "likely", "high") if getattr(estimate, point).days < 1]
        for point in too_short:
            yield Diagnostic(roadmap.locate(entity, "estimate", point),
                             f"estimate {point} {getattr(estimate, point)} is shorter than a day: each of low, likely and high is at least 1d", "dates")
        if too_short:
            return  # one problem per point
        for smaller, larger in (("low", "likely"), ("likely", "high")):
            if getattr(estimate, smaller).days > getattr(estimate, larger).days:
                yield Diagnostic(roadmap.locate(entity, "estimate", larger),
                                 f"estimate {larger} {getattr(estimate, larger)} is shorter than {smaller} {getattr(estimate, smaller)}: "
                                 "write low <= likely <= high", "dates")

    def _quarters(self) -> Iterator[Diagnostic]:
        roadmap = self.roadmap
        if roadmap.header is None:
            return
        period = roadmap.info.period
        first, last = Quarter(period.start), Quarter(period.end)
        if last < first:
            yield Diagnostic(roadmap.locate(roadmap.info, "period", "end"), f"period ends ({last}) before it starts ({first})", "dates")
            return
        quarters = (last.year - first.year) * 4 + last.number - first.number + 1
        if quarters > MAX_PERIOD_QUARTERS:
            # Recurring work recurs to the period's end and the load is drawn month by month
            # over it: a period of centuries would cost minutes, for no plan anyone keeps.
            index = first.year * 4 + first.number - 1 + MAX_PERIOD_QUARTERS - 1  # quarters counted from year 0
            limit = Quarter(f"{index // 4}-Q{index % 4 + 1}")
            yield Diagnostic(roadmap.locate(roadmap.info, "period", "end"),
                             f"period {first} to {last} is {quarters:,} quarters; a roadmap plans at most {MAX_PERIOD_QUARTERS} "
                             f"({MAX_PERIOD_QUARTERS // 4} years): end it by {limit}, and keep the years after in a roadmap of their own",
                             "dates")
            return
        span = f"the roadmap's period is {first} to {last}"
        for quarter in roadmap.info.compute_budget:
            if not first <= quarter <= last:
                yield Diagnostic(roadmap.locate(roadmap.info, "compute_budget", quarter, at_key=True),
                                 f"compute budget for {quarter} is outside the roadmap ({span})", "quarter-range")
        for outcome in roadmap.outcomes:
            if not first <= outcome.due <= last:
                yield Diagnostic(roadmap.locate(outcome, "due"), f"due quarter {outcome.due} is outside the roadmap ({span})", "quarter-range")
        for model in roadmap.models:
            for index, metric in enumerate(model.metrics):
                for quarter in metric.targets:
                    if not first <= quarter <= last:
                        yield Diagnostic(
                            roadmap.locate(model, "metrics", index, "targets", quarter, at_key=True),
                            f"target for {quarter} is outside the roadmap ({span})",
                            "quarter-range",
                        )

    # --- cycles --------------------------------------------------------------------------

    def _cycles(self) -> Iterator[Diagnostic]:
        graph: dict[str, list[str]] = {}
        for section in WORK_SECTIONS:
            for entity in self.roadmap.sections[section]:
                ident = entity.id
                if self.by_id.get(ident) is entity:
                    graph[ident] = [d for d in dict.fromkeys(dependencies(section, entity)) if self.sections_of.get(d) in WORK_SECTIONS]
        # A decision's branch work waits for it (graph.build_graph): (work, decision) -> where the branch names it.
        waits: dict[tuple[str, str], tuple[str, int]] = {}
        for decision in self.roadmap.decisions:
            if self.by_id.get(decision.id) is not decision:
                continue
            for key, index, ident in branches(decision):
                work = self.by_id.get(ident)
                if (ident != decision.id and ident in graph and getattr(work, "status", None) in UNSTARTED
                        and decision.id not in graph[ident]):
                    graph[ident].append(decision.id)
                    waits[ident, decision.id] = (key, index)
        for cycle in find_cycles(graph):
            entity = self.by_id[cycle[0]]
            section = self.sections_of[cycle[0]]
            successor = cycle[1 % len(cycle)]
            if (cycle[0], successor) in waits:  # it waits for a decision whose branch names it
                key, index = waits[cycle[0], successor]
                where = self.roadmap.locate(self.by_id[successor], key, index)
            else:
                field = "depends_on" if successor in entity.depends_on or section != "models" else "datasets"
                where = self.roadmap.locate(entity, field, getattr(entity, field).index(successor))
            yield Diagnostic(where, "dependency cycle: " + " -> ".join([*cycle, cycle[0]]), "cycle")


def find_cycles(graph: dict[str, list[str]], limit: int = 50) -> list[list[str]]:
    """The cycles closed by each back edge of an iterative depth-first search (no
    recursion limit, O(nodes + edges)). Each cycle starts at its earliest node in
    ``graph`` order, so messages are stable from run to run."""
    order = {node: index for index, node in enumerate(graph)}
    done: set[str] = set()
    cycles: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    for root in graph:
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root: 0}
        iterators = [iter(graph[root])]
        while iterators:
            for successor in iterators[-1]:
                if successor in on_path:
                    cycle = path[on_path[successor] :]
                    first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
                    cycle = cycle[first:] + cycle[:first]
                    if tuple(cycle) not in seen:
                        seen.add(tuple(cycle))
                        cycles.append(cycle)
                    if len(cycles) >= limit:
                        return cycles
                elif successor not in done and successor in graph:
                    on_path[successor] = len(path)
                    path.append(successor)
                    iterators.append(iter(graph[successor]))
                    break
            else:
                finished = path.pop()
                del on_path[finished]
                done.add(finished)
                iterators.pop()
    return cycles


def _or(words: Iterable[str]) -> str:
    listed = list(words)
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " or " + listed[-1]


def _expected(allowed: tuple[str, ...]) -> str:
    if allowed == WORK_SECTIONS:
        return "work (an item, model, dataset, audit, experiment, decision, ...)"
    return _or(a_kind(section) for section in allowed)
