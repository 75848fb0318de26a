"""Fixtures for the interop tests: a second real kanmin server, a misbehaving HTTP server, SHACL."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import urlopen

import pytest

REPO = Path(__file__).resolve().parents[2]
SHAPES = REPO / "kanmin" / "interop" / "shapes" / "dcat-ap-min.ttl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shacl_validate(graph):
    """(conforms, violations, report text) of ``graph`` against our DCAT-AP shapes; warnings allowed."""
    import pyshacl
    from rdflib import Graph, Namespace

    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, report, text = pyshacl.validate(graph, shacl_graph=shapes, allow_warnings=True, inference="none")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    violations = list(report.subjects(sh.resultSeverity, sh.Violation))
    return conforms, violations, text


@pytest.fixture(scope="session")
def shacl():
    return shacl_validate


class Remote:
    """A second kanmin instance (own data dir and SQLite file) running ``kanmin serve``."""

    def __init__(self, tmp: Path, corpus: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "KANMIN_"))}
        self.env.pop("DATABASE_URL", None)
        self.env.update({
            "KANMIN_DATA_DIR": str(tmp),
            "DATABASE_URL": f"sqlite:///{tmp}/other.sqlite3",
            "KANMIN_SITE_URL": self.url,
            "KANMIN_CORPUS": str(corpus),
            "KANMIN_SECRET_KEY": "remote-test-instance",
        })
        self.process = None
        self.token = ""

    def kanmin(self, *args) -> str:
        done = subprocess.run([sys.executable, "-m", "kanmin", *args], env=self.env, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self):
        self.kanmin("demo")
        self.token = self.kanmin("token", "demo-admin").strip().splitlines()[-1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kanmin", "serve", "--port", str(self.port), "--threads", "4"],
            env=self.env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urlopen(f"{self.url}/api/3/action/status_show", timeout=2) as resp:
                    if json.load(resp)["success"]:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the second kanmin server did not start")

    def action(self, name: str, data: dict) -> dict:
        import requests

        resp = requests.post(f"{self.url}/api/3/action/{name}", json=data, headers={"Authorization": self.token}, timeout=30)
        body = resp.json()
        assert body["success"], body
        return body["result"]

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="module")
def remote_kanmin(tmp_path_factory, corpus):
    remote = Remote(tmp_path_factory.mktemp("remote-kanmin"), corpus).start()
    yield remote
    remote.stop()


# --- a server that answers badly ---------------------------------------------------------------

def _package(i: int, **extra) -> dict:
    pkg = {
        "id": f"remote-{i}", "name": f"junk-ds-{i}", "title": f"リモート {i}", "notes": "説明",
        "metadata_modified": "2024-01-01T00:00:00", "license_id": "cc-by", "tags": [{"name": "テスト"}],
        "resources": [{"id": f"r{i}", "name": "data.csv", "url": f"https://example.invalid/{i}.csv", "format": "CSV"}],
    }
    pkg.update(extra)
    return pkg


class JunkHandler(BaseHTTPRequestHandler):
    """``/<mode>/api/3/action/package_search`` answers according to ``mode``."""

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, ctype: str, length=True):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def do_GET(self):  # noqa: C901 - one branch per kind of bad answer
        mode = self.path.strip("/").split("/")[0]
        if mode == "html":
            return self._send(200, "<!DOCTYPE html><html><body><h1>ようこそ</h1></body></html>".encode(), "text/html; charset=utf-8")
        if mode == "html-as-json":
            return self._send(200, b"<html><body>Maintenance</body></html>", "application/json")
        if mode == "garbage":
            return self._send(200, b"\x00\xff}{not json at all", "application/json")
        if mode == "not-ckan":
            return self._send(200, json.dumps({"hello": "world"}).encode(), "application/json")
        if mode == "api-error":
            return self._send(200, json.dumps({"success": False, "error": {"message": "Access denied"}}).encode(), "application/json")
        if mode == "bad-shape":
            return self._send(200, json.dumps({"success": True, "result": {"count": "many", "results": "x"}}).encode(), "application/json")
        if mode == "server-error":
            return self._send(500, b"Internal Server Error", "text/plain")
        if mode == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                self.wfile.write(b'{"success": true, "result": {"count": 1, "results": [{"notes": "')
                for _ in range(64):
                    self.wfile.write(b"x" * 65536)
                self.wfile.write(b'"}]}}')
            except OSError:
                pass
            return None
        if mode == "slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.25)
            except OSError:
                pass
            return None
        if mode == "silent":
            time.sleep(5)
            return self._send(200, b"{}", "application/json")
        if mode == "good":
            packages = [_package(1), _package(2), _package(3, name="junk-ds-1-again", title="")]
            return self._send(200, json.dumps({"success": True, "result": {"count": 3, "results": packages}}).encode(), "application/json")
        if mode == "incomplete":
            # claims 5 datasets but pages run dry after 1
            query = self.path.split("?", 1)[-1]
            results = [_package(1)] if "start=0" in query else []
            return self._send(200, json.dumps({"success": True, "result": {"count": 5, "results": results}}).encode(), "application/json")
        return self._send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def junk_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), JunkHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
