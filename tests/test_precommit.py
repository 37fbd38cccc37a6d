"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit in temporary repositories.

`pre-commit try-repo` cannot give a hook `args` (these hooks need the roadmap's path) and
copies only changes to tracked files, so a new or edited hooks file in a working tree would
not be what it runs. Instead the module commits a snapshot of this working tree (tracked and
untracked files, less the ignored ones) to a temporary hook repository, and each test's
repository points its `.pre-commit-config.yaml` at it (`repo:` its path, `rev:` its commit),
as a user's repository points at mlroadmap's URL. pre-commit builds its environment from
that snapshot once for the module: PRE_COMMIT_HOME is a temporary directory they share.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, HEADER, ROOT, run_cli

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")
AS_OF = "2026-11-25"  # the date the examples are a snapshot of (README, "Check")
# Slow (pre-commit pip-installs the hooks); one worker runs them all, so it builds them once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pre-commit")]

ROADMAP = HEADER + """
items:
  - id: label-tickets
    title: Label 5k tickets by intent
    track: data
    duration: 4w
"""

WORK = """\
items:
  - id: train-classifier
    title: Train the intent classifier
    track: model
    depends_on: [{dependency}]
    duration: 3w
"""


def _skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}; CI is set, so the pre-commit tests fail rather than skip")
    pytest.skip(reason)


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=_environment(), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, check=True).stdout


def _environment(**extra: str) -> dict[str, str]:
    # Nothing from a surrounding git hook or pre-commit run (GIT_DIR, GIT_INDEX_FILE, SKIP,
    # PRE_COMMIT_HOME ...) may steer the temporary repositories.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GIT_", "PRE_COMMIT")) and key != "SKIP"}
    env.update(extra)
    return env


def _new_repository(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    _git(path, "init", "-q")
    for key, value in (("user.name", "mlroadmap tests"), ("user.email", "tests@example.invalid"), ("commit.gpgsign", "false")):
        _git(path, "config", key, value)
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    _git(path, "add", "-A")
    return path


def _commit(path: Path) -> str:
    _git(path, "commit", "-q", "--no-verify", "-m", "snapshot")
    return _git(path, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory, pre_commit_home: Path) -> tuple[str, str]:
    """(path, commit) of a hook repository holding this working tree as it is now."""
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, env=_environment(),
                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != ROOT:
        pytest.skip(f"{ROOT} is not a git checkout (an sdist?): pre-commit installs hooks from a git repository")
    snapshot = tmp_path_factory.mktemp("hooks") / "mlroadmap"
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if os.path.lexists(source) and not source.is_dir():  # a file deleted but not yet committed is left out
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name, follow_symlinks=False)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    _new_repository(snapshot, {})
    return str(snapshot), _commit(snapshot)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        _skip_or_fail("git is not installed")
    if importlib.util.find_spec("pre_commit") is None:
        _skip_or_fail("pre-commit is not installed (pip install -e '.[test]')")
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def pre_commit(pre_commit_home: Path):
    """pre_commit(repository, "run", "--all-files") -> the finished pre-commit process."""

    def _run(repository: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        # The first run builds the hook environment: pip installs mlroadmap and its
        # dependencies, from PyPI where no local wheels are configured.
        return subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=repository,
                              env=_environment(PRE_COMMIT_HOME=str(pre_commit_home), **env),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1200)

    return _run


def _config(repo: str, rev: str, *hooks: dict) -> str:
    return yaml.safe_dump({"repos": [{"repo": repo, "rev": rev, "hooks": list(hooks)}]}, sort_keys=False)


def _status(output: str, hook: str) -> str:
    """The word pre-commit puts at the end of the hook's line: Passed, Failed or Skipped."""
    found = re.search(rf"^{re.escape(hook)}\.+(?:\([^)]*\))?(\w+)$", output, re.MULTILINE)
    assert found, output
    return found.group(1)


def _readme_block(start: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## pre-commit\n"):]
    found = re.search(rf"```yaml\n({re.escape(start)}.*?)```", section, re.DOTALL)
    assert found, f"no yaml block starting {start!r} in README's pre-commit section"
    return found.group(1)


def test_the_readme_config_passes_a_good_roadmap(tmp_path, hooks, pre_commit) -> None:
    path, rev = hooks
    # The README's snippet with the one change a user makes by hand: mlroadmap's URL.
    # `pre-commit autoupdate`, as the README says, fills in `rev:`.
    config = re.sub(r"(repo: )<URL[^>]*>", lambda match: match.group(1) + path, _readme_block("repos:\n  - repo: <URL"))
    files = {".pre-commit-config.yaml": config, "pyproject.toml": '[tool.mlroadmap]\nignore = ["MLR163"]\n'}
    files.update({f"roadmap/{source.name}": source.read_text(encoding="utf-8")
                  for source in (EXAMPLES / "support-assistant").glob("*.yaml")})
    repository = _new_repository(tmp_path / "user", files)
    updated = pre_commit(repository, "autoupdate")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    settings = yaml.safe_load((repository / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert settings["repos"][0]["rev"] == rev
    # The example is a snapshot of AS_OF: pin the date its checklist is judged on.
    check_hook = settings["repos"][0]["hooks"][1]
    assert check_hook["id"] == "mlroadmap-check"
    check_hook["args"] += ["--as-of", AS_OF]
    (repository / ".pre-commit-config.yaml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    _git(repository, "add", "-A")

    result = pre_commit(repository, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _status(result.stdout, "mlroadmap validate") == "Passed"
    assert _status(result.stdout, "mlroadmap check") == "Passed"

    # A commit that touches only pyproject.toml (check's settings) runs check alone;
    # one that touches no YAML runs neither.
    result = pre_commit(repository, "run", "--files", "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _status(result.stdout, "mlroadmap validate") == "Skipped"
    assert _status(result.stdout, "mlroadmap check") == "Passed"
    (repository / "notes.md").write_text("notes\n", encoding="utf-8")
    _git(repository, "add", "notes.md")
    result = pre_commit(repository, "run", "--files", "notes.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _status(result.stdout, "mlroadmap validate") == _status(result.stdout, "mlroadmap check") == "Skipped"


def test_validate_checks_the_whole_roadmap_and_fails_at_the_line(tmp_path, hooks, pre_commit, monkeypatch) -> None:
    config = _config(*hooks, {"id": "mlroadmap-validate", "args": ["roadmap/"]})
    repository = _new_repository(tmp_path / "user", {
        ".pre-commit-config.yaml": config,
        "roadmap/roadmap.yaml": ROADMAP,
        "roadmap/work.yaml": WORK.format(dependency="other-work"),
        "roadmap/other.yaml": "items:\n  - id: other-work\n    title: Other work\n    track: team\n    duration: 1w\n",
    })
    _commit(repository)
    work = repository / "roadmap" / "work.yaml"

    # A commit that changes work.yaml alone: its reference to an item of roadmap.yaml and
    # the header in roadmap.yaml are found because the hook reads the whole roadmap.
    work.write_text(WORK.format(dependency="label-tickets"), encoding="utf-8")
    _git(repository, "add", "-A")
    result = pre_commit(repository, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _status(result.stdout, "mlroadmap validate") == "Passed"

    # A typo in the reference fails the hook, at the line and column, relative to the
    # repository's root; under GitHub Actions too, where validate would print annotations.
    work.write_text(WORK.format(dependency="label-tickts"), encoding="utf-8")
    _git(repository, "add", "-A")
    result = pre_commit(repository, "run", GITHUB_ACTIONS="true")
    assert result.returncode == 1, result.stdout + result.stderr
    assert _status(result.stdout, "mlroadmap validate") == "Failed"
    assert "- exit code: 1\n" in result.stdout
    line = "roadmap/work.yaml:5:18: depends_on: unknown id 'label-tickts' (did you mean 'label-tickets'?)"
    assert f"\n{line}\n" in result.stdout
    monkeypatch.chdir(repository)
    assert run_cli("validate", "--format", "text", "roadmap/").stdout in result.stdout  # what the command prints, all of it


def test_check_fails_on_checklist_errors_that_validate_passes(tmp_path, hooks, pre_commit, monkeypatch) -> None:
    config = _config(*hooks, {"id": "mlroadmap-validate", "args": ["roadmap/"]},
                     {"id": "mlroadmap-check", "args": ["roadmap/", "--as-of", AS_OF]})
    bare = (EXAMPLES / "bare.yaml").read_text(encoding="utf-8")
    repository = _new_repository(tmp_path / "user", {".pre-commit-config.yaml": config, "roadmap/roadmap.yaml": bare})
    result = pre_commit(repository, "run", "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert _status(result.stdout, "mlroadmap validate") == "Passed"
    assert _status(result.stdout, "mlroadmap check") == "Failed"
    assert re.search(r"^roadmap/roadmap\.yaml:\d+:\d+: \[MLR111\] model 'gpt-bot' has 1 key metric; track 2-3$",
                     result.stdout, re.MULTILINE), result.stdout
    monkeypatch.chdir(repository)
    printed = run_cli("check", "roadmap/", "--as-of", AS_OF, "--format", "text")
    assert printed.exit_code == 1
    assert printed.stdout in result.stdout


def test_without_args_the_hook_names_the_missing_default_path(tmp_path, hooks, pre_commit) -> None:
    config = _config(*hooks, {"id": "mlroadmap-validate"})
    repository = _new_repository(tmp_path / "user", {".pre-commit-config.yaml": config, "plans/roadmap.yaml": ROADMAP})
    result = pre_commit(repository, "run", "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "- exit code: 2\n" in result.stdout
    assert "mlroadmap: error: roadmap/: no such file or directory\n" in result.stdout


def test_the_readme_local_hook_runs_the_installed_mlroadmap(tmp_path, pre_commit) -> None:
    scripts = sysconfig.get_path("scripts")
    if shutil.which("mlroadmap", path=scripts) is None:
        _skip_or_fail(f"no mlroadmap script in {scripts} (pip install -e .)")
    repository = _new_repository(tmp_path / "user", {
        ".pre-commit-config.yaml": _readme_block("repos:\n  - repo: local"),
        "roadmap/roadmap.yaml": ROADMAP,
        "roadmap/work.yaml": WORK.format(dependency="label-tickts"),
    })
    path = scripts + os.pathsep + os.environ.get("PATH", "")
    result = pre_commit(repository, "run", "--all-files", PATH=path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "\nroadmap/work.yaml:5:18: depends_on: unknown id 'label-tickts' (did you mean 'label-tickets'?)\n" in result.stdout
    (repository / "roadmap" / "work.yaml").write_text(WORK.format(dependency="label-tickets"), encoding="utf-8")
    _git(repository, "add", "-A")
    result = pre_commit(repository, "run", "--all-files", PATH=path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _status(result.stdout, "mlroadmap validate") == "Passed"


def test_the_metrics_hook_fails_on_a_stale_value_and_passes_once_pulled(tmp_path, hooks, pre_commit) -> None:
    config = _config(*hooks, {"id": "mlroadmap-metrics", "args": ["roadmap/"]})
    roadmap = ROADMAP + ("models:\n  - id: clf\n    title: Classifier\n    metrics:\n      - name: f1\n        baseline: 0.5\n"
                         "        current: 0.8  # typed by hand\n        source: {file: eval.json, key: f1}\n")
    repository = _new_repository(tmp_path / "user", {
        ".pre-commit-config.yaml": config, "roadmap/roadmap.yaml": roadmap, "roadmap/eval.json": '{"f1": 0.9}\n'})
    _commit(repository)
    plain = pre_commit(repository, "run", "--all-files")  # not on the commit path unless a config asks
    assert plain.returncode == 0 and "mlroadmap metrics" not in plain.stdout, plain.stdout
    stale = pre_commit(repository, "run", "mlroadmap-metrics", "--hook-stage", "manual", "--all-files")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert _status(stale.stdout, "mlroadmap metrics pull --check") == "Failed"
    assert "roadmap/roadmap.yaml:16:18: clf f1: current 0.8 → 0.9, measured none → " in stale.stdout
    assert run_cli("metrics", "pull", str(repository / "roadmap")).exit_code == 0
    _git(repository, "add", "-A")
    _commit(repository)
    current = pre_commit(repository, "run", "mlroadmap-metrics", "--hook-stage", "manual", "--all-files")
    assert current.returncode == 0, current.stdout + current.stderr
    assert _status(current.stdout, "mlroadmap metrics pull --check") == "Passed"
