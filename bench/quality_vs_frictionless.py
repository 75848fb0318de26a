"""Benchmark: validate a 1,000,000-row standard CSV (AED設置箇所一覧) with kanmin's validator and with
``frictionless validate`` on the same file and an equivalent Table Schema; print rows/s and the ratio.

    .venv/bin/python bench/quality_vs_frictionless.py [--rows 1000000] [--keep]

frictionless is optional (bench environment only); without it only kanmin is measured.
"""

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kanmin.quality.engine.standards import get_schema, to_table_schema, validate_csv  # noqa: E402

HEADER = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "住所", "緯度", "経度", "設置位置", "電話番号",
          "利用可能曜日", "開始時間", "終了時間", "小児対応設備の有無", "URL", "備考"]


def make_csv(path: Path, rows: int, seed: int = 1) -> int:
    """Rows like real AED lists; about 1 % carry a mistake (5-digit code, 0 latitude, bad phone…)."""
    rnd = random.Random(seed)
    bad = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(1, rows + 1):
            row = ["372013", str(i), "高松市", f"施設{i}", f"香川県高松市番町{i % 9 + 1}丁目{i % 30 + 1}-{i % 20 + 1}",
                   f"{34.2 + rnd.random() * 0.2:.6f}", f"{133.9 + rnd.random() * 0.3:.6f}", "1階玄関", f"087-{rnd.randint(800, 899)}-{rnd.randint(1000, 9999)}",
                   "月火水木金", "09:00", "17:00", rnd.choice(["有", "無"]), f"https://www.city.takamatsu.kagawa.jp/aed/{i}", ""]
            if i % 100 == 0:
                bad += 1
                k = (i // 100) % 4
                if k == 0:
                    row[0] = "37201"
                elif k == 1:
                    row[5] = "0"
                elif k == 2:
                    row[8] = "0878-xx"
                else:
                    row[10] = "9:00"
            w.writerow(row)
    return bad


def run_kanmin(path: Path, schema: str):
    started = time.perf_counter()
    mapping, result = validate_csv(path, schema)
    seconds = time.perf_counter() - started
    return result.rows, seconds, result.errors


def run_frictionless(path: Path, table_schema: dict):
    try:
        from frictionless import Resource, Schema
    except ImportError:
        print("frictionless is not installed here: skipped. Install it in the bench environment (pip install 'frictionless>=5').")
        return None

    started = time.perf_counter()
    resource = Resource(path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(table_schema), encoding="utf-8")
    report = resource.validate(limit_errors=10**9)
    seconds = time.perf_counter() - started
    task = report.tasks[0] if report.tasks else None
    if task is not None and any(e.type == "resource-error" for e in task.errors):
        print("frictionless could not read the file:", task.errors[0].note)
        return None
    rows = (task.stats.get("rows") if task else None) or None
    errors = report.stats.get("errors") or 0
    return rows, seconds, errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--keep", action="store_true", help="keep the generated CSV")
    args = ap.parse_args(argv)
    schema = get_schema("aed")
    with tempfile.TemporaryDirectory(prefix="kanmin-bench-") as tmp:
        path = Path(tmp) / "aed_1m.csv"
        t = time.perf_counter()
        bad = make_csv(path, args.rows)
        size_mb = path.stat().st_size / 1024**2
        print(f"generated {args.rows:,} rows ({size_mb:.0f} MB, {bad:,} rows with a mistake) in {time.perf_counter() - t:.1f} s")
        table_schema = to_table_schema(schema, HEADER)
        (Path(tmp) / "schema.json").write_text(json.dumps(table_schema, ensure_ascii=False), encoding="utf-8")
        rows, secs, errors = run_kanmin(path, "aed")
        k_rate = rows / secs
        print(f"kanmin       : {rows:,} rows in {secs:6.2f} s = {k_rate:12,.0f} rows/s, {errors:,} errors")
        fr = run_frictionless(path, table_schema)
        if fr:
            f_rows, f_secs, f_errors = fr
            f_rows = f_rows or args.rows
            f_rate = f_rows / f_secs
            print(f"frictionless : {f_rows:,} rows in {f_secs:6.2f} s = {f_rate:12,.0f} rows/s, {f_errors:,} errors")
            print(f"ratio        : kanmin is {k_rate / f_rate:.1f}x the throughput of frictionless")
        if args.keep:
            keep = Path.cwd() / path.name
            path.replace(keep)
            print(f"kept {keep}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
