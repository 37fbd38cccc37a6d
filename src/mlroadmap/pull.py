"""Live metrics: each model metric's current value read from where it is measured.

A metric with ``source:`` names an MLflow tracking server's metric (through a registered
model's alias, or one run) or a key of a JSON or YAML metrics file. :func:`read_sources`
reads every source and returns what it found beside what the roadmap says: a
:class:`Pull`, which ``metrics pull`` prints, checks (``--check``) or writes back into the
YAML (:mod:`mlroadmap.writeback`). Reading never writes; nothing here runs unless a
command asks for it, so ``validate`` and every other command stay off the network.

The dates are UTC days: an MLflow value's own timestamp (not its run's, not its version's);
for a file, the day of the last commit that changed it when git tracks it unchanged, else
its modification time.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Location
from .writeback import Edit

if TYPE_CHECKING:
    from .loader import Roadmap
    from .mlflow_rest import TrackingServer
    from .model import Metric, MetricSource, Model

MAX_METRICS_FILE_BYTES = 64 * 1024 * 1024


@dataclass
class Reading:
    """One metric with a source: what the roadmap says and what the source says."""

    file: str  # the roadmap file the metric is written in
    path: tuple[str | int, ...]  # the metric's mapping inside that file
    location: Location  # its current value (or the metric, when it has none)
    model: str
    metric: str
    old: float | None
    old_measured: dt.date | None
    new: float
    measured: dt.date
    origin: str  # where the value came from, in words

    @property
    def changed(self) -> bool:
        return self.old != self.new or self.old_measured != self.measured

    def edits(self) -> list[Edit]:
        edits = []
        if self.old != self.new:
            edits.append(Edit(self.file, self.path, self.location, "current", self.new, ("baseline",)))
        if self.old_measured != self.measured:
            edits.append(Edit(self.file, self.path, self.location, "measured", self.measured, ("current", "baseline")))
        return edits

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.location.file, "line": self.location.line, "column": self.location.column,
            "model": self.model, "metric": self.metric,
            "current": {"old": self.old, "new": self.new},
            "measured": {"old": None if self.old_measured is None else self.old_measured.isoformat(), "new": self.measured.isoformat()},
            "source": self.origin, "changed": self.changed,
        }


@dataclass
class Retrain:
    """When a model's newest registered version was created, beside the roadmap's `retrained`."""

    file: str
    path: tuple[str | int, ...]  # the model's mapping inside the file
    location: Location
    model: str
    old: dt.date | None
    new: dt.date
    origin: str

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def edits(self) -> list[Edit]:
        if not self.changed:
            return []
        return [Edit(self.file, self.path, self.location, "retrained", self.new, ("retraining", "stage", "id"))]

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.location.file, "line": self.location.line, "column": self.location.column, "model": self.model,
                "retrained": {"old": None if self.old is None else self.old.isoformat(), "new": self.new.isoformat()},
                "source": self.origin, "changed": self.changed}


@dataclass
class Pull:
    readings: list[Reading] = field(default_factory=list)
    retrains: list[Retrain] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # files written back (metrics pull sets it)
    checked: bool = False  # --check: nothing is written, whatever changed

    @property
    def changes(self) -> list[Reading]:
        return [reading for reading in self.readings if reading.changed]

    @property
    def retrained(self) -> list[Retrain]:
        return [retrain for retrain in self.retrains if retrain.changed]

    @property
    def out_of_date(self) -> int:
        """How many metrics and models' retrains differ from their sources."""
        return len(self.changes) + len(self.retrained)

    def edits(self) -> list[Edit]:
        """Every value to write, metrics and retrains."""
        return [edit for reading in self.readings for edit in reading.edits()] + [edit for retrain in self.retrains for edit in retrain.edits()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "metrics": [reading.to_dict() for reading in self.readings],
            "retrained": [retrain.to_dict() for retrain in self.retrains],
            "changed": self.out_of_date,
            "written": self.written,
            "problems": [problem.to_dict() for problem in self.problems],
        }


def read_sources(roadmap: Roadmap, tracking_uri: str | None) -> Pull:
    """Every source's value, or the problems that kept any from being read.

    ``tracking_uri`` is used for MLflow sources only (``--tracking-uri``, else
    ``MLFLOW_TRACKING_URI``): a roadmap with file sources alone needs no server."""
    result = Pull()
    server: TrackingServer | None = None
    server_problem: str | None = None
    unread, first_unread = 0, -1  # MLflow sources not read because the server cannot be
    for model in roadmap.models:
        for index, metric in enumerate(model.metrics):
            source = metric.source
            if source is None:
                continue
            where = roadmap.locate(model, "metrics", index, "source")
            try:
                if source.mlflow is not None:
                    if server is None and server_problem is None:
                        server, server_problem = _server(tracking_uri)
                    value, measured, origin = _from_mlflow(server, server_problem, source)
                else:
                    value, measured, origin = _from_file(roadmap, model, metric, source)
            except _ServerDown as down:
                # The server itself: said once, at its first source, with a count of the others.
                unread += 1
                if unread == 1:
                    result.problems.append(Diagnostic(where, down.message, code="metric-source"))
                    first_unread = len(result.problems) - 1
                continue
            except _Problem as problem:
                at = roadmap.locate(model, "metrics", index, "source", *problem.path) if problem.path else where
                result.problems.append(Diagnostic(at, problem.message, code="metric-source"))
                continue
            origin_file, base = roadmap.origins[id(model)]
            current = ("metrics", index, "current") if metric.current is not None else ("metrics", index)
            result.readings.append(Reading(
                origin_file.name, (*base, "metrics", index), roadmap.locate(model, *current), model.id, metric.name,
                metric.current, metric.measured, value, measured, origin))
        if server is not None and server.unreachable is None:
            _retrain(roadmap, model, server, result)
    if unread > 1:
        said = result.problems[first_unread]
        others = unread - 1
        result.problems[first_unread] = replace(said, message=f"{said.message} (and {others} more MLflow source{'s' if others > 1 else ''} not read)")
    return result


def _retrain(roadmap: Roadmap, model: Model, server: TrackingServer, result: Pull) -> None:
    """The day the newest version of the registered models the model's metrics come from was
    created: when the model was last really retrained."""
    from .mlflow_rest import MlflowError, utc_day

    names = sorted({metric.source.mlflow.model for metric in model.metrics
                    if metric.source is not None and metric.source.mlflow is not None and metric.source.mlflow.model is not None})
    newest: tuple[dt.date, str] | None = None
    for name in names:
        try:
            version = server.newest_version(name)
        except MlflowError:
            return  # its metrics' own problems say why
        if version is None:
            continue
        try:
            day = utc_day(version["creation_timestamp"])
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            continue
        if newest is None or day > newest[0]:
            newest = (day, f"MLflow {name} version {version.get('version')}")
    if newest is None:
        return
    origin_file, base = roadmap.origins[id(model)]
    where = roadmap.locate(model, "retrained") if model.retrained is not None else roadmap.locate(model, "id")
    result.retrains.append(Retrain(origin_file.name, base, where, model.id, model.retrained, newest[0], newest[1]))


class _Problem(Exception):
    def __init__(self, message: str, *path: str):
        super().__init__(message)
        self.message = message
        self.path = path


class _ServerDown(_Problem):
    """No tracking server to read from: none given, not an HTTP address, or no answer."""


def _server(tracking_uri: str | None) -> tuple[TrackingServer | None, str | None]:
    from .mlflow_rest import MlflowError, TrackingServer

    uri = tracking_uri or os.environ.get("MLFLOW_TRACKING_URI")
    if not uri:
        return None, "no tracking server to read from: give --tracking-uri URI or set MLFLOW_TRACKING_URI"
    try:
        return TrackingServer(uri), None
    except MlflowError as error:
        return None, str(error)


def _from_mlflow(server: TrackingServer | None, server_problem: str | None, source: MetricSource) -> tuple[float, dt.date, str]:
    from .mlflow_rest import MlflowError, Unreachable

    ref = source.mlflow
    assert ref is not None
    if server is None:
        raise _ServerDown(str(server_problem))
    try:
        reading = server.reading(ref.metric, run=ref.run, model=ref.model, alias=ref.alias)
    except Unreachable as error:
        raise _ServerDown(str(error)) from None
    except MlflowError as error:
        raise _Problem(str(error), *(("mlflow", error.key) if error.key else ())) from None
    if ref.run is not None:
        origin = f"MLflow run {ref.run}: {ref.metric}"
    else:
        origin = f"MLflow {ref.model}@{ref.alias} (version {reading.version}): {ref.metric}"
    return reading.value, reading.measured, origin


def metrics_file(roadmap_file: str, source: MetricSource) -> str:
    """The metrics file's path as it is opened and shown: relative to the roadmap file's
    directory, not to the current one."""
    assert source.file is not None
    return os.path.normpath(os.path.join(os.path.dirname(roadmap_file), source.file))


def _from_file(roadmap: Roadmap, model: Model, metric: Metric, source: MetricSource) -> tuple[float, dt.date, str]:
    assert source.key is not None
    origin_file, _ = roadmap.origins[id(model)]
    if origin_file.name == "-":
        raise _Problem("a roadmap read from standard input has no directory for the metrics file to be relative to; give the roadmap's path", "file")
    path = metrics_file(origin_file.name, source)
    data = _load_metrics(path)
    value = _lookup(data, source.key, path)
    day, how = _file_day(path)
    return value, day, f"{path}: {source.key}; {how} {day}"


def _load_metrics(path: str) -> Any:
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path):  # a named pipe would block for ever
            raise _Problem(f"metrics file {path} is not a regular file", "file")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_METRICS_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _Problem(f"metrics file {path} does not exist", "file") from None
    except IsADirectoryError:
        raise _Problem(f"metrics file {path} is a directory", "file") from None
    except OSError as error:
        raise _Problem(f"cannot read metrics file {path}: {error.strerror or error}", "file") from None
    if len(raw) > MAX_METRICS_FILE_BYTES:
        raise _Problem(f"metrics file {path} is larger than {MAX_METRICS_FILE_BYTES // (1024 * 1024)} MB", "file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Problem(f"metrics file {path} is not UTF-8 text", "file") from None
    if path.lower().endswith(".json"):
        try:
            return json.loads(text)
        except ValueError as error:
            raise _Problem(f"metrics file {path} is not valid JSON: {error}", "file") from None
        except RecursionError:
            raise _Problem(f"metrics file {path} is nested too deeply to read", "file") from None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when PyYAML has it; plain data only
    try:
        return yaml.load(text, Loader=loader)
    except RecursionError:
        raise _Problem(f"metrics file {path} is nested too deeply to read", "file") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark is not None else ""
        raise _Problem(f"metrics file {path} is not valid YAML or JSON{at}: {getattr(error, 'problem', None) or error}", "file") from None


def _lookup(data: Any, key: str, path: str) -> float:
    """``eval.f1`` in ``data``: a key with dots in its name is taken whole when it exists
    (``{"eval.f1": 0.9}``), else the dots walk down mappings (and list positions)."""
    node, rest, walked = data, key, ""
    while True:
        if isinstance(node, dict) and rest in node:
            node = node[rest]
            break
        head, dot, tail = rest.partition(".")
        if isinstance(node, dict) and head in node:
            node = node[head]
        elif isinstance(node, list) and head.isdigit() and int(head) < len(node):
            node = node[int(head)]
        else:
            inside = f" under {walked!r}" if walked else ""
            if isinstance(node, dict):
                from .suggest import Suggester

                keys = [str(name) for name in node]
                hint = Suggester().closest(head, keys)
                known = f"; did you mean {hint!r}?" if hint else f"; the keys there: {', '.join(keys[:20])}" if keys else "; it is empty there"
            else:
                known = f"; {walked or 'the file'} holds {_kind(node)}, not a mapping"
            raise _Problem(f"metrics file {path} has no key {head!r}{inside}{known}", "key")
        walked = f"{walked}.{head}" if walked else head
        if not dot:
            break
        rest = tail
    if isinstance(node, bool) or not isinstance(node, (int, float)) or (isinstance(node, float) and not math.isfinite(node)):
        raise _Problem(f"metrics file {path}: {key!r} is {_kind(node)}, not a number", "key")
    if isinstance(node, int) and abs(node) > 2**53:  # past what a float (and the roadmap's numbers) hold exactly
        raise _Problem(f"metrics file {path}: {key!r} is {len(str(abs(node)))} digits long, too large a number for a metric", "key")
    return node


def _kind(node: Any) -> str:
    if isinstance(node, dict):
        return "a mapping"
    if isinstance(node, list):
        return "a list"
    if node is None:
        return "empty"
    return repr(node) if isinstance(node, (bool, int, float)) or len(str(node)) < 40 else "text"


def _file_day(path: str) -> tuple[dt.date, str]:
    """The file's day and what it is: its last commit's, else its modification time's (which
    the commit replaces once it is made: hence the words, shown with each change)."""
    from .git import committed_day

    day = committed_day(path)
    if day is not None:
        return day, "committed"
    return dt.datetime.fromtimestamp(os.stat(path).st_mtime, tz=dt.timezone.utc).date(), "modified, not committed"
