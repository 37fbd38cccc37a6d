"""Time whole `mlroadmap` processes on the example and on synthetic roadmaps, beside reference tools.

    .venv/bin/python benchmarks/run.py                 # the example, then N = 100 to 50,000 (about 15 minutes)
    .venv/bin/python benchmarks/run.py --sizes 100 1000 10000 --repeat 1   # about a minute
    .venv/bin/python benchmarks/run.py --sizes 10000 50000 --skip check-jsonschema yamllint

Columns: "time" is the median wall time of --repeat whole-process runs; "peak" the
largest peak resident memory (ru_maxrss) of those runs; "x pass" the time as a multiple
of `python -c pass`; "x check-jsonschema" as a fraction of check-jsonschema's time on
the same file. Then the growth exponent of each command's time between consecutive
sizes (1.0 = linear), and the performance targets with the figures that meet or miss
them; a target needs its sizes (10,000, 50,000) and its reference tool in the run.
check-jsonschema and yamllint come with `pip install -e '.[bench]'`; a tool that is not
installed is left out. Figures come from one run on one machine: compare the ratios, not
the seconds.
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
WIDTH = 50  # of the command column: the longest name, "mlroadmap critical-path --dates dependencies", and a gap


def measure(command: list[str], repeat: int) -> tuple[float, float]:
    """(median wall seconds, peak RSS in MiB) of running ``command`` to completion."""
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        peaks.append(usage.ru_maxrss / 1024)
        if process.returncode not in (0, 1):
            raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
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
    }
    return out | reference_tools(files)


FORECAST = {10_000: 1000, 2000: 10**9}  # samples -> the largest roadmap the row runs on


def commands(path: Path, files: int, size: int) -> dict[str, list[str]]:
    out = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "mlroadmap validate": [str(BIN / "mlroadmap"), "validate", "-q", str(path)],
        f"mlroadmap validate ({files} files)": [str(BIN / "mlroadmap"), "validate", "-q", str(path.with_suffix(""))],
        # The generated roadmaps declare people: the default dates are the levelled schedule's.
        "mlroadmap critical-path": [str(BIN / "mlroadmap"), "critical-path", "--format", "json", "--as-of", "2026-11-25", str(path)],
        "mlroadmap critical-path --dates dependencies": [
            str(BIN / "mlroadmap"), "critical-path", "--dates", "dependencies", "--format", "json", "--as-of", "2026-11-25", str(path)],
        "mlroadmap capacity": [str(BIN / "mlroadmap"), "capacity", "--format", "json", "--as-of", "2026-11-25", str(path)],
        "mlroadmap check": [str(BIN / "mlroadmap"), "check", "--format", "json", "--as-of", "2026-11-25", str(path)],
        "mlroadmap calendar": [str(BIN / "mlroadmap"), "calendar", "--as-of", "2026-11-25", str(path)],
        "mlroadmap report --audience exec": [
            str(BIN / "mlroadmap"), "report", "--audience", "exec", "--format", "json", "--as-of", "2026-11-25", str(path)],
        # Two versions, each scheduled (with capacity: the generated roadmap has people) and checked.
        "mlroadmap diff OLD NEW": [
            str(BIN / "mlroadmap"), "diff", "--format", "json", "--as-of", "2026-11-25", str(path.with_suffix(".old.yaml")), str(path)],
    }
    # A third of the generated work carries an estimate; the levelled dates, approximated.
    for samples, largest in FORECAST.items():
        if size <= largest and (samples != 2000 or size >= 1000):
            out[f"mlroadmap forecast --samples {samples}"] = [
                str(BIN / "mlroadmap"), "forecast", "--samples", str(samples), "--format", "json", "--as-of", "2026-11-25", str(path)]
    return out | reference_tools([str(path)])


def installed(tool: str) -> str | None:
    return shutil.which(tool, path=str(BIN)) or shutil.which(tool)


def reference_tools(files: list[str]) -> dict[str, list[str]]:
    """The same files through check-jsonschema (with the exported schema) and yamllint,
    when they are installed (`pip install -e '.[bench]'`)."""
    out = {}
    if checker := installed("check-jsonschema"):
        out["check-jsonschema"] = [checker, "--schemafile", str(SCHEMA), *files]
    if yamllint := installed("yamllint"):
        out["yamllint"] = [yamllint, "-d", "relaxed", *files]
    return out


def table(row: dict[str, tuple[float, float]]) -> None:
    print(f"  {'command':<{WIDTH}}{'time':>9}{'peak':>10}{'x pass':>9}{'x check-jsonschema':>20}")
    for name, (seconds, peak) in row.items():
        vs_pass = f"{seconds / row['python -c pass'][0]:>9.1f}" if "python -c pass" in row else f"{'-':>9}"
        versus = f"{seconds / row['check-jsonschema'][0]:>20.2f}" if "check-jsonschema" in row else f"{'-':>20}"
        print(f"  {name:<{WIDTH}}{seconds:>8.3f}s{peak:>8.0f}MB{vs_pass}{versus}")


def exponent(by_size: dict[int, tuple[float, float]], small: int, large: int) -> float:
    return math.log(by_size[large][0] / by_size[small][0]) / math.log(large / small)


Figures = dict[str, tuple[float, float]]  # command -> (seconds, peak MB)


def targets(example: Figures, results: dict[str, Figures]) -> list[tuple[str, str, str | None, bool]]:
    """Each target of the performance issue: (target, what a run needs to measure it, this
    run's figure or None when not measured, met)."""
    def at(command: str, size: int) -> tuple[float, float] | None:
        return results.get(command, {}).get(size)

    out: list[tuple[str, str, str | None, bool]] = []
    for reference, limit in (("yamllint", 1.5), ("check-jsonschema", 0.5)):
        ratio = example["mlroadmap validate"][0] / example[reference][0] if "mlroadmap validate" in example and reference in example else None
        out.append((f"validate on the example <= {limit}x {reference}", reference,
                    None if ratio is None else f"{ratio:.2f}x", ratio is not None and ratio <= limit))
    small, large = at("mlroadmap validate", 10000), at("mlroadmap validate", 50000)
    out.append(("validate on 10,000 items < 1.0 s", "--sizes 10000", small and f"{small[0]:.2f} s", bool(small) and small[0] < 1.0))
    out.append(("validate on 10,000 items < 150 MB", "--sizes 10000", small and f"{small[1]:.0f} MB", bool(small) and small[1] < 150))
    theirs = at("check-jsonschema", 10000)
    faster = theirs[0] / small[0] if small and theirs else None
    out.append(("validate on 10,000 items >= 6x faster than check-jsonschema", "--sizes 10000 and check-jsonschema",
                None if faster is None else f"{faster:.1f}x", faster is not None and faster >= 6))
    out.append(("validate on 50,000 items < 5 s", "--sizes 50000", large and f"{large[0]:.2f} s", bool(large) and large[0] < 5))
    # The target was set for the dependency-only schedule, critical-path's default then.
    critical = results.get("mlroadmap critical-path --dates dependencies", {})
    out.append(("critical-path --dates dependencies on 10,000 items < 1.5 s", "--sizes 10000",
                f"{critical[10000][0]:.2f} s" if 10000 in critical else None, 10000 in critical and critical[10000][0] < 1.5))
    growth = exponent(critical, 10000, 50000) if 10000 in critical and 50000 in critical else None
    out.append(("critical-path --dates dependencies growth exponent 10,000 -> 50,000 <= 1.15", "--sizes 10000 50000",
                None if growth is None else f"{growth:.2f}", growth is not None and growth <= 1.15))
    # The forecast's, against critical-path (its default dates, levelled) on the same file.
    for samples, size, limit in ((10_000, 1000, 3.0), (2000, 10000, 10.0)):
        ours, theirs = at(f"mlroadmap forecast --samples {samples}", size), at("mlroadmap critical-path", size)
        ratio = ours[0] / theirs[0] if ours and theirs else None
        out.append((f"forecast, {samples:,} samples on {size:,} items <= {limit:g}x critical-path", f"--sizes {size}",
                    None if ratio is None else f"{ratio:.2f}x", ratio is not None and ratio <= limit))
    ours = at("mlroadmap forecast --samples 10000", 1000)
    out.append(("forecast, 10,000 samples on 1,000 items < 500 MB", "--sizes 1000", ours and f"{ours[1]:.0f} MB", bool(ours) and ours[1] < 500))
    return out


def size_of(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000, 50000])
    parser.add_argument("--files", type=int, default=20, help="also validate each roadmap split across this many files")
    parser.add_argument("--skip", nargs="*", default=[],
                        help="commands to leave out, by their name in the table, e.g. check-jsonschema at 50,000 items")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"The example ({EXAMPLE.relative_to(ROOT)}, {size_of(sum(f.stat().st_size for f in EXAMPLE.glob('*.yaml')))} of YAML)")
    example = {name: measure(command, args.repeat) for name, command in example_commands().items() if name not in args.skip}
    table(example)
    results: dict[str, dict[int, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"roadmap-{size}.yaml"
            write_roadmaps(path, size, args.files)
            print(f"\nN = {size:,} items ({size_of(path.stat().st_size)} of YAML)")
            row = {name: measure(command, args.repeat) for name, command in commands(path, args.files, size).items()
                   if name not in args.skip}
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
    print("\nTargets (this run):")
    for target, needs, figure, met in targets(example, results):
        if figure is None:
            print(f"  -       {target:<62} not measured: needs {needs}")
        else:
            print(f"  {'met   ' if met else 'MISSED'}  {target:<62}{figure:>9}")


if __name__ == "__main__":
    main()
