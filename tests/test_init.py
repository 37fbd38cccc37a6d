"""`mlroadmap init`: a new roadmap that validates, and whose `check` is the PM's to-do list."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import run_cli

from mlroadmap import load

FILES = ["roadmap.yaml", "work.yaml", "models.yaml", "data.yaml", "ethics.yaml", "experiments.yaml", "roadmap.schema.json"]
AS_OF = "2026-11-26"

# What `check` asks of a new roadmap: only the facts the team has to supply.
GAPS = [
    ("MLR122", "data.yaml", "dataset 'training-data' does not state its source system, refresh rate and quality SLA"),
    ("MLR133", "ethics.yaml", "fairness audit 'fairness-audit' does not name the groups compared (attributes, or at least two groups), the fairness metric and the threshold"),
    ("MLR141", "experiments.yaml", "experiment 'ab-test' has no decision date (decide_by)"),
    ("MLR144", "experiments.yaml", "experiment 'ab-test' is an A/B test with 0 variants; name at least 2"),
    ("MLR142", "roadmap.yaml", "the roadmap does not state its explore/exploit split (split: {explore: 20, exploit: 80})"),
    ("MLR151", "data.yaml", "dataset 'training-data' blocks 5 tracks (data, ethics, experiments, model, monitoring) but has no owner"),
    ("MLR151", "ethics.yaml", "audit 'fairness-audit' blocks 2 tracks (ethics, model) but has no owner"),
    ("MLR151", "work.yaml", "item 'feasibility-study' blocks 4 tracks (ethics, experiments, model, monitoring) but has no owner"),
    ("MLR151", "work.yaml", "item 'prototype-model' blocks 4 tracks (ethics, experiments, model, monitoring) but has no owner"),
    ("MLR151", "work.yaml", "item 'train-model' blocks 4 tracks (ethics, experiments, model, monitoring) but has no owner"),
    ("MLR151", "work.yaml", "item 'integrate-model' blocks 3 tracks (experiments, model, monitoring) but has no owner"),
    ("MLR151", "work.yaml", "item 'dashboards' blocks 2 tracks (model, monitoring) but has no owner"),
    ("MLR161", "models.yaml", "model 'main-model' is planned to go live but has no retraining cadence"),
    ("MLR162", "models.yaml", "model 'main-model' is planned to go live but has no revalidation cadence"),
    ("MLR171", "models.yaml", "model 'main-model' is planned to go live but has no degradation thresholds"),
    ("MLR173", "models.yaml", "monitor 'drift-monitor' raises an alert but names no channel"),
    ("MLR233", "roadmap.yaml", "no stakeholder for data science, engineering, compliance and customer ops "
     "(stakeholders with role: data-science, engineering, compliance, customer-ops)"),
    ("MLR231", "roadmap.yaml", "decision 'go-live-decision' names nobody to sign it off"),
    ("MLR244", "roadmap.yaml", "risk 'wrong-answers' is medium likelihood, high impact and open, with no mitigation"),
]

# How a PM fills each gap: the commented lines of the template, uncommented and given values.
FILL_IN = {
    "roadmap.yaml": [
        ("  # split: {explore: 20, exploit: 80}", "  split: {explore: 20, exploit: 80}"),
        ("    sign_off: []", "    sign_off: [product, compliance]"),
        ("    # due: YYYY-MM-DD", "    due: 2027-06-30"),
        ("    # mitigation: what lowers the likelihood or the impact", "    mitigation: Answer only above a confidence threshold"),
        ("    role: product\n", "    role: product\n"
         "  - {id: ds, name: Data science lead, role: data-science}\n"
         "  - {id: eng, name: Engineering lead, role: engineering}\n"
         "  - {id: compliance, name: DPO, role: compliance}\n"
         "  - {id: ops, name: Support operations, role: customer-ops}\n"),
    ],
    "data.yaml": [
        ("    # source: the system it comes from, e.g. the help desk's ticket export", "    source: Help desk ticket export"),
        ("    # refresh: how often it is refreshed (daily, weekly, monthly, ...)", "    refresh: weekly"),
        ('    # quality_sla: what "good enough" means, e.g. "< 1% missing labels"', '    quality_sla: "< 1% missing labels"'),
    ],
    "ethics.yaml": [
        ("    # attributes: {region: [EU, US], age band: [18-24, 65+]}  # the groups compared, by attribute",
         "    attributes: {region: [EU, US], age band: [18-24, 65+]}"),
        ("    # intersections: [[region, age band]]  # combinations compared too", "    intersections: [[region, age band]]"),
        ("    # metric: the fairness metric, e.g. true positive rate", "    metric: true positive rate"),
        ("    # comparison: difference  # or ratio: each group against the reference", "    comparison: difference"),
        ("    # reference: best  # overall, best, or ATTRIBUTE: GROUP", "    reference: best"),
        ("    # worse: lower  # which way of the metric harms a group", "    worse: lower"),
        ("    # threshold: 0.05  # the largest gap allowed (a ratio: e.g. 0.8 when lower is worse)", "    threshold: 0.05"),
    ],
    "models.yaml": [
        ("    # retraining: monthly", "    retraining: monthly"),
        ("    # revalidation: quarterly", "    revalidation: quarterly"),
        ("    # thresholds:\n    #   - {metric: accuracy, min: 0.80, action: retrain}",
         "    thresholds:\n      - {metric: accuracy, min: 0.80, action: retrain}"),
        ('    # channel: "#ml-alerts"', '    channel: "#ml-alerts"'),
    ],
    "experiments.yaml": [
        ("    # variants: [today's process (control), the model]", "    variants: [today's process (control), the model]"),
        ("    # decide_by: YYYY-MM-DD", "    decide_by: 2027-06-15"),
    ],
}


def init(tmp_path: Path, *args: str) -> Path:
    directory = tmp_path / "roadmap"
    result = run_cli("init", str(directory), *args)
    assert (result.exit_code, result.stderr) == (0, "")
    return directory


def problems(directory: Path) -> list[dict]:
    result = run_cli("check", str(directory), "--as-of", AS_OF, "--format", "json")
    return json.loads(result.stdout)["problems"]


def test_init_writes_a_roadmap_that_validates(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "roadmap"), "--name", "Churn: the assistant", "--owner", "Maya Lindgren",
                     "--start", "2027-Q1", "--quarters", "4")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"Created 'Churn: the assistant' (2027-Q1 to 2027-Q4) in {tmp_path / 'roadmap'}/:",
        *(f"  {tmp_path / 'roadmap' / name}" for name in FILES),
        f"Next: replace the example values, then `mlroadmap check {tmp_path / 'roadmap'}` lists what is still missing;",
        "it fails until then, so add its pre-commit hook or CI step once it passes (`validate` passes now).",
    ]
    assert sorted(path.name for path in (tmp_path / "roadmap").iterdir()) == sorted(FILES)
    validated = run_cli("validate", str(tmp_path / "roadmap"))
    assert (validated.exit_code, validated.stdout) == (0, (
        "Churn: the assistant: valid (6 files; 1 outcome, 1 stakeholder, 8 items, 1 model, 1 dataset, 1 audit, "
        "1 mitigation, 1 monitor, 1 experiment, 1 decision, 1 risk).\n"))
    roadmap = load(tmp_path / "roadmap")
    assert (roadmap.info.name, roadmap.info.owner, roadmap.info.period.start, roadmap.info.period.end) == (
        "Churn: the assistant", "Maya Lindgren", "2027-Q1", "2027-Q4")
    assert {item.track for item in roadmap.items} | {"ethics", "experiments"} == {
        "model", "data", "ethics", "monitoring", "experiments", "team"}
    (model,) = roadmap.models
    assert [(metric.name, metric.targets) for metric in model.metrics] == [
        ("accuracy", {"2027-Q1": 0.76, "2027-Q2": 0.81, "2027-Q3": 0.84, "2027-Q4": 0.87}),
        ("p95 latency", {"2027-Q1": 750, "2027-Q2": 638, "2027-Q3": 553, "2027-Q4": 490}),
    ]
    schema = json.loads((tmp_path / "roadmap" / "roadmap.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "mlroadmap roadmap file"


def test_check_on_a_new_roadmap_lists_exactly_the_gaps_to_fill(tmp_path: Path) -> None:
    directory = init(tmp_path, "--start", "2027-Q1")
    found = [(p["code"], Path(p["file"]).name, p["message"]) for p in problems(directory) if p["severity"] != "info"]
    assert found == GAPS
    result = run_cli("check", str(directory), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"AI/ML roadmap: 3/11 checklist sections satisfied (as of {AS_OF}; dates by dependencies alone)"


def test_filling_in_the_commented_lines_closes_every_gap(tmp_path: Path) -> None:
    directory = init(tmp_path, "--start", "2027-Q1", "--owner", "Maya")
    for name in FILES[:-1]:
        edits = FILL_IN.get(name, [])
        path = directory / name
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new)
        if name != "roadmap.yaml":  # each piece of work gets an owner
            text = re.sub(r"(\n  - id: [\w-]+\n)", r"\1    owner: maya\n", text)
        path.write_text(text, encoding="utf-8")
    left = [(p["code"], p["message"]) for p in problems(directory) if p["severity"] != "info"]
    assert left == [], left
    assert run_cli("check", str(directory), "--as-of", AS_OF).exit_code == 0


@pytest.mark.parametrize(
    ("args", "period", "target_quarters"),
    [
        (["--start", "2027-Q3", "--quarters", "2"], ("2027-Q3", "2027-Q4"), ["2027-Q3", "2027-Q4"]),
        (["--start", "2026-Q4", "--quarters", "3"], ("2026-Q4", "2027-Q2"), ["2026-Q4", "2027-Q1", "2027-Q2"]),
        (["--start", "2027-Q2", "--quarters", "1"], ("2027-Q2", "2027-Q2"), ["2027-Q2"]),
        # The edges of the years a roadmap may plan: written, and valid (load() validates).
        (["--start", "2999-Q4", "--quarters", "1"], ("2999-Q4", "2999-Q4"), ["2999-Q4"]),
        (["--start", "2997-Q1", "--quarters", "12"], ("2997-Q1", "2999-Q4"), [f"{y}-Q{q}" for y in (2997, 2998, 2999) for q in (1, 2, 3, 4)]),
        (["--start", "1900-Q1", "--quarters", "2"], ("1900-Q1", "1900-Q2"), ["1900-Q1", "1900-Q2"]),
    ],
)
def test_the_period_and_quarterly_targets_follow_the_options(tmp_path: Path, args: list[str], period: tuple[str, str],
                                                            target_quarters: list[str]) -> None:
    roadmap = load(init(tmp_path, *args))
    assert (roadmap.info.period.start, roadmap.info.period.end) == period
    assert (roadmap.outcomes[0].due, [list(metric.targets) for metric in roadmap.models[0].metrics]) == (
        period[1], [target_quarters, target_quarters])


def test_the_default_is_a_roadmap_directory_starting_this_quarter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("init").exit_code == 0
    roadmap = load(tmp_path / "roadmap")
    today = dt.date.today()
    assert (roadmap.info.name, roadmap.info.owner) == ("AI/ML roadmap", None)
    assert roadmap.info.period.start == f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarters", "0"], "--quarters: 0 is out of range; a roadmap covers 1 to 12 quarters"),
        (["--quarters", "13"], "--quarters: 13 is out of range; a roadmap covers 1 to 12 quarters"),
        (["--start", "Q5-2027"], "--start: 'Q5-2027' is not a quarter; write quarters as YYYY-Qn, e.g. 2026-Q3"),
        (["--start", "Q2 2027"], "--start: 'Q2 2027' is not a quarter; write 2027-Q2"),
        (["--name", "  "], "--name: a roadmap needs a name"),
        (["--start", "2999-Q4", "--quarters", "2"],
         "--quarters: 2 quarters from 2999-Q4 end in 3000-Q1, past 2999-Q4, the last quarter a roadmap can plan; start earlier or plan fewer quarters"),
        (["--start", "2997-Q2", "--quarters", "12"],
         "--quarters: 12 quarters from 2997-Q2 end in 3000-Q1, past 2999-Q4, the last quarter a roadmap can plan; start earlier or plan fewer quarters"),
    ],
)
def test_bad_options_are_usage_errors_and_write_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("init", str(tmp_path / "roadmap"), *args)
    assert (result.exit_code, result.stderr) == (2, f"mlroadmap: error: {message}\n")
    assert list(tmp_path.iterdir()) == []


def test_never_overwrites_and_never_mixes_with_other_yaml(tmp_path: Path) -> None:
    directory = init(tmp_path)
    before = {path.name: path.read_bytes() for path in directory.iterdir()}
    again = run_cli("init", str(directory))
    assert again.exit_code == 2
    assert again.stderr.startswith(f"mlroadmap: error: {directory}: already holds {directory / 'data.yaml'}, ")
    assert {path.name: path.read_bytes() for path in directory.iterdir()} == before

    other = tmp_path / "repo"
    other.mkdir()
    (other / "docker-compose.yml").write_text("services: {}\n")
    result = run_cli("init", str(other))
    assert (result.exit_code, result.stderr) == (2, (
        f"mlroadmap: error: {other}: already holds {other / 'docker-compose.yml'}; mlroadmap init never overwrites files, "
        "and every YAML file in a roadmap's directory is part of the roadmap: choose a new or empty directory\n"))
    assert [path.name for path in other.iterdir()] == ["docker-compose.yml"]

    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    result = run_cli("init", str(afile))
    assert (result.exit_code, result.stderr) == (2, f"mlroadmap: error: {afile}: is a file, not a directory\n")


def test_a_failure_part_way_removes_what_was_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlroadmap import scaffold

    real_open = open
    calls = []

    def failing_open(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(scaffold, "open", failing_open, raising=False)
    result = run_cli("init", str(tmp_path / "roadmap"))
    assert (result.exit_code, result.stderr) == (2, f"mlroadmap: error: {tmp_path / 'roadmap'}: cannot write: No space left on device\n")
    assert list(tmp_path.iterdir()) == []


def test_the_readme_shows_what_init_prints_and_how_many_gaps_check_finds(tmp_path: Path) -> None:
    import shlex
    import subprocess
    import sys

    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ mlroadmap init (.*?)\n(.*?)```", text, re.DOTALL)
    assert block is not None
    printed = subprocess.run([sys.executable, "-m", "mlroadmap", "init", *shlex.split(block.group(1))], cwd=tmp_path,
                             capture_output=True, text=True, check=True).stdout
    assert block.group(2) == printed
    assert f"is the to-do list. It has {len(GAPS)} errors and warnings in 8 of the 11 checklist sections" in " ".join(text.split())


def test_examples_targets_stay_plausible_over_twelve_quarters(tmp_path: Path) -> None:
    accuracy, latency = load(init(tmp_path, "--start", "2027-Q1", "--quarters", "12")).models[0].metrics
    assert list(accuracy.targets.values()) == [0.76, 0.81, 0.84, 0.87, 0.89, 0.91, 0.92, 0.92, 0.93, 0.94, 0.94, 0.94]
    assert list(latency.targets.values()) == [750, 638, 553, 490, 442, 407, 380, 360, 345, 334, 325, 319]


def test_a_period_shorter_than_the_example_plan_is_one_more_finding(tmp_path: Path) -> None:
    # The template's plan takes about 18 weeks; in one quarter, check says the outcome is late.
    directory = init(tmp_path, "--start", "2027-Q1", "--quarters", "1")
    found = [(p["code"], Path(p["file"]).name, p["message"]) for p in problems(directory) if p["severity"] != "info"]
    late = ("MLR215", "roadmap.yaml", "outcome 'main-outcome' is due in 2027-Q1, but its work is projected to finish on 2027-05-07")
    assert sorted(found) == sorted([*GAPS, late])


def test_the_directory_check_is_the_loaders_own_search(tmp_path: Path) -> None:
    nested = tmp_path / "nested"
    (nested / "deploy").mkdir(parents=True)
    (nested / "deploy" / "compose.yml").write_text("services: {}\n")
    result = run_cli("init", str(nested))
    assert result.exit_code == 2 and f"already holds {nested / 'deploy' / 'compose.yml'};" in result.stderr
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / ".pre-commit-config.yaml").write_text("repos: []\n")  # hidden: never part of a roadmap
    assert run_cli("init", str(hidden)).exit_code == 0
    assert run_cli("validate", str(hidden)).exit_code == 0


def test_any_name_reads_back_as_written(tmp_path: Path) -> None:
    name = 'Team\rowner: x\u2028y\x85z "quoted" # not a comment'
    directory = init(tmp_path, "--name", name)
    assert load(directory).info.name == name
    assert (directory / "roadmap.yaml").read_text(encoding="utf-8").splitlines()[2] == (
        '# Team owner: x y z "quoted" # not a comment: scaffolded by `mlroadmap init` on ' + dt.date.today().isoformat() + ".")


def test_the_comments_name_the_directory_relative_to_where_init_ran(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("init", str(tmp_path / "team roadmap")).exit_code == 0
    text = (tmp_path / "team roadmap" / "roadmap.yaml").read_text(encoding="utf-8")
    assert "`mlroadmap validate 'team roadmap'` merges" in text and str(tmp_path) not in text
