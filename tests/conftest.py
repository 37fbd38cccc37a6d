from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from mlroadmap.cli import application

APP = application()  # every command, as `mlroadmap` has them

# Property tests: a few hundred examples while developing, a few thousand in CI.
settings.register_profile("dev", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# Slow tests (property-based fuzzing, pre-commit, the CI recipe, the browser) are marked
# `slow`: a plain `pytest` leaves them out, `pytest --slow` runs them too, and so does any
# run with CI set (CI sets CI=true), so CI always runs the whole suite. An explicit `-m`
# expression (`pytest -m slow`) chooses by itself.
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the tests marked slow (implied when the CI environment variable is set)")


def _run_slow(config: pytest.Config) -> bool:
    return config.getoption("--slow") or IN_CI or bool(config.getoption("markexpr"))


def pytest_report_header(config: pytest.Config) -> str:
    if _run_slow(config):
        return "slow tests: included"
    return "slow tests: left out (run them with --slow; CI=true runs them too)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _run_slow(config):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

HEADER = """\
roadmap:
  name: Test roadmap
  period: {start: 2026-Q1, end: 2026-Q4}
"""


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
    result = CliRunner().invoke(APP, list(args), input=input, env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def write(tmp_path: Path):
    """write("name.yaml", text) -> path of a dedented file in a temporary directory."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write
