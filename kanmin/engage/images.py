"""Screenshots: size-limited, sniffed with Pillow, re-encoded (PNG or JPEG) so nothing odd survives.

Files live under ``MEDIA_ROOT/engage/screenshots/`` (outside any web root) and are served by a view.
Limits: ``KANMIN_ENGAGE_SCREENSHOT_MB`` (default 3 MB per file) and at most 40 megapixels.
"""

import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from kanmin.catalog.files import absolute
from kanmin.core.errors import UserError

FOLDER = "engage/screenshots"
ALLOWED = {"PNG", "JPEG", "GIF", "WEBP"}
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400  # larger images are scaled down


@dataclass
class StoredImage:
    path: str  # relative to MEDIA_ROOT
    content_type: str
    width: int
    height: int
    size: int


def max_bytes() -> int:
    return int(float(getattr(settings, "KANMIN_ENGAGE_SCREENSHOT_MB", 3)) * 1024 * 1024)


def _read_limited(fileobj) -> bytes:
    limit = max_bytes()
    data = fileobj.read(limit + 1)
    if len(data) > limit:
        mb = limit / 1024 / 1024
        raise UserError(
            f"画像が大きすぎます（1 枚 {mb:g} MB まで）。縮小してから送ってください。",
            f"The image is too large (limit {mb:g} MB each); please make it smaller.",
            field="screenshots",
        )
    return data


def _not_image(name: str) -> UserError:
    return UserError(
        f"「{name}」は画像として読み込めません。PNG・JPEG・GIF・WebP の画像を選んでください。",
        f"'{name}' is not a readable image; choose a PNG, JPEG, GIF or WebP file.",
        field="screenshots",
    )


def sanitize(fileobj, name: str = "image") -> tuple[bytes, str, int, int]:
    """Return (bytes, content type, width, height) of a clean re-encoded copy, or raise UserError."""
    data = _read_limited(fileobj)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            source_format = probe.format
            if source_format not in ALLOWED:
                raise _not_image(name)
            if probe.width * probe.height > MAX_PIXELS:
                raise UserError("画像の画素数が多すぎます。", "The image has too many pixels.", field="screenshots")
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            img = ImageOps.exif_transpose(img)
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
            out = io.BytesIO()
            if source_format == "JPEG" and not has_alpha:
                img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
                kind = "image/jpeg"
            else:
                img.convert("RGBA" if has_alpha else "RGB").save(out, "PNG", optimize=True)
                kind = "image/png"
            return out.getvalue(), kind, img.width, img.height
    except UserError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_image(name) from None


def store(fileobj, name: str = "image") -> StoredImage:
    data, kind, width, height = sanitize(fileobj, name)
    rel = Path(FOLDER) / f"{uuid.uuid4().hex}.{'jpg' if kind == 'image/jpeg' else 'png'}"
    target = Path(settings.MEDIA_ROOT) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return StoredImage(str(rel), kind, width, height, len(data))


def remove(rel: str) -> None:
    try:
        absolute(rel).unlink(missing_ok=True)
    except FileNotFoundError:
        pass
