"""Several roadmaps of one run spread over the machine's cores: a monorepo's team roadmaps.

Each roadmap is loaded, validated and checked on its own, so the work splits by roadmap.
The parent reads which files have a ``roadmap:`` header (a scan of their text, without
parsing), groups the files into roadmaps the way the loader does, and gives each worker
process a share of the roadmaps, balanced by size. A worker loads its roadmaps and
confirms the scan: when a file's header was misread (a header written as a quoted key,
say), the run goes back to one process, so a result never depends on the scan. The
workers then send the ids of their roadmaps, for the message that a reference names an id
of another roadmap, and get everyone's back: a roadmap that names an unknown id waits for
them, any other is finished and let go at once, so a worker holds one roadmap at a time.
What comes back is small: each roadmap's problems and what the caller's task made of it
(a summary, a check report), never the loaded roadmap itself.

Workers are forked (the parent's imports come along for free), so this runs where ``fork``
exists (Linux, macOS); elsewhere, and for a run too small to gain, the caller loads in one
process as before.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .diagnostics import Diagnostic
from .loader import MAX_FILE_BYTES, STDIN, SourceFile, grouped, load_file, merged
from .references import check_references

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from .loader import LoadResult

T = TypeVar("T")
Task = Callable[["LoadResult", list[Diagnostic]], T]

# The loader's test for a header in a file it cannot parse, on bytes; a UTF-8 BOM first.
_HEADER = re.compile(rb"^(?:\xef\xbb\xbf)?roadmap[ \t]*:", re.MULTILINE)
# Below these, forking costs more than it saves (measured on the benchmarks' roadmaps:
# `validate` reads about 4 MB of YAML a second a core, and `check` spends at least 50 ms
# a roadmap on its analyses however small it is).
SPREAD_BYTES = 4 * 1024 * 1024
SPREAD_ROADMAPS = 4


@dataclass
class Planned:
    """One roadmap as the scan sees it: its files and the loader's grouping problems."""

    index: int  # its place among the run's roadmaps
    names: list[str]
    headers: list[bool]  # which of its files the scan found a header in
    problems: dict[str, list[Diagnostic]]  # file -> what grouping found ("belongs to no roadmap")
    size: int  # bytes


@dataclass
class Done(Generic[T]):
    """One roadmap, done in a worker: its problems (validate's, sorted) and the task's
    result, or the exception the task raised (raised by :func:`run` in the roadmaps'
    order, so the error a run stops at is the one a single process would stop at)."""

    problems: list[Diagnostic]
    outcome: T | None
    error: BaseException | None = None


def cores() -> int:
    """The cores this process may run on (a container's share, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS


def plan(names: list[str], *, heavy: bool, asked: bool = False) -> list[Planned] | None:
    """The roadmaps of ``names`` as the scan groups them, or None when one process does
    better: a single roadmap, standard input, a small run, one core, or no ``fork``.
    ``heavy``: the task analyses each roadmap (``check``), so even small roadmaps are worth
    spreading; ``asked``: the user asked for processes (``--jobs``), whatever the size."""
    if len(names) < 2 or (cores() < 2 and not asked) or STDIN in names:
        return None
    sizes: dict[str, int] = {}
    for name in names:
        try:
            status = os.stat(name)
        except OSError:
            return None  # the loader's error, in the loader's words
        if not stat.S_ISREG(status.st_mode):
            return None  # a pipe (`<(git show ...)`) is read once, by the loader
        sizes[name] = status.st_size
    if not (asked or heavy) and sum(sizes.values()) < SPREAD_BYTES:
        return None  # validate on one team's roadmap (a pre-commit hook) reads nothing twice
    stubs: list[SourceFile] = []
    for name in names:
        try:
            with open(name, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError:
            return None
        stubs.append(SourceFile(name, has_header=len(data) <= MAX_FILE_BYTES and _HEADER.search(data) is not None))
    groups = grouped(stubs)
    if len(groups) < 2 or (heavy and not asked and len(groups) < SPREAD_ROADMAPS):
        return None
    import multiprocessing  # here: a pre-commit run on one roadmap never pays for it

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return None
    return [Planned(index, [stub.name for stub in group], [stub.has_header for stub in group],
                    {stub.name: stub.diagnostics for stub in group if stub.diagnostics}, sum(sizes[stub.name] for stub in group))
            for index, group in enumerate(groups)]


def run(planned: list[Planned], task: Task[T], jobs: int | None = None) -> list[Done[T]] | None:
    """Each planned roadmap loaded, validated and given to ``task`` in ``jobs`` worker
    processes (default: one per core); in the planned order. None when a worker found the
    scan wrong about a header: the caller loads in one process instead. An exception in a
    worker (out of memory, a settings error) is raised here."""
    import multiprocessing

    jobs = max(1, min(jobs or cores(), len(planned)))
    shares: list[list[Planned]] = [[] for _ in range(jobs)]
    loads = [0] * jobs
    for roadmap in sorted(planned, key=lambda one: -one.size):  # the largest first, each to the least loaded
        least = loads.index(min(loads))
        shares[least].append(roadmap)
        loads[least] += roadmap.size
    context = multiprocessing.get_context("fork")
    workers: list[tuple[Any, Connection]] = []
    try:
        for share in shares:
            mine, theirs = context.Pipe()
            # The child closes the parent's ends it inherits, its own and the earlier
            # workers': else its reads never end when the parent is gone (killed, or done
            # with the run), and the worker would wait for ever.
            parents = [connection for _process, connection in workers] + [mine]
            process = context.Process(target=_work, args=(theirs, share, task, parents, os.getpid()), daemon=True)
            process.start()
            theirs.close()
            workers.append((process, mine))
        first = [_receive(connection) for _process, connection in workers]
        if any(answer is None for answer in first):
            return None
        elsewhere: dict[str, str] = {}
        for _index, name, ids in sorted((entry for answer in first for entry in answer), key=lambda entry: entry[0]):
            for ident in ids:
                elsewhere.setdefault(ident, name)
        for _process, connection in workers:
            connection.send(elsewhere)
        done: dict[int, Done[T]] = {}
        for _process, connection in workers:
            done.update(_receive(connection))
        ordered = [done[roadmap.index] for roadmap in planned]
        for one in ordered:
            if one.error is not None:
                raise one.error
        return ordered
    finally:
        for process, connection in workers:
            connection.close()
            process.join(timeout=5)
            if process.is_alive():  # pragma: no cover - only when the parent gave up on it
                process.kill()


def _receive(connection: Connection) -> Any:
    try:
        kind, value = connection.recv()
    except EOFError:  # the worker died without a word: killed for memory, most likely
        raise MemoryError from None
    if kind == "error":
        raise value
    return value


def _work(connection: Connection, share: list[Planned], task: Task[T], parents: list[Connection], parent: int) -> None:
    """A worker: load and finish each of its roadmaps, send their ids (or None: the scan
    was wrong), take everyone's, then finish the roadmaps whose references name unknown
    ids (another roadmap's, perhaps: the message says whose) and send every roadmap's
    problems and outcome. Only those wait in memory. When the parent is gone (it stopped
    the run, or was killed), the worker ends without a word, at the latest after the
    roadmap it is on."""
    for inherited in parents:
        inherited.close()
    gc.freeze()  # for good: the worker ends with its share (see collecting)
    try:
        done: dict[int, Done[T]] = {}
        waiting: list[tuple[int, LoadResult]] = []
        ids: list[tuple[int, str, list[str]]] = []
        for roadmap in share:
            if os.getppid() != parent:
                return
            files = [load_file(name) for name in roadmap.names]
            if [source.has_header for source in files] != roadmap.headers:
                connection.send(("ok", None))
                return
            for source in files:
                source.diagnostics += roadmap.problems.get(source.name, [])
            result = merged(files)
            if result.roadmap is not None and result.roadmap.header is not None:
                ids.append((roadmap.index, result.roadmap.info.name, [entity.id for _section, entity in result.roadmap.entities()]))
            found = check_references(result, {})
            if any(problem.code == "unknown-reference" for problem in found):
                waiting.append((roadmap.index, result))
            else:
                done[roadmap.index] = _finish(result, found, task)
        connection.send(("ok", ids))
        elsewhere = connection.recv()
        for index, result in waiting:
            if os.getppid() != parent:
                return
            done[index] = _finish(result, check_references(result, elsewhere), task)
        connection.send(("ok", done))
    except (EOFError, BrokenPipeError):
        pass
    except BaseException as error:  # every failure goes to the parent, which raises it
        try:
            connection.send(("error", error))
        except (BrokenPipeError, EOFError):
            pass
        except Exception:  # an exception that does not pickle: say what it was
            connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    finally:
        connection.close()


def _finish(result: LoadResult, references: list[Diagnostic], task: Task[T]) -> Done[T]:
    # Sorted and each once, as validate_results does (an entry used through several
    # aliases can yield one problem several times).
    problems = sorted(set(result.diagnostics + references), key=Diagnostic.sort_key)
    try:
        return Done(problems, task(result, problems))
    except Exception as error:  # the parent raises it, in the roadmaps' order
        return Done(problems, None, error)
    finally:
        gc.collect(0)


def collecting(outcomes: Iterator[T]) -> Iterator[T]:
    """``outcomes``, collecting after each what it left behind. The collector is off in an
    mlroadmap process (a roadmap has no reference cycles and lives until exit), but the
    analyses leave a few cycles (networkx's graphs and their views), about a megabyte a
    roadmap: 1,000 roadmaps checked in one process held 2.5 GB. Everything made before is
    frozen (left out of collections) meanwhile, and each collection looks at the youngest
    generation alone, which holds what one roadmap made: linear, not quadratic."""
    gc.freeze()
    try:
        for outcome in outcomes:
            gc.collect(0)
            yield outcome
    finally:
        gc.unfreeze()
