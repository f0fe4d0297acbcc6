"""Point Django at the benchmark database (never the product database) before ``django.setup()``.

SQLite: ``bench/data/bench.sqlite3``. PostgreSQL: database ``bench_buurtkracht`` on 127.0.0.1:5432 as user
``postgres`` (trust authentication). Settings run with DEBUG off (no query log), as in production.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"
SQLITE_PATH = DATA_DIR / "bench.sqlite3"
PG_NAME = "bench_buurtkracht"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
BENCH_APPS = ["contenttypes", "auth", "sessions", "core", "accounts", "networks", "houses", "organisations", "bookings"]


def configure(db: str) -> None:
    """Set the environment for ``db`` ("sqlite" or "postgres") and start Django."""
    if db not in ("sqlite", "postgres"):
        raise SystemExit("--db must be sqlite or postgres")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "buurtkracht.settings"
    os.environ.pop("DB", None)
    if db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(SQLITE_PATH)
    else:
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
        os.environ.setdefault("DB_CONN_MAX_AGE", "600")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.conf import settings

    # No collectstatic in the benchmark: plain static storage, so templates render without a manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def recreate(db: str) -> None:
    """Drop and create the empty benchmark database (before ``configure``)."""
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = Path(str(SQLITE_PATH) + suffix)
            if path.exists():
                path.unlink()
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [PG_NAME],
        )
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        conn.execute(f"CREATE DATABASE {PG_NAME}")


def migrate() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a throw-away database: no fsync while building it
            cursor.execute("PRAGMA synchronous=OFF")
    # Only the apps the benchmark touches (and what they depend on): half-finished migrations of
    # unrelated apps in a working tree must not stop a benchmark run.
    for app in BENCH_APPS:
        call_command("migrate", app, verbosity=0, interactive=False)
