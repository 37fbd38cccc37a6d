"""Open an HTML file in headless Chromium: what it logged to the console, what it fetched,
and a screenshot.

What Chromium 156 (Debian) actually reports, found by experiment:

* Console messages go to stderr with ``--enable-logging=stderr`` as
  ``[pid:tid:MMDD/HHMMSS.micros:INFO:CONSOLE:12] "message", source: file:///page.html (12)``.
  The level is INFO whatever the call (``console.log``, ``console.error``, an uncaught
  exception, a Content-Security-Policy violation), and a message with a newline spans
  lines, so the whole ``"...", source: ... (n)`` text is matched, not one line. A page
  without script should log nothing, so every console message counts as an error.
* ``--log-net-log`` writes JSON: ``constants`` maps event and source type names to
  numbers, ``events`` lists events. Each network request is a source of type URL_REQUEST
  whose URL_REQUEST_START_JOB event has ``url`` and ``initiator``. The file:// page itself
  and data: URLs never appear there. Chromium makes requests of its own even with the
  background-networking switches (clients2.google.com/time, update.googleapis.com,
  accounts.google.com/ListAccounts); their initiator is "not an origin", while anything
  a file:// page asks for has initiator "null" (the page's opaque origin).
* A request blocked by the page's Content-Security-Policy never reaches the net log; it
  shows as a console message ("Loading the stylesheet '...' violates ...").

``--host-resolver-rules`` makes every host unresolvable, so the test never depends on (or
uses) the machine's network: a request still shows in the net log, failing with
ERR_NAME_NOT_RESOLVED.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT = 120  # seconds; a run takes about one on an idle machine

FLAGS = [
    "--headless",
    "--no-sandbox",  # root in a container: the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--enable-logging=stderr",
    "--v=0",
    "--window-size=1280,2000",
]

CONSOLE = re.compile(r'^\[[^\]\n]*:CONSOLE[:(]\d+\)?\] "(.*?)", source: (.*?) \(\d+\)$', re.MULTILINE | re.DOTALL)
BROWSER_OWN = "not an origin"  # the initiator of Chromium's own background requests


@dataclass
class BrowserRun:
    console_errors: list[str]  # "message (source)"
    requests: list[str]  # URLs the page asked for
    screenshot: Path
    background_requests: list[str] = field(default_factory=list)  # Chromium's own, ignored
    log: str = ""  # Chromium's stderr, for failure messages


def require_chromium() -> None:
    """Skip without Chromium, except in CI, where a missing browser must not pass quietly."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{message}; CI is set, so the browser tests fail rather than skip")
    pytest.skip(message)


def console_messages(log: str) -> list[str]:
    return [f"{message} ({source})" for message, source in CONSOLE.findall(log)]


def net_log_requests(net_log: Path) -> tuple[list[str], list[str]]:
    """(requests a page made, requests Chromium made on its own), each URL once, in order."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    url_request = log["constants"]["logSourceType"]["URL_REQUEST"]
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    page: dict[str, None] = {}
    browser: dict[str, None] = {}
    for event in log["events"]:
        params = event.get("params", {})
        if event["source"]["type"] != url_request or event["type"] != start_job or "url" not in params:
            continue
        url = params["url"]
        if url.startswith(("data:", "file:")):
            continue
        (browser if params.get("initiator") == BROWSER_OWN else page)[url] = None
    return list(page), list(browser)


def open_in_chromium(html_path: Path, screenshot: Path) -> BrowserRun:
    """Load ``html_path`` in a fresh headless Chromium profile and screenshot it to ``screenshot``."""
    require_chromium()
    with tempfile.TemporaryDirectory(prefix="mlroadmap-chromium-") as scratch:
        net_log = Path(scratch) / "netlog.json"
        command = [
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={Path(scratch) / 'profile'}",
            f"--log-net-log={net_log}",
            f"--screenshot={screenshot}",
            html_path.resolve().as_uri(),
        ]
        # Its own session, so a hung browser is ended with its renderer and GPU processes.
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True
        )
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise AssertionError(f"Chromium did not finish {html_path} within {TIMEOUT} s") from None
        log = out + err
        if process.returncode != 0:
            raise AssertionError(f"Chromium exited with {process.returncode} on {html_path}:\n{log}")
        try:
            requests, background = net_log_requests(net_log)
        except (OSError, ValueError, KeyError) as error:
            raise AssertionError(f"Chromium left no readable net log ({error!r}):\n{log}") from None
    return BrowserRun(console_messages(log), requests, screenshot, background, log)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (which the format puts first)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{path} is not a PNG"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
