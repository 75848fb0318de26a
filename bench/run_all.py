"""Run every benchmark in bench/ one after another (each prints its own ratios)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for script in sorted(HERE.glob("*_vs_*.py")):
    print(f"\n=== {script.name}")
    subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=False)
