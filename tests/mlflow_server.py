"""A real MLflow tracking server on 127.0.0.1 for the tests, and a real MLflow client to
log runs and register models into it (both from MLflow's own environment, which .ci/run
installs in .mlflow/; elsewhere MLROADMAP_MLFLOW_PYTHON names its python)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import IN_CI, ROOT

LOGGER = Path(__file__).with_name("mlflow_log.py")


def mlflow_python() -> Path:
    """The python of an environment with MLflow; skips the test (fails it in CI) without one."""
    named = os.environ.get("MLROADMAP_MLFLOW_PYTHON")
    python = Path(named) if named else ROOT / ".mlflow" / "bin" / "python"
    if not python.exists():
        message = f"no MLflow environment at {python} (.ci/run makes it; or set MLROADMAP_MLFLOW_PYTHON)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return python


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, directory: Path):
        self.python = mlflow_python()
        self.port = free_port()
        self.uri = f"http://127.0.0.1:{self.port}"
        mlflow = self.python.parent / "mlflow"
        directory.mkdir(parents=True, exist_ok=True)
        self.log = open(directory / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(mlflow), "server", "--backend-store-uri", f"sqlite:///{directory / 'mlflow.db'}", "--default-artifact-root",
             str(directory / "artifacts"), "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{self.uri}/health", timeout=2) as answer:
                    if answer.read().strip() == b"OK":
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"mlflow server did not start: {(directory / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)

    def log_runs(self, spec: dict) -> dict:
        """Run MLflow's client on ``spec`` (see mlflow_log.py): the run ids it made, by name."""
        done = subprocess.run([str(self.python), str(LOGGER), self.uri, json.dumps(spec)], capture_output=True, text=True,
                              env={**os.environ, "MLFLOW_TRACKING_URI": self.uri}, check=False)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        return json.loads(done.stdout.strip().splitlines()[-1])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self.log.close()


__all__ = ["Server", "free_port", "mlflow_python", "sys"]
