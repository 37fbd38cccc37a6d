"""GitHub Actions: the annotations `validate` and `check` print there, what GitHub leaves
out of them, and the job summary that has everything.

GitHub turns at most :data:`ANNOTATIONS_PER_KIND` errors, as many warnings and as many
notices of one step into annotations on the pull request; the rest appear only in the log.
A new roadmap's `check` finds dozens of problems, so the log says how many were not
annotated, and the whole result goes to the step summary (``$GITHUB_STEP_SUMMARY``, shown
on the run's page) as Markdown.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .. import HOMEPAGE

if TYPE_CHECKING:
    from ..check import CheckReport
    from ..diagnostics import Diagnostic
    from ..validation import Validation

ANNOTATIONS_PER_KIND = 10  # per step, for each of error, warning and notice
SUMMARY_BYTES = 1024 * 1024  # GitHub's limit for one step's summary
KIND = {"error": "error", "warning": "warning", "info": "notice"}


def not_annotated(problems: list[Diagnostic], notices: int = 0, summary: bool = False) -> str:
    """The log's line saying which problems GitHub will not annotate ("" when it annotates
    all); ``notices``: other notices printed before them (a scenario's)."""
    counts = Counter(KIND[problem.severity] for problem in problems)
    counts["notice"] += notices
    left = [(kind, count - ANNOTATIONS_PER_KIND) for kind, count in counts.items() if count > ANNOTATIONS_PER_KIND]
    if not left:
        return ""
    order = {"error": 0, "warning": 1, "notice": 2}
    parts = [f"{extra} of {counts[kind]} {kind}s" for kind, extra in sorted(left, key=lambda pair: order[pair[0]])]
    where = "the job summary lists them all" if summary else "all of them are in this log"
    return (f"GitHub annotates at most {ANNOTATIONS_PER_KIND} errors, {ANNOTATIONS_PER_KIND} warnings and {ANNOTATIONS_PER_KIND} "
            f"notices per step: {_and(parts)} are not annotated on the pull request; {where}.\n")


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _problem_table(problems: list[Diagnostic], budget: int) -> str:
    """The problems as a Markdown table, as many rows as ``budget`` bytes hold; a rule's
    id links to its documentation."""
    from ..rules import RULES
    from .check import RULES_DOCUMENT, rule_anchor

    lines = ["| Severity | Where | Rule | Problem |\n", "|---|---|---|---|\n"]
    size = sum(len(line.encode()) for line in lines)
    for index, problem in enumerate(problems):
        rule = RULES.get(problem.code)
        code = f"[{problem.code}]({HOMEPAGE}/blob/main/{RULES_DOCUMENT}#{rule_anchor(rule)})" if rule else f"`{problem.code}`"
        line = f"| {problem.severity} | `{_cell(str(problem.location))}` | {code} | {_cell(problem.message)} |\n"
        if size + len(line.encode()) > budget:
            lines.append(f"\nand {len(problems) - index} more, cut to fit GitHub's summary; the log lists them all.\n")
            break
        size += len(line.encode())
        lines.append(line)
    return "".join(lines)


def check_summary(report: CheckReport) -> str:
    """`check`'s result for the job summary: the score by section, then every problem."""
    from ..projection import dates_words
    from .check import _counted

    head = [f"## mlroadmap check: {_cell(report.roadmap)}\n\n",
            f"{report.satisfied}/{len(report.scored)} checklist sections satisfied (as of {report.as_of}; dates {dates_words(report.dates)}).\n\n",
            "| | Section | Found |\n", "|---|---|---|\n"]
    for group in report.groups:
        if not group.applies:
            head.append(f"| – | {_cell(group.group.title)} | does not apply ({_cell(group.group.needs)}) |\n")
            continue
        found = [_counted(count, noun) for count, noun in ((group.errors, "error"), (group.warnings, "warning")) if count]
        head.append(f"| {'✓' if group.satisfied else '✗'} | {_cell(group.group.title)} | {', '.join(found) or 'nothing'} |\n")
    text = "".join(head) + "\n"
    if report.problems:
        text += _problem_table(report.problems, SUMMARY_BYTES - len(text.encode()) - 200)
    else:
        text += "No problems.\n"
    return text


def validation_summary(validation: Validation) -> str:
    """`validate`'s result for the job summary: valid, or every problem."""
    from .validation import found, summary

    if validation.valid and not validation.diagnostics:
        return "## mlroadmap validate\n\n" + summary(validation)
    head = "## mlroadmap validate\n\n" + (summary(validation) if validation.valid else found(validation) + ".\n") + "\n"
    return head + _problem_table(validation.diagnostics, SUMMARY_BYTES - len(head.encode()) - 200)

