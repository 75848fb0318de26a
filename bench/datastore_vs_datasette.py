"""Datastore benchmark: load a 1,000,000-row CSV, then datastore_search latency and requests/s for
filter + sort + paging, side by side with Datasette serving the same data from SQLite.

Run: make bench   (or: .venv/bin/python bench/datastore_vs_datasette.py --rows 1000000)
Peers are installed in bench/.venv only. Prints ratios (kanmin / Datasette; >1 means kanmin is
faster for rows/s and req/s, <1 means kanmin is faster for latency ratios printed as Datasette/kanmin).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, WARDS, free_port, generate_csv, peer_python, timed_requests, wait_for  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
KANMIN = [PY, "-m", "kanmin"]  # run from ROOT, so this checkout's code is used


LOAD_SNIPPET = """
import sys, time
from kanmin.cli import _django
_django()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from kanmin.catalog.models import Dataset, Organization, Resource
from kanmin.datastore import services
org = Organization.objects.create(name="bench", title="bench")
ds = Dataset.objects.create(name="bench", title="bench", organization=org)
res = Resource.objects.create(dataset=ds, name="bench", format="CSV")
t0 = time.perf_counter()
services.load_file(res.pk, sys.argv[1], "CSV")
print(res.pk, time.perf_counter() - t0)
"""


def kanmin_load(csv_path: Path, data_dir: Path, database_url: str | None) -> tuple[str, float]:
    """Time the datastore load alone (type inference, bulk insert, indexes, swap).

    The ``kanmin load`` command also runs the machine-readability check on the file afterwards;
    that is measured by bench/quality_vs_frictionless.py.
    """
    env = {**os.environ, "KANMIN_DATA_DIR": str(data_dir)}
    if database_url:
        env["DATABASE_URL"] = database_url
    out = subprocess.run([PY, "-c", LOAD_SNIPPET, str(csv_path)], env=env, check=True, capture_output=True, text=True, cwd=ROOT)
    resource_id, seconds = out.stdout.split()[-2:]
    return resource_id, float(seconds)


def datasette_load(csv_path: Path, db_path: Path) -> float:
    peer = peer_python()
    if db_path.exists():
        db_path.unlink()
    t0 = time.perf_counter()
    subprocess.run([peer, "-m", "sqlite_utils", "insert", str(db_path), "t", str(csv_path), "--csv"],
                   check=True, stdout=subprocess.DEVNULL)
    for col in ("区", "件数"):
        subprocess.run([peer, "-m", "sqlite_utils", "create-index", str(db_path), "t", col], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def query_paths(resource_id: str, n: int, seed: int = 3):
    rnd = random.Random(seed)
    kanmin, datasette = [], []
    for _ in range(n):
        ward, offset = rnd.choice(WARDS), rnd.choice([0, 100, 200, 500])
        kanmin.append("/api/3/action/datastore_search?" + urlencode({
            "resource_id": resource_id, "filters": json.dumps({"区": ward}, ensure_ascii=False),
            "sort": "件数 desc", "limit": 100, "offset": offset}))
        sql = f"select rowid, * from t where \"区\" = :w order by \"件数\" desc limit 100 offset {offset}"
        datasette.append("/bench/t.json?" + urlencode({"区": ward, "_sort_desc": "件数", "_size": 100}) if offset == 0
                         else "/bench.json?" + urlencode({"sql": sql, "w": ward}))
    return kanmin, datasette


def serve(cmd, env, url):
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wait_for(url)
    return proc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--database-url", default=None, help="also run kanmin on this PostgreSQL")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    csv_path = generate_csv(OUT / f"bench_{args.rows}.csv", args.rows)
    work = OUT / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()

    rid, k_load = kanmin_load(csv_path, work / "kanmin", args.database_url)
    d_load = datasette_load(csv_path, work / "bench.db")
    results = {"rows": args.rows, "kanmin_load_rows_s": args.rows / k_load, "datasette_load_rows_s": args.rows / d_load}

    kport, dport = free_port(), free_port()
    env = {**os.environ, "KANMIN_DATA_DIR": str(work / "kanmin")}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    kproc = serve([*KANMIN, "serve", "--port", str(kport), "--threads", str(args.threads)], env, f"http://127.0.0.1:{kport}/api/3/action/status_show")
    dproc = serve([peer_python(), "-m", "datasette", "serve", str(work / "bench.db"), "-p", str(dport), "--setting", "sql_time_limit_ms", "5000"],
                  dict(os.environ), f"http://127.0.0.1:{dport}/")
    try:
        kpaths, dpaths = query_paths(rid, args.requests)
        timed_requests(f"http://127.0.0.1:{kport}", kpaths[:20])  # warm-up
        timed_requests(f"http://127.0.0.1:{dport}", dpaths[:20])
        for label, threads in (("sequential", 1), (f"{args.threads} clients", args.threads)):
            k = timed_requests(f"http://127.0.0.1:{kport}", kpaths, threads)
            d = timed_requests(f"http://127.0.0.1:{dport}", dpaths, threads)
            results[label] = {"kanmin": k, "datasette": d}
    finally:
        kproc.terminate()
        dproc.terminate()

    print(f"\nDatastore benchmark: {args.rows:,} rows, filter(区) + sort(件数 desc) + paging, limit 100")
    print(f"{'':28}{'kanmin':>12}{'Datasette':>12}{'ratio':>10}")
    print(f"{'load rows/s':28}{results['kanmin_load_rows_s']:>12,.0f}{results['datasette_load_rows_s']:>12,.0f}"
          f"{results['kanmin_load_rows_s'] / results['datasette_load_rows_s']:>10.2f}")
    for label in ("sequential", f"{args.threads} clients"):
        k, d = results[label]["kanmin"], results[label]["datasette"]
        print(f"{label + ' p50 ms':28}{k['p50_ms']:>12.1f}{d['p50_ms']:>12.1f}{d['p50_ms'] / k['p50_ms']:>10.2f}")
        print(f"{label + ' p95 ms':28}{k['p95_ms']:>12.1f}{d['p95_ms']:>12.1f}{d['p95_ms'] / k['p95_ms']:>10.2f}")
        print(f"{label + ' requests/s':28}{k['rps']:>12.1f}{d['rps']:>12.1f}{k['rps'] / d['rps']:>10.2f}")
    print("ratio > 1 means kanmin is better (rows/s, req/s: kanmin/Datasette; latency: Datasette/kanmin)")
    (OUT / "datastore_vs_datasette.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
