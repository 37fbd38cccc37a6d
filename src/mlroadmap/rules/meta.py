"""Rules MLR0??, group ``meta``: the check's own configuration and waivers (source:
mlroadmap itself, not the checklist).

:mod:`mlroadmap.check` finds these problems while it applies waivers; they are registered
here for the documentation (`mlroadmap rules`, the README's table, SARIF), and their checks
find nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .registry import Finding, rule

if TYPE_CHECKING:
    from .registry import Context


@rule(
    "MLR001", "unknown-waiver", group="meta", severity="error",
    title="Waivers name a rule that exists",
    rationale="A waiver for a rule id that does not exist (a typo, a renamed rule) waives nothing and hides that the real rule still fires.",
    fix="Use a rule id or name from `mlroadmap rules`.",
    bad="""
        risks:
          - {id: vendor-slip, title: Vendor slips, likelihood: medium, impact: high, mitigation: Second vendor, waive: {MLR999: Accepted}}""",
    good="""
        risks:
          - {id: vendor-slip, title: Vendor slips, likelihood: medium, impact: high, mitigation: Second vendor}""",
)
def unknown_waiver(ctx: Context) -> Iterator[Finding]:
    return iter(())


@rule(
    "MLR002", "unused-waiver", group="meta", severity="warning",
    title="Waivers still waive something",
    rationale="A waiver whose rule no longer fires there is stale: remove it so the next real problem is not hidden by it.",
    fix="Delete the waiver.",
    bad="""
        risks:
          - {id: vendor-slip, title: Vendor slips, likelihood: medium, impact: high, mitigation: Second vendor, waive: {MLR244: Second vendor on standby}}""",
    good="""
        risks:
          - {id: vendor-slip, title: Vendor slips, likelihood: medium, impact: high, mitigation: Second vendor}""",
)
def unused_waiver(ctx: Context) -> Iterator[Finding]:
    return iter(())
