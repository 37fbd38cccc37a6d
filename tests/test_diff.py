"""``diff``: real temporary git repositories with several commits, every kind of change,
renamed and new files, and the errors a user meets (no such revision, no repository,
an old version that was invalid)."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import run_cli

AS_OF = "2026-01-01"  # before any work starts: the dates are the plan's, hand-computable

HEADER_FILE = """\
roadmap:
  name: Diff demo
  period: {start: 2026-Q1, end: 2026-Q4}
outcomes:
  - id: fewer-tickets
    title: Fewer tickets
    problem: Agents drown in repetitive tickets
    metric: tickets per week
    direction: lower
    baseline: 1000
    target: 700
    current: 900
    due: 2026-Q4
models:
  - id: clf
    title: Ticket classifier
    stage: experimentation
    metrics:
      - {name: f1, baseline: 0.5, current: 0.7, targets: {2026-Q4: 0.8}}
      - {name: latency, unit: ms, direction: lower, baseline: 300, current: 200, targets: {2026-Q4: 150}}
risks:
  - id: risk-drift
    title: Ticket mix drifts
    likelihood: medium
    impact: medium
"""

# collect 5-18 Jan, train 19 Jan-8 Feb, ship 9-15 Feb (the critical chain); docs 5-11 Jan.
WORK_FILE = """\
items:
  - id: collect
    title: Collect tickets
    track: data
    start: 2026-01-05
    duration: 2w
  - id: train
    title: Train the classifier
    track: model
    phase: training
    owner: ana
    depends_on: [collect]
    duration: 3w
    outcome: fewer-tickets
  - id: ship
    title: Ship to agents
    track: model
    phase: integration
    depends_on: [train]
    duration: 1w
    outcome: fewer-tickets
  - id: docs
    title: Write the agent guide
    track: team
    start: 2026-01-05
    duration: 1w
  - id: spike
    title: Try a rules baseline
    track: experiments
    start: 2026-01-05
    duration: 3d
"""


def git(repo: Path, *args: str, date: str = "2026-01-01T09:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run(["git", "-c", "user.name=Ana", "-c", "user.email=ana@example.com", "-c", "init.defaultBranch=main", *args],
                          cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, message: str, date: str = "2026-01-01T09:00:00+00:00") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


def put(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose roadmap (rm/) had one commit of the plan above; the work tree is
    the current directory."""
    git(tmp_path, "init", "-q")
    put(tmp_path, "rm/roadmap.yaml", HEADER_FILE)
    put(tmp_path, "rm/work.yaml", WORK_FILE)
    commit(tmp_path, "The plan as reviewed", "2026-01-01T09:00:00+00:00")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def weekly_update(repo: Path) -> None:
    """Every kind of change, and a renamed and a new file, in one commit."""
    git(repo, "mv", "rm/work.yaml", "rm/tasks.yaml")
    edit(repo, "rm/tasks.yaml", "    duration: 3w\n", "    duration: 4w\n")  # train slips a week
    edit(repo, "rm/tasks.yaml", "    owner: ana\n", "    owner: ben\n")
    edit(repo, "rm/tasks.yaml", "    phase: integration\n", "    phase: experimentation\n")
    edit(repo, "rm/tasks.yaml", "  - id: docs\n    title: Write the agent guide\n",
         "  - id: docs\n    title: Write the agent guide\n    status: in-progress\n")
    edit(repo, "rm/tasks.yaml", "  - id: spike\n    title: Try a rules baseline\n    track: experiments\n    start: 2026-01-05\n    duration: 3d\n", "")
    edit(repo, "rm/roadmap.yaml", "stage: experimentation", "stage: staged-rollout")
    edit(repo, "rm/roadmap.yaml", "current: 0.7, targets: {2026-Q4: 0.8}", "current: 0.75, targets: {2026-Q4: 0.85}")
    edit(repo, "rm/roadmap.yaml", "current: 200,", "current: 220,")
    edit(repo, "rm/roadmap.yaml", "    current: 900\n", "    current: 850\n")
    put(repo, "rm/risks.yaml", """\
        risks:
          - id: risk-labels
            title: Labelling vendor is late
            likelihood: high
            impact: medium
        """)
    commit(repo, "Weekly update", "2026-01-08T09:00:00+00:00")


def diff_json(*args: str) -> dict:
    run = run_cli("diff", *args, "--as-of", AS_OF, "-f", "json")
    assert run.exit_code == 0, run.stdout + run.stderr
    return json.loads(run.stdout)


def rows(data: dict) -> list[tuple]:
    return [(c["kind"], c["subject"], c["old"], c["new"], c.get("days"), c.get("critical"), c.get("better"), c.get("follows"))
            for c in data["changes"]]


def test_every_kind_of_change_since_a_revision(repo: Path) -> None:
    weekly_update(repo)
    data = diff_json("HEAD~1", "rm")
    assert data["old"]["label"] == "HEAD~1" and data["old"]["subject"] == "The plan as reviewed"
    assert data["end"] == {"old": "2026-02-15", "new": "2026-02-22"}
    assert data["slipped_on_critical_path"] is True
    assert rows(data) == [
        ("end", "roadmap", "2026-02-15", "2026-02-22", 7, None, None, None),
        ("outcome-date", "fewer-tickets", "2026-02-15", "2026-02-22", 7, None, None, None),
        ("slipped", "train", "2026-02-08", "2026-02-15", 7, True, None, None),  # its own edit
        ("slipped", "ship", "2026-02-15", "2026-02-22", 7, True, None, "train"),
        ("added", "risk-labels", None, "risk", None, None, None, None),
        ("removed", "spike", "item", None, None, None, None, None),
        ("phase", "ship", "integration", "experimentation", None, None, True, None),
        ("status", "docs", "planned", "in-progress", None, None, None, None),
        ("stage", "clf", "experimentation", "staged-rollout", None, None, True, None),
        ("metric", "fewer-tickets", 900, 850, None, None, True, None),  # lower is better
        ("metric", "clf/f1", 0.7, 0.75, None, None, True, None),
        ("target", "clf/f1", 0.8, 0.85, None, None, True, None),
        ("metric", "clf/latency", 200, 220, None, None, False, None),  # lower is better: worse
        ("owner", "train", "ana", "ben", None, None, None, None),
    ]
    train = next(c for c in data["changes"] if c["subject"] == "train" and c["kind"] == "slipped")
    assert train["edits"] == {"duration": {"old": "3w", "new": "4w"}}
    assert data["files"] == [
        {"kind": "added", "old": None, "new": "rm/risks.yaml"},
        {"kind": "renamed", "old": "HEAD~1:rm/work.yaml", "new": "rm/tasks.yaml"},
    ]
    assert data["score"]["old"] is not None and data["checklist_warnings"]["old"] is not None


def test_the_terminal_summary_says_what_moved_and_why(repo: Path) -> None:
    weekly_update(repo)
    run = run_cli("diff", "HEAD~1", "rm", "--as-of", AS_OF, env={"COLUMNS": "100"})
    assert run.exit_code == 0
    lines = [line.rstrip() for line in run.stdout.splitlines()]
    commit_id = git(repo, "rev-parse", "--short", "HEAD~1").strip()
    assert lines[0] == "What changed: Diff demo"
    assert " ".join(lines[1:3]) == (f"HEAD~1, {commit_id} (1 Jan 2026, Ana: The plan as reviewed) → the work tree; both projected"
                                    " as of 1 Jan 2026, dates by dependencies alone")
    summary = lines[lines.index("Summary") + 1:lines.index("Summary") + 11]
    assert summary == [
        "• The projected end moved 7 days later: 15 Feb 2026 → 22 Feb 2026.",
        "• Fewer tickets lands 7 days later: 15 Feb 2026 → 22 Feb 2026.",
        "• Work moved: 2 pieces later (2 on the critical path), 0 earlier.",
        "• Added: 1 risk.",
        "• Removed: 1 item.",
        "• Metrics: 3 values changed: 2 better, 1 worse.",
        "• Targets: 1 target changed.",
        "• Ticket classifier promoted: experimentation → staged-rollout.",
        "• Status and phase: 2 changes.",
        "• Owners: 1 change.",
    ]
    dates = lines[lines.index("Dates (4)") + 3:lines.index("Dates (4)") + 7]
    assert [" ".join(line.split()) for line in dates] == [
        "The roadmap's end 2026-02-15 2026-02-22 +7 d",
        "Fewer tickets 2026-02-15 2026-02-22 +7 d",
        "Train the classifier 2026-02-08 2026-02-15 +7 d critical path; duration 3w → 4w",
        "Ship to agents 2026-02-15 2026-02-22 +7 d critical path; follows train",
    ]


def test_markdown_for_a_pull_request_puts_the_summary_first_and_folds_the_details(repo: Path) -> None:
    weekly_update(repo)
    run = run_cli("diff", "HEAD~1", "rm", "--as-of", AS_OF, "-f", "markdown")
    text = run.stdout
    assert text.startswith("# What changed: Diff demo\n")
    assert text.index("## Summary") < text.index("<details>")
    assert "- **The projected end moved 7 days later: 15 Feb 2026 → 22 Feb 2026.**" in text
    assert "<details><summary><b>Dates (4)</b></summary>\n\n| What | Was | Now | Moved | Why |" in text
    assert "| Ship to agents | 2026-02-15 | 2026-02-22 | **+7 d** | critical path; follows train |" in text
    assert "| Ticket classifier: latency | current | 200 | 220 | **worse** |" in text
    assert text.count("<details>") == text.count("</details>") == 7  # 6 groups with changes, and the files


def test_fail_on_slip_exits_1_only_when_a_critical_date_moved_later(repo: Path) -> None:
    edit(repo, "rm/work.yaml", "    duration: 3w\n", "    duration: 2w\n")  # pulled in
    assert run_cli("diff", "HEAD", "rm", "--as-of", AS_OF, "--fail-on", "slip").exit_code == 0
    edit(repo, "rm/work.yaml", "    duration: 2w\n", "    duration: 5w\n")
    run = run_cli("diff", "HEAD", "rm", "--as-of", AS_OF, "--fail-on", "slip", "-f", "json")
    assert run.exit_code == 1 and json.loads(run.stdout)["slipped_on_critical_path"] is True
    assert run_cli("diff", "HEAD", "rm", "--as-of", AS_OF).exit_code == 0  # no gate asked for


def test_slack_absorbs_a_slip_off_the_critical_path(repo: Path) -> None:
    edit(repo, "rm/work.yaml", "    start: 2026-01-05\n    duration: 1w\n", "    start: 2026-01-05\n    duration: 2w\n")  # docs
    data = diff_json("HEAD", "rm")
    assert rows(data) == [("slipped", "docs", "2026-01-11", "2026-01-18", 7, False, None, None)]
    assert run_cli("diff", "HEAD", "rm", "--as-of", AS_OF, "--fail-on", "slip").exit_code == 0


def test_nothing_changed(repo: Path) -> None:
    data = diff_json("HEAD", "rm")
    assert data["changes"] == [] and data["files"] == []
    run = run_cli("diff", "HEAD", "rm", "--as-of", AS_OF)
    assert "No change to the roadmap's content." in run.stdout


def test_a_roadmap_that_did_not_exist_at_the_old_revision_is_all_new(repo: Path) -> None:
    put(repo, "other/roadmap.yaml", HEADER_FILE)
    commit(repo, "A second roadmap")
    data = diff_json("HEAD~1", "other")
    assert data["old"]["exists"] is False
    assert {(c["kind"], c["subject"]) for c in data["changes"]} == {("added", "fewer-tickets"), ("added", "clf"), ("added", "risk-drift")}
    assert data["files"] == [{"kind": "added", "old": None, "new": "other/roadmap.yaml"}]
    text = run_cli("diff", "HEAD~1", "other", "--as-of", AS_OF).stdout
    assert "There was no roadmap at HEAD~1: everything is new." in text


def test_a_single_file_roadmap_renamed_since_the_revision(repo: Path) -> None:
    put(repo, "solo.yaml", HEADER_FILE + WORK_FILE)
    commit(repo, "One file")
    git(repo, "mv", "solo.yaml", "plan.yaml")
    edit(repo, "plan.yaml", "    current: 900\n", "    current: 880\n")
    commit(repo, "Renamed")
    data = diff_json("HEAD~1", "plan.yaml")
    assert data["files"] == [{"kind": "renamed", "old": "HEAD~1:solo.yaml", "new": "plan.yaml"}]
    assert rows(data) == [("metric", "fewer-tickets", 900, 880, None, None, True, None)]


def test_an_uncommitted_edit_is_compared_with_head(repo: Path) -> None:
    edit(repo, "rm/roadmap.yaml", "    impact: medium\n", "    impact: high\n")
    data = diff_json("rm")  # one argument that is a path: the revision is the default
    assert rows(data) == [("edit", "risk-drift", "medium", "high", None, None, None, None)]
    assert data["old"]["label"] == git(repo, "rev-parse", "--short", "HEAD").strip()


def test_on_a_branch_the_default_revision_is_where_it_left_main(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo, "rm/roadmap.yaml", "    current: 900\n", "    current: 800\n")
    commit(repo, "Feature work")
    edit(repo, "rm/roadmap.yaml", "    current: 800\n", "    current: 780\n")
    data = diff_json("rm")
    assert data["old"]["label"] == "merge-base with main"
    assert data["old"]["subject"] == "The plan as reviewed"
    assert rows(data) == [("metric", "fewer-tickets", 900, 780, None, None, True, None)]


def test_diff_changes_nothing_in_the_work_tree_or_the_index(repo: Path) -> None:
    weekly_update(repo)
    edit(repo, "rm/roadmap.yaml", "    current: 850\n", "    current: 840\n")
    status = git(repo, "status", "--porcelain")
    index = (repo / ".git" / "index").stat().st_mtime_ns
    assert run_cli("diff", "HEAD~1", "rm", "--as-of", AS_OF).exit_code == 0
    assert (repo / ".git" / "index").stat().st_mtime_ns == index  # not even refreshed
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "branch", "--show-current").strip() == "main"


def test_an_old_revision_whose_roadmap_was_invalid_lists_its_problems(repo: Path) -> None:
    edit(repo, "rm/work.yaml", "    depends_on: [collect]\n", "    depends_on: [colect]\n")
    commit(repo, "A typo")
    edit(repo, "rm/work.yaml", "    depends_on: [colect]\n", "    depends_on: [collect]\n")
    edit(repo, "rm/roadmap.yaml", "    current: 900\n", "    current: 870\n")
    run = run_cli("diff", "HEAD", "rm", "--as-of", AS_OF, "-f", "json")
    assert run.exit_code == 0
    data = json.loads(run.stdout)
    assert data["old"]["valid"] is False
    [problem] = data["old"]["problems"]
    assert (problem["file"], problem["line"], problem["column"]) == ("HEAD:rm/work.yaml", 12, 18)
    assert problem["message"] == "depends_on: unknown id 'colect' (did you mean 'collect'?)"
    assert data["end"] == {"old": None, "new": "2026-02-15"} and data["score"]["old"] is None
    assert ("metric", "fewer-tickets", 900, 870, None, None, True, None) in rows(data)
    text = run_cli("diff", "HEAD", "rm", "--as-of", AS_OF, env={"COLUMNS": "120"}).stdout
    assert "The old version was invalid (1 problem): its dates and checklist are not compared; its entries still are." in text
    assert "HEAD:rm/work.yaml:12:18" in text


@pytest.mark.parametrize(("args", "message"), [
    (["no-such-rev", "rm"], "mlroadmap: error: no-such-rev: no such revision in the repository at {repo} (git log --oneline lists them)\n"),
    (["--", "-x", "rm"], "mlroadmap: error: -x: not a revision (revisions do not start with '-')\n"),
    (["HEAD", "rm", "extra"], "mlroadmap: error: diff takes a revision and a path, or two paths; got 3 arguments\n"),
    (["HEAD", "missing"], "mlroadmap: error: missing: no such file or directory\n"),
])
def test_usage_errors_exit_2_with_one_line(repo: Path, args: list[str], message: str) -> None:
    run = run_cli("diff", *args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == message.format(repo=repo)


def test_a_path_outside_any_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "plain"
    put(outside, "roadmap.yaml", HEADER_FILE)
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    run = run_cli("diff", "HEAD", "roadmap.yaml")
    assert run.exit_code == 2
    assert run.stderr == ("mlroadmap: error: roadmap.yaml: not inside a git repository; to compare two copies, "
                          "give both paths: mlroadmap diff OLD_PATH NEW_PATH\n")


def test_an_invalid_work_tree_is_the_roadmaps_problem_exit_1(repo: Path) -> None:
    edit(repo, "rm/work.yaml", "    duration: 3w\n", "    duration: 3 weeks\n")
    run = run_cli("diff", "HEAD", "rm")
    assert run.exit_code == 1
    assert run.stderr.startswith("rm/work.yaml:13:15: ")


def test_two_copies_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(tmp_path, "old/roadmap.yaml", HEADER_FILE)
    put(tmp_path, "old/work.yaml", WORK_FILE)
    put(tmp_path, "new/roadmap.yaml", HEADER_FILE.replace("current: 0.7,", "current: 0.6,"))
    put(tmp_path, "new/plan.yaml", WORK_FILE)
    monkeypatch.chdir(tmp_path)
    data = diff_json("old", "new")
    assert data["old"]["label"] == "old" and data["new"]["label"] == "new"
    assert rows(data) == [("metric", "clf/f1", 0.7, 0.6, None, None, False, None)]
    assert data["files"] == [{"kind": "added", "old": None, "new": "new/plan.yaml"},
                             {"kind": "removed", "old": "old/work.yaml", "new": None}]


def test_report_since_a_revision_opens_with_what_changed(repo: Path) -> None:
    weekly_update(repo)
    data = json.loads(run_cli("report", "rm", "--since", "HEAD~1", "--as-of", AS_OF, "-f", "json").stdout)
    since = data["sections"]["since"]
    assert next(iter(data["sections"])) == "since"
    assert since["end"] == {"old": "2026-02-15", "new": "2026-02-22"} and since["slipped_on_critical_path"] is True
    assert rows(since) == rows(diff_json("HEAD~1", "rm"))  # the same diff as `mlroadmap diff`
    run = run_cli("report", "rm", "--since", "HEAD~1", "--as-of", AS_OF, env={"COLUMNS": "120"})
    lines = [line.rstrip() for line in run.stdout.splitlines()]
    commit_id = git(repo, "rev-parse", "--short", "HEAD~1").strip()
    start = lines.index(f"Since HEAD~1, {commit_id} (1 Jan 2026, Ana: The plan as reviewed)")
    assert lines[start + 1:start + 4] == [
        "• The projected end moved 7 days later: 15 Feb 2026 → 22 Feb 2026.",
        "• Fewer tickets lands 7 days later: 15 Feb 2026 → 22 Feb 2026.",
        "• Work moved: 2 pieces later (2 on the critical path), 0 earlier.",
    ]
    assert not any(line.startswith("• Files:") for line in lines)  # a report's readers do not care about file names
    assert start < lines.index("Outcomes")
    markdown = run_cli("report", "rm", "--since", "HEAD~1", "--as-of", AS_OF, "-f", "markdown").stdout
    assert "| Ship to agents | 2026-02-15 | 2026-02-22 | **+7 d** | critical path; follows train |" in markdown


@pytest.mark.parametrize(("args", "message"), [
    (["rm", "--since", "nope"], "mlroadmap: error: --since: nope: no such revision in the repository at {repo} (git log --oneline lists them)\n"),
    (["rm/roadmap.yaml", "rm/work.yaml", "--since", "HEAD"], "mlroadmap: error: --since: give the roadmap as one path (a file or a directory) in a git repository\n"),
])
def test_report_since_usage_errors(repo: Path, args: list[str], message: str) -> None:
    run = run_cli("report", *args, "--as-of", AS_OF)
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", message.format(repo=repo))


def test_the_readme_example_is_what_diff_prints(repo: Path) -> None:
    """The README's block is this module's weekly update (commit ids are fixed by the dates
    and names above), cut after the dates table."""
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ COLUMNS=100 mlroadmap diff HEAD~1 rm --as-of 2026-01-01\n(.*?)…\n```", readme, re.DOTALL)
    assert block is not None
    weekly_update(repo)
    printed = run_cli("diff", "HEAD~1", "rm", "--as-of", AS_OF, env={"COLUMNS": "100"}).stdout
    shown = block.group(1)
    assert printed.startswith(shown) and printed[len(shown):].startswith("\nAdded (1)")


# --- from the review: each case once wrong -------------------------------------------------


def test_the_index_is_not_even_refreshed(repo: Path) -> None:
    """Porcelain `git diff` rewrites a stale index; diff must read without writing."""
    import time

    edit(repo, "rm/roadmap.yaml", "    current: 900\n", "    current: 840\n")
    time.sleep(1.1)
    os.utime(repo / "rm" / "work.yaml")  # unchanged content, newer stat: a refresh would rewrite the index
    index = (repo / ".git" / "index").read_bytes()
    assert run_cli("diff", "HEAD", "rm", "--as-of", AS_OF).exit_code == 0
    assert (repo / ".git" / "index").read_bytes() == index


def test_an_old_version_whose_dates_overflow_is_listed_not_a_crash(repo: Path) -> None:
    # Each duration is valid; 90 of them in a chain end past the year 9999.
    chain = "".join(f"  - {{id: h{i}, title: H{i}, track: data, duration: 5000w{f', depends_on: [h{i - 1}]' if i else ''}}}\n"
                    for i in range(90))
    put(repo, "rm/chain.yaml", "items:\n" + chain)
    commit(repo, "A chain of millennia")
    (repo / "rm" / "chain.yaml").unlink()
    data = diff_json("HEAD", "rm")
    [problem] = data["old"]["problems"]
    assert (problem["file"], problem["code"]) == ("HEAD:rm/chain.yaml", "schedule-overflow")
    assert problem["message"].endswith("is projected past the year 9999: the durations and lags (or efforts, at the people's capacity) "
                                       "along its dependency chain add up to thousands of years")
    assert data["end"]["old"] is None and len(data["changes"]) == 90  # 90 removed
    report = run_cli("report", "rm", "--since", "HEAD", "--as-of", AS_OF, env={"COLUMNS": "300"})
    assert report.exit_code == 0
    assert f"• {problem['file']}:{problem['line']}:{problem['column']}: {problem['message']}" in report.stdout


def test_without_a_default_branch_or_a_common_commit_diff_asks_for_a_revision(repo: Path) -> None:
    git(repo, "branch", "-m", "main", "dev")
    git(repo, "checkout", "-q", "--detach")
    run = run_cli("diff", "rm")
    assert run.exit_code == 2
    assert run.stderr == ("mlroadmap: error: no default branch (origin/HEAD, main, master or trunk) to compare with; "
                          "give a revision, e.g. mlroadmap diff HEAD~1\n")


def test_a_ci_checkout_compares_with_origin_main(repo: Path) -> None:
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "--detach")
    git(repo, "branch", "-D", "main")
    edit(repo, "rm/roadmap.yaml", "    current: 900\n", "    current: 800\n")
    commit(repo, "On the pull request's branch")
    data = diff_json("rm")
    assert data["old"]["label"] == "merge-base with origin/main"
    assert rows(data) == [("metric", "fewer-tickets", 900, 800, None, None, True, None)]


def test_a_hidden_file_named_explicitly_is_read_at_the_revision(repo: Path) -> None:
    put(repo, ".plan.yaml", HEADER_FILE)
    commit(repo, "A hidden roadmap")
    edit(repo, ".plan.yaml", "    current: 900\n", "    current: 800\n")
    assert rows(diff_json("HEAD", ".plan.yaml")) == [("metric", "fewer-tickets", 900, 800, None, None, True, None)]


def test_a_symbolic_link_in_the_roadmap_is_followed_at_the_revision_as_on_disk(repo: Path) -> None:
    (repo / "shared").mkdir()
    git(repo, "mv", "rm/work.yaml", "shared/work.yaml")
    os.symlink("../shared/work.yaml", repo / "rm" / "work.yaml")
    commit(repo, "Share the work file")
    edit(repo, "shared/work.yaml", "    owner: ana\n", "    owner: ben\n")
    data = diff_json("HEAD", "rm")
    assert data["old"]["valid"] is True
    assert rows(data) == [("owner", "train", "ana", "ben", None, None, None, None)]


def test_a_link_to_a_file_of_the_roadmap_is_read_once_at_the_revision_as_on_disk(repo: Path) -> None:
    os.symlink("work.yaml", repo / "rm" / "current.yaml")
    commit(repo, "A stable name for the work file")
    edit(repo, "rm/work.yaml", "    owner: ana\n", "    owner: ben\n")
    data = diff_json("HEAD", "rm")
    assert (data["old"]["valid"], data["new"]["valid"]) == (True, True)  # not each id twice
    assert rows(data) == [("owner", "train", "ana", "ben", None, None, None, None)]
    run = run_cli("history", "train", "rm", "--format", "json")
    assert run.exit_code == 0, run.stderr
    # The commit adding the link reads the same files: no row, where each id twice made it "invalid".
    assert [(row["subject"], row["status"], row["note"]) for row in json.loads(run.stdout)["rows"]] == [
        ("The plan as reviewed", "planned", None)]


def test_two_links_to_one_shared_file_read_it_once_at_the_revision(repo: Path) -> None:
    (repo / "shared").mkdir()
    git(repo, "mv", "rm/work.yaml", "shared/work.yaml")
    os.symlink("../shared/work.yaml", repo / "rm" / "work.yaml")
    os.symlink("../shared/work.yaml", repo / "rm" / "tasks.yaml")
    commit(repo, "The work file, shared, under two names")
    edit(repo, "shared/work.yaml", "    owner: ana\n", "    owner: ben\n")
    data = diff_json("HEAD", "rm")
    assert data["old"]["valid"] is True  # each id twice made it invalid
    assert rows(data) == [("owner", "train", "ana", "ben", None, None, None, None)]


def test_identical_files_are_each_read(repo: Path) -> None:
    put(repo, "rm/a.yaml", "risks: []\n")
    put(repo, "rm/b.yaml", "risks: []\n")
    commit(repo, "Two empty files")
    data = diff_json("HEAD", "rm")
    assert data["files"] == [] and data["changes"] == []


def test_a_name_that_is_both_a_path_and_a_revision_is_refused(repo: Path) -> None:
    git(repo, "branch", "rm")
    for args in (["rm"], ["rm", "rm"]):
        run = run_cli("diff", *args)
        assert (run.exit_code, run.stderr) == (2, "mlroadmap: error: rm: both a path and a revision; write ./rm for the path, "
                                                   "or rm^{commit} for the revision\n")
    assert diff_json("./rm")["changes"] == []


def test_revisions_git_understands(repo: Path) -> None:
    edit(repo, "rm/roadmap.yaml", "    current: 900\n", "    current: 800\n")
    commit(repo, "Tickets down")
    assert diff_json(":/plan as reviewed", "rm")["old"]["subject"] == "The plan as reviewed"
    run = run_cli("diff", "HEAD^{tree}", "rm")
    assert (run.exit_code, run.stderr) == (2, "mlroadmap: error: HEAD^{tree}: names no commit (a tree or a blob); give a branch, a tag or a commit\n")
    assert run_cli("diff", "HEAD", "-").stderr == "mlroadmap: error: diff reads its versions from files or git, not standard input\n"


def test_the_teams_check_settings_score_both_versions(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.mlroadmap]\nignore = ["outcomes"]\n', encoding="utf-8")
    data = diff_json("HEAD", "rm")
    check = json.loads(run_cli("check", "rm", "--as-of", AS_OF, "-f", "json").stdout)
    assert data["score"]["new"] == check["score"] == data["score"]["old"]
    (repo / "pyproject.toml").write_text('[tool.mlroadmap]\nignore = ["MLR999"]\n', encoding="utf-8")
    run = run_cli("diff", "HEAD", "rm")
    assert run.exit_code == 2 and run.stderr.startswith("mlroadmap: error: ") and "MLR999" in run.stderr


def test_why_a_date_moved(repo: Path) -> None:
    edit(repo, "rm/work.yaml", "    start: 2026-01-05\n    duration: 2w\n", "    start: 2026-01-05\n    duration: 3w\n")  # collect
    edit(repo, "rm/work.yaml", "    owner: ana\n", "    owner: ana\n    status: at-risk\n")  # train: moves nothing by itself
    data = diff_json("HEAD", "rm")
    train = next(c for c in data["changes"] if c["subject"] == "train" and c["kind"] == "slipped")
    assert (train["follows"], train["edits"]) == ("collect", {})
    collect = next(c for c in data["changes"] if c["subject"] == "collect")
    assert (collect.get("follows"), collect["edits"]) == (None, {"duration": {"old": "2w", "new": "3w"}})


def test_labels_of_outcome_targets_plurals_and_nested_values(repo: Path) -> None:
    edit(repo, "rm/roadmap.yaml", "    target: 700\n", "    target: 650\n")
    edit(repo, "rm/roadmap.yaml", "  period: {start: 2026-Q1, end: 2026-Q4}", "  period: {start: 2026-Q1, end: 2027-Q1}")
    put(repo, "rm/people.yaml", """\
        people:
          - {id: ana, name: Ana}
          - {id: ben, name: Ben}
        policies:
          - {id: pol-a, title: Keep tickets 90 days, kind: retention}
          - {id: pol-b, title: Ask consent, kind: consent}
        """)
    text = run_cli("diff", "HEAD", "rm", "--as-of", AS_OF, "-f", "markdown").stdout
    assert "- Added: 2 people, 2 policies." in text
    assert "| Fewer tickets | target | 700 | 650 | more ambitious |" in text
    assert "| Diff demo | period.end | 2026-Q4 | 2027-Q1 |" in text


def test_commit_subjects_cannot_write_escape_sequences(repo: Path) -> None:
    edit(repo, "rm/roadmap.yaml", "    current: 900\n", "    current: 800\n")
    commit(repo, "Tickets \x1b[31mdown\x1b[0m")
    edit(repo, "rm/roadmap.yaml", "    current: 800\n", "    current: 790\n")
    run = run_cli("diff", "HEAD", "rm", "--as-of", AS_OF, env={"COLUMNS": "200"})
    assert "\x1b" not in run.stdout and "Tickets ?[31mdown?[0m" in run.stdout


def test_an_edit_inside_a_list_shows_the_value_that_changed(repo: Path) -> None:
    edit(repo, "rm/roadmap.yaml", "      - {name: latency, unit: ms,", "      - {name: latency, unit: s,")
    put(repo, "rm/data.yaml", """\
        datasets:
          - id: tickets
            title: Ticket history
            blockers:
              - {kind: privacy, description: DPIA pending, until: 2026-03-15}
        """)
    commit(repo, "Datasets")
    edit(repo, "rm/data.yaml", "until: 2026-03-15", "until: 2026-03-29")
    data = diff_json("HEAD", "rm")
    # The dataset waits for its blocker: two weeks later to clear, two weeks later ready.
    assert rows(data) == [
        ("end", "roadmap", "2026-03-15", "2026-03-29", 14, None, None, None),
        ("slipped", "tickets", "2026-03-15", "2026-03-29", 14, True, None, None),
        ("edit", "tickets", "2026-03-15", "2026-03-29", None, None, None, None),
    ]
    assert data["changes"][2]["key"] == "blockers[0].until"


def test_metrics_added_and_removed_are_in_the_summary(repo: Path) -> None:
    edit(repo, "rm/roadmap.yaml", "      - {name: latency,", "      - {name: p95-latency,")
    text = run_cli("diff", "HEAD", "rm", "--as-of", AS_OF).stdout
    assert "• Metrics added: 1.\n• Metrics removed: 1.\n" in text


def test_entries_of_an_old_file_that_did_not_parse_are_not_reported_as_added(repo: Path) -> None:
    edit(repo, "rm/roadmap.yaml", "    stage: experimentation\n", "    stage: [experimentation\n")  # unclosed bracket
    commit(repo, "A broken edit")
    edit(repo, "rm/roadmap.yaml", "    stage: [experimentation\n", "    stage: experimentation\n")
    data = diff_json("HEAD", "rm")
    assert data["old"]["valid"] is False
    assert [c for c in data["changes"] if c["kind"] == "added"] == []


@pytest.mark.parametrize(("args", "message"), [
    (["HEAD~1", "HEAD"], "HEAD: a revision, not a path: diff compares a revision with the work tree (git stash or a worktree "
                         "gives a second one), or two paths"),
    (["HEAD~1..HEAD", "rm"], "HEAD~1..HEAD: diff takes one revision and compares it with the work tree, not a range"),
])
def test_two_revisions_are_not_what_diff_compares(repo: Path, args: list[str], message: str) -> None:
    run = run_cli("diff", *args)
    assert (run.exit_code, run.stderr) == (2, f"mlroadmap: error: {message}\n")


def test_the_gate_says_why_it_failed(repo: Path) -> None:
    edit(repo, "rm/work.yaml", "    duration: 3w\n", "    duration: 4w\n")
    run = run_cli("diff", "HEAD", "rm", "--as-of", AS_OF, "--fail-on", "slip", "-f", "markdown")
    assert run.exit_code == 1
    assert run.stderr == "mlroadmap: the critical path slipped since HEAD: roadmap +7 d, fewer-tickets +7 d, train +7 d, ship +7 d\n"
