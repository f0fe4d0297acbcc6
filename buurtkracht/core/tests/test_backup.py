import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_backup_writes_a_consistent_copy(tmp_path, monkeypatch, cast):
    if connection.vendor != "sqlite":
        pytest.skip("The SQLite backup path is tested on SQLite; pg_dump is covered in docs/operations.md.")
    # the test database may live in memory: point the command at a real file copy of it
    db_file = tmp_path / "live.sqlite3"
    live = sqlite3.connect(db_file)
    connection.connection.backup(live)
    live.close()
    monkeypatch.setitem(connection.settings_dict, "NAME", str(db_file))
    call_command("backup", dir=str(tmp_path / "out"))
    copies = list((tmp_path / "out").glob("*.sqlite3"))
    assert len(copies) == 1
    copy = sqlite3.connect(copies[0])
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM houses_house").fetchone()[0] == 2
    copy.close()
