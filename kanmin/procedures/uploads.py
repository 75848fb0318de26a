"""Attachment uploads: streamed to a temp file under MEDIA_ROOT/procedures/, sniffed by magic bytes,
size-limited, hashed, then atomically renamed into place. Only PDF, PNG and JPEG are accepted;
executables, archives, HTML/SVG/scripts and files whose name disagrees with their content are refused.
"""

import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from kanmin.catalog.files import copy_limited, resolve_within
from kanmin.core.errors import UserError

CHUNK = 256 * 1024
ROOT_NAME = "procedures"

ACCEPTED = {
    "pdf": ("application/pdf", (".pdf",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
}
# Content we name when refusing it, so the message says what was wrong.
DANGEROUS = [
    (b"MZ", "実行ファイル (Windows)", "an executable (Windows)"),
    (b"\x7fELF", "実行ファイル (Linux)", "an executable (Linux)"),
    (b"\xcf\xfa\xed\xfe", "実行ファイル (macOS)", "an executable (macOS)"),
    (b"\xca\xfe\xba\xbe", "実行ファイル", "an executable"),
    (b"#!", "スクリプト", "a script"),
    (b"PK\x03\x04", "圧縮ファイル (ZIP)", "an archive (ZIP)"),
    (b"Rar!", "圧縮ファイル (RAR)", "an archive (RAR)"),
    (b"7z\xbc\xaf", "圧縮ファイル (7z)", "an archive (7z)"),
    (b"\x1f\x8b", "圧縮ファイル (gzip)", "an archive (gzip)"),
    (b"\xd0\xcf\x11\xe0", "Office 文書 (マクロを含む可能性)", "an Office document (may contain macros)"),
]
MARKUP = re.compile(rb"^\s*(<\?xml|<!doctype|<html|<svg|<script|<head|<body|<iframe)", re.I)


@dataclass
class StoredUpload:
    path: str  # relative to MEDIA_ROOT
    filename: str
    kind: str
    content_type: str
    size: int
    sha256: str


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / ROOT_NAME


def sniff(head: bytes) -> str | None:
    """'pdf', 'png', 'jpeg' or None from the first bytes."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def describe_danger(head: bytes) -> tuple[str, str] | None:
    for magic, ja, en in DANGEROUS:
        if head.startswith(magic):
            return ja, en
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if MARKUP.match(stripped):
        return "HTML/SVG/XML 文書", "an HTML/SVG/XML document"
    return None


def safe_name(name: str) -> str:
    name = Path(str(name or "file").replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "_", name).strip(" .") or "file"
    return name[-120:]


def _reject(label: str, ja: str, en: str) -> UserError:
    return UserError(f"「{label}」: {ja}", f"“{label}”: {en}", field="attachments")


def store(fileobj, filename: str, *, folder: str, types: list[str], max_bytes: int, label: str = "") -> StoredUpload:
    """Stream ``fileobj`` to MEDIA_ROOT/procedures/<folder>/; raise UserError if it is not acceptable.

    The data is written to ``tmp/<uuid>.part`` and renamed into place only after every check passed,
    so a crash or refusal never leaves a half file where a record could point to it.
    """
    label = label or filename
    filename = safe_name(filename)
    suffix = Path(filename).suffix.lower()
    tmp_dir = root() / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{uuid.uuid4().hex}.part"
    mb = max_bytes / 1024 / 1024
    try:
        with open(tmp, "wb") as out:
            size, sha256, head = copy_limited(iter(lambda: fileobj.read(CHUNK), b""), out, max_bytes, lambda: _reject(
                label, f"ファイルが大きすぎます（上限 {mb:g} MB）。", f"the file is too large (limit {mb:g} MB).",
            ))
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise _reject(label, "ファイルが空です。", "the file is empty.")
        danger = describe_danger(head)
        if danger:
            raise _reject(label, f"{danger[0]}は受け付けられません。PDF・PNG・JPEG で提出してください。",
                          f"{danger[1]} is not accepted; upload a PDF, PNG or JPEG.")
        kind = sniff(head)
        if kind is None:
            raise _reject(label, "ファイルの形式を確認できません。PDF・PNG・JPEG で提出してください。",
                          "the file type could not be recognised; upload a PDF, PNG or JPEG.")
        if suffix not in ACCEPTED[kind][1]:
            raise _reject(label, f"拡張子（{suffix or 'なし'}）と中身（{kind.upper()}）が一致しません。",
                          f"the file name ({suffix or 'no extension'}) does not match its content ({kind.upper()}).")
        if kind not in types:
            allowed = "・".join(t.upper() for t in types)
            raise _reject(label, f"この書類は {allowed} で提出してください。", f"this document must be {', '.join(t.upper() for t in types)}.")
        rel = Path(ROOT_NAME) / folder / f"{uuid.uuid4().hex}{ACCEPTED[kind][1][0]}"
        target = Path(settings.MEDIA_ROOT) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return StoredUpload(str(rel), filename, kind, ACCEPTED[kind][0], size, sha256)


def absolute(rel_path: str) -> Path:
    target = resolve_within(root(), rel_path)
    if target is None:
        raise FileNotFoundError(rel_path)
    return target


def remove(rel_path: str) -> None:
    try:
        absolute(rel_path).unlink(missing_ok=True)
    except FileNotFoundError:
        pass


def sweep(referenced: set[str], *, older_than_s: int = 3600) -> list[str]:
    """Delete leftover ``.part`` files and stored files no record points to (older than the grace time)."""
    removed, cutoff = [], time.time() - older_than_s
    base = root()
    if not base.exists():
        return removed
    for p in base.rglob("*"):
        if not p.is_file() or p.stat().st_mtime > cutoff:
            continue
        rel = str(p.relative_to(settings.MEDIA_ROOT))
        if p.suffix == ".part" or rel not in referenced:
            p.unlink(missing_ok=True)
            removed.append(rel)
    return removed
