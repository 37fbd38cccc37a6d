"""Time whole `mlroadmap` processes on the example and on synthetic roadmaps, beside reference tools.

    .venv/bin/python benchmarks/run.py                 # the example, then N = 100 to 50,000 (about 15 minutes)
    .venv/bin/python benchmarks/run.py --sizes 100 1000 10000 --repeat 1   # about a minute
    .venv/bin/python benchmarks/run.py --sizes 10000 50000 --skip check-jsonschema yamllint

Prints wall time (median of --repeat runs) and peak memory of each command, the ratio
to `python -c pass` and to check-jsonschema on the same file, the growth exponent of
each command's time between consecutive sizes (1.0 = linear), and the performance
targets with the figures that meet or miss them. Figures come from one run on one
machine: compare the ratios, not the seconds.
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

ROOT = HERE.parent
SCHEMA = ROOT / "schemas" / "roadmap.schema.json"
EXAMPLE = ROOT / "examples" / "support-assistant"
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


def write_roadmaps(path: Path, size: int, files: int) -> None:
    """The roadmap of ``size`` items at ``path``; the version `diff` compares it with, in
    which every 2-week piece of work was a week shorter, beside it (``.old.yaml``); the same
    roadmap split across ``files`` files in a directory of the same name. Written by a child
    process: a forked child's peak memory counts its parent's pages, so this process stays
    as small as `python -c pass` and the peaks measure the commands alone."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, %r)\n"
        "from generate import generate\n"
        "path, size, files = Path(%r), %d, %d\n"
        "text = generate(size)['roadmap.yaml']\n"
        "path.write_text(text, encoding='utf-8')\n"
        "path.with_suffix('.old.yaml').write_text(text.replace('duration: 2w\\n', 'duration: 1w\\n'), encoding='utf-8')\n"
        "path.with_suffix('').mkdir()\n"
        "for name, part in generate(size, files).items():\n"
        "    (path.with_suffix('') / name).write_text(part, encoding='utf-8')\n"
    ) % (str(HERE), str(path), size, files)
    subprocess.run([sys.executable, "-c", code], check=True)


def example_commands() -> dict[str, list[str]]:
    """Startup: the example is small, so these are mostly imports and process start."""
    files = sorted(str(name) for name in EXAMPLE.glob("*.yaml"))
    out = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "mlroadmap --help": [str(BIN / "mlroadmap"), "--help"],
        "mlroadmap validate": [str(BIN / "mlroadmap"), "validate", "-q", str(EXAMPLE)],
        "mlroadmap check": [str(BIN / "mlroadmap"), "check", "--as-of", "2026-11-25", str(EXAMPLE)],
        "check-jsonschema": [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA), *files],
    }
    yamllint = shutil.which("yamllint", path=str(BIN)) or shutil.which("yamllint")
    if yamllint:
        out["yamllint"] = [yamllint, "-d", "relaxed", str(EXAMPLE)]
    return out


def commands(path: Path, files: int) -> dict[str, list[str]]:
    out = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "mlroadmap validate": [str(BIN / "mlroadmap"), "validate", "-q", str(path)],
        f"mlroadmap validate ({files} files)": [str(BIN / "mlroadmap"), "validate", "-q", str(path.with_suffix(""))],
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


def table(row: dict[str, tuple[float, float]]) -> None:
    print(f"  {'command':<{WIDTH}}{'time':>9}{'peak':>10}{'x pass':>9}{'x check-jsonschema':>20}")
    for name, (seconds, peak) in row.items():
        vs_pass = seconds / row["python -c pass"][0]
        versus = f"{seconds / row['check-jsonschema'][0]:>20.2f}" if "check-jsonschema" in row else f"{'-':>20}"
        print(f"  {name:<{WIDTH}}{seconds:>8.3f}s{peak:>8.0f}MB{vs_pass:>9.1f}{versus}")


def exponent(by_size: dict[int, tuple[float, float]], small: int, large: int) -> float:
    return math.log(by_size[large][0] / by_size[small][0]) / math.log(large / small)


def targets(example: dict[str, tuple[float, float]], results: dict[str, dict[int, tuple[float, float]]]) -> list[tuple[str, str, bool]]:
    """The targets of the performance issue that this run measured: (target, figure, met)."""
    out = []
    validate = results.get("mlroadmap validate", {})
    critical = results.get("mlroadmap critical-path", {})
    jsonschema = results.get("check-jsonschema", {})
    if "mlroadmap validate" in example and "yamllint" in example:
        ratio = example["mlroadmap validate"][0] / example["yamllint"][0]
        out.append(("validate on the example <= 1.5x yamllint", f"{ratio:.2f}x", ratio <= 1.5))
    if "mlroadmap validate" in example and "check-jsonschema" in example:
        ratio = example["mlroadmap validate"][0] / example["check-jsonschema"][0]
        out.append(("validate on the example <= 0.5x check-jsonschema", f"{ratio:.2f}x", ratio <= 0.5))
    if 10000 in validate:
        seconds, peak = validate[10000]
        out.append(("validate on 10,000 items < 1.0 s", f"{seconds:.2f} s", seconds < 1.0))
        out.append(("validate on 10,000 items < 150 MB", f"{peak:.0f} MB", peak < 150))
        if 10000 in jsonschema:
            faster = jsonschema[10000][0] / seconds
            out.append(("validate on 10,000 items >= 6x faster than check-jsonschema", f"{faster:.1f}x", faster >= 6))
    if 50000 in validate:
        out.append(("validate on 50,000 items < 5 s", f"{validate[50000][0]:.2f} s", validate[50000][0] < 5))
    if 10000 in critical:
        out.append(("critical-path on 10,000 items < 1.5 s", f"{critical[10000][0]:.2f} s", critical[10000][0] < 1.5))
    if 10000 in critical and 50000 in critical:
        growth = exponent(critical, 10000, 50000)
        out.append(("critical-path growth exponent 10,000 -> 50,000 <= 1.15", f"{growth:.2f}", growth <= 1.15))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000, 50000])
    parser.add_argument("--files", type=int, default=20, help="also validate each roadmap split across this many files")
    parser.add_argument("--skip", nargs="*", default=[],
                        help="commands to leave out, by their name in the table, e.g. check-jsonschema at 50,000 items")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"The example ({EXAMPLE.relative_to(ROOT)}, {sum(f.stat().st_size for f in EXAMPLE.glob('*.yaml')) / 1e3:.0f} kB of YAML)")
    example = {name: measure(command, args.repeat) for name, command in example_commands().items() if name not in args.skip}
    table(example)
    results: dict[str, dict[int, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"roadmap-{size}.yaml"
            write_roadmaps(path, size, args.files)
            megabytes = path.stat().st_size / 1e6
            print(f"\nN = {size:,} items ({megabytes:.1f} MB of YAML)")
            row = {name: measure(command, args.repeat) for name, command in commands(path, args.files).items() if name not in args.skip}
            for name, figures in row.items():
                results.setdefault(name, {})[size] = figures
            table(row)
    if len(args.sizes) > 1:
        print("\nGrowth exponent of time between sizes (1.0 = linear):")
        for name, by_size in results.items():
            if name == "python -c pass":
                continue
            steps = [f"{small:,}->{large:,}: {exponent(by_size, small, large):.2f}"
                     for small, large in zip(args.sizes, args.sizes[1:]) if small in by_size and large in by_size]
            print(f"  {name:<{WIDTH}}" + "   ".join(steps))
    measured = targets(example, results)
    if measured:
        print("\nTargets (this run):")
        for target, figure, met in measured:
            print(f"  {'met   ' if met else 'MISSED'}  {target:<62}{figure:>9}")


if __name__ == "__main__":
    main()
