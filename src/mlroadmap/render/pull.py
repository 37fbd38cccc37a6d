"""``metrics pull``'s output: each metric that changed (old → new, and when it was measured),
then one line of what was read and written."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..pull import Pull, Reading


def to_text(pull: Pull) -> str:
    from ..diagnostics import render_text

    if pull.problems:
        count = len(pull.problems)
        problems = f"{count} problem{'s' if count != 1 else ''}"
        if pull.checked:
            return render_text(pull.problems) + f"Not checked: {problems} reading the metrics' sources.\n"
        return render_text(pull.problems) + f"Nothing written: {problems} reading the metrics' sources.\n"
    lines = [_change(reading) for reading in pull.changes]
    lines += [f"{retrain.location}: {retrain.model}: retrained {retrain.old or 'none'} → {retrain.new} (from {retrain.origin})"
              for retrain in pull.retrained]
    total, changed = len(pull.readings), len(pull.changes)
    if changed == 0 and pull.retrained:
        changed = len(pull.retrained)
        what = "1 model's last retrain" if changed == 1 else f"{changed} models' last retrains"
        lines.append(f"{what} out of date; nothing written (--check)." if pull.checked else f"{what} updated in {', '.join(pull.written)}.")
        return "".join(line + "\n" for line in lines)
    if total == 0:
        lines.append("No metric has a source: nothing to pull (add `source:` to a model's metric).")
    elif changed == 0:
        lines.append(f"{_metrics(total)} read: {'all' if total > 1 else 'it is'} current.")
    elif pull.checked:
        lines.append(f"{changed} of {_metrics(total)} out of date; nothing written (--check). Run `mlroadmap metrics pull` to update.")
    else:
        lines.append(f"{changed} of {_metrics(total)} updated in {', '.join(pull.written)}.")
    return "".join(line + "\n" for line in lines)


def _metrics(count: int) -> str:
    return f"{count} metric{'s' if count != 1 else ''}"


def _change(reading: Reading) -> str:
    from ..writeback import number_text

    parts = []
    if reading.old != reading.new:
        old = "none" if reading.old is None else number_text(int(reading.old) if reading.old.is_integer() else reading.old)
        parts.append(f"current {old} → {number_text(reading.new)}")
    if reading.old_measured != reading.measured:
        old_day = "none" if reading.old_measured is None else reading.old_measured.isoformat()
        parts.append(f"measured {old_day} → {reading.measured.isoformat()}")
    elif parts:
        parts.append(f"measured {reading.measured.isoformat()}")
    return f"{reading.location}: {reading.model} {reading.metric}: {', '.join(parts)} (from {reading.origin})"
