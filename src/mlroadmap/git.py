"""Reading a roadmap's past with git itself: no checkout, no change to the work tree.

Old files are read from git's object store (``ls-tree`` and one ``cat-file --batch``), and
git runs with ``GIT_OPTIONAL_LOCKS=0`` so that not even the index is refreshed: ``diff``
and ``history`` can run beside an editor, a rebase or another git command.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import PurePosixPath

from .loader import YAML_SUFFIXES


class GitError(Exception):
    """git cannot answer: not a repository, no such revision, git missing (exit code 2)."""


class NoRepository(GitError):
    """No git history to read: the path is in no repository, or git is not installed."""


@dataclass(frozen=True)
class Commit:
    sha: str
    short: str
    date: dt.datetime  # the author's date, with its offset
    author: str
    subject: str

    def to_dict(self) -> dict[str, str]:
        return {"commit": self.sha, "date": self.date.isoformat(), "author": self.author, "subject": self.subject}


_FORMAT = "%H%x00%h%x00%aI%x00%an%x00%s"


def _commit(fields: list[str]) -> Commit:
    sha, short, date, author, subject = fields
    return Commit(sha, short, dt.datetime.fromisoformat(date), _printable(author), _printable(subject))


def _printable(text: str) -> str:
    """Anyone can write a commit: no escape sequence of theirs reaches the terminal."""
    return "".join(char if char.isprintable() else "?" for char in text)


@dataclass(frozen=True)
class Repository:
    root: str  # the work tree's top directory, as git prints it

    def git(self, *args: str, stdin: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        return _run(["-C", self.root, *args], stdin=stdin, check=check)

    def relative(self, path: str) -> str:
        """``path`` (as the user gave it) relative to the top directory, in git's spelling."""
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(self.root))
        if relative == os.curdir:
            return ""
        if relative.startswith(os.pardir + os.sep) or relative == os.pardir:
            raise GitError(f"{path}: outside the git repository at {self.root}")
        return PurePosixPath(*relative.split(os.sep)).as_posix()

    def commit(self, revision: str) -> Commit:
        """The commit ``revision`` names (a branch, tag, sha, ``HEAD~3``, ``@{1.week.ago}``, ``:/message``)."""
        if revision.startswith("-"):
            raise GitError(f"{revision}: not a revision (revisions do not start with '-')")
        found = self.git("rev-parse", "--verify", "--quiet", "--end-of-options", revision, check=False)
        if found.returncode != 0:
            if not self.resolves("HEAD"):
                raise GitError(f"{revision}: the repository at {self.root} has no commits yet")
            raise GitError(f"{revision}: no such revision in the repository at {self.root} (git log --oneline lists them)")
        # Peeled after resolving: "REV^{commit}" would become part of a ":/message" search.
        peeled = self.git("rev-parse", "--verify", "--quiet", f"{found.stdout.decode().strip()}^{{commit}}", check=False)
        if peeled.returncode != 0:
            raise GitError(f"{revision}: names no commit (a tree or a blob); give a branch, a tag or a commit")
        shown = self.git("show", "-s", f"--format={_FORMAT}", peeled.stdout.decode().strip()).stdout.decode("utf-8", "replace")
        return _commit(shown.rstrip("\n").split("\0"))

    def resolves(self, revision: str) -> bool:
        """Whether ``revision`` names a commit (for telling a revision from a path)."""
        if revision.startswith("-"):
            return False
        return self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", check=False).returncode == 0

    def default_base(self) -> tuple[str, Commit]:
        """What to compare with when no revision is given: where this branch left the
        default branch, or ``HEAD`` on the default branch itself. Returns a description of
        the choice and the commit. Raises :class:`GitError` rather than guess (and report
        "no change") when there is no default branch or no common commit with it."""
        default = self._default_branch()
        current = self.git("symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.decode().strip()
        if default is None:
            raise GitError("no default branch (origin/HEAD, main, master or trunk) to compare with; give a revision, "
                           "e.g. mlroadmap diff HEAD~1")
        if current == default.removeprefix("origin/"):
            return "HEAD", self.commit("HEAD")
        base = self.git("merge-base", "HEAD", default, check=False)
        if base.returncode != 0:
            raise GitError(f"cannot tell where this branch left {default} (no common commit: a shallow clone?); "
                           f"give a revision, e.g. mlroadmap diff {default}, after fetching its history")
        commit = self.commit(base.stdout.decode().strip())
        head = self.commit("HEAD")
        if commit.sha == head.sha:  # on the default branch's tip, detached or not
            return "HEAD", head
        return f"merge-base with {default}", commit

    def _default_branch(self) -> str | None:
        remote = self.git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD", check=False)
        if remote.returncode == 0 and remote.stdout.strip():
            return remote.stdout.decode().strip()
        for ref in ("heads/main", "heads/master", "heads/trunk", "remotes/origin/main", "remotes/origin/master", "remotes/origin/trunk"):
            if self.git("rev-parse", "--verify", "--quiet", f"refs/{ref}", check=False).returncode == 0:
                return ref.split("/", 1)[1]
        return None

    def files_at(self, commit: Commit, path: str) -> dict[str, bytes]:
        """The YAML files at ``path`` (a file or a directory, relative to the top) in
        ``commit``: relative path -> bytes. Hidden files and directories inside a directory
        are skipped, and symbolic links followed to the file they name, a file once."""
        wanted: list[tuple[str, str]] = []  # (path, blob sha): identical files share a blob
        links: list[tuple[str, str]] = []  # (path, link blob sha)
        for mode, kind, sha, relative in self._tree(commit, [path or "."]):
            inside = PurePosixPath(relative).relative_to(path) if path and relative != path else PurePosixPath(relative)
            if kind != "blob" or not relative.endswith(YAML_SUFFIXES):
                continue
            if relative != path and any(part.startswith(".") for part in inside.parts):
                continue
            (links if mode == "120000" else wanted).append((relative, sha))
        if links:  # a link's blob is the path it names, relative to its directory
            targets = {relative: posixpath.normpath(posixpath.join(posixpath.dirname(relative), target.decode("utf-8", "surrogateescape")))
                       for (relative, _), (_, target) in zip(links, self._blobs([sha for _, sha in links]))}
            found = {name: sha for mode, kind, sha, name in self._tree(commit, sorted(set(targets.values())))
                     if kind == "blob" and mode != "120000"}
            # A link to a file read anyway is read once, as on disk; a link to another file of
            # the commit is followed (a blob of the repository, not a file of this machine).
            read = {relative for relative, _sha in wanted}
            for relative, target in targets.items():
                if target in found and target not in read:
                    wanted.append((relative, found[target]))
                    read.add(target)  # a second link to it is the same file
        blobs = dict(self._blobs(sorted({sha for _, sha in wanted})))
        return {relative: blobs[sha] for relative, sha in sorted(wanted)}

    def _tree(self, commit: Commit, paths: list[str]) -> list[tuple[str, str, str, str]]:
        """(mode, type, sha, path) of every file under ``paths`` in ``commit``."""
        listed = self.git("--literal-pathspecs", "ls-tree", "-r", "-z", commit.sha, "--", *paths).stdout
        entries = []
        for entry in listed.split(b"\0"):
            if entry:
                meta, name = entry.split(b"\t", 1)
                mode, kind, sha = meta.decode().split()
                entries.append((mode, kind, sha, name.decode("utf-8", "surrogateescape")))
        return entries

    def read(self, commit: Commit, files: list[str]) -> dict[str, bytes]:
        """The bytes of each of ``files`` (paths relative to the top) that ``commit`` has,
        in one ``ls-tree`` and one ``cat-file``."""
        if not files:
            return {}
        wanted = [(name, sha) for mode, kind, sha, name in self._tree(commit, files) if kind == "blob" and mode != "120000"]
        blobs = dict(self._blobs(sorted({sha for _, sha in wanted})))
        return {name: blobs[sha] for name, sha in wanted}

    def _blobs(self, shas: list[str]) -> list[tuple[str, bytes]]:
        if not shas:
            return []
        out = self.git("cat-file", "--batch", stdin=("\n".join(shas) + "\n").encode()).stdout
        blobs, position = [], 0
        for sha in shas:
            header_end = out.index(b"\n", position)
            size = int(out[position:header_end].split()[2])
            start = header_end + 1
            blobs.append((sha, out[start : start + size]))
            position = start + size + 1  # the newline after each object
        return blobs

    def renames(self, commit: Commit) -> dict[str, str]:
        """Files renamed (or moved) between ``commit`` and the work tree: new -> old path."""
        # diff-index, not diff: the porcelain command refreshes (writes) the index.
        out = self.git("--literal-pathspecs", "diff-index", "-M", "--name-status", "-z", commit.sha, "--").stdout.split(b"\0")
        renamed, index = {}, 0
        while index < len(out) and out[index]:
            status = out[index].decode()
            if status.startswith(("R", "C")):
                old, new = (name.decode("utf-8", "surrogateescape") for name in out[index + 1 : index + 3])
                if status.startswith("R"):
                    renamed[new] = old
                index += 3
            else:
                index += 2
        return renamed

    def log(self, path: str, limit: int | None = None) -> list[Commit]:
        """The commits that changed anything at ``path``, newest first."""
        args = ["--literal-pathspecs", "log", f"--format={_FORMAT}%x1e"]
        if limit is not None:
            args.append(f"--max-count={limit}")
        out = self.git(*args, "--", path or ".").stdout.decode("utf-8", "replace")
        return [_commit(record.strip("\n").split("\0")) for record in out.split("\x1e") if record.strip()]


def repository_at(path: str) -> Repository:
    """The git repository that holds ``path`` (a file or directory that may no longer exist)."""
    directory = os.path.abspath(path)
    while not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    found = _run(["-C", directory, "rev-parse", "--show-toplevel"], check=False)
    if found.returncode != 0:
        message = found.stderr.decode("utf-8", "replace").strip().removeprefix("fatal: ")
        if "not a git repository" in message:
            raise NoRepository(f"{path}: not inside a git repository")
        raise GitError(f"{path}: {message}")
    return Repository(found.stdout.decode().strip())


def committed_day(path: str) -> dt.date | None:
    """The UTC day of the last commit that changed the file at ``path``, when git tracks it
    and it is unchanged since (None otherwise: untracked, edited, no repository, no git)."""
    directory, name = os.path.split(os.path.abspath(path))
    try:
        status = _run(["-C", directory, "--literal-pathspecs", "status", "--porcelain", "--", name], check=False)
        if status.returncode != 0 or status.stdout.strip():
            return None  # not in a repository, or untracked ("??") or changed since its last commit
        last = _run(["-C", directory, "--literal-pathspecs", "log", "-1", "--format=%ct", "--", name], check=False)
    except NoRepository:
        return None
    stamp = last.stdout.decode().strip()
    if last.returncode != 0 or not stamp.isdigit():
        return None  # ignored, or never committed
    return dt.datetime.fromtimestamp(int(stamp), tz=dt.timezone.utc).date()


def _run(args: list[str], *, stdin: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat"}
    try:
        done = subprocess.run(["git", *args], input=stdin, capture_output=True, env=env, stdin=None if stdin is not None else subprocess.DEVNULL)
    except FileNotFoundError:
        raise NoRepository("git is not installed (or not on PATH)") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().removeprefix("fatal: ")
        command = next((arg for arg in args[2:] if not arg.startswith("-")), "")  # after "-C root" and global options
        raise GitError(f"git {command}: {message}")
    return done
