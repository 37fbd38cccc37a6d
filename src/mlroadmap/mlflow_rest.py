"""An MLflow tracking server read over its REST API, with the standard library alone.

``metrics pull`` needs three calls of MLflow's small REST API (an alias's model version, a
run, a registered model's versions), so the tool needs no MLflow package at run time: a
training environment's MLflow version never has to match ours. It follows the MLflow
client where users expect it to: the tracking URI from ``MLFLOW_TRACKING_URI``, and the
credentials only from MLflow's own environment variables (``MLFLOW_TRACKING_TOKEN``, or
``MLFLOW_TRACKING_USERNAME`` and ``MLFLOW_TRACKING_PASSWORD``; ``MLFLOW_TRACKING_INSECURE_TLS``,
``MLFLOW_TRACKING_SERVER_CERT_PATH``, ``MLFLOW_TRACKING_CLIENT_CERT_PATH``), never printed.

Unlike the MLflow client, it fails fast: one attempt, a few seconds' timeout, and a server
that did not answer once is not asked again in the same run, so an unreachable server cannot
hang a pre-commit hook. Redirects are not followed (they would carry the credentials to
another host); the message gives the address to use instead.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import math
import os
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

TIMEOUT = 5.0  # seconds, for the connection and for each read
API = "/api/2.0/mlflow/"


class MlflowError(Exception):
    """Something the tracking server could not give; the message is for the user, and
    ``key`` names the source's key it is about (model, alias, run, metric), if one."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


class Unreachable(MlflowError):
    """The server did not answer at all: no other request is sent to it in this run."""


@dataclass(frozen=True)
class Reading:
    """A metric's latest value in a run, and the UTC day it was logged."""

    value: float
    measured: dt.date
    run: str
    version: str | None = None  # the registered model's version, when read through an alias


def redacted(uri: str) -> str:
    """``uri`` without any user or password written into it, as messages show it."""
    parts = urllib.parse.urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri
    host = parts.hostname or ""
    if parts.port is not None:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def utc_day(milliseconds: Any) -> dt.date:
    """An MLflow timestamp (milliseconds since the epoch) as its UTC day."""
    return dt.datetime.fromtimestamp(int(milliseconds) / 1000, tz=dt.timezone.utc).date()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None  # urllib then raises the 30x as an HTTPError, which names the new address


class TrackingServer:
    """One tracking server; every answer is kept, so each run or alias is asked for once."""

    def __init__(self, uri: str, timeout: float = TIMEOUT):
        try:
            parts = urllib.parse.urlsplit(uri)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            parts = None
        if parts is None or " " in uri:
            raise MlflowError(f"the tracking URI {_shown_anyway(uri)!r} is not a valid address")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise MlflowError(f"the tracking URI {redacted(uri)!r} is not an http:// or https:// address; metrics pull reads "
                              "a tracking server over its REST API")
        self.uri = uri.rstrip("/")
        self.shown = redacted(self.uri)
        self.timeout = timeout
        self._answers: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}
        self.unreachable: Unreachable | None = None  # set once a request found no server
        try:
            context = _tls_context()
        except (OSError, ssl.SSLError) as error:  # a certificate file that is missing or not one
            raise MlflowError(f"cannot use the TLS certificates MLflow's environment variables name: {error}") from None
        self._opener = urllib.request.build_opener(_NoRedirects(), urllib.request.HTTPSHandler(context=context))
        self._headers = {"Accept": "application/json", "User-Agent": "mlroadmap", **_credentials()}
        if parts.username is not None:
            self.uri = urllib.parse.urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, parts.fragment)).rstrip("/")
            if "Authorization" not in self._headers:
                self._headers["Authorization"] = _basic(urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))

    # --- what metrics pull reads ------------------------------------------------------------

    def version(self, model: str, alias: str) -> dict[str, Any]:
        """The model version behind ``model``'s ``alias``."""
        try:
            answer = self._get("registered-models/alias", name=model, alias=alias)
        except _NotFound as error:
            if error.code == "RESOURCE_DOES_NOT_EXIST":
                raise MlflowError(f"no registered model {model!r} on the tracking server at {self.shown}{self._closest_model(model)}", "model") from None
            aliases = self._aliases(model)
            known = f"; its aliases: {', '.join(aliases)}" if aliases else "; it has no alias"
            raise MlflowError(f"registered model {model!r} has no alias {alias!r}{known}", "alias") from None
        version = answer.get("model_version")
        if not isinstance(version, dict):
            raise self._not_mlflow()
        return version

    def run(self, run_id: str) -> dict[str, Any]:
        try:
            answer = self._get("runs/get", run_id=run_id)
        except _NotFound:
            raise MlflowError(f"no run {run_id!r} on the tracking server at {self.shown}", "run") from None
        run = answer.get("run")
        if not isinstance(run, dict):
            raise self._not_mlflow()
        return run

    def newest_version(self, model: str) -> dict[str, Any] | None:
        """``model``'s most recently created version, or None when it has none."""
        try:
            answer = self._get("model-versions/search", filter=f"name={_quoted(model)}", order_by="creation_timestamp DESC",
                               max_results="1")
        except _NotFound:
            raise MlflowError(f"no registered model {model!r} on the tracking server at {self.shown}") from None
        versions = [version for version in answer.get("model_versions") or [] if isinstance(version, dict)]
        return versions[0] if versions else None

    def reading(self, metric: str, *, run: str | None = None, model: str | None = None, alias: str | None = None) -> Reading:
        """The latest value of ``metric`` in ``run``, or in the run of ``model``'s ``alias``."""
        version: dict[str, Any] | None = None
        where = f"run {run!r}"
        if run is None:
            assert model is not None and alias is not None
            version = self.version(model, alias)
            run = version.get("run_id") or None
            where = f"version {version.get('version')} of {model!r} (alias {alias!r})"
            if run is None:
                raise MlflowError(f"{where} names no run, so it has no logged metrics", "alias")
            where += f", run {run}"
        data = self.run(run).get("data") or {}
        latest = {entry.get("key"): entry for entry in data.get("metrics") or [] if isinstance(entry, dict)}
        if metric not in latest:
            from .suggest import Suggester

            keys = sorted(str(key) for key in latest)
            hint = Suggester().closest(metric, keys)
            logged = f"; did you mean {hint!r}?" if hint else f"; it logged: {', '.join(keys)}" if keys else "; it logged no metrics"
            raise MlflowError(f"{where} has no metric {metric!r}{logged}", "metric")
        entry = latest[metric]
        value = entry.get("value")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise self._not_mlflow()
        if not math.isfinite(value):
            raise MlflowError(f"the latest value of {metric!r} in {where} is {value}, not a number to plan with", "metric")
        try:
            measured = utc_day(entry["timestamp"])
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            raise self._not_mlflow() from None
        return Reading(float(value), measured, run, None if version is None else str(version.get("version")))

    # --- HTTP -------------------------------------------------------------------------------

    def _closest_model(self, model: str) -> str:
        """"; did you mean 'intent-clf'?" from the registered models' names, or nothing."""
        from .suggest import Suggester

        try:
            answer = self._get("registered-models/search", max_results="1000")
        except MlflowError:
            return ""
        names = [str(entry.get("name")) for entry in answer.get("registered_models") or [] if isinstance(entry, dict)]
        hint = Suggester().closest(model, names)
        return f"; did you mean {hint!r}?" if hint else ""

    def _aliases(self, model: str) -> list[str]:
        try:
            answer = self._get("registered-models/get", name=model)
        except MlflowError:
            return []
        aliases = (answer.get("registered_model") or {}).get("aliases") or []
        return sorted(str(entry.get("alias")) for entry in aliases if isinstance(entry, dict))

    def _get(self, endpoint: str, **params: str) -> dict[str, Any]:
        key = (endpoint, tuple(sorted(params.items())))
        if key not in self._answers:
            self._answers[key] = self._request(endpoint, params)
        return self._answers[key]

    def _request(self, endpoint: str, params: dict[str, str]) -> dict[str, Any]:
        if self.unreachable is not None:
            raise self.unreachable
        url = f"{self.uri}{API}{endpoint}?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(url, headers=self._headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = _read_within(response, self.timeout * 4)
        except urllib.error.HTTPError as error:
            raise self._refused(error) from None
        except (http.client.HTTPException, ValueError):  # not HTTP at all, or an answer cut short
            raise self._not_mlflow() from None
        except (urllib.error.URLError, OSError) as error:  # refused, unknown host, TLS, timeout
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError) or isinstance(error, TimeoutError):
                words = f"no answer within {self.timeout:g} s"
            else:
                words = getattr(reason, "strerror", None) or str(reason)
            self.unreachable = Unreachable(f"cannot reach the tracking server at {self.shown}: {words}")
            raise self.unreachable from None
        try:
            answer = json.loads(body)
        except ValueError:
            raise self._not_mlflow() from None
        if not isinstance(answer, dict):
            raise self._not_mlflow()
        return answer

    def _refused(self, error: urllib.error.HTTPError) -> MlflowError:
        if 300 <= error.code < 400:
            target = urllib.parse.urljoin(error.geturl(), error.headers.get("Location", ""))
            base = target.partition(API)[0] if API in target else target
            return MlflowError(f"the tracking server at {self.shown} redirects to {redacted(base)}; "
                               "give that address (--tracking-uri or MLFLOW_TRACKING_URI)")
        if error.code in (401, 403):
            sent = self._headers.get("Authorization", "").partition(" ")[0]
            given = {"Bearer": "the token in MLFLOW_TRACKING_TOKEN", "Basic": "the user and password given"}.get(sent)
            if given:
                return MlflowError(f"the tracking server at {self.shown} refused {given} (HTTP {error.code})")
            return MlflowError(f"the tracking server at {self.shown} refused the request (HTTP {error.code}): set MLFLOW_TRACKING_TOKEN, "
                               "or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD")
        try:
            detail = json.loads(error.read())
        except (ValueError, OSError):
            detail = {}
        code = detail.get("error_code") if isinstance(detail, dict) else None
        if code in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE") and error.code in (400, 404):
            return _NotFound(code, str(detail.get("message", "")))
        if error.code == 404:
            return self._not_mlflow()
        message = detail.get("message") if isinstance(detail, dict) else None
        return MlflowError(f"the tracking server at {self.shown} answered HTTP {error.code}" + (f": {message}" if message else ""))

    def _not_mlflow(self) -> MlflowError:
        return MlflowError(f"{self.shown} did not answer as an MLflow tracking server does (is it the tracking server's address?)")


class _NotFound(MlflowError):
    """MLflow's 'no such thing' answer, which each caller words for what it asked for."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _quoted(name: str) -> str:
    """``name`` as a string in MLflow's search filter: in the quotes it does not contain."""
    quote = '"' if "'" in name else "'"
    return quote + name.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def _read_within(response: Any, seconds: float) -> bytes:
    """The whole body, or a timeout once ``seconds`` have passed: a server that sends a byte
    now and then would hold a per-read timeout off for ever."""
    deadline = time.monotonic() + seconds
    chunks = []
    while chunk := response.read1(65536):
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError("the answer took too long")
    return b"".join(chunks)


def _shown_anyway(uri: str) -> str:
    """A URI that does not parse, without what looks like a user and password."""
    scheme, _, rest = uri.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}" if "@" in rest else uri


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _credentials() -> dict[str, str]:
    """The Authorization header MLflow's environment variables give, if any."""
    token = os.environ.get("MLFLOW_TRACKING_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user, password = os.environ.get("MLFLOW_TRACKING_USERNAME"), os.environ.get("MLFLOW_TRACKING_PASSWORD")
    if user:
        return {"Authorization": _basic(user, password or "")}
    return {}


def _tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=os.environ.get("MLFLOW_TRACKING_SERVER_CERT_PATH") or None)
    if os.environ.get("MLFLOW_TRACKING_INSECURE_TLS", "").lower() in ("true", "1"):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    client = os.environ.get("MLFLOW_TRACKING_CLIENT_CERT_PATH")
    if client:
        context.load_cert_chain(client)
    return context
