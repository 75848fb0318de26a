"""Django settings. Everything that differs between machines comes from the environment.

- ``DATABASE_URL``: e.g. ``postgres://user:pw@host/db``; default is SQLite in ``KANMIN_DATA_DIR``.
- ``KANMIN_DATA_DIR``: where the SQLite file and uploaded files live (default ``./var``).
- ``KANMIN_SECRET_KEY``, ``KANMIN_DEBUG``, ``KANMIN_ALLOWED_HOSTS``.
- ``KANMIN_MAX_UPLOAD_MB``: largest accepted upload (default 200).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("KANMIN_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("KANMIN_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = os.environ.get("KANMIN_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("KANMIN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "kanmin.core",
    "kanmin.catalog",
    "kanmin.datastore",
    "kanmin.api",
    "kanmin.web",
    "kanmin.quality",
    "kanmin.engage",
    "kanmin.plan",
    "kanmin.procedures",
    "kanmin.privacy",
    "kanmin.pubcomment",
    "kanmin.interop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kanmin.core.middleware.UploadSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kanmin.core.middleware.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kanmin.urls"
WSGI_APPLICATION = "kanmin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kanmin.core.context.site",
            ],
        },
    }
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'kanmin.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"}
    # Tests run on a file (not :memory:) so the datastore's read-only checks see real tables.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test_kanmin.sqlite3")}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:staff_home"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded files are stored outside any web root and only served through views.
MEDIA_ROOT = DATA_DIR / "files"

KANMIN_MAX_UPLOAD_MB = int(os.environ.get("KANMIN_MAX_UPLOAD_MB", "200"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Background jobs run in threads; tests set this to run them inline.
KANMIN_JOBS_INLINE = os.environ.get("KANMIN_JOBS_INLINE", "0") == "1"
KANMIN_SQL_TIMEOUT_MS = int(os.environ.get("KANMIN_SQL_TIMEOUT_MS", "5000"))
KANMIN_SITE_NAME = os.environ.get("KANMIN_SITE_NAME", "kanmin オープンデータカタログ")
KANMIN_SITE_NAME_EN = os.environ.get("KANMIN_SITE_NAME_EN", "kanmin Open Data Catalog")
KANMIN_SITE_URL = os.environ.get("KANMIN_SITE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KANMIN_LOG_LEVEL", "WARNING")},
}
