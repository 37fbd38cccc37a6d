"""``report --baseline REV``: the dates against those a tagged revision promised when it
was committed, on a real git repository. Hand-computed, by dependencies alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import HEADER, run_cli
from test_diff import commit, git, put

# Committed on Thursday 1 Jan 2026 and projected that day: label 1-10 Jan, train 11-15 Jan
# (the outcome lands then), docs 5-7 Jan, ops 2-3 Feb; the end 3 Feb.
PLAN = HEADER + """\
outcomes:
  - {id: fewer-frauds, title: Fewer frauds, problem: p, metric: m, baseline: 1, target: 2, current: 1, due: 2026-Q1}
items:
  - {id: label, title: Label the backlog, track: data, duration: 10d, outcome: fewer-frauds}
  - {id: train, title: Train the model, track: model, depends_on: [label], duration: 5d, outcome: fewer-frauds}
  - {id: docs, title: Write the guide, track: team, start: 2026-01-05, duration: 3d}
  - {id: ops, title: Hand over to ops, track: team, start: 2026-02-02, duration: 2d}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q")
    put(tmp_path, "rm/roadmap.yaml", PLAN)
    commit(tmp_path, "The plan as approved", "2026-01-01T09:00:00+00:00")
    git(tmp_path, "tag", "approved")
    # Since: training takes 6 days, the guide is dropped, an evaluation added after training.
    put(tmp_path, "rm/roadmap.yaml", PLAN.replace("duration: 5d, outcome", "duration: 6d, outcome").replace(
        "  - {id: docs, title: Write the guide, track: team, start: 2026-01-05, duration: 3d}\n",
        "  - {id: eval, title: Evaluate, track: model, depends_on: [train], duration: 2d, outcome: fewer-frauds}\n"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _report(*args: str) -> dict:
    result = run_cli("report", "rm", "--as-of", "2026-01-05", "--baseline", "approved", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_dates_drift_from_those_the_baseline_promised(repo: Path) -> None:
    # As of Monday 5 Jan nothing has started: label 5-14 Jan (+4 days of waiting), train six
    # days, 15-20 Jan (+5), the evaluation 21-22 Jan. ops keeps its planned dates: not listed.
    baseline = _report()["sections"]["baseline"]
    assert (baseline["label"], baseline["as_of"], baseline["dates"], baseline["subject"]) == (
        "approved", "2026-01-01", "dependencies", "The plan as approved")
    assert baseline["end"] == {"id": "roadmap", "title": "Test roadmap", "change": "same", "baseline": "2026-02-03",
                               "now": "2026-02-03", "days": 0, "critical": False}
    assert [(o["id"], o["baseline"], o["now"], o["days"]) for o in baseline["outcomes"]] == [
        ("fewer-frauds", "2026-01-15", "2026-01-22", 7)]
    assert [(w["id"], w["change"], w["baseline"], w["now"], w["days"]) for w in baseline["work"]] == [
        ("train", "later", "2026-01-15", "2026-01-20", 5),
        ("label", "later", "2026-01-10", "2026-01-14", 4),
        ("eval", "added", None, "2026-01-22", None),
        ("docs", "dropped", "2026-01-07", None, None),
    ]


def test_the_report_says_the_drift_where_it_shows_the_dates(repo: Path) -> None:
    text = run_cli("report", "rm", "--as-of", "2026-01-05", "--baseline", "approved", env={"COLUMNS": "120"}).stdout
    words = " ".join(text.split())
    assert words.startswith("Test roadmap Executive summary report, as of 5 Jan 2026; this quarter: 2026-Q1; dates by dependencies "
                            "alone; against the baseline approved Against the baseline: approved, ")
    assert "(1 Jan 2026, Ana: The plan as approved) Dates by dependencies alone; the baseline's as they were projected on " in words
    assert "The end 3 Feb 2026 → 3 Feb 2026: no change Outcome: Fewer frauds 15 Jan 2026 → 22 Jan 2026: +7 days" in words
    assert "Train the model 15 Jan 2026 20 Jan 2026 +5 days" in words
    assert "Evaluate – 22 Jan 2026 added since" in words and "Write the guide 7 Jan 2026 – no longer planned" in words
    assert "Baseline 3 Feb 2026 (approved, projected 1 Jan 2026): no change" in words
    # Markdown, for the pull request that moves the plan.
    markdown = run_cli("report", "rm", "--as-of", "2026-01-05", "--baseline", "approved", "-f", "markdown").stdout
    assert "| Train the model | 15 Jan 2026 | 20 Jan 2026 | +5 days |" in markdown


def test_without_a_change_nothing_drifts_on_the_day_it_was_committed(repo: Path) -> None:
    git(repo, "checkout", "-q", "--", "rm")  # the work tree as committed
    result = run_cli("report", "rm", "--as-of", "2026-01-01", "--baseline", "approved", "-f", "json")
    baseline = json.loads(result.stdout)["sections"]["baseline"]
    assert (baseline["work"], baseline["outcomes"], baseline["end"]["days"]) == ([], [], 0)


@pytest.mark.parametrize(("revision", "message"), [
    ("nope", "--baseline: nope: no such revision"),
    ("HEAD~5", "--baseline: HEAD~5: no such revision"),
])
def test_a_baseline_that_is_not_there_is_a_usage_error(repo: Path, revision: str, message: str) -> None:
    result = run_cli("report", "rm", "--as-of", "2026-01-05", "--baseline", revision)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_a_baseline_that_does_not_validate_is_a_usage_error(repo: Path) -> None:
    put(repo, "rm/roadmap.yaml", PLAN.replace("depends_on: [label]", "depends_on: [lable]"))
    commit(repo, "A typo", "2026-01-02T09:00:00+00:00")
    git(repo, "tag", "broken")
    put(repo, "rm/roadmap.yaml", PLAN)  # the work tree is valid again: only the baseline is not
    result = run_cli("report", "rm", "--as-of", "2026-01-05", "--baseline", "broken")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("mlroadmap: error: --baseline: the roadmap at broken does not validate: broken:rm/roadmap.yaml:8:68: "
                                     "depends_on: unknown id 'lable' (did you mean 'label'?); a baseline must")
    outside = run_cli("report", str(Path("/") / "nonexistent-dir"), "--baseline", "approved")
    assert outside.exit_code == 2


def test_a_baseline_committed_after_the_as_of_day_is_a_usage_error(repo: Path) -> None:
    # Committed on 1 Jan: as of that day it is the promise; the day before, it was not made yet.
    assert run_cli("report", "rm", "--as-of", "2026-01-01", "--baseline", "approved", "-f", "json").exit_code == 0
    result = run_cli("report", "rm", "--as-of", "2025-12-31", "--baseline", "approved")
    assert (result.exit_code, result.stderr) == (2, "mlroadmap: error: --baseline: approved was committed on 2026-01-01, after the "
                                                    "as-of day 2025-12-31: a baseline is a promise made before the dates it is "
                                                    "compared with\n")


BRANCHED = HEADER + """\
items:
  - {id: pilot, title: Pilot, track: model, start: 2026-01-05, duration: 10d}
  - {id: rollout, title: Roll out, track: model, duration: 5d}
  - {id: rules, title: Rules fallback, track: data, duration: 10d}
decisions:
  - {id: call, title: Go or no-go, depends_on: [pilot], if_yes: [rollout], if_no: [rules]}
"""


def test_diff_and_report_since_say_which_branch_the_dates_now_follow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(tmp_path, "init", "-q")
    put(tmp_path, "rm/roadmap.yaml", BRANCHED)
    commit(tmp_path, "Expecting a yes", "2026-01-01T09:00:00+00:00")
    monkeypatch.chdir(tmp_path)
    # Unchanged: the branch the plan leaves out is no change of status.
    unchanged = json.loads(run_cli("report", "rm", "--as-of", "2026-01-05", "--since", "HEAD", "-f", "json").stdout)
    assert unchanged["sections"]["since"]["changes"] == []
    put(tmp_path, "rm/roadmap.yaml", BRANCHED.replace("if_no: [rules]}", "if_no: [rules], expect: no}"))
    data = json.loads(run_cli("diff", "HEAD", "rm", "--as-of", "2026-01-05", "-f", "json").stdout)
    dates = [(c["kind"], c["subject"], c["old"], c["new"]) for c in data["changes"] if c["group"] == "dates"]
    # The roll-out (15-19 Jan) is left out; the fallback, 15-24 Jan, taken: no pass-through dates.
    assert dates == [("end", "roadmap", "2026-01-19", "2026-01-24"), ("left-out", "rollout", "2026-01-19", None),
                     ("taken", "rules", None, "2026-01-24")]
    text = " ".join(run_cli("diff", "HEAD", "rm", "--as-of", "2026-01-05").stdout.split())
    assert "Decision branches: 1 piece of work the dates now follow, 1 they no longer do." in text
    assert "Roll out 2026-01-19 left out left out on a decision's branch the dates no longer follow" in text


def _branched_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    git(tmp_path, "init", "-q")
    put(tmp_path, "rm/roadmap.yaml", text)
    commit(tmp_path, "Expecting a yes", "2026-01-01T09:00:00+00:00")
    git(tmp_path, "tag", "approved")
    monkeypatch.chdir(tmp_path)


def test_work_cancelled_by_hand_on_the_untaken_branch_is_a_status_change_not_a_branch(tmp_path: Path,
                                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _branched_repo(tmp_path, monkeypatch, BRANCHED)
    put(tmp_path, "rm/roadmap.yaml", BRANCHED.replace("track: data, duration: 10d}", "track: data, duration: 10d, status: cancelled}"))
    data = json.loads(run_cli("diff", "approved", "rm", "--as-of", "2026-01-05", "-f", "json").stdout)
    assert [(c["kind"], c["subject"], c["old"], c["new"]) for c in data["changes"]] == [("status", "rules", "planned", "cancelled")]


SERVED = BRANCHED.replace("items:", "outcomes:\n  - {id: fast, title: Fast, problem: p, metric: m, baseline: 1, target: 2, "
                                    "current: 1, due: 2026-Q1}\nitems:").replace("track: data, duration: 10d}", "track: data, duration: 10d, outcome: fast}")


def test_the_other_branch_taken_since_the_baseline_is_not_called_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fallback, and the outcome it serves, were in the approved plan, on the branch it left out.
    _branched_repo(tmp_path, monkeypatch, SERVED)
    put(tmp_path, "rm/roadmap.yaml", SERVED.replace("if_no: [rules]}", "if_no: [rules], expect: no}"))
    baseline = _report()["sections"]["baseline"]
    assert [(o["id"], o["change"], o["baseline"], o["now"]) for o in baseline["outcomes"]] == [("fast", "dated", None, "2026-01-24")]
    assert [(w["id"], w["change"]) for w in baseline["work"]] == [("rules", "taken"), ("rollout", "left out")]
    words = " ".join(run_cli("report", "rm", "--as-of", "2026-01-05", "--baseline", "approved", env={"COLUMNS": "120"}).stdout.split())
    assert "Outcome: Fast 24 Jan 2026: on a decision's branch the baseline did not follow" in words
    assert "Roll out 19 Jan 2026 – left out" in words
    # diff says the same of the outcome: dated now, not before.
    diff = " ".join(run_cli("diff", "approved", "rm", "--as-of", "2026-01-05").stdout.split())
    assert "Fast now lands 24 Jan 2026: no date before." in diff
