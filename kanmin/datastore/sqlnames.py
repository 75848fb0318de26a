"""Quoting and naming of datastore tables and columns for SQLite and PostgreSQL."""

from django.db import connection

SCHEMA = "datastore"  # PostgreSQL schema holding every datastore table
RESERVED = {"_id", "_full_text"}
MAX_IDENT_BYTES = 63  # PostgreSQL's limit; SQLite has none but we keep one rule


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def qn(name: str) -> str:
    """Quote an identifier (any text, including Japanese, is allowed)."""
    return '"' + name.replace('"', '""') + '"'


def table(name: str) -> str:
    """Fully qualified, quoted table name."""
    return f"{SCHEMA}.{qn(name)}" if is_postgres() else qn(name)


def column_names(header: list[str]) -> list[str]:
    """Unique, non-empty column names that fit the identifier limit, keeping the header's words."""
    seen: set[str] = set()
    out = []
    for index, raw in enumerate(header, start=1):
        name = " ".join(str(raw).split()) or f"column_{index}"
        if name in RESERVED:
            name += "_"
        name = _fit(name)
        base, n = name, 2
        while name in seen:
            suffix = f"_{n}"
            name = _fit(base, len(suffix.encode())) + suffix
            n += 1
        seen.add(name)
        out.append(name)
    return out


def _fit(name: str, reserve: int = 0) -> str:
    limit = MAX_IDENT_BYTES - reserve
    while len(name.encode()) > limit:
        name = name[:-1]
    return name


SQL_TYPES = {
    "postgresql": {"int": "bigint", "numeric": "double precision", "date": "date", "timestamp": "timestamp", "text": "text"},
    "sqlite": {"int": "INTEGER", "numeric": "REAL", "date": "TEXT", "timestamp": "TEXT", "text": "TEXT"},
}


def sql_type(kind: str) -> str:
    return SQL_TYPES["postgresql" if is_postgres() else "sqlite"][kind]
