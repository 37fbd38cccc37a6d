"""The README's GitHub Actions workflow, its steps run on a pull request in a scratch repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

# Far in the future, so that no date check depends on the day the test runs.
ROADMAP = """\
roadmap:
  name: Triage
  period: {start: 2090-Q1, end: 2090-Q4}
outcomes:
  - {id: triage, title: Faster triage, problem: Agents sort tickets by hand., metric: Minutes to the right queue,
     direction: lower, baseline: 95, target: 10, due: 2090-Q4}
items:
  - {id: collect, title: Collect tickets, track: data, phase: feasibility, start: 2090-02-06, duration: 2w, outcome: triage, owner: maya}
  - {id: train, title: Train the classifier, track: model, phase: training, depends_on: [collect], duration: 3w, outcome: triage}
"""


def workflow() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## In CI: GitHub Actions"):]
    return yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1))


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def pull_request(tmp_path: Path):
    """A clone whose origin/main has the roadmap, on a branch that changes it: returns
    (the clone, a function that commits new text for roadmap/roadmap.yaml)."""
    upstream = tmp_path / "upstream"
    (upstream / "roadmap").mkdir(parents=True)
    git(upstream, "init", "-q", "-b", "main")
    for key, value in (("user.name", "PM"), ("user.email", "pm@example.com"), ("commit.gpgsign", "false")):
        git(upstream, "config", key, value)
    (upstream / "roadmap" / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "roadmap")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    for key, value in (("user.name", "DS"), ("user.email", "ds@example.com"), ("commit.gpgsign", "false")):
        git(clone, "config", key, value)
    git(clone, "switch", "-q", "-c", "change")

    def change(text: str) -> None:
        (clone / "roadmap" / "roadmap.yaml").write_text(text, encoding="utf-8")
        git(clone, "commit", "-q", "-am", "change")

    return clone, change


# The conditions the README's steps use, as GitHub evaluates them on a pull request
# (`failed`: an earlier step failed; a step without `if` runs only when none has).
PULL_REQUEST = "${{ !cancelled() && github.event_name == 'pull_request' }}"
ALWAYS = "${{ !cancelled() }}"
WITH_A_DIFF = "${{ !cancelled() && github.event_name == 'pull_request' && hashFiles('roadmap-diff.md') != '' }}"


def run_steps(clone: Path, tmp_path: Path) -> tuple[list[tuple[str, int | None, str]], Path]:
    """Run the workflow's own steps as GitHub does (bash -e -o pipefail, each step's `if`)
    for a pull request: each step's (name, exit code or None when skipped, output), and the
    summary file. `uses:` steps and the install are the runner's; `gh` is a stub that
    records its call."""
    stub = tmp_path / "bin"
    stub.mkdir(exist_ok=True)
    (stub / "gh").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$GH_CALL"\ncp "$5" "$GH_CALL.body"\n', encoding="utf-8")
    (stub / "gh").chmod(0o755)
    summary = tmp_path / "summary.md"
    env = {**os.environ, "PATH": f"{stub}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary), "GH_CALL": str(tmp_path / "gh-call")}
    env.pop("NO_COLOR", None)
    expressions = {"github.token": "a-token", "github.event.pull_request.number": "7"}
    conditions = {None: lambda failed: not failed, PULL_REQUEST: lambda failed: True, ALWAYS: lambda failed: True,
                  WITH_A_DIFF: lambda failed: (clone / "roadmap-diff.md").exists()}
    results: list[tuple[str, int | None, str]] = []
    for step in workflow()["jobs"]["roadmap"]["steps"]:
        if "uses" in step or step["run"].startswith("pip install"):
            continue
        failed = any(code for _, code, _ in results)
        if not conditions[step.get("if")](failed):
            results.append((step["name"], None, ""))
            continue
        script = re.sub(r"\$\{\{ (.*?) \}\}", lambda match: expressions[match.group(1)], step["run"])
        step_env = {**env, **{key: re.sub(r"\$\{\{ (.*?) \}\}", lambda match: expressions[match.group(1)], value)
                              for key, value in step.get("env", {}).items()}}
        process = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=clone,
                                 env=step_env, capture_output=True, text=True)
        results.append((step["name"], process.returncode, process.stdout + process.stderr))
    return results, summary


def test_the_workflow_is_what_the_readme_says() -> None:
    flow = workflow()
    assert flow["permissions"] == {"contents": "read", "pull-requests": "write", "security-events": "write"}
    steps = flow["jobs"]["roadmap"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert [step.get("name") for step in steps[3:]] == ["Validate", "Check", "Findings for code scanning", "Upload to code scanning",
                                                        "What changed", "Comment"]
    assert steps[6] == {"name": "Upload to code scanning", "if": "${{ !cancelled() && hashFiles('mlroadmap.sarif') != '' }}",
                        "uses": "github/codeql-action/upload-sarif@v3", "with": {"sarif_file": "mlroadmap.sarif", "category": "mlroadmap"}}


@pytest.mark.slow  # a scratch repository and each step's processes
def test_a_pull_request_that_slips_gets_a_comment_saying_so(pull_request, tmp_path: Path) -> None:
    clone, change = pull_request
    change(ROADMAP.replace("duration: 3w", "duration: 5w"))
    results, summary = run_steps(clone, tmp_path)
    assert [(name, code) for name, code, _ in results] == [("Validate", 0), ("Check", 0), ("Findings for code scanning", 0),
                                                           ("What changed", 0), ("Comment", 0)]
    assert results[0][2] == "Triage: valid (1 file; 1 outcome, 2 items).\n"  # a valid roadmap: nothing to annotate
    assert "::warning file=roadmap/roadmap.yaml," in results[1][2]  # the checklist's warnings, on their lines
    assert results[1][2].splitlines()[-1].startswith("Found ")  # and how many, as a plain line of the log
    sarif = json.loads((clone / "mlroadmap.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in sarif["results"]} == {"roadmap/roadmap.yaml"}
    call = (tmp_path / "gh-call").read_text(encoding="utf-8").splitlines()
    assert call == ["pr", "comment", "7", "--body-file", "roadmap-diff.md", "--edit-last", "--create-if-none"]
    body = (tmp_path / "gh-call.body").read_text(encoding="utf-8")
    assert body == (clone / "roadmap-diff.md").read_text(encoding="utf-8")
    # The job summary: validate's, check's (every problem, linked to its rule), then the diff.
    validated, checked, diffed = re.split(r"^(?=## mlroadmap check|# What changed)", summary.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert (validated, diffed) == ("## mlroadmap validate\n\nTriage: valid (1 file; 1 outcome, 2 items).\n\n", body)
    assert checked.startswith("## mlroadmap check: Triage\n") and "| warning | `roadmap/roadmap.yaml:" in checked
    assert "| Train the classifier | 2090-03-12 | 2090-03-26 | **+14 d** | critical path; duration 3w → 5w |" in body
    assert body.startswith("# What changed: Triage\n") and "<details>" in body


@pytest.mark.slow  # a scratch repository and each step's processes
def test_a_broken_reference_fails_validate_with_an_annotation_on_its_line(pull_request, tmp_path: Path) -> None:
    clone, change = pull_request
    change(ROADMAP.replace("depends_on: [collect]", "depends_on: [colect]"))
    results, _ = run_steps(clone, tmp_path)
    assert [(name, code) for name, code, _ in results] == [("Validate", 1), ("Check", None), ("Findings for code scanning", 0),
                                                           ("What changed", 1), ("Comment", None)]
    assert results[0][2] == ("::error file=roadmap/roadmap.yaml,line=9,col=90,title=mlroadmap unknown-reference::"
                             "depends_on: unknown id 'colect' (did you mean 'collect'?)\nFound 1 problem in 1 file.\n")
    sarif = json.loads((clone / "mlroadmap.sarif").read_text(encoding="utf-8"))["runs"][0]  # why the check could not run
    assert [result["ruleId"] for result in sarif["results"]] == ["unknown-reference"]
    assert not (tmp_path / "gh-call").exists()


@pytest.mark.slow  # a scratch repository and each step's processes
def test_a_pull_request_that_breaks_the_checklist_fails_and_still_gets_its_comment(pull_request, tmp_path: Path) -> None:
    clone, change = pull_request
    change(ROADMAP.replace("duration: 3w, outcome: triage}", "duration: 3w}"))  # `train` no longer traces to the outcome
    results, _ = run_steps(clone, tmp_path)
    assert [(name, code) for name, code, _ in results] == [("Validate", 0), ("Check", 1), ("Findings for code scanning", 0),
                                                           ("What changed", 0), ("Comment", 0)]
    assert ("::error file=roadmap/roadmap.yaml,line=9,col=5,title=mlroadmap MLR212::item 'train' does not trace to an outcome: "
            "neither it nor the work it leads to serves one\n") in results[1][2]
    body = (tmp_path / "gh-call.body").read_text(encoding="utf-8")
    assert "| Train the classifier | outcome | triage | – |" in body
