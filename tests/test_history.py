"""``history``: a metric, an outcome or a piece of work over the commits that changed it,
read from real git repositories built here with fixed authors and dates."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

import mlroadmap.git
from mlroadmap.documents.history import history_document
from mlroadmap.git import GitError
from mlroadmap.history import History, history, sparkline
from mlroadmap.loader import UsageError
from mlroadmap.render.document import to_markdown, to_terminal

AS_OF = dt.date(2026, 4, 10)  # the work tree's day: in 2026-Q2
ANA, BEN = "Ana Lima", "Ben Okafor"

ROADMAP = """\
roadmap:
  name: Support assistant
  period: {start: 2026-Q1, end: 2026-Q4}

outcomes:
  - id: support-load
    title: Reduce support load by 30%
    problem: Agents spend their week on repetitive tickets
    metric: tickets handled by humans per week
    direction: lower
    baseline: 12000
    target: 8400
    current: 11000
    due: 2026-Q4

models:
  - id: intent-clf
    title: Ticket intent classifier (routing)
    outcome: support-load
    metrics:
      - name: macro-f1
        baseline: 0.71
        current: 0.74
        targets: {2026-Q1: 0.76, 2026-Q2: 0.80, 2026-Q4: 0.85}
      - name: misroute-rate
        unit: "%"
        direction: lower
        baseline: 12
        current: 11
        targets: {2026-Q2: 9, 2026-Q4: 6}

items:
  - id: export
    title: Export historical tickets
    track: data
    start: 2026-01-05
    duration: 2w
  - id: label
    title: Label 20k tickets by intent
    track: data
    duration: 4w
    depends_on: [export]
  - id: retrain
    title: Retrain the classifier on the labels
    track: model
    duration: 3w
    due: 2026-04-30
    depends_on: [label]
    model: intent-clf

risks:
  - {id: drift, title: Intents drift, likelihood: medium, impact: high}
"""


class Repo:
    """A git repository in a temporary directory, committed to with fixed names and dates."""

    def __init__(self, root: Path):
        self.root = root
        self.git("init", "-q")

    def git(self, *args: str, date: str | None = None, author: str = ANA) -> None:
        env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
        if date is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T10:00:00+00:00"
        subprocess.run(["git", "-c", f"user.name={author}", "-c", "user.email=team@example.com", "-c", "commit.gpgsign=false",
                        "-c", "init.defaultBranch=main", *args], cwd=self.root, env=env, check=True, capture_output=True)

    def write(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str, author: str = ANA) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date, author=author)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return build(tmp_path_factory.mktemp("history"))


def build(root: Path) -> Repo:
    """Seven commits and an uncommitted edit:

    1. the roadmap (macro-f1 0.74); 2. macro-f1 up to 0.79; 3. the export takes a week
    longer (no metric moves, but the work after it does); 4. a note beside the roadmap (not
    YAML); 5. macro-f1 down to 0.77; 6. invalid (a word for a number); 7. fixed, macro-f1
    0.81; 8. the file renamed; the work tree: macro-f1 0.83.
    """
    repo = Repo(root)
    text = ROADMAP
    repo.write("roadmap.yaml", text)
    repo.commit("Add the roadmap", "2026-01-05")
    text = text.replace("current: 0.74", "current: 0.79")
    repo.write("roadmap.yaml", text)
    repo.commit("Retrain: macro-F1 up", "2026-01-19", BEN)
    text = text.replace("duration: 2w", "duration: 3w")
    repo.write("roadmap.yaml", text)
    repo.commit("The export takes a week longer", "2026-02-02")
    repo.write("NOTES.md", "Review on Mondays.\n")
    repo.commit("Add notes", "2026-02-09", BEN)
    text = text.replace("current: 0.79", "current: 0.77")
    repo.write("roadmap.yaml", text)
    repo.commit("Drift: macro-F1 down", "2026-02-16", BEN)
    repo.write("roadmap.yaml", text.replace("current: 0.77", "current: high"))
    repo.commit("Oops", "2026-03-02")
    text = text.replace("current: 0.77", "current: 0.81")
    repo.write("roadmap.yaml", text)
    repo.commit("Fix the metric", "2026-03-09", BEN)
    repo.git("mv", "roadmap.yaml", "plan.yaml")
    repo.commit("Rename the roadmap file", "2026-04-06")
    repo.write("plan.yaml", text.replace("current: 0.81", "current: 0.83"))
    return repo


def _rows(h: History) -> list[tuple]:
    if h.kind == "work":
        return [(row.date.isoformat(), row.author, row.subject, row.status, row.finish and row.finish.isoformat(), row.moved, row.note)
                for row in h.rows]
    return [(row.date.isoformat(), row.author, row.subject, row.value, row.change, row.better, row.target, row.note)
            for row in h.rows]


INVALID = "roadmap invalid at this commit (1 problem)"

METRIC_ROWS = [
    # date, author, commit subject, value, change, better, target for the date's quarter, note
    ("2026-01-05", ANA, "Add the roadmap", 0.74, None, None, 0.76, None),
    ("2026-01-19", BEN, "Retrain: macro-F1 up", 0.79, 0.05, True, 0.76, None),
    # "The export takes a week longer", "Add notes" and "Rename the roadmap file": no row
    ("2026-02-16", BEN, "Drift: macro-F1 down", 0.77, -0.02, False, 0.76, None),
    ("2026-03-02", ANA, "Oops", None, None, None, None, INVALID),
    ("2026-03-09", BEN, "Fix the metric", 0.81, 0.04, True, 0.76, None),
    ("2026-04-10", None, None, 0.83, 0.02, True, 0.80, None),  # the work tree, in 2026-Q2
]


@pytest.mark.parametrize(("path", "commits"), [
    ("plan.yaml", 7),  # the file: followed across its rename (NOTES.md is not in its log)
    (".", 8),  # the directory: every commit, the note's too (same YAML bytes: skipped)
])
def test_metric_rows_are_the_commits_that_changed_it(repo: Repo, path: str, commits: int) -> None:
    h = history(str(repo.root / path), "intent-clf/macro-f1", as_of=AS_OF)
    assert (h.kind, h.title, h.direction, h.unit, h.baseline, h.target, h.commits) == (
        "metric", "Ticket intent classifier: macro-f1", "higher", None, 0.71, 0.85, commits)
    assert _rows(h) == METRIC_ROWS
    assert [row.label for row in h.rows][-1] == "work tree"
    assert all(len(row.label) >= 7 and row.commit is not None for row in h.rows[:-1])
    assert (h.values, h.better, h.worse, h.overall, h.sparkline()) == ([0.74, 0.79, 0.77, 0.81, 0.83], 3, 1, 0.09, "▁▅▃▆█")


@pytest.mark.parametrize(("subject", "rows"), [
    ("intent-clf/misroute-rate", [  # never changed: the first commit only; the work tree is the same
        ("2026-01-05", ANA, "Add the roadmap", 11, None, None, None, None),
        ("2026-03-02", ANA, "Oops", None, None, None, None, INVALID),
        ("2026-03-09", BEN, "Fix the metric", 11, 0, None, None, None),
    ]),
    ("support-load", [  # an outcome: lower is better, its one target
        ("2026-01-05", ANA, "Add the roadmap", 11000, None, None, 8400, None),
        ("2026-03-02", ANA, "Oops", None, None, None, None, INVALID),
        ("2026-03-09", BEN, "Fix the metric", 11000, 0, None, 8400, None),
    ]),
])
def test_other_numeric_subjects(repo: Repo, subject: str, rows: list[tuple]) -> None:
    h = history(str(repo.root / "plan.yaml"), subject, as_of=AS_OF)
    assert _rows(h) == rows


def test_work_rows_tell_edits_from_time_passing(repo: Repo) -> None:
    h = history(str(repo.root / "plan.yaml"), "retrain", as_of=AS_OF)
    assert (h.kind, h.section, h.title) == ("work", "items", "Retrain the classifier on the labels")
    assert _rows(h) == [
        # date, author, commit subject, status, projected finish (as of the date), moved by the commit's edits, note
        ("2026-01-05", ANA, "Add the roadmap", "planned", "2026-03-08", None, None),
        # "Retrain: macro-F1 up" moved nothing: as of 19 Jan it finishes later, but only as time passed
        ("2026-02-02", ANA, "The export takes a week longer", "planned", "2026-04-12", 7, None),
        ("2026-03-02", ANA, "Oops", None, None, None, INVALID),
        ("2026-03-09", BEN, "Fix the metric", "planned", "2026-05-17", 0, None),
    ]
    assert (h.rows[1].planned_start, h.rows[1].planned_finish, h.rows[1].due) == (None, None, dt.date(2026, 4, 30))


def test_limit_reads_the_newest_commits(repo: Repo) -> None:
    h = history(str(repo.root / "plan.yaml"), "intent-clf/macro-f1", limit=3, as_of=AS_OF)
    assert h.commits == 3
    assert _rows(h) == [
        ("2026-03-02", ANA, "Oops", None, None, None, None, INVALID),  # a leading invalid version is kept
        ("2026-03-09", BEN, "Fix the metric", 0.81, None, None, 0.76, None),
        ("2026-04-10", None, None, 0.83, 0.02, True, 0.80, None),
    ]
    assert "Only the newest 3 commits" in to_markdown(history_document(h))


def test_git_runs_a_bounded_number_of_times(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    run = mlroadmap.git._run

    def counted(args: list[str], **kwargs):
        calls.append(args)
        return run(args, **kwargs)

    monkeypatch.setattr(mlroadmap.git, "_run", counted)
    history(str(repo.root / "plan.yaml"), "intent-clf/macro-f1", as_of=AS_OF)
    # rev-parse, one log, then per commit one ls-tree and one cat-file
    assert [args[3] if args[2].startswith("--") else args[2] for args in calls] == ["rev-parse", "log"] + ["ls-tree", "cat-file"] * 7


def test_json(repo: Repo) -> None:
    data = json.loads(json.dumps(history(str(repo.root / "plan.yaml"), "intent-clf/macro-f1", as_of=AS_OF).to_dict()))
    assert {key: data[key] for key in ("subject", "kind", "unit", "direction", "baseline", "target", "targets", "better", "worse")} == {
        "subject": "intent-clf/macro-f1", "kind": "metric", "unit": None, "direction": "higher", "baseline": 0.71,
        "target": 0.85, "targets": {"2026-Q1": 0.76, "2026-Q2": 0.8, "2026-Q4": 0.85}, "better": 3, "worse": 1}
    first, last = data["rows"][0], data["rows"][-1]
    assert len(first.pop("commit")) == 40 and len(first.pop("label")) >= 7
    assert first == {"date": "2026-01-05", "committed": "2026-01-05T10:00:00+00:00", "author": ANA, "subject": "Add the roadmap",
                     "value": 0.74, "target": 0.76, "change": None, "better": None, "note": None}
    assert last == {"commit": None, "label": "work tree", "date": "2026-04-10", "committed": None, "author": None,
                    "subject": None, "value": 0.83, "target": 0.8, "change": 0.02, "better": True, "note": None}
    work = history(str(repo.root / "plan.yaml"), "retrain", as_of=AS_OF).to_dict()
    assert (work["kind"], work["section"]) == ("work", "items")
    assert {key: work["rows"][1][key] for key in ("status", "planned_start", "planned_finish", "due", "finish", "moved")} == {
        "status": "planned", "planned_start": None, "planned_finish": None, "due": "2026-04-30", "finish": "2026-04-12", "moved": 7}


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("subject", "message"), [
    ("intent-clf/macro_f1", "no metric 'macro_f1' on intent-clf; its metrics are: macro-f1, misroute-rate"),
    ("intent-cl/macro-f1", "no model 'intent-cl' in {path}, now or in its history (did you mean 'intent-clf'?)"),
    ("export/rows", "'export' is an item, not a model: only models have metrics (MODEL/METRIC)"),
    ("retrian", "no outcome or work 'retrian' in {path}, now or in its history (did you mean 'retrain'?); "
                "give an outcome id, a work id or MODEL/METRIC"),
    ("drift", "'drift' is a risk: history follows model metrics (MODEL/METRIC), outcomes and work (item, model, dataset, audit, ...)"),
    ("intent-clf/", "'intent-clf/': not a subject; give MODEL/METRIC (e.g. intent-clf/macro-f1), an outcome id or a work id"),
])
def test_unknown_subjects(repo: Repo, subject: str, message: str) -> None:
    path = str(repo.root / "plan.yaml")
    with pytest.raises(UsageError) as error:
        history(path, subject, as_of=AS_OF)
    assert str(error.value) == message.format(path=path)


def test_limit_below_one(repo: Repo) -> None:
    with pytest.raises(UsageError, match=r"^--limit 0: give 1 or more commits$"):
        history(str(repo.root / "plan.yaml"), "retrain", limit=0)


def test_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    with pytest.raises(GitError) as error:
        history(str(tmp_path / "roadmap.yaml"), "retrain")
    assert str(error.value) == f"{tmp_path / 'roadmap.yaml'}: not inside a git repository"


@pytest.mark.parametrize("other_commit", [False, True])
def test_a_file_no_commit_touched(tmp_path: Path, other_commit: bool) -> None:
    repo = Repo(tmp_path)
    if other_commit:
        repo.write("NOTES.md", "Review on Mondays.\n")
        repo.commit("Add notes", "2026-01-05")
    repo.write("roadmap.yaml", ROADMAP)
    path = str(tmp_path / "roadmap.yaml")
    with pytest.raises(UsageError) as error:
        history(path, "retrain")
    why = "no commit has changed it yet (git log -- roadmap.yaml is empty)" if other_commit else \
        f"the repository at {os.path.realpath(tmp_path)} has no commits yet"
    assert str(error.value) == f"{path}: {why}; history reads the roadmap's past from the commits that changed it"


def test_invalid_everywhere(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.write("roadmap.yaml", ROADMAP.replace("current: 0.74", "current: high"))
    repo.commit("Broken from the start", "2026-01-05")
    path = str(tmp_path / "roadmap.yaml")
    with pytest.raises(UsageError) as error:
        history(path, "retrain")
    assert str(error.value) == (f"{path}: the roadmap was invalid (or missing) in the work tree and at each of the 1 commits "
                                f"read, so 'retrain' cannot be found; run: mlroadmap validate {path}")


# --- a subject added later, removed, and a broken work tree ------------------------------------


MORE = """\
      - name: coverage
        baseline: 0.5
        current: {current}
        targets: {{2026-Q2: 0.7}}
"""


@pytest.mark.parametrize(("work_tree", "last_row"), [
    ("removed", ("2026-04-10", None, None, None, None, None, None, "no metric coverage on intent-clf")),
    ("invalid", ("2026-04-10", None, None, None, None, None, None, "roadmap invalid in the work tree (1 problem)")),
    ("unchanged", None),
])
def test_added_later_then_removed_or_broken(tmp_path: Path, work_tree: str, last_row: tuple | None) -> None:
    repo = Repo(tmp_path)
    anchor = "        targets: {2026-Q2: 9, 2026-Q4: 6}\n"
    repo.write("roadmap.yaml", ROADMAP)
    repo.commit("Add the roadmap", "2026-01-05")
    with_coverage = ROADMAP.replace(anchor, anchor + MORE.format(current=0.55))
    repo.write("roadmap.yaml", with_coverage)
    repo.commit("Track coverage", "2026-02-02", BEN)
    repo.write("roadmap.yaml", with_coverage.replace("current: 0.55", "current: 0.6"))
    repo.commit("Coverage up", "2026-04-01", BEN)
    if work_tree == "removed":
        repo.write("roadmap.yaml", ROADMAP)
    elif work_tree == "invalid":
        repo.write("roadmap.yaml", "roadmap: [not, a, header]\n")
    h = history(str(tmp_path / "roadmap.yaml"), "intent-clf/coverage", as_of=AS_OF)
    rows = [
        # before it was added: no row ("Add the roadmap" did not have it)
        ("2026-02-02", BEN, "Track coverage", 0.55, None, None, None, "added"),  # no target for 2026-Q1
        ("2026-04-01", BEN, "Coverage up", 0.6, 0.05, True, 0.7, None),
    ]
    assert _rows(h) == rows + ([last_row] if last_row else [])


def test_target_edits_are_rows_with_a_note(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.write("roadmap.yaml", ROADMAP)
    repo.commit("Add the roadmap", "2026-01-05")
    repo.write("roadmap.yaml", ROADMAP.replace("2026-Q4: 0.85}", "2026-Q4: 0.88, 2026-Q3: 0.83}"))
    repo.commit("Raise the bar", "2026-01-20")
    h = history(str(tmp_path), "intent-clf/macro-f1", as_of=AS_OF)
    assert _rows(h) == [
        ("2026-01-05", ANA, "Add the roadmap", 0.74, None, None, 0.76, None),
        ("2026-01-20", ANA, "Raise the bar", 0.74, 0, None, 0.76, "targets 2026-Q3 0.83 added, 2026-Q4 0.85 → 0.88"),
    ]


@pytest.mark.parametrize(("old", "new", "subject", "last"), [
    # a metric or an outcome: (value, change, better), better as its direction says
    ("current: 0.74", "current: 0.70", "intent-clf/macro-f1", (0.7, -0.04, False)),
    ("current: 11\n", "current: 10\n", "intent-clf/misroute-rate", (10, -1, True)),  # lower is better
    ("current: 11000", "current: 12000", "support-load", (12000, 1000, False)),
    # work: (status, projected finish, days the edit moved it)
    ("duration: 2w\n", "duration: 2w\n    status: done\n", "export", ("done", "2026-01-05", -13)),
    ("duration: 2w\n", "duration: 3w\n", "retrain", ("planned", "2026-03-15", 7)),  # moved by its predecessor's edit
    ("duration: 4w\n", "duration: 4w\n    due: 2026-02-01\n", "label", ("planned", "2026-02-15", 0)),  # a due date: a row
])
def test_one_edit_one_row(tmp_path: Path, old: str, new: str, subject: str, last: tuple) -> None:
    repo = Repo(tmp_path)
    repo.write("roadmap.yaml", ROADMAP)
    repo.commit("Add the roadmap", "2026-01-05")
    assert ROADMAP.count(old) == 1
    repo.write("roadmap.yaml", ROADMAP.replace(old, new))
    repo.commit("Edit", "2026-01-05", BEN)
    h = history(str(tmp_path / "roadmap.yaml"), subject, as_of=dt.date(2026, 1, 5))
    assert [row.subject for row in h.rows] == ["Add the roadmap", "Edit"]
    row = h.rows[-1]
    if h.kind == "work":
        assert (row.status, row.finish.isoformat(), row.moved) == last
    else:
        assert (row.value, row.change, row.better) == last


def test_branches_read_as_the_first_parent_line(tmp_path: Path) -> None:
    """A change made on a branch shows at the merge that brought it in: the versions of
    two branches do not interleave by date (which would read as the metric falling back)."""
    repo = Repo(tmp_path)
    repo.write("roadmap.yaml", ROADMAP)
    repo.commit("Add the roadmap", "2026-01-05")
    repo.git("checkout", "-q", "-b", "retrain")
    repo.write("roadmap.yaml", ROADMAP.replace("current: 0.74", "current: 0.78"))
    repo.commit("Retrain", "2026-01-10", BEN)
    repo.git("checkout", "-q", "-")
    repo.write("roadmap.yaml", ROADMAP.replace("current: 11\n", "current: 10\n"))
    repo.commit("Fewer misroutes", "2026-01-12")
    repo.git("merge", "-q", "--no-ff", "retrain", "-m", "Merge the retrain", date="2026-01-15")
    rows = [(row.date.isoformat(), row.author, row.subject, row.value, row.change, row.better)
            for row in history(str(tmp_path / "roadmap.yaml"), "intent-clf/macro-f1", as_of=AS_OF).rows]
    assert rows == [
        ("2026-01-05", ANA, "Add the roadmap", 0.74, None, None),
        ("2026-01-15", ANA, "Merge the retrain", 0.78, 0.04, True),
    ]


def test_a_work_tree_of_several_roadmaps(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    repo.write("a/roadmap.yaml", ROADMAP)
    repo.write("b/roadmap.yaml", ROADMAP)
    repo.commit("Two roadmaps", "2026-01-05")
    with pytest.raises(UsageError, match=r": holds 2 roadmaps; give the path of one of them$"):
        history(str(tmp_path), "retrain")
    assert [row.value for row in history(str(tmp_path / "a"), "intent-clf/macro-f1").rows] == [0.74]


# --- the document: Markdown and the terminal ---------------------------------------------------


def test_markdown(repo: Repo) -> None:
    text = to_markdown(history_document(history(str(repo.root / "plan.yaml"), "intent-clf/macro-f1", as_of=AS_OF)))
    lines = text.splitlines()
    assert lines[0] == "# History: Ticket intent classifier: macro-f1"
    assert lines[2].startswith("_intent-clf/macro-f1, model metric; higher is better; 5 of 7 commits to /")
    assert lines[2].endswith("plan.yaml changed it, and the work tree; as of 10 Apr 2026_")
    assert "▁▅▃▆█ 0.74 → 0.83 since 5 Jan 2026: +0.09, better (higher is better); 4 moves: 3 better, 1 worse." in lines
    table = [line for line in lines if line.startswith("|")]
    shas = [row.label for row in history(str(repo.root / "plan.yaml"), "intent-clf/macro-f1", as_of=AS_OF).rows]
    assert table == [
        "| Date | Commit | Author | Value | Change | Target |",
        "|---|---|---|---|---|---|",
        # bars: from the baseline 0.71 to the last target 0.85
        f"| 2026-01-05 | {shas[0]} | Ana Lima | `██░░░░░░` 0.74 |  | 0.76 |",
        f"| 2026-01-19 | {shas[1]} | Ben Okafor | `█████░░░` 0.79 | +0.05 | 0.76 |",
        f"| 2026-02-16 | {shas[2]} | Ben Okafor | `███░░░░░` 0.77 | **-0.02** | 0.76 |",
        f"| 2026-03-02 | {shas[3]} | Ana Lima | roadmap invalid at this commit (1 problem) |  | – |",
        f"| 2026-03-09 | {shas[4]} | Ben Okafor | `██████░░` 0.81 | +0.04 | 0.76 |",
        "| 2026-04-10 | work tree | – | `███████░` 0.83 | +0.02 | 0.8 |",  # the 2026-Q2 target
    ]


def test_markdown_work(repo: Repo) -> None:
    h = history(str(repo.root / "plan.yaml"), "retrain", as_of=AS_OF)
    lines = to_markdown(history_document(h)).splitlines()
    assert ("**Projected finish 8 Mar 2026 → 17 May 2026 since 5 Jan 2026: 70 days later "
            "(+7 days by edits, +63 days as time passed); status planned.**") in lines
    shas = [row.label for row in h.rows]
    assert [line for line in lines if line.startswith("|")] == [
        "| Date | Commit | Author | Status | Planned | Projected finish | Due |",
        "|---|---|---|---|---|---|---|",
        f"| 2026-01-05 | {shas[0]} | Ana Lima | planned | – | 2026-03-08 | 2026-04-30 |",
        f"| 2026-02-02 | {shas[1]} | Ana Lima | planned | – | **2026-04-12 (+7 d)** | 2026-04-30 |",
        f"| 2026-03-02 | {shas[2]} | Ana Lima | roadmap invalid at this commit (1 problem) |  |  |  |",
        f"| 2026-03-09 | {shas[3]} | Ben Okafor | planned | – | **2026-05-17, late** | 2026-04-30 |",
    ]


def test_terminal(repo: Repo) -> None:
    h = history(str(repo.root / "plan.yaml"), "intent-clf/macro-f1", as_of=AS_OF)
    console = Console(width=80, record=True, color_system=None)
    to_terminal(history_document(h), console)
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    assert all(len(line) <= 80 for line in lines)
    start = lines.index("History", 2)
    shas = [row.label for row in h.rows]
    assert lines[0] == "History: Ticket intent classifier: macro-f1"
    assert lines[start:] == [
        "History",
        "▁▅▃▆█ 0.74 → 0.83 since 5 Jan 2026: +0.09, better (higher is better); 4 moves: 3",
        "better, 1 worse.",
        "Date        Commit     Author      Value                          Change  Target",
        "─" * 80,
        f"2026-01-05  {shas[0]}    Ana Lima    ██░░░░░░ 0.74                          0.76",
        f"2026-01-19  {shas[1]}    Ben Okafor  █████░░░ 0.79                  +0.05   0.76",
        f"2026-02-16  {shas[2]}    Ben Okafor  ███░░░░░ 0.77                  -0.02   0.76",
        f"2026-03-02  {shas[3]}    Ana Lima    roadmap invalid at this                –",
        "                                   commit (1 problem)",
        f"2026-03-09  {shas[4]}    Ben Okafor  ██████░░ 0.81                  +0.04   0.76",
        "2026-04-10  work tree  –           ███████░ 0.83                  +0.02   0.8",
    ]


def test_terminal_colours_better_and_worse(repo: Repo) -> None:
    h = history(str(repo.root / "plan.yaml"), "intent-clf/macro-f1", as_of=AS_OF)
    console = Console(width=120, record=True, color_system="standard", force_terminal=True)
    to_terminal(history_document(h), console)
    text = console.export_text(styles=True)
    assert "\x1b[32m+0.05" in text  # better: green
    assert "\x1b[1;31m-0.02" in text  # worse: bold red
    assert "\x1b[33mroadmap invalid at this commit (1 problem)" in text  # a warning


@pytest.mark.parametrize(("values", "line"), [
    ([], ""),
    ([1.0], "▁"),
    ([2.0, 2.0], "▁▁"),
    ([0.0, 7.0], "▁█"),
    ([0.74, 0.79, 0.77, 0.81, 0.83], "▁▅▃▆█"),
    ([12.0, 11.0, 9.0], "█▆▁"),  # lower is better: drawn as the numbers go, not flipped
])
def test_sparkline(values: list[float], line: str) -> None:
    assert sparkline(values) == line
