"""schemas/roadmap.schema.json: generated from the model, and right by an independent validator."""

from __future__ import annotations

import json
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


def _properties(node: object, path: str = "") -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        for name, value in (node.get("properties") or {}).items():
            found.append((f"{path}.{name}", value))
        for key, value in node.items():
            found += _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            found += _properties(value, path)
    return found


def test_every_property_has_a_description_for_hover() -> None:
    properties = _properties(json.loads(roadmap_schema_text()))
    assert len(properties) > 500
    assert [path for path, value in properties if not value.get("description")] == []


def test_the_schema_names_where_it_is_published() -> None:
    schema = json.loads(roadmap_schema_text())
    assert (schema["$id"], schema["title"]) == (
        "https://raw.githubusercontent.com/mlroadmap/mlroadmap/main/schemas/roadmap.schema.json", "mlroadmap roadmap file")


def test_the_independent_validator_refuses_a_malformed_quarter_in_targets() -> None:
    """The hostile file's `Q3-2026` key passed check-jsonschema: other keys were allowed."""
    process = check_jsonschema(ROOT / "tests" / "hostile" / "quarter-typos.yaml")
    assert process.returncode == 1
    assert "'Q3-2026' does not match '^[0-9]{4}-Q[1-4]$'" in process.stdout
    assert "'2026Q4' does not match '^[0-9]{4}-Q[1-4]$'" in process.stdout
