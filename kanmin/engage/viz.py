"""Data for maps and charts, read from a resource's datastore table through the datastore services."""

import math
from collections import OrderedDict

from django.conf import settings

from kanmin.core.errors import UserError
from kanmin.datastore import services as datastore

NUMERIC = ("int", "numeric")
AGGREGATIONS = ("count", "sum", "avg", "max", "min")
CHART_TYPES = ("bar", "line", "pie")
MAX_ROWS = 200_000
LABEL_HINTS = ("名称", "施設名", "名前", "name", "設置場所", "title")


def max_points() -> int:
    return int(getattr(settings, "KANMIN_MAP_MAX_POINTS", 10_000))


def map_settings() -> dict:
    """Tile URL and attribution; an empty URL means no base layer (works offline)."""
    return {
        "tiles": getattr(settings, "KANMIN_MAP_TILES", ""),
        "attribution": getattr(settings, "KANMIN_MAP_ATTRIBUTION", ""),
        "max_zoom": int(getattr(settings, "KANMIN_MAP_MAX_ZOOM", 18)),
    }


def fields_of(resource_id) -> list[dict]:
    info = datastore.info(resource_id)
    return [f for f in (info or {}).get("fields", []) if f["id"] != "_id"]


def coordinates(fields) -> tuple[str, str] | None:
    found = datastore.find_coordinates(fields)
    if not found:
        return None
    return fields[found[0]]["id"], fields[found[1]]["id"]


def _label_field(fields, skip) -> str | None:
    texts = [f["id"] for f in fields if f["type"] == "text" and f["id"] not in skip]
    for hint in LABEL_HINTS:
        for name in texts:
            if hint.lower() in name.lower():
                return name
    return texts[0] if texts else None


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def points(resource_id, fields: list | None = None) -> dict:
    """A GeoJSON FeatureCollection of the rows with valid coordinates (at most ``max_points``).

    ``fields``: the table's :func:`fields_of`, when the caller already has them."""
    fields = fields_of(resource_id) if fields is None else fields
    coords = coordinates(fields)
    if not coords:
        raise UserError("この表には緯度・経度の列がありません。", "This table has no latitude/longitude columns.")
    lat_name, lon_name = coords
    label = _label_field(fields, coords)
    extra = [f["id"] for f in fields if f["id"] not in (lat_name, lon_name, label)][:5]
    names = [lat_name, lon_name] + ([label] if label else []) + extra
    rows = _iter(resource_id, names)
    features, skipped, limit = [], 0, max_points()
    for row in rows:
        lat, lon = _number(row[0]), _number(row[1])
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
            skipped += 1
            continue
        if len(features) >= limit:
            break
        props = {"label": str(row[2]) if label and row[2] is not None else ""}
        props["fields"] = [[n, _plain(v)] for n, v in zip(extra, row[3 if label else 2:]) if v not in (None, "")]
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props})
    return {"type": "FeatureCollection", "features": features, "skipped": skipped, "truncated": len(features) >= limit}


def _iter(resource_id, names, page: int = 5000):
    """Rows (as lists) of the chosen columns, read page by page through ``datastore.search``."""
    offset = 0
    while True:
        result = datastore.search(resource_id, fields=names, limit=page, offset=offset, include_total=False)
        for record in result["records"]:
            yield [record[n] for n in names]
        if len(result["records"]) < page:
            return
        offset += page


def _plain(value):
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def check_spec(fields, label: str, value: str, agg: str, chart_type: str = "bar") -> None:
    names = {f["id"]: f for f in fields}
    if label not in names:
        raise UserError(f"列「{label}」がありません。", f"There is no column '{label}'.", field="label")
    if agg not in AGGREGATIONS:
        raise UserError("集計方法が正しくありません。", "Unknown aggregation.", field="agg")
    if chart_type not in CHART_TYPES:
        raise UserError("グラフの種類が正しくありません。", "Unknown chart type.", field="type")
    if agg != "count":
        if value not in names:
            raise UserError("集計する数値の列を選んでください。", "Choose a numeric column to aggregate.", field="value")
        if names[value]["type"] not in NUMERIC:
            raise UserError(f"列「{value}」は数値ではありません。", f"Column '{value}' is not numeric.", field="value")


def chart_data(resource_id, label: str, value: str = "", agg: str = "count", chart_type: str = "bar", top: int = 30,
               *, fields: list | None = None) -> dict:
    """Group rows by ``label`` and aggregate ``value``; the ``top`` largest groups plus "その他" for pie charts.

    ``fields``: the table's :func:`fields_of`, when the caller already has them."""
    fields = fields_of(resource_id) if fields is None else fields
    if not fields:
        raise UserError("このリソースはデータストアにありません。", "This resource is not in the datastore.")
    check_spec(fields, label, value, agg, chart_type)
    names = [label] + ([value] if agg != "count" else [])
    rows = _iter(resource_id, names)
    groups: OrderedDict = OrderedDict()
    seen = 0
    for row in rows:
        seen += 1
        if seen > MAX_ROWS:
            break
        key = "" if row[0] is None else str(_plain(row[0]))
        number = 1.0 if agg == "count" else _number(row[1])
        if number is None:
            continue
        acc = groups.setdefault(key, [0.0, 0, None, None])
        acc[0] += number
        acc[1] += 1
        acc[2] = number if acc[2] is None else max(acc[2], number)
        acc[3] = number if acc[3] is None else min(acc[3], number)
    pick = {"count": lambda a: a[1], "sum": lambda a: a[0], "avg": lambda a: a[0] / a[1], "max": lambda a: a[2], "min": lambda a: a[3]}[agg]
    items = [(k or "（空欄）", round(pick(a), 4)) for k, a in groups.items()]
    truncated = False
    if len(items) > top:
        truncated = True
        if chart_type == "line":
            items = items[:top]
        else:
            ranked = sorted(items, key=lambda kv: kv[1], reverse=True)
            items = ranked[:top]
            if chart_type == "pie" and agg in ("count", "sum"):
                items.append(("その他", round(sum(v for _k, v in ranked[top:]), 4)))
    return {
        "labels": [k for k, _v in items], "values": [v for _k, v in items],
        "label": label, "value": value if agg != "count" else "", "agg": agg, "type": chart_type,
        "truncated": truncated or seen > MAX_ROWS,
    }
