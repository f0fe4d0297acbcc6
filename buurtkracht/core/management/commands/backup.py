"""Make a consistent backup of the database while the platform keeps running.

SQLite: one-step online backup through sqlite3's backup API (never page by page under write load; the WAL
is included), then an integrity check of the copy. PostgreSQL: ``pg_dump -Fc``.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


class Command(BaseCommand):
    help = "Write a consistent backup of the database to the given directory (default var/backups)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.VAR_DIR / "backups"))

    def handle(self, *args, dir: str, **options):
        target_dir = Path(dir)
        target_dir.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        if connection.vendor == "sqlite":
            target = target_dir / f"buurtkracht-{stamp}.sqlite3"
            source = sqlite3.connect(connection.settings_dict["NAME"])
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)  # pages=-1: one step, consistent even under concurrent writes
                result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
                source.close()
            if result != "ok":
                raise CommandError(f"The backup copy failed its integrity check: {result}")
        elif connection.vendor == "postgresql":
            if not shutil.which("pg_dump"):
                raise CommandError("pg_dump is not installed on this machine.")
            db = connection.settings_dict
            target = target_dir / f"buurtkracht-{stamp}.dump"
            env_args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db["USER"]]
            subprocess.run(  # noqa: S603
                ["pg_dump", "-Fc", "-f", str(target), *env_args, db["NAME"]],  # noqa: S607
                check=True,
                env={"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin:/usr/local/bin"},
            )
        else:
            raise CommandError(f"No backup method for {connection.vendor}.")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
