"""The HTML reports' charts: what each draws, what it says when it has nothing to draw,
its text alternative, and what a real browser makes of every report of both examples."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

import mlroadmap
from mlroadmap.analysis import Analysis
from mlroadmap.document import Document, MetricChart, MetricPanel, OutcomeChart, OutcomeLine, Section
from mlroadmap.render.charts import draw, table
from mlroadmap.render.html import to_html
from mlroadmap.render.words import labelled, shortened, wrapped

D = dt.date
AS_OF = "2026-11-25"
AUDIENCES = ("exec", "product", "data-science", "engineering", "compliance", "customer-ops")


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("Label German tickets", 20, "Label German tickets"),  # exactly the width: kept whole
    ("Label German tickets", 19, "Label German…"),  # one short: cut at the space before the word
    ("Supercalifragilistic", 10, "Supercali…"),  # one word longer than the width: nothing else to do
    ("Label  German,   tickets", 14, "Label German…"),  # spaces folded, no comma before the ellipsis
])
def test_long_titles_are_shortened_at_a_space(text: str, width: int, expected: str) -> None:
    assert shortened(text, width) == expected
    assert len(shortened(text, width)) <= width


def test_long_labels_wrap_at_spaces_over_two_lines_at_most() -> None:
    title = "Fairness evaluation for multilingual classifiers and LLM answers"
    assert wrapped(title, 44) == "Fairness evaluation for multilingual\nclassifiers and LLM answers"
    assert wrapped(title, 20) == "Fairness evaluation\nfor multilingual…"
    assert wrapped("short", 44) == "short"


@pytest.mark.parametrize(("title", "tail", "expected"), [
    ("Cut fraud loss", ": on track", "Cut fraud loss: on track"),  # fits: whole
    # 34 characters exactly on the second line: kept whole.
    ("Cut card fraud losses from 6.4 to 4.8 basis points", ": on tra", "Cut card fraud losses from 6.4 to\n4.8 basis points: on tra"),
    # Past two lines: the title is shortened, never the verdict the colour stands for.
    ("Cut card fraud losses from 6.4 to 4.8 basis points of card volume", ": on track",
     "Cut card fraud losses from 6.4 to\n4.8 basis points of…: on track"),
    ("Label 20k German, French and Spanish tickets by intent", " (Data, blocked, blocks 6 tracks)",
     "Label 20k German, French and Spanish tickets by\nintent (Data, blocked, blocks 6 tracks)"),
])
def test_a_label_keeps_its_verdict_or_note_whole(title: str, tail: str, expected: str) -> None:
    width = 34 if tail.startswith(":") else 48
    assert labelled(title, tail, width) == expected
    assert all(len(line) <= width for line in expected.split("\n"))


def _panel(**changes) -> MetricPanel:
    values = {"title": "Ranker: NDCG@10", "unit": None, "baseline": (D(2026, 1, 1), 0.40), "current": (D(2026, 5, 1), 0.45),
              "targets": [("2026-Q2", (D(2026, 6, 30), 0.50))], "plan": ((D(2026, 4, 1), 0.42), (D(2026, 6, 30), 0.50)),
              "verdict": "at risk", "tone": "warn"}
    return MetricPanel(**{**values, **changes})


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text [^>]*>([^<]*)</text>", svg)


def test_a_metric_panel_draws_baseline_targets_plan_and_now() -> None:
    svg = draw(MetricChart("m", [_panel()], D(2026, 5, 10)), "Metrics", "m")
    for series in ("baseline", "targets", "plan", "now", "today"):
        assert f'<g id="m-series-0-{series}"' in svg, series
    assert "Ranker: NDCG@10" in _texts(svg) and "at risk" in _texts(svg)
    assert "no current value yet:" not in _texts(svg)


def test_a_metric_with_no_current_value_or_no_target_says_so() -> None:
    chart = MetricChart("m", [_panel(current=None), _panel(targets=[], plan=None)], D(2026, 5, 10))
    svg = draw(chart, "Metrics", "m")
    texts = _texts(svg)
    assert "no current value yet:" in texts and "only the baseline and targets" in texts
    assert "no target set" in texts
    assert '<g id="m-series-0-now"' not in svg and '<g id="m-series-1-targets"' not in svg
    rows = table(chart).rows
    assert rows[0][2] == "no value" and rows[1][3] == "none" and rows[1][4] == "–"


def test_an_outcome_without_a_current_value_is_a_point_and_says_so() -> None:
    chart = OutcomeChart("o", [OutcomeLine("Cut fraud loss", D(2026, 1, 1), (D(2026, 6, 1), 0.5), D(2026, 12, 31), D(2026, 11, 2), "on track", "good"),
                               OutcomeLine("Fewer false declines", D(2026, 1, 1), None, D(2026, 12, 31), None, "no data", "muted")],
                         D(2026, 6, 1))
    svg = draw(chart, "Outcomes", "o")
    assert "Cut fraud loss: on track" in _texts(svg)
    assert "Fewer false declines: no data (no current value)" in " ".join(_texts(svg))  # wrapped beside the plot
    assert '<g id="o-series-0-lands"' in svg and '<g id="o-series-1-lands"' not in svg
    assert [row[1] for row in table(chart).rows] == ["50% (1 Jun 2026)", "no current value"]


def test_an_outcome_worse_than_its_baseline_stays_on_the_chart() -> None:
    from matplotlib.figure import Figure

    from mlroadmap.render import charts

    worse = OutcomeLine("Fraud loss", D(2026, 1, 1), (D(2026, 6, 1), -1.6), D(2026, 12, 31), None, "off track", "bad")
    with charts._style("o"):
        figure: Figure = charts._outcomes(OutcomeChart("o", [worse], D(2026, 6, 1)), "o")
    low, high = figure.axes[0].get_ylim()
    assert low == -165 and high == 110  # 5 points of room below -160%


def test_the_s_curve_reaches_each_percentile_on_its_day() -> None:
    """The forecast's 50/80/95% days are where its S-curve first reaches 50/80/95%: the
    day before, fewer samples than that had finished."""
    forecast = Analysis(mlroadmap.load(EXAMPLES / "support-assistant"), D.fromisoformat(AS_OF), None).forecast
    assert forecast is not None
    curves = [(forecast.end_curve, forecast.end), *((outcome.curve, (outcome.p50, outcome.p80, outcome.p95)) for outcome in forecast.outcomes)]
    for curve, marks in curves:
        assert curve[-1][1] == 1.0 and [d for d, _ in curve] == sorted({d for d, _ in curve})
        for share, mark in zip((0.5, 0.8, 0.95), marks):
            reached = next(day for day, finished in curve if finished >= share)
            assert reached == mark
            before = [finished for day, finished in curve if day < mark]
            assert not before or before[-1] < share


def test_charts_are_the_same_bytes_every_time_and_share_no_id() -> None:
    first = run_cli("report", str(EXAMPLES / "support-assistant"), "-a", "exec", "--as-of", AS_OF, "-f", "html").stdout
    second = run_cli("report", str(EXAMPLES / "support-assistant"), "-a", "exec", "--as-of", AS_OF, "-f", "html").stdout
    assert first == second
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)[:5]


def test_text_reports_and_validate_never_import_matplotlib() -> None:
    """-X importtime lists every module imported, on stderr, whatever way the command exits."""
    for command, imported in ((["validate", str(EXAMPLES / "support-assistant")], False),
                              (["report", str(EXAMPLES / "support-assistant"), "-a", "exec", "--as-of", AS_OF, "-f", "markdown"], False),
                              (["report", str(EXAMPLES / "support-assistant"), "-a", "exec", "--as-of", AS_OF, "-f", "html"], True)):
        process = subprocess.run([sys.executable, "-X", "importtime", "-m", "mlroadmap", *command], capture_output=True, text=True)
        assert process.returncode == 0, process.stderr[-2000:]
        assert bool(re.search(r"\|\s+matplotlib$", process.stderr, re.MULTILINE)) is imported, command


def test_a_document_without_charts_draws_none() -> None:
    page = to_html(Document("T", "", D(2026, 1, 1), "2026-Q1", "report", None, [Section("s", "S", [], {})]))
    assert "<svg" not in page


# --- in a real browser: every report of both examples -------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    from cdp import Chromium

    with Chromium() as browser:
        yield browser


@pytest.mark.slow  # starts Chromium
@pytest.mark.parametrize("example", ["support-assistant", "card-fraud"])
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_report_draws_its_charts_and_fits_a_phone(chromium, example: str, audience: str, tmp_path: Path) -> None:
    target = tmp_path / f"{audience}.html"
    result = run_cli("report", str(EXAMPLES / example), "-a", audience, "--as-of", AS_OF, "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    figures = re.findall(r'<figure class="chart" id="([^"]+)">', target.read_text(encoding="utf-8"))
    assert "timeline-chart" in figures and len(figures) >= 2
    chromium.open(target, width=400)
    assert chromium.console() == []
    assert chromium.requests() == []
    drawn = chromium.evaluate("""[...document.querySelectorAll('figure.chart')].map(f => [f.id, f.querySelectorAll(':scope > .drawing > svg').length,
        f.querySelector('svg').getBoundingClientRect().width > 100, f.querySelectorAll('[id*="-series-"]').length > 0,
        f.querySelectorAll('details table tbody tr').length > 0])""")
    assert drawn == [[figure, 1, True, True, True] for figure in figures]
    # At a phone's 400 px, nothing makes the page wider than the screen: wide tables scroll in their own box.
    assert chromium.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") == [400, 400]
    # ...and so do charts, kept at 80% of their drawn size (a point of it at least 1.07 px): 7.5 pt text
    # is 8 px, where fitting the 400 px would shrink it to 4.
    scales = chromium.evaluate("""[...document.querySelectorAll('figure.chart svg')].map(svg =>
        svg.getBoundingClientRect().width / svg.viewBox.baseVal.width)""")
    assert min(scales) >= 0.8 * 96 / 72 - 0.01


# The text's width on each paper, in CSS pixels (96 to the inch), inside the page's 12 mm side margins.
TEXT_WIDTH = {"a4": round((210 - 24) / 25.4 * 96), "letter": round((215.9 - 24) / 25.4 * 96)}


@pytest.mark.slow  # starts Chromium
@pytest.mark.parametrize("example", ["support-assistant", "card-fraud"])
def test_the_exec_report_prints_on_two_pages_with_nothing_cut(chromium, example: str, tmp_path: Path) -> None:
    from cdp import pdf_pages

    target = tmp_path / "exec.html"
    assert run_cli("report", str(EXAMPLES / example), "--as-of", AS_OF, "-f", "html", "-o", str(target)).exit_code == 0
    for paper, width in TEXT_WIDTH.items():
        chromium.open(target, width=width)
        assert pdf_pages(chromium.pdf(paper)) == 2, paper  # more than a page of it: exactly two
        chromium.call("Emulation.setEmulatedMedia", {"media": "print"})
        # Nothing cut: no table hides columns in a box that paper cannot scroll, no chart is
        # wider than the text, and the page is not wider than the paper.
        cut = chromium.evaluate("""[
            ...[...document.querySelectorAll('.table')].filter(box => box.scrollWidth > box.clientWidth).map(box => 'table'),
            ...[...document.querySelectorAll('figure.chart svg')].filter(svg => svg.getBoundingClientRect().right
                > document.querySelector('main').getBoundingClientRect().right + 0.5).map(svg => svg.parentElement.id),
            ...(document.documentElement.scrollWidth > window.innerWidth ? ['page'] : [])]""")
        assert cut == [], paper
        # No chart is hidden on paper, only the tables that repeat them (folded on screen too).
        assert chromium.evaluate("""[...document.querySelectorAll('figure.chart svg')].every(svg => svg.getBoundingClientRect().height > 50)
            && [...document.querySelectorAll('details')].every(d => getComputedStyle(d).display === 'none')""")
        chromium.call("Emulation.setEmulatedMedia", {"media": ""})


LONG = """\
roadmap:
  name: Long
  period: {start: 2026-Q1, end: %s}
people:
  - {id: ana, name: Ana, off: [{start: 2026-03-16, end: 2026-03-31, reason: leave}]}
items:
  - {id: a, title: A, track: data, assignees: [ana], start: 2026-01-01, end: 2026-01-31, effort: 11d}
"""


@pytest.mark.parametrize(("end", "columns", "first"), [
    ("2027-Q4", 24, ("Jan 26", 50)),  # 24 months: months (11 of January's 22 working days)
    # 27 months: quarters. Q1 has 22 + 20 + 10 working days (half of March off): 11 of 52, 21%,
    # not the mean of the months' 50%, 0% and 0%.
    ("2028-Q1", 9, ("2026-Q1", 21)),
    ("2031-Q4", 24, ("2026-Q1", 21)),  # 24 quarters: still quarters
    # 25 quarters: years. 2026 has 261 working days, 12 of them off: 11 of 249, 4%.
    ("2032-Q1", 7, ("2026", 4)),
])
def test_a_long_heat_map_shows_quarters_then_years(write, end: str, columns: int, first: tuple[str, int]) -> None:
    import mlroadmap
    from mlroadmap.documents.report import build_report

    document = build_report(mlroadmap.load(write("r.yaml", LONG % end)), "engineering", as_of=D(2026, 1, 1))
    chart = next(block for block in document.section("capacity").blocks if type(block).__name__ == "LoadChart")
    assert (len(chart.columns), (chart.columns[0], chart.percent[0][0])) == (columns, first)
