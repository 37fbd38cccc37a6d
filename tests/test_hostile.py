"""The hostile and broken corpus in tests/hostile/: each file gets its exact diagnosis and
exit code, in bounded time and memory, and nothing is written anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import IN_CI, ROOT, run_cli

CORPUS = Path(__file__).parent / "hostile"

# file -> (exit code, the problems printed, as "line:col: message"; empty when valid)
EXPECTED = {
    "tab-indentation.yaml": (1, ["6:1: YAML syntax error: a tab character; YAML indentation and separation use spaces, not tabs"]),
    "bad-indentation.yaml": (1, ["7:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection at line 5); this line is not indented like the list entries above it"]),
    "unclosed-quote.yaml": (1, ["5:20: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 5); a quote or bracket opened here is never closed"]),
    "unclosed-bracket.yaml": (1, ["5:50: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 5); a '[' list not closed with ']', or a comma missing"]),
    # Left open lines before the parser notices: located where it was opened, not where it stops.
    "quote-left-open.yaml": (1, ["6:12: YAML syntax error: a quote opened here runs on to line 15, reading the lines between as its text; close it on this line (the parser stopped at line 15: did not find expected key)"]),
    "bracket-left-open.yaml": (1, ["12:17: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 12); a '[' list not closed with ']', or a comma missing"]),
    # ...but a quote closed by its own quote, or a list closed later, is not what failed.
    "quote-closed-error-later.yaml": (1, ["8:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection at line 3); this line is not indented like the list entries above it"]),
    "comma-missing-in-a-closed-list.yaml": (1, ["9:7: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 6); a '[' list not closed with ']', or a comma missing"]),
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


def test_more_values_than_are_read_within_a_gigabyte_are_refused_while_parsing(tmp_path: Path) -> None:
    """One-letter values under the 64 MiB cap would be 30 million values, gigabytes."""
    import yaml

    from mlroadmap.yamlsource import COLLECTION_WEIGHT, MAX_WEIGHT

    path = tmp_path / "roadmap.yaml"
    header = "roadmap: {name: R, period: {start: 2026-Q1, end: 2026-Q4}}\nitems:\n  - {id: a, title: A, track: data, tags: ["
    before = sum(COLLECTION_WEIGHT if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) else 1
                 for event in yaml.parse(header + "]}\n") if isinstance(event, yaml.NodeEvent))  # what comes before the tags
    column = len("  - {id: a, title: A, track: data, tags: [") + 2 * (MAX_WEIGHT - before) + 1
    for extra, problems in ((0, []), (1, [f"3:{column}: more YAML in one file than is read within 1 GiB of memory (about 200,000 small "
                                            "items; 5,500,000 values, a list or mapping counting as 20); split the roadmap into several files"])):
        path.write_text(header + ",".join(["t"] * (MAX_WEIGHT - before + extra)) + "]}\n", encoding="utf-8")
        result = run_cli("validate", "-q", str(path))
        assert [line[len(str(path)) + 1:] for line in result.stdout.splitlines() if line.startswith(str(path))] == problems
        assert result.exit_code == (1 if problems else 0)


@pytest.mark.slow  # an 8 MB file, twice
def test_a_file_at_the_caps_is_validated_within_a_gigabyte_and_a_schedule_past_it_says_out_of_memory(tmp_path: Path) -> None:
    """The smallest items cost the most memory a value: 211,000 of them, just under the
    cap, are read within 1 GiB. critical-path needs more and says so (not "internal
    error: MemoryError")."""
    path = tmp_path / "roadmap.yaml"
    items = "".join(f"  - {{id: w{n}, title: T, track: data}}\n" for n in range(211_000))
    path.write_text("roadmap:\n  name: Big\n  period: {start: 2026-Q1, end: 2026-Q4}\nitems:\n" + items, encoding="utf-8")
    process = _run_limited(["validate", str(path)], 1024 * 1024 * 1024)
    assert (process.returncode, process.stdout, process.stderr) == (0, "Big: valid (1 file; 211000 items).\n", "")
    process = _run_limited(["critical-path", str(path)], 1024 * 1024 * 1024)
    assert (process.returncode, process.stdout) == (2, "")
    assert process.stderr == ("mlroadmap: error: out of memory: the roadmap is too large for the memory this process may use; "
                              "split it into smaller roadmaps, or allow the process more memory\n")


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


VALID = "roadmap: {name: R, period: {start: 2026-Q1, end: 2026-Q2}}\n"


def test_a_named_pipe_in_a_roadmap_directory_is_refused_not_read_for_ever(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text(VALID)
    os.mkfifo(tmp_path / "work.yaml")
    process = subprocess.run([sys.executable, "-m", "mlroadmap", "validate", str(tmp_path)], capture_output=True, text=True,
                             timeout=60, stdin=subprocess.DEVNULL)
    assert (process.returncode, process.stdout) == (2, "")
    assert process.stderr == (f"mlroadmap: error: {tmp_path / 'work.yaml'}: not a regular file (a named pipe, socket or device); "
                              "remove it, or name the roadmap's files on the command line\n")


def test_a_named_pipe_given_by_name_is_read(tmp_path: Path) -> None:
    """`mlroadmap validate <(git show main:roadmap.yaml)` names a pipe: the user chose it."""
    process = subprocess.run(["bash", "-c", f"{sys.executable} -m mlroadmap validate <(printf '{VALID}')"], capture_output=True,
                             text=True, timeout=60)
    assert (process.returncode, process.stdout, process.stderr) == (0, "R: valid (1 file; no entries).\n", "")


def test_named_pipes_of_several_roadmaps_are_read_once_even_with_jobs() -> None:
    """Spreading roadmaps over processes scans their files first: never a pipe, which only
    the loader may read."""
    other = VALID.replace("name: R", "name: S")
    process = subprocess.run(["bash", "-c", f"{sys.executable} -m mlroadmap validate --jobs 2 <(printf '{VALID}') <(printf '{other}')"],
                             capture_output=True, text=True, timeout=60)
    assert (process.returncode, process.stdout, process.stderr) == (0, "R: valid (1 file; no entries).\nS: valid (1 file; no entries).\n", "")


def test_outside_a_repository_links_are_followed_and_read_once(tmp_path: Path) -> None:
    """An unpacked archive has no pull request to guard: links are followed, as before."""
    roadmap, shared = tmp_path / "roadmap", tmp_path / "shared.yaml"
    roadmap.mkdir()
    (roadmap / "roadmap.yaml").write_text(VALID)
    shared.write_text("people: []\n")
    (roadmap / "team.yaml").symlink_to(shared)
    (roadmap / "same.yaml").symlink_to("roadmap.yaml")
    assert run_cli("validate", str(roadmap)).stdout == "R: valid (2 files; no entries).\n"


def test_in_a_repository_links_may_leave_the_directory_but_not_the_repository(tmp_path: Path) -> None:
    """A pull request adding `team.yaml -> ~/.ssh/config` (or `-> ../.env`) must not have
    CI echo its keys; a file shared by two teams' roadmaps is followed."""
    repo = tmp_path / "repo"
    (repo / "fraud").mkdir(parents=True)
    (repo / "shared").mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "fraud" / "roadmap.yaml").write_text(VALID)
    (repo / "shared" / "people.yaml").write_text("people: []\n")
    (repo / "fraud" / "people.yaml").symlink_to("../shared/people.yaml")
    (repo / "fraud" / "team.yaml").symlink_to("../shared/people.yaml")  # the same file twice: read once
    assert run_cli("validate", str(repo / "fraud")).stdout == "R: valid (2 files; no entries).\n"
    anyway = f"to read it anyway, name the roadmap's files instead of {repo / 'fraud'}"
    (tmp_path / "secret.yaml").write_text("password: hunter2\n")
    (repo / ".env.yaml").write_text("token: sk-live-abc\n")
    for target, message in ((tmp_path / "secret.yaml", f"a symbolic link to {tmp_path / 'secret.yaml'}, outside the repository at {repo}"),
                            (repo / ".env.yaml", f"a symbolic link to the hidden file {repo / '.env.yaml'}")):
        (repo / "fraud" / "evil.yaml").unlink(missing_ok=True)
        (repo / "fraud" / "evil.yaml").symlink_to(target)
        result = run_cli("validate", str(repo / "fraud"))
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"mlroadmap: error: {repo / 'fraud' / 'evil.yaml'}: {message}; {anyway}\n"
    named = run_cli("validate", *sorted(str(path) for path in (repo / "fraud").glob("*.yaml")))  # as the message says
    assert (named.exit_code, "unknown key 'token'" in named.stdout) == (1, True)


def test_a_submodule_belongs_to_its_superprojects_repository(tmp_path: Path) -> None:
    """A submodule's `.git` is a file: its links may reach the superproject's shared files."""
    repo = tmp_path / "repo"
    (repo / "teams" / "fraud").mkdir(parents=True)
    (repo / "shared").mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "teams" / ".git").write_text("gitdir: ../.git/modules/teams\n")
    (repo / "teams" / "fraud" / "roadmap.yaml").write_text(VALID)
    (repo / "shared" / "people.yaml").write_text("people: []\n")
    (repo / "teams" / "fraud" / "people.yaml").symlink_to("../../shared/people.yaml")
    assert run_cli("validate", str(repo / "teams" / "fraud")).stdout == "R: valid (2 files; no entries).\n"


def test_an_unreadable_subdirectory_is_an_error_not_a_part_left_out(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Root reads every directory: then the check runs as nobody, in a directory nobody can reach.
    top = Path(tempfile.mkdtemp(prefix="mlroadmap-unreadable-"))
    try:
        os.chmod(top, 0o755)
        (top / "roadmap.yaml").write_text(VALID)
        (top / "team").mkdir()
        (top / "team" / "people.yaml").write_text("people: []\n")
        os.chmod(top / "team", 0)
        command = [sys.executable, "-m", "mlroadmap", "validate", str(top)]
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                assert not IN_CI, "CI needs setpriv (util-linux) to run a check as another user"
                pytest.skip("running as root without setpriv: every directory is readable")
            command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        process = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd="/", env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        assert (process.returncode, process.stdout) == (2, "")
        assert process.stderr == f"mlroadmap: error: {top / 'team'}: cannot read directory: Permission denied\n"
    finally:
        os.chmod(top / "team", 0o755)
        shutil.rmtree(top)


def test_a_closed_standard_input_is_a_clear_error() -> None:
    process = subprocess.run(["bash", "-c", f"exec {sys.executable} -m mlroadmap validate - <&-"], capture_output=True, text=True, timeout=60)
    assert (process.returncode, process.stdout) == (2, "")
    assert process.stderr == "mlroadmap: error: -: cannot read standard input: it is closed\n"


def test_non_yaml_files_beside_yaml_ones_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text("roadmap: {name: R, period: {start: 2026-Q1, end: 2026-Q2}}\n")
    (tmp_path / "notes.md").write_text("# not yaml: [\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run_cli("validate", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "R: valid (1 file; no entries).\n")
