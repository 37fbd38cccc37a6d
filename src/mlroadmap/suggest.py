"""'Did you mean ...?' for typos, on a fixed budget.

difflib compares a word with every candidate, so suggesting for every typo in a roadmap
of 20,000 ids would be quadratic. A :class:`Suggester` stops suggesting once it has made
``budget`` comparisons in all: the first typos get hints, a flood of them stays fast,
and the output is the same on every run (unlike a time budget).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

DEFAULT_BUDGET = 200_000


class Suggester:
    def __init__(self, budget: int = DEFAULT_BUDGET):
        self.budget = budget

    def closest(self, word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
        """The candidate closest to ``word`` (case-insensitively), or None."""
        options = candidates if isinstance(candidates, (list, tuple)) else list(candidates)
        if not options or self.budget < len(options):
            return None
        self.budget -= len(options)
        lowered: dict[str, str] = {}
        for option in options:
            lowered.setdefault(option.lower(), option)
        match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
        return lowered[match[0]] if match else None

    def hint(self, word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
        """`` (did you mean 'x'?)`` or an empty string."""
        match = self.closest(word, candidates, cutoff)
        return f" (did you mean {match!r}?)" if match is not None and match != word else ""
