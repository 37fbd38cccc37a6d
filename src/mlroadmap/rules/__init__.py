"""The rules `mlroadmap check` runs, one module per source of practice; see :mod:`.registry`."""

from __future__ import annotations

from . import capacity, checklist, practices  # noqa: F401 - importing registers the rules
from .registry import GROUPS, RULES, Context, Finding, Group, Rule, UnknownRule, resolve, rule_for

__all__ = ["GROUPS", "RULES", "Context", "Finding", "Group", "Rule", "UnknownRule", "resolve", "rule_for"]
