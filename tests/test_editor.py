"""The schema as an editor uses it: the real yaml-language-server, asked what a user
hovering or completing a key would see (see tests/lsp.py for where it comes from)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from conftest import IN_CI, ROOT
from lsp import Editor, server

pytestmark = pytest.mark.slow  # a node process per module

ROADMAP = """\
# yaml-language-server: $schema=roadmap.schema.json
roadmap:
  name: Fraud scoring
  period: {start: 2027-Q1, end: 2027-Q4}
models:
  - id: scorer
    title: Transaction scorer
    stage: experimentation
    metrics:
      - {name: recall-at-1pct-fpr, baseline: 0.61, targets: {2027-Q1: 0.65, Q3-2027: 0.7}}
items:
  - id: label-chargebacks
    title: Label a year of chargebacks
    phase: feasibility
""" + "    track: \n    \n"  # the cursor's lines: a value, then a key, to complete


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Editor, str]]:
    executable = server()
    if executable is None:
        assert not IN_CI, "CI needs yaml-language-server: .ci/run installs it into .node/"
        pytest.skip("no yaml-language-server (.ci/run installs it into .node/; or set MLROADMAP_YAML_LS)")
    directory = tmp_path_factory.mktemp("editor")
    shutil.copy(ROOT / "schemas" / "roadmap.schema.json", directory / "roadmap.schema.json")
    (directory / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    session = Editor(executable, directory)
    try:
        yield session, session.open(directory / "roadmap.yaml")
    finally:
        session.close()


def test_hover_shows_one_title_and_the_description(editor: tuple[Editor, str]) -> None:
    session, uri = editor
    phase = session.hover(uri, 13, 5)
    assert phase.startswith("#### Phase\n\nIts milestone phase: feasibility, prototype, training, integration, experimentation or go-live.")
    assert "||" not in phase  # each branch of an optional key's anyOf was titled: "Phase || Phase"
    assert session.hover(uri, 12, 5).startswith("#### Title\n\nA short name for it, shown in reports, charts and the calendar.")


def test_track_completes_to_the_six_standard_tracks(editor: tuple[Editor, str]) -> None:
    session, uri = editor
    labels = [item["label"] for item in session.complete(uri, 14, 11)]
    assert labels[:6] == ["model", "data", "ethics", "monitoring", "experiments", "team"]


def test_an_optional_key_completes_without_a_null_placeholder(editor: tuple[Editor, str]) -> None:
    session, uri = editor
    keys = {item["label"]: item.get("insertText") for item in session.complete(uri, 15, 4)}
    assert (keys["start"], keys["estimate"], keys["owner"]) == ("start: ", "estimate: ", "owner: ")  # was "start: ${1:null}"
    assert not any("null" in (text or "") for text in keys.values())


def test_a_malformed_quarter_in_targets_is_underlined(editor: tuple[Editor, str]) -> None:
    session, uri = editor
    found = [(problem["range"]["start"]["line"], problem["message"]) for problem in session.diagnostics(uri)]
    assert (9, "Property Q3-2027 is not allowed.") in found  # the same typo validate reports
