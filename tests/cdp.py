"""Drive headless Chromium through the DevTools protocol over a pipe: lay a page out at a
given window width, ask the DOM what it drew, print it to PDF at a paper size.

``--remote-debugging-pipe`` makes Chromium read protocol commands from its file
descriptor 3 and write answers and events to descriptor 4, each message JSON ended by a
NUL byte; no port, no WebSocket library. A page's Content-Security-Policy does not apply
to ``Runtime.evaluate`` (the protocol is the browser's own), so a report that forbids all
script can still be measured from outside. Chromium's own flags are :data:`browser.FLAGS`
(every host unresolvable, no background traffic).
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from browser import CHROMIUM, FLAGS, require_chromium

TIMEOUT = 60.0  # seconds for one answer; a report loads in well under one
PAPER = {"letter": (8.5, 11.0), "a4": (8.27, 11.69)}  # inches, as Page.printToPDF takes them
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class Chromium:
    """One headless Chromium with one tab; use as a context manager."""

    def __init__(self) -> None:
        require_chromium()
        self._scratch = tempfile.TemporaryDirectory(prefix="mlroadmap-cdp-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def wire() -> None:  # in the child: its descriptors 3 and 4 are the protocol's
            # Moved out of the way first, in case a pipe's own number is 3 or 4.
            reading, writing = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        flags = [flag for flag in FLAGS if not flag.startswith("--window-size")]
        self._process = subprocess.Popen(
            [str(CHROMIUM), *flags, "--remote-debugging-pipe", f"--user-data-dir={Path(self._scratch.name) / 'profile'}",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, pass_fds=(3, 4),  # kept open by number: the child closes the rest after wire()
            start_new_session=True,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.killpg(self._process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._process.wait()
        self._scratch.cleanup()

    # --- the protocol ----------------------------------------------------------------

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command to the tab; its result."""
        return self._call(method, params, self._session)

    def _call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise AssertionError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            import select

            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(left, 0))
            if not ready:
                raise AssertionError(f"Chromium gave no answer within {TIMEOUT:.0f} s")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise AssertionError("Chromium closed the protocol pipe (it exited)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _wait_for(self, method: str) -> dict[str, Any]:
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            event = self._read()
            if event.get("method") == method:
                return event
            self.events.append(event)

    # --- what the tests ask ------------------------------------------------------------

    def open(self, page: Path, width: int = 1280, height: int = 900) -> None:
        """Load ``page`` in a window ``width`` CSS pixels wide (a phone: ``mobile``)."""
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        self.events.clear()
        self.call("Page.navigate", {"url": page.resolve().as_uri()})
        self._wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The JSON value of ``expression`` in the page."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def console(self) -> list[str]:
        """What the page logged or threw (a page without script should log nothing)."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                found.append(" ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Log.entryAdded":
                found.append(params["entry"].get("text", ""))
        return found

    def requests(self) -> list[str]:
        """The URLs the page asked for, besides itself and data: URLs."""
        return [event["params"]["request"]["url"] for event in self.events
                if event.get("method") == "Network.requestWillBeSent"
                and not event["params"]["request"]["url"].startswith(("file:", "data:"))]

    def pdf(self, paper: str) -> bytes:
        """The page printed on ``paper`` ("letter" or "a4"), as Chromium's print dialog would."""
        width, height = PAPER[paper]
        answer = self.call("Page.printToPDF", {"paperWidth": width, "paperHeight": height, "printBackground": True,
                                               "preferCSSPageSize": False})
        return base64.b64decode(answer["data"])


def pdf_pages(pdf: bytes) -> int:
    """The number of page objects in a PDF (Chromium writes each as ``/Type /Page``)."""
    return len(PAGE_OBJECT.findall(pdf))
