"""Settings for the test suite: jobs inline, fast password hashing, files in a per-worker folder."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("KANMIN_DATA_DIR", str(Path(tempfile.gettempdir()) / "kanmin-test"))

from .settings import *  # noqa: E402,F401,F403
from .settings import DATA_DIR  # noqa: E402

KANMIN_JOBS_INLINE = True
# Playwright's sync API runs an event loop in the test thread; the ORM calls there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = DATA_DIR / f"files-{_worker}"
KANMIN_SQL_TIMEOUT_MS = 2000

# Each test run gets its own test database, so parallel runs on one machine never clobber each other.
_db = DATABASES["default"]  # noqa: F405
if _db["ENGINE"].endswith("sqlite3"):
    _db["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    _db["TEST"] = {"NAME": f"test_{_db['NAME']}_{os.getpid()}"}
