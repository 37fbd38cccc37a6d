"""How far the forecast's fast dates are from levelling every sample again, on the examples.

    .venv/bin/python benchmarks/forecast_error.py            # 2,000 samples each, about a minute
    .venv/bin/python benchmarks/forecast_error.py --samples 500

With the team's capacity, `mlroadmap forecast` moves the levelled schedule's dates by what
each sample draws, keeping the order each person works in; `--relevel` levels every
sample again. Both read the same draws for the same seed, so the difference between
their percentiles is the approximation's alone, not sampling noise. Printed: the end's
and each outcome's 50/80/95% dates both ways and the difference in days (negative: the
fast dates are earlier, optimistic), and the CPU time of each. By dependencies alone the
two agree exactly (a test checks it), so only the levelled projection is measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("support-assistant", "card-fraud")
AS_OF = dt.date(2026, 11, 25)


def main() -> None:
    import mlroadmap
    from mlroadmap.analysis import Analysis
    from mlroadmap.forecast import forecast

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for name in EXAMPLES:
        analysis = Analysis(mlroadmap.load(str(ROOT / "examples" / name)), AS_OF)
        assert analysis.dates == "capacity", analysis.dates
        forecast(analysis, samples=1, relevel=True)  # imports and the projection, outside both timings
        started = time.process_time()
        moved = forecast(analysis, samples=args.samples, seed=args.seed, drivers=False)
        fast = time.process_time() - started
        started = time.process_time()
        again = forecast(analysis, samples=args.samples, seed=args.seed, drivers=False, relevel=True)
        slow = time.process_time() - started
        print(f"{name}, as of {AS_OF}, {args.samples:,} samples (seed {args.seed}) over {moved.drawn}; "
              f"plan ends {analysis.schedule.end}")
        print(f"  {'':<32}{'moved (default)':>36}{'levelled again (--relevel)':>36}{'moved - again, days':>22}")
        rows = [("the end", moved.end, again.end)]
        rows += [(f"outcome {mine.id}", (mine.p50, mine.p80, mine.p95), (theirs.p50, theirs.p80, theirs.p95))
                 for mine, theirs in zip(moved.outcomes, again.outcomes)]
        for label, mine, theirs in rows:
            differences = " / ".join(f"{(a - b).days:+d}" for a, b in zip(mine, theirs))
            print(f"  {label:<32}{'  '.join(map(str, mine)):>36}{'  '.join(map(str, theirs)):>36}{differences:>22}")
        for mine, theirs in zip(moved.outcomes, again.outcomes):
            print(f"  {'chance in quarter, ' + mine.id:<32}{mine.p_on_time:>36.1%}{theirs.p_on_time:>36.1%}")
        print(f"  CPU: moved {fast * 1000:.0f} ms, levelled again {slow:.1f} s ({slow / fast:.0f}x; "
              f"{slow / args.samples * 1000:.1f} ms a sample)\n")


if __name__ == "__main__":
    main()
