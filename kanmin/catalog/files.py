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
HEAD_BYTES = 64  # enough for every content sniffer
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


def chunks_of(fileobj, chunk_size: int = CHUNK):
    """A Django upload's own ``chunks()``, else ``read(chunk_size)`` until the end."""
    return fileobj.chunks() if hasattr(fileobj, "chunks") else iter(lambda: fileobj.read(chunk_size), b"")


def copy_limited(chunks, out, limit: int, too_large) -> tuple[int, str, bytes]:
    """Write the byte ``chunks`` to the open file ``out``; returns (size, sha256 hex, first 64 bytes).

    Raises ``too_large()`` as soon as more than ``limit`` bytes arrived; the caller removes what was written.
    """
    digest, size, head = hashlib.sha256(), 0, b""
    for chunk in chunks:
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        size += len(chunk)
        if size > limit:
            raise too_large()
        digest.update(chunk)
        out.write(chunk)
    return size, digest.hexdigest(), head


def store(fileobj, filename: str, folder: str) -> StoredFile:
    """Copy ``fileobj`` to MEDIA_ROOT/folder/<random>/<filename>; raise if over the size limit."""
    filename = safe_filename(filename)
    rel = Path(folder) / uuid.uuid4().hex[:12] / filename
    target = Path(settings.MEDIA_ROOT) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "wb") as out:
            size, sha256, head = copy_limited(iter(lambda: fileobj.read(CHUNK), b""), out, max_bytes(), too_large_error)
        fmt = format_of(filename, head)
    except BaseException:
        shutil.rmtree(target.parent, ignore_errors=True)
        raise
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return StoredFile(str(rel), size, sha256, filename, fmt, mimetype)


def store_path(path: Path, folder: str) -> StoredFile:
    with open(path, "rb") as fh:
        return store(fh, Path(path).name, folder)


def resolve_within(root, rel_path) -> Path | None:
    """``MEDIA_ROOT/rel_path`` resolved (``..`` and symlinks followed) if it lies below ``root``, else None.

    Compared by path components, so a sibling folder such as ``<root>-old`` is outside (a string prefix
    test would let it in); ``root`` itself is not "below" it either.
    """
    target = (Path(settings.MEDIA_ROOT) / rel_path).resolve()
    return target if Path(root).resolve() in target.parents else None


def remove_folder_of(root, rel_path: str) -> None:
    """Delete the folder holding ``rel_path`` (each stored file has its own), never ``root`` itself."""
    target = resolve_within(root, rel_path) if rel_path else None
    if target is not None and target.parent != Path(root).resolve():
        shutil.rmtree(target.parent, ignore_errors=True)


def remove(rel_path: str) -> None:
    remove_folder_of(settings.MEDIA_ROOT, rel_path)


def absolute(rel_path: str) -> Path:
    target = resolve_within(settings.MEDIA_ROOT, rel_path)
    if target is None:
        raise FileNotFoundError(rel_path)
    return target
