"""Load a table into the datastore atomically: stage, bulk insert (COPY on PostgreSQL), index, swap.

A failed load drops its staging table; the previous version keeps being served.
"""

import itertools
import secrets

from django.db import connection, transaction

from kanmin.core.errors import UserError

from . import types
from .models import DatastoreTable
from .query import normalize_term
from .readers import MAX_COLUMNS, Table
from .sqlnames import column_names, is_postgres, qn, sql_type, table

BATCH = 10_000
COPY_CHUNK = 50_000
MAX_INDEXED_COLUMNS = 30


def full_text(values) -> str:
    """What ``q`` searches: every value, NFKC-normalized (full-width → half-width) and lower-cased."""
    return normalize_term(" ".join([str(v) for v in values if v is not None]))


def infer_fields(tbl: Table, progress=None, declared: list[dict] | None = None) -> tuple[list[dict], int]:
    """First pass: column types and row count. Raises UserError for rows wider than the header.

    With ``declared`` fields, checks that every value fits its declared type instead of inferring.
    """
    if len(tbl.header) > MAX_COLUMNS:
        raise UserError(f"列が多すぎます（{len(tbl.header)} 列、上限 {MAX_COLUMNS}）。", f"Too many columns ({len(tbl.header)}; limit {MAX_COLUMNS}).")
    names = column_names(tbl.header)
    width = len(names)
    kinds: list[str | None] = [None] * width
    # Columns already known to be text (or declared) need no more checks: only the others are scanned.
    open_cols = list(range(width)) if not declared else [i for i in range(width) if declared[i]["type"] != "text"]
    count = 0
    for count, row in enumerate(tbl.rows(), start=1):
        if len(row) > width and any(str(c).strip() for c in row[width:] if c is not None):
            raise UserError(
                f"{count + 1} 行目の列数（{len(row)}）が見出しの列数（{width}）より多くなっています。",
                f"Row {count + 1} has {len(row)} cells but the header has {width} columns.",
            )
        closed = False
        for i in open_cols:
            if i >= len(row):
                continue
            value = row[i]
            kind = types.kind_of(value)
            if kind is None:
                continue
            if declared:
                want = declared[i]["type"]
                if types.merge(want, kind) != want:
                    raise UserError(
                        f"{count} 件目の「{names[i]}」は {want} 型にできません: {value!r}",
                        f"Row {count}: '{names[i]}' is not a valid {want}: {value!r}",
                        field="records",
                    )
            elif kind != kinds[i]:
                kinds[i] = types.merge(kinds[i], kind)
                closed = closed or kinds[i] == "text"
        if closed:
            open_cols = [i for i in open_cols if kinds[i] != "text"]
        if progress and count % 50_000 == 0:
            progress(0, None)
    if declared:
        return [{"id": name, "type": f["type"]} for name, f in zip(names, declared)], count
    if count == 0:
        raise UserError("見出し行だけでデータ行がありません。", "There is a header but no data rows.")
    fields = [{"id": name, "type": kind or "text"} for name, kind in zip(names, kinds)]
    return fields, count


def _rows_for_insert(tbl: Table, fields: list[dict]):
    width = len(fields)
    convs = [types.converter(f["type"], iso=not is_postgres()) for f in fields]
    for row in tbl.rows():
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        values = [conv(v) for conv, v in zip(convs, row)]
        yield values + [full_text(values)]


def _create(name: str, fields: list[dict]) -> None:
    cols = ", ".join(f"{qn(f['id'])} {sql_type(f['type'])}" for f in fields)
    pk = "_id bigserial PRIMARY KEY" if is_postgres() else "_id INTEGER PRIMARY KEY"
    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE {table(name)} ({pk}, {cols}, _full_text text)")


def _insert(name: str, fields: list[dict], rows, total: int, progress) -> None:
    cols = [qn(f["id"]) for f in fields] + ["_full_text"]
    done = 0
    if is_postgres():
        # One COPY per chunk: progress is saved between chunks, never while a COPY holds the connection.
        copy_sql = f"COPY {table(name)} ({', '.join(cols)}) FROM STDIN"
        rows = iter(rows)
        with connection.cursor() as cur:
            while True:
                chunk = list(itertools.islice(rows, COPY_CHUNK))
                if not chunk:
                    break
                with cur.cursor.copy(copy_sql) as copy:
                    for row in chunk:
                        copy.write_row(row)
                done += len(chunk)
                if progress:
                    progress(done, total)
    else:
        sql = f"INSERT INTO {table(name)} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
        batch = []
        with connection.cursor() as cur:
            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    with transaction.atomic():  # one commit per batch, not per row
                        cur.executemany(sql, batch)
                    done += len(batch)
                    batch.clear()
                    if progress:
                        progress(done, total)
            if batch:
                with transaction.atomic():
                    cur.executemany(sql, batch)
                done += len(batch)
    if progress:
        progress(done, total)


def _index(name: str, fields: list[dict]) -> None:
    token = secrets.token_hex(4)
    with connection.cursor() as cur:
        for i, f in enumerate(fields[:MAX_INDEXED_COLUMNS]):
            cur.execute(f"CREATE INDEX {qn(f'ix_{token}_{i}')} ON {table(name)} ({qn(f['id'])})")
        if is_postgres() and _has_trgm(cur):
            cur.execute(f"CREATE INDEX {qn(f'ix_{token}_ft')} ON {table(name)} USING gin (_full_text gin_trgm_ops)")
        if is_postgres():
            cur.execute(f"ANALYZE {table(name)}")


def _has_trgm(cur) -> bool:
    cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    return cur.fetchone() is not None


def drop_table(name: str) -> None:
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {table(name)}")


def load(resource_id: str, tbl: Table, *, source_name: str = "", progress=None, fields=None) -> DatastoreTable:
    """Replace the datastore table of ``resource_id`` with ``tbl``; all or nothing."""
    resource_id = str(resource_id)
    fields, total = infer_fields(tbl, progress, declared=fields)
    staging = f"{resource_id}__s{secrets.token_hex(4)}"
    try:
        _create(staging, fields)
        _insert(staging, fields, _rows_for_insert(tbl, fields), total, progress)
        _index(staging, fields)
        with transaction.atomic():
            drop_table(resource_id)
            with connection.cursor() as cur:
                cur.execute(f"ALTER TABLE {table(staging)} RENAME TO {qn(resource_id)}")
            record, _ = DatastoreTable.objects.update_or_create(
                resource_id=resource_id,
                defaults={"fields": fields, "row_count": total, "source_name": source_name, "source_encoding": tbl.encoding},
            )
    except BaseException:
        drop_table(staging)
        raise
    return record


def delete(resource_id: str) -> bool:
    with transaction.atomic():
        drop_table(str(resource_id))
        deleted, _ = DatastoreTable.objects.filter(resource_id=resource_id).delete()
    return bool(deleted)
