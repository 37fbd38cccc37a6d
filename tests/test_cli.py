"""The validate command as a user and a CI job see it: exit codes, formats, files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HEADER, run_cli

from mlroadmap.cli.app import COMMANDS

VALID = HEADER + """\
items:
  - {id: a, title: A, track: data}
  - {id: b, title: B, track: model, depends_on: [a]}
"""
BROKEN = HEADER + """\
items:
  - {id: a, title: A, track: data, depends_on: [zz]}
"""


def test_exit_0_and_a_summary_for_a_valid_roadmap(write) -> None:
    path = write("roadmap.yaml", VALID)
    result = run_cli("validate", str(path))
    assert result.exit_code == 0
    assert result.stdout == "Test roadmap: valid (1 file; 2 items).\n"


def test_quiet_prints_nothing_when_valid(write) -> None:
    result = run_cli("validate", "-q", str(write("roadmap.yaml", VALID)))
    assert (result.exit_code, result.stdout) == (0, "")


def test_exit_1_and_every_problem_for_an_invalid_roadmap(write) -> None:
    path = write("roadmap.yaml", BROKEN)
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}:5:49: depends_on: unknown id 'zz'\nFound 1 problem in 1 file.\n"


def test_exit_2_for_a_missing_path(tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"mlroadmap: error: {tmp_path / 'nope.yaml'}: no such file or directory\n"


def test_exit_2_for_a_directory_without_yaml(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hi")
    result = run_cli("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "no YAML files" in result.stderr


def test_exit_2_for_a_bad_option(write) -> None:
    result = run_cli("validate", "--format", "xml", str(write("roadmap.yaml", VALID)))
    assert result.exit_code == 2


def test_json_format(write) -> None:
    path = write("roadmap.yaml", BROKEN)
    result = run_cli("validate", "--format", "json", str(path))
    payload = json.loads(result.stdout)
    assert result.exit_code == 1
    assert payload["valid"] is False
    assert payload["files"] == [str(path)]
    assert payload["problems"] == [
        {
            "file": str(path),
            "line": 5,
            "column": 49,
            "severity": "error",
            "code": "unknown-reference",
            "message": "depends_on: unknown id 'zz'",
            "related": [],
        }
    ]


def test_github_annotations_are_chosen_under_github_actions(write) -> None:
    path = write("roadmap.yaml", BROKEN)
    result = run_cli("validate", str(path), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stdout == (
        f"::error file={path},line=5,col=49,title=mlroadmap unknown-reference::depends_on: unknown id 'zz'\n"
        "Found 1 problem in 1 file.\n"
    )


@pytest.mark.parametrize(("errors", "note"), [
    (10, ""),  # GitHub annotates all ten
    (11, "GitHub annotates at most 10 errors, 10 warnings and 10 notices per step: 1 of 11 errors are not annotated on the "
         "pull request; the job summary lists them all.\n"),
])
def test_under_github_actions_the_log_says_what_github_leaves_unannotated(write, tmp_path: Path, errors: int, note: str) -> None:
    items = "".join(f"  - {{id: w{n}, title: W, track: data, depends_on: [nope{n}]}}\n" for n in range(errors))
    path = write("roadmap.yaml", HEADER + "items:\n" + items)
    summary = tmp_path / "summary.md"
    summary.write_text("# an earlier step's\n", encoding="utf-8")
    result = run_cli("validate", str(path), env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    lines = result.stdout.splitlines(keepends=True)
    assert (result.exit_code, len([line for line in lines if line.startswith("::error ")])) == (1, errors)
    assert "".join(lines[errors:]) == f"Found {errors} problems in 1 file.\n" + note
    written = summary.read_text(encoding="utf-8")
    assert written.startswith(f"# an earlier step's\n## mlroadmap validate\n\nFound {errors} problems in 1 file.\n\n"
                              "| Severity | Where | Rule | Problem |\n|---|---|---|---|\n")
    column = len(f"  - {{id: w{errors - 1}, title: W, track: data, depends_on: [") + 1
    assert f"| error | `{path}:{4 + errors}:{column}` | `unknown-reference` | depends_on: unknown id 'nope{errors - 1}' |\n" in written


@pytest.mark.parametrize(("room", "written", "where"), [
    (5_000, "some", "this log lists them all, the job summary as many as fit"),  # a few rows fit
    (100, None, "all of them are in this log"),  # not even the count: nothing written
])
def test_the_step_summary_keeps_within_githubs_megabyte_with_what_the_step_wrote_before(
        write, tmp_path: Path, room: int, written: str | None, where: str) -> None:
    from mlroadmap.render.github import SUMMARY_BYTES

    items = "".join(f"  - {{id: w{n}, title: W, track: data, depends_on: [nope{n}]}}\n" for n in range(200))
    path = write("roadmap.yaml", HEADER + "items:\n" + items)
    summary = tmp_path / "summary.md"
    summary.write_text("x" * (SUMMARY_BYTES - room), encoding="utf-8")  # what an earlier command of the step wrote
    result = run_cli("validate", str(path), env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.stdout.endswith(f"190 of 200 errors are not annotated on the pull request; {where}.\n")
    size = summary.stat().st_size
    assert size <= SUMMARY_BYTES
    if written is None:
        assert size == SUMMARY_BYTES - room
    else:
        added = summary.read_text(encoding="utf-8")[SUMMARY_BYTES - room:]
        rows = [line for line in added.splitlines() if line.startswith("| error |")]
        assert 0 < len(rows) < 200
        assert added.endswith(f"\nand {200 - len(rows)} more, left out to keep within GitHub's 1 MiB for a step's summary; "
                              "the log lists them all.\n\n")


def test_the_step_summary_shows_html_and_pipes_as_written() -> None:
    """GitHub renders HTML in Markdown: an unclosed <details> in a message folded the rest."""
    from mlroadmap.diagnostics import Diagnostic, Location
    from mlroadmap.render.github import _problem_table

    table, complete = _problem_table([Diagnostic(Location("a|b`.yaml", 3, 4), "title: '<details> & a | b'", "schema")], 10_000)
    assert complete and table.splitlines()[-1] == ("| error | `a\\|b'.yaml:3:4` | `schema` | title: '&lt;details&gt; &amp; a \\| b' |")


def test_without_a_step_summary_the_log_says_the_log_has_them_all(write, tmp_path: Path) -> None:
    items = "".join(f"  - {{id: w{n}, title: W, track: data, depends_on: [nope{n}]}}\n" for n in range(11))
    path = write("roadmap.yaml", HEADER + "items:\n" + items)
    result = run_cli("validate", str(path), env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.endswith("1 of 11 errors are not annotated on the pull request; all of them are in this log.\n")
    unwritable = tmp_path / "no-such-dir" / "summary.md"
    result = run_cli("validate", str(path), env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(unwritable)})
    assert result.exit_code == 1 and result.stdout.endswith("all of them are in this log.\n")
    assert result.stderr == f"mlroadmap: warning: GITHUB_STEP_SUMMARY {unwritable}: cannot write: No such file or directory\n"


def test_github_annotation_escapes_newlines_and_percent(write) -> None:
    path = write("roadmap.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, duration: '50%\n  x'}\n")
    result = run_cli("validate", "--format", "github", str(path))
    assert "'50%25 x'" in result.stdout


def test_directory_roadmap_with_duplicate_id_across_files_names_both(write, tmp_path: Path) -> None:
    write("rm/a.yaml", VALID)
    write("rm/b.yaml", "datasets:\n  - {id: a, title: Tickets}\n")
    result = run_cli("validate", str(tmp_path / "rm"))
    first = tmp_path / "rm" / "a.yaml"
    second = tmp_path / "rm" / "b.yaml"
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{second}:2:10: duplicate id 'a': already used by an item at {first}:5:10"


def test_references_cross_files(write, tmp_path: Path) -> None:
    write("rm/a.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, depends_on: [tickets]}\n")
    write("rm/b.yaml", "datasets:\n  - {id: tickets, title: Tickets}\n")
    assert run_cli("validate", str(tmp_path / "rm")).exit_code == 0


def test_a_file_that_does_not_parse_gives_one_error_not_a_cascade(write, tmp_path: Path) -> None:
    write("rm/a.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, depends_on: [tickets]}\n")
    write("rm/b.yaml", "datasets:\n  - {id: tickets, title: 'Tickets}\n")
    result = run_cli("validate", str(tmp_path / "rm"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{tmp_path / 'rm' / 'b.yaml'}:2:26: YAML syntax error")


def test_schema_errors_and_reference_errors_are_reported_in_one_run(write) -> None:
    path = write(
        "roadmap.yaml",
        HEADER + "items:\n  - {id: a, title: A, track: data, depends_on: [zz]}\n  - {id: b, title: B, trak: data}\n",
    )
    result = run_cli("validate", str(path))
    assert result.stdout.splitlines() == [
        f"{path}:5:49: depends_on: unknown id 'zz'",
        f"{path}:6:5: missing required key 'track' in item 'b'",
        f"{path}:6:23: unknown key 'trak' (did you mean 'track'?)",
        "Found 3 problems in 1 file.",
    ]


def test_missing_header(write) -> None:
    path = write("roadmap.yaml", "items: []\n")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:1:1: no 'roadmap:' header")


def test_standard_input(write) -> None:
    result = run_cli("validate", "-", input=BROKEN)
    assert result.exit_code == 1
    assert result.stdout.startswith("-:5:49: depends_on: unknown id 'zz'")


def test_a_path_given_twice_is_read_once(write) -> None:
    path = write("roadmap.yaml", VALID)
    result = run_cli("validate", str(path), str(path))
    assert result.exit_code == 0


def test_version() -> None:
    from mlroadmap import __version__

    result = run_cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"mlroadmap {__version__}\n")


def test_python_dash_m_runs_the_cli_without_traceback(write) -> None:
    path = write("roadmap.yaml", BROKEN)
    process = subprocess.run(
        [sys.executable, "-m", "mlroadmap", "validate", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert process.stdout.startswith(f"{path}:5:49:")


def test_the_process_exit_writes_all_of_a_large_output() -> None:
    # `mlroadmap` exits with os._exit (no heap teardown): everything buffered must still be written.
    example = str(Path(__file__).parent.parent / "examples" / "support-assistant")
    argv = ["critical-path", "--format", "json", "--as-of", "2026-11-25", example]
    process = subprocess.run([sys.executable, "-m", "mlroadmap", *argv], capture_output=True, text=True)
    assert (process.returncode, process.stderr) == (0, "")
    assert process.stdout == run_cli(*argv).stdout
    assert json.loads(process.stdout)["critical_path"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", [["validate", "ROADMAP"], ["critical-path", "--format", "json", "ROADMAP"]])
def test_a_full_disk_under_the_output_is_an_error_not_a_bug(write, command: list[str]) -> None:
    path = write("roadmap.yaml", VALID)
    argv = [str(path) if part == "ROADMAP" else part for part in command]
    with open("/dev/full", "w") as full:
        process = subprocess.run([sys.executable, "-m", "mlroadmap", *argv], stdout=full, stderr=subprocess.PIPE, text=True)
    assert (process.returncode, process.stderr) == (2, "mlroadmap: error: cannot write the output: No space left on device\n")


@pytest.mark.parametrize("redirect", [">&-", "2>&-", ">&- 2>&-"])
def test_a_closed_output_stream_discards_what_would_go_there(write, redirect: str) -> None:
    # Python sets sys.stdout/sys.stderr to None when the shell closed them; the exit code
    # must still report the result, with no internal error.
    for roadmap, code in ((write("roadmap.yaml", VALID), 0), (write("broken.yaml", BROKEN), 1)):
        script = f'"{sys.executable}" -m mlroadmap report "{roadmap}" {redirect}; echo "exit=$?"'
        process = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
        assert process.stdout.splitlines()[-1] == f"exit={code}"
        assert "internal error" not in process.stdout + process.stderr


def test_a_profiler_still_gets_its_output(write, tmp_path: Path) -> None:
    # The fast exit (os._exit) would skip cProfile's dump; under a profiler it exits normally.
    path = write("roadmap.yaml", VALID)
    profile = tmp_path / "validate.prof"
    process = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "mlroadmap", "validate", "-q", str(path)],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    import pstats

    assert pstats.Stats(str(profile)).total_calls > 0


# What each start must not import: `validate` runs on every commit, `--help` and the Python
# API's `import mlroadmap` should cost little more than Python itself (see benchmarks/run.py).
STARTUP = ("rich", "networkx", "pydantic", "yaml", "numpy", "ruamel", "urllib.request", "mlroadmap.model")
# validate never touches the network (urllib.request, http.client) and never writes YAML (ruamel).
VALIDATE = ("rich", "networkx", "numpy", "ruamel", "urllib.request", "http.client", "mlroadmap.check", "mlroadmap.rules",
            "mlroadmap.graph", "mlroadmap.schedule", "mlroadmap.pull",
            # nor another command's module: each costs typer the reading of its signatures
            "mlroadmap.cli.init", "mlroadmap.cli.check", "mlroadmap.cli.report", "mlroadmap.cli.metrics", "mlroadmap.cli.scenario")


@pytest.mark.parametrize(
    ("command", "unused"),
    [
        (["--help"], STARTUP),
        (["--version"], STARTUP),
        (["validate", "-q", "PATH"], VALIDATE),
        # typer itself parses a command's options with pydantic; `rules` reads no YAML.
        (["rules"], ("rich", "networkx", "mlroadmap.check", "mlroadmap.graph", "yaml")),
        (["rules", "MLR111"], ("rich", "networkx", "mlroadmap.check", "mlroadmap.graph", "yaml")),
    ],
)
def test_a_command_imports_only_what_it_uses(write, command: list[str], unused: tuple[str, ...]) -> None:
    path = write("roadmap.yaml", VALID)
    argv = [str(path) if part == "PATH" else part for part in command]
    code = (
        "import sys\nfrom mlroadmap.cli import main\nsys.argv=['mlroadmap',*%r]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in %r if m in sys.modules))" % (argv, unused)
    )
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert process.stdout.strip().splitlines()[-1] == "[]"


def test_the_command_table_names_every_command_in_the_order_of_help() -> None:
    # A run imports only its command's module (COMMANDS); a command missing from the table
    # would be "No such command" when named first. Importing one module before the rest
    # (as a run does) must not change the order of --help.
    code = (
        "import mlroadmap.cli.check\nfrom typer.main import get_command\nfrom mlroadmap.cli.app import application\n"
        "print(list(get_command(application()).list_commands(None)))"
    )
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert process.stdout == f"{list(COMMANDS)}\n"
    assert list(COMMANDS)[:4] == ["init", "validate", "schema", "critical-path"]


def test_a_command_named_first_runs_with_only_its_module_and_help_shows_all(write) -> None:
    path = write("roadmap.yaml", VALID)
    code = (
        "import sys\nfrom mlroadmap.cli import main\nsys.argv=['mlroadmap', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    print('exit', exit.code)\n"
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('mlroadmap.cli.')))"
    )
    def run(*args: str) -> list[str]:
        process = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        return process.stdout.splitlines()

    assert run("critical-path", str(path))[-2:] == ["exit 0", "['app', 'common', 'critical_path', 'process']"]
    # An option before the command, and a misspelt command, get every command.
    every = "['app', 'calendar', 'capacity', 'check', 'common', 'critical_path', 'diff', 'forecast', 'graph', 'init', 'metrics', " \
            "'process', 'report', 'scenario', 'validate']"
    assert run("--version")[-2:] == ["exit 0", every]
    assert run("valdate", str(path))[-2:] == ["exit 2", every]


def test_importing_the_python_api_imports_nothing_heavy() -> None:
    code = "import sys, mlroadmap; print(sorted(m for m in %r if m in sys.modules))" % ((*STARTUP, "typer"),)
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert process.stdout == "[]\n"


def test_a_directory_of_several_roadmaps_validates_each(write, tmp_path: Path) -> None:
    write("all/minimal.yaml", VALID)
    write("all/big/roadmap.yaml", VALID.replace("Test roadmap", "Big roadmap"))
    # No header here: joins the header in its own directory, so ids do not clash with minimal.yaml.
    write("all/big/data.yaml", "datasets:\n  - {id: tickets, title: Tickets}\n")
    result = run_cli("validate", str(tmp_path / "all"))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "Big roadmap: valid (2 files; 2 items, 1 dataset).\nTest roadmap: valid (1 file; 2 items).\n"


def test_a_headerless_file_beside_two_headers_is_ambiguous(write, tmp_path: Path) -> None:
    write("two/a.yaml", VALID)
    write("two/b.yaml", VALID)
    write("two/c.yaml", "datasets:\n  - {id: tickets, title: Tickets}\n")
    result = run_cli("validate", str(tmp_path / "two"))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path / 'two' / 'c.yaml'}:1:1: this file belongs to no single roadmap: "
        f"{tmp_path / 'two' / 'a.yaml'} and {tmp_path / 'two' / 'b.yaml'} both have a 'roadmap:' header in its directory"
    )


def test_python_api_loads_one_roadmap_and_raises_with_every_problem(write) -> None:
    import pytest

    import mlroadmap
    from mlroadmap.diagnostics import RoadmapError

    roadmap = mlroadmap.load(write("ok.yaml", VALID))
    assert [item.id for item in roadmap.items] == ["a", "b"]
    assert str(roadmap.locate(roadmap.items[1], "depends_on", 0)).endswith("ok.yaml:6:50")
    with pytest.raises(RoadmapError) as error:
        mlroadmap.load(write("bad.yaml", BROKEN))
    assert [d.message for d in error.value.diagnostics] == ["depends_on: unknown id 'zz'"]


def test_an_empty_header_is_reported(write) -> None:
    path = write("roadmap.yaml", "roadmap:\nitems:\n  - {id: a, title: A, track: data}\n")
    result = run_cli("validate", "--format", "json", str(path))
    payload = json.loads(result.stdout)
    assert result.exit_code == 1
    assert payload["valid"] is False
    assert [(p["line"], p["column"], p["message"]) for p in payload["problems"]] == [
        (1, 9, "roadmap: empty header; expected a mapping with name and period")
    ]


def test_a_duplicate_key_in_one_file_does_not_hide_problems_elsewhere(write, tmp_path: Path) -> None:
    write("dup/roadmap.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, depends_on: [no-such-thing]}\n")
    write("dup/other.yaml", "tools:\n  - id: t\n    title: T\n    kind: other\n    kind: annotation\n")
    result = run_cli("validate", str(tmp_path / "dup"))
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines()[:-1]] == [
        "duplicate key 'kind': first written at line 4, again at line 5; YAML would silently keep only the last one",
        "depends_on: unknown id 'no-such-thing'",
    ]


def test_a_broken_file_hides_references_to_its_own_ids_only(write, tmp_path: Path) -> None:
    write("rm/a.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, depends_on: [tickets, typo]}\n")
    write("rm/b.yaml", "datasets:\n  - {id: tickets, title: 'Tickets}\n")
    result = run_cli("validate", str(tmp_path / "rm"))
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines()[:-1]] == [
        "depends_on: unknown id 'typo'",
        "YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 2); a quote or bracket opened here is never closed",
    ]


def test_a_header_file_that_does_not_parse_still_starts_its_own_roadmap(write, tmp_path: Path) -> None:
    write("multi/r1/roadmap.yaml", "roadmap: {name: R1, period: {start: 2026-Q1, end: 2026-Q4}\n")
    write("multi/r1/items.yaml", "items:\n  - {id: a, title: A, track: data}\n")
    write("multi/r2/roadmap.yaml", VALID)
    result = run_cli("validate", str(tmp_path / "multi"))
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and "YAML syntax error" in lines[0]  # no duplicate id 'a' across roadmaps


def test_an_empty_file_is_one_problem(write) -> None:
    path = write("roadmap.yaml", "")
    result = run_cli("validate", str(path))
    assert result.stdout == f"{path}:1:1: empty file: a roadmap file is a mapping of sections (roadmap:, items:, ...)\nFound 1 problem in 1 file.\n"


def test_x_keys_hold_shared_anchors(write) -> None:
    path = write(
        "roadmap.yaml",
        HEADER + "x-defaults: &defaults {track: data, status: planned}\nitems:\n  - {<<: *defaults, id: a, title: A}\n",
    )
    assert run_cli("validate", str(path)).exit_code == 0


def test_output_a_console_cannot_encode_is_escaped_not_a_crash(write) -> None:
    path = write("roadmap.yaml", VALID.replace("Test roadmap", "Café ☕"))
    process = subprocess.run(
        [sys.executable, "-m", "mlroadmap", "validate", str(path)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert process.returncode == 0
    assert process.stdout == b"Caf\\xe9 \\u2615: valid (1 file; 2 items).\n"


def test_a_broken_symlink_is_a_clear_io_error(tmp_path: Path) -> None:
    link = tmp_path / "roadmap.yaml"
    link.symlink_to(tmp_path / "missing.yaml")
    result = run_cli("validate", str(link))
    assert result.exit_code == 2
    assert result.stderr == f"mlroadmap: error: {link}: broken or looping symbolic link\n"


def test_a_value_cut_short_by_a_comment_is_a_warning(write) -> None:
    path = write("roadmap.yaml", HEADER + "items:\n  - id: a\n    title: Fix bug #12 first\n    track: data  # a real comment\n")
    result = run_cli("validate", str(path))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        f"{path}:6:20: warning: the value ends at 'Fix bug': '#12 first' after it is a YAML comment; "
        "quote the whole value if it belongs to it"
    )
    github = run_cli("validate", "--format", "github", str(path))
    assert github.stdout.startswith(f"::warning file={path},line=6,col=20,")


def test_a_reference_into_another_roadmap_says_so(write, tmp_path: Path) -> None:
    write("two/fraud/roadmap.yaml", VALID.replace("Test roadmap", "Fraud"))
    write("two/kyc/roadmap.yaml", HEADER + "items:\n  - {id: k, title: K, track: data, depends_on: [a]}\n")
    result = run_cli("validate", str(tmp_path / "two"))
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path / 'two' / 'kyc' / 'roadmap.yaml'}:5:49: depends_on: 'a' is defined in another roadmap, 'Fraud'; "
        "references cannot cross roadmaps"
    )


def test_one_file_of_a_directory_roadmap_gives_one_clear_error(write, tmp_path: Path) -> None:
    write("rm/roadmap.yaml", HEADER + "outcomes:\n  - {id: o, title: O, problem: P, metric: m, baseline: 1, target: 2, due: 2026-Q3}\n")
    work = write("rm/work.yaml", "items:\n  - {id: a, title: A, track: data, outcome: o}\n  - {id: b, title: B, track: data, outcome: o}\n")
    result = run_cli("validate", str(work))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{work}:1:1: no 'roadmap:' header (name, period, ...): exactly one file of a roadmap has it; "
        "to check one file of a directory roadmap, validate the directory",
        "Found 1 problem in 1 file.",
    ]
