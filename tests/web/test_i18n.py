"""Every Japanese UI string has an English translation, and the compiled catalog is current."""

import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "kanmin" / "locale" / "en" / "LC_MESSAGES" / "django.po"
TRANS_RE = re.compile(r'{%\s*trans\s+"([^"]+)"')


def test_every_template_string_is_in_the_catalog():
    known = {e.msgid for e in polib.pofile(str(PO))}
    missing = set()
    for template in (ROOT / "kanmin").glob("*/templates/**/*.html"):
        for msgid in TRANS_RE.findall(template.read_text(encoding="utf-8")):
            if msgid not in known:
                missing.add(f"{template.relative_to(ROOT)}: {msgid}")
    assert not missing, "run scripts/compile_messages.py:\n" + "\n".join(sorted(missing))


def test_catalog_is_translated_and_compiled():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "compile_messages.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
