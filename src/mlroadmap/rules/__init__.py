"""The rules `mlroadmap check` runs: one module per checklist group, named after the group
(``critical-path`` is :mod:`.critical_path`), holding that group's rules and their helpers;
see :mod:`.registry` for the decorator, the groups and what a rule yields.

Adding a rule touches only its group's module (its examples are its tests, run for every
registered rule) and the generated docs (`mlroadmap rules --format markdown`, the README's
table). Importing this package registers every rule; the order below is that of ``RULES``.
"""

from __future__ import annotations

from . import (  # noqa: F401 - importing registers the rules
    capacity,
    critical_path,
    data,
    ethics,
    experiments,
    meta,
    metrics,
    milestones,
    monitoring,
    outcomes,
    retraining,
    risks,
    stakeholders,
)
from .registry import GROUPS, RULES, Finding, Group, Rule, UnknownRule, resolve, rule_for

__all__ = ["GROUPS", "RULES", "Finding", "Group", "Rule", "UnknownRule", "resolve", "rule_for"]
