"""Uploaded resource files: streamed to disk outside the web root with a size limit and a hash."""

import hashlib
import mimetypes
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from kanmin.core.errors import UserError

CHUNK = 1024 * 1024
MAGIC = [
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\xd0\xcf\x11\xe0", "OLE"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
]


@dataclass
class StoredFile:
    path: str  # relative to MEDIA_ROOT
    size: int
    sha256: str
    filename: str
    format: str
    mimetype: str

    @property
    def absolute(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.path


def safe_filename(name: str) -> str:
    name = Path(name or "file").name
    name = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "_", name).strip(" .") or "file"
    return name[-150:]


def max_bytes() -> int:
    return settings.KANMIN_MAX_UPLOAD_MB * 1024 * 1024


def too_large_error() -> UserError:
    mb = settings.KANMIN_MAX_UPLOAD_MB
    return UserError(
        f"ファイルが大きすぎます（上限 {mb} MB）。分割するか管理者に相談してください。",
        f"The file is too large (limit {mb} MB); split it or ask an administrator.",
        field="upload",
    )


def format_of(filename: str, head: bytes) -> str:
    suffix = Path(filename).suffix.lower().lstrip(".")
    fmt = {"txt": "CSV", "jpg": "JPEG", "htm": "HTML", "json": "JSON"}.get(suffix, suffix.upper())
    kind = next((k for magic, k in MAGIC if head.startswith(magic)), None)
    if fmt in ("XLSX", "XLSM", "DOCX", "ODS") and kind != "ZIP":
        raise UserError(
            f"拡張子は {fmt} ですが中身が一致しません。正しいファイルか確認してください。",
            f"The file is named .{suffix} but its content is not {fmt}.",
            field="upload",
        )
    if fmt == "XLS" and kind not in ("OLE", "ZIP"):
        raise UserError("拡張子は XLS ですが中身が一致しません。", "The file is named .xls but its content is not Excel.", field="upload")
    return fmt


def store(fileobj, filename: str, folder: str) -> StoredFile:
    """Copy ``fileobj`` to MEDIA_ROOT/folder/<random>/<filename>; raise if over the size limit."""
    filename = safe_filename(filename)
    rel = Path(folder) / uuid.uuid4().hex[:12] / filename
    target = Path(settings.MEDIA_ROOT) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size, limit, head = hashlib.sha256(), 0, max_bytes(), b""
    try:
        with open(target, "wb") as out:
            while True:
                chunk = fileobj.read(CHUNK)
                if not chunk:
                    break
                if not head:
                    head = chunk[:16]
                size += len(chunk)
                if size > limit:
                    raise too_large_error()
                digest.update(chunk)
                out.write(chunk)
        fmt = format_of(filename, head)
    except BaseException:
        shutil.rmtree(target.parent, ignore_errors=True)
        raise
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return StoredFile(str(rel), size, digest.hexdigest(), filename, fmt, mimetype)


def store_path(path: Path, folder: str) -> StoredFile:
    with open(path, "rb") as fh:
        return store(fh, Path(path).name, folder)


def remove(rel_path: str) -> None:
    if not rel_path:
        return
    target = (Path(settings.MEDIA_ROOT) / rel_path).resolve()
    if Path(settings.MEDIA_ROOT).resolve() in target.parents:
        shutil.rmtree(target.parent, ignore_errors=True)


def absolute(rel_path: str) -> Path:
    target = (Path(settings.MEDIA_ROOT) / rel_path).resolve()
    if Path(settings.MEDIA_ROOT).resolve() not in target.parents:
        raise FileNotFoundError(rel_path)
    return target
