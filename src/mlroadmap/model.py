"""The roadmap model: what an AI/ML roadmap tracks, as structured, validated data.

Every section is a list of entities with an ``id``; ids are unique across the whole
roadmap (all sections, all files), so ``depends_on`` can point at any kind of work.
Unknown keys are errors. Field names are short because people write them by hand.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator
from pydantic_core import core_schema

from .values import (
    CALENDAR_PERIODS,
    MAX_DURATION_DAYS,
    STREAMING,
    Answer,
    CadenceStr,
    Chance,
    Count,
    Date,
    Duration,
    DurationStr,
    EffortStr,
    Flag,
    FreshnessStr,
    Id,
    LagStr,
    Number,
    QuarterStr,
    RefreshStr,
    Text,
)

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler

    from .diagnostics import Location
    from .loader import SourceFile

STANDARD_TRACKS: dict[str, str] = {
    "model": "Model development & performance",
    "data": "Data pipelines & infrastructure",
    "ethics": "Ethical AI & compliance",
    "monitoring": "Monitoring & production performance",
    "experiments": "Experimentation & rapid iteration",
    "team": "Team capabilities & tools",
}

Phase = Literal["feasibility", "prototype", "training", "integration", "experimentation", "go-live"]
PHASES: tuple[str, ...] = Phase.__args__  # type: ignore[attr-defined]
Status = Literal["planned", "in-progress", "at-risk", "blocked", "done", "cancelled"]
FINISHED = frozenset({"done", "cancelled"})  # statuses of work that holds nothing back any more
Mode = Literal["explore", "exploit"]
ExperimentKind = Literal["ab", "multivariate", "interleaving", "shadow", "backtest", "hypothesis"]
SPLITTING = frozenset({"ab", "multivariate", "interleaving"})  # kinds whose variants share out live traffic
LIVE_TRAFFIC = SPLITTING | {"shadow"}  # kinds that serve live traffic (a shadow run mirrors it)
Direction = Literal["higher", "lower"]
Stage = Literal["experimentation", "staged-rollout", "production", "retired"]
Level = Literal["low", "medium", "high"]
StakeholderRole = Literal[
    "data-science", "engineering", "compliance", "customer-ops", "exec", "product", "legal", "other"
]


def _has_words(reason: str) -> str:
    if not reason.strip():
        raise ValueError("a waiver needs a reason: say why the rule does not apply here")
    return reason


# A rule id or name -> why it does not apply (shown in `check`'s output and its SARIF).
Waivers = Annotated[
    dict[str, Annotated[str, AfterValidator(_has_words)]],
    Field(description="Rules (id or name, e.g. MLR152 or blocker-slack) that do not apply here, each with the reason."),
]


def _empty_list() -> list[Any]:
    return []


def _empty_dict() -> dict[Any, Any]:
    return {}


# `default_factory=list` costs start-up time: pydantic reads each factory's signature, and
# for a builtin it parses the text of one, 14 ms of the 200 ms `validate` takes on the example
# (160 fields). A function of ours is read in microseconds.


class Strict(BaseModel):
    """Base of every roadmap object: unknown keys are errors, not silently dropped."""

    # defer_build: a class builds its validator when first used, not when defined. Loading
    # uses only RoadmapFile's, which builds every class it holds once; building each of the
    # 45 classes at import as well took 10 ms of every start-up.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False, defer_build=True)

    def model_post_init(self, context: Any, /) -> None:
        # pydantic gives every object a set of the fields its entry wrote, about 570 bytes
        # each: at 50,000 items, 40 MB of sets that repeat the same few dozen contents.
        # Objects with the same fields share one; __setattr__ below unshares before pydantic
        # adds to it, and model_copy copies it.
        written = self.__pydantic_fields_set__
        key = frozenset(written)
        shared = _FIELDS_WRITTEN.get(key)
        if shared is None:
            if len(_FIELDS_WRITTEN) >= _MOST_FIELDS_WRITTEN:  # a bound, for a process that loads many roadmaps
                _FIELDS_WRITTEN.clear()
            shared = _FIELDS_WRITTEN[key] = written
        object.__setattr__(self, "__pydantic_fields_set__", shared)

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        super().__setattr__(name, value)


_FIELDS_WRITTEN: dict[frozenset[str], set[str]] = {}
_MOST_FIELDS_WRITTEN = 10_000


class Entity(Strict):
    """Anything with an id that other parts of the roadmap can refer to."""

    id: Id = Field(
        description="Its id: letters, digits, '-' and '_', unique across the whole roadmap (every "
                    "section, every file). Other entries refer to it by this id.",
    )
    title: str = Field(description="A short name for it, shown in reports, charts and the calendar.")
    description: str | None = Field(None, description="More about it than the title says, in free text.")
    owner: str | None = Field(None, description="A person or team id (when people are declared), or a name.")
    links: list[str] = Field(
        default_factory=_empty_list,
        description="Links to related documents, tickets or dashboards. The calendar uses "
                    "the first http:// or https:// one as its event's URL.",
    )
    tags: list[str] = Field(default_factory=_empty_list, description="Free-form labels of your own, e.g. [gdpr, launch].")
    waive: Waivers = Field(default_factory=_empty_dict)


class Estimate(Strict):
    """A three-point estimate of how long a piece of work takes, instead of a fixed
    ``duration``: the forecast draws its length from it, every other view uses ``likely``."""

    low: DurationStr = Field(description="The shortest it plausibly takes (about 1 time in 20 it is this quick), e.g. 2w.")
    likely: DurationStr = Field(description="The most likely length: every date outside the forecast uses it.")
    high: DurationStr = Field(description="The longest it plausibly takes (about 1 time in 20 it is this slow).")


class Lagged(Strict):
    """A dependency with a wait after it: ``{id: txn-data, lag: 90d}``."""

    id: Id = Field(description="The work that must finish first.")
    lag: LagStr = Field(description="How long after it finishes this may start, in calendar days: 90d for fraud labels to mature.")


# The tags are not keys of the YAML: the loader leaves steps in <> out of an error's place.
_PREREQUISITE = Annotated[
    Union[Annotated[Id, Tag("<id>")], Annotated[Lagged, Tag("<lagged>")]],
    Discriminator(lambda value: "<lagged>" if isinstance(value, (dict, Lagged)) else "<id>"),
]


class Prerequisite(str):
    """An id in ``depends_on``. It is the id itself (so ``"txn-data" in work.depends_on``
    holds), and carries the ``lag`` written with it, if any."""

    # Set on the object only when written: most have none, and an object without an
    # attribute of its own has no __dict__ (about 100 bytes each, 20,000 at 10,000 items).
    lag: Duration | None = None

    def __new__(cls, ident: str, lag: Duration | None = None) -> Prerequisite:
        made = super().__new__(cls, ident)
        if lag is not None:
            made.lag = lag
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Prerequisite, (str(self), self.lag))

    @property
    def lag_days(self) -> int:
        return self.lag.days if self.lag is not None else 0

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls._of, handler.generate_schema(_PREREQUISITE),
            serialization=core_schema.plain_serializer_function_ser_schema(cls._dump),
        )

    @classmethod
    def _of(cls, value: str | Lagged) -> Prerequisite:
        if isinstance(value, Lagged):
            return cls(value.id, value.lag)  # type: ignore[arg-type]  # validated into a Duration
        return cls(value)

    @staticmethod
    def _dump(value: Prerequisite) -> str | dict[str, str]:
        return str(value) if value.lag is None else {"id": str(value), "lag": str(value.lag)}


class Work(Entity):
    """Something that takes time and can wait on, or be waited on by, other work.

    Dates are optional: give ``start`` and ``duration`` (or ``end``); the schedule fills in
    the rest from dependencies.
    """

    DEFAULT_TRACK: ClassVar[str | None] = None

    track: str | None = Field(None, description="A standard track (model, data, ethics, monitoring, experiments, team) or a custom one.")
    status: Status = Field(
        "planned",
        description="Where the work stands: planned (default), in-progress, at-risk, blocked, done or cancelled. Done work "
                    "finished on its end date; cancelled work takes no time and is left out of the checks and reports.",
    )
    start: Date | None = Field(
        None,
        description="The day the work starts (YYYY-MM-DD); it does not start earlier. Leave it out to start when "
                    "what it depends on has finished, or at the start of the roadmap's period.",
    )
    end: Date | None = Field(
        None,
        description="The last day of the work (YYYY-MM-DD), included; with a start it sets the length, as a "
                    "duration would. For recurring work (cadence), the last day it recurs.",
    )
    duration: DurationStr | None = Field(None, description="Elapsed calendar time, e.g. 3w.")
    estimate: Estimate | None = Field(None, description="Instead of a duration: how long it takes at best, most likely and at worst.")
    effort: EffortStr | None = Field(None, description="Person-days of work (1w = 5 days of work), when it differs from the duration.")
    due: Date | None = Field(None, description="A deadline (YYYY-MM-DD): the last day the work may finish on; `check` reports work "
                                               "projected later. For a decision or a regulation, the day it happens.")
    depends_on: list[Prerequisite] = Field(
        default_factory=_empty_list,
        description="Ids of anything that must finish first; `{id: ..., lag: 90d}` for one this may start only that long after.",
    )
    outcome: Id | None = Field(None, description="The outcome this serves.")
    assignees: list[Id] = Field(default_factory=_empty_list, description="People or teams who all do the work.")
    any_of: list[Id] = Field(default_factory=_empty_list, description="People or teams, any one of whom can do the work.")
    prefer: Literal["soonest", "listed"] = Field(
        "soonest",
        description="Who of any_of does it: soonest, whoever would finish first (ties: the first listed); listed, the first "
                    "listed who is free when it may start (when none is, whoever would finish first).",
    )
    skills: list[str] = Field(default_factory=_empty_list, description="Skills the work needs, e.g. annotation.")
    priority: Count | None = Field(
        None, ge=0, le=100,
        description="0-100, default 50: with capacity, when pieces of work compete for the same people, the higher goes first; "
                    "between equals, the one with the least slack.",
    )

    @property
    def track_id(self) -> str | None:
        return self.track or self.DEFAULT_TRACK

    @property
    def length(self) -> Duration | None:
        """The fixed length every view but the forecast uses: the ``duration``, else the
        estimate's ``likely``."""
        if self.duration is not None:
            return self.duration  # type: ignore[return-value]  # validated into a Duration
        return self.estimate.likely if self.estimate is not None else None  # type: ignore[return-value]


# --- outcomes, tracks, people -------------------------------------------------------------


class Outcome(Entity):
    """The problem and its measurable goal: "reduce support load by 30%", not "use model X"."""

    problem: str = Field(description="The problem, not the model: who has it, how often, and what it costs today.")
    metric: str = Field(description="How the goal is measured, e.g. tickets handled by humans per week.")
    unit: str | None = Field(None, description="The metric's unit, e.g. tickets/week.")
    direction: Direction = Field("higher", description="Which way is better: higher (default) or lower.")
    baseline: Number = Field(description="The metric's value before the roadmap's work: progress towards the target is measured from it.")
    target: Number = Field(description="The value to reach by the end of the due quarter.")
    current: Number | None = Field(
        None,
        description="The latest value of the metric: reports judge it against a straight line from the baseline to the target.",
    )
    due: QuarterStr = Field(
        description="The quarter the target is to be reached by, e.g. 2026-Q4: `check` "
                    "reports an outcome whose work is projected to finish after it.",
    )


class Track(Strict):
    """A custom workstream beside the six standard ones."""

    id: Id = Field(description="The custom track's id (letters, digits, '-' and '_'), as work names it in `track`; not one of the six standard tracks.")
    title: str = Field(description="The track's name, as reports show it.")
    description: str | None = Field(None, description="What the track covers, in free text.")
    owner: str | None = Field(None, description="Who owns the track.")
    waive: Waivers = Field(default_factory=_empty_dict)


class Absence(Strict):
    start: Date = Field(description="The first day away (YYYY-MM-DD).")
    end: Date = Field(description="The last day away (YYYY-MM-DD), included.")
    reason: str | None = Field(None, description="Why they are away, e.g. vacation.")


class Person(Strict):
    id: Id = Field(description="The person's id (letters, digits, '-' and '_'), for owner, assignees, any_of, a team's members and a training need's people.")
    name: str = Field(description="Their name, as reports show it.")
    role: str | None = Field(None, description="Their job title, e.g. AI Product Manager.")
    capacity: Number = Field(1.0, gt=0, le=1, description="Share of a full-time working day, e.g. 0.5 for half-time.")
    skills: list[str] = Field(default_factory=_empty_list, description="What they can do, e.g. [nlp, annotation]: matched against the skills work needs.")
    off: list[Absence] = Field(default_factory=_empty_list, description="Time off and other unavailable periods.")
    joins: Date | None = Field(None, description="Their first day on the team (a hire): nothing is booked for them before it.")
    leaves: Date | None = Field(None, description="Their last day on the team (a contractor's end, a departure): nothing is booked for them after it.")
    waive: Waivers = Field(default_factory=_empty_dict)


class Team(Strict):
    id: Id = Field(description="The team's id (letters, digits, '-' and '_'), for owner, assignees and any_of.")
    name: str = Field(description="The team's name, as reports show it.")
    members: list[Id] = Field(default_factory=_empty_list, description="The people in it (person ids): work assigned to the team is shared among them.")
    capacity: Annotated[Number, Field(gt=0)] | None = Field(None, description="Full-time people, for a team without named members (e.g. a vendor).")
    skills: list[str] = Field(default_factory=_empty_list, description="Skills the team has, e.g. [annotation]: matched against the skills work needs.")
    waive: Waivers = Field(default_factory=_empty_dict)


class Stakeholder(Strict):
    """Someone to get buy-in from, who signs off decisions. One who also works on the
    roadmap is the same person in a second role: ``person`` names them, so they keep one
    name and one set of time off."""

    # The JSON Schema says what the validator below says, for editors.
    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["name"]}, {"required": ["person"]}]})

    id: Id = Field(description="The stakeholder's id (letters, digits, '-' and '_'), for a decision's sign_off.")
    name: str | None = Field(
        None,
        description="Their name, as reports and the calendar show it; may be left out when `person` names them "
                    "(their name is then the person's).",
    )
    person: Id | None = Field(
        None,
        description="The person (a person id under `people`) this stakeholder is, when they also work on the roadmap: "
                    "`check` warns when they are away on the day of a decision they sign off.",
    )
    role: StakeholderRole = Field(
        description="data-science, engineering, compliance, customer-ops, exec, product, legal or other. `check` "
                    "asks for data-science, engineering, compliance and customer-ops stakeholders.",
    )
    contact: str | None = Field(
        None,
        description="How to reach them, e.g. an email address: the calendar shows it "
                    "beside their name on the decisions they sign off.",
    )
    waive: Waivers = Field(default_factory=_empty_dict)

    @model_validator(mode="after")
    def _named(self) -> Stakeholder:
        if self.name is None and self.person is None:
            raise ValueError("a stakeholder needs a name, or the person they are (person: PERSON_ID)")
        return self


# --- the work ----------------------------------------------------------------------------


_DUE_EACH = ("For recurring work with a cadence of monthly, quarterly or yearly: each occurrence is due this long "
             "after the end of the month, quarter or year before it starts, e.g. 30d for a quarterly report due 30 "
             "days after each quarter end. The calendar shows each deadline; `check` reports an occurrence that "
             "finishes after its own.")


def _check_due_each(value: Any, info: ValidationInfo) -> Any:
    if value is None or "cadence" not in info.data:  # an invalid cadence is reported at its own key
        return value
    cadence = info.data["cadence"]
    if cadence is None:
        raise ValueError("a deadline per occurrence is for recurring work: give the work a cadence (monthly, quarterly "
                         "or yearly), or give it a single deadline with due")
    if cadence.rule not in CALENDAR_PERIODS:  # "30 days after each quarter end" needs a quarter
        raise ValueError(f"a cadence of {cadence} follows no calendar period: a deadline per occurrence needs a cadence of "
                         "monthly, quarterly or yearly")
    return value


class Item(Work):
    """A piece of roadmap work in one track and one milestone phase."""

    track: str = Field(  # items always name their track
        description="The track it belongs to: model, data, ethics, monitoring, "
                    "experiments, team, or a custom track declared under `tracks`.",
    )
    phase: Phase | None = Field(
        None,
        description="Its milestone phase: feasibility, prototype, training, integration, experimentation or "
                    "go-live. `check` asks for feasibility and prototype work before go-live work.",
    )
    mode: Mode = Field("exploit", description="explore (discovery) or exploit (production) work.")
    cadence: CadenceStr | None = Field(None, description="For recurring work: how often it repeats: daily, weekly, biweekly, monthly, "
                                                         "quarterly, yearly, or an interval such as 6w.")
    due_each: DurationStr | None = Field(None, description=_DUE_EACH)
    milestone: Flag = Field(
        False,
        description="true to mark it as a milestone: the calendar shows it as an event on its projected finish (default false).",
    )
    model: Id | None = Field(None, description="The model this work is about.")

    _due_each = field_validator("due_each")(_check_due_each)


class MlflowSource(Strict):
    """A metric logged to an MLflow tracking server: the run behind a registered model's
    alias, or one run."""

    model: Text | None = Field(None, description="The registered model's name; with `alias`.")
    alias: Text | None = Field(None, description="The alias of the version to read, e.g. champion; with `model`.")
    run: Text | None = Field(None, description="A run's id, instead of `model` and `alias`.")
    metric: Text = Field(description="The metric's key as it is logged, e.g. val_f1: its latest value is read.")

    @model_validator(mode="after")
    def _one_version(self) -> MlflowSource:
        if self.run is not None and (self.model is not None or self.alias is not None):
            raise ValueError("give a run, or a registered model with its alias, not both")
        if self.run is None and (self.model is None or self.alias is None):
            missing = "alias" if self.model is not None else "model" if self.alias is not None else "model and alias"
            raise ValueError(f"no {missing}: give the registered model and its alias (model: NAME, alias: ALIAS), or a run (run: RUN_ID)")
        return self


class MetricSource(Strict):
    """Where a metric's current value is measured; `mlroadmap metrics pull` reads it there."""

    mlflow: MlflowSource | None = Field(None, description="An MLflow tracking server's metric: {model: NAME, alias: ALIAS, metric: KEY} or {run: RUN_ID, metric: KEY}.")
    file: Text | None = Field(None, description="A JSON or YAML metrics file (as DVC writes), relative to this roadmap file; with `key`.")
    key: Text | None = Field(None, description="The value's key in the file, dotted for nesting, e.g. eval.f1.")

    @model_validator(mode="after")
    def _one_place(self) -> MetricSource:
        if self.mlflow is not None and (self.file is not None or self.key is not None):
            raise ValueError("give mlflow, or file with key, not both")
        if self.mlflow is None and self.file is None:
            raise ValueError("give mlflow: {...} or file: PATH with key: KEY" if self.key is None else "key without file: name the metrics file (file: PATH)")
        if self.file is not None and self.key is None:
            raise ValueError("file without key: name the value's key in it (key: DOTTED.KEY)")
        return self


class Contribution(Strict):
    """How a model metric moves an outcome: ``{outcome: cut-fraud-losses, per: 0.01, moves: -0.3}``
    reads "each 0.01 more of this metric moves the outcome by -0.3"."""

    outcome: Id = Field(description="The outcome the metric drives (an outcome id).")
    per: Number | None = Field(None, description="A change of the metric, in its own unit, e.g. 0.01; with `moves`.")
    moves: Number | None = Field(
        None,
        description="How much the outcome's metric changes for each `per` of this metric, in the outcome's unit, e.g. "
                    "-0.3 (bps). `check` adds up what the metrics' targets move the outcome by.",
    )

    @model_validator(mode="after")
    def _both(self) -> Contribution:
        if (self.per is None) != (self.moves is None):
            raise ValueError(f"give per and moves together (per: a change of the metric, moves: the outcome's change for it); "
                             f"{'moves' if self.moves is None else 'per'} is missing")
        if self.per == 0:
            raise ValueError("per: 0 is no change of the metric; give the change the outcome's `moves` is for, e.g. 0.01")
        return self


class Metric(Strict):
    name: str = Field(description="The metric's name, e.g. macro_f1; unique within the model. Thresholds and monitors refer to it by this name.")
    unit: str | None = Field(None, description="Its unit, e.g. ms.")
    direction: Direction = Field("higher", description="Which way is better: higher (default) or lower.")
    baseline: Number = Field(description="Its value before the roadmap's work: progress towards the first quarter's target is measured from it.")
    current: Number | None = Field(
        None,
        description="Its latest value, judged against this quarter's target in reports. "
                    "`mlroadmap metrics pull` writes it when the metric has a `source`.",
    )
    measured: Date | None = Field(None, description="When the current value was measured (a UTC date); `mlroadmap metrics pull` writes it with `current`.")
    evaluated_on: Id | None = Field(
        None,
        description="The dataset the current value is measured on (a dataset id: a held-out set, a time window): "
                    "`check` asks that the model lists it among its datasets.",
    )
    labels_until: Date | None = Field(
        None,
        description="For labels that arrive late (fraud, churn, defaults): the last day whose labels had matured when "
                    "the value was measured, e.g. 2026-09-30; not after `measured`.",
    )
    source: MetricSource | None = Field(None, description="Where the current value is measured: MLflow or a metrics file. `mlroadmap metrics pull` copies it into `current`.")
    targets: dict[QuarterStr, Number] = Field(default_factory=_empty_dict, description="Target value per quarter, e.g. 2026-Q2: 0.85.")
    drives: list[Contribution] = Field(
        default_factory=_empty_list,
        description="The outcomes this metric moves, e.g. [{outcome: cut-fraud-losses, per: 0.01, moves: -0.3}]: the "
                    "reports show the chain from the model to the outcome.",
    )

    @field_validator("labels_until")
    @classmethod
    def _matured_by_then(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        measured = info.data.get("measured")
        if value is not None and measured is not None and value > measured:
            raise ValueError(f"{value} is after the day the value was measured ({measured}): labels cannot have matured "
                             "to a day not yet reached")
        return value

    @field_validator("source", mode="before")
    @classmethod
    def _source_is_a_place(cls, value: Any) -> Any:
        # A dataset's `source` is free text; a metric's is where to read it, so say how.
        if isinstance(value, str):
            raise ValueError(f"a metric's source is a mapping, not {value!r}: write {{file: PATH, key: KEY}} "
                             "or {mlflow: {model: NAME, alias: ALIAS, metric: KEY}}")
        return value


class Threshold(Strict):
    """A degradation threshold on one of the model's metrics and what crossing it triggers."""

    metric: str = Field(description="The name of one of the model's metrics.")
    min: Number | None = Field(None, description="The lowest acceptable value: below it, the action is triggered. Give min, max or both.")
    max: Number | None = Field(None, description="The highest acceptable value: above it, the action is triggered. Give min, max or both.")
    action: Literal["retrain", "rollback", "alert", "page"] = Field(description="What crossing it triggers: retrain, rollback, alert or page.")
    window: DurationStr | None = Field(None, description="The time the metric is measured over, e.g. 1w.")

    @model_validator(mode="after")
    def _one_bound(self) -> Threshold:
        if self.min is None and self.max is None:
            raise ValueError("a threshold needs min or max")
        return self


class Compute(Strict):
    """A model's compute as numbers, in the unit of the roadmap's `compute_budget`
    (GPU-hours unless the header's `compute_unit` says otherwise)."""

    # Bounds far above any fleet, so that a quarter's sum stays a number.
    retrain: Annotated[Number, Field(ge=0, le=1e9)] | None = Field(
        None, description="What one retraining run takes, e.g. 40 (GPU-hours): charged once per retraining cycle.")
    serving: Annotated[Number, Field(ge=0, le=1e6)] | None = Field(
        None,
        description="GPUs (or instances) serving it around the clock once it is live, e.g. 4: each is 24 of the unit a day.",
    )
    note: str | None = Field(None, description="What the numbers stand for, e.g. 4x A10G for 10 h; 2x L4 per region.")

    @model_validator(mode="after")
    def _a_number(self) -> Compute:
        if self.retrain is None and self.serving is None:
            raise ValueError("give retrain (per run) or serving (around the clock), or write the compute as text")
        return self


def _words_not_a_number(value: str) -> str:
    try:
        float(value)
    except ValueError:
        return value
    raise ValueError(f"{value} is a number without what it counts: write {{retrain: {value}}} (per retraining run) or "
                     f"{{serving: {value}}} (around the clock), or the compute in words")


# A model's compute: words (as before), or numbers. The tags are not keys of the YAML.
_COMPUTE = Annotated[
    Union[Annotated[str, AfterValidator(_words_not_a_number), Tag("<text>")], Annotated[Compute, Tag("<numbers>")]],
    Discriminator(lambda value: "<numbers>" if isinstance(value, (dict, Compute)) else "<text>"),
]


class Model(Work):
    DEFAULT_TRACK: ClassVar[str | None] = "model"

    stage: Stage = Field(
        "experimentation",
        description="experimentation (default), staged-rollout, production or retired. A model in production is live: it waits "
                    "for nothing and holds nothing back. A retired one is left out of the checks and reports.",
    )
    metrics: list[Metric] = Field(default_factory=_empty_list, description="2-3 key metrics.")
    datasets: list[Id] = Field(default_factory=_empty_list, description="Datasets the model is trained or evaluated on.")
    challenges: Id | None = Field(
        None,
        description="The model it would replace if it wins (a model id): this one is the challenger, that one the "
                    "champion. `check` asks for an experiment that tests it, and counts the traffic of both models' "
                    "experiments together.",
    )
    compute: _COMPUTE | None = Field(
        None,
        description="The compute it depends on: in words (4x A100 for 2 days per retrain), or as numbers, {retrain: 40, "
                    "serving: 4, note: ...}, which `check` and the reports add up against the compute_budget.",
    )
    retraining: CadenceStr | None = Field(
        None,
        description="How often it is retrained: daily, weekly, biweekly, monthly, quarterly, yearly, or an "
                    "interval such as 6w. The calendar repeats it from the day the model goes live.",
    )
    retrained: Date | None = Field(None, description="When the newest registered version was created (a UTC date): `mlroadmap metrics pull` writes it for a model whose metrics come from MLflow's model registry.")
    revalidation: CadenceStr | None = Field(
        None,
        description="How often it is revalidated, written as for retraining. `check` "
                    "warns of a metric measured longer ago than this.",
    )
    thresholds: list[Threshold] = Field(
        default_factory=_empty_list,
        description="The degradation thresholds on its metrics and what crossing each "
                    "triggers, e.g. {metric: macro_f1, min: 0.76, action: retrain}.",
    )
    user_facing: Flag = Field(
        False,
        description="true when users see what the model does: `check` then asks for a "
                    "fallback and edge-case logging (default false).",
    )
    fallback: str | None = Field(None, description='The fallback UX when the model cannot answer, e.g. "Talk to a human".')
    edge_case_logging: str | None = Field(
        None,
        description="How its edge cases are logged and reviewed, e.g. low-confidence predictions go to the review queue.",
    )
    playbook: str | None = Field(None, description="Link to the team's validation and testing playbook.")

    @property
    def in_production(self) -> bool:
        """Live: its stage says so and it is not cancelled. It is not work to do, and waits
        for nothing: what it depends on feeds its next version."""
        return self.stage == "production" and self.status != "cancelled"


# Labelling that would take longer than this is a typo (a rate of 0.0001), not a plan.
MAX_LABELLING_DAYS = MAX_DURATION_DAYS


class Labelling(Strict):
    vendor: str | None = Field(None, description="Who labels the data, in words: a vendor or a team.")
    platform: str | None = Field(None, description="The annotation platform the labelling is done on.")
    throughput: Count | None = Field(None, ge=0, description="Labelled examples per week.")
    backlog: Count | None = Field(None, ge=0, description="Examples waiting to be labelled.")
    quality: str | None = Field(None, description="How annotation quality is monitored.")
    by: Id | None = Field(
        None,
        description="The team or person (an id) who labels it: with `rate` and `backlog`, the labelling is the "
                    "dataset's work, booked on their capacity (unless the dataset gives its own effort or assignees).",
    )
    rate: Annotated[Number, Field(gt=0)] | None = Field(
        None, description="Examples one full-time person labels in a working day, e.g. 90; with `by`.")

    @model_validator(mode="after")
    def _by_with_rate(self) -> Labelling:
        if (self.by is None) != (self.rate is None):
            missing = "rate (examples a full-time person labels a day)" if self.rate is None else "by (the team or person who labels)"
            raise ValueError(f"give by and rate together: {missing} is missing")
        days = self.effort_days
        if days is not None and days > MAX_LABELLING_DAYS:
            count = f"{days:,}" if days < 10**12 else f"{days:.3g}"  # a rate of 1e-300 is 300 digits of days
            raise ValueError(f"{self.backlog:,} examples at {self.rate:g} a day is {count} person-days of labelling, "
                             "more than 100 years of work")
        return self

    @property
    def effort_days(self) -> int | None:
        """Person-days the backlog takes at the rate; None unless both are given."""
        if self.rate is None or self.backlog is None:
            return None
        return math.ceil(self.backlog / self.rate)


class Blocker(Strict):
    kind: Literal["access", "privacy", "third-party", "quality", "labelling", "legal", "other"] = Field(
        description="What blocks the data: access, privacy, third-party, quality, labelling, legal or other.",
    )
    description: str = Field(description="What the blocker is, e.g. DPIA for chat transcripts.")
    owner: str | None = Field(None, description="Who is clearing it.")
    until: Date | None = Field(None, description="The day it is expected to clear (YYYY-MM-DD): the dataset's work waits until then.")
    resolved: Flag = Field(False, description="true once it has cleared: it then no longer holds the dataset back (default false).")


class Dataset(Work):
    DEFAULT_TRACK: ClassVar[str | None] = "data"

    source: str | None = Field(None, description="The source system.")
    refresh: RefreshStr | None = Field(
        None,
        description="How often the data is refreshed: streaming (it arrives continuously), or daily, weekly, biweekly, "
                    "monthly, quarterly, yearly, or an interval such as 2w.",
    )
    freshness: FreshnessStr | None = Field(
        None,
        description="The freshness SLA: how old the newest data may be at most, e.g. 2m for a stream, 26h for a daily "
                    "load (units ms, s, m for minutes, h, d). `check` asks for one on streaming data and for a monitor "
                    "watching it (a monitor with `dataset:`).",
    )
    quality_sla: str | None = Field(None, description="What good enough means for this data, e.g. fewer than 1% tickets without an intent label.")
    labelling: Labelling | None = Field(
        None,
        description="How the data is labelled: vendor, platform, throughput (examples per week), backlog and quality.",
    )
    pii: Flag = Field(False, description="true when it holds personal data: it then needs a retention period and a consent basis (default false).")
    retention: DurationStr | None = Field(None, description="How long the data is kept, e.g. 18mo.")
    consent: str | None = Field(None, description="The consent basis for using the data, e.g. terms of service, section 4.")
    blockers: list[Blocker] = Field(
        default_factory=_empty_list,
        description="What keeps the data from being used, each with the day it is expected to "
                    "clear: until the last open one clears, the dataset's work waits.",
    )

    @model_validator(mode="after")
    def _labelling_is_the_work(self) -> Dataset:
        # The labelling a team does is the dataset's work: its effort and who does it, so
        # every schedule books it on their capacity. Only when the entry says neither: an
        # author's own effort or assignees (an item that labels it, say) win. Set past
        # pydantic, so the fields the author wrote stay the ones marked as written.
        labelling = self.labelling
        if labelling is None or labelling.by is None or self.effort is not None or self.assignees or self.any_of:
            return self
        days = labelling.effort_days
        if not days:
            return self
        object.__setattr__(self, "effort", Duration(f"{days}d"))
        object.__setattr__(self, "assignees", [labelling.by])
        return self

    @property
    def labelling_work(self) -> bool:
        """Its effort and assignees are its labelling's (see above), not written by the author."""
        return "effort" not in self.model_fields_set and self.labelling is not None and self.labelling.by is not None \
            and self.effort is not None

    @property
    def streaming(self) -> bool:
        return self.refresh == STREAMING

    @property
    def refresh_days(self) -> int | None:
        """Days from one refresh to the next, about (0 for streaming data); None when not stated."""
        if self.refresh is None:
            return None
        return 0 if self.streaming else self.refresh.days  # type: ignore[attr-defined]  # validated into a Cadence

    @property
    def longest_refresh_days(self) -> int | None:
        """The most days from one refresh to the next: 31 for monthly (0 for streaming data)."""
        if self.refresh is None:
            return None
        return 0 if self.streaming else self.refresh.longest_days  # type: ignore[attr-defined]  # validated into a Cadence

    @property
    def freshness_ms(self) -> int | None:
        """The freshness SLA in milliseconds; None when not stated."""
        return self.freshness.milliseconds if self.freshness is not None else None  # type: ignore[attr-defined]  # validated into a Freshness


class Audit(Work):
    """A fairness audit or bias test across named demographic groups."""

    DEFAULT_TRACK: ClassVar[str | None] = "ethics"

    kind: Literal["fairness-audit", "bias-test", "red-team", "robustness"] = Field(
        "fairness-audit",
        description="fairness-audit (default), bias-test, red-team or robustness. Only fairness "
                    "audits and bias tests count as the audits `check` asks for.",
    )
    models: list[Id] = Field(default_factory=_empty_list, description="The models it covers (model ids).")
    groups: list[str] = Field(
        default_factory=_empty_list,
        description="The groups compared, in words, e.g. [English, German]; for groups by attribute, `attributes`.")
    attributes: dict[str, list[str]] = Field(
        default_factory=_empty_dict,
        description="The attributes the groups come from, each with the groups compared, e.g. {region: [NL, DE, PL], "
                    "age band: [18-24, 65+]}.",
    )
    intersections: list[list[str]] = Field(
        default_factory=_empty_list,
        description="Combinations of attributes whose intersections are compared too, e.g. [[region, card]]: a group "
                    "can be harmed where each attribute alone looks fair.",
    )
    reference: str | None = Field(
        None,
        description="The group each group is compared with: overall (everyone), best (the best-off group), or one "
                    "group as ATTRIBUTE: GROUP, e.g. 'region: NL'.",
    )
    metric: str | None = Field(None, description="The fairness metric, e.g. false-decline rate or equal opportunity difference.")
    comparison: Literal["difference", "ratio"] | None = Field(
        None,
        description="How a group's metric is compared with the reference's: difference (group minus reference) or "
                    "ratio (group divided by reference).",
    )
    worse: Direction | None = Field(
        None,
        description="Which way of the metric harms a group: higher (a false-decline rate) or lower (an approval rate).",
    )
    threshold: Number | None = Field(
        None,
        description="The bound of the comparison: the largest gap allowed (a difference, e.g. 0.05), or the ratio no "
                    "group may pass (e.g. 1.25 when higher is worse, 0.8 when lower is).",
    )
    cadence: CadenceStr | None = Field(None, description="For an audit that repeats: how often, e.g. quarterly.")
    due_each: DurationStr | None = Field(None, description=_DUE_EACH)

    _due_each = field_validator("due_each")(_check_due_each)

    @field_validator("attributes")
    @classmethod
    def _with_groups(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, groups in value.items():
            if not groups:
                raise ValueError(f"{name!r} names no groups: list the groups compared, e.g. {name}: [NL, DE]")
        return value

    @field_validator("intersections")
    @classmethod
    def _of_attributes(cls, value: list[list[str]], info: ValidationInfo) -> list[list[str]]:
        for combination in value:
            if len(set(combination)) != len(combination):
                raise ValueError(f"[{', '.join(combination)}] names an attribute twice: an intersection combines different ones")
            if len(combination) < 2:
                count = f"{len(combination)} attribute{'s' * (len(combination) != 1)}"
                raise ValueError(f"[{', '.join(combination)}] names {count}: an intersection combines at least two, e.g. [region, card]")
        attributes = info.data.get("attributes")
        if attributes is None:  # invalid itself, reported there
            return value
        for combination in value:
            unknown = [name for name in combination if name not in attributes]
            if unknown:
                known = ", ".join(attributes) or "none: list them under attributes"
                raise ValueError(f"{unknown[0]!r} is not one of the audit's attributes ({known})")
        return value

    @field_validator("reference")
    @classmethod
    def _a_group(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or value.strip() in ("overall", "best"):
            return None if value is None else value.strip()
        if value.strip() in (info.data.get("groups") or ()):  # one of the groups written in words
            return value.strip()
        attribute, colon, group = (part.strip() for part in value.partition(":"))
        if not colon or not attribute or not group:
            raise ValueError(f"{value!r} is not a reference group; write overall, best, one of the audit's groups, "
                             "or ATTRIBUTE: GROUP (e.g. 'region: NL')")
        attributes = info.data.get("attributes")
        if attributes:
            groups = attributes.get(attribute)
            if groups is None:
                raise ValueError(f"{attribute!r} is not one of the audit's attributes ({', '.join(attributes)})")
            if group not in groups:
                raise ValueError(f"{group!r} is not one of the groups of {attribute!r} ({', '.join(groups)})")
        return f"{attribute}: {group}"  # as the reports write it, however it was spaced

    @field_validator("threshold")
    @classmethod
    def _bound(cls, value: float | None, info: ValidationInfo) -> float | None:
        comparison, worse = info.data.get("comparison"), info.data.get("worse")
        if value is None:
            return value
        if comparison == "difference" and value < 0:
            raise ValueError(f"{value:g} is below 0: a difference threshold is the largest gap allowed")
        if comparison == "ratio":
            if value <= 0:
                raise ValueError(f"{value:g} is not a ratio a group can have: a ratio threshold is above 0")
            if worse == "higher" and value < 1:
                raise ValueError(f"{value:g} is below 1, but higher is worse: the reference itself (a ratio of 1) would "
                                 "fail; a ratio no group may pass is at least 1, e.g. 1.25")
            if worse == "lower" and value > 1:
                raise ValueError(f"{value:g} is above 1, but lower is worse: the reference itself (a ratio of 1) would "
                                 "fail; a ratio no group may fall below is at most 1, e.g. 0.8")
        return value


class Mitigation(Work):
    DEFAULT_TRACK: ClassVar[str | None] = "ethics"

    audit: Id | None = Field(None, description="The audit whose findings it addresses (an audit id).")
    risk: Id | None = Field(None, description="The risk it lowers (a risk id).")


class PrivacyAssessment(Work):
    DEFAULT_TRACK: ClassVar[str | None] = "ethics"

    datasets: list[Id] = Field(default_factory=_empty_list, description="The datasets it assesses (dataset ids).")
    models: list[Id] = Field(default_factory=_empty_list, description="The models it assesses (model ids): it then covers the data they use.")


class Policy(Work):
    """A retention, consent or access policy and the work to put it in place."""

    DEFAULT_TRACK: ClassVar[str | None] = "ethics"

    kind: Literal["retention", "consent", "access", "other"] = Field(
        description="retention, consent, access or other. A retention or consent policy that "
                    "lists a dataset counts as that dataset's retention or consent.",
    )
    datasets: list[Id] = Field(default_factory=_empty_list, description="The datasets it applies to (dataset ids).")
    retention: DurationStr | None = Field(None, description="How long the data is kept under it, e.g. 18mo.")


class Regulation(Work):
    """A regulatory requirement and its deadline (``due``)."""

    DEFAULT_TRACK: ClassVar[str | None] = "ethics"

    regulation: str = Field(description="e.g. EU AI Act, GDPR.")
    requirement: str | None = Field(None, description="What the regulation requires here, in a sentence.")
    models: list[Id] = Field(default_factory=_empty_list, description="The models it applies to (model ids).")


class Monitor(Work):
    """What is watched in production, the alert rule, and what crossing it does."""

    DEFAULT_TRACK: ClassVar[str | None] = "monitoring"

    model: Id | None = Field(None, description="The model it watches (a model id).")
    dataset: Id | None = Field(
        None, description="The dataset it watches (a dataset id), e.g. for freshness or volume: it then counts as the "
                          "watch on that dataset's freshness SLA.")
    watches: str = Field(description="The signal, e.g. input drift (PSI) or p95 latency.")
    metric: str | None = Field(None, description="The model metric watched, when it is one.")
    min: Number | None = Field(None, description="The lowest acceptable value of what it watches: below it, the action is taken.")
    max: Number | None = Field(None, description="The highest acceptable value of what it watches: above it, the action is taken.")
    action: Literal["alert", "page", "retrain", "rollback"] = Field(
        "alert",
        description="What crossing min or max does: alert (default), page, retrain or rollback.",
    )
    channel: str | None = Field(None, description="Where the alert or page goes, e.g. #ml-alerts or a pager rotation.")


class Experiment(Work):
    DEFAULT_TRACK: ClassVar[str | None] = "experiments"

    kind: ExperimentKind = Field(
        "ab",
        description="ab (default: live traffic split between the variants), multivariate, interleaving (the variants' "
                    "rankings interleaved in one list), shadow (the model scores live traffic and decides none of it), "
                    "backtest (offline, on past data: no traffic) or hypothesis (an analysis, no traffic split).",
    )
    hypothesis: str = Field(description="What the experiment is to show, in one sentence.")
    metric: str = Field(description="The primary metric.")
    success: str = Field(description="The success criterion, e.g. +5pp deflection at p < 0.05.")
    decide_by: Date | None = Field(
        None,
        description="The day it is to be decided (YYYY-MM-DD): its deadline when it has no due date, and an event in the calendar.",
    )
    mode: Mode = Field("explore", description="explore (default: discovery) or exploit (production) work.")
    model: Id | None = Field(None, description="The model it tests (a model id).")
    variants: list[str] = Field(
        default_factory=_empty_list,
        description="The variants compared, the control included, e.g. [control, warm]. An A/B "
                    "test needs at least two, a multivariate test at least three.",
    )
    traffic: Number | None = Field(
        None, gt=0, le=100,
        description="Percent of the model's traffic the experiment sees: for ab, multivariate and interleaving the share "
                    "split between its variants (`check` adds up those that run at once); for shadow the share mirrored "
                    "to the model, which decides none of it. A backtest sees none.",
    )

    @field_validator("traffic")
    @classmethod
    def _live(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is not None and info.data.get("kind") == "backtest":
            raise ValueError("a backtest runs on past data and sees no live traffic: leave traffic out, or make it a shadow run")
        return value

    @property
    def splits_traffic(self) -> bool:
        """Its variants take turns on live traffic: what it sees, no other such experiment on the model can."""
        return self.kind in SPLITTING


class Tool(Work):
    DEFAULT_TRACK: ClassVar[str | None] = "team"

    kind: Literal[
        "annotation", "experiment-tracking", "model-registry", "monitoring", "feature-store", "compute", "other"
    ] = Field(description="annotation, experiment-tracking, model-registry, monitoring, feature-store, compute or other.")
    vendor: str | None = Field(None, description="Who provides it.")


class TrainingNeed(Work):
    DEFAULT_TRACK: ClassVar[str | None] = "team"

    skill: str = Field(description="The skill to learn, as the work's skills name it: once the training is done, its people have it.")
    people: list[Id] = Field(default_factory=_empty_list, description="The people who learn it (person ids).")


class Decision(Work):
    """A decision point and the stakeholders who must sign it off (``due`` is its date).

    A go/no-go decision may name the work each answer leads to (``if_yes``, ``if_no``): that
    work waits for the decision, and the plan follows the answer it ``expect``s; the other
    branch's planned work is left out, as cancelled work is (a scenario may answer the
    other way: ``{decide: ID, answer: no}``)."""

    sign_off: list[Id] = Field(default_factory=_empty_list, description="Stakeholder ids.")
    result: str | None = Field(None, description="What was decided, once it is; the calendar shows it with the decision.")
    expect: Answer = Field(
        "yes", description="The answer the plan follows (yes or no): the one expected, or once the decision is taken, the one given.")
    chance: Chance | None = Field(
        None, description="How likely the expected answer is, e.g. 70%: the forecast then draws the answer in each sample "
                          "and follows the other branch in the rest. Without it the forecast follows the expected answer.")
    if_yes: list[Id] = Field(default_factory=_empty_list, description="The work that follows a yes: it waits for the decision, and "
                                                               "is left out when the answer is no.")
    if_no: list[Id] = Field(default_factory=_empty_list, description="The fallback work that follows a no: it waits for the decision, "
                                                              "and is left out when the answer is yes.")

    @property
    def branches(self) -> bool:
        return bool(self.if_yes or self.if_no)

    def follows(self, answer: str) -> list[str]:
        """The work that follows ``answer`` ("yes" or "no")."""
        return list(self.if_yes if answer == "yes" else self.if_no)


class Delay(Strict):
    """What a risk does to the dates when it happens; only the forecast draws it (every
    other view shows the plan, which assumes it does not happen)."""

    chance: Chance = Field(description="How likely it happens: a fraction (0.3) or a percentage (30%). The forecast draws it once per sample.")
    by: DurationStr = Field(description="How much longer each piece of work it names takes when it happens, e.g. 2w.")
    work: list[Id] | None = Field(None, description="The work it delays (default: the work the risk affects).")


class Risk(Entity):
    likelihood: Level = Field(description="How likely it is to happen: low, medium or high.")
    impact: Level = Field(description="How bad it is when it happens: low, medium or high.")
    delay: Delay | None = Field(None, description="When it happens, how much it delays which work, and how likely it is: the forecast draws it.")
    mitigation: str | None = Field(
        None,
        description="What lowers its likelihood or impact. `check` asks for one on an open risk of high likelihood or impact.",
    )
    fallback: str | None = Field(None, description="The fallback UX, e.g. hand over to a human agent.")
    edge_case_logging: str | None = Field(None, description="How the cases it concerns are logged and reviewed.")
    affects: list[Id] = Field(
        default_factory=_empty_list,
        description="The work it affects (ids of any kind of work): the work its delay lengthens, unless the delay names its own.",
    )
    status: Literal["open", "mitigated", "accepted", "closed"] = Field(
        "open",
        description="open (default), mitigated, accepted or closed. A closed risk delays nothing.",
    )

    @property
    def delays(self) -> list[str]:
        """The work its ``delay`` names (by default the work it affects); none without one."""
        if self.delay is None:
            return []
        return list(self.delay.work if self.delay.work is not None else self.affects)

    @property
    def live(self) -> bool:
        """Can still happen: anything but closed (a mitigated risk's ``delay.chance`` is what
        is left of it after the mitigation)."""
        return self.status != "closed"


# --- the header and the whole roadmap ------------------------------------------------------


class Period(Strict):
    start: QuarterStr = Field(description="The first quarter the roadmap covers, e.g. 2026-Q1.")
    end: QuarterStr = Field(description="The last quarter it covers, included, e.g. 2026-Q4; a period is at most 40 quarters.")


class Split(Strict):
    """The planned share of effort, in percent, for exploration and for production work."""

    explore: Number = Field(ge=0, le=100, description="Percent of the effort planned for exploration (work with mode: explore).")
    exploit: Number = Field(
        ge=0, le=100,
        description="Percent of the effort planned for production work (mode: exploit); explore and exploit add up to 100.",
    )

    @model_validator(mode="after")
    def _adds_up(self) -> Split:
        if abs(self.explore + self.exploit - 100) > 1e-9:
            raise ValueError(f"explore and exploit must add up to 100, not {self.explore + self.exploit:g}")
        return self


class CheckSettings(Strict):
    """How `mlroadmap check` runs on this roadmap (also settable in pyproject.toml's [tool.mlroadmap])."""

    select: list[str] | None = Field(None, min_length=1, description="Only these rules: ids, id prefixes (MLR13), names or groups.")
    ignore: list[str] = Field(default_factory=_empty_list, description="Rules to skip: ids, id prefixes, names or groups.")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=_empty_dict, description="Rule -> severity, overriding the default.")
    split_tolerance: Number | None = Field(None, ge=0, le=100, description="Percentage points the actual explore share may differ from the planned one (default 10).")
    min_tracks: Count | None = Field(None, ge=2, description="A blocker is cross-track when it blocks at least this many tracks (default 2).")
    on_time_chance: Number | None = Field(None, ge=0, le=100, description="Percent: a due date or an outcome's quarter the plan meets but fewer forecast samples than this do is reported (default 80).")


class Info(Strict):
    name: str = Field(description="The roadmap's name, as every command's headline shows it; the calendar's event ids include it.")
    owner: str | None = Field(None, description="The person accountable for the roadmap.")
    period: Period = Field(description="The quarters the roadmap covers, e.g. {start: 2026-Q1, end: 2026-Q4}.")
    review: Date | None = Field(None, description="The next review date.")
    description: str | None = Field(None, description="What the roadmap is about, in free text.")
    split: Split | None = Field(
        None,
        description="The planned share of effort, in percent, e.g. {explore: 30, "
                    "exploit: 70}: `check` compares it with the work's mode.",
    )
    playbook: str | None = Field(None, description="Link to the team's validation and testing playbook.")
    compute_budget: dict[QuarterStr, Annotated[Number, Field(ge=0, le=1e15)]] = Field(
        default_factory=_empty_dict,
        description="The compute the models may use per quarter, e.g. {2027-Q1: 6000}, in compute_unit: `check` compares "
                    "the models' planned retraining and serving with it.",
    )
    compute_unit: str = Field("GPU-hours", description="The unit of compute_budget and of the models' compute numbers (default GPU-hours).")
    checks: CheckSettings | None = Field(
        None,
        description="How `mlroadmap check` runs on this roadmap: rules to select or ignore, severities, "
                    "thresholds. Settings here win over pyproject.toml's [tool.mlroadmap].",
    )
    waive: Waivers = Field(default_factory=_empty_dict)


# The kinds of work a freeze can hold: not decisions and regulations, whose date is the day
# something happens (a meeting, a law taking effect), not a change going live.
FREEZABLE = ("items", "models", "datasets", "audits", "mitigations", "privacy_assessments", "policies",
             "monitors", "experiments", "tools", "training_needs")
Freezable = Literal["items", "models", "datasets", "audits", "mitigations", "privacy_assessments", "policies",
                    "monitors", "experiments", "tools", "training_needs"]


class Freeze(Strict):
    """A period in which the work it covers may not go live: a change freeze, a holiday
    peak. Work that would finish inside it (a milestone: fall inside it) finishes on the
    first day after it instead: the work may be done before, its going live waits."""

    id: Id = Field(description="The freeze's id: letters, digits, '-' and '_'.")
    title: str = Field(description="A short name for it, e.g. Holiday peak change freeze 2026.")
    start: Date = Field(description="The first day of the freeze.")
    end: Date = Field(description="The last day of the freeze.")
    reason: str | None = Field(None, description="Why nothing goes live then.")
    tracks: list[str] = Field(default_factory=_empty_list, description="The tracks whose work it holds; none given: every track.")
    kinds: list[Freezable] = Field(
        default_factory=_empty_list,
        description="The kinds of work it holds, as the sections are named (models, items, ...); none given: every kind "
                    "but decisions and regulations, whose date is the day they happen.",
    )
    waive: Waivers = Field(default_factory=_empty_dict)


# --- scenarios: what-ifs kept beside the plan ---------------------------------------------


class Slip(Strict):
    """``{slip: txn-data, by: 30d}``: the work takes that much longer (a milestone's day moves
    by it), as a risk's delay does when it happens."""

    slip: Id = Field(description="The work that slips.")
    by: DurationStr = Field(description="How much longer it takes, e.g. 30d.")


class SetDuration(Strict):
    """``{duration: gnn-train, to: 6w}``: the work takes this long (its planned end and
    estimate give way; a planned start stays)."""

    duration: Id = Field(description="The work whose length is set.")
    to: DurationStr = Field(description="Its new length, e.g. 6w.")


class SetCapacity(Strict):
    """``{capacity: ana, to: 0.5}``: a person's share of a working day (a team without
    named members: its full-time people) becomes this."""

    capacity: Id = Field(description="The person or team.")
    to: Annotated[Number, Field(gt=0)] = Field(description="The new capacity: for a person above 0 and at most 1.")


class Without(Strict):
    """``{without: ana}``: the person does no more work from the as-of day on (from
    ``from``, when given): they leave the team the day before."""

    without: Id = Field(description="The person who is not there.")
    since: Date | None = Field(None, alias="from", description="Their first day away (default: the as-of day).")


class Decide(Strict):
    """``{decide: go-live-call, answer: no}``: the decision is answered so (its branches
    follow that answer, not the one the plan expects)."""

    decide: Id = Field(description="The decision, one with if_yes or if_no.")
    answer: Answer = Field(description="yes or no.")


class Hire(Strict):
    """``{hire: ml-eng-2, team: fraud-ds, joins: 2027-03-01, skills: [graph-ml]}``: a
    person who is not on the roadmap joins, as a member of ``team`` (so work assigned to
    the team can go to them) and of the ``any_of`` lists given in ``for``."""

    hire: Id = Field(description="The new person's id (not used in the roadmap).")
    name: str | None = Field(None, description="Their name (default: the id).")
    capacity: Number = Field(1.0, gt=0, le=1, description="Share of a full-time working day.")
    skills: list[str] = Field(default_factory=_empty_list, description="Skills they bring, e.g. [graph-ml].")
    joins: Date | None = Field(None, description="Their first day (default: from the start).")
    team: Id | None = Field(None, description="The team they join.")
    for_: list[Id] = Field(default_factory=_empty_list, alias="for", description="Work whose any_of they are added to.")


# Each shape by the key that names it; `capacity` last, since a hire may give one too.
# The tags are not keys of the YAML: the loader leaves steps in <> out of an error's place.
ASSUMPTIONS: dict[str, type[Strict]] = {"slip": Slip, "duration": SetDuration, "without": Without, "hire": Hire,
                                        "decide": Decide, "capacity": SetCapacity}


def _assumption_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((f"<{key}>" for key in ASSUMPTIONS if key in value), None)
    return next((f"<{key}>" for key, shape in ASSUMPTIONS.items() if isinstance(value, shape)), None)


Assumption = Annotated[
    Union[Annotated[Slip, Tag("<slip>")], Annotated[SetDuration, Tag("<duration>")], Annotated[SetCapacity, Tag("<capacity>")],
          Annotated[Without, Tag("<without>")], Annotated[Hire, Tag("<hire>")], Annotated[Decide, Tag("<decide>")]],
    Discriminator(
        _assumption_tag,
        custom_error_type="assumption",
        custom_error_message="an assumption starts with one of slip, duration, capacity, without, hire or decide, "
                             "e.g. {slip: txn-data, by: 30d}",
    ),
]


class Scenario(Strict):
    """A what-if kept beside the plan: ``mlroadmap scenario compare`` shows the dates it
    moves, and ``--assume ID`` shows any view under it. It never changes the roadmap."""

    id: Id = Field(description="The scenario's id (letters, digits, '-' and '_'), for --assume ID and --scenario ID.")
    title: str = Field(description="What it assumes, in a line, e.g. The load test takes three more weeks.")
    description: str | None = Field(None, description="More about it than the title says, in free text.")
    assume: list[Assumption] = Field(min_length=1, description="What it assumes, in order: slip, duration, capacity, without, hire, decide.")
    waive: Waivers = Field(default_factory=_empty_dict)


# section name -> entity class, in the order reports list them.
SECTIONS: dict[str, type[Strict]] = {
    "outcomes": Outcome,
    "tracks": Track,
    "people": Person,
    "teams": Team,
    "stakeholders": Stakeholder,
    "items": Item,
    "models": Model,
    "datasets": Dataset,
    "audits": Audit,
    "mitigations": Mitigation,
    "privacy_assessments": PrivacyAssessment,
    "policies": Policy,
    "regulations": Regulation,
    "monitors": Monitor,
    "experiments": Experiment,
    "tools": Tool,
    "training_needs": TrainingNeed,
    "decisions": Decision,
    "risks": Risk,
    "freezes": Freeze,
    "scenarios": Scenario,
}


# section name -> what one entry is called, for messages ("an item", "1 privacy assessment").
SINGULAR: dict[str, str] = {
    "outcomes": "outcome",
    "tracks": "track",
    "people": "person",
    "teams": "team",
    "stakeholders": "stakeholder",
    "items": "item",
    "models": "model",
    "datasets": "dataset",
    "audits": "audit",
    "mitigations": "mitigation",
    "privacy_assessments": "privacy assessment",
    "policies": "policy",
    "regulations": "regulation",
    "monitors": "monitor",
    "experiments": "experiment",
    "tools": "tool",
    "training_needs": "training need",
    "decisions": "decision",
    "risks": "risk",
    "freezes": "freeze",
    "scenarios": "scenario",
}


def count_of(section: str, number: int) -> str:
    """``count_of("items", 1) == "1 item"``, ``count_of("privacy_assessments", 3) == "3 privacy assessments"``."""
    return f"{number} {SINGULAR[section] if number == 1 else section.replace('_', ' ')}"


def a_kind(section: str) -> str:
    """``a_kind("items") == "an item"``."""
    noun = SINGULAR[section]
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


class RoadmapFile(Strict):
    """One YAML file of a roadmap. A roadmap may be split across many files; exactly one
    of them carries the ``roadmap:`` header."""

    # Keys starting with x- are the author's own (the loader sets them aside), e.g. a block
    # of shared defaults: `x-defaults: &defaults {...}`, used as `<<: *defaults`.
    model_config = ConfigDict(title="mlroadmap roadmap file", json_schema_extra={"patternProperties": {"^x-": {}}})

    roadmap: Info | None = Field(
        None,
        description="The roadmap's header (name, owner, period, review, split, checks). Exactly one file of a roadmap has it.",
    )
    outcomes: list[Outcome] = Field(
        default_factory=_empty_list,
        description="The problems the roadmap solves, each with its measurable goal: metric, baseline, target and due quarter.",
    )
    tracks: list[Track] = Field(
        default_factory=_empty_list,
        description="Custom tracks beside the six standard ones (model, data, ethics, monitoring, experiments, team).",
    )
    people: list[Person] = Field(
        default_factory=_empty_list,
        description="The people who do the work, with their capacity, skills and time off. Once people or "
                    "teams are declared, the dates take the team's capacity into account.",
    )
    teams: list[Team] = Field(
        default_factory=_empty_list,
        description="Teams of people, or a vendor with a number of full-time people, that work can be assigned to.",
    )
    stakeholders: list[Stakeholder] = Field(
        default_factory=_empty_list,
        description="The people to get buy-in from and who sign off decisions, each with a role.",
    )
    items: list[Item] = Field(
        default_factory=_empty_list,
        description="The work: each piece in a track and a milestone phase, with its dates and what it waits on.",
    )
    models: list[Model] = Field(
        default_factory=_empty_list,
        description="The models, each with 2-3 key metrics, a stage, its datasets, "
                    "retraining and revalidation cadences and degradation thresholds.",
    )
    datasets: list[Dataset] = Field(
        default_factory=_empty_list,
        description="The data the work depends on: source, refresh, quality SLA, labelling, personal data and blockers.",
    )
    audits: list[Audit] = Field(default_factory=_empty_list, description="Fairness audits, bias tests, red-teaming and robustness tests of the models.")
    mitigations: list[Mitigation] = Field(default_factory=_empty_list, description="Work that addresses what an audit found, or lowers a risk.")
    privacy_assessments: list[PrivacyAssessment] = Field(
        default_factory=_empty_list,
        description="Privacy impact assessments (DPIAs) of datasets and models.",
    )
    policies: list[Policy] = Field(default_factory=_empty_list, description="Retention, consent and access policies, and the work to put them in place.")
    regulations: list[Regulation] = Field(default_factory=_empty_list, description="Regulatory requirements, each with its deadline (due).")
    monitors: list[Monitor] = Field(
        default_factory=_empty_list,
        description="What is watched in production, the bounds that trigger an action, and where the alert goes.",
    )
    experiments: list[Experiment] = Field(
        default_factory=_empty_list,
        description="A/B tests, multivariate tests and hypothesis checks, kept separate from production work.",
    )
    tools: list[Tool] = Field(
        default_factory=_empty_list,
        description="The team's tools to put in place: annotation, experiment tracking, model registry, feature store, compute, ...",
    )
    training_needs: list[TrainingNeed] = Field(default_factory=_empty_list, description="Skills the team has to learn, and who learns them.")
    decisions: list[Decision] = Field(
        default_factory=_empty_list,
        description="Decision points, the stakeholders who sign them off and their date "
                    "(due); a go/no-go may name the work each answer leads to.",
    )
    risks: list[Risk] = Field(
        default_factory=_empty_list,
        description="What can go wrong: likelihood, impact, mitigation, the fallback "
                    "users see, and the delay it adds when it happens.",
    )
    freezes: list[Freeze] = Field(default_factory=_empty_list, description="Change freezes and holiday peaks: periods in which the work they cover does not go live.")
    scenarios: list[Scenario] = Field(default_factory=_empty_list, description="What-ifs kept beside the plan: `mlroadmap scenario compare` shows the dates each moves.")



def in_play(entity: Any) -> bool:
    """What the rules and reports look at: nothing cancelled, no retired model."""
    return entity.status != "cancelled" and getattr(entity, "stage", None) != "retired"


# --- which fields reference which sections --------------------------------------------------

# Sections whose entities are work: they can depend on, and be depended on by, each other.
WORK_SECTIONS = (
    "items",
    "models",
    "datasets",
    "audits",
    "mitigations",
    "privacy_assessments",
    "policies",
    "regulations",
    "monitors",
    "experiments",
    "tools",
    "training_needs",
    "decisions",
)


def dependencies(section: str, entity: Any) -> list[str]:
    """What ``entity`` waits for: its ``depends_on``, and for a model its datasets."""
    if section == "models":
        return [*entity.depends_on, *entity.datasets]
    return list(getattr(entity, "depends_on", ()))


# Work a decision's branch names waits for the decision unless it has started already: a
# fallback under way before the call is a hedge, and keeps its own dates.
UNSTARTED = frozenset({"planned", "cancelled"})


def branches(decision: Decision) -> Iterator[tuple[str, int, str]]:
    """(``if_yes`` or ``if_no``, index, work id) of each piece of work the decision's answers lead to."""
    for key in ("if_yes", "if_no"):
        for index, ident in enumerate(getattr(decision, key)):
            yield key, index, ident


# --- the whole roadmap ----------------------------------------------------------------------------


@dataclass
class Roadmap:
    """A whole roadmap: the header, every section merged across files, and where each
    entity was written (for messages that point at the YAML).

    A roadmap that validated always has its header (:attr:`info`); only the checks that
    run on a broken one look at :attr:`header`, which may be missing."""

    header: Info | None  # None only while a broken roadmap is being checked
    files: list[SourceFile]
    sections: dict[str, list[Any]]
    # id(entity object) -> (file, path of the entity inside that file)
    origins: dict[int, tuple[SourceFile, tuple[Any, ...]]] = field(default_factory=_empty_dict, repr=False)
    # id(entity) -> keys of an invalid entry left out so the rest could still be checked;
    # checks that need those keys skip the entity (its own errors are reported already).
    dropped: dict[int, set[str]] = field(default_factory=_empty_dict, repr=False)
    # A scenario's roadmap (mlroadmap.scenarios.assume): days each piece of work takes beyond
    # its plan, what it assumes in words, and the roadmap it was made from (kept alive, so
    # that the ids of its entities, which `origins` is keyed by, stay theirs).
    slips: dict[str, int] = field(default_factory=_empty_dict, repr=False)
    assuming: tuple[str, ...] = ()
    base: Roadmap | None = field(default=None, repr=False)
    # The planned work a decision's other answer leads to, left out (mlroadmap.branches):
    # id -> the branch in words ("go-live-call's no").
    left_out: dict[str, str] = field(default_factory=_empty_dict, repr=False)

    def derive(self, copies: Iterable[tuple[Any, Any]] = (), *, added: Mapping[str, list[Any]] | None = None,
               **fields: Any) -> Roadmap:
        """This roadmap with each copy of ``copies`` ((original, copy)) in its original's
        place, still pointing at the original's place in the YAML (so messages do), the
        entities of ``added`` appended to their sections (written nowhere: a message about
        one points at the header), and ``fields`` replaced. The files and this roadmap are
        left as they are; it is the new one's ``base``."""
        pairs = list(copies)
        origins, dropped = dict(self.origins), dict(self.dropped)
        replacing = {id(original): copy for original, copy in pairs}
        for original, copy in pairs:
            origins[id(copy)] = self.origins[id(original)]
            if id(original) in self.dropped:
                dropped[id(copy)] = self.dropped[id(original)]
        sections = {name: [replacing.get(id(item), item) for item in items] if replacing else items
                    for name, items in self.sections.items()}
        for name, entities in (added or {}).items():
            sections[name] = [*sections[name], *entities]
            for entity in entities:
                origins[id(entity)] = self.origins[id(self.info)]
        return replace(self, sections=sections, origins=origins, dropped=dropped, base=self, **fields)

    @property
    def staffed(self) -> bool:
        """People or teams are declared: owners name them, and the team's capacity means something."""
        return bool(self.sections["people"] or self.sections["teams"])

    def names(self) -> dict[str, str]:
        """id -> the name reports show, for every person, team and stakeholder; a
        stakeholder without a name of their own has the name of the person they are."""
        people = {person.id: person.name for person in self.people}
        return {
            **{team.id: team.name for team in self.teams},
            **people,
            **{holder.id: holder.name or people.get(holder.person or "", holder.id) for holder in self.stakeholders},
        }

    @property
    def info(self) -> Info:
        """The header (name, period, ...) of a roadmap that validated."""
        if self.header is None:
            raise ValueError("this roadmap has no 'roadmap:' header: it did not validate")
        return self.header

    def complete(self, entity: BaseModel, key: str) -> bool:
        """False when ``key`` of ``entity`` was invalid and left out."""
        return key not in self.dropped.get(id(entity), ())

    def locate(self, entity: BaseModel, *path: str | int, at_key: bool = False) -> Location:
        """Where ``entity`` (or the part of it at ``path``) was written."""
        source, base = self.origins[id(entity)]
        return source.location(base + path, at_key=at_key)

    def entities(self) -> Iterator[tuple[str, Any]]:
        """(section, entity) for every entity with an id: section by section, each in file order."""
        for section, entities in self.sections.items():
            for entity in entities:
                yield section, entity

    # The sections, typed (SECTIONS names them; a loaded roadmap has every one, maybe empty).
    @property
    def outcomes(self) -> list[Outcome]:
        return self.sections["outcomes"]

    @property
    def tracks(self) -> list[Track]:
        return self.sections["tracks"]

    @property
    def people(self) -> list[Person]:
        return self.sections["people"]

    @property
    def teams(self) -> list[Team]:
        return self.sections["teams"]

    @property
    def stakeholders(self) -> list[Stakeholder]:
        return self.sections["stakeholders"]

    @property
    def items(self) -> list[Item]:
        return self.sections["items"]

    @property
    def models(self) -> list[Model]:
        return self.sections["models"]

    @property
    def datasets(self) -> list[Dataset]:
        return self.sections["datasets"]

    @property
    def audits(self) -> list[Audit]:
        return self.sections["audits"]

    @property
    def mitigations(self) -> list[Mitigation]:
        return self.sections["mitigations"]

    @property
    def privacy_assessments(self) -> list[PrivacyAssessment]:
        return self.sections["privacy_assessments"]

    @property
    def policies(self) -> list[Policy]:
        return self.sections["policies"]

    @property
    def regulations(self) -> list[Regulation]:
        return self.sections["regulations"]

    @property
    def monitors(self) -> list[Monitor]:
        return self.sections["monitors"]

    @property
    def experiments(self) -> list[Experiment]:
        return self.sections["experiments"]

    @property
    def tools(self) -> list[Tool]:
        return self.sections["tools"]

    @property
    def training_needs(self) -> list[TrainingNeed]:
        return self.sections["training_needs"]

    @property
    def decisions(self) -> list[Decision]:
        return self.sections["decisions"]

    @property
    def risks(self) -> list[Risk]:
        return self.sections["risks"]

    @property
    def freezes(self) -> list[Freeze]:
        return self.sections["freezes"]

    @property
    def scenarios(self) -> list[Scenario]:
        return self.sections["scenarios"]
