"""Several roadmaps on several cores (mlroadmap.workers): the same output as one process,
whatever the roadmaps hold, and the work really done in other processes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

from mlroadmap import workers
from mlroadmap.loader import discover

HEADER = "roadmap: {{name: {name}, period: {{start: 2026-Q1, end: 2026-Q4}}}}\n"


def _monorepo(root: Path) -> Path:
    """Team roadmaps with what the loader has to get right across them: a reference to
    another roadmap's id, a file of a directory with two headers (it belongs to neither),
    a broken file, a BOM, and two bundled examples."""
    shutil.copytree(EXAMPLES / "card-fraud", root / "fraud")
    shutil.copytree(EXAMPLES / "support-assistant", root / "support")
    (root / "kyc").mkdir()
    (root / "kyc" / "roadmap.yaml").write_text(HEADER.format(name="KYC") + "items:\n  - {id: kyc-a, title: A, track: data, depends_on: [txn-stream]}\n",
                                               encoding="utf-8")
    (root / "two").mkdir()
    for name in ("a", "b"):
        (root / "two" / f"{name}.yaml").write_text(HEADER.format(name=name.upper()), encoding="utf-8")
    (root / "two" / "c.yaml").write_text("items:\n  - {id: c, title: C, track: data}\n", encoding="utf-8")
    (root / "broken.yaml").write_text(HEADER.format(name="Broken") + "items:\n  - {id: x, title: [\n", encoding="utf-8")
    (root / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + HEADER.format(name="Bom").encode())
    return root


@pytest.mark.parametrize("command", [
    ("validate",), ("validate", "--format", "json"), ("validate", "--format", "github"),
    ("check", "--as-of", "2026-11-25"), ("check", "--as-of", "2026-11-25", "--format", "json"),
    ("check", "--as-of", "2026-11-25", "--format", "sarif"), ("check", "--as-of", "2026-11-25", "--format", "github"),
])
def test_two_processes_say_exactly_what_one_says(tmp_path: Path, command: tuple[str, ...]) -> None:
    root = _monorepo(tmp_path / "repo")
    one = run_cli(*command, "--jobs", "1", str(root))
    two = run_cli(*command, "--jobs", "2", str(root))
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert one.exit_code == 1
    if command == ("validate",):
        assert f"{root / 'kyc' / 'roadmap.yaml'}:3:53: depends_on: 'txn-stream' is defined in another roadmap, 'Card Fraud 2027'; " in one.stdout
        assert f"{root / 'two' / 'c.yaml'}:1:1: this file belongs to no single roadmap: " in one.stdout


def test_the_roadmaps_are_loaded_and_done_in_worker_processes_in_order(tmp_path: Path) -> None:
    root = _monorepo(tmp_path / "repo")
    planned = workers.plan(discover([str(root)]), heavy=True, asked=True)
    assert planned is not None
    done = workers.run(planned, lambda result, problems: (os.getpid(), [source.name for source in result.files]), jobs=2)
    assert done is not None
    pids = {one.outcome[0] for one in done if one.outcome is not None}
    assert len(pids) == 2 and os.getpid() not in pids
    assert [one.outcome[1] for one in done if one.outcome is not None] == [plan.names for plan in planned]
    assert [plan.names[0] for plan in planned] == [str(root / name) for name in (
        "bom.yaml", "broken.yaml", "fraud/data.yaml", "kyc/roadmap.yaml", "support/data.yaml", "two/a.yaml", "two/b.yaml", "two/c.yaml")]


def test_a_header_the_scan_misreads_sends_the_run_back_to_one_process(tmp_path: Path) -> None:
    root = _monorepo(tmp_path / "repo")
    (root / "quoted.yaml").write_text('"roadmap": {name: Quoted, period: {start: 2026-Q1, end: 2026-Q4}}\n', encoding="utf-8")
    planned = workers.plan(discover([str(root)]), heavy=True, asked=True)
    assert planned is not None
    assert workers.run(planned, lambda result, problems: None, jobs=2) is None
    one, two = (run_cli("check", "--as-of", "2026-11-25", "--jobs", jobs, str(root)) for jobs in ("1", "2"))
    assert two.stdout == one.stdout
    assert "\nQuoted: 0/2 checklist sections satisfied (as of 2026-11-25; dates by dependencies alone)\n" in one.stdout
    assert one.stdout.endswith("\nChecked 9 roadmaps: 2 passed, 4 failed, 3 not valid.\n")


def test_a_task_that_fails_raises_the_first_roadmaps_error_as_one_process_would(tmp_path: Path) -> None:
    root = _monorepo(tmp_path / "repo")
    planned = workers.plan(discover([str(root)]), heavy=True, asked=True)
    assert planned is not None

    def task(result, problems):  # type: ignore[no-untyped-def]
        if result.roadmap is not None and result.roadmap.header is not None and result.roadmap.info.name in ("KYC", "Support Assistant 2026"):
            raise ValueError(result.roadmap.info.name)

    with pytest.raises(ValueError, match=r"^KYC$"):
        workers.run(planned, task, jobs=2)


def test_a_settings_error_stops_the_run_as_in_one_process(tmp_path: Path) -> None:
    root = _monorepo(tmp_path / "repo")
    (root / "pyproject.toml").write_text('[tool.mlroadmap]\nselect = ["NOPE"]\n', encoding="utf-8")
    one, two = (run_cli("check", "--jobs", jobs, str(root)) for jobs in ("1", "2"))
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert one.exit_code == 2 and one.stderr.startswith("mlroadmap: error: ")


@pytest.mark.parametrize(("heavy", "roadmaps", "spread"), [(True, 3, False), (True, 4, True), (False, 4, False)])
def test_small_runs_stay_in_one_process_unless_asked(tmp_path: Path, heavy: bool, roadmaps: int, spread: bool) -> None:
    for index in range(roadmaps):
        (tmp_path / f"r{index}.yaml").write_text(HEADER.format(name=f"R{index}"), encoding="utf-8")
    names = discover([str(tmp_path)])
    if workers.cores() < 2:
        pytest.skip("one core: nothing is spread unless asked")
    assert (workers.plan(names, heavy=heavy) is not None) is spread  # validate: under SPREAD_BYTES of YAML
    assert workers.plan(names, heavy=heavy, asked=True) is not None
    assert workers.plan(names[:1], heavy=heavy, asked=True) is None  # one roadmap


def test_json_of_several_roadmaps_validated_in_two_processes_lists_every_file(tmp_path: Path) -> None:
    root = _monorepo(tmp_path / "repo")
    found = json.loads(run_cli("validate", "--jobs", "2", "--format", "json", str(root)).stdout)
    assert found["files"] == [str(name) for name in sorted(root.rglob("*.yaml"))]


def test_each_roadmaps_problems_come_in_validates_order_whatever_order_the_files_are_given(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "roadmap.yaml").write_text(HEADER.format(name="R") + "items:\n  - {id: a, title: A, track: modle}\n", encoding="utf-8")
    (tmp_path / "r" / "z.yaml").write_text("items:\n  - {id: b, title: B, track: data, depends_on: [nope]}\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(HEADER.format(name="S"), encoding="utf-8")
    given = [str(tmp_path / "r" / "z.yaml"), str(tmp_path / "r" / "roadmap.yaml"), str(tmp_path / "s.yaml")]
    one, two = (run_cli("check", "--as-of", "2026-01-05", "--jobs", jobs, *given) for jobs in ("1", "2"))
    assert two.stdout == one.stdout
    assert one.stdout.splitlines()[:3] == [
        "R: not checked, the roadmap is not valid",
        f"{tmp_path / 'r' / 'roadmap.yaml'}:3:30: track: unknown track 'modle' (did you mean 'model'?); the standard tracks are "
        "model, data, ethics, monitoring, experiments, team, custom ones are declared under 'tracks:'",
        f"{tmp_path / 'r' / 'z.yaml'}:2:49: depends_on: unknown id 'nope'",
    ]


def test_a_file_gone_between_the_scan_and_the_load_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _monorepo(tmp_path / "repo")
    scan = workers.plan

    def scan_then_delete(names: list[str], **options: bool) -> list[workers.Planned] | None:
        planned = scan(names, **options)
        (root / "kyc" / "roadmap.yaml").unlink()
        return planned

    monkeypatch.setattr(workers, "plan", scan_then_delete)
    result = run_cli("check", "--jobs", "2", str(root))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mlroadmap: error: {root / 'kyc' / 'roadmap.yaml'}: cannot read: No such file or directory\n"


def test_workers_end_on_their_own_when_the_run_goes_back_to_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each worker closes the parent's pipe ends it inherits: when the parent closes its own,
    # a worker waiting for the ids sees the end at once and exits; none has to be killed.
    import multiprocessing.context

    def refuse(process: object) -> None:
        raise AssertionError("a worker had to be killed")

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "kill", refuse)
    root = _monorepo(tmp_path / "repo")
    (root / "quoted.yaml").write_text('"roadmap": {name: Quoted, period: {start: 2026-Q1, end: 2026-Q4}}\n', encoding="utf-8")
    planned = workers.plan(discover([str(root)]), heavy=True, asked=True)
    assert planned is not None
    assert workers.run(planned, lambda result, problems: None, jobs=3) is None


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the processes' parents in /proc")
def test_workers_stop_when_their_parent_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    root = tmp_path / "repo"
    for index in range(60):
        shutil.copytree(EXAMPLES / "card-fraud", root / f"team-{index}")
    parent = subprocess.Popen([sys.executable, "-m", "mlroadmap", "check", "--jobs", "2", str(root)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent.pid:
                found.append(int(stat.parent.name))
        return found

    deadline = time.monotonic() + 60
    while len(children()) < 2 and parent.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    forked = children()
    assert len(forked) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
              for pid in forked) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in forked if Path(f"/proc/{pid}").exists()
                and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]]
