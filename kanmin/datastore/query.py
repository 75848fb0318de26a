"""Read a datastore table: filters, full-text ``q``, sort, paging, fields, distinct, total.

Every identifier is checked against the table's known fields; every value is a bound parameter.
"""

import re
import unicodedata

from django.db import connection

from kanmin.core.errors import UserError

from . import types
from .models import DatastoreTable
from .sqlnames import is_postgres, qn, table

MAX_LIMIT = 32_000
DEFAULT_LIMIT = 100
SORT_RE = re.compile(r'^\s*(?:"((?:[^"]|"")+)"|([^\s"]+))(?:\s+(asc|desc))?\s*$', re.IGNORECASE)


def get_table(resource_id) -> DatastoreTable:
    record = DatastoreTable.objects.filter(resource_id=str(resource_id)).first()
    if record is None:
        raise LookupError(str(resource_id))
    return record


def all_fields(record: DatastoreTable) -> list[dict]:
    return [{"id": "_id", "type": "int"}] + [{"id": f["id"], "type": f["type"]} for f in record.fields]


def _field_map(record):
    return {f["id"]: f for f in all_fields(record)}


def _bad_field(name):
    return UserError(f"列「{name}」はありません。", f"Field '{name}' does not exist.", field=name)


def parse_sort(sort, fmap) -> list[tuple[str, str]]:
    if not sort:
        return []
    parts = sort if isinstance(sort, list) else _split_sort(sort)
    out = []
    for part in parts:
        m = SORT_RE.match(part)
        if not m:
            raise UserError(f"並べ替えの指定「{part}」が読めません。", f"Cannot parse sort '{part}'.", field="sort")
        name = (m[1].replace('""', '"') if m[1] else m[2])
        if name not in fmap:
            raise _bad_field(name)
        out.append((name, (m[3] or "asc").upper()))
    return out


def _split_sort(sort: str) -> list[str]:
    parts, buf, quoted = [], "", False
    for ch in sort:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return [p for p in parts if p.strip()]


def _filter_value(field: dict, value):
    if value is None:
        return None
    try:
        return types.converter(field["type"], iso=not is_postgres())(value)
    except (ValueError, TypeError) as exc:
        raise UserError(
            f"列「{field['id']}」（{field['type']}）に使えない値です: {value!r}",
            f"Invalid value for field '{field['id']}' ({field['type']}): {value!r}",
            field="filters",
        ) from exc


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def normalize_term(term: str) -> str:
    """NFKC (full-width → half-width) and lower case: how ``q`` terms and the searched text are compared."""
    return unicodedata.normalize("NFKC", term).lower()


def _checked_names(fmap: dict, fields, default: list[str]) -> list[str]:
    """Requested field names (list or comma-separated text), each checked against the table."""
    if not fields:
        return default
    names = fields if isinstance(fields, list) else [f.strip() for f in str(fields).split(",") if f.strip()]
    for name in names:
        if name not in fmap:
            raise _bad_field(name)
    return names


def build_where(record, filters=None, q=None) -> tuple[str, list]:
    fmap = _field_map(record)
    clauses, params = [], []
    for name, value in (filters or {}).items():
        if name not in fmap:
            raise _bad_field(name)
        values = value if isinstance(value, list) else [value]
        converted = [_filter_value(fmap[name], v) for v in values]
        non_null = [v for v in converted if v is not None]
        parts = []
        if non_null:
            parts.append(f"{qn(name)} IN ({', '.join(['%s'] * len(non_null))})")
            params.extend(non_null)
        if len(non_null) < len(converted):
            parts.append(f"{qn(name)} IS NULL")
        clauses.append("(" + " OR ".join(parts) + ")")
    if q:
        if isinstance(q, dict):
            for name, term in q.items():
                if name not in fmap:
                    raise _bad_field(name)
                for word in str(term).split():
                    clauses.append(f"LOWER(CAST({qn(name)} AS TEXT)) LIKE %s ESCAPE '\\'")
                    params.append(f"%{_like_escape(normalize_term(word))}%")
        else:
            for word in normalize_term(str(q)).split():
                clauses.append("_full_text LIKE %s ESCAPE '\\'")
                params.append(f"%{_like_escape(word)}%")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def search(
    resource_id,
    *,
    filters=None,
    q=None,
    fields=None,
    sort=None,
    limit=DEFAULT_LIMIT,
    offset=0,
    include_total=True,
    distinct=False,
) -> dict:
    record = get_table(resource_id)
    fmap = _field_map(record)
    names = _checked_names(fmap, fields, list(fmap))
    limit, offset = _paging(limit, offset)
    where, params = build_where(record, filters, q)
    order = parse_sort(sort, fmap) or ([] if distinct else [("_id", "ASC")])
    select = ", ".join(qn(n) for n in names)
    order_sql = (" ORDER BY " + ", ".join(f"{qn(n)} {d}" for n, d in order)) if order else ""
    sql = f"SELECT {'DISTINCT ' if distinct else ''}{select} FROM {table(str(resource_id))}{where}{order_sql} LIMIT %s OFFSET %s"
    with connection.cursor() as cur:
        cur.execute(sql, params + [limit, offset])
        rows = cur.fetchall()
        total = None
        if include_total:
            if not where and not distinct:
                total = record.row_count
            elif distinct:
                inner = f"SELECT DISTINCT {select} FROM {table(str(resource_id))}{where}"
                cur.execute(f"SELECT COUNT(*) FROM ({inner}) AS t", params)
                total = cur.fetchone()[0]
            else:
                cur.execute(f"SELECT COUNT(*) FROM {table(str(resource_id))}{where}", params)
                total = cur.fetchone()[0]
    return {
        "resource_id": str(resource_id),
        "fields": [fmap[n] for n in names],
        "records": [dict(zip(names, row)) for row in rows],
        "total": total,
        "limit": limit,
        "offset": offset,
    }


def _paging(limit, offset) -> tuple[int, int]:
    try:
        limit = DEFAULT_LIMIT if limit in (None, "") else int(limit)
        offset = 0 if offset in (None, "") else int(offset)
    except (TypeError, ValueError) as exc:
        raise UserError("limit と offset は整数で指定してください。", "limit and offset must be integers.", field="limit") from exc
    if limit < 0 or offset < 0:
        raise UserError("limit と offset は 0 以上にしてください。", "limit and offset must not be negative.", field="limit")
    return min(limit, MAX_LIMIT), offset


def iter_rows(resource_id, *, filters=None, q=None, sort=None, fields=None, chunk=5000):
    """All matching rows as (field list, row iterator), read in chunks for streaming exports."""
    record = get_table(resource_id)
    fmap = _field_map(record)
    names = _checked_names(fmap, fields, [n for n in fmap if n != "_id"])
    where, params = build_where(record, filters, q)
    order = parse_sort(sort, fmap) or [("_id", "ASC")]
    order_sql = ", ".join(f"{qn(n)} {d}" for n, d in order)
    sql = f"SELECT {', '.join(qn(n) for n in names)} FROM {table(str(resource_id))}{where} ORDER BY {order_sql}"

    def rows():
        offset = 0
        while True:
            with connection.cursor() as cur:
                cur.execute(f"{sql} LIMIT %s OFFSET %s", params + [chunk, offset])
                batch = cur.fetchall()
            yield from batch
            if len(batch) < chunk:
                return
            offset += chunk

    return [fmap[n] for n in names], rows()
