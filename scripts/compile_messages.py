"""Build the English catalog: extract msgids (Django makemessages, needs GNU gettext), fill msgstr
from the translation tables (kanmin/*/i18n/en.tsv and kanmin/*/i18n_en.po), write the .mo.

Usage: python scripts/compile_messages.py [--check]
  --check: fail if a msgid has no English or the committed .mo is stale (used by the tests).
"""

import csv
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "kanmin"
PO = PKG / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def translations() -> dict[str, list[str]]:
    """Domain catalogs first, then the tables in */i18n/en.tsv, which win for shared msgids."""
    table: dict[str, list[str]] = {}
    for po_path in sorted(PKG.glob("*/i18n_en.po")):
        for entry in polib.pofile(str(po_path)):
            if entry.msgid_plural:
                table[entry.msgid] = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            elif entry.msgstr:
                table[entry.msgid] = [entry.msgstr]
    for tsv in sorted(PKG.glob("*/i18n/en.tsv")):
        with open(tsv, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row and row[0] and not row[0].startswith("#"):
                    table[row[0]] = row[1:]
    return table


def extract() -> None:
    env = {"DJANGO_SETTINGS_MODULE": "kanmin.settings", "KANMIN_DATA_DIR": "/tmp/kanmin-makemessages", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location", "--no-obsolete"],
                   cwd=PKG, check=True, env=env, stdout=subprocess.DEVNULL)


def fill(po: polib.POFile, table) -> list[str]:
    missing = []
    for entry in po:
        values = table.get(entry.msgid)
        if not values or not values[0]:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: values[0], 1: values[-1]}
        else:
            entry.msgstr = values[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Language"] = "en"
    return missing


def main() -> int:
    check = "--check" in sys.argv
    if not check:
        extract()
    po = polib.pofile(str(PO))
    missing = fill(po, translations())
    if missing:
        print("msgids without English:", *missing, sep="\n  ")
    if check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "django.mo"
            po.save_as_mofile(str(fresh))
            stale = not MO.exists() or fresh.read_bytes() != MO.read_bytes()
        if stale:
            print("django.mo is stale: run python scripts/compile_messages.py")
        return 1 if missing or stale else 0
    po.save(str(PO))
    po.save_as_mofile(str(MO))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
