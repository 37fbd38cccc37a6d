"""``validate`` as text: every problem at its ``file:line:col``, then how many there are,
or each valid roadmap's summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..validation import Validation


def found(validation: Validation) -> str:
    """"Found 3 problems in 2 files" (errors only: warnings do not fail a run)."""
    errors = [d for d in validation.diagnostics if d.severity == "error"]
    files = len({d.location.file for d in errors})
    return f"Found {len(errors)} problem{'s' * (len(errors) != 1)} in {files} file{'s' * (files != 1)}"


def summary(validation: Validation) -> str:
    """"Support Assistant 2026: valid (8 files; 3 outcomes, ...)." for each roadmap."""
    from ..model import count_of

    lines = []
    for found in validation.found:
        if found.name is None:
            continue
        counts = [count_of(name, number) for name, number in found.counts]
        files = len(found.files)
        lines.append(f"{found.name}: valid ({files} file{'s' * (files != 1)}; {', '.join(counts) or 'no entries'}).\n")
    return "".join(lines)


def to_text(validation: Validation) -> str:
    from ..diagnostics import render_text

    return render_text(validation.diagnostics) + (summary(validation) if validation.valid else found(validation) + ".\n")
