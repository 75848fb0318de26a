"""Stream a datastore table (or a filtered view of it) as CSV, TSV, JSON or GeoJSON.

Text cells that a spreadsheet would run as a formula (starting with = + - @ tab CR) are prefixed
with an apostrophe, so exports are safe to open in Excel (CSV injection).
"""

import csv
import datetime as dt
import io

import orjson

from kanmin.core.errors import UserError

LAT_NAMES = ("緯度", "latitude", "lat", "y座標")
LON_NAMES = ("経度", "longitude", "lon", "lng", "long", "x座標")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": ("text/csv", "csv"),
    "tsv": ("text/tab-separated-values", "tsv"),
    "json": ("application/json", "json"),
    "geojson": ("application/geo+json", "geojson"),
}


def safe_cell(value, kind: str):
    if value is None:
        return ""
    if kind == "text":
        text = str(value)
        return "'" + text if text.startswith(FORMULA_START) else text
    if isinstance(value, float) and value.is_integer():
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def _encoder(encoding: str):
    """cp932 (Shift_JIS) cannot hold every character: those become '?' rather than failing the export."""
    return lambda text: text.encode(encoding, errors="replace")


def delimited(fields, rows, *, delimiter=",", encoding="utf-8", bom=False):
    encode = _encoder(encoding)
    kinds = [f["type"] for f in fields]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    if bom and encoding == "utf-8":
        yield b"\xef\xbb\xbf"
    writer.writerow([f["id"] for f in fields])
    for n, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(v, k) for v, k in zip(row, kinds)])
        if n % 1000 == 0:
            yield encode(buf.getvalue())
            buf.seek(0)
            buf.truncate()
    yield encode(buf.getvalue())


def json_records(fields, rows):
    names = [f["id"] for f in fields]
    yield b'{"fields":' + orjson.dumps(fields) + b',"records":['
    for n, row in enumerate(rows):
        yield (b"," if n else b"") + orjson.dumps(dict(zip(names, row)))
    yield b"]}"


def find_coordinates(fields) -> tuple[int, int] | None:
    lower = [f["id"].strip().lower() for f in fields]
    lat = next((i for i, n in enumerate(lower) if n in LAT_NAMES), None)
    lon = next((i for i, n in enumerate(lower) if n in LON_NAMES), None)
    return (lat, lon) if lat is not None and lon is not None else None


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def geojson(fields, rows):
    found = find_coordinates(fields)
    if not found:
        raise UserError(
            "緯度・経度の列がないため GeoJSON にできません。",
            "GeoJSON needs latitude (緯度) and longitude (経度) columns.",
            field="format",
        )
    lat_i, lon_i = found
    names = [f["id"] for f in fields]
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for row in rows:
        lat, lon = _number(row[lat_i]), _number(row[lon_i])
        geometry = None
        if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0):
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        props = {n: v for i, (n, v) in enumerate(zip(names, row)) if i not in (lat_i, lon_i)}
        feature = {"type": "Feature", "geometry": geometry, "properties": props}
        yield (b"" if first else b",") + orjson.dumps(feature)
        first = False
    yield b"]}"


def stream(fmt: str, fields, rows, *, encoding="utf-8", bom=False):
    """Chunks of bytes for ``fmt`` (csv, tsv, json, geojson)."""
    if fmt == "csv":
        return delimited(fields, rows, encoding=encoding, bom=bom)
    if fmt == "tsv":
        return delimited(fields, rows, delimiter="\t", encoding=encoding, bom=bom)
    if fmt == "json":
        return json_records(fields, rows)
    if fmt == "geojson":
        return geojson(fields, rows)
    raise UserError(f"出力形式「{fmt}」には対応していません。", f"Unsupported export format '{fmt}'.", field="format")
