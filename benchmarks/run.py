"""Time whole `mlroadmap` processes on synthetic roadmaps, beside reference tools.

    .venv/bin/python benchmarks/run.py                 # N = 100, 1,000, 10,000
    .venv/bin/python benchmarks/run.py --sizes 100 1000 10000 50000 --repeat 3
    .venv/bin/python benchmarks/run.py --sizes 10000 50000 --skip check-jsonschema yamllint

Prints wall time (median of --repeat runs) and peak memory of each command, the ratio
to `python -c pass` and to check-jsonschema on the same file, and the growth exponent
of each command's time between consecutive sizes (1.0 = linear). Figures come from one
run on one machine: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

ROOT = HERE.parent
SCHEMA = ROOT / "schemas" / "roadmap.schema.json"
BIN = Path(sys.executable).parent
WIDTH = 37  # of the command column: the longest name, "mlroadmap critical-path --resources", and a gap


def measure(command: list[str], repeat: int) -> tuple[float, float]:
    """(median wall seconds, peak RSS in MiB) of running ``command`` to completion."""
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(command)}")
    return statistics.median(times), max(peaks)


def commands(path: Path) -> dict[str, list[str]]:
    out = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "mlroadmap validate": [str(BIN / "mlroadmap"), "validate", "-q", str(path)],
        "mlroadmap critical-path": [str(BIN / "mlroadmap"), "critical-path", "--format", "json", "--as-of", "2026-11-25", str(path)],
        "mlroadmap critical-path --resources": [
            str(BIN / "mlroadmap"), "critical-path", "--resources", "--format", "json", "--as-of", "2026-11-25", str(path)],
        "mlroadmap capacity": [str(BIN / "mlroadmap"), "capacity", "--format", "json", "--as-of", "2026-11-25", str(path)],
        "mlroadmap check": [str(BIN / "mlroadmap"), "check", "--format", "json", "--as-of", "2026-11-25", str(path)],
        "mlroadmap report --audience exec": [
            str(BIN / "mlroadmap"), "report", "--audience", "exec", "--format", "json", "--as-of", "2026-11-25", str(path)],
        # Two versions, each scheduled (with capacity: the generated roadmap has people) and checked.
        "mlroadmap diff OLD NEW": [
            str(BIN / "mlroadmap"), "diff", "--format", "json", "--as-of", "2026-11-25", str(path.with_suffix(".old.yaml")), str(path)],
        "check-jsonschema": [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA), str(path)],
    }
    yamllint = shutil.which("yamllint", path=str(BIN)) or shutil.which("yamllint")
    if yamllint:
        out["yamllint"] = [yamllint, "-d", "relaxed", str(path)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--skip", nargs="*", default=[],
                        help="commands to leave out, by their name in the table, e.g. check-jsonschema at 50,000 items")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, dict[int, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"roadmap-{size}.yaml"
            text = generate(size)["roadmap.yaml"]
            path.write_text(text, encoding="utf-8")
            # The version `diff` compares with: every 2-week piece of work was a week shorter.
            path.with_suffix(".old.yaml").write_text(text.replace("duration: 2w\n", "duration: 1w\n"), encoding="utf-8")
            megabytes = path.stat().st_size / 1e6
            print(f"\nN = {size:,} items ({megabytes:.1f} MB of YAML)")
            print(f"  {'command':<{WIDTH}}{'time':>9}{'peak':>10}{'x pass':>9}{'x check-jsonschema':>20}")
            row = {name: measure(command, args.repeat) for name, command in commands(path).items() if name not in args.skip}
            for name, (seconds, peak) in row.items():
                results.setdefault(name, {})[size] = (seconds, peak)
                vs_pass = seconds / row["python -c pass"][0]
                versus = f"{seconds / row['check-jsonschema'][0]:>20.2f}" if "check-jsonschema" in row else f"{'-':>20}"
                print(f"  {name:<{WIDTH}}{seconds:>8.3f}s{peak:>8.0f}MB{vs_pass:>9.1f}{versus}")
    if len(args.sizes) > 1:
        print("\nGrowth exponent of time between sizes (1.0 = linear):")
        for name, by_size in results.items():
            if name == "python -c pass":
                continue
            steps = []
            for small, large in zip(args.sizes, args.sizes[1:]):
                if small not in by_size or large not in by_size:
                    continue
                ratio = by_size[large][0] / by_size[small][0]
                steps.append(f"{small:,}->{large:,}: {math.log(ratio) / math.log(large / small):.2f}")
            print(f"  {name:<{WIDTH}}" + "   ".join(steps))


if __name__ == "__main__":
    main()
