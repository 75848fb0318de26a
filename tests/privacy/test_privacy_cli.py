"""``kanmin deidentify`` and ``kanmin suppress-table`` on a local file."""

import csv
import json
import subprocess
import sys

import pandas as pd
from pycanon import anonymity


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "kanmin", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_deidentify_and_suppress_table(people_csv, tmp_path):
    out, report = tmp_path / "out.csv", tmp_path / "report.json"
    done = run_cli("deidentify", people_csv, "--qi", "年齢=age", "--qi", "性別=suppress", "--qi", "町名=address",
                   "--sensitive", "診断名", "--k", 10, "--l", 3, "-o", out, "--report", report, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(df.columns) == ["年齢", "性別", "町名", "診断名"]  # 氏名 and 郵便番号 were removed
    assert anonymity.k_anonymity(df, ["年齢", "性別", "町名"]) == data["k_achieved"] >= 10
    assert anonymity.l_diversity(df, ["年齢", "性別", "町名"], ["診断名"]) == data["l_achieved"] >= 3

    table = tmp_path / "table.csv"
    done = run_cli("suppress-table", people_csv, "--rows", "町名", "--cols", "診断名", "--threshold", 10, "-o", table, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert rows[0][-1] == "合計" and rows[-1][-1] == "2000"

    bad = run_cli("deidentify", people_csv, "--qi", "無い列=age", cwd=tmp_path)
    assert bad.returncode == 2 and "無い列" in bad.stderr and "no column" in bad.stderr
