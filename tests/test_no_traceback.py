"""Whatever the bytes, validate answers with diagnostics and exit 0/1, never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import HEADER
from mlroadmap.diagnostics import render_json, render_text
from mlroadmap.validation import validate_paths

SEED = (HEADER + """\
people:
  - {id: ana, name: Ana, capacity: 0.5, off: [{start: 2026-02-01, end: 2026-02-10}]}
outcomes:
  - {id: o, title: O, problem: P, metric: m, baseline: 1, target: 2, due: 2026-Q3}
items:
  - id: a
    title: A
    track: data
    owner: ana
    start: 2026-01-05
    duration: 3w
    outcome: o
  - {id: b, title: B, track: model, depends_on: [a, m], phase: prototype}
models:
  - id: m
    title: M
    datasets: [d]
    metrics:
      - {name: f1, baseline: 0.7, targets: {2026-Q2: 0.8}}
    thresholds: [{metric: f1, min: 0.6, action: retrain}]
datasets:
  - {id: d, title: D, labelling: {throughput: 10, backlog: 5}, blockers: [{kind: access, description: x}]}
""").encode()

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(path: Path) -> None:
    validation = validate_paths([str(path)])
    render_text(validation.diagnostics)
    render_json(validation.diagnostics, validation.files, validation.valid)
    for diagnostic in validation.diagnostics:
        assert diagnostic.location.file == str(path)


@SETTINGS
@given(st.data())
def test_mutated_roadmaps_never_crash(tmp_path: Path, data: st.DataObject) -> None:
    text = bytearray(SEED)
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["delete", "insert", "replace", "duplicate-line", "delete-line"]))
        at = data.draw(st.integers(0, len(text) - 1))
        if kind == "delete":
            del text[at : at + data.draw(st.integers(1, 20))]
        elif kind == "insert":
            text[at:at] = data.draw(st.sampled_from([b":", b"-", b" ", b"\t", b"[", b"{", b"'", b"&a", b"*a", b"\n", b"!!x", b"\xff", b"~", b"1"]))
        elif kind == "replace":
            text[at : at + 1] = bytes([data.draw(st.integers(0, 255))])
        else:
            lines = bytes(text).split(b"\n")
            index = at % len(lines)
            if kind == "duplicate-line":
                lines.insert(index, lines[index])
            else:
                del lines[index]
            text = bytearray(b"\n".join(lines))
        if not text:
            text = bytearray(b" ")
    path = tmp_path / "roadmap.yaml"
    path.write_bytes(bytes(text))
    _check(path)


@SETTINGS
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(
        ["roadmap", "items", "models", "id", "title", "track", "depends_on", "metrics", "period", "start", "name"]
    ) | st.text(max_size=5), children, max_size=4),
    max_leaves=20,
))
def test_random_yaml_documents_never_crash(tmp_path: Path, document: object) -> None:
    import json

    path = tmp_path / "roadmap.yaml"
    path.write_text(json.dumps(document), encoding="utf-8")  # JSON is YAML
    _check(path)

