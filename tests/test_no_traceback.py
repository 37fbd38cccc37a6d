"""Whatever the bytes, every command (validate, critical-path, graph, check, capacity, report, show, diff) answers with
diagnostics and exit code 0, 1 or 2: never a traceback. Property-based: mutations of the
example roadmap and random YAML.

Runs a few hundred examples locally and a few thousand under CI (the "ci" profile,
chosen in conftest.py when CI is set).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

SUPPORT = EXAMPLES / "support-assistant"
EXAMPLE_FILES = {path.name: path.read_bytes() for path in sorted(SUPPORT.glob("*.yaml"))}
FORMATS = ["text", "json", "github"]

pytestmark = pytest.mark.slow  # thousands of whole-roadmap runs under CI; --slow runs them


def _mutate(data: st.DataObject, text: bytes) -> bytes:
    lines = text.split(b"\n")
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        kind = data.draw(st.sampled_from(["delete-lines", "swap-values", "duplicate-block", "random-bytes", "insert"]))
        at = data.draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "delete-lines":
            del lines[at : at + data.draw(st.integers(1, 5))]
        elif kind == "swap-values":
            other = data.draw(st.integers(0, max(0, len(lines) - 1)))
            first, second = lines[at].partition(b": "), lines[other].partition(b": ")
            if first[1] and second[1]:
                lines[at], lines[other] = first[0] + b": " + second[2], second[0] + b": " + first[2]
        elif kind == "duplicate-block":
            lines[at:at] = lines[at : at + data.draw(st.integers(1, 12))]
        elif kind == "random-bytes":
            line = bytearray(lines[at] if lines else b"")
            position = data.draw(st.integers(0, len(line)))
            line[position:position] = data.draw(st.binary(min_size=1, max_size=4))
            lines[at] = bytes(line)
        else:
            token = data.draw(st.sampled_from([b":", b"- ", b"\t", b"[", b"{", b"'", b'"', b"&a ", b"*a", b"!!x ", b"<<: ", b"~", b"---"]))
            line = lines[at] if lines else b""
            position = data.draw(st.integers(0, len(line)))
            lines[at] = line[:position] + token + line[position:]
        if not lines:
            lines = [b""]
    return b"\n".join(lines)


def _check(directory: Path, output_format: str, command: str = "validate") -> None:
    if command != "validate":
        # The analyses answer an invalid roadmap with validate's diagnostics on stderr.
        args = {"critical-path": ["--format", "json"], "check": ["--format", "sarif"], "capacity": ["--format", "json"],
                "critical-path --resources": ["--resources"], "report": ["--audience", "exec"],
                "report --format html": ["--format", "html"], "show": ["--format", "markdown"]}.get(command, ["--format", "dot"])
        result = run_cli(command.split()[0], *args, "--as-of", "2026-11-25", str(directory))
        assert result.exit_code in (0, 1, 2), result
        if result.exit_code == 1 and result.stderr:
            assert all(line.startswith(str(directory)) for line in result.stderr.splitlines()[:-1]), result.stderr
        return
    result = run_cli("validate", "--format", output_format, str(directory))
    assert result.exit_code in (0, 1, 2), result
    if output_format == "json":
        payload = json.loads(result.stdout)
        assert all(Path(p["file"]).parent == directory for p in payload["problems"])
    elif output_format == "text":
        problems = result.stdout.splitlines()[:-1] if result.exit_code == 1 else []
        assert all(line.startswith(str(directory)) for line in problems), result.stdout
    else:  # the annotations, then the plain summary lines (the count; what GitHub will not annotate)
        lines = result.stdout.splitlines()
        annotated = [line for line in lines if line.startswith("::")]
        assert all(line.startswith("::error file=" + str(directory)) for line in annotated), result.stdout
        assert lines[:len(annotated)] == annotated and len(lines) - len(annotated) in (1, 2), result.stdout


@given(st.data())
def test_mutated_example_roadmaps_never_crash(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(EXAMPLE_FILES)), label="file")
    output_format = data.draw(st.sampled_from(FORMATS), label="format")
    command = data.draw(st.sampled_from(["validate", "validate", "critical-path", "graph", "check", "capacity",
                                         "critical-path --resources", "report", "report --format html", "show"]), label="command")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "roadmap"
        shutil.copytree(SUPPORT, directory)
        (directory / name).write_bytes(_mutate(data, EXAMPLE_FILES[name]))
        _check(directory, output_format, command)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(["roadmap", "items", "models", "id", "title", "track", "depends_on", "metrics", "period", "start", "name"])
        | st.text(max_size=5),
        children,
        max_size=4,
    ),
    max_leaves=20,
)


@given(YAML_VALUES, st.sampled_from(FORMATS))
def test_random_yaml_documents_never_crash(document: object, output_format: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        (directory / "roadmap.yaml").write_text(json.dumps(document), encoding="utf-8")  # JSON is YAML
        _check(directory, output_format)


@settings(max_examples=min(500, settings().max_examples))  # each example diffs two whole roadmaps
@given(st.data())
def test_diff_against_a_mutated_old_version_never_crashes(data: st.DataObject) -> None:
    """An old version may be anything git holds: ``diff`` lists its problems and compares
    what it still holds with the valid new one (exit 0), never a traceback."""
    name = data.draw(st.sampled_from(sorted(EXAMPLE_FILES)), label="file")
    output_format = data.draw(st.sampled_from(["text", "json", "markdown"]), label="format")
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        shutil.copytree(SUPPORT, old)
        (old / name).write_bytes(_mutate(data, EXAMPLE_FILES[name]))
        result = run_cli("diff", str(old), str(SUPPORT), "--as-of", "2026-11-25", "--format", output_format)
        assert result.exit_code in (0, 2), result
        if result.exit_code == 2:
            assert result.stderr.startswith("mlroadmap: error: ") and result.stderr.count("\n") == 1, result.stderr
        elif output_format == "json":
            payload = json.loads(result.stdout)
            assert payload["old"]["valid"] == (not payload["old"]["problems"])
