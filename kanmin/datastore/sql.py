"""Read-only SQL over datastore tables, with a time limit.

PostgreSQL: the query runs as the role ``kanmin_datastore_ro`` (SELECT on the ``datastore`` schema
only) with ``statement_timeout``. SQLite: ``PRAGMA query_only``, an authorizer that allows reading
datastore tables only, and a progress handler that stops the query at the time limit.
"""

import sqlite3
import time

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from kanmin.core.errors import UserError

from .models import DatastoreTable
from .sqlnames import SCHEMA

READONLY_ROLE = "kanmin_datastore_ro"
MAX_ROWS = 32_000


def _timeout_error():
    seconds = settings.KANMIN_SQL_TIMEOUT_MS / 1000
    return UserError(
        f"SQL の実行が制限時間（{seconds:g} 秒）を超えたため中止しました。条件を絞ってください。",
        f"The SQL query ran over the time limit ({seconds:g} s) and was stopped; narrow it down.",
        field="sql",
    )


def _sql_error(exc):
    return UserError(f"SQL を実行できません: {exc}", f"Cannot run the SQL: {exc}", field="sql")


def run(sql: str, *, max_rows: int = MAX_ROWS) -> dict:
    sql = sql.strip().rstrip(";").strip()
    if not sql:
        raise UserError("SQL が空です。", "The SQL is empty.", field="sql")
    if not sql.split(None, 1)[0].lower() in ("select", "with"):
        raise UserError("SELECT 文のみ実行できます。", "Only SELECT statements are allowed.", field="sql")
    runner = _run_postgres if connection.vendor == "postgresql" else _run_sqlite
    columns, rows, truncated = runner(sql, max_rows)
    return {
        "sql": sql,
        "fields": [{"id": c} for c in columns],
        "records": [dict(zip(columns, r)) for r in rows],
        "records_truncated": truncated,
    }


def _psycopg_error():
    import psycopg

    return psycopg.Error


def _run_postgres(sql, max_rows):
    timeout = int(settings.KANMIN_SQL_TIMEOUT_MS)
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SET LOCAL ROLE {READONLY_ROLE}")
            cur.execute(f"SET LOCAL statement_timeout = {timeout}")
            cur.execute(f"SET LOCAL search_path = {SCHEMA}")
            # prepare=True makes the server refuse more than one statement (no "…; RESET ROLE; …").
            cur.cursor.execute(sql, prepare=True)
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchmany(max_rows + 1)
            cur.execute("RESET ROLE; RESET statement_timeout; RESET search_path")
    except (DatabaseError, _psycopg_error()) as exc:
        if "statement timeout" in str(exc):
            raise _timeout_error() from exc
        raise _sql_error(str(exc).splitlines()[0]) from exc
    return columns, rows[:max_rows], len(rows) > max_rows


def _run_sqlite(sql, max_rows):
    connection.ensure_connection()
    raw: sqlite3.Connection = connection.connection
    allowed = {str(r) for r in DatastoreTable.objects.values_list("resource_id", flat=True)}
    deadline = time.monotonic() + settings.KANMIN_SQL_TIMEOUT_MS / 1000
    timed_out = False

    def authorizer(action, arg1, arg2, dbname, source):
        if action == sqlite3.SQLITE_READ:
            # dbname is None for a CTE's own rows; real tables are in "main"/"temp".
            return sqlite3.SQLITE_OK if dbname is None or arg1 in allowed else sqlite3.SQLITE_DENY
        if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE):
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY

    def progress():
        nonlocal timed_out
        if time.monotonic() > deadline:
            timed_out = True
            return 1
        return 0

    raw.execute("PRAGMA query_only = ON")
    raw.set_authorizer(authorizer)
    raw.set_progress_handler(progress, 10_000)
    try:
        cur = raw.execute(sql)
        columns = [d[0] for d in cur.description or []]
        rows = cur.fetchmany(max_rows + 1)
        cur.close()
    except sqlite3.Error as exc:
        if timed_out:
            raise _timeout_error() from exc
        raise _sql_error(exc) from exc
    finally:
        raw.set_authorizer(None)
        raw.set_progress_handler(None, 0)
        raw.execute("PRAGMA query_only = OFF")
    return columns, rows[:max_rows], len(rows) > max_rows
