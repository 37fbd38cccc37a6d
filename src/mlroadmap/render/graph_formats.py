"""The dependency graph as Mermaid (gantt and flowchart), Graphviz DOT, a timeline image
(SVG or PNG, drawn as the HTML reports draw theirs) and JSON.

GitHub renders Mermaid blocks in Markdown, so a roadmap's timeline can live in a pull
request or a wiki page; DOT goes to Graphviz for large graphs; the image goes in a slide.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..projection import assuming

if TYPE_CHECKING:
    from ..critical_path import CriticalPath
    from ..document import Timeline, Tone
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


def _by_track(report: CriticalPath, undated: bool = True) -> list[tuple[str, list[Task]]]:
    """The work by track, in the roadmap's order of tracks (the six standard ones first),
    work with no track last; ``undated``: keep finished work that has no dates."""
    plan = report.schedule
    titles = list(report.track_titles)
    by_track: dict[str, list[Task]] = {}
    for task in plan.tasks.values():
        if undated or not task.undated:
            by_track.setdefault(task.track or "", []).append(task)
    return sorted(by_track.items(), key=lambda kv: (kv[0] == "", titles.index(kv[0]) if kv[0] in titles else len(titles), kv[0]))


def _track_title(report: CriticalPath, track: str) -> str:
    return report.track_titles.get(track, track) if track else "No track"


def _basis(report: CriticalPath) -> str:
    """The comment each export opens with: which projection its dates are."""
    from ..projection import dates_words

    return f"mlroadmap: projected as of {report.as_of.isoformat()}, dates {dates_words(report.dates)} (--dates)"


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
    # Finished work without dates has no day to be drawn on; cancelled work is not on a timeline.
    left_out = sum(task.undated or task.status == "cancelled" for task in plan.tasks.values())
    if left_out:
        branch = sum(node in report.left_out for node in plan.tasks)
        lines.append(f"    %% {left_out} piece{'s' * (left_out != 1)} of work not drawn: finished without dates, or cancelled"
                     + (f" ({branch} on a decision's branch the dates do not follow)" if branch else ""))
    for track, tasks in _by_track(report, undated=False):
        tasks = [task for task in tasks if task.status != "cancelled"]
        if not tasks:
            continue
        lines.append(f"    section {_gantt_text(_track_title(report, track))}")
        for task in tasks:
            tags = []
            if task.finished:
                tags.append("done")
            elif task.status in ("in-progress", "at-risk", "blocked"):
                tags.append("active")
            if task.id in critical and task.open:
                tags.append("crit")
            if task.milestone:
                tags.append("milestone")
            tags.append(ids[task.id])
            # Projected dates, not `after id`: Mermaid draws no arrow for `after` anyway,
            # ignores the task's own planned start with it, and gives up on long chains
            # (checked with Mermaid 11: steps past about the 20th of a chain got no date).
            length = (task.finish - task.start).days + 1 if task.days else 0
            if task.lag and task.driver is not None and task.open:  # the wait its dependency's lag sets, as a bar of its own
                waited = plan.tasks[task.driver]
                begins = waited.finish + dt.timedelta(days=1) if waited.days else waited.start
                lines.append(f"    {_gantt_text(f'lag: {task.lag} days after {waited.title}', task=True)} :{ids[task.id]}_lag, "
                             f"{begins.isoformat()}, {task.lag}d")
            lines.append(f"    {_gantt_text(task.title, task=True)} :{', '.join(tags)}, {task.start.isoformat()}, {length}d")
    if report.freezes:  # the work they cover goes live after them
        lines.append("    section Freezes (no go-live)")
        for number, freeze in enumerate(report.freezes):
            lines.append(f"    {_gantt_text(freeze.title, task=True)} :freeze{number}, {freeze.start.isoformat()}, "
                         f"{(freeze.end - freeze.start).days + 1}d")
    return "\n".join(lines) + "\n"


def mermaid_flowchart(report: CriticalPath) -> str:
    graph = report.graph
    plan = report.schedule
    ids = _mermaid_ids(list(plan.tasks))
    critical = set(plan.critical_path)
    cancelled = [node for node, task in plan.tasks.items() if task.status == "cancelled"]
    lines = ["flowchart LR", f"    %% {_basis(report)}"]
    for number, (track, tasks) in enumerate(_by_track(report)):
        lines.append(f'    subgraph track_{number}["{_label(_track_title(report, track))}"]')
        for task in tasks:
            # A decision is drawn as one even when left out (cancelled work has no dates, so no day).
            shape = ('{{"', '"}}') if task.milestone or task.section == "decisions" else ('["', '"]')
            branch = f" (left out: {report.left_out[task.id]})" if task.id in report.left_out else ""
            lines.append(f"        {ids[task.id]}{shape[0]}{_label(task.title + branch)}{shape[1]}")
        lines.append("    end")
    # What the shapes and colours mean, drawn as they are drawn.
    lines += ['    subgraph legend["Legend"]', "        direction LR", '        legend_work["work"]', '        legend_point{{"milestone or decision"}}',
              '        legend_critical["critical chain: sets the end date"]', '        legend_done["done"]',
              *(['        legend_left_out["cancelled, or on the branch the dates do not follow"]'] if cancelled else []), "    end"]
    critical_edges = []
    for index, (source, target, wait, answer) in enumerate(_edges(graph)):
        said = ", ".join(word for word in (answer, f"+{wait}d" if wait else "") if word)
        lines.append(f"    {ids[source]} -->{f'|{said}|' if said else ''} {ids[target]}")
        if source in critical and target in critical and plan.tasks[target].driver == source:
            critical_edges.append(str(index))
    lines.append("    classDef critical stroke:#c62828,stroke-width:3px")
    lines.append("    classDef done fill:#e8f5e9,color:#555")
    lines.append(f"    class {','.join([*(ids[node] for node in plan.critical_path), 'legend_critical'])} critical")
    lines.append(f"    class {','.join([*(ids[node] for node, task in plan.tasks.items() if task.finished), 'legend_done'])} done")
    if cancelled:  # drawn, so that what waits through it and both answers' work are seen, but dashed: not in the dates
        lines.append("    classDef left_out stroke-dasharray:5 5,color:#777")
        lines.append(f"    class {','.join([*(ids[node] for node in cancelled), 'legend_left_out'])} left_out")
    if critical_edges:
        lines.append(f"    linkStyle {','.join(critical_edges)} stroke:#c62828,stroke-width:3px")
    return "\n".join(lines) + "\n"


def _edges(graph: Any) -> list[tuple[str, str, int, str]]:
    """Each edge: (from, to, its lag in days, the answer of the decision it follows or "")."""
    return [(source, target, data.get("lag", 0), data.get("answer", "")) for source, target, data in graph.edges(data=True)]


def _dot(text: str) -> str:
    # Graphviz reads `&name;` as an entity in labels, so '&' is written as one.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("&", "&amp;") + '"'


def dot(report: CriticalPath) -> str:
    graph = report.graph
    plan = report.schedule
    critical = set(plan.critical_path)
    lines = [
        f"digraph {_dot(report.roadmap)} {{",
        f"    // {_basis(report)}",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
        '    edge [color="#777777"];',
        # What the shapes and colours mean, drawn as they are drawn.
        '    subgraph cluster_legend {',
        '        label="Legend"; style=rounded; color="#bbbbbb"; fontname="Helvetica";',
        # Ids with a space: no roadmap id has one, so none can collide.
        '        "legend work" [label="work"]; "legend point" [label="milestone or decision", shape=diamond];',
        '        "legend critical" [label="critical chain:\\nsets the end date", color="#c62828", penwidth=2];',
        '        "legend done" [label="done", fillcolor="#e8f5e9"];',
        '        "legend work" -> "legend point" [label="needed before"]; "legend critical" -> "legend done" [style=invis];',
        "    }",
    ]
    for number, (track, tasks) in enumerate(_by_track(report)):
        lines.append(f"    subgraph cluster_{number} {{")
        lines.append(f"        label={_dot(_track_title(report, track))};")
        lines.append('        style=rounded; color="#bbbbbb";')
        for task in tasks:
            node = task.id
            when = (f"left out: {report.left_out[node]}" if node in report.left_out else "cancelled" if task.status == "cancelled"
                    else "done, no dates" if task.undated else task.span(" to "))
            attributes = [f"label={_dot(task.title + chr(10) + when)}"]
            if task.milestone or task.section == "decisions":
                attributes.append("shape=diamond")
            if task.status == "cancelled":  # drawn, so that what waits through it is seen, but dashed: not in the dates
                attributes.append('style="rounded,dashed", fontcolor="#777777"')
            if node in critical and task.open:
                attributes.append('color="#c62828", penwidth=2')
            if task.finished:
                attributes.append('fillcolor="#e8f5e9"')
            lines.append(f"        {_dot(node)} [{', '.join(attributes)}];")
        lines.append("    }")
    for source, target, wait, answer in _edges(graph):
        attributes = ['color="#c62828", penwidth=2.5'] if source in critical and target in critical and plan.tasks[target].driver == source else []
        said = ", ".join(word for word in (answer, f"+{wait}d" if wait else "") if word)
        if said:
            attributes.append(f'label="{said}"')
        style = f" [{', '.join(attributes)}]" if attributes else ""
        lines.append(f"    {_dot(source)} -> {_dot(target)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# An image of more rows than this is a wall no one reads, and past the pixels a PNG may
# hold: cut it with --around.
MAX_ROWS = 400


class CannotDraw(ValueError):
    """The timeline has more rows than one image can show, or none."""


def timeline(report: CriticalPath) -> Timeline:
    """The work on a time axis by track, as the reports draw it: its projected dates, the
    critical chain outlined, milestones, decisions, dependencies, today; finished work
    without dates left out (it has no day to be drawn on)."""
    from ..document import Bar, Lane, Timeline

    plan = report.schedule
    critical = set(plan.critical_path)
    late = {item.task for item in report.late}
    lanes = []
    for track, tasks in _by_track(report, undated=False):
        bars = []
        for task in tasks:
            if task.status == "cancelled":
                continue
            tone: Tone | None = ("bad" if task.id in late and task.open else "good" if task.finished
                                 else "warn" if task.status in ("at-risk", "blocked") else None)
            note = ", ".join(word for word in ("late" if task.id in late and task.open else "",
                                               task.status.replace("-", " ") if task.status in ("at-risk", "blocked") else "",
                                               task.recurs or "") if word)
            decision = task.section == "decisions"
            bars.append(Bar(task.id, task.title, task.start, task.finish, tone, milestone=task.milestone and not decision,
                            done=task.finished, critical=task.id in critical and task.open, decision=decision, note=note))
        if bars:
            lanes.append(Lane(_track_title(report, track), sorted(bars, key=lambda bar: (bar.start, bar.finish, bar.id))))
    drawn = {bar.id for lane in lanes for bar in lane.bars}
    if len(drawn) + len(lanes) > MAX_ROWS:
        raise CannotDraw(f"{len(drawn)} pieces of work are too many for one readable image (at most {MAX_ROWS} rows): "
                       "draw part of it with --around ID, or export --format dot or mermaid")
    if not drawn:
        raise CannotDraw("nothing to draw: no work here has dates (finished work without dates and cancelled work are left out)")
    days = [day for lane in lanes for bar in lane.bars for day in (bar.start, bar.finish)]
    links = sorted((before, after) for before, after in report.graph.edges if before in drawn and after in drawn)
    return Timeline(min(days), max(days), report.as_of, lanes, links)


def svg(report: CriticalPath) -> str:
    """The timeline as an SVG file."""
    from . import charts

    return charts.picture(timeline(report), report.roadmap, _note(report), "svg")


def png(report: CriticalPath) -> bytes:
    """The timeline as a PNG file."""
    from . import charts

    return charts.picture(timeline(report), report.roadmap, _note(report), "png")


def _note(report: CriticalPath) -> str:
    """What an image's dates are, for whoever sees it on a slide: "projected as of ..."."""
    from ..projection import dates_words

    return f"Projected as of {report.as_of.isoformat()}, dates {dates_words(report.dates)}"


def graph_json(report: CriticalPath) -> str:
    plan = report.schedule
    payload = {
        "roadmap": report.roadmap,
        "as_of": report.as_of.isoformat(),
        "dates": report.dates,
        **assuming(report.dates),
        "end": report.end.isoformat() if report.end else None,  # None only for an outcome no work serves
        "nodes": [plan.tasks[node].to_dict() for node in plan.tasks],
        "edges": [{"from": source, "to": target, "lag_days": wait, **({"answer": answer} if answer else {})}
                  for source, target, wait, answer in _edges(report.graph)],
        "critical_path": plan.critical_path,
    }
    from .formats import to_json

    return to_json(payload)
