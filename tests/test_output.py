"""Files written by commands: complete or absent, never over a roadmap."""

from __future__ import annotations

import json
import os
from pathlib import Path

import hypothesis
import pytest
from conftest import run_cli
from hypothesis import strategies as st

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


# --- the JSON every command writes: json.dumps(indent=2, ensure_ascii=False), faster ----------

JSON_VALUES = [
    {}, [], (), "", "plain", "é ünïcode ✓ 日本", "quote \" backslash \\ tab \t newline \n nul \x00 \u2028", 0, -7, 10**30,
    True, False, None, 0.1, -2.5, 1e300, 1e-300, float("nan"), float("inf"), float("-inf"),
    {"a": 1, "b": [1, 2, {"c": []}], "d": {}, "e": {"f": {"g": [None, True]}}},
    [[[]], [{}], [[1]], {"k": ()}], {1: "int key", 2.5: "float key", False: "bool key", None: "null key"},
]


class _Text(str):
    pass


class _Number(int):
    pass


@pytest.mark.parametrize("value", [*JSON_VALUES, JSON_VALUES, {"subclasses": [_Text("x"), _Number(3)]}],
                         ids=lambda value: repr(value)[:30])
def test_the_json_is_what_the_standard_library_writes(value: object) -> None:
    from mlroadmap.render.formats import to_json

    assert to_json(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@hypothesis.given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda children: st.lists(children) | st.dictionaries(st.text(), children), max_leaves=30))
def test_the_json_of_any_data_is_what_the_standard_library_writes(value: object) -> None:
    from mlroadmap.render.formats import to_json

    assert to_json(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("value", [{"when": object()}, [{1, 2}], {("a", "b"): 1}])
def test_what_json_cannot_hold_is_refused_as_the_standard_library_refuses_it(value: object) -> None:
    from mlroadmap.render.formats import to_json

    with pytest.raises(TypeError):
        json.dumps(value, indent=2)
    with pytest.raises(TypeError):
        to_json(value)
