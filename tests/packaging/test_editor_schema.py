"""The real yaml-language-server, pointed at the installed schema by the modeline that
``ergo config init`` writes, reports a misspelt key, a wrong type and a bad duration in words."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any

import pytest

# One worker runs these, so yaml-language-server is installed into its cache once.
pytestmark = [pytest.mark.packaging, pytest.mark.xdist_group("yaml-language-server")]


class LanguageServer:
    """A minimal LSP client over the server's stdio (Content-Length framed JSON-RPC)."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: Queue[dict[str, Any]] = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _sep, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> None:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})

    def diagnostics(self, uri: str, timeout: float = 60) -> list[dict[str, Any]]:
        """Answer the server's requests until it publishes non-empty diagnostics for uri."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "yaml-language-server published no diagnostics"
            try:
                message = self.messages.get(timeout=remaining)
            except Empty:
                continue
            method = message.get("method")
            if "id" in message and method:
                settings = [{"validate": True, "completion": True, "hover": True}
                            for _item in message.get("params", {}).get("items", [])]
                result = settings if method == "workspace/configuration" else None
                self.send({"id": message["id"], "result": result})
            elif method == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri and params["diagnostics"]:
                    return params["diagnostics"]

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


def test_a_new_config_gets_worded_diagnostics_for_a_typo_a_wrong_type_and_a_bad_duration(
        yaml_language_server, tmp_path):
    config = tmp_path / "home" / ".config" / "ergo" / "ergo.yaml"
    env = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
               ERGO_CONFIG=str(config))
    written = subprocess.run([sys.executable, "-m", "ergo", "config", "init"], env=env,
                             capture_output=True, text=True, timeout=60, check=False)
    assert written.returncode == 0, written.stderr
    modeline = config.read_text(encoding="utf-8").splitlines()[0]
    text = (f"{modeline}\nlanguag: nl\nsnooze:\n  max_per_day: lots\n"
            "reminders:\n  walk:\n    every: 20 min\n")
    config.write_text(text, encoding="utf-8")

    server = LanguageServer(yaml_language_server)
    try:
        server.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                      "capabilities": {"workspace": {"configuration": True}}})
        server.send({"method": "initialized", "params": {}})
        server.send({"method": "workspace/didChangeConfiguration",
                     "params": {"settings": {"yaml": {"validate": True}}}})
        uri = config.as_uri()
        server.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
        found = server.diagnostics(uri)
    finally:
        server.close()

    by_line = {item["range"]["start"]["line"]: item["message"] for item in found}
    assert "languag" in by_line[1] and "not allowed" in by_line[1], by_line
    assert by_line[3].startswith("Incorrect type. Expected \"integer\""), by_line
    assert by_line[6] == "A duration needs a unit: 45s, 20m, 1h or 1h30m.", by_line
    assert not any("Unable to load schema" in message for message in by_line.values()), by_line


def test_the_modeline_names_a_schema_file_that_exists(tmp_path):
    from ergo.config.schema import modeline

    uri = modeline().split("$schema=", 1)[1]
    assert uri.startswith("file://")
    assert Path(uri.removeprefix("file://")).is_file()
