"""Files written by commands: complete or absent, never over a roadmap."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_cli
from mlroadmap import output
from mlroadmap.output import OutputError, write_atomically
from mlroadmap.schema import roadmap_schema_text


def test_writes_the_whole_text(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    assert run_cli("schema", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == roadmap_schema_text()
    assert [p.name for p in tmp_path.iterdir()] == ["schema.json"]


def test_refuses_to_write_over_a_roadmap(tmp_path: Path) -> None:
    roadmap = tmp_path / "roadmap.yaml"
    roadmap.write_text("roadmap: {}\n")
    result = run_cli("schema", "-o", str(roadmap))
    assert result.exit_code == 2
    assert "refusing to write output to a .yaml/.yml file" in result.stderr
    assert roadmap.read_text() == "roadmap: {}\n"


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_an_interrupted_write_leaves_the_old_file_and_no_partial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: BaseException
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old report\n")

    def fail(*_args: object) -> None:
        raise interruption

    monkeypatch.setattr(output.os, "replace", fail)
    with pytest.raises((KeyboardInterrupt, OutputError)):
        write_atomically(target, "new report\n" * 1000)
    assert target.read_text() == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    write_atomically(target, "new\n")
    assert (target.read_text(), target.stat().st_mode & 0o777) == ("new\n", 0o640)


def test_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("schema", "-o", str(tmp_path / "nope" / "schema.json"))
    assert result.exit_code == 2
    assert result.stderr == f"mlroadmap: error: {tmp_path / 'nope' / 'schema.json'}: directory {tmp_path / 'nope'} does not exist\n"
