"""Time whole `mlroadmap` processes on the example and on synthetic roadmaps, beside reference tools.

    .venv/bin/python benchmarks/run.py --quick          # the example and N = 10,000: under 2 minutes
    .venv/bin/python benchmarks/run.py                  # the example, then N = 100 to 50,000 (about 15 minutes)
    .venv/bin/python benchmarks/run.py --monorepo       # and 1,000 team roadmaps of 200 items (about 2 minutes more)
    .venv/bin/python benchmarks/run.py --sizes 10000 50000 --skip check-jsonschema yamllint

Columns: "cpu" is the median CPU time (user and system, of the process and the workers
it waits for) of --repeat whole-process runs, "wall" their median elapsed time; "peak" the
largest peak resident memory (ru_maxrss) of those runs, of the process or of its largest
worker; "x pass" the CPU time as a multiple of `python -c pass`'s; "x check-jsonschema" as
a fraction of check-jsonschema's on the same file. The commands of a table run in turn,
one round after another, so that a machine busier at one moment slows them alike: ratios
of one run are what to compare, not seconds. Then the growth exponent of each command's
time between consecutive sizes (1.0 = linear), and the performance targets with the
figures that meet or miss them; a target needs its sizes and its reference tool in the
run. check-jsonschema and yamllint come with `pip install -e '.[bench]'`; a tool that is
not installed is left out.
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
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

ROOT = HERE.parent
SCHEMA = ROOT / "schemas" / "roadmap.schema.json"
EXAMPLE = ROOT / "examples" / "support-assistant"
BIN = Path(sys.executable).parent
WIDTH = 50  # of the command column: the longest name, "mlroadmap critical-path --dates dependencies", and a gap


# Python caches compiled modules in __pycache__: a run that may not write them (the
# variable set, as some sandboxes do) compiles mlroadmap's sources at every start.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Figures:
    cpu: float  # median CPU seconds
    wall: float  # median elapsed seconds
    peak: float  # MiB


def run_once(command: list[str]) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS in MiB) of running ``command`` to completion.
    wait4's usage covers the process and every worker it waited for; ru_maxrss is the
    largest of them."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if process.returncode not in (0, 1):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def measure(commands: dict[str, list[str]], repeat: int) -> dict[str, Figures]:
    """Each command ``repeat`` times, in rounds of one run each (so drift in the machine's
    load falls on all of them alike); medians, and the largest peak."""
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(run_once(command))
    return {name: Figures(statistics.median(cpu for cpu, _, _ in done), statistics.median(wall for _, wall, _ in done),
                          max(peak for _, _, peak in done)) for name, done in runs.items()}


def write_roadmaps(path: Path, size: int, files: int) -> None:
    """The roadmap of ``size`` items at ``path``; the version `diff` compares it with, in
    which every 2-week piece of work was a week shorter, beside it (``.old.yaml``); the same
    roadmap split across ``files`` files in a directory of the same name. Written by a child
    process: a forked child's peak memory counts its parent's pages, so this process stays
    as small as `python -c pass` and the peaks measure the commands alone."""
    generate_in_child(
        "path, size, files = Path(%r), %d, %d\n"
        "text = generate(size)['roadmap.yaml']\n"
        "path.write_text(text, encoding='utf-8')\n"
        "path.with_suffix('.old.yaml').write_text(text.replace('duration: 2w\\n', 'duration: 1w\\n'), encoding='utf-8')\n"
        "path.with_suffix('').mkdir()\n"
        "for name, part in generate(size, files).items():\n"
        "    (path.with_suffix('') / name).write_text(part, encoding='utf-8')\n"
        % (str(path), size, files))


def generate_in_child(code: str) -> None:
    """Run ``code`` with generate() imported, in a child process (see write_roadmaps)."""
    prelude = "import sys; from pathlib import Path; sys.path.insert(0, %r)\nfrom generate import generate\n" % str(HERE)
    subprocess.run([sys.executable, "-c", prelude + code], check=True)


MONOREPO = (1000, 200)  # team roadmaps, items each


def write_monorepo(path: Path, roadmaps: int, items: int) -> None:
    """``roadmaps`` directories of one generated roadmap each, every one its own seed."""
    generate_in_child(
        "root, roadmaps, items = Path(%r), %d, %d\n"
        "for index in range(roadmaps):\n"
        "    (root / f'team-{index:04d}').mkdir(parents=True)\n"
        "    (root / f'team-{index:04d}' / 'roadmap.yaml').write_text(generate(items, seed=index)['roadmap.yaml'], encoding='utf-8')\n"
        % (str(path), roadmaps, items))


def monorepo_commands(path: Path) -> dict[str, list[str]]:
    mlroadmap = str(BIN / "mlroadmap")
    return {
        "mlroadmap validate": [mlroadmap, "validate", "-q", str(path)],
        "mlroadmap validate --jobs 1": [mlroadmap, "validate", "-q", "--jobs", "1", str(path)],
        "mlroadmap check": [mlroadmap, "check", "--format", "json", "--as-of", "2026-11-25", str(path)],
    }


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
# The commands of --quick at 10,000 items: those the targets name (yamllint's, at 17 s a run, is the example's).
QUICK = ("python -c pass", "mlroadmap validate", "mlroadmap critical-path", "mlroadmap critical-path --dates dependencies", "mlroadmap check",
         "check-jsonschema")


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


def table(row: dict[str, Figures]) -> None:
    print(f"  {'command':<{WIDTH}}{'cpu':>9}{'wall':>9}{'peak':>10}{'x pass':>9}{'x check-jsonschema':>20}")
    for name, figures in row.items():
        vs_pass = f"{figures.cpu / row['python -c pass'].cpu:>9.1f}" if "python -c pass" in row else f"{'-':>9}"
        versus = f"{figures.cpu / row['check-jsonschema'].cpu:>20.2f}" if "check-jsonschema" in row else f"{'-':>20}"
        print(f"  {name:<{WIDTH}}{figures.cpu:>8.3f}s{figures.wall:>8.3f}s{figures.peak:>8.0f}MB{vs_pass}{versus}")


def exponent(by_size: dict[int, Figures], small: int, large: int) -> float:
    return math.log(by_size[large].cpu / by_size[small].cpu) / math.log(large / small)


Row = dict[str, Figures]  # command -> its figures


def targets(example: Row, results: dict[str, dict[int, Figures]], monorepo: Row) -> list[tuple[str, str, str | None, bool]]:
    """Each target of the performance issues: (target, what a run needs to measure it, this
    run's figure or None when not measured, met). Times are CPU times, but for the
    monorepo's, which are about using every core: elapsed."""
    def at(command: str, size: int) -> Figures | None:
        return results.get(command, {}).get(size)

    def ratio(ours: Figures | None, theirs: Figures | None) -> float | None:
        return ours.cpu / theirs.cpu if ours and theirs else None

    out: list[tuple[str, str, str | None, bool]] = []

    def target(name: str, needs: str, value: float | None, shown: str, met: bool) -> None:
        out.append((name, needs, None if value is None else shown.format(value), value is not None and met))

    for reference, limit in (("yamllint", 0.5), ("check-jsonschema", 0.5)):
        value = ratio(example.get("mlroadmap validate"), example.get(reference))
        target(f"validate on the example <= {limit}x {reference}", reference, value, "{:.2f}x", value is not None and value <= limit)
    small, large = at("mlroadmap validate", 10000), at("mlroadmap validate", 50000)
    target("validate on 10,000 items < 1.0 s", "--sizes 10000", small and small.cpu, "{:.2f} s", bool(small) and small.cpu < 1.0)
    target("validate on 10,000 items < 150 MB", "--sizes 10000", small and small.peak, "{:.0f} MB", bool(small) and small.peak < 150)
    value = ratio(at("check-jsonschema", 10000), small)
    target("validate on 10,000 items >= 6x faster than check-jsonschema", "--sizes 10000 and check-jsonschema", value, "{:.1f}x",
           value is not None and value >= 6)
    target("validate on 50,000 items < 5 s", "--sizes 50000", large and large.cpu, "{:.2f} s", bool(large) and large.cpu < 5)
    per_item = large.peak * 1024 / 50000 if large else None
    target("validate on 50,000 items <= 4 KB of memory an item", "--sizes 50000", per_item, "{:.1f} KB", per_item is not None and per_item <= 4)
    # The target was set for the dependency-only schedule, critical-path's default then.
    critical = results.get("mlroadmap critical-path --dates dependencies", {})
    value = ratio(critical.get(10000), small)
    target("critical-path --dates dependencies on 10,000 items <= 1.3x validate", "--sizes 10000", value, "{:.2f}x",
           value is not None and value <= 1.3)
    growth = exponent(critical, 10000, 50000) if 10000 in critical and 50000 in critical else None
    target("critical-path --dates dependencies growth exponent 10,000 -> 50,000 <= 1.15", "--sizes 10000 50000", growth, "{:.2f}",
           growth is not None and growth <= 1.15)
    # The forecast's, against critical-path (its default dates, levelled) on the same file.
    for samples, size, limit in ((10_000, 1000, 3.0), (2000, 10000, 10.0)):
        value = ratio(at(f"mlroadmap forecast --samples {samples}", size), at("mlroadmap critical-path", size))
        target(f"forecast, {samples:,} samples on {size:,} items <= {limit:g}x critical-path", f"--sizes {size}", value, "{:.2f}x",
               value is not None and value <= limit)
    ours = at("mlroadmap forecast --samples 10000", 1000)
    target("forecast, 10,000 samples on 1,000 items < 500 MB", "--sizes 1000", ours and ours.peak, "{:.0f} MB", bool(ours) and ours.peak < 500)
    roadmaps, items = MONOREPO
    for command, limit in (("mlroadmap validate", 30), ("mlroadmap check", 60)):
        figures = monorepo.get(command)
        target(f"{command.split()[1]} on {roadmaps:,} roadmaps of {items} items < {limit} s elapsed", "--monorepo",
               figures and figures.wall, "{:.1f} s", bool(figures) and figures.wall < limit)
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
    parser.add_argument("--quick", action="store_true", help="the example (5 rounds) and 10,000 items (3 rounds): under 2 minutes")
    parser.add_argument("--monorepo", action="store_true",
                        help=f"also {MONOREPO[0]:,} team roadmaps of {MONOREPO[1]} items each, in one directory (once each)")
    args = parser.parse_args()
    if args.quick:
        args.sizes = [10000]
    print(f"The example ({EXAMPLE.relative_to(ROOT)}, {size_of(sum(f.stat().st_size for f in EXAMPLE.glob('*.yaml')))} of YAML)")
    example = measure({name: command for name, command in example_commands().items() if name not in args.skip}, max(args.repeat, 5))
    table(example)
    results: dict[str, dict[int, Figures]] = {}
    monorepo: Row = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"roadmap-{size}.yaml"
            write_roadmaps(path, size, args.files)
            print(f"\nN = {size:,} items ({size_of(path.stat().st_size)} of YAML)")
            chosen = commands(path, args.files, size)
            if args.quick:  # the commands the targets name
                chosen = {name: command for name, command in chosen.items() if name in QUICK}
            row = measure({name: command for name, command in chosen.items() if name not in args.skip}, args.repeat)
            for name, figures in row.items():
                results.setdefault(name, {})[size] = figures
            table(row)
        if args.monorepo:
            roadmaps, items = MONOREPO
            path = Path(tmp) / "monorepo"
            write_monorepo(path, roadmaps, items)
            total = sum(name.stat().st_size for name in path.rglob("*.yaml"))
            print(f"\nA monorepo: {roadmaps:,} roadmaps of {items} items ({size_of(total)} of YAML), on {os.cpu_count()} cores")
            monorepo = measure({name: command for name, command in monorepo_commands(path).items() if name not in args.skip}, 1)
            table(monorepo)
    if len(args.sizes) > 1:
        print("\nGrowth exponent of time between sizes (1.0 = linear):")
        for name, by_size in results.items():
            if name == "python -c pass":
                continue
            steps = [f"{small:,}->{large:,}: {exponent(by_size, small, large):.2f}"
                     for small, large in zip(args.sizes, args.sizes[1:]) if small in by_size and large in by_size]
            print(f"  {name:<{WIDTH}}" + "   ".join(steps))
    print("\nTargets (this run):")
    for target, needs, figure, met in targets(example, results, monorepo):
        if figure is None:
            print(f"  -       {target:<62} not measured: needs {needs}")
        else:
            print(f"  {'met   ' if met else 'MISSED'}  {target:<62}{figure:>9}")


if __name__ == "__main__":
    main()
