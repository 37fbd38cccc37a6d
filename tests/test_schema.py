"""schemas/roadmap.schema.json: generated from the model, and right by an independent validator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, HEADER, ROOT, run_cli

from mlroadmap.schema import roadmap_schema_text

SCHEMA = ROOT / "schemas" / "roadmap.schema.json"


def test_committed_schema_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == roadmap_schema_text(), (
        "schemas/roadmap.schema.json is stale: run `mlroadmap schema > schemas/roadmap.schema.json`"
    )


def test_schema_command_prints_the_schema() -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    assert result.stdout == roadmap_schema_text()


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA), *map(str, files)],
        capture_output=True,
        text=True,
    )


def example_files() -> list[Path]:
    return sorted(EXAMPLES.rglob("*.yaml"))


def test_examples_start_with_the_editor_schema_line() -> None:
    for path in example_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        relative = Path(*[".."] * (len(path.relative_to(ROOT).parts) - 1)) / "schemas" / "roadmap.schema.json"
        assert first == f"# yaml-language-server: $schema={relative.as_posix()}", path


def test_independent_validator_accepts_the_examples() -> None:
    files = example_files()
    assert files, "no example roadmaps"
    process = check_jsonschema(*files)
    assert process.returncode == 0, process.stdout + process.stderr


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("items:\n  - {id: a, title: A, track: data, titel: x}\n", "Additional properties are not allowed"),
        ("items:\n  - {id: a, title: A, track: data, duration: 3 weeks}\n", "does not match"),
        ("items:\n  - {id: a, track: data}\n", "'title' is a required property"),
    ],
)
def test_independent_validator_rejects_what_validate_rejects(write, body: str, fragment: str) -> None:
    path = write("roadmap.yaml", HEADER + body)
    process = check_jsonschema(path)
    assert process.returncode == 1
    assert fragment in process.stdout
    assert run_cli("validate", str(path)).exit_code == 1
