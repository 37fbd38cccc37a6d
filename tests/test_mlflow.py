"""`metrics pull` against a real MLflow tracking server on 127.0.0.1 (SQLite store), with
runs logged and models registered by MLflow's own client."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import HEADER
from mlflow_server import Server

pytestmark = pytest.mark.xdist_group("mlflow")  # one server, on one worker


def ms(text: str) -> int:
    return int(dt.datetime.fromisoformat(text).timestamp() * 1000)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("mlflow"))
    yield running
    running.stop()


def roadmap(model: str, run: str) -> str:
    return HEADER + f"""\
models:
  - id: intent-clf  # routes tickets
    title: Intent classifier
    metrics:
      - name: macro-f1
        baseline: 0.58  # keyword rules
        current: 0.80  # typed by hand in October
        source: {{mlflow: {{model: {model}, alias: champion, metric: val_f1}}}}
        targets: {{2026-Q4: 0.88}}
      - name: latency
        unit: ms
        direction: lower
        baseline: 450
        current: 300
        measured: 2026-10-01  # the load test
        source:
          mlflow: {{run: {run}, metric: p95_ms}}
"""


# val_f1's latest value is step 2's (0.86), logged at 23:30 UTC on 29 Nov (30 Nov in Tokyo);
# step 1's 0.99 was logged later but is not the latest step.
F1 = [["val_f1", 0.71, 0, ms("2026-11-02T10:00:00+00:00")], ["val_f1", 0.86, 2, ms("2026-11-29T23:30:00+00:00")],
      ["val_f1", 0.99, 1, ms("2026-11-30T12:00:00+00:00")], ["loss", 0.3, 2, ms("2026-11-29T23:30:00+00:00")]]
LATENCY = [["p95_ms", 280, 0, ms("2026-11-15T08:00:00+00:00")]]


def setup(server: Server, tmp_path: Path, model: str) -> tuple[Path, str, dict]:
    logged = server.log_runs({"runs": {"train": F1, "load": LATENCY}, "versions": [[model, "train"]], "aliases": [[model, "champion", 1]]})
    path = tmp_path / "roadmap.yaml"
    text = roadmap(model, logged["runs"]["load"])
    path.write_text(text)
    return path, text, logged


def pull(server: Server, path: Path, *args: str, uri: str | None = None, tz: str = "Asia/Tokyo") -> subprocess.CompletedProcess[str]:
    """The installed command in its own process, in a time zone east of UTC."""
    env = {**os.environ, "MLFLOW_TRACKING_URI": uri or server.uri, "TZ": tz, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "mlroadmap", "metrics", "pull", str(path), *args], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL, check=False)


def test_the_latest_step_and_its_own_utc_day_are_written_and_nothing_else_changes(server: Server, tmp_path: Path) -> None:
    path, text, logged = setup(server, tmp_path, "intent-a")
    today = dt.datetime.now(dt.timezone.utc).date()  # the registry dates a version when it is created
    check = pull(server, path, "--check")
    assert check.returncode == 1, check.stderr
    assert path.read_text() == text
    done = pull(server, path)
    assert done.returncode == 0, done.stderr
    assert path.read_text() == text.replace(
        "        current: 0.80  # typed by hand in October\n",
        "        current: 0.86  # typed by hand in October\n        measured: 2026-11-29\n").replace(
        "        current: 300\n        measured: 2026-10-01  # the load test\n",
        "        current: 280.0\n        measured: 2026-11-15  # the load test\n").replace(
        "  - id: intent-clf  # routes tickets\n", f"  - id: intent-clf  # routes tickets\n    retrained: {today}\n")  # version 1, just made
    assert done.stdout == (
        f"{path}:10:18: intent-clf macro-f1: current 0.8 → 0.86, measured none → 2026-11-29 (from MLflow intent-a@champion (version 1): val_f1)\n"
        f"{path}:17:18: intent-clf latency: current 300 → 280.0, measured 2026-10-01 → 2026-11-15 "
        f"(from MLflow run {logged['runs']['load']}: p95_ms)\n"
        f"{path}:5:9: intent-clf: retrained none → {today} (from MLflow intent-a version 1)\n"
        f"2 of 2 metrics updated in {path}.\n")
    again = pull(server, path, "--check")
    assert (again.returncode, again.stdout) == (0, "2 metrics read: all current.\n")


def test_moving_the_alias_to_a_new_version_is_followed(server: Server, tmp_path: Path) -> None:
    path, _, _ = setup(server, tmp_path, "intent-b")
    assert pull(server, path).returncode == 0
    server.log_runs({"runs": {"retrain": [["val_f1", 0.9, 0, ms("2026-12-01T09:00:00+00:00")]]},
                     "versions": [["intent-b", "retrain"]], "aliases": [["intent-b", "champion", 2]]})
    moved = pull(server, path)
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.splitlines()[0] == (f"{path}:11:18: intent-clf macro-f1: current 0.86 → 0.9, measured 2026-11-29 → 2026-12-01 "
                                            "(from MLflow intent-b@champion (version 2): val_f1)")
    assert "        current: 0.9  # typed by hand in October\n        measured: 2026-12-01\n" in path.read_text()


@pytest.mark.parametrize(("change", "message"), [
    (("alias: champion", "alias: champoin"), "11:{alias}: registered model '{model}' has no alias 'champoin'; its aliases: champion"),
    (("model: {model},", "model: ranker,"), "11:34: no registered model 'ranker' on the tracking server at {uri}"),
    (("model: {model},", "model: {model}x,"), "11:34: no registered model '{model}x' on the tracking server at {uri}; did you mean '{model}'?"),
    (("metric: val_f1", "metric: f1"), "11:{metric}: version 1 of '{model}' (alias 'champion'), run {train} has no metric 'f1'; it logged: loss, val_f1"),
    (("metric: val_f1", "metric: val-f1"), "11:{metric}: version 1 of '{model}' (alias 'champion'), run {train} has no metric 'val-f1'; did you mean 'val_f1'?"),
    (("run: {load}", "run: 0123456789abcdef0123456789abcdef"), "20:25: no run '0123456789abcdef0123456789abcdef' on the tracking server at {uri}"),
])
def test_an_unknown_model_alias_run_or_metric_writes_nothing(server: Server, tmp_path: Path, change: tuple[str, str], message: str) -> None:
    model = f"intent-{tmp_path.name[-1]}"  # a model of its own: version 1 is this test's run
    path, text, logged = setup(server, tmp_path, model)
    broken = text.replace(change[0].format(load=logged["runs"]["load"], model=model), change[1].format(model=model))
    path.write_text(broken)
    result = pull(server, path)
    assert result.returncode == 2
    column = 34 + len(model) + 2  # after "model: NAME, "
    expected = message.format(uri=server.uri, train=logged["runs"]["train"], model=model, alias=column + 7, metric=column + 25)
    assert result.stderr == f"{path}:{expected}\nNothing written: 1 problem reading the metrics' sources.\n"
    assert path.read_text() == broken  # not even the metric that resolved


def test_a_stopped_server_fails_fast_and_writes_nothing(tmp_path: Path) -> None:
    own = Server(tmp_path / "server")
    try:
        path, text, _ = setup(own, tmp_path, "intent-d")
    finally:
        own.stop()
    result = pull(own, path)
    assert result.returncode == 2
    assert result.stderr == (f"{path}:11:17: cannot reach the tracking server at {own.uri}: Connection refused "
                             "(and 1 more MLflow source not read)\nNothing written: 1 problem reading the metrics' sources.\n")
    assert path.read_text() == text


def test_credentials_are_sent_and_never_printed(server: Server, tmp_path: Path) -> None:
    path, text, _ = setup(server, tmp_path, "intent-e")
    path.write_text(text.replace("alias: champion", "alias: nope"))
    secret_uri = server.uri.replace("http://", "http://ops:hunter2@")
    env = {**os.environ, "MLFLOW_TRACKING_TOKEN": "tok-s3cret"}
    result = subprocess.run([sys.executable, "-m", "mlroadmap", "metrics", "pull", str(path), "--tracking-uri", secret_uri, "-f", "json"],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 2
    assert "hunter2" not in result.stdout + result.stderr and "s3cret" not in result.stdout + result.stderr
    assert "registered model 'intent-e' has no alias 'nope'; its aliases: champion" in result.stdout
