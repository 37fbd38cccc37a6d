"""A diff as a document: the summary of what changed and a table per kind of change, for
the terminal, Markdown (a pull-request comment) and a report's "since" section."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..diff import GROUPS, RoadmapDiff, Version, _json
from ..projection import dates_words
from ..render.words import moved

if TYPE_CHECKING:
    from ..document import Document, Section, Tone
    from ..git import Commit


# Rows shown per table in the terminal and Markdown; --format json lists every change.
MAX_ROWS = 25


def diff_document(diff: RoadmapDiff, limit: int | None = MAX_ROWS) -> Document:
    from ..document import Document

    name = diff.new.roadmap.info.name if diff.new.roadmap and diff.new.roadmap.info else diff.new.label
    basis = dates_words(diff.dates)
    from ..render.words import day

    subtitle = f"{described(diff.old)} → {described(diff.new)}; both projected as of {day(diff.as_of)}, dates {basis}"
    sections = [summary_section(diff)]
    if diff.old.problems:
        sections.append(_problems_section(diff.old))
    sections += [group_section(diff, group, limit) for group in GROUPS if diff.of(group)]
    if diff.files:
        sections.append(_files_section(diff))
    return Document(title=f"What changed: {name}", subtitle=subtitle, as_of=diff.as_of, quarter="", kind="diff",
                    audience=None, sections=sections)


def described(version: Version) -> str:
    return revision_words(version.label, version.commit)


def revision_words(label: str, commit: Commit | None) -> str:
    """"approved, 853c23e (1 Jan 2026, Ana: The plan as reviewed)": a revision as given, and its commit."""
    from ..render.words import day

    if commit is None:
        return label
    named = label if label in (commit.sha, commit.short) else f"{label}, {commit.short}"
    return f"{named} ({day(commit.date.date())}, {commit.author}: {commit.subject})"


def summary_section(diff: RoadmapDiff, section_id: str = "summary", title: str = "Summary", files: bool = True) -> Section:
    """The changes in a few lines: what a pull-request comment or a review opens with
    (``files``: with the files added, removed and renamed)."""
    from ..document import Bullets, Cell, Note, Section
    from ..model import count_of
    from ..render.words import brief, day, plural

    lines: list[Any] = []
    if diff.old.roadmap is None:
        lines.append(Cell(f"There was no roadmap at {diff.old.label}: everything is new.", "muted"))
    elif not diff.old.valid:
        lines.append(Cell(f"The old version was invalid ({plural(len(diff.old.problems), 'problem')}): its dates and "
                          "checklist are not compared; its entries still are.", "warn"))
    old_end, new_end = diff.end
    if old_end is not None and new_end is not None:
        if old_end == new_end:
            lines.append(f"The projected end is unchanged: {day(new_end)}.")
        else:
            days = (new_end - old_end).days
            lines.append(Cell(f"The projected end moved {moved(days, 'no days')}: {day(old_end)} → {day(new_end)}.",
                              "bad" if days > 0 else "good"))
    for change in diff.of("dates"):
        if change.kind == "outcome-date" and change.days is None:  # its work is on a branch one version follows
            lines.append(f"{brief(change.title)} now lands {day(change.new)}: no date before." if change.new is not None else
                         f"{brief(change.title)} no longer lands (it was {day(change.old)}): its work is left out.")
        elif change.kind == "outcome-date":
            lines.append(Cell(f"{brief(change.title)} lands {moved(change.days or 0, 'no days')}: {day(change.old)} → {day(change.new)}.",
                              "bad" if (change.days or 0) > 0 else "good"))
    work = [change for change in diff.of("dates") if change.kind in ("slipped", "pulled-in")]
    if work:
        slipped = [change for change in work if change.kind == "slipped"]
        critical = [change for change in slipped if change.critical]
        text = f"Work moved: {plural(len(slipped), 'piece')} later ({len(critical)} on the critical path), {len(work) - len(slipped)} earlier."
        lines.append(Cell(text, "bad" if critical else None))
    branches = [change for change in diff.of("dates") if change.kind in ("left-out", "taken")]
    if branches:
        taken = sum(change.kind == "taken" for change in branches)
        lines.append(f"Decision branches: {plural(taken, 'piece')} of work the dates now follow, {len(branches) - taken} they no longer do.")
    for group, noun in (("added", "added"), ("removed", "removed")):
        found = diff.of(group)
        if found:
            kinds: dict[str, int] = {}
            for change in found:
                kinds[change.section or ""] = kinds.get(change.section or "", 0) + 1
            lines.append(f"{noun.capitalize()}: " + ", ".join(count_of(section, count) for section, count in kinds.items()) + ".")
    metrics = [change for change in diff.of("metrics") if change.kind == "metric"]
    if metrics:
        better = sum(change.better is True for change in metrics)
        worse = sum(change.better is False for change in metrics)
        lines.append(Cell(f"Metrics: {plural(len(metrics), 'value')} changed: {better} better, {worse} worse.", "bad" if worse else None))
    for kind, verb in (("metric-added", "added"), ("metric-removed", "removed")):
        count = sum(change.kind == kind for change in diff.of("metrics"))
        if count:
            lines.append(f"Metrics {verb}: {count}.")
    targets = [change for change in diff.of("metrics") if change.kind == "target"]
    if targets:
        lines.append(f"Targets: {plural(len(targets), 'target')} changed.")
    moves = [change for change in diff.of("progress") if change.kind == "stage"]
    for change in moves:
        verb = "promoted" if change.better else "moved back" if change.better is False else "moved"
        lines.append(f"{brief(change.title)} {verb}: {change.old} → {change.new}.")
    statuses = [change for change in diff.of("progress") if change.kind != "stage"]
    if statuses:
        done = sum(change.kind == "status" and change.new == "done" for change in statuses)
        lines.append(f"Status and phase: {plural(len(statuses), 'change')}" + (f", {done} now done." if done else "."))
    if diff.of("owners"):
        lines.append(f"Owners: {plural(len(diff.of('owners')), 'change')}.")
    if diff.of("edits"):
        lines.append(f"Other edits: {len(diff.of('edits'))}.")
    old_score, new_score = diff.score
    if old_score is not None and new_score is not None:
        old_warnings, new_warnings = diff.warnings
        score = f"Checklist: {old_score[0]}/{old_score[1]} → {new_score[0]}/{new_score[1]}; its warnings {old_warnings} → {new_warnings}."
        worse_score = new_score[0] * old_score[1] < old_score[0] * new_score[1]
        lines.append(Cell(score, "bad" if worse_score else None) if old_score != new_score or old_warnings != new_warnings
                     else "Checklist: unchanged, " + f"{new_score[0]}/{new_score[1]}.")
    if diff.files and files:
        counts: dict[str, int] = {}
        for file_change in diff.files:
            counts[file_change.kind] = counts.get(file_change.kind, 0) + 1
        lines.append("Files: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()) + ".")
    if not diff.changes and diff.old.roadmap is not None:
        return Section(section_id, title, [Note("No change to the roadmap's content.", "muted")], diff.to_dict())
    return Section(section_id, title, [Bullets(lines)], diff.to_dict())



def _value(value: Any) -> str:
    from ..render.words import day, number, shorten

    if value is None:
        return "–"
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, list) and not any(hasattr(item, "model_dump") for item in value):
        return ", ".join(_value(item) for item in value) or "none"
    text = _json(value)
    if not isinstance(text, str):
        import json

        text = json.dumps(text, ensure_ascii=False, separators=(", ", ": "))
    return shorten(text, 80)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else _value(value)


def group_section(diff: RoadmapDiff, group: str, limit: int | None) -> Section:
    from ..document import Cell, Note, Section, Table
    from ..render.words import brief

    changes = diff.of(group)
    shown = changes[:limit] if limit else changes
    rows: list[list[Any]] = []
    if group == "dates":
        columns = ["What", "Was", "Now", "Moved", "Why"]
        for change in shown:
            later = (change.days or 0) > 0
            reasons = ["critical path"] if change.critical else []
            if change.follows:
                reasons.append(f"follows {change.follows}")
            if change.held_by:
                reasons.append(f"waits for {change.held_by}'s people")
            if change.away:
                reasons.append(f"waits for {change.away}'s time off")
            reasons += [f"{key} {_value(was)} → {_value(now)}" for key, was, now in change.edits]
            if change.kind == "outcome-date" and change.days is None:
                rows.append([brief(change.title), _iso(change.old) if change.old else "no date", _iso(change.new) if change.new else "no date",
                             "dated" if change.new else "no date", "its work is on a decision's branch"])
                continue
            if change.days is None:  # a decision's branch: the dates follow it now, or no longer
                taken = change.kind == "taken"
                rows.append([brief(change.title), _iso(change.old) if change.old else "left out", _iso(change.new) if change.new else "left out",
                             "taken" if taken else "left out", "on the branch the dates now follow" if taken else
                             "on a decision's branch the dates no longer follow"])
                continue
            tone: Tone | None = "bad" if later and (change.critical or change.kind != "slipped") else "warn" if later else "good"
            rows.append([brief(change.title), _iso(change.old), _iso(change.new), Cell(f"{change.days:+d} d", tone), "; ".join(reasons)])
    elif group in ("added", "removed"):
        columns = ["Kind", "Id", "Title"]
        rows = [[change.new if group == "added" else change.old, change.subject, brief(change.title)] for change in shown]
    elif group == "progress":
        columns = ["What", "Change", "Was", "Now"]
        for change in shown:
            move = {True: "moved on", False: "moved back", None: "changed"}[change.better]
            if change.kind == "stage" and change.better:
                move = "promoted"
            tone = "good" if change.better or change.new == "done" else "bad" if change.better is False or change.new in ("at-risk", "blocked") else None
            rows.append([brief(change.title), f"{change.kind} {move}", _value(change.old), Cell(_value(change.new), tone)])
    elif group == "metrics":
        columns = ["Metric", "Change", "Was", "Now", ""]
        for change in shown:
            what = {"metric": "current", "target": "target" if change.key == "target" else f"target {change.key}", "metric-added": "metric added",
                    "metric-removed": "metric removed"}[change.kind]
            if change.kind == "target":
                verdict = Cell({True: "more ambitious", False: "less ambitious", None: ""}[change.better], None)
            else:
                verdict = Cell({True: "better", False: "worse", None: ""}[change.better], {True: "good", False: "bad", None: None}[change.better])
            rows.append([_brief_metric(change.title), what, _value(change.old), _value(change.new), verdict])
    elif group == "owners":
        columns = ["What", "Was", "Now"]
        rows = [[brief(change.title), _value(change.old), _value(change.new)] for change in shown]
    else:
        columns = ["What", "Key", "Was", "Now"]
        rows = [[_brief_metric(change.title), change.key or "", _value(change.old), _value(change.new)] for change in shown]
    blocks: list[Any] = [Table(columns, rows)]
    if len(changes) > len(shown):
        blocks.append(Note(f"and {len(changes) - len(shown)} more (--format json lists every change)", "muted"))
    return Section(group, f"{GROUPS[group]} ({len(changes)})", blocks, [change.to_dict() for change in changes], folded=True)


def _brief_metric(title: str) -> str:
    """"Escalation detector: recall" for "Escalation detector (frustration, ...): recall"."""
    from ..render.words import brief

    owner, _, metric = title.rpartition(": ")
    return f"{brief(owner)}: {metric}" if owner else brief(title)


def _problems_section(version: Version) -> Section:
    from ..document import Section, Table

    rows = [[str(problem.location), problem.message] for problem in version.problems]
    return Section("old-problems", f"Problems of {version.label}", [Table(["Where", "Problem"], rows)],
                   [problem.to_dict() for problem in version.problems], folded=True)


def _files_section(diff: RoadmapDiff) -> Section:
    from ..document import Section, Table

    rows = [[change.kind, change.old or "", change.new or ""] for change in diff.files]
    return Section("files", f"Files ({len(diff.files)})", [Table(["Change", "Was", "Now"], rows)],
                   [change.to_dict() for change in diff.files], folded=True)


