"""No submission is lost: a real server is SIGKILLed in the middle of a large multipart upload.

After a restart the draft saved before is intact, the database passes an integrity check, no
attachment row points to a partial file, and the same draft can still be completed and submitted.
"""

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
KANMIN = REPO / ".venv" / "bin" / "kanmin"

SETUP = r"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from kanmin.procedures import applications, definitions
form = definitions.save_form(slug="big", title="大きな添付の申請", department="somu", published=True,
    fields=[{"key": "name", "label": "氏名", "type": "text", "required": True}, {"key": "note", "label": "備考", "type": "textarea"}],
    attachments=[{"key": "plan", "label": "図面", "types": ["pdf"], "max_mb": 40, "required": True}])
app = applications.start(form)
applications.save_draft(app, {"name": "高松 花子", "note": "保存済みの下書き"})
print(json.dumps({"id": str(app.pk), "key": app.access_key}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path):
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update({"KANMIN_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "DJANGO_SETTINGS_MODULE": "kanmin.settings", "KANMIN_LOG_LEVEL": "ERROR"})
    return env


def _serve(env, port):
    proc = subprocess.Popen([str(KANMIN), "serve", "--port", str(port), "--threads", "2"], env=env, cwd=str(REPO),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode()[-2000:])
        try:
            if requests.get(f"http://127.0.0.1:{port}/procedures/", timeout=10).status_code == 200:
                return proc
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("server did not start")


@pytest.mark.live
def test_server_killed_mid_upload_loses_nothing(tmp_path):
    env = _env(tmp_path)
    out = subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=str(REPO), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    draft = json.loads(out.stdout.strip().splitlines()[-1])
    port = _free_port()
    server = _serve(env, port)
    try:
        http = requests.Session()
        edit_url = f"http://127.0.0.1:{port}/procedures/a/{draft['id']}/"
        page = http.get(edit_url, params={"key": draft["key"]}, timeout=10)
        assert page.status_code == 200 and "保存済みの下書き" in page.text
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        cookies = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        boundary = "----kanminkilltest"
        head = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{csrf}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n上書きされてはいけない名前\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nconfirm\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file_plan\"; filename=\"plan.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
        ).encode()
        total = len(head) + 30 * 1024 * 1024  # announced size: 30 MB
        request = (
            f"POST /procedures/a/{draft['id']}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookies}\r\n"
            f"Referer: {edit_url}\r\nOrigin: http://127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {total}\r\n\r\n"
        ).encode()
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(request + head)
        chunk = b"0" * (256 * 1024)
        for _ in range(40):  # 10 MB of the 30 MB body
            sock.sendall(chunk)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        sock.close()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    db = sqlite3.connect(tmp_path / "x.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    data, status = db.execute("SELECT data, status FROM procedures_application WHERE id = ?", (draft["id"].replace("-", ""),)).fetchone()
    assert status == "draft" and json.loads(data) == {"name": "高松 花子", "note": "保存済みの下書き"}
    assert db.execute("SELECT COUNT(*) FROM procedures_attachment").fetchone()[0] == 0
    db.close()
    media = tmp_path / "data" / "files" / "procedures"
    stored = [p for p in media.rglob("*") if p.is_file() and p.parent.name != "tmp"] if media.exists() else []
    assert stored == []  # nothing was renamed into place

    # restart: the draft is there and can be completed
    port = _free_port()
    server = _serve(env, port)
    try:
        http = requests.Session()
        edit_url = f"http://127.0.0.1:{port}/procedures/a/{draft['id']}/"
        page = http.get(edit_url, params={"key": draft["key"]}, timeout=10)
        assert "保存済みの下書き" in page.text and "高松 花子" in page.text
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        pdf = b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 1000 + b"%%EOF\n"
        r = http.post(edit_url, data={"csrfmiddlewaretoken": csrf, "name": "高松 花子", "note": "再開", "action": "confirm"},
                      files={"file_plan": ("plan.pdf", pdf, "application/pdf")}, headers={"Referer": edit_url}, timeout=30)
        assert r.status_code == 200 and r.url.endswith("/confirm/"), r.text[-1500:]
        token = re.search(r'name="submit_token" value="([^"]+)"', r.text).group(1)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
        done = http.post(r.url, data={"csrfmiddlewaretoken": csrf, "submit_token": token}, headers={"Referer": r.url}, timeout=30)
        assert re.search(r"R\d{4}-000001", done.text)
    finally:
        server.kill()
        server.wait()
