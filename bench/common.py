"""Helpers shared by the benchmark scripts: data generation, peer venv, HTTP timing."""

import csv
import http.client
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
PEER_VENV = BENCH / ".venv"
WARDS = ["中央", "東", "西", "南", "北", "香川", "塩江", "国分寺"]
CATEGORIES = [f"分類{i:02d}" for i in range(20)]


def generate_csv(path: Path, rows: int, seed: int = 7) -> Path:
    """A realistic municipal-style table: ids, ward, category, counts, amounts, dates, names."""
    if path.exists() and path.stat().st_size > 0:
        return path
    rnd = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["番号", "区", "分類", "件数", "金額", "日付", "名称"])
        for i in range(1, rows + 1):
            w.writerow([i, rnd.choice(WARDS), rnd.choice(CATEGORIES), rnd.randint(0, 100000),
                        round(rnd.random() * 1e6, 2), f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                        f"施設{rnd.randint(1, 50000)}号"])
    return path


def peer_python() -> str:
    """Python of bench/.venv with the peers installed (created on first use)."""
    py = PEER_VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(BENCH / "requirements.txt")], check=True, stderr=subprocess.DEVNULL)
    return str(py)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    parts = urlsplit(url)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            conn.request("GET", parts.path or "/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not start: {url}")


def timed_requests(base: str, paths: list[str], threads: int = 1) -> dict:
    """Run each path once (round-robin over threads, keep-alive); return latency stats and req/s."""
    parts = urlsplit(base)
    latencies: list[float] = []
    lock = threading.Lock()
    errors = []

    def worker(chunk):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        for path in chunk:
            t0 = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            dt = time.perf_counter() - t0
            if resp.status != 200:
                errors.append((path, resp.status))
            with lock:
                latencies.append(dt)
        conn.close()

    chunks = [paths[i::threads] for i in range(threads)]
    t0 = time.perf_counter()
    ts = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[0]}")
    latencies.sort()
    return {
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "rps": len(latencies) / wall,
    }
