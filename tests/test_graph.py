"""``graph``: the timeline as an image (SVG, PNG), the flowchart and DOT with a legend and
by track, each cut to the cone of one piece of work or one outcome; finished work
without dates is no milestone."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES, HEADER, run_cli

SUPPORT = str(EXAMPLES / "support-assistant")
AS_OF = "2026-11-25"
SVG = "{http://www.w3.org/2000/svg}"


def _nodes(*args: str) -> list[str]:
    result = run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return sorted(node["id"] for node in json.loads(result.stdout)["nodes"])


def test_around_a_piece_of_work_keeps_what_it_waits_on_and_what_waits_on_it() -> None:
    assert _nodes("--around", "label-eu-intents") == [
        # upstream: the EU pipeline and the v1 labels, and what they wait on
        "audit-languages", "dec-eu-launch", "dpia-eu", "eu-go-live", "eu-pipeline", "exp-eu-rollout", "intent-clf-v3",
        "intent-labels", "intent-taxonomy", "label-eu-intents", "label-studio", "mon-eu-baselines", "pii-redaction",
        "zendesk-tickets"]
    # zendesk-tickets is upstream, but its other dependents are not in the cone: no sideways steps.
    assert "intent-prototype" not in _nodes("--around", "label-eu-intents")


def test_around_an_outcome_keeps_the_work_serving_it_and_all_it_waits_on() -> None:
    # routing-integration and intent-golive serve it; upstream of them, the classifier, its
    # training and data; downstream of intent-golive (its retraining, its monitors, the model
    # cards) serves something else and is left out.
    assert _nodes("--around", "faster-first-response") == [
        "data-feasibility", "dec-go-build", "intent-clf", "intent-golive", "intent-labels", "intent-prototype", "intent-taxonomy",
        "intent-training", "label-studio", "mlflow", "model-registry", "pii-redaction", "routing-integration", "zendesk-tickets"]


def test_around_something_unknown_is_a_usage_error() -> None:
    result = run_cli("graph", SUPPORT, "--around", "label-eu-intnts")
    assert result.exit_code == 2
    assert "--around: no work or outcome 'label-eu-intnts' (did you mean 'label-eu-intents'?)" in result.stderr


def test_the_svg_timeline_is_a_titled_image_of_each_piece_of_dated_work(tmp_path: Path) -> None:
    target = tmp_path / "plan.svg"
    assert run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "svg", "--around", "label-eu-intents", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    root = ET.fromstring(text)  # a well-formed SVG file
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title").text == "Support Assistant 2026"
    labels = [element.text for element in root.iter(f"{SVG}text")]
    assert "Support Assistant 2026" in labels and "Projected as of 2026-11-25, dates with the team's capacity, following dec-agent-replies: yes" in labels
    assert "Label 20k German, French and Spanish tickets by intent (at" in labels  # wrapped, its note on
    assert "Data pipelines & infrastructure" in labels and "planned or under way" in labels  # lanes and the legend
    # One series per piece of work drawn: the cone's 14 less the 3 finished without dates (pii-redaction,
    # eu-pipeline, intent-labels).
    series = {element.get("id") for element in root.iter() if re.fullmatch(r"picture-series-\d+", element.get("id") or "")}
    assert len(series) == 11
    assert not any("PII redaction" in (label or "") for label in labels)
    assert run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "svg").stdout.startswith("<?xml")
    # The same roadmap, the same bytes.
    again = tmp_path / "again.svg"
    run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "svg", "--around", "label-eu-intents", "-o", str(again))
    assert again.read_bytes() == target.read_bytes()


def test_the_png_timeline(tmp_path: Path) -> None:
    target = tmp_path / "plan.png"
    assert run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "png", "-o", str(target)).exit_code == 0
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1440 and height > 2000  # 7.2 in at 200 dpi; a row per piece of work


def test_a_timeline_too_long_for_one_image_says_how_to_cut_it(write) -> None:
    items = "".join(f"  - {{id: w{n}, title: Work {n}, track: data, start: 2026-02-02, duration: 1w}}\n" for n in range(400))
    path = write("r.yaml", HEADER + "items:\n" + items)
    result = run_cli("graph", str(path), "--format", "png", "-o", str(path.parent / "x.png"))
    assert result.exit_code == 2
    assert "400 pieces of work are too many for one readable image (at most 400 rows): draw part of it with --around ID" in result.stderr
    assert not (path.parent / "x.png").exists()
    few = write("few.yaml", HEADER + "items:\n" + items.splitlines(keepends=True)[0] * 1)
    assert run_cli("graph", str(few), "--format", "png", "-o", str(path.parent / "y.png")).exit_code == 0


def test_finished_work_without_dates_is_no_milestone() -> None:
    gantt = run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "gantt").stdout
    # 9 undated, 1 cancelled, and the fallback of dec-agent-replies the dates do not follow
    assert ("    %% 11 pieces of work not drawn: finished without dates, or cancelled (1 on a decision's branch the dates do not "
            "follow)") in gantt
    assert "PII redaction" not in gantt
    dot = run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "dot").stdout
    line = next(line for line in dot.splitlines() if line.strip().startswith('"pii-redaction"'))
    assert "shape=diamond" not in line and 'fillcolor="#e8f5e9"' in line and "\\ndone, no dates" in line  # a done box
    flowchart = run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "mermaid").stdout
    assert re.search(r'^        t_pii_redaction\["PII redaction', flowchart, re.M)
    assert re.search(r'^        t_eu_go_live\{\{"AI answers live', flowchart, re.M)  # a real milestone still is one


def test_flowchart_and_dot_have_a_legend_and_the_tracks_in_order() -> None:
    flowchart = run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "mermaid").stdout
    tracks = re.findall(r'^    subgraph track_\d+\["([^"]+)"\]', flowchart, re.M)
    assert tracks[:2] == ["Model development #amp; performance", "Data pipelines #amp; infrastructure"] and tracks[-1] == "No track"
    assert '    subgraph legend["Legend"]' in flowchart and '        legend_point{{"milestone or decision"}}' in flowchart
    assert re.search(r"^    class .*legend_critical critical$", flowchart, re.M)
    dot = run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "dot").stdout
    assert "subgraph cluster_legend {" in dot and '"legend point" [label="milestone or decision", shape=diamond]' in dot
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    drawn = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=True).stdout
    assert "Legend" in drawn and "critical chain:" in drawn


def test_the_file_name_chooses_the_format_and_an_image_name_is_no_text(tmp_path: Path) -> None:
    image = tmp_path / "plan.png"
    assert run_cli("graph", SUPPORT, "--as-of", AS_OF, "-o", str(image)).exit_code == 0
    assert image.read_bytes().startswith(b"\x89PNG")
    vector = tmp_path / "plan.SVG"
    assert run_cli("graph", SUPPORT, "--as-of", AS_OF, "-o", str(vector)).exit_code == 0
    assert vector.read_text(encoding="utf-8").startswith("<?xml")
    text = tmp_path / "plan.md"
    assert run_cli("graph", SUPPORT, "--as-of", AS_OF, "-o", str(text)).exit_code == 0
    assert text.read_text(encoding="utf-8").startswith("gantt\n")  # no image name: the default, gantt
    wrong = tmp_path / "wrong.png"
    result = run_cli("graph", SUPPORT, "--as-of", AS_OF, "--format", "gantt", "-o", str(wrong))
    assert result.exit_code == 2 and f"-o {wrong}: --format gantt is not png; give --format png, or another file name" in result.stderr
    assert not wrong.exists()


def test_around_an_outcome_nothing_serves_says_there_is_nothing_to_draw(write) -> None:
    path = write("r.yaml", HEADER + "outcomes:\n  - {id: o2, title: Nothing, problem: p, metric: m, baseline: 1, target: 2, due: 2026-Q4}\n"
                 "items:\n  - {id: a, title: A, track: data, start: 2026-02-02, duration: 1w}\n"
                 "  - {id: gone, title: Gone, track: data, status: cancelled, start: 2026-02-02, duration: 1w}\n")
    result = run_cli("graph", str(path), "--around", "o2")
    assert (result.exit_code, result.stderr.strip()) == (2, "mlroadmap: error: --around o2: no work serves that outcome, so there is nothing to draw")
    result = run_cli("graph", str(path), "--around", "gone", "--format", "svg")
    assert result.exit_code == 2 and "nothing to draw: no work here has dates" in result.stderr


def test_a_dollar_is_money_not_maths(write, tmp_path: Path) -> None:
    path = write("r.yaml", "roadmap:\n  name: Save $5M in $2027\n  period: {start: 2026-Q1, end: 2026-Q4}\nitems:\n"
                 "  - {id: a, title: 'Label $10k of tickets for $5', track: data, start: 2026-02-02, duration: 2w}\n"
                 "  - {id: b, title: '$\\undefinedcmd$ costs', track: data, start: 2026-03-02, duration: 2w}\n")
    target = tmp_path / "d.svg"
    assert run_cli("graph", str(path), "--as-of", "2026-03-01", "-o", str(target)).exit_code == 0
    labels = [element.text for element in ET.fromstring(target.read_text(encoding="utf-8")).iter(f"{SVG}text")]
    assert {"Save $5M in $2027", "Label $10k of tickets for $5", "$\\undefinedcmd$ costs"} <= set(labels)
