"""``report --audience`` and ``show``: the verdicts (status semantics), the content each
audience sees on the example roadmap, and the formats (terminal at 80 and 120 columns,
Markdown, JSON)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from conftest import EXAMPLES, HEADER, run_cli

import mlroadmap
from mlroadmap.model import Metric, Model, Outcome
from mlroadmap.status import metric_status, outcome_status

SUPPORT = str(EXAMPLES / "support-assistant")
AS_OF = "2026-11-25"
Q4_DAY = dt.date(2026, 11, 15)  # 46 of the quarter's 92 days have passed: the line is half way


def _metric(current: float | None, targets: dict[str, float], direction: str = "higher", baseline: float = 0.0):
    model = Model(id="m", title="A model")
    return model, Metric(name="score", direction=direction, baseline=baseline, current=current, targets=targets)


# Q3 target 60 -> Q4 target 80 (a step of 20): on 15 Nov the line is at 70.
@pytest.mark.parametrize(("current", "targets", "direction", "as_of", "verdict", "expected"), [
    (80, {"2026-Q3": 60, "2026-Q4": 80}, "higher", Q4_DAY, "met", 70),
    (85, {"2026-Q3": 60, "2026-Q4": 80}, "higher", Q4_DAY, "met", 70),
    (70, {"2026-Q3": 60, "2026-Q4": 80}, "higher", Q4_DAY, "on-track", 70),  # on the line
    (69, {"2026-Q3": 60, "2026-Q4": 80}, "higher", Q4_DAY, "on-track", 70),  # 1 behind: 5% of the step
    (68, {"2026-Q3": 60, "2026-Q4": 80}, "higher", Q4_DAY, "at-risk", 70),
    (65, {"2026-Q3": 60, "2026-Q4": 80}, "higher", Q4_DAY, "at-risk", 70),  # 5 behind: 25% of the step
    (64, {"2026-Q3": 60, "2026-Q4": 80}, "higher", Q4_DAY, "off-track", 70),
    (79, {"2026-Q3": 60, "2026-Q4": 80}, "higher", dt.date(2027, 1, 10), "off-track", 80),  # the quarter has ended
    (None, {"2026-Q4": 80}, "higher", Q4_DAY, "no-data", 40),  # from the baseline 0
    (50, {"2026-Q3": 60}, "higher", Q4_DAY, "no-target", None),
    # Lower is better: 300 ms -> 100 ms; the line is at 200 ms half way.
    (200, {"2026-Q3": 300, "2026-Q4": 100}, "lower", Q4_DAY, "on-track", 200),
    (240, {"2026-Q3": 300, "2026-Q4": 100}, "lower", Q4_DAY, "at-risk", 200),
    (260, {"2026-Q3": 300, "2026-Q4": 100}, "lower", Q4_DAY, "off-track", 200),
    (90, {"2026-Q3": 300, "2026-Q4": 100}, "lower", Q4_DAY, "met", 200),
])
def test_metric_verdicts(current, targets, direction, as_of, verdict, expected) -> None:
    model, metric = _metric(current, targets, direction)
    status = metric_status(model, metric, "2026-Q4", as_of)
    assert status.verdict == verdict
    if expected is None:
        assert status.expected is None
    else:
        assert status.expected == pytest.approx(expected, abs=0.25)


def test_an_outcome_on_its_line_but_whose_work_lands_after_its_quarter_is_at_risk() -> None:
    outcome = Outcome(id="o", title="Cut load", problem="p", metric="tickets", direction="lower", baseline=100, target=70,
                      current=73, due="2026-Q4")  # the line is at 100 - 30 * 329/365 = 72.96 on 25 Nov
    on_time = outcome_status(outcome, "2026-Q1", dt.date(2026, 11, 25), dt.date(2026, 12, 31))  # the quarter's last day
    assert (on_time.value_verdict, on_time.verdict, on_time.progress, on_time.late) == ("on-track", "on-track", pytest.approx(27 / 30), False)
    late = outcome_status(outcome, "2026-Q1", dt.date(2026, 11, 25), dt.date(2027, 1, 1))
    assert (late.value_verdict, late.verdict, late.late) == ("on-track", "at-risk", True)
    guardrail = Outcome(id="g", title="CSAT holds", problem="p", metric="CSAT", baseline=89, target=89, current=88.5, due="2026-Q4")
    held = outcome_status(guardrail, "2026-Q1", dt.date(2026, 11, 25), None)
    assert (held.verdict, held.progress) == ("off-track", 0.0)


def _report(audience: str, *extra: str) -> dict:
    result = run_cli("report", SUPPORT, "--audience", audience, "--as-of", AS_OF, "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_exec_report_of_the_example() -> None:
    report = _report("exec")
    assert (report["audience"], report["quarter"]) == ("exec", "2026-Q4")
    outcomes = {o["id"]: o for o in report["sections"]["outcomes"]}
    load = outcomes["reduce-support-load"]
    # 12,000 -> 9,300 of the way to 8,400: 2,700 / 3,600. The line from 1 Jan to 31 Dec is at
    # 12,000 - 3,600 * 329/365 = 8,755 on 25 Nov: 545 behind, 15% of the way: at risk.
    assert (load["progress"], round(load["expected_today"]), load["verdict"]) == (0.75, 8755, "at-risk")
    assert (load["lands"], load["late"], report["dates"]) == ("2026-12-30", False, "capacity")
    assert outcomes["protect-csat"]["verdict"] == "met"
    assert outcomes["faster-first-response"]["verdict"] == "on-track"  # 90.0% of the way, the line at 90.1%
    assert report["sections"]["dates"] == {"end": "2027-01-03", "dates": "capacity", "end_by_dependencies": "2026-12-28",
                                           "critical_path": ["agent-drafts-proto", "exp-agent-drafts"],
                                           "forecast": {"p50": "2027-01-20", "p80": "2027-01-27", "p95": "2027-01-30", "samples": 10000, "seed": 0}}
    # The plan lands the outcome a day before its quarter ends; 5% of the samples do.
    assert load["forecast"] == {"p50": "2027-01-15", "p80": "2027-01-21", "p95": "2027-01-29", "p_on_time": 0.0519}
    # What sets the dates: the critical chain, the top 3 cross-track blockers, the late, at-risk
    # or blocked work, then the decisions and milestones (9 rows, under the 12 that fit).
    timeline = report["sections"]["timeline"]
    assert {track: [bar["id"] for bar in bars] for track, bars in timeline.items()} == {
        "model": ["agent-drafts-proto", "rag-de-fr"], "data": ["agent-replies", "label-eu-intents"], "team": ["tn-fairness"],
        "experiments": ["exp-agent-drafts"], "rollout": ["eu-go-live"], "none": ["dec-agent-replies", "dec-eu-launch"]}
    assert report["sections"]["portfolio"] == {"production": ["intent-clf", "escalation-clf"], "staged-rollout": ["answer-rag"],
                                               "experimentation": ["agent-drafts"]}
    metrics = report["sections"]["metrics"]
    assert metrics["counts"] == {"met": 1, "on-track": 6, "at-risk": 1, "off-track": 1, "no-target": 0, "no-data": 1}
    verdicts = {(m["model"], m["metric"]): m["verdict"] for m in metrics["metrics"]}
    assert verdicts[("escalation-clf", "recall")] == "at-risk"  # 0.91 against a line at 0.912: 11% of a 0.02 step behind
    assert verdicts[("agent-drafts", "draft-acceptance")] == "off-track"
    assert verdicts[("intent-clf", "p95-latency")] == "met"
    decisions = report["sections"]["decisions"]
    assert [(d["id"], d["date"], d["projected"], d["late_days"]) for d in decisions] == [
        ("dec-eu-launch", "2026-12-14", "2026-12-16", 2), ("dec-agent-replies", "2026-12-15", "2026-12-15", 0)]
    ethics = report["sections"]["ethics"]
    assert ethics["audits"] == {"total": 5, "done": 4, "late": [], "next": "audit-languages"}
    assert [risk["id"] for risk in report["sections"]["risks"]] == ["risk-eu-labelling", "risk-agent-trust", "risk-language-gap"]
    checklist = report["sections"]["checklist"]
    # Data (MLR126); critical path and outcomes: the dates the estimates make unlikely (MLR157, MLR216).
    assert (checklist["satisfied"], checklist["sections"]) == (8, 11)
    assert checklist["split"]["planned"] == {"explore": 20.0, "exploit": 80.0}
    assert checklist["split"]["actual"]["explore"] == 15.2


@pytest.mark.parametrize("width", [80, 120])
def test_exec_report_in_the_terminal(width: int) -> None:
    from rich.console import Console

    from mlroadmap.documents.report import build_report
    from mlroadmap.render.document import to_terminal

    document = build_report(mlroadmap.load(SUPPORT), "exec", as_of=dt.date(2026, 11, 25))
    buffer = io.StringIO()
    to_terminal(document, Console(file=buffer, width=width, color_system=None))
    text = buffer.getvalue()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    words = " ".join(text.split())
    assert "Executive summary report, as of 25 Nov 2026; this quarter: 2026-Q4" in words
    load = next(index for index, line in enumerate(lines) if line.startswith("Reduce"))
    # The bar and its number on one line when the column has room; at 80 columns, one above the other.
    assert "at risk" in lines[load] and ("██████░░ 75%" in lines[load] if width > 80 else
                                         "██████░░ " in lines[load] and "75% (plan" in lines[load + 1])
    assert ("Projected end 3 Jan 2027 with the team's capacity, following dec-agent-replies: yes Forecast 80% likely by 27 Jan 2027 (50%: 20 Jan 2027, 95%: "
            "30 Jan 2027; 10,000 samples over 4 estimates, 1 risk and 1 decision) By dependencies alone 28 Dec 2026 (capacity: +6 days)") in words
    assert "10 metrics against 2026-Q4's targets: 1 met, 6 on track, 1 at risk, 1 off track, 1 no data." in words
    # The capacity rules are not scored; their warnings are still counted.
    assert "Checklist 8/11 sections satisfied Findings 14 warnings (mlroadmap check lists them)" in words
    assert "Explore / exploit planned 20/80, actual 15/85 (by count, 46 items and experiments)" in words
    # Plain words: no ids without titles.
    assert "reduce-support-load" not in text and "label-eu-intents" not in text
    assert len(lines) <= (130 if width == 80 else 88)  # the forecast's line and column included


AUDIENCE_SECTIONS = {
    "exec": ["outcomes", "dates", "timeline", "metrics", "decisions", "risks", "portfolio", "ethics", "checklist"],
    "product": ["outcomes", "dates", "phases", "launches", "experiments", "decisions", "late", "risks", "checklist", "timeline"],
    "data-science": ["metrics", "models", "datasets", "experiments", "audits", "timeline"],
    "engineering": ["dates", "critical-path", "blockers", "late", "capacity", "datasets", "monitors", "compute", "timeline"],
    "compliance": ["ethics", "audits", "obligations", "personal-data", "decisions", "risks", "timeline"],
    "customer-ops": ["outcomes", "launches", "user-facing", "risks", "monitors", "decisions", "timeline"],
}


@pytest.mark.parametrize("audience", list(AUDIENCE_SECTIONS))
def test_each_audience_has_its_sections(audience: str) -> None:
    assert list(_report(audience)["sections"]) == AUDIENCE_SECTIONS[audience]


def test_product_report_content() -> None:
    sections = _report("product")["sections"]
    launches = [item["id"] for item in sections["launches"]]
    assert "dec-eu-launch" in launches and "exp-eu-rollout" in launches
    assert "intent-retrain" not in launches  # recurring retrains are not launches
    assert all(not item["id"].startswith(("retrain", "reval")) for item in sections["launches"])
    assert sections["phases"]["go-live"] == {"done": 5, "under way": 4, "planned": 2}
    assert [(item["id"], item["late_days"]) for item in sections["late"]] == [("dec-eu-launch", 2)]


def test_data_science_report_content() -> None:
    sections = _report("data-science")["sections"]
    assert len(sections["metrics"]["metrics"]) == 10
    models = {m["id"]: m for m in sections["models"]}
    assert models["answer-rag"]["retraining"] == "monthly" and models["answer-rag"]["revalidation"] == "biweekly"
    labels = next(d for d in sections["datasets"] if d["id"] == "intent-labels")
    assert labels["labelling"]["backlog"] > 0
    markdown = run_cli("report", SUPPORT, "-a", "data-science", "--as-of", AS_OF, "-f", "markdown").stdout
    assert (labels["labelling"]["backlog"], labels["labelling"]["throughput"]) == (5200, 2600)
    assert "| 5,200 waiting at 2,600/week: 2 weeks |" in markdown


def test_engineering_report_content() -> None:
    sections = _report("engineering")["sections"]
    assert [task["id"] for task in sections["critical-path"]] == ["agent-drafts-proto", "exp-agent-drafts"]
    capacity = sections["capacity"]
    assert capacity["dates"][0] == {"id": "roadmap", "title": "Support Assistant 2026", "dependencies_only": "2026-12-28",
                                    "with_capacity": "2027-01-03", "shift_days": 6}
    assert any(item["resource"] == "tomas" for item in capacity["over_allocated"])
    assert all(m["channel"] for m in sections["monitors"])


def test_the_audit_table_says_whether_a_date_is_due_or_projected(write) -> None:
    """The column was "Due" and showed the projected finish of an audit without a due date."""
    path = write("roadmap.yaml", HEADER + """\
models:
  - {id: m, title: M, stage: experimentation, metrics: [{name: auc, baseline: 0.7}]}
audits:
  - {id: due, title: Audited by a deadline, models: [m], start: 2026-03-02, duration: 1w, due: 2026-03-31}
  - {id: open, title: Audited when done, models: [m], start: 2026-03-02, duration: 1w}
""")
    result = run_cli("report", str(path), "--audience", "compliance", "--as-of", "2026-01-05", "--format", "markdown")
    rows = [line for line in result.stdout.splitlines() if line.startswith("| Audited")]
    assert [row.split(" | ")[3] for row in rows] == ["due 31 Mar 2026", "projected 8 Mar 2026"]
    assert "| Audit | Groups | Fairness metric | When |" in result.stdout


def test_compliance_report_content() -> None:
    sections = _report("compliance")["sections"]
    audits = {a["id"]: a for a in sections["audits"]}
    assert audits["audit-languages"]["attributes"] == {"language": ["English", "German", "French", "Spanish"]}
    assert (audits["audit-languages"]["comparison"], audits["audit-languages"]["reference"], audits["audit-languages"]["worse"]) == (
        "difference", "language: English", "lower")
    assert audits["audit-languages"]["status"] == "planned"
    kinds = {item["kind"] for item in sections["obligations"]}
    assert kinds == {"regulation", "privacy assessment", "policy", "mitigation"}
    assert all(d["pii"] for d in sections["personal-data"])
    # Decisions a compliance or legal stakeholder signs: the DPO signs both open ones.
    assert [d["id"] for d in sections["decisions"]] == ["dec-eu-launch", "dec-agent-replies"]


def test_customer_ops_report_content() -> None:
    sections = _report("customer-ops")["sections"]
    facing = {m["id"]: m for m in sections["user-facing"]}
    assert set(facing) == {"answer-rag", "escalation-clf"}
    assert facing["answer-rag"]["fallback"].startswith('"Talk to a human"')
    assert {m["model"] for m in sections["monitors"]} <= {"answer-rag", "escalation-clf"}
    markdown = run_cli("report", SUPPORT, "-a", "customer-ops", "--as-of", AS_OF, "-f", "markdown").stdout
    assert "## What customers see, and the way out" in markdown
    assert ('| staged rollout | "Talk to a human" under every answer; automatic handover with a '
            "conversation summary when retrieval confidence is low, the customer asks the same thing twice, or the "
            "escalation detector fires. If the model is rolled back, chat goes straight to agents. |") in markdown


def test_markdown_report_has_tables_a_gantt_and_bold_bad_news() -> None:
    markdown = run_cli("report", SUPPORT, "--as-of", AS_OF, "--format", "markdown").stdout
    assert markdown.startswith("# Support Assistant 2026\n\n_Executive summary report, as of 25 Nov 2026; this quarter: 2026-Q4; "
                               "dates with the team's capacity, following dec-agent-replies: yes_\n")
    assert ("| Reduce support load by 30% | 12,000 → 9,300 → 8,400 tickets/week | `██████░░` 75% (plan 90%) | at risk | 2026-Q4 "
            "| 30 Dec 2026 |") in markdown
    assert "```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n" in markdown
    assert re.search(r"^    section What sets the dates$", markdown, re.M)
    assert "| Reply drafts for agents, prototype in Zendesk (5 agents) (Models) | 16 Nov → 24 Dec 2026 | critical |" in markdown
    # Its rows say what the colour would: late, at risk, how many tracks the work blocks.
    assert "    Label 20k German, French and Spanish tickets by intent (Data, at risk, blocks 5 tracks) :active, " in markdown
    assert "    Go/no-go AI answers in German and French (A/B on 30% of chat) (2 days late) :crit, " in markdown
    assert "- **Checklist**: 8/11 sections satisfied" in markdown


def test_quarter_option_sets_the_targets() -> None:
    report = _report("data-science", "--quarter", "2026-Q3")
    assert report["quarter"] == "2026-Q3"
    recall = next(m for m in report["sections"]["metrics"]["metrics"] if (m["model"], m["metric"]) == ("escalation-clf", "recall"))
    assert (recall["target"], recall["verdict"]) == (0.90, "met")


def test_report_without_people_or_models(write) -> None:
    path = write("roadmap.yaml", HEADER + "items:\n  - {id: a, title: Only item, track: data, start: 2026-02-02, duration: 2w}\n")
    for audience in AUDIENCE_SECTIONS:
        result = run_cli("report", str(path), "-a", audience, "--as-of", "2026-03-01")
        assert result.exit_code == 0, (audience, result.stderr)
    text = run_cli("report", str(path), "-a", "engineering", "--as-of", "2026-03-01").stdout
    assert "no people or teams declared: dates assume unlimited capacity" in text
    assert "no models declared" in run_cli("report", str(path), "--as-of", "2026-03-01").stdout


@pytest.mark.parametrize(("args", "message"), [
    (["report", SUPPORT, "--audience", "board"], "'board' is not one of"),
    (["report", SUPPORT, "--quarter", "2026-Q5"], "--quarter:"),
    (["report", SUPPORT, "--as-of", "25/11/2026"], "--as-of: '25/11/2026' is not a date"),
    (["show", SUPPORT, "--track", "modle"], "--track: no track 'modle'; the tracks are: model, data"),
    (["report", SUPPORT, "--quarter", "2030-Q1"], "--quarter: 2030-Q1 is outside the roadmap's period, 2026-Q1 to 2026-Q4"),
    (["report", SUPPORT, "-o", str(EXAMPLES / "support-assistant" / "roadmap.yaml")], "roadmap"),
])
def test_usage_errors(args: list[str], message: str) -> None:
    before = (EXAMPLES / "support-assistant" / "roadmap.yaml").read_bytes()
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert (EXAMPLES / "support-assistant" / "roadmap.yaml").read_bytes() == before


def test_report_on_an_invalid_roadmap_lists_its_problems(write) -> None:
    path = write("roadmap.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, depends_on: [b]}\n")
    result = run_cli("report", str(path))
    assert result.exit_code == 1
    assert f"{path}:5:49: depends_on: unknown id 'b'" in result.stderr


@pytest.mark.parametrize("fmt", ["html", "markdown", "text", "json"])
def test_an_invalid_roadmap_leaves_an_earlier_report_as_it_was(fmt: str, write, tmp_path) -> None:
    path = write("roadmap.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, depends_on: [b]}\n")
    target = tmp_path / "report.out"
    target.write_text("the report of the last good run\n", encoding="utf-8")
    result = run_cli("report", str(path), "-f", fmt, "-o", str(target))
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "the report of the last good run\n"
    assert "unknown id 'b'" in (result.stdout if fmt == "json" else result.stderr)


def test_late_work_counts_from_the_date_it_shows(write) -> None:
    # "Build" was planned to end 13 Feb and is still under way on 1 Mar: projected to end
    # today, 16 days after its planned end. "Ship" starts after it (2 Mar), takes 5 days
    # (to 6 Mar) and is due 2 Mar: 4 days late. Each count is the two dates shown apart.
    path = write("roadmap.yaml", HEADER + """\
items:
  - {id: a, title: Build, track: data, status: in-progress, start: 2026-02-02, end: 2026-02-13}
  - {id: b, title: Ship, track: data, depends_on: [a], duration: 5d, due: 2026-03-02}
""")
    sections = json.loads(run_cli("report", str(path), "-a", "product", "--as-of", "2026-03-01", "-f", "json").stdout)["sections"]
    late = {item["id"]: item for item in sections["late"]}
    assert (late["a"]["should_finish"], late["a"]["projected_finish"], late["a"]["late_days"]) == ("2026-02-13", "2026-03-01", 16)
    assert (late["b"]["should_finish"], late["b"]["projected_finish"], late["b"]["late_days"]) == ("2026-03-02", "2026-03-06", 4)


def test_report_to_a_file_is_plain_and_complete(tmp_path) -> None:
    target = tmp_path / "exec.md"
    result = run_cli("report", SUPPORT, "--as-of", AS_OF, "-f", "markdown", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == run_cli("report", SUPPORT, "--as-of", AS_OF, "-f", "markdown").stdout
    text = tmp_path / "exec.txt"
    run_cli("report", SUPPORT, "--as-of", AS_OF, "-o", str(text))
    assert "\x1b[" not in text.read_text(encoding="utf-8")


# --- show ------------------------------------------------------------------------------------


def test_show_model_track_in_a_quarter() -> None:
    result = run_cli("show", SUPPORT, "--track", "model", "--quarter", "2026-Q4", "--as-of", AS_OF, "--format", "json")
    views = json.loads(result.stdout)
    assert (views["kind"], views["track"]) == ("show", "model")
    assert list(views["sections"]) == ["work-model", "metrics", "models", "timeline"]
    work = {item["id"]: item for item in views["sections"]["work-model"]}
    assert work["intent-clf-v3"]["waits_on"] == ["label-eu-intents"]
    assert (work["intent-clf-v3"]["quarter"], work["intent-clf-v3"]["phase"]) == ("2026-Q4", "training")
    assert "intent-clf" not in work  # finished in Q2: not in Q4's work
    assert work["intent-retrain"]["late_days"] == 0  # recurring work is not late because one occurrence ended


@pytest.mark.parametrize("width", [80, 120])
def test_show_in_the_terminal(width: int) -> None:
    from rich.console import Console

    from mlroadmap.documents.show import build_views
    from mlroadmap.render.document import to_terminal

    document = build_views(mlroadmap.load(SUPPORT), as_of=dt.date(2026, 11, 25))
    buffer = io.StringIO()
    to_terminal(document, Console(file=buffer, width=width, color_system=None))
    text = buffer.getvalue()
    assert max(len(line) for line in text.splitlines()) <= width
    words = " ".join(text.split())
    for heading in ("Model development & performance", "Data pipelines & infrastructure", "Ethical AI & compliance",
                    "Monitoring & production performance", "Experimentation & rapid iteration", "Team capabilities & tools",
                    "Support-ops rollout & change management", "Datasets", "Fairness audits and bias tests", "Monitors", "Experiments"):
        assert f"\n{heading}\n" in text, heading
    assert "Starting in 2026-Q4" in words
    if width == 120:
        retrain = next(line for line in text.splitlines() if line.startswith("go-live") and "Monthly intent-classifier" in line)
        assert "in progress" in retrain and "Aisha Bello" in retrain and "monthly from 1 Jun 2026" in retrain


def test_show_in_markdown_lists_work_with_what_it_waits_on() -> None:
    markdown = run_cli("show", SUPPORT, "--track", "model", "--as-of", AS_OF, "-f", "markdown").stdout
    assert ("| training | Intent classifier v3: English, German, French and Spanish | planned | Priya Raman "
            "| 30 Nov → 9 Dec 2026 | Label 20k German, French and Spanish tickets by intent |") in markdown
    assert "| go-live | Monthly intent-classifier retrain" in markdown and "| monthly from 1 Jun 2026 |" in markdown


# --- HTML: the real reports in a real browser -----------------------------------------------


# The charts each audience's HTML report draws, in order, for the support example.
AUDIENCE_CHARTS = {
    "exec": ["outcomes-chart", "forecast-chart", "timeline-chart", "metrics-chart"],
    "product": ["outcomes-chart", "forecast-chart", "risks-chart", "timeline-chart"],
    "data-science": ["metrics-chart", "timeline-chart"],
    "engineering": ["forecast-chart", "capacity-chart", "timeline-chart"],
    "compliance": ["risks-chart", "timeline-chart"],
    "customer-ops": ["outcomes-chart", "risks-chart", "timeline-chart"],
}


@pytest.mark.parametrize("audience", list(AUDIENCE_SECTIONS))
def test_html_report_content(audience: str, tmp_path) -> None:
    target = tmp_path / f"{audience}.html"
    result = run_cli("report", SUPPORT, "-a", audience, "--as-of", AS_OF, "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for section in AUDIENCE_SECTIONS[audience]:
        assert f'<section id="{section}"' in page, section
    assert re.findall(r'<figure class="chart" id="([^"]+)">', page) == AUDIENCE_CHARTS[audience]
    if audience == "exec":
        assert re.search(r'<td><span class="tone-warn">at risk</span></td>', page)
        assert "12,000 → 9,300 → 8,400 tickets/week" in page
        assert "8/11 sections satisfied" in page


@pytest.mark.slow  # starts Chromium
@pytest.mark.parametrize("command", [["report", "--audience", "exec"], ["show"]])
def test_html_opens_in_chromium_without_errors_or_requests(command: list[str], tmp_path) -> None:
    from browser import open_in_chromium, png_size

    target = tmp_path / "page.html"
    assert run_cli(command[0], SUPPORT, *command[1:], "--as-of", AS_OF, "-f", "html", "-o", str(target)).exit_code == 0
    run = open_in_chromium(target, tmp_path / "page.png")
    assert run.console_errors == [], run.log
    assert run.requests == []
    assert png_size(run.screenshot) == (1280, 2000) and run.screenshot.stat().st_size > 50_000


# --- cases from the review -------------------------------------------------------------------

REVIEWED = HEADER + """\
outcomes:
  - {id: done-late, title: Met with work done late, problem: p, metric: m, baseline: 1, target: 2, current: 2.5, due: 2026-Q2}
  - {id: no-work, title: Nothing serves it, problem: p, metric: m, baseline: 1, target: 2, current: 1.5, due: 2026-Q4}
items:
  - {id: late-done, title: Done after its quarter, track: data, status: done, start: 2026-06-15, duration: 6w, outcome: done-late}
models:
  - id: m
    title: Tiny and wrong-way metrics
    status: done
    start: 2026-01-05
    duration: 2w
    metrics:
      - {name: tiny, direction: lower, baseline: 0.00005, current: 0.00003, targets: {2026-Q4: 0.00001}}
      - {name: wrongway, direction: higher, baseline: 0.9, current: 0.95, targets: {2026-Q4: 0.85}}
"""


def test_reviewed_cases(write) -> None:
    path = write("roadmap.yaml", REVIEWED)
    report = json.loads(run_cli("report", str(path), "--as-of", AS_OF, "-f", "json").stdout)
    outcomes = {o["id"]: o for o in report["sections"]["outcomes"]}
    # Finished work has landed: a met outcome is not "at risk" because it landed after its quarter.
    assert (outcomes["done-late"]["verdict"], outcomes["done-late"]["late"]) == ("met", False)
    metrics = {m["metric"]: m for m in report["sections"]["metrics"]["metrics"]}
    assert metrics["wrongway"]["progress"] is None  # a target below a higher-is-better baseline: no way to measure
    markdown = run_cli("report", str(path), "--as-of", AS_OF, "-f", "markdown").stdout
    assert "| Met with work done late | 1.0 → 2.5 → 2.0 | `████████` 150% (plan 100%) | met | 2026-Q2 | work done |" in markdown
    assert "| Nothing serves it |" in markdown and "| no work planned |" in markdown
    data_science = run_cli("report", str(path), "-a", "data-science", "--as-of", AS_OF, "-f", "markdown").stdout
    assert "| 0.00005 → 0.00003 → 0.00001 |" in data_science  # small numbers keep their digits
    product = run_cli("report", str(path), "-a", "product", "--as-of", AS_OF, "-f", "markdown").stdout
    assert "gantt\n    dateFormat YYYY-MM-DD\n    axisFormat %b %Y\n    todayMarker off\n" in product  # not the reader's today



@pytest.mark.parametrize(("cadence", "first", "day", "expected"), [
    ("monthly", "2026-01-31", "2026-02-01", "2026-02-28"),  # the month's last day when it has no 31st
    ("monthly", "2026-01-31", "2026-02-28", "2026-02-28"),  # on an occurrence: that day
    ("monthly", "2026-01-31", "2026-03-01", "2026-03-31"),  # and the 31st again where there is one
    ("weekly", "2026-01-05", "2026-01-12", "2026-01-12"),
    ("weekly", "2026-01-05", "2026-01-13", "2026-01-19"),
    ("quarterly", "2026-10-05", "2026-12-02", "2027-01-05"),
    ("every 10d", "2026-01-01", "2025-06-01", "2026-01-01"),  # before the series: its first day
])
def test_the_next_occurrence_of_a_series(cadence: str, first: str, day: str, expected: str) -> None:
    from mlroadmap.values import Cadence

    assert Cadence(cadence).next_on_or_after(dt.date.fromisoformat(first), dt.date.fromisoformat(day)).isoformat() == expected


def test_a_recurring_series_in_the_timeline_says_so_with_its_next_occurrence(write) -> None:
    path = write("roadmap.yaml", HEADER + (
        "items:\n"
        "  - {id: retrain, title: Retrain monthly, track: model, status: in-progress, cadence: monthly, start: 2026-01-31, duration: 2d}\n"
        "  - {id: build, title: Build, track: model, start: 2026-02-02, duration: 1w}\n"
        "  - {id: report, title: Monthly report, track: model, status: done, cadence: monthly, start: 2026-01-05, duration: 1d}\n"))
    bars = json.loads(run_cli("report", str(path), "--audience", "product", "--as-of", "2026-03-01", "--format", "json").stdout)["sections"]["timeline"]["model"]
    assert {bar["id"]: bar for bar in bars}["retrain"] == {
        "id": "retrain", "recurs": "monthly", "series_start": "2026-01-31", "series_end": "2026-12-31", "next": "2026-03-31"}
    # A finished series recurred until today at the latest, and has no next occurrence.
    assert {bar["id"]: bar for bar in bars}["report"] == {
        "id": "report", "recurs": "monthly", "series_start": "2026-01-05", "series_end": "2026-03-01", "next": None}
    # One-off work keeps start and finish: planned for 2 Feb and not started, it starts today.
    assert {bar["id"]: bar for bar in bars}["build"] == {"id": "build", "start": "2026-03-01", "finish": "2026-03-07"}


def test_show_lists_the_decisions_and_other_work_no_track_owns() -> None:
    views = json.loads(run_cli("show", SUPPORT, "--as-of", AS_OF, "--format", "json").stdout)["sections"]
    decisions = {item["id"] for item in views["work-none"]}
    assert {"dec-eu-launch", "dec-agent-replies"} <= decisions
    assert all(item["kind"] == "decisions" for item in views["work-none"])
    assert "work-none" not in json.loads(run_cli("show", SUPPORT, "--track", "model", "--as-of", AS_OF, "--format", "json").stdout)["sections"]


def test_the_engineering_report_says_someone_is_booked_while_off_not_at_0_percent(write) -> None:
    path = write("off.yaml", HEADER + (
        "people:\n  - {id: ana, name: Ana Silva, off: [{start: 2026-03-02, end: 2026-03-06}]}\n"
        "items:\n  - {id: build, title: Build, track: model, start: 2026-03-02, duration: 1w, assignees: [ana]}\n"))
    markdown = run_cli("report", str(path), "--audience", "engineering", "--as-of", "2026-01-05", "--format", "markdown").stdout
    assert "- Ana Silva: while off on 5 working days, 2 Mar 2026 → 6 Mar 2026 (Build)" in markdown


# --- the exec's timeline of what sets the dates ------------------------------------------------


def _chain(count: int) -> str:
    """``count`` one-week steps c1 -> c2 -> ..., from 2 Mar 2026: the critical chain."""
    lines = ["items:", "  - {id: c1, title: Step 1, track: model, start: 2026-03-02, duration: 1w}"]
    lines += [f"  - {{id: c{n}, title: Step {n}, track: model, duration: 1w, depends_on: [c{n - 1}]}}" for n in range(2, count + 1)]
    return "\n".join(lines) + "\n"


EXTRAS = """\
  - {id: late1, title: Late labels, track: data, start: 2026-03-02, duration: 2w, due: 2026-03-06}
  - {id: ship, title: Ship it, track: team, milestone: true, start: 2026-04-20}
decisions:
  - {id: go, title: Go or not, owner: ana, due: 2026-03-25, sign_off: [ana]}
models:
  - {id: m1, title: Undated model, stage: experimentation, metrics: [{name: f1, baseline: 0.5, targets: {2026-Q2: 0.6}}]}
stakeholders:
  - {id: ana, name: Ana, role: product}
"""


@pytest.mark.parametrize(("chain", "rows"), [
    # One of each kind in turn: the chain's first step, the late work (finishes 15 Mar, due
    # 6 Mar), the decision, the milestone; then the chain's next steps fill the 12: c1 to c9.
    # However long the chain, the late work, the decision and the milestone show.
    (14, [("c1", ["critical"]), ("late1", ["late"]), ("go", ["decision"]), ("ship", ["milestone"]),
          *((f"c{n}", ["critical"]) for n in range(2, 10))]),
    (10, [("c1", ["critical"]), ("late1", ["late"]), ("go", ["decision"]), ("ship", ["milestone"]),
          *((f"c{n}", ["critical"]) for n in range(2, 10))]),
    # 3 steps end on 22 Mar: the milestone (20 Apr) is the end and the chain alone; the steps
    # have slack and are left out, and the undated model is no milestone.
    (3, [("late1", ["late"]), ("ship", ["critical", "milestone"]), ("go", ["decision"])]),
])
def test_the_exec_timeline_keeps_the_most_pressing_twelve(write, chain: int, rows: list[tuple[str, list[str]]]) -> None:
    path = write("r.yaml", HEADER + _chain(chain) + EXTRAS)
    report = json.loads(run_cli("report", str(path), "--as-of", "2026-03-01", "--format", "json").stdout)
    bars = [bar for bars in report["sections"]["timeline"].values() for bar in bars]
    chosen = sorted(((bar["id"], bar["why"]) for bar in bars), key=rows.index)
    assert chosen == rows
    late = next(bar for bar in bars if bar["id"] == "late1")
    assert (late["late_days"], late["should_finish"], late["status"]) == (9, "2026-03-06", "planned")
    text = run_cli("report", str(path), "--as-of", "2026-03-01", env={"COLUMNS": "100"}).stdout
    left = chain + 4 - len(rows)  # the chain, late1, ship, go and the model (open: in experimentation)
    assert (f"and {left} more piece{'s' * (left != 1)} of open work" in text) == (left > 0)


def test_an_exec_timeline_with_nothing_open_says_so(write) -> None:
    path = write("r.yaml", HEADER + "items:\n  - {id: a, title: Done, track: data, status: done, start: 2026-01-05, duration: 1w}\n")
    document = json.loads(run_cli("report", str(path), "--as-of", "2026-03-01", "--format", "json").stdout)
    assert document["sections"]["timeline"] == {}
    page = run_cli("report", str(path), "--as-of", "2026-03-01", "--format", "html").stdout
    timeline = page[page.index('<section id="timeline"'):]
    assert '<p class="note tone-muted">no open work left to do</p>' in timeline and "<svg" not in timeline[:timeline.index("</section>")]


def test_the_engineering_report_shows_a_stream_s_freshness_and_the_monitor_on_it(write) -> None:
    path = write("roadmap.yaml", HEADER + """\
datasets:
  - {id: txn, title: Authorisations, source: Kafka, refresh: streaming, freshness: 200ms, quality_sla: complete}
  - {id: merchants, title: Merchants, source: Scheme files, refresh: weekly, quality_sla: matched}
monitors:
  - {id: lag, title: Stream lag, dataset: txn, watches: lag (ms), max: 200, channel: "#data"}
""")
    result = run_cli("report", str(path), "--audience", "engineering", "--as-of", "2026-01-05", "--format", "markdown")
    assert "| Authorisations | Kafka | streaming, at most 200ms old | complete | – | none |" in result.stdout
    assert "| Merchants | Scheme files | weekly | matched | – | none |" in result.stdout
    assert "| Stream lag | Authorisations | lag (ms) | &gt; 200 | alert | #data | planned |" in result.stdout
    data = json.loads(run_cli("report", str(path), "--audience", "engineering", "--as-of", "2026-01-05", "--format", "json").stdout)
    assert [(d["refresh"], d["freshness"]) for d in data["sections"]["datasets"]] == [("streaming", "200ms"), ("weekly", None)]
    assert data["sections"]["monitors"][0]["dataset"] == "txn"


def test_reports_and_the_calendar_say_which_model_a_challenger_challenges_and_what_traffic_a_test_sees(write) -> None:
    path = write("roadmap.yaml", HEADER + """\
models:
  - {id: gbm, title: GBM scorer, stage: production}
  - {id: seq, title: Sequence model, challenges: gbm}
experiments:
  - {id: shadow, title: Seq in shadow, kind: shadow, model: seq, traffic: 100, hypothesis: H, metric: precision, success: S, decide_by: 2026-03-02}
  - {id: ab, title: Seq against GBM, model: seq, traffic: 12.5, hypothesis: H, metric: fraud bps, success: S, decide_by: 2026-04-01}
  - {id: replay, title: Seq on last year, kind: backtest, model: seq, hypothesis: H, metric: precision, success: S, decide_by: 2026-02-02}
""")
    result = run_cli("report", str(path), "--audience", "data-science", "--as-of", "2026-01-05", "--format", "markdown")
    assert "| Sequence model | experimentation, challenging GBM scorer |" in result.stdout
    rows = [line.split(" | ")[:2] for line in result.stdout.splitlines() if line.startswith("| Seq ")]
    assert rows == [["| Seq on last year", "backtest (offline)"], ["| Seq in shadow", "shadow on 100% of traffic (decides none)"],
                    ["| Seq against GBM", "A/B on 12.5% of traffic"]]
    data = json.loads(run_cli("report", str(path), "--audience", "data-science", "--as-of", "2026-01-05", "--format", "json").stdout)
    assert [(e["kind"], e["model"], e["traffic"]) for e in data["sections"]["experiments"]] == [
        ("backtest", "seq", None), ("shadow", "seq", 100), ("ab", "seq", 12.5)]
    assert [m["challenges"] for m in data["sections"]["models"]] == [None, "gbm"]
    calendar = json.loads(run_cli("calendar", str(path), "--as-of", "2026-01-05", "--format", "json").stdout)
    texts = {event["id"]: event["description"] for event in calendar["events"] if event["id"] in ("shadow", "replay")}
    assert "Kind: shadow on 100% of traffic (decides none)." in texts["shadow"]
    assert "Kind: backtest (offline)." in texts["replay"]


def test_the_metrics_table_says_when_on_what_and_on_labels_matured_to_which_day(write) -> None:
    path = write("roadmap.yaml", HEADER + """\
datasets:
  - {id: labels, title: Confirmed fraud labels}
models:
  - id: m
    title: Scorer
    datasets: [labels]
    metrics:
      - {name: auc, baseline: 0.2, current: 0.3, measured: 2026-01-02, evaluated_on: labels, labels_until: 2025-10-04, targets: {2026-Q1: 0.4}}
      - {name: recall, baseline: 0.2, current: 0.3, labels_until: 2025-10-04, targets: {2026-Q1: 0.4}}
      - {name: latency, baseline: 20, current: 19, direction: lower, targets: {2026-Q1: 18}}
""")
    result = run_cli("report", str(path), "--audience", "data-science", "--as-of", "2026-01-05", "--format", "markdown")
    cells = [line.split(" | ")[3] for line in result.stdout.splitlines()
             if line.startswith("| Scorer |") and line.split(" | ")[1] in ("auc", "recall", "latency")]
    assert cells == ["2 Jan 2026 on Confirmed fraud labels, labels to 4 Oct 2025", "labels to 4 Oct 2025", "–"]
    data = json.loads(run_cli("report", str(path), "--audience", "data-science", "--as-of", "2026-01-05", "--format", "json").stdout)
    assert [(m["evaluated_on"], m["labels_until"]) for m in data["sections"]["metrics"]["metrics"]] == [
        ("labels", "2025-10-04"), (None, "2025-10-04"), (None, None)]


@pytest.mark.parametrize(("fields", "words"), [
    ("comparison: ratio, reference: overall, worse: higher, threshold: 1.25", "false-decline rate: at most 1.25× overall"),
    ("comparison: ratio, reference: best, worse: lower, threshold: 0.8", "false-decline rate: at least 0.8× the best-off group"),
    ("comparison: ratio, reference: 'region: NL', threshold: 0.8", "false-decline rate: its ratio to region: NL bounded by 0.8"),
    ("comparison: difference, reference: best, worse: lower, threshold: 0.05", "false-decline rate: at most 0.05 below the best-off group"),
    ("comparison: difference, reference: overall, worse: higher, threshold: 0.05", "false-decline rate: at most 0.05 above overall"),
    ("comparison: difference, threshold: 0.05", "false-decline rate: within 0.05 of the reference"),
    ("threshold: 0.05", "false-decline rate ≤ 0.05"),
    ("reference: overall, threshold: 0.05", "false-decline rate ≤ 0.05 (against overall)"),
    ("reference: overall", "false-decline rate"),
])
def test_the_audit_table_and_calendar_say_what_a_fairness_threshold_bounds(write, fields: str, words: str) -> None:
    path = write("roadmap.yaml", HEADER + f"""\
audits:
  - {{id: a, title: By region, attributes: {{region: [NL, PL], card: [debit]}}, intersections: [[region, card]],
     metric: false-decline rate, {fields}, due: 2026-03-31}}
""")
    result = run_cli("report", str(path), "--audience", "compliance", "--as-of", "2026-01-05", "--format", "markdown")
    row = next(line for line in result.stdout.splitlines() if line.startswith("| By region |"))
    assert row.split(" | ")[1:3] == ["region: NL, PL; card: debit; region × card", words]
    calendar = json.loads(run_cli("calendar", str(path), "--as-of", "2026-01-05", "--format", "json").stdout)
    text = next(event["description"] for event in calendar["events"] if event["id"] == "a")
    assert f"Groups: region: NL, PL; card: debit; region × card.\nMetric: {words}." in text


def test_the_outcomes_section_shows_the_chain_from_the_model_metrics_to_the_outcome(write) -> None:
    path = write("roadmap.yaml", HEADER + """\
outcomes:
  - {id: losses, title: Cut fraud losses, problem: P, metric: fraud loss, unit: bps, direction: lower, baseline: 6.4, target: 4.8, due: 2026-Q4}
  - {id: declines, title: Fewer false declines, problem: P, metric: false declines, baseline: 38, target: 25, direction: lower, due: 2026-Q4}
models:
  - id: gbm
    title: GBM scorer
    metrics:
      - {name: precision, baseline: 0.18, current: 0.31, targets: {2026-Q3: 0.35}, drives: [{outcome: losses, per: 0.01, moves: -0.06}]}
      - {name: auc, baseline: 0.2, targets: {2026-Q4: 0.3}, drives: [{outcome: declines}]}
""")
    result = run_cli("report", str(path), "--audience", "exec", "--as-of", "2026-01-05", "--format", "markdown")
    assert ("| Cut fraud losses | GBM scorer: precision | 0.18 → 0.31 → 0.35 (2026-Q3) | "
            "-0.06 bps per +0.01: -0.78 bps so far, -1.02 bps at target |") in result.stdout
    assert "| Fewer false declines | GBM scorer: auc | 0.2 → – → 0.3 (2026-Q4) | not quantified |" in result.stdout
    assert ("Cut fraud losses: at their targets, the metrics that drive it take it from 6.4 bps to 5.38 bps by 2026-Q4 "
            "(target 4.8 bps).") in result.stdout
    data = json.loads(run_cli("report", str(path), "--audience", "exec", "--as-of", "2026-01-05", "--format", "json").stdout)
    outcomes = {o["id"]: o for o in data["sections"]["outcomes"]}
    assert outcomes["losses"]["reach"] == 5.38 and outcomes["declines"]["reach"] is None
    assert outcomes["losses"]["driven_by"] == [{"model": "gbm", "metric": "precision", "baseline": 0.18, "current": 0.31, "target": 0.35,
                                                "quarter": "2026-Q3", "per": 0.01, "moves": -0.06, "moves_outcome_by": -1.02,
                                                "moved_so_far": -0.78}]


def test_the_engineering_report_adds_up_compute_per_quarter_against_the_budget(write) -> None:
    """By hand: live from 15 Feb (the day after the go-live), 45 days of Q1 at 1 x 24 = 1,080, weekly retrains from
    15 Feb (7 in Q1) at 10 = 70; the shadow run 2-15 Feb on 50% of the traffic, before it is live (2-14 Feb): 13 days x 24 x 0.5 = 156."""
    path = write("roadmap.yaml", """\
roadmap:
  name: Test roadmap
  period: {start: 2026-Q1, end: 2026-Q2}
  compute_budget: {2026-Q1: 1306, 2026-Q2: 5000}
models:
  - {id: m, title: Scorer, retraining: weekly, compute: {retrain: 10, serving: 1}}
experiments:
  - {id: shadow, title: Shadow, kind: shadow, model: m, traffic: 50, start: 2026-02-02, duration: 2w, hypothesis: H, metric: M, success: S}
items:
  - {id: launch, title: Launch, track: model, phase: go-live, model: m, start: 2026-02-10, duration: 5d}
""")
    result = run_cli("report", str(path), "--audience", "engineering", "--as-of", "2026-01-05", "--format", "markdown")
    assert "| 2026-Q1 | 1,306 | 1,306 | within | Scorer 1,306 (7 retrains) |" in result.stdout
    # Q2: 91 days x 24 = 2,184, and 13 weekly retrains (5 Apr .. 28 Jun) x 10.
    assert "| 2026-Q2 | 5,000 | 2,314 | within | Scorer 2,314 (13 retrains) |" in result.stdout
    data = json.loads(run_cli("report", str(path), "--audience", "engineering", "--as-of", "2026-01-05", "--format", "json").stdout)
    assert data["sections"]["compute"]["quarters"][0]["models"] == [
        {"model": "m", "retrains": 7, "retraining": 70.0, "serving": 1080.0, "experiments": 156.0, "total": 1306.0}]
    over = run_cli("check", str(path), "--select", "MLR165", "--as-of", "2026-01-05")
    assert "MLR165" not in over.stdout
    path.write_text(path.read_text(encoding="utf-8").replace("2026-Q1: 1306", "2026-Q1: 1305"), encoding="utf-8")
    over = run_cli("check", str(path), "--select", "MLR165", "--as-of", "2026-01-05")
    assert (f"{path}:4:29: warning: [MLR165] 2026-Q1: the models' planned compute is 1,306 GPU-hours (m 1,306), "
            "over the budget of 1,305 by 1") in over.stdout


def test_compute_follows_the_calendar_s_cycles_and_a_model_not_going_live_serves_only_its_experiments(write) -> None:
    """By hand: m's monthly cycle is carried out by an item from 15 Jul to 30 Sep: 3 runs, all in Q3. lab never goes
    live: only its experiments serve it, the finished A/B (5-11 Jan, 50%: 7 x 48 x 0.5) and the shadow run (2-15 Feb,
    100%: 14 x 48): 168 + 672 = 840 in Q1, nothing after."""
    path = write("roadmap.yaml", HEADER + """\
models:
  - {id: m, title: Champion, stage: production, retraining: monthly, compute: {retrain: 10}}
  - {id: lab, title: Lab model, compute: {serving: 2}, start: 2026-01-05, duration: 1w}
items:
  - {id: cyc, title: Retrain the champion, track: model, model: m, cadence: monthly, start: 2026-07-15, end: 2026-09-30, duration: 1d}
experiments:
  - {id: ab, title: AB, model: lab, traffic: 50, status: done, start: 2026-01-05, duration: 1w, hypothesis: H, metric: M, success: S}
  - {id: shadow, title: Shadow, kind: shadow, model: lab, traffic: 100, start: 2026-02-02, duration: 2w, hypothesis: H, metric: M, success: S}
""")
    data = json.loads(run_cli("report", str(path), "--audience", "engineering", "--as-of", "2026-01-20", "--format", "json").stdout)
    quarters = {q["quarter"]: {use["model"]: (use["retrains"], use["total"]) for use in q["models"]} for q in data["sections"]["compute"]["quarters"]}
    assert quarters == {"2026-Q1": {"lab": (0, 840.0)}, "2026-Q2": {}, "2026-Q3": {"m": (3, 30.0)}, "2026-Q4": {}}


def test_a_budget_met_up_to_binary_rounding_is_within(write) -> None:
    """7% of 30 days x 24 h is 50.400000000000006 in binary: the budget of 50.4 is met, not over by 0."""
    path = write("roadmap.yaml", HEADER + """\
  compute_budget: {2026-Q1: 50.4}
models:
  - {id: lab, title: Lab model, compute: {serving: 1}}
experiments:
  - {id: ab, title: AB, model: lab, traffic: 7, start: 2026-01-05, duration: 30d, hypothesis: H, metric: M, success: S}
""")
    result = run_cli("report", str(path), "--audience", "engineering", "--as-of", "2026-01-05", "--format", "markdown")
    assert "| 2026-Q1 | 50.4 | 50.4 | within | Lab model 50.4 |" in result.stdout
    assert "MLR165" not in run_cli("check", str(path), "--select", "MLR165", "--as-of", "2026-01-05").stdout
