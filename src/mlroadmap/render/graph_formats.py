"""The dependency graph as Mermaid (gantt and flowchart), Graphviz DOT and JSON.

GitHub renders Mermaid blocks in Markdown, so a roadmap's timeline can live in a pull
request or a wiki page; DOT goes to Graphviz for large graphs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..critical_path import CriticalPath
    from ..schedule import Task

_NOT_WORD = re.compile(r"[^A-Za-z0-9_]")


def _mermaid_ids(tasks: list[str]) -> dict[str, str]:
    """Mermaid-safe, unique ids (roadmap ids may hold '-', which Mermaid reads as an operator)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for node in tasks:
        base = "t_" + _NOT_WORD.sub("_", node)
        candidate, number = base, 2
        while candidate in used:
            candidate, number = f"{base}_{number}", number + 1
        used.add(candidate)
        out[node] = candidate
    return out


# What Mermaid's gantt lexer reads (case-insensitively) at the start of a line before it
# considers task text: a title starting so would become a setting, a comment or an error.
_GANTT_KEYWORD = re.compile(
    r"(gantt\b|dateformat\s|axisformat\s|tickinterval\s|includes\s|excludes\s|todaymarker\s"
    r"|inclusiveenddates\b|topaxis\b|weekday\s|weekend\s|title\s|section\s|click\s|call\s|href\s"
    r"|acc(title|descr)|\d{4}-\d\d-\d\d|.?%)",
    re.IGNORECASE,
)


def _gantt_text(text: str, task: bool = False) -> str:
    """Text for one gantt line: ':' ends a task name and '#'/';' start entities, so they
    go; a task title that Mermaid would read as a keyword gets a zero-width space first."""
    text = " ".join(re.sub(r"[:#;]", " ", text).split()) or "untitled"
    return "#8203;" + text if task and _GANTT_KEYWORD.match(text) else text


# Mermaid reads `#name;` as an entity, `<...>` as HTML and backticks as Markdown in labels.
_LABEL_ESCAPES = (("#", "#35;"), ("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;"))


def _label(text: str) -> str:
    """A Mermaid node label inside double quotes, shown exactly as written."""
    text = " ".join(text.split())
    for character, entity in _LABEL_ESCAPES:
        text = text.replace(character, entity)
    return text or "untitled"


def _basis(report: CriticalPath) -> str:
    """The comment each export opens with: which projection its dates are."""
    from ..analysis import DATES_WORDS

    return f"mlroadmap: projected as of {report.as_of.isoformat()}, dates {DATES_WORDS[report.dates]} (--dates)"


def mermaid_gantt(report: CriticalPath) -> str:
    plan = report.schedule
    order = list(plan.tasks)
    ids = _mermaid_ids(order)
    critical = {task.id for task in report.chain} | set(plan.critical_path)
    lines = [
        "gantt",
        f"    title {_gantt_text(report.roadmap)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m-%d",
        "    todayMarker off",
        f"    %% {_basis(report)}",
    ]
    by_track: dict[str, list[Task]] = {}
    for node in order:
        task = plan.tasks[node]
        by_track.setdefault(task.track or "", []).append(task)
    titles = report.track_titles
    for track in sorted(by_track, key=lambda t: (t == "", list(titles).index(t) if t in titles else len(titles), t)):
        lines.append(f"    section {_gantt_text(titles.get(track, track) if track else 'Other')}")
        for task in by_track[track]:
            tags = []
            if task.finished:
                tags.append("done")
            elif task.status in ("in-progress", "at-risk", "blocked"):
                tags.append("active")
            if task.id in critical and task.open:
                tags.append("crit")
            if task.days == 0:
                tags.append("milestone")
            tags.append(ids[task.id])
            # Projected dates, not `after id`: Mermaid draws no arrow for `after` anyway,
            # ignores the task's own planned start with it, and gives up on long chains
            # (checked with Mermaid 11: steps past about the 20th of a chain got no date).
            length = (task.finish - task.start).days + 1 if task.days else 0
            lines.append(f"    {_gantt_text(task.title, task=True)} :{', '.join(tags)}, {task.start.isoformat()}, {length}d")
    return "\n".join(lines) + "\n"


def mermaid_flowchart(report: CriticalPath) -> str:
    graph = report.graph
    plan = report.schedule
    ids = _mermaid_ids(list(plan.tasks))
    critical = set(plan.critical_path)
    titles = report.track_titles
    lines = ["flowchart LR", f"    %% {_basis(report)}"]
    by_track: dict[str, list[str]] = {}
    for node in plan.tasks:
        by_track.setdefault(plan.tasks[node].track or "", []).append(node)
    for number, (track, nodes) in enumerate(sorted(by_track.items())):
        lines.append(f'    subgraph track_{number}["{_label(titles.get(track, track) if track else "No track")}"]')
        for node in nodes:
            task = plan.tasks[node]
            shape = ('{{"', '"}}') if task.days == 0 else ('["', '"]')
            lines.append(f"        {ids[node]}{shape[0]}{_label(task.title)}{shape[1]}")
        lines.append("    end")
    critical_edges = []
    for index, (source, target) in enumerate(graph.edges()):
        lines.append(f"    {ids[source]} --> {ids[target]}")
        if source in critical and target in critical and plan.tasks[target].driver == source:
            critical_edges.append(str(index))
    lines.append("    classDef critical stroke:#c62828,stroke-width:3px")
    lines.append("    classDef done fill:#e8f5e9,color:#555")
    crit_nodes = [ids[node] for node in plan.critical_path]
    if crit_nodes:
        lines.append(f"    class {','.join(crit_nodes)} critical")
    done = [ids[node] for node, task in plan.tasks.items() if task.finished]
    if done:
        lines.append(f"    class {','.join(done)} done")
    if critical_edges:
        lines.append(f"    linkStyle {','.join(critical_edges)} stroke:#c62828,stroke-width:3px")
    return "\n".join(lines) + "\n"


def _dot(text: str) -> str:
    # Graphviz reads `&name;` as an entity in labels, so '&' is written as one.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("&", "&amp;") + '"'


def dot(report: CriticalPath) -> str:
    graph = report.graph
    plan = report.schedule
    critical = set(plan.critical_path)
    titles = report.track_titles
    lines = [
        f"digraph {_dot(report.roadmap)} {{",
        f"    // {_basis(report)}",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
        '    edge [color="#777777"];',
    ]
    by_track: dict[str, list[str]] = {}
    for node in plan.tasks:
        by_track.setdefault(plan.tasks[node].track or "", []).append(node)
    for number, (track, nodes) in enumerate(sorted(by_track.items())):
        lines.append(f"    subgraph cluster_{number} {{")
        lines.append(f"        label={_dot(titles.get(track, track) if track else 'No track')};")
        lines.append('        style=rounded; color="#bbbbbb";')
        for node in nodes:
            task = plan.tasks[node]
            attributes = [f"label={_dot(task.title + chr(10) + task.span(' to '))}"]
            if task.days == 0:
                attributes.append("shape=diamond")
            if node in critical and task.open:
                attributes.append('color="#c62828", penwidth=2')
            if task.finished:
                attributes.append('fillcolor="#e8f5e9"')
            lines.append(f"        {_dot(node)} [{', '.join(attributes)}];")
        lines.append("    }")
    for source, target in graph.edges():
        style = ' [color="#c62828", penwidth=2.5]' if source in critical and target in critical and plan.tasks[target].driver == source else ""
        lines.append(f"    {_dot(source)} -> {_dot(target)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def graph_json(report: CriticalPath) -> str:
    plan = report.schedule
    payload = {
        "roadmap": report.roadmap,
        "as_of": report.as_of.isoformat(),
        "dates": report.dates,
        "end": report.end.isoformat() if report.end else None,  # None only for an outcome no work serves
        "nodes": [plan.tasks[node].to_dict() for node in plan.tasks],
        "edges": [{"from": source, "to": target} for source, target in report.graph.edges()],
        "critical_path": plan.critical_path,
    }
    from .formats import to_json

    return to_json(payload)
