"""PostgreSQL only: the ``datastore`` schema, pg_trgm (if allowed) and the read-only SQL role."""

from django.db import migrations

ROLE = "kanmin_datastore_ro"


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cur:
        cur.execute("CREATE SCHEMA IF NOT EXISTS datastore")
        cur.execute("SAVEPOINT trgm")
        try:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cur.execute("RELEASE SAVEPOINT trgm")
        except Exception:  # no privilege: full-text search still works, only without the index
            cur.execute("ROLLBACK TO SAVEPOINT trgm")
        cur.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') "
            f"THEN CREATE ROLE {ROLE} NOLOGIN; END IF; END $$"
        )
        cur.execute(f"GRANT {ROLE} TO CURRENT_USER")
        cur.execute(f"GRANT USAGE ON SCHEMA datastore TO {ROLE}")
        cur.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA datastore TO {ROLE}")
        cur.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA datastore GRANT SELECT ON TABLES TO {ROLE}")


class Migration(migrations.Migration):
    dependencies = [("datastore", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
