"""What other domains may call: load, query, SQL, export and upsert datastore tables."""

from pathlib import Path

from django.db import connection, transaction

from kanmin.core.errors import UserError

from . import export, query, readers, sql, store, types
from .models import DatastoreTable
from .sqlnames import is_postgres, qn, table

TABULAR_FORMATS = readers.TABULAR_FORMATS
search = query.search
run_sql = sql.run
find_coordinates = export.find_coordinates


def is_tabular(fmt: str) -> bool:
    return (fmt or "").upper() in TABULAR_FORMATS


def info(resource_id) -> dict | None:
    record = DatastoreTable.objects.filter(resource_id=str(resource_id)).first()
    if record is None:
        return None
    return {
        "resource_id": str(record.resource_id),
        "fields": query.all_fields(record),
        "primary_key": record.primary_key,
        "total": record.row_count,
        "loaded": record.loaded,
        "encoding": record.source_encoding,
    }


def row_counts(resource_ids) -> dict:
    """``{resource_id: rows}`` for the resources that have a datastore table, in one query."""
    ids = list(resource_ids)
    return dict(DatastoreTable.objects.filter(resource_id__in=ids).values_list("resource_id", "row_count")) if ids else {}


def load_file(resource_id, path: Path, fmt: str, progress=None, *, sheet=None, encoding=None, source_name="") -> DatastoreTable:
    """Load a CSV/TSV/Excel file as the datastore table of ``resource_id`` (all or nothing)."""
    tbl = readers.open_table(Path(path), fmt, sheet=sheet, encoding=encoding)
    return store.load(resource_id, tbl, source_name=source_name or Path(path).name, progress=progress)


def delete(resource_id) -> bool:
    return store.delete(resource_id)


def _check_fields(fields) -> list[dict]:
    out = []
    for f in fields or []:
        if not isinstance(f, dict) or not f.get("id"):
            raise UserError("fields の各要素には id が必要です。", "Each entry of fields needs an id.", field="fields")
        kind = {"integer": "int", "int4": "int", "int8": "int", "float": "numeric", "float8": "numeric", "number": "numeric"}.get(
            f.get("type", "text"), f.get("type", "text")
        )
        if kind not in types.TYPES:
            raise UserError(f"型「{f.get('type')}」には対応していません。", f"Unsupported field type '{f.get('type')}'.", field="fields")
        out.append({"id": str(f["id"]), "type": kind})
    return out


def create(resource_id, fields=None, records=None, primary_key=None) -> dict:
    """datastore_create: (re)create the table from field definitions and records."""
    records = records or []
    declared = _check_fields(fields)
    names = [f["id"] for f in declared] or (list(records[0]) if records else [])
    if not names:
        raise UserError("fields か records が必要です。", "Either fields or records is required.", field="fields")
    for rec in records:
        for key in rec:
            if key not in names:
                raise UserError(f"records に未定義の列「{key}」があります。", f"records has an undeclared field '{key}'.", field="records")
    rows = [[rec.get(n) for n in names] for rec in records]
    tbl = readers.Table(header=names, rows=lambda: iter(rows))
    if not declared and not rows:
        raise UserError("records が空です。", "records is empty.", field="records")
    pk = [primary_key] if isinstance(primary_key, str) else list(primary_key or [])
    for name in pk:
        if name not in names:
            raise UserError(f"primary_key の列「{name}」がありません。", f"primary_key field '{name}' does not exist.", field="primary_key")
    record = store.load(resource_id, tbl, source_name="datastore_create", fields=declared or None)
    DatastoreTable.objects.filter(pk=record.pk).update(primary_key=pk)
    return {"resource_id": str(resource_id), "fields": record.fields, "primary_key": pk, "records": records}


def upsert(resource_id, records, method="upsert") -> dict:
    """datastore_upsert: insert, update or upsert records, matching on the table's primary key."""
    record = query.get_table(resource_id)
    if method not in ("insert", "update", "upsert"):
        raise UserError("method は insert・update・upsert のいずれかです。", "method must be insert, update or upsert.", field="method")
    fmap = {f["id"]: f for f in record.fields}
    pk = record.primary_key
    if method != "insert" and not pk:
        raise UserError("primary_key が定義されていないため update/upsert できません。", "The table has no primary_key; use method=insert.", field="method")
    convs = {n: types.converter(f["type"], iso=not is_postgres()) for n, f in fmap.items()}
    names = list(fmap)
    tbl = table(str(resource_id))
    inserted = 0
    with transaction.atomic(), connection.cursor() as cur:
        for n, rec in enumerate(records or [], start=1):
            unknown = [k for k in rec if k not in fmap]
            if unknown:
                raise UserError(f"{n} 件目に未定義の列「{unknown[0]}」があります。", f"Record {n} has an unknown field '{unknown[0]}'.", field="records")
            try:
                values = {k: convs[k](v) for k, v in rec.items()}
            except (ValueError, TypeError) as exc:
                raise UserError(f"{n} 件目の値の型が合いません。", f"Record {n} has a value of the wrong type.", field="records") from exc
            updated = 0
            if method != "insert":
                if any(k not in values for k in pk):
                    raise UserError(f"{n} 件目に primary_key の値がありません。", f"Record {n} lacks its primary_key value.", field="records")
                sets = [k for k in values if k not in pk]
                if sets:
                    cur.execute(
                        f"UPDATE {tbl} SET {', '.join(f'{qn(k)} = %s' for k in sets)}, _full_text = NULL WHERE {' AND '.join(f'{qn(k)} = %s' for k in pk)}",
                        [values[k] for k in sets] + [values[k] for k in pk],
                    )
                    updated = cur.rowcount
                else:
                    cur.execute(f"SELECT COUNT(*) FROM {tbl} WHERE {' AND '.join(f'{qn(k)} = %s' for k in pk)}", [values[k] for k in pk])
                    updated = cur.fetchone()[0]
                if method == "update" and not updated:
                    raise UserError(f"{n} 件目に一致する行がありません。", f"Record {n} matches no row to update.", field="records")
            if not updated:
                cols = list(values)
                cur.execute(f"INSERT INTO {tbl} ({', '.join(qn(c) for c in cols)}) VALUES ({', '.join(['%s'] * len(cols))})", [values[c] for c in cols])
                inserted += 1
        _refresh_full_text(cur, tbl, names)
        cur.execute(f"SELECT COUNT(*) FROM {tbl}")
        DatastoreTable.objects.filter(pk=record.pk).update(row_count=cur.fetchone()[0])
    return {"resource_id": str(resource_id), "method": method, "records": records, "inserted": inserted}


def _refresh_full_text(cur, tbl, names):
    cur.execute(f"SELECT _id, {', '.join(qn(n) for n in names)} FROM {tbl} WHERE _full_text IS NULL")
    rows = cur.fetchall()
    cur.executemany(f"UPDATE {tbl} SET _full_text = %s WHERE _id = %s", [(store.full_text(row[1:]), row[0]) for row in rows])


def export_stream(resource_id, fmt="csv", *, encoding="utf-8", bom=False, filters=None, q=None, sort=None):
    """(content type, file extension, byte chunks) for a download of the table."""
    if fmt not in export.FORMATS:
        raise UserError(f"出力形式「{fmt}」には対応していません。", f"Unsupported export format '{fmt}'.", field="format")
    if encoding not in ("utf-8", "cp932"):
        raise UserError("文字コードは utf-8 か cp932（Shift_JIS）です。", "encoding must be utf-8 or cp932 (Shift_JIS).", field="encoding")
    fields, rows = query.iter_rows(resource_id, filters=filters, q=q, sort=sort)
    content_type, ext = export.FORMATS[fmt]
    charset = "Shift_JIS" if encoding == "cp932" else "utf-8"
    return f"{content_type}; charset={charset}", ext, export.stream(fmt, fields, rows, encoding=encoding, bom=bom)
