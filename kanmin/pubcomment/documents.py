"""Case documents: PDF, Word and Excel only, checked by content (not by name), with a size limit.

Files are stored under MEDIA_ROOT/pubcomment/<case>/<random>/ and only served through a view as
attachments. Refused: other types, content that does not match the extension, macro-enabled
Office files, PDFs with JavaScript or launch actions, encrypted or oversized archives.
"""

import re
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from kanmin.catalog.files import chunks_of, copy_limited, remove_folder_of, resolve_within, safe_filename
from kanmin.core.errors import UserError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MIMETYPES = {
    "PDF": "application/pdf",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "DOC": "application/msword",
    "XLS": "application/vnd.ms-excel",
}
ZIP_MARKER = {"DOCX": "word/", "XLSX": "xl/"}
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia|OpenAction\s*<<[^>]*?/S\s*/JavaScript)\b")


def max_bytes() -> int:
    return int(getattr(settings, "KANMIN_PUBCOMMENT_MAX_DOC_MB", 20)) * 1024 * 1024


def _refuse(ja: str, en: str):
    raise UserError(ja, en, field="upload")


@dataclass
class Stored:
    path: str
    filename: str
    format: str
    size: int
    sha256: str


def check_content(path: Path, fmt: str) -> None:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if fmt == "PDF":
        if not head.startswith(b"%PDF-"):
            _refuse("PDF ではありません（中身が拡張子と一致しません）。", "This is not a PDF (content does not match the name).")
        data = path.read_bytes()
        if PDF_ACTIVE.search(data):
            _refuse("スクリプトや埋め込みファイルを含む PDF は受け付けません。",
                    "PDFs with scripts, launch actions or embedded files are not accepted.")
        if b"/Encrypt" in data:
            _refuse("暗号化された PDF は受け付けません。", "Encrypted PDFs are not accepted.")
        return
    if fmt in ("DOC", "XLS"):
        if head != OLE_MAGIC:
            _refuse(f"{fmt} ファイルではありません（中身が拡張子と一致しません）。",
                    f"This is not a {fmt} file (content does not match the name).")
        if b"V\x00B\x00A\x00" in path.read_bytes() or b"_VBA_PROJECT" in path.read_bytes():
            _refuse("マクロを含むファイルは受け付けません。", "Files with macros are not accepted.")
        return
    if not zipfile.is_zipfile(path):
        _refuse(f"{fmt} ファイルではありません（中身が拡張子と一致しません）。",
                f"This is not a {fmt} file (content does not match the name).")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        infos = zf.infolist()
        if "[Content_Types].xml" not in names or not any(n.startswith(ZIP_MARKER[fmt]) for n in names):
            _refuse(f"{fmt} ファイルではありません（中身が拡張子と一致しません）。",
                    f"This is not a {fmt} file (content does not match the name).")
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            _refuse("マクロを含むファイルは受け付けません。", "Files with macros are not accepted.")
        if any(i.flag_bits & 0x1 for i in infos):
            _refuse("暗号化されたファイルは受け付けません。", "Encrypted files are not accepted.")
        total = sum(i.file_size for i in infos)
        if total > 20 * max_bytes() or any(n.startswith("/") or ".." in n.split("/") for n in names):
            _refuse("展開後のサイズや構造が異常なファイルです。", "The archive expands abnormally or has unsafe paths.")


def store(fileobj, filename: str, case_id) -> Stored:
    filename = safe_filename(filename)
    fmt = Path(filename).suffix.upper().lstrip(".")
    if fmt not in MIMETYPES:
        _refuse("PDF・Word（.docx/.doc）・Excel（.xlsx/.xls）のファイルだけを添付できます。",
                "Only PDF, Word (.docx/.doc) and Excel (.xlsx/.xls) files can be attached.")
    rel = Path("pubcomment") / str(case_id) / uuid.uuid4().hex[:12] / filename
    target = Path(settings.MEDIA_ROOT) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    limit = max_bytes()
    mb = limit // 1024 // 1024
    try:
        with open(target, "wb") as out:
            size, sha256, _head = copy_limited(chunks_of(fileobj), out, limit, lambda: UserError(
                f"ファイルが大きすぎます（上限 {mb} MB）。", f"The file is too large (limit {mb} MB).", field="upload",
            ))
        if size == 0:
            _refuse("ファイルが空です。", "The file is empty.")
        check_content(target, fmt)
    except BaseException:
        shutil.rmtree(target.parent, ignore_errors=True)
        raise
    return Stored(str(rel), filename, fmt, size, sha256)


def absolute(rel: str) -> Path:
    path = resolve_within(Path(settings.MEDIA_ROOT) / "pubcomment", rel)
    if path is None:
        raise UserError("ファイルの場所が不正です。", "Invalid file location.")
    return path


def remove(rel: str) -> None:
    if rel:
        absolute(rel)  # refuses a path outside the store
        remove_folder_of(Path(settings.MEDIA_ROOT) / "pubcomment", rel)
