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
    from ..check import CheckReport, Checks
    from ..diagnostics import Diagnostic
    from ..validation import Validation

ANNOTATIONS_PER_KIND = 10  # per step, for each of error, warning and notice
SUMMARY_BYTES = 1024 * 1024  # GitHub's limit for one step's summary
KIND = {"error": "error", "warning": "warning", "info": "notice"}


def not_annotated(problems: list[Diagnostic], notices: int = 0, summary: str | None = None) -> str:
    """The log's line saying which problems GitHub will not annotate ("" when it annotates
    all); ``notices``: other notices printed before them (a scenario's); ``summary``: what
    the job summary got, "all" or "some" of them (None: there is none)."""
    counts = Counter(KIND[problem.severity] for problem in problems)
    counts["notice"] += notices
    left = [(kind, count - ANNOTATIONS_PER_KIND) for kind, count in counts.items() if count > ANNOTATIONS_PER_KIND]
    if not left:
        return ""
    order = {"error": 0, "warning": 1, "notice": 2}
    parts = [f"{extra:,} of {counts[kind]:,} {kind}s" for kind, extra in sorted(left, key=lambda pair: order[pair[0]])]
    where = {"all": "the job summary lists them all", "some": "this log lists them all, the job summary as many as fit"}.get(
        summary or "", "all of them are in this log")
    return (f"GitHub annotates at most {ANNOTATIONS_PER_KIND} errors, {ANNOTATIONS_PER_KIND} warnings and {ANNOTATIONS_PER_KIND} "
            f"notices per step: {_and(parts)} are not annotated on the pull request; {where}.\n")


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _cell(text: str) -> str:
    """User text in a table cell: one line, its pipes escaped, and HTML shown as written
    (GitHub renders HTML in Markdown: an unclosed <details> would fold the rest)."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _code(text: str) -> str:
    """User text as code in a table cell: HTML is literal there, pipes still end the cell,
    and a backtick would end the code."""
    return "`" + " ".join(text.split()).replace("`", "'").replace("|", "\\|") + "`"


def _problem_table(problems: list[Diagnostic], budget: int) -> tuple[str, bool]:
    """The problems as a Markdown table, as many rows as ``budget`` bytes hold (and
    whether that was all of them); a rule's id links to its documentation."""
    from ..rules import RULES
    from .check import RULES_DOCUMENT, rule_anchor

    lines = ["| Severity | Where | Rule | Problem |\n", "|---|---|---|---|\n"]
    size = sum(len(line.encode()) for line in lines)
    for index, problem in enumerate(problems):
        rule = RULES.get(problem.code)
        code = f"[{problem.code}]({HOMEPAGE}/blob/main/{RULES_DOCUMENT}#{rule_anchor(rule)})" if rule else f"`{problem.code}`"
        line = f"| {problem.severity} | {_code(str(problem.location))} | {code} | {_cell(problem.message)} |\n"
        if size + len(line.encode()) > budget - 200:  # room for the line saying how many are left out
            lines.append(f"\nand {len(problems) - index:,} more, left out to keep within GitHub's 1 MiB for a step's summary; "
                         "the log lists them all.\n")
            return "".join(lines), False
        size += len(line.encode())
        lines.append(line)
    return "".join(lines), True


def check_summary(report: CheckReport, budget: int = SUMMARY_BYTES) -> tuple[str, bool]:
    """`check`'s result for the job summary, in at most ``budget`` bytes: the score by
    section, every problem, and how many; and whether every problem fitted."""
    from ..projection import dates_words
    from .check import _counted, to_text

    head = [f"## mlroadmap check: {_cell(report.roadmap)}\n\n",
            f"{report.satisfied}/{len(report.scored)} checklist sections satisfied (as of {report.as_of}; dates {dates_words(report.dates)}).\n\n",
            "| | Section | Found |\n", "|---|---|---|\n"]
    for group in report.groups:
        if not group.applies:
            head.append(f"| – | {_cell(group.group.title)} | does not apply ({_cell(group.group.needs)}) |\n")
            continue
        found = [_counted(count, noun) for count, noun in ((group.errors, "error"), (group.warnings, "warning")) if count]
        head.append(f"| {'✓' if group.satisfied else '✗'} | {_cell(group.group.title)} | {', '.join(found) or 'nothing'} |\n")
    total = to_text(report).splitlines()[-1]  # "Found 20 problems (16 errors, 4 warnings)."
    text = "".join(head) + "\n" + total + "\n\n"
    if not report.problems:
        return text, True
    table, complete = _problem_table(report.problems, budget - len(text.encode()))
    return text + table, complete


def checks_summary(checks: Checks, budget: int = SUMMARY_BYTES) -> tuple[str, bool]:
    """Several roadmaps' `check` for the job summary: a row for each roadmap (its score, what
    it found, whether it passed), the total, then every problem that fits."""
    from ..check import CheckReport
    from .check import _counted, _total

    head = [f"## mlroadmap check: {_counted(len(checks.checked), 'roadmap')}\n\n", "| Roadmap | Checklist | Found | Result |\n", "|---|---|---|---|\n"]
    for one in checks.checked:
        if isinstance(one, CheckReport):
            found = [_counted(one.count(level), level) for level in ("error", "warning") if one.count(level)]
            head.append(f"| {_cell(one.roadmap)} | {one.satisfied}/{len(one.scored)} | {', '.join(found) or 'nothing'} | "
                        f"{'passed' if one.passed(checks.strict) else 'failed'} |\n")
        else:
            errors = sum(problem.severity == "error" for problem in one.problems)
            head.append(f"| {_cell(one.roadmap or ', '.join(one.files))} | – | {_counted(errors, 'error')} | not valid |\n")
    text = "".join(head) + "\n" + "".join(words for words, _style in _total(checks)) + "\n\n"
    if not checks.problems:
        return text, True
    table, complete = _problem_table(checks.problems, budget - len(text.encode()))
    return text + table, complete


def validation_summary(validation: Validation, title: str = "mlroadmap validate", budget: int = SUMMARY_BYTES) -> tuple[str, bool]:
    """`validate`'s result for the job summary: valid, or every problem (``title``: the
    heading, for the command that found the roadmap invalid)."""
    from .validation import found, summary

    head = f"## {title}\n\n" + (summary(validation) if validation.valid else found(validation) + ".\n")
    if not validation.diagnostics:
        return head, True
    table, complete = _problem_table(validation.diagnostics, budget - len(head.encode()) - 1)
    return head + "\n" + table, complete
