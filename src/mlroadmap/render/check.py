"""``check`` and ``rules`` as text: plain lines a terminal, a CI log and an editor can all read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..projection import dates_words
from ..rules import GROUPS, RULES, Rule

if TYPE_CHECKING:
    from rich.console import Console

    from ..check import CheckReport, Checks, NotChecked
    from ..diagnostics import Diagnostic


# The styles of `report`'s terminal text (render/document.py): bad news red, warnings yellow.
STYLE = {"error": "bold red", "warning": "yellow", "info": "dim", "good": "green", "muted": "dim", "heading": "bold"}
Segment = tuple[str, str | None]  # some text and its style


def problem_line(problem: Diagnostic) -> str:
    """``file:line:col: [MLR111] message``, with ``warning:`` / ``info:`` before the id as
    compilers do, so editors' ``%f:%l:%c: %m`` patterns jump to the line."""
    return "".join(text for text, _style in _problem(problem)) + "\n"


def _problem(problem: Diagnostic) -> list[Segment]:
    level = "" if problem.severity == "error" else f"{problem.severity}: "
    return [(f"{problem.location}: ", "bold"), (f"{level}[{problem.code}]", STYLE[problem.severity]), (f" {problem.message}", None)]


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def lines(report: CheckReport) -> list[list[Segment]]:
    """The text of ``check``, line by line, each line in styled segments: one source for
    the plain text (CI logs, files, pipes) and the coloured terminal."""
    out: list[list[Segment]] = [[(f"{report.roadmap}: {report.satisfied}/{len(report.scored)} checklist sections satisfied "
                                  f"(as of {report.as_of}; dates {dates_words(report.dates)})", "bold")]]
    for group in report.groups:
        if not group.applies:
            out.append([(f"  - {group.group.title}: does not apply ({group.group.needs})", STYLE["muted"])])
            continue
        found = [_counted(count, noun) for count, noun in ((group.errors, "error"), (group.warnings, "warning")) if count]
        mark = ("  ✓ ", STYLE["good"]) if group.satisfied else ("  ✗ ", STYLE["error"] if group.errors else STYLE["warning"])
        out.append([mark, (group.group.title, None), (": " + ", ".join(found) if found else "", None)])
    if report.actual_split is not None:
        actual = report.actual_split
        planned = f"planned {report.planned_split[0]:g}/{report.planned_split[1]:g}, " if report.planned_split else "no planned split, "
        out.append([(f"Explore/exploit: {planned}actual {actual.explore:.0f}/{actual.exploit:.0f} ({actual.basis})", None)])
    current = None
    for problem in report.problems:
        group_id = RULES[problem.code].group
        if group_id != current:
            current = group_id
            out += [[], [(_heading(group_id, [p for p in report.problems if RULES[p.code].group == group_id]), STYLE["heading"])]]
        out.append(_problem(problem))
    if report.waived:
        out += [[], [("Waived", STYLE["heading"])]]
        out.extend([(f"{item.diagnostic.location}: ", "bold"), (f"[{item.diagnostic.code}] {item.reason}", STYLE["muted"])]
                   for item in report.waived)
    shown = report.problems
    levels = [(level, sum(problem.severity == level for problem in shown)) for level in ("error", "warning", "info")]
    counts = [f"{count} info" if level == "info" else _counted(count, level) for level, count in levels if count]
    summary = f"Found {_counted(len(shown), 'problem')} ({', '.join(counts)})" if shown else "No problems"
    hidden = f"; {report.hidden} below --severity {report.minimum} not shown" if report.hidden else ""
    waived = f"; {len(report.waived)} waived" if report.waived else ""
    tone = STYLE["error"] if levels[0][1] else STYLE["warning"] if levels[1][1] else STYLE["good"]
    out += [[], [(f"{summary}{hidden}{waived}.", tone)]]
    return out


def to_text(report: CheckReport) -> str:
    return _plain(lines(report))


def to_terminal(report: CheckReport, console: Console) -> None:
    _draw(lines(report), console)


def _plain(styled: list[list[Segment]]) -> str:
    return "".join("".join(text for text, _style in line) + "\n" for line in styled)


def _draw(styled: list[list[Segment]], console: Console) -> None:
    """The same lines in colour; never wrapped, so that a ``file:line:col`` stays one line."""
    from rich.text import Text

    for line in styled:
        console.print(Text.assemble(*((text, style or "") for text, style in line)), soft_wrap=True)


def checks_lines(checks: Checks) -> list[list[Segment]]:
    """Several roadmaps' `check`: each one's text as for one roadmap, a blank line between
    them, then how many passed."""
    from ..check import CheckReport

    out: list[list[Segment]] = []
    for one in checks.checked:
        out += [*(lines(one) if isinstance(one, CheckReport) else not_checked_lines(one)), []]
    return [*out, _total(checks)]


def _total(checks: Checks) -> list[Segment]:
    """"Checked 3 roadmaps: 1 passed, 1 failed, 1 not valid." """
    from ..check import CheckReport

    passed = sum(isinstance(one, CheckReport) and one.passed(checks.strict) for one in checks.checked)
    invalid = sum(not isinstance(one, CheckReport) for one in checks.checked)
    failed = len(checks.checked) - passed - invalid
    parts = [f"{passed:,} passed", *([f"{failed:,} failed"] if failed else []), *([f"{invalid:,} not valid"] if invalid else [])]
    tone = STYLE["good"] if passed == len(checks.checked) else STYLE["error"]
    return [(f"Checked {_counted(len(checks.checked), 'roadmap')}: {', '.join(parts)}.", tone)]


def not_checked_lines(one: NotChecked) -> list[list[Segment]]:
    """A roadmap that could not be checked: which, and its problems as `validate` prints them."""
    errors = [problem for problem in one.problems if problem.severity == "error"]
    files = len({problem.location.file for problem in errors})
    name = one.roadmap or (one.files[0] if len(one.files) == 1 else f"{len(one.files)} files ({one.files[0]}, ...)")
    out: list[list[Segment]] = [[(f"{name}: not checked, the roadmap is not valid", "bold")]]
    for problem in one.problems:
        level = "" if problem.severity == "error" else f"{problem.severity}: "
        out.append([(f"{problem.location}: ", "bold"), (f"{level}{problem.message}", STYLE[problem.severity] if level else None)])
    out.append([(f"Found {_counted(len(errors), 'problem')} in {_counted(files, 'file')}; the roadmap must be valid first "
                 "(mlroadmap validate).", STYLE["error"])])
    return out


def checks_outline(checks: Checks) -> str:
    """Each roadmap's first and last line (its score, what it found), then the total: the
    log's lines under GitHub's annotations."""
    from ..check import CheckReport

    parts = [lines(one) if isinstance(one, CheckReport) else not_checked_lines(one) for one in checks.checked]
    return _plain([line for part in parts for line in (part[0], part[-1])] + [_total(checks)])


def checks_to_text(checks: Checks) -> str:
    return _plain(checks_lines(checks))


def checks_to_terminal(checks: Checks, console: Console) -> None:
    _draw(checks_lines(checks), console)


def _heading(group_id: str, problems: list[Diagnostic]) -> str:
    """"Team capacity: 7 warnings": the section's name and what it found, not its title,
    which states the practice ("nobody booked past capacity") and would read as the
    opposite of the warnings below it."""
    name = GROUPS[group_id].title.split(":")[0]
    counts = [(level, sum(problem.severity == level for problem in problems)) for level in ("error", "warning", "info")]
    return f"{name}: " + ", ".join(f"{count} info" if level == "info" else _counted(count, level) for level, count in counts if count)


def rule_table(rules: list[Rule]) -> str:
    width = max((len(rule.name) for rule in rules), default=0)
    group_width = max((len(rule.group) for rule in rules), default=0)
    return "".join(f"{rule.id}  {rule.name:<{width}}  {rule.group:<{group_width}}  {rule.severity:<7}  {rule.title}\n" for rule in rules)


def rule_text(rule: Rule) -> str:
    group = GROUPS[rule.group]
    return (
        f"{rule.id} {rule.name}: {rule.title}\n"
        f"Group: {group.id}, {group.title} ({group.source}). Default severity: {rule.severity}.\n\n"
        f"Why\n{_indent(rule.rationale)}\n"
        f"Fix\n{_indent(rule.fix)}\n"
        f"Bad\n{_indent(rule.bad)}\n"
        f"Good\n{_indent(rule.good)}"
    )


def _indent(text: str) -> str:
    import textwrap

    if "\n" not in text.strip():
        return "\n".join(textwrap.wrap(text, 88, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)) + "\n"
    return "".join(f"  {line}\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


RULES_DOCUMENT = "docs/rules.md"  # every rule in full: `mlroadmap rules --format markdown MLR`


def rule_anchor(rule: Rule) -> str:
    """The anchor GitHub gives the rule's heading in :data:`RULES_DOCUMENT`."""
    return f"{rule.id.lower()}-{rule.name}"


def rules_markdown(rules: list[Rule]) -> str:
    """The README's rule table: one row per rule, grouped by checklist section, each id a
    link to the rule in full."""
    lines = ["| Rule | Name | Group | Severity | Checks that |\n", "|---|---|---|---|---|\n"]
    for rule in rules:
        lines.append(f"| [{rule.id}]({RULES_DOCUMENT}#{rule_anchor(rule)}) | `{rule.name}` | `{rule.group}` | {rule.severity} | {rule.title} |\n")
    return "".join(lines)


def rules_reference(rules: list[Rule]) -> str:
    """The rules in full, in Markdown: why, the fix, a bad and a good example. All of them
    are docs/rules.md, which SARIF's helpUri and the README's table link to."""
    parts = ["# The rules `mlroadmap check` runs\n\n",
             "Generated from the rules themselves by `mlroadmap rules --format markdown MLR`; do not edit by hand.\n"]
    for rule in rules:
        group = GROUPS[rule.group]
        parts.append(
            f"\n## {rule.id} {rule.name}\n\n"
            f"**{rule.title}.** Group `{group.id}`, {group.title} ({group.source}). Default severity: {rule.severity}.\n\n"
            f"**Why.** {_paragraph(rule.rationale)}\n\n**Fix.** {_paragraph(rule.fix)}\n\n"
            f"Bad:\n\n```yaml\n{rule.bad.rstrip()}\n```\n\nGood:\n\n```yaml\n{rule.good.rstrip()}\n```\n")
    return "".join(parts)


def _paragraph(text: str) -> str:
    return " ".join(text.split())

