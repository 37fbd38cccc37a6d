"""A real editor's view of the schema: yaml-language-server (the server behind VS Code's
YAML extension, Neovim's and Helix's YAML support), spoken to over stdio as an editor does.

.ci/run installs it into .node/ with npm; MLROADMAP_YAML_LS names another one."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from conftest import ROOT


def server() -> Path | None:
    """The yaml-language-server to run, or None when this machine has none."""
    given = os.environ.get("MLROADMAP_YAML_LS")
    found = Path(given) if given else ROOT / ".node" / "node_modules" / ".bin" / "yaml-language-server"
    return found if found.exists() else None


class Editor:
    """One yaml-language-server session: open a document, ask what an editor asks."""

    def __init__(self, executable: Path, root: Path):
        self.process = subprocess.Popen([str(executable), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.published: dict[str, list[dict[str, Any]]] = {}  # uri -> the diagnostics last published
        self.settings = {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False},
                                  "format": {"enable": False}}}
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {
            "textDocument": {"completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown", "plaintext"]}},
                             "hover": {"contentFormat": ["markdown", "plaintext"]}},
            "workspace": {"configuration": True}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("yaml-language-server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        while True:
            message = self._receive()
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result")
            if "method" in message and "id" in message:  # the server asks: its settings, or to register
                result: Any = [self.settings["yaml"]] * len(message["params"].get("items", [])) \
                    if message["method"] == "workspace/configuration" else None
                self._send({"id": message["id"], "result": result})
            self._note(message)

    def _note(self, message: dict[str, Any]) -> None:
        if message.get("method") == "textDocument/publishDiagnostics":
            self.published[message["params"]["uri"]] = message["params"]["diagnostics"]

    def open(self, path: Path) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                              "text": path.read_text(encoding="utf-8")}})
        return uri

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The problems the server publishes for the document, as an editor underlines them."""
        while uri not in self.published:
            message = self._receive()
            if "method" in message and "id" in message:
                self._send({"id": message["id"], "result": [self.settings["yaml"]] * len(message["params"].get("items", []))
                            if message["method"] == "workspace/configuration" else None})
            self._note(message)
        return self.published[uri]

    def hover(self, uri: str, line: int, character: int) -> str:
        found = self.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        if not found:
            return ""
        contents = found["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def complete(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        found = self.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        return found["items"] if isinstance(found, dict) else (found or [])

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
