"""`metrics pull` with file sources (no server): the values and dates it writes, the bytes it
keeps, `--check`, and every problem at its file:line:col with nothing written."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import HEADER, run_cli

from mlroadmap.api import load
from mlroadmap.pull import read_sources

MTIME = dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.timezone.utc).timestamp()  # 20 Nov in UTC, 21 Nov east of it


def roadmap(metrics: str) -> str:
    return HEADER + "models:\n  - id: clf  # the classifier\n    title: Classifier\n    metrics:\n" + metrics


BLOCK = roadmap("""\
      - name: f1
        baseline: 0.5  # keyword rules
        current: 0.87  # typed by hand
        source: {file: eval/metrics.json, key: eval.f1}
        targets: {2026-Q2: 0.82}
""")


def files(tmp_path: Path, text: str, metrics: str | None = '{"eval": {"f1": 0.91, "precision": 0.6}}', name: str = "eval/metrics.json") -> Path:
    path = tmp_path / "roadmap.yaml"
    path.write_bytes(text.encode())
    if metrics is not None:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(metrics)
        os.utime(tmp_path / name, (MTIME, MTIME))
    return path


def test_a_value_is_replaced_in_place_and_measured_added_at_the_metric_indentation(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK)
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_text() == BLOCK.replace("current: 0.87  # typed by hand\n",
                                             "current: 0.91  # typed by hand\n        measured: 2026-11-20\n")
    assert result.stdout == (f"{path}:10:18: clf f1: current 0.87 → 0.91, measured none → 2026-11-20 "
                             f"(from {tmp_path}/eval/metrics.json: eval.f1; modified, not committed 2026-11-20)\n1 of 1 metric updated in {path}.\n")


def test_a_second_pull_with_nothing_new_changes_no_byte(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK)
    assert run_cli("metrics", "pull", str(path)).exit_code == 0
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    again = run_cli("metrics", "pull", str(path))
    assert (again.exit_code, again.stdout) == (0, "1 metric read: it is current.\n")
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stamp  # not even rewritten with the same bytes


def test_check_writes_nothing_and_exits_1_until_the_values_are_current(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK)
    check = run_cli("metrics", "pull", str(path), "--check")
    assert check.exit_code == 1
    assert check.stdout.endswith("1 of 1 metric out of date; nothing written (--check). Run `mlroadmap metrics pull` to update.\n")
    assert path.read_text() == BLOCK
    assert run_cli("metrics", "pull", str(path)).exit_code == 0
    assert run_cli("metrics", "pull", str(path), "--check").exit_code == 0


@pytest.mark.parametrize(("metric", "written"), [
    pytest.param(  # a flow mapping gets both keys after its baseline; its comment keeps its spacing
        "      - {name: f1, baseline: 0.5, source: {file: eval/metrics.json, key: eval.f1}}   # flow\n",
        "      - {name: f1, baseline: 0.5, current: 0.91, measured: 2026-11-20, source: {file: eval/metrics.json, key: eval.f1}}   # flow\n",
        id="flow"),
    pytest.param(  # a quoted value keeps its quotes
        "      - name: f1\n        baseline: 0.5\n        current: '0.87'\n        measured: \"2026-01-01\"\n"
        "        source: {file: eval/metrics.json, key: eval.f1}\n",
        "      - name: f1\n        baseline: 0.5\n        current: '0.91'\n        measured: \"2026-11-20\"\n"
        "        source: {file: eval/metrics.json, key: eval.f1}\n",
        id="quoted"),
    pytest.param(  # no current yet: it goes after the baseline, measured after it
        "      - name: f1\n        baseline: 0.5  # rules\n        source:\n          file: eval/metrics.json\n          key: eval.f1\n",
        "      - name: f1\n        baseline: 0.5  # rules\n        current: 0.91\n        measured: 2026-11-20\n        source:\n"
        "          file: eval/metrics.json\n          key: eval.f1\n",
        id="no-current"),
    pytest.param(  # a value equal to the one written stays as written (0.910), only the date is new
        "      - name: f1\n        baseline: 0.5\n        current: 0.910\n        source: {file: eval/metrics.json, key: eval.f1}\n",
        "      - name: f1\n        baseline: 0.5\n        current: 0.910\n        measured: 2026-11-20\n        source: {file: eval/metrics.json, key: eval.f1}\n",
        id="same-value"),
])
def test_each_layout_is_kept(tmp_path: Path, metric: str, written: str) -> None:
    path = files(tmp_path, roadmap(metric))
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_text() == roadmap(written)


def test_four_space_indentation_with_dashes_at_the_key_and_crlf_and_a_bom(tmp_path: Path) -> None:
    text = ("\ufeffroadmap:\r\n    name: T\r\n    period: {start: 2026-Q1, end: 2026-Q4}\r\nmodels:\r\n- id: clf\r\n    title: C\r\n"
            "    metrics:\r\n    - name: f1\r\n      baseline: 0.5\r\n      current: 0.8\r\n      source: {file: m.yaml, key: f1}\r\n")
    text = text.replace("    title", "  title").replace("    metrics", "  metrics").replace("    - name", "  - name").replace("      ", "    ")
    path = files(tmp_path, text, "f1: 0.93\n", "m.yaml")
    assert run_cli("validate", str(path)).exit_code == 0
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == text.replace("current: 0.8\r\n", "current: 0.93\r\n    measured: 2026-11-20\r\n").encode()


@pytest.mark.parametrize(("data", "key", "value"), [
    ('{"eval.f1": 0.7, "eval": {"f1": 0.8}}', "eval.f1", "0.7"),  # a key with a dot in its name is taken whole
    ('{"eval": {"f1": 0.8}}', "eval.f1", "0.8"),
    ('{"folds": [{"f1": 0.1}, {"f1": 0.2}]}', "folds.1.f1", "0.2"),  # a list position
    ('{"count": 12}', "count", "12"),  # an integer stays an integer
    ('{"f1": 1e-05}', "f1", "1e-05"),
])
def test_the_key_walks_down_the_file(tmp_path: Path, data: str, key: str, value: str) -> None:
    path = files(tmp_path, roadmap(f"      - {{name: f1, baseline: 0.5, current: 0.1, source: {{file: m.json, key: {key}}}}}\n"), data, "m.json")
    assert run_cli("metrics", "pull", str(path)).exit_code == 0
    assert f"current: {value}, measured: 2026-11-20," in path.read_text()


def test_the_path_is_relative_to_the_roadmap_file_not_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nested = tmp_path / "team" / "roadmap"
    nested.mkdir(parents=True)
    path = files(nested, BLOCK)
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "metrics.json").write_text('{"eval": {"f1": 0.1}}')  # the wrong one, beside the current directory
    monkeypatch.chdir(tmp_path)
    result = run_cli("metrics", "pull", "team/roadmap/roadmap.yaml")
    assert result.exit_code == 0, result.stderr
    assert "current: 0.91" in path.read_text()
    assert "(from team/roadmap/eval/metrics.json: eval.f1; modified, not committed 2026-11-20)" in result.stdout


def test_a_committed_file_is_dated_by_its_last_commit_in_utc_and_an_edited_one_by_its_time(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-10-05T23:30:00-05:00", "GIT_COMMITTER_DATE": "2026-10-05T23:30:00-05:00",
           "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@x"}
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "metrics"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True, env=env)
    assert run_cli("metrics", "pull", str(path), "--check").stdout.startswith(f"{path}:10:18: clf f1: current 0.87 → 0.91, "
                                                                              "measured none → 2026-10-06 (from")  # 04:30 UTC the next day
    assert "eval.f1; committed 2026-10-06)" in run_cli("metrics", "pull", str(path), "--check").stdout
    metrics = tmp_path / "eval" / "metrics.json"
    metrics.write_text('{"eval": {"f1": 0.92}}')
    os.utime(metrics, (MTIME, MTIME))
    assert "measured none → 2026-11-20 (from" in run_cli("metrics", "pull", str(path), "--check").stdout
    assert "eval.f1; modified, not committed 2026-11-20)" in run_cli("metrics", "pull", str(path), "--check").stdout


def test_a_directory_roadmap_writes_only_the_file_that_changed(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text(HEADER)
    models = tmp_path / "models.yaml"
    models.write_text(BLOCK.removeprefix(HEADER))
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "metrics.json").write_text('{"eval": {"f1": 0.91}}')
    header_stamp = (tmp_path / "roadmap.yaml").stat().st_mtime_ns
    result = run_cli("metrics", "pull", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"1 of 1 metric updated in {models}.\n")
    assert (tmp_path / "roadmap.yaml").stat().st_mtime_ns == header_stamp


SECOND = "      - {name: recall, baseline: 0.4, current: 0.5, source: {file: eval/metrics.json, key: eval.recall}}\n"


@pytest.mark.parametrize(("metrics", "source", "message"), [
    pytest.param(None, "{file: eval/metrics.json, key: eval.f1}", "8:64: metrics file {dir}/eval/metrics.json does not exist", id="missing"),
    pytest.param('{"eval": {"f1_score": 0.9}}', "{file: eval/metrics.json, key: eval.f1_scor}",
                 "8:88: metrics file {dir}/eval/metrics.json has no key 'f1_scor' under 'eval'; did you mean 'f1_score'?", id="typo"),
    pytest.param('{"eval": {"loss": 0.9}}', "{file: eval/metrics.json, key: eval.auc}",
                 "8:88: metrics file {dir}/eval/metrics.json has no key 'auc' under 'eval'; the keys there: recall, loss", id="unknown"),
    pytest.param('{"eval": 0.9}', "{file: eval/metrics.json, key: eval.f1}",
                 "8:88: metrics file {dir}/eval/metrics.json has no key 'f1' under 'eval'; eval holds 0.9, not a mapping", id="scalar"),
    pytest.param('{"eval": {"f1": "high"}}', "{file: eval/metrics.json, key: eval.f1}",
                 "8:88: metrics file {dir}/eval/metrics.json: 'eval.f1' is 'high', not a number", id="text"),
    pytest.param('{"eval": {"f1": true}}', "{file: eval/metrics.json, key: eval.f1}",
                 "8:88: metrics file {dir}/eval/metrics.json: 'eval.f1' is True, not a number", id="boolean"),
    pytest.param('{"eval": {"f1": NaN}}', "{file: eval/metrics.json, key: eval.f1}",
                 "8:88: metrics file {dir}/eval/metrics.json: 'eval.f1' is nan, not a number", id="nan"),
    pytest.param('{"eval": ', "{file: eval/metrics.json, key: eval.f1}",
                 "8:64: metrics file {dir}/eval/metrics.json is not valid JSON: Expecting value: line 1 column 10 (char 9)", id="json"),
])
def test_a_bad_source_is_an_error_at_its_key_and_nothing_is_written(tmp_path: Path, metrics: str | None, source: str, message: str) -> None:
    text = roadmap(f"      - {{name: f1, baseline: 0.5, current: 0.5, source: {source}}}\n" + SECOND)
    path = files(tmp_path, text, metrics)
    if metrics is not None and "recall" not in metrics:  # the second metric resolves: it is not written either
        path.parent.joinpath("eval/metrics.json").write_text(metrics.replace('"eval": {', '"eval": {"recall": 0.8, ').replace('"eval": 0.9', '"eval": 0.9'))
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 2
    first = message.format(dir=tmp_path)
    assert result.stderr.splitlines()[0] == f"{path}:{first}"
    assert result.stderr.endswith("reading the metrics' sources.\n")
    assert path.read_text() == text


def test_yaml_metrics_files_and_their_syntax_errors(tmp_path: Path) -> None:
    path = files(tmp_path, roadmap("      - {name: f1, baseline: 0.5, source: {file: dvc/metrics.yaml, key: f1}}\n"), "f1: [0.9\n", "dvc/metrics.yaml")
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (f"{path}:8:50: metrics file {tmp_path}/dvc/metrics.yaml is not valid YAML or JSON (line 2): "
                                             "did not find expected ',' or ']'")


def test_standard_input_is_refused_and_no_source_says_so(tmp_path: Path) -> None:
    refused = run_cli("metrics", "pull", "-", input=BLOCK)
    assert (refused.exit_code, refused.stderr) == (2, "mlroadmap: error: metrics pull writes into the roadmap's files: give their paths, not - (standard input)\n")
    path = files(tmp_path, roadmap("      - {name: f1, baseline: 0.5}\n"), None)
    nothing = run_cli("metrics", "pull", str(path))
    assert (nothing.exit_code, nothing.stdout) == (0, "No metric has a source: nothing to pull (add `source:` to a model's metric).\n")


def test_an_invalid_roadmap_is_not_pulled(tmp_path: Path) -> None:
    path = files(tmp_path, roadmap("      - {name: f1, baseline: 0.5, source: {file: eval/metrics.json}}\n"))
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:8:43: source: file without key: name the value's key in it (key: DOTTED.KEY)\n")


@pytest.mark.parametrize(("source", "message"), [
    ("{mlflow: {model: clf, metric: f1}}", "8:52: mlflow: no alias: give the registered model and its alias (model: NAME, alias: ALIAS), or a run (run: RUN_ID)"),
    ("{mlflow: {alias: champion, metric: f1}}", "8:52: mlflow: no model: give the registered model and its alias (model: NAME, alias: ALIAS), or a run (run: RUN_ID)"),
    ("{mlflow: {run: abc, model: clf, alias: a, metric: f1}}", "8:52: mlflow: give a run, or a registered model with its alias, not both"),
    ("{mlflow: {run: abc}}", "8:52: missing required key 'metric' in metrics[0].source.mlflow of model 'clf'"),
    ("{mlflow: {run: '', metric: f1}}", "8:58: run: is empty: write a name"),
    ("{key: f1}", "8:43: source: key without file: name the metrics file (file: PATH)"),
    ("{}", "8:43: source: give mlflow: {...} or file: PATH with key: KEY"),
    ("{mlflow: {run: a, metric: f1}, file: m.json, key: f1}", "8:43: source: give mlflow, or file with key, not both"),
])
def test_a_malformed_source_is_a_validation_error(tmp_path: Path, source: str, message: str) -> None:
    path = files(tmp_path, roadmap(f"      - {{name: f1, baseline: 0.5, source: {source}}}\n"), None)
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{path}:{message}"


def test_a_value_written_through_an_alias_is_not_overwritten(tmp_path: Path) -> None:
    text = roadmap("      - name: f1\n        baseline: &base 0.5\n        current: *base\n        source: {file: eval/metrics.json, key: eval.f1}\n")
    path = files(tmp_path, text)
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (f"{path}:10:18: current: shared with another entry through an anchor's alias or a merge key (<<); "
                                                  "metrics pull writes only values written in place: write it out here")
    assert path.read_text() == text


def test_the_python_api_reads_without_writing(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK)
    pull = read_sources(load(str(path)), None)
    assert [(r.model, r.metric, r.old, r.new, r.measured, r.changed) for r in pull.readings] == [
        ("clf", "f1", 0.87, 0.91, dt.date(2026, 11, 20), True)]
    assert pull.problems == []
    assert path.read_text() == BLOCK


@pytest.mark.parametrize(("measured", "as_of", "stale"), [
    ("2026-01-31", "2026-02-28", False),  # a month after 31 Jan is 28 Feb: due today, not late
    ("2026-01-31", "2026-03-01", True),
    ("2026-03-10", "2026-04-10", False),
    ("2026-03-10", "2026-04-11", True),
])
def test_a_metric_is_stale_the_day_after_its_revalidation_was_due(tmp_path: Path, measured: str, as_of: str, stale: bool) -> None:
    path = files(tmp_path, roadmap(f"      - {{name: f1, baseline: 0.5, current: 0.8, measured: {measured}}}\n") + "    revalidation: monthly\n", None)
    result = run_cli("check", str(path), "--as-of", as_of, "--select", "MLR115", "-f", "json")

    problems = json.loads(result.stdout)["problems"]
    due = "2026-02-28" if measured == "2026-01-31" else "2026-04-10"
    assert [p["message"] for p in problems] == ([f"model 'clf': metric 'f1' was measured on {measured}, longer ago than its revalidation "
                                                 f"cadence (monthly): it was due again on {due}"] if stale else [])
    if stale:
        assert (problems[0]["line"], problems[0]["column"]) == (8, 59)


def test_a_retired_model_and_one_without_revalidation_are_not_stale(tmp_path: Path) -> None:
    metric = "      - {name: f1, baseline: 0.5, current: 0.8, measured: 2020-01-01}\n"
    for extra in ("    revalidation: monthly\n    stage: retired\n", ""):
        path = files(tmp_path, roadmap(metric) + extra, None)
        result = run_cli("check", str(path), "--as-of", "2026-06-01", "--select", "MLR115", "-f", "json")
        assert '"problems": []' in result.stdout


def test_a_source_never_pulled_is_reported_at_its_key(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK, None)
    result = run_cli("check", str(path), "--select", "MLR116")
    assert [line for line in result.stdout.splitlines() if "MLR116" in line] == [(f"{path}:11:9: warning: [MLR116] model 'clf': metric 'f1' has a source but was never pulled from it: "
                                             "run mlroadmap metrics pull")]


def test_the_fraud_example_is_current_with_its_committed_backtest_file() -> None:
    from conftest import EXAMPLES, ROOT

    if not (ROOT / ".git").exists():
        pytest.skip("not a git clone: the backtest file's date is its commit's only in one")

    result = run_cli("metrics", "pull", str(EXAMPLES / "card-fraud"), "--check")
    assert (result.exit_code, result.stdout) == (0, "2 metrics read: all current.\n")


def test_history_shows_the_pulled_values_commit_by_commit(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK)
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@x"}

    def commit(message: str, day: str) -> None:
        dated = {**env, "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
        subprocess.run(["git", "add", "."], cwd=tmp_path, check=True, env=dated)
        subprocess.run(["git", "commit", "-qm", message], cwd=tmp_path, check=True, env=dated)

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    commit("roadmap", "2026-10-01")
    (tmp_path / "eval" / "metrics.json").write_text('{"eval": {"f1": 0.93}}')
    os.utime(tmp_path / "eval" / "metrics.json", (MTIME, MTIME))
    assert run_cli("metrics", "pull", str(path)).exit_code == 0
    commit("metrics pull", "2026-11-02")
    rows = json.loads(run_cli("history", "clf/f1", str(tmp_path), "-f", "json").stdout)["rows"]
    assert [(row["date"][:10], row["value"], row["note"]) for row in rows] == [("2026-10-01", 0.87, None), ("2026-11-02", 0.93, "measured 2026-11-20")]


# --- what must never happen to a user's file --------------------------------------------------


def test_a_file_that_cannot_be_written_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text(HEADER + BLOCK.removeprefix(HEADER))
    other = tmp_path / ("z" * 245 + ".yaml")  # its replacement's temporary name is too long for the file system; written after roadmap.yaml
    other.write_text(BLOCK.removeprefix(HEADER).replace("id: clf", "id: clf2"))
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "metrics.json").write_text('{"eval": {"f1": 0.91}}')
    before = {path: path.read_bytes() for path in tmp_path.glob("*.yaml")}
    result = run_cli("metrics", "pull", str(tmp_path), "-f", "json")
    assert result.exit_code == 2
    problems = json.loads(result.stdout)["problems"]
    assert [problem["message"] for problem in problems] == [f"{other}: cannot write: File name too long; nothing written"]
    assert {path: path.read_bytes() for path in tmp_path.glob("*.yaml")} == before
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*(path.name for path in before), "eval"])  # no temporary left


def test_a_read_only_roadmap_file_is_not_replaced(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK)
    path.chmod(0o444)
    result = run_cli("metrics", "pull", str(path))
    assert (result.exit_code, result.stderr.splitlines()[0]) == (2, f"{path}: {path} is read-only: metrics pull writes into it; make it "
                                                                    "writable, or pull with --check")
    assert path.read_text() == BLOCK


def test_a_metric_shared_through_a_merge_key_is_refused(tmp_path: Path) -> None:
    text = BLOCK + "  - <<: *clf\n    id: clf2\n"
    text = text.replace("  - id: clf  # the classifier", "  - &clf\n    id: clf  # the classifier")
    path = files(tmp_path, text)
    assert run_cli("validate", str(path)).exit_code == 0
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (f"{path}:14:9: current: shared with another entry through an anchor's alias or a merge key (<<); "
                                             "metrics pull writes only values written in place: write it out here")
    assert path.read_text() == text


@pytest.mark.parametrize("null", ["null", "~", "Null"])
def test_a_null_value_is_replaced_where_it_stands(tmp_path: Path, null: str) -> None:
    text = roadmap(f"      - name: f1\n        baseline: 0.5\n        current: {null}  # not measured yet\n        measured: {null}\n"
                   "        source: {file: eval/metrics.json, key: eval.f1}\n")
    path = files(tmp_path, text)
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_text() == text.replace(f"current: {null}  #", "current: 0.91  #").replace(f"measured: {null}", "measured: 2026-11-20")


def test_an_empty_value_is_an_error_not_a_guess(tmp_path: Path) -> None:
    text = roadmap("      - name: f1\n        baseline: 0.5\n        current:\n        source: {file: eval/metrics.json, key: eval.f1}\n")
    path = files(tmp_path, text)
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{path}:10:17: current: cannot write the new value here (an empty value, or one over several lines); write `current: VALUE` on one line"
    assert path.read_text() == text


def test_a_new_key_goes_right_after_the_key_it_follows_not_after_the_blank_lines_and_comments(tmp_path: Path) -> None:
    text = roadmap("      - name: f1\n        baseline: 0.5\n        current: 0.8\n\n        # where it is measured\n"
                   "        source: {file: eval/metrics.json, key: eval.f1}\n\n  # --- the next model ---\n"
                   "  - id: other\n    title: Other\n    metrics:\n      - {name: a, baseline: 1}\n")
    path = files(tmp_path, text)
    assert run_cli("metrics", "pull", str(path)).exit_code == 0
    assert path.read_text() == text.replace("current: 0.8\n", "current: 0.91\n        measured: 2026-11-20\n")


def test_a_new_line_takes_the_line_ending_of_the_line_it_follows(tmp_path: Path) -> None:
    text = (HEADER + "models:\n  - id: clf\n    title: C\n    metrics:\n      - name: f1\r\n        baseline: 0.5\r\n        current: 0.8\r\n"
            "        source: {file: eval/metrics.json, key: eval.f1}\r\n")
    path = files(tmp_path, text)
    assert run_cli("metrics", "pull", str(path)).exit_code == 0
    assert path.read_bytes() == text.replace("current: 0.8\r\n", "current: 0.91\r\n        measured: 2026-11-20\r\n").encode()
    flow = HEADER + "models:\n  - id: clf\n    title: C\n    metrics:\r\n      - {name: f1, baseline: 0.5, source: {file: eval/metrics.json, key: eval.f1}}\r\n"
    path.write_bytes(flow.encode())
    refused = run_cli("metrics", "pull", str(path))
    assert refused.exit_code == 2
    assert "its lines end in both CRLF and LF" in refused.stderr
    assert path.read_bytes() == flow.encode()


def test_the_last_line_without_a_line_ending(tmp_path: Path) -> None:
    text = roadmap("      - name: f1\n        source: {file: eval/metrics.json, key: eval.f1}\n        baseline: 0.5")
    path = files(tmp_path, text)
    assert run_cli("metrics", "pull", str(path)).exit_code == 0
    assert path.read_text() == text + "\n        current: 0.91\n        measured: 2026-11-20"


@pytest.mark.parametrize(("data", "message"), [
    ('{"eval": {"f1": 1' + "0" * 400 + "}}", "metrics file {dir}/eval/metrics.json: 'eval.f1' is 401 digits long, too large a number for a metric"),
    ('{"eval": {"f1": 9007199254740993}}', "metrics file {dir}/eval/metrics.json: 'eval.f1' is 16 digits long, too large a number for a metric"),
    ("[" * 100_000, "metrics file {dir}/eval/metrics.json is nested too deeply to read"),
])
def test_hostile_metrics_files_are_errors(tmp_path: Path, data: str, message: str) -> None:
    path = files(tmp_path, BLOCK, data)
    result = run_cli("metrics", "pull", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].split(": ", 1)[1] == message.format(dir=tmp_path)


def test_the_largest_exact_integer_is_written(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK, '{"eval": {"f1": 9007199254740992}}')
    assert run_cli("metrics", "pull", str(path)).exit_code == 0
    assert "current: 9007199254740992  # typed by hand" in path.read_text()


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK, None)
    (tmp_path / "eval").mkdir()
    os.mkfifo(tmp_path / "eval" / "metrics.json")
    result = run_cli("metrics", "pull", str(path))
    assert (result.exit_code, result.stderr.splitlines()[0]) == (2, f"{path}:11:24: metrics file {tmp_path}/eval/metrics.json is not a regular file")


@pytest.mark.parametrize("uri", ["http://localhost:abc", "http://[::1", "http://exa mple.com", "http://u:p@localhost:abc"])
def test_a_malformed_tracking_uri_is_an_error(tmp_path: Path, uri: str) -> None:
    path = files(tmp_path, roadmap("      - {name: f1, baseline: 0.5, source: {mlflow: {run: r, metric: f1}}}\n"), None)
    result = run_cli("metrics", "pull", str(path), "--tracking-uri", uri)
    shown = uri.replace("u:p@", "")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (2, f"{path}:8:43: the tracking URI {shown!r} is not a valid address")


def test_the_json_says_what_was_read_changed_and_written(tmp_path: Path) -> None:
    path = files(tmp_path, BLOCK)
    result = run_cli("metrics", "pull", str(path), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "metrics": [{"file": str(path), "line": 10, "column": 18, "model": "clf", "metric": "f1",
                     "current": {"old": 0.87, "new": 0.91}, "measured": {"old": None, "new": "2026-11-20"},
                     "source": f"{tmp_path}/eval/metrics.json: eval.f1; modified, not committed 2026-11-20", "changed": True}],
        "retrained": [], "changed": 1, "written": [str(path)], "problems": []}
    again = json.loads(run_cli("metrics", "pull", str(path), "-f", "json", "--check").stdout)
    assert (again["changed"], again["written"], again["metrics"][0]["changed"]) == (0, [], False)
