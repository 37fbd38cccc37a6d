"""The tracking server client against servers that are not MLflow or misbehave: small HTTP
servers on 127.0.0.1 (the real MLflow server is in test_mlflow.py)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import HEADER, run_cli

from mlroadmap.mlflow_rest import MlflowError, TrackingServer


class _Handler(http.server.BaseHTTPRequestHandler):
    answer: ClassVar[tuple[int, dict[str, str], bytes]] = (404, {}, b"<html>not here</html>")
    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        type(self).seen.append(dict(self.headers))
        code, headers, body = self.answer
        self.send_response(code)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def serve() -> Iterator:
    servers = []

    def start(code: int, body: bytes = b"", **headers: str) -> str:
        handler = type("Handler", (_Handler,), {"answer": (code, headers, body), "seen": []})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append((server, handler))
        start.seen = handler.seen  # type: ignore[attr-defined]  # the headers of each request
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server, _ in servers:
        server.shutdown()
        server.server_close()


def roadmap(tmp_path: Path, count: int = 1) -> Path:
    metrics = "".join(f"      - {{name: m{i}, baseline: 0.5, source: {{mlflow: {{run: r{i}, metric: f1}}}}}}\n" for i in range(count))
    path = tmp_path / "roadmap.yaml"
    path.write_text(HEADER + "models:\n  - id: clf\n    title: C\n    metrics:\n" + metrics)
    return path


def test_a_server_that_is_not_mlflow_is_named_so(serve, tmp_path: Path) -> None:
    uri = serve(404)
    result = run_cli("metrics", "pull", str(roadmap(tmp_path)), "--tracking-uri", uri)
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2, f"{tmp_path}/roadmap.yaml:8:43: {uri} did not answer as an MLflow tracking server does (is it the tracking server's address?)")


def test_the_server_is_said_once_with_a_count_of_the_sources_it_kept_from_being_read(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli("metrics", "pull", str(roadmap(tmp_path, 3)), "--tracking-uri", f"http://127.0.0.1:{port}")
    assert result.stderr == (f"{tmp_path}/roadmap.yaml:8:43: cannot reach the tracking server at http://127.0.0.1:{port}: Connection refused "
                             "(and 2 more MLflow sources not read)\nNothing written: 1 problem reading the metrics' sources.\n")
    unset = run_cli("metrics", "pull", str(roadmap(tmp_path, 2)), "--check", env={"MLFLOW_TRACKING_URI": ""})
    assert unset.stderr == (f"{tmp_path}/roadmap.yaml:8:43: no tracking server to read from: give --tracking-uri URI or set MLFLOW_TRACKING_URI "
                            "(and 1 more MLflow source not read)\nNot checked: 1 problem reading the metrics' sources.\n")


def test_a_redirect_names_the_address_to_use_and_is_not_followed(serve, tmp_path: Path) -> None:
    uri = serve(302, Location="https://mlflow.example.com/api/2.0/mlflow/runs/get?run_id=r0")
    result = run_cli("metrics", "pull", str(roadmap(tmp_path)), "--tracking-uri", uri)
    assert result.stderr.splitlines()[0].endswith(f": the tracking server at {uri} redirects to https://mlflow.example.com; "
                                                  "give that address (--tracking-uri or MLFLOW_TRACKING_URI)")


@pytest.mark.parametrize(("env", "words"), [
    ({}, "refused the request (HTTP 401): set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD"),
    ({"MLFLOW_TRACKING_TOKEN": "t0k3n"}, "refused the token in MLFLOW_TRACKING_TOKEN (HTTP 401)"),
    ({"MLFLOW_TRACKING_USERNAME": "ops", "MLFLOW_TRACKING_PASSWORD": "hunter2"}, "refused the user and password given (HTTP 401)"),
])
def test_refused_credentials_say_which_were_sent_and_never_show_them(serve, tmp_path: Path, monkeypatch, env: dict, words: str) -> None:
    for key in ("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    uri = serve(401)
    result = run_cli("metrics", "pull", str(roadmap(tmp_path)), "--tracking-uri", uri)
    assert result.stderr.splitlines()[0].endswith(f": the tracking server at {uri} {words}")
    assert "t0k3n" not in result.stderr and "hunter2" not in result.stderr


def test_the_credentials_go_in_the_authorization_header(serve, monkeypatch) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "t0k3n")
    uri = serve(200, b'{"run": {"data": {"metrics": [{"key": "f1", "value": 0.5, "timestamp": 0, "step": 0}]}}}')
    reading = TrackingServer(uri).reading("f1", run="r")
    assert (reading.value, str(reading.measured)) == (0.5, "1970-01-01")
    assert [headers.get("Authorization") for headers in serve.seen] == ["Bearer t0k3n"]


def test_a_server_that_accepts_and_never_answers_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        server = TrackingServer(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.3)
        with pytest.raises(MlflowError, match=r"cannot reach the tracking server at http://127\.0\.0\.1:\d+: no answer within 0\.3 s"):
            server.run("r")
        with pytest.raises(MlflowError, match=r"no answer within 0\.3 s"):  # asked once: the second is refused at once
            server.run("other")


def _raw_server(reply) -> tuple[str, socket.socket]:
    """A TCP server on 127.0.0.1 that answers each connection with ``reply(connection)``."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                try:
                    reply(connection)
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", listener


def test_a_server_that_does_not_speak_http_is_not_mlflow() -> None:
    uri, listener = _raw_server(lambda connection: connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n"))
    with listener, pytest.raises(MlflowError, match=r"did not answer as an MLflow tracking server does"):
        TrackingServer(uri).run("r")


def test_an_answer_that_trickles_in_times_out_as_a_whole() -> None:
    import time

    def trickle(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
        for _ in range(100):  # a byte every 0.1 s: each read is in time, the whole is not
            connection.sendall(b" ")
            time.sleep(0.1)

    uri, listener = _raw_server(trickle)
    with listener, pytest.raises(MlflowError, match=r"no answer within 0\.2 s"):  # else, after 10 s, "did not answer as MLflow"
        TrackingServer(uri, timeout=0.2).run("r")


def test_a_model_name_with_a_quote_is_quoted_for_the_search_filter() -> None:
    from mlroadmap.mlflow_rest import _quoted

    assert [_quoted(name) for name in ("intent", "it's", 'say "hi"')] == ["'intent'", '"it\'s"', "'say \"hi\"'"]
