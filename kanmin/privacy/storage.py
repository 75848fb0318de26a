"""Private files of the privacy domain, under MEDIA_ROOT/privacy/<release id>/ (never served publicly)."""

import csv
import io
from pathlib import Path

from django.conf import settings

from kanmin.catalog.files import chunks_of, copy_limited, remove_folder_of, resolve_within
from kanmin.core.errors import UserError
from kanmin.datastore.readers import open_table

FORMATS = {"CSV", "TSV", "TXT", "XLSX", "XLS"}
MAX_ROWS = 500_000


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "privacy"


def absolute(rel: str) -> Path:
    path = resolve_within(root(), rel)
    if path is None:
        raise UserError("ファイルの場所が不正です。", "Invalid file location.")
    return path


def format_of(filename: str) -> str:
    fmt = Path(filename or "").suffix.upper().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(
            "CSV・TSV・Excel（.xlsx/.xls）のファイルを選んでください。",
            "Choose a CSV, TSV or Excel (.xlsx/.xls) file.",
            field="upload",
        )
    return "CSV" if fmt == "TXT" else fmt


def store_upload(fileobj, filename: str, release_id) -> tuple[str, str]:
    """Save an upload as MEDIA_ROOT/privacy/<release id>/raw.<ext>; returns (relative path, format)."""
    fmt = format_of(filename)
    folder = Path("privacy") / str(release_id)
    rel = folder / f"raw.{fmt.lower()}"
    target = Path(settings.MEDIA_ROOT) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    mb = settings.KANMIN_MAX_UPLOAD_MB
    try:
        with open(target, "wb") as out:
            size, _sha256, _head = copy_limited(chunks_of(fileobj), out, mb * 1024 * 1024, lambda: UserError(
                f"ファイルが大きすぎます（上限 {mb} MB）。", f"The file is too large (limit {mb} MB).", field="upload",
            ))
    except BaseException:
        remove_folder(str(rel))
        raise
    if size == 0:
        remove_folder(str(rel))
        raise UserError("ファイルが空です。", "The file is empty.", field="upload")
    return str(rel), fmt


def read_table(rel: str, fmt: str, sheet: str | None = None) -> tuple[list[str], list[list]]:
    """Header and rows as lists; refuses empty or duplicate column names and oversized tables."""
    table = open_table(absolute(rel), fmt, sheet=sheet or None)
    header = [str(h).strip() for h in table.header]
    blanks = [str(i + 1) for i, h in enumerate(header) if not h]
    if blanks:
        raise UserError(
            f"見出しが空の列があります（{', '.join(blanks)} 列目）。すべての列に名前を付けてください。",
            f"Column(s) {', '.join(blanks)} have no header; name every column.",
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise UserError(f"列名「{'」「'.join(dupes)}」が重複しています。", f"Duplicate column names: {', '.join(dupes)}.")
    rows = []
    for row in table.rows():
        if not any(str(c).strip() for c in row if c is not None):
            continue
        rows.append(["" if c is None else c for c in row])
        if len(rows) > MAX_ROWS:
            raise UserError(
                f"行数が多すぎます（上限 {MAX_ROWS:,} 行）。", f"Too many rows (limit {MAX_ROWS:,}).",
            )
    return header, rows


def write_csv(release_id, name: str, header: list, rows: list) -> str:
    """Write a UTF-8 CSV into the release's folder; returns its relative path."""
    rel = Path("privacy") / str(release_id) / name
    target = Path(settings.MEDIA_ROOT) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(target)
    return str(rel)


def remove_file(rel: str) -> None:
    if rel:
        absolute(rel).unlink(missing_ok=True)


def remove_folder(rel: str) -> None:
    if rel:
        absolute(rel)  # refuses a path outside the store
        remove_folder_of(root(), rel)
