"""The hostile and broken corpus in tests/hostile/: each file gets its exact diagnosis and
exit code, in bounded time and memory, and nothing is written anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

CORPUS = Path(__file__).parent / "hostile"

# file -> (exit code, the problems printed, as "line:col: message"; empty when valid)
EXPECTED = {
    "tab-indentation.yaml": (1, ["6:1: YAML syntax error: a tab character; YAML indentation and separation use spaces, not tabs"]),
    "bad-indentation.yaml": (1, ["7:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection at line 5); this line is not indented like the list entries above it"]),
    "unclosed-quote.yaml": (1, ["5:20: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 5); a quote or bracket opened here is never closed"]),
    "unclosed-bracket.yaml": (1, ["5:50: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 5); a '[' list not closed with ']', or a comma missing"]),
    "scalar-document.yaml": (1, ["1:1: a roadmap file is a mapping of sections (roadmap:, items:, ...), not a single value"]),
    "list-document.yaml": (1, ["1:1: a roadmap file is a mapping of sections (roadmap:, items:, ...), not a list"]),
    "empty.yaml": (1, ["1:1: empty file: a roadmap file is a mapping of sections (roadmap:, items:, ...)"]),
    "two-documents.yaml": (
        1,
        ["4:1: a second YAML document ('---') in one file: a roadmap file holds one document; split it into several files in a directory instead"],
    ),
    "bom.yaml": (0, []),
    "latin1.yaml": (1, ["5:23: not UTF-8 text: byte 0xe9 cannot be decoded"]),
    "nul-byte.yaml": (1, ["5:21: control character U+0000 is not allowed in YAML"]),
    "line-separator.yaml": (
        1,
        ["5:23: U+2028 LINE SEPARATOR character: YAML reads it as a line break, editors do not; replace it with a space or a newline"],
    ),
    "duplicate-keys.yaml": (
        1,
        ["8:5: duplicate key 'title': first written at line 6, again at line 8; YAML would silently keep only the last one"],
    ),
    "norway-and-octal.yaml": (0, []),
    "version-as-number.yaml": (0, []),
    "impossible-date.yaml": (1, ["5:43: start: '2026-13-45' is not a valid date: month must be in 1..12"]),
    "quarter-typos.yaml": (
        1,
        ["8:45: targets: 'Q3-2026' is not a quarter; write 2026-Q3", "8:59: targets: '2026Q4' is not a quarter; write 2026-Q4"],
    ),
    "python-tag.yaml": (1, ["4:8: unsupported YAML tag '!!python/object/apply:os.system': a roadmap holds plain data only"]),
    "custom-tag.yaml": (1, ["5:5: unsupported YAML tag '!include': a roadmap holds plain data only"]),
    "billion-laughs.yaml": (
        1,
        ["6:10: aliases expand to more than 100,000 nodes (an alias bomb?); use anchors only for small shared blocks"],
    ),
    "deep-nesting.yaml": (1, ["1:1007: YAML syntax error: exceeded maximum nesting depth (while increasing flow level at line 1)"]),
}


def test_the_corpus_and_the_table_agree() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_gets_its_diagnosis(name: str) -> None:
    code, problems = EXPECTED[name]
    path = CORPUS / name
    before = path.read_bytes()
    result = run_cli("validate", "-q", str(path))
    assert result.exit_code == code
    printed = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert [line[len(str(path)) + 1 :] for line in printed] == problems
    assert path.read_bytes() == before  # the input is never modified


def test_what_looks_like_other_types_stays_the_authors_text() -> None:
    import mlroadmap

    [item] = mlroadmap.load(CORPUS / "norway-and-octal.yaml").items
    assert (item.id, item.title, item.owner, item.tags) == ("0755", "no", "no", ["on", "off", "1.10"])
    [tool] = mlroadmap.load(CORPUS / "version-as-number.yaml").tools
    assert tool.vendor == "1.10"


def _run_limited(args: list[str], memory_bytes: int) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess whose address space is capped at ``memory_bytes``."""
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory_bytes}, {memory_bytes}))\n"
        "from mlroadmap.cli import main\n"
        f"sys.argv = ['mlroadmap', *{args!r}]\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)


@pytest.mark.parametrize("name", ["billion-laughs.yaml", "deep-nesting.yaml"])
@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_bombs_are_refused_within_a_memory_limit_in_every_format(name: str, output_format: str) -> None:
    process = _run_limited(["validate", "--format", output_format, str(CORPUS / name)], 1024 * 1024 * 1024)
    assert process.returncode == 1, process.stderr
    assert "Traceback" not in process.stderr and process.stderr == ""
    assert EXPECTED[name][1][0].split(": ", 1)[1].split(" (")[0] in process.stdout


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    from mlroadmap.loader import MAX_FILE_BYTES

    big = tmp_path / "big.yaml"
    with big.open("w") as handle:
        handle.write("items:\n")
        line = "  - {id: x, title: padding padding padding padding padding padding, track: data}\n"
        handle.write(line * (MAX_FILE_BYTES // len(line) + 1))
    result = run_cli("validate", str(big))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{big}:1:1: file larger than 64 MiB; split the roadmap into several files"


def test_a_symlink_loop_is_a_clear_io_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    result = run_cli("validate", str(tmp_path / "a.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"mlroadmap: error: {tmp_path / 'a.yaml'}: broken or looping symbolic link\n"


def test_an_unreadable_file_is_a_clear_io_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_text("items: []\n")
    if os.geteuid() == 0:  # root reads anything: simulate the permission error
        import builtins

        real_open = builtins.open

        def guarded_open(file, *args, **kwargs):
            if str(file) == str(path):
                raise PermissionError(13, "Permission denied")
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", guarded_open)
    else:
        path.chmod(0)
    result = run_cli("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"mlroadmap: error: {path}: cannot read: Permission denied\n"


def test_non_yaml_files_beside_yaml_ones_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text("roadmap: {name: R, period: {start: 2026-Q1, end: 2026-Q2}}\n")
    (tmp_path / "notes.md").write_text("# not yaml: [\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run_cli("validate", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "R: valid (1 file; no entries).\n")
