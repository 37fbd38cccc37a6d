"""One analysis of a roadmap as of one day: every command, report, rule and API function
reads its dates, graph, blockers, checks and the team's load from here.

Each analysis is computed on first use and kept, so a command pays only for what it
shows, and two parts of one report can never disagree about a date.

**One set of dates.** :attr:`Analysis.schedule` is *the* projection every view shows.
It is ``"capacity"`` (the levelled schedule: nobody booked past capacity, see
:mod:`mlroadmap.levelling`) when the roadmap declares people or teams, since only then does
the team's size mean something, and ``"dependencies"`` (the critical path method alone,
see :mod:`mlroadmap.schedule`) otherwise. Every dated command takes ``--dates`` to choose
the other one and says which one it shows (a line in text, ``"dates"`` in JSON).
:attr:`Analysis.by_dependencies` stays available for what is defined on the plan as
written, such as who the plan over-books, and for the views that compare both.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .model import in_play
from .projection import DATES, DATES_WORDS, Dates, Projection, assuming, dates_words

__all__ = ["DATES", "DATES_WORDS", "Analysis", "Dates", "Projection", "assuming", "dates_words", "default_dates"]

if TYPE_CHECKING:
    import networkx as nx

    from .calendar import RoadmapEvents
    from .capacity import CapacityReport, Period
    from .check import CheckReport, Settings
    from .compute import ComputePlan
    from .critical_path import CriticalPath
    from .drivers import Driver
    from .forecast import Forecast
    from .graph import Blocker
    from .levelling import Bookings, OverAllocation, Staff
    from .loader import Roadmap
    from .schedule import Schedule
    from .values import Quarter

def default_dates(roadmap: Roadmap) -> Dates:
    """The projection a roadmap's views show unless told otherwise (see the module's docstring)."""
    return "capacity" if roadmap.staffed else "dependencies"


class Analysis:
    """A valid roadmap as of ``as_of`` (default today), with the team's check ``settings``
    (default: the built-in ones) and the projection ``dates`` (default: :func:`default_dates`)."""

    def __init__(self, roadmap: Roadmap, as_of: dt.date | None = None, settings: Settings | None = None, *,
                 dates: Dates | None = None):
        if roadmap.header is None:
            raise ValueError("analyses need a roadmap that validated: this one has no 'roadmap:' header")
        from .branches import followed, taken

        # `given` as loaded (or as a scenario made it); `roadmap` with each decision's
        # untaken branch left out, which every view, rule and schedule reads.
        self.given = roadmap
        self.roadmap = taken(roadmap)
        self.info = roadmap.info
        self.as_of = as_of or dt.date.today()
        self.settings = settings
        if dates is not None and dates not in DATES:
            raise ValueError(f"dates: {dates!r} is not one of {', '.join(DATES)}")
        self.dates: Dates = Projection(dates or default_dates(roadmap), roadmap.assuming,  # type: ignore[assignment]
                                       followed(self.roadmap))

    def answered(self, answers: dict[str, str]) -> Analysis:
        """The same analysis (as-of day, settings, projection) of the roadmap with the
        decisions ``answers`` names answered so (decision id -> "yes" or "no")."""
        from .branches import answer

        return Analysis(answer(self.given, answers), self.as_of, self.settings, dates=self.dates)

    @property
    def staffed(self) -> bool:
        """People or teams are declared: the capacity projection means something."""
        return self.roadmap.staffed

    @property
    def dates_words(self) -> str:
        """"with the team's capacity" or "by dependencies alone" (and what a scenario assumes)."""
        return dates_words(self.dates)

    # --- the graph and the dates ---------------------------------------------------------

    @cached_property
    def graph(self) -> nx.DiGraph:
        from .graph import build_graph
        from .yamlsource import paused_gc

        with paused_gc():  # tens of thousands of small objects, none of them cyclic garbage
            return build_graph(self.roadmap)

    @cached_property
    def crew(self) -> Staff:
        from .levelling import staff

        return staff(self.roadmap)

    @cached_property
    def by_dependencies(self) -> Schedule:
        """The critical-path-method schedule: dependencies, planned dates and efforts alone."""
        from .schedule import schedule
        from .yamlsource import paused_gc

        with paused_gc():
            return schedule(self.roadmap, self.graph, self.as_of)

    @cached_property
    def with_capacity(self) -> Schedule:
        """The levelled schedule (its ``baseline`` is :attr:`by_dependencies`)."""
        from .levelling import period_end
        from .schedule import levelled
        from .yamlsource import paused_gc

        with paused_gc():
            return levelled(self.by_dependencies, self.graph, self.crew, period_end(self.roadmap))

    @property
    def schedule(self) -> Schedule:
        """The roadmap's dates: the projection :attr:`dates` names, shown by every view."""
        return self.with_capacity if self.dates == "capacity" else self.by_dependencies

    @cached_property
    def blocking(self) -> dict[str, Blocker]:
        """What each piece of work holds up downstream (tracks and work waiting on it)."""
        from .graph import downstream
        from .yamlsource import paused_gc

        with paused_gc():
            return downstream(self.graph)

    @cached_property
    def planned_load(self) -> tuple[Bookings, dict[str, str]]:
        """Who the plan as written (its dependency-only dates) books on which day, and who of
        each ``any_of`` it leaves the work to."""
        from .levelling import planned_load
        from .yamlsource import paused_gc

        with paused_gc():
            return planned_load(self.roadmap, self.by_dependencies, self.crew)

    @cached_property
    def over_allocations(self) -> list[OverAllocation]:
        """Stretches of days, from as_of on, on which the plan as written books someone past
        capacity: what levelling then has to push out."""
        from .levelling import over_allocations

        return over_allocations(self.planned_load[0], self.crew, self.as_of)

    # --- the views that commands show ----------------------------------------------------

    @property
    def min_tracks(self) -> int:
        from .check import DEFAULT_MIN_TRACKS

        return self.settings.min_tracks if self.settings is not None else DEFAULT_MIN_TRACKS

    @property
    def split_tolerance(self) -> float:
        from .check import DEFAULT_SPLIT_TOLERANCE

        return self.settings.split_tolerance if self.settings is not None else DEFAULT_SPLIT_TOLERANCE

    @property
    def on_time_chance(self) -> float:
        """Percent: below it, a date the plan meets is called unlikely (MLR157, MLR216)."""
        from .check import DEFAULT_ON_TIME_CHANCE

        return self.settings.on_time_chance if self.settings is not None else DEFAULT_ON_TIME_CHANCE

    @cached_property
    def uncertain(self) -> bool:
        """Some work carries an estimate, a risk can delay work, or a decision's answer is
        drawn (branches and a chance): the forecast has something to say."""
        return (any(getattr(entity, "estimate", None) is not None for _section, entity in self.roadmap.entities())
                or any(risk.delay is not None and risk.live for risk in self.roadmap.risks)
                or any(decision.branches and decision.chance is not None for decision in self.roadmap.decisions))

    @cached_property
    def forecast(self) -> Forecast | None:
        """How likely the dates are: ``mlroadmap forecast``'s default (10,000 samples, seed
        0) on :attr:`schedule`, its dates alone (no criticality or tornado), so that
        ``check`` and the reports give the chances the forecast gives. None when it has
        nothing to say (no estimate or delay on work still to do), or cannot say (a sampled
        length runs past the year 9999: the commands still show the plan)."""
        if not self.uncertain:
            return None  # without parsing a sample
        from .forecast import forecast
        from .schedule import ScheduleOverflow

        try:  # the dates the rules and the reports read: deadlines (the outcomes' always come)
            result = forecast(self, drivers=False, only={node for node, task in self.schedule.tasks.items() if task.due is not None})
        except ScheduleOverflow:
            return None
        return result if result.drawn else None

    def critical_path(self, *, outcome: str | None = None, track: str | None = None,
                      min_tracks: int | None = None) -> CriticalPath:
        """What sets the end date (of the roadmap or of ``outcome``), and the cross-track blockers."""
        from .critical_path import critical_path

        return critical_path(self, outcome=outcome, track=track, min_tracks=self.min_tracks if min_tracks is None else min_tracks)

    @cached_property
    def critical(self) -> CriticalPath:
        """:meth:`critical_path` of the whole roadmap, kept for the reports' sections."""
        return self.critical_path()

    @cached_property
    def checks(self) -> CheckReport:
        """Every enabled rule of the checklist, with :attr:`settings`."""
        from .check import check

        return check(self)

    def capacity(self, *, by: Period = "month", quarter: str | None = None, levelled_load: bool = False) -> CapacityReport:
        """The team's load per person and period, over-allocations and skill gaps."""
        from .capacity import capacity_report

        return capacity_report(self, by=by, quarter=quarter, levelled_load=levelled_load)

    def events(self) -> RoadmapEvents:
        """The calendar's events: cycles, audits, decisions, deadlines, milestones (computed
        once: the compute plan reads the models' cycles from them too)."""
        return self._events

    @cached_property
    def _events(self) -> RoadmapEvents:
        from .calendar import roadmap_events

        return roadmap_events(self)

    # --- what the roadmap holds, in the words rules and reports use ----------------------

    @cached_property
    def by_id(self) -> dict[str, Any]:
        return {entity.id: entity for _section, entity in self.roadmap.entities()}

    @cached_property
    def compute(self) -> ComputePlan | None:
        """The models' planned compute per quarter against the budget (see :mod:`mlroadmap.compute`)."""
        from .compute import compute_plan

        return compute_plan(self)

    @cached_property
    def drivers(self) -> dict[str, list[Driver]]:
        """outcome id -> the model metrics that drive it (see :mod:`mlroadmap.drivers`)."""
        from .drivers import drivers

        return drivers(self.roadmap)

    @cached_property
    def track_titles(self) -> dict[str, str]:
        """Track id -> title: the six standard tracks and the roadmap's own."""
        from .critical_path import track_titles

        return track_titles(self.roadmap)

    @cached_property
    def models(self) -> list[Any]:
        """The models in play: not cancelled, not retired."""
        return [model for model in self.roadmap.models if in_play(model)]

    @cached_property
    def live(self) -> set[str]:
        """Ids of models in staged rollout or production."""
        return {model.id for model in self.models if model.stage in ("staged-rollout", "production")}

    @cached_property
    def going_live(self) -> set[str]:
        """Ids of models that have go-live work planned (an item in phase go-live about them)."""
        return {item.model for item in self.roadmap.items if item.phase == "go-live" and item.model and item.status != "cancelled"}

    @cached_property
    def launching(self) -> list[Any]:
        """Models live or going live: they need cycles, thresholds and monitors."""
        return [model for model in self.models if model.id in self.live or model.id in self.going_live]

    @cached_property
    def reaching_users(self) -> list[Any]:
        """Models live, going live, or facing users: they need audits and risk planning."""
        return [model for model in self.models if model.id in self.live or model.id in self.going_live or model.user_facing]

    def state(self, model: Any) -> str:
        """How a model reaches users, in words: "in production", "planned to go live"."""
        if model.stage in ("staged-rollout", "production"):
            return {"staged-rollout": "in staged rollout", "production": "in production"}[model.stage]
        return "planned to go live" if model.id in self.going_live else "user-facing"

    @cached_property
    def quarters(self) -> list[Quarter]:
        """The quarters of the roadmap's period."""
        from .values import Quarter, quarters_between

        return quarters_between(Quarter(self.info.period.start), Quarter(self.info.period.end))
