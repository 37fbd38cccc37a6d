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


def test_a_read_only_file_is_refused_and_kept(tmp_path: Path) -> None:
    """Renaming over a file needs only its directory's permission: without this check a
    report made read-only to keep it would be replaced, even by a user who cannot write it."""
    target = tmp_path / "q3-review.md"
    target.write_text("kept\n")
    os.chmod(target, 0o444)
    link = tmp_path / "latest.md"
    link.symlink_to(target.name)
    for given in (target, link):
        result = run_cli("schema", "-o", str(given))
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"mlroadmap: error: {given}: the file is read-only; make it writable, or remove it, to write it\n"
    assert (target.read_text(), target.stat().st_mode & 0o777, sorted(p.name for p in tmp_path.iterdir())) == (
        "kept\n", 0o444, ["latest.md", "q3-review.md"])
    os.chmod(target, 0o644)  # writable by its owner only: written, as before
    assert run_cli("schema", "-o", str(link)).exit_code == 0
    assert target.read_text(encoding="utf-8") == roadmap_schema_text()


def test_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("schema", "-o", str(tmp_path / "nope" / "schema.json"))
    assert result.exit_code == 2
    assert result.stderr == f"mlroadmap: error: {tmp_path / 'nope' / 'schema.json'}: directory {tmp_path / 'nope'} does not exist\n"


def test_a_symbolic_link_is_written_through_and_kept(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "exec.md"
    real.write_text("old\n")
    os.chmod(real, 0o640)
    link = tmp_path / "latest.md"
    link.symlink_to(Path("reports") / "exec.md")
    dangling = tmp_path / "next.md"
    dangling.symlink_to(Path("reports") / "next.md")
    assert run_cli("schema", "-o", str(link)).exit_code == 0
    assert run_cli("schema", "-o", str(dangling)).exit_code == 0
    assert (link.is_symlink(), os.readlink(link), real.stat().st_mode & 0o777) == (True, str(Path("reports") / "exec.md"), 0o640)
    assert real.read_text(encoding="utf-8") == roadmap_schema_text()
    assert (dangling.is_symlink(), (tmp_path / "reports" / "next.md").read_text(encoding="utf-8")) == (True, roadmap_schema_text())
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["exec.md", "next.md"]


def test_a_link_to_a_roadmap_is_refused(tmp_path: Path) -> None:
    roadmap = tmp_path / "roadmap.yaml"
    roadmap.write_text("roadmap: {}\n")
    link = tmp_path / "report.md"
    link.symlink_to(roadmap)
    result = run_cli("schema", "-o", str(link))
    assert (result.exit_code, result.stderr) == (
        2, f"mlroadmap: error: {link}: refusing to write output to a .yaml/.yml file, which could be a roadmap; choose another name\n")
    assert (roadmap.read_text(), link.is_symlink()) == ("roadmap: {}\n", True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    assert run_cli("schema", "-o", str(fifo)).exit_code == 0
    reader.join(timeout=10)
    assert received == [roadmap_schema_text()]
    assert fifo.is_fifo()


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="needs /dev/full (Linux)")
def test_a_device_is_written_into_and_stays_a_device() -> None:
    # Renaming a temporary file over /dev/full (as root) would turn the device into a file.
    result = run_cli("schema", "-o", "/dev/full")
    assert (result.exit_code, result.stderr) == (2, "mlroadmap: error: /dev/full: cannot write: No space left on device\n")
    assert Path("/dev/full").is_char_device()
