"""Parsing of action parameters as CKAN clients send them (JSON values, strings from query strings)."""

import orjson

from .errors import ValidationError


def get_id(data: dict, *keys: str) -> str:
    for key in keys or ("id",):
        value = data.get(key)
        if value not in (None, ""):
            return str(value)
    name = keys[0] if keys else "id"
    raise ValidationError(f"Missing value: {name}", f"{name} を指定してください。", **{name: ["Missing value"]})


def as_int(data: dict, key: str, default: int, *, maximum: int | None = None) -> int:
    value = data.get(key, default)
    try:
        value = int(value if value not in (None, "") else default)
    except (TypeError, ValueError):
        raise ValidationError(f"Invalid integer: {key}", f"{key} は整数で指定してください。", **{key: ["Invalid integer"]}) from None
    if value < 0:
        raise ValidationError(f"Must be a natural number: {key}", f"{key} は 0 以上です。", **{key: ["Must be a natural number"]})
    return min(value, maximum) if maximum is not None else value


def as_bool(data: dict, key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value)


def as_json(data: dict, key: str, default=None):
    """A value that may arrive as JSON text (query strings, multipart) or already parsed."""
    value = data.get(key, default)
    if isinstance(value, (bytes, str)) and value and value[:1] in ("{", "[", b"{", b"["):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            raise ValidationError(f"Invalid JSON: {key}", f"{key} の JSON が不正です。", **{key: ["Invalid JSON"]}) from None
    return value


def as_list(data: dict, key: str) -> list:
    value = as_json(data, key, [])
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ValidationError(f"Must be a list: {key}", f"{key} はリストで指定してください。", **{key: ["Must be a list"]})
    return value
