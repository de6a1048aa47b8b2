"""The SQLite file both caches share: made race-free, and set aside whole when damaged."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sitegen import sqlite_file

SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT)"


def test_a_missing_database_is_made_with_its_schema(tmp_path: Path):
    path = tmp_path / "folder" / "cache.sqlite3"
    with sqlite_file.connect(path, SCHEMA) as db:
        db.execute("INSERT INTO entries VALUES ('a', 'b')")
    assert [p.name for p in path.parent.iterdir() if not p.name.startswith("cache.sqlite3")] == []  # no temporary left


def test_damage_is_told_apart_from_other_errors(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"not a database, " * 100)
    with pytest.raises(sqlite3.DatabaseError) as damaged:
        sqlite_file.connect(path, SCHEMA)
    assert sqlite_file.is_damaged(damaged.value)
    (tmp_path / "folder.sqlite3").mkdir()
    with pytest.raises(sqlite3.Error) as unopenable:
        sqlite_file.connect(tmp_path / "folder.sqlite3", SCHEMA)
    assert not sqlite_file.is_damaged(unopenable.value)
    assert not sqlite_file.is_damaged(sqlite3.OperationalError("database is locked"))


def test_a_damaged_database_is_set_aside_with_its_log_and_a_new_one_does_not_read_that_log(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    db = sqlite_file.connect(path, SCHEMA)
    db.execute("INSERT INTO entries VALUES ('old', 'entry')")
    wal = path.with_name(path.name + "-wal")
    shutil.copy(wal, tmp_path / "saved-wal")  # the log as a crash would leave it
    db.close()
    path.write_bytes(b"\xff" * 8192)
    shutil.copy(tmp_path / "saved-wal", wal)
    aside = sqlite_file.set_aside(path, sqlite_file.inode(path))
    assert aside == tmp_path / "cache.sqlite3.damaged" and aside.read_bytes() == b"\xff" * 8192
    assert not wal.exists() and (tmp_path / "cache.sqlite3.damaged-wal").exists()
    with sqlite_file.connect(path, SCHEMA) as new:
        assert new.execute("SELECT count(*) FROM entries").fetchone() == (0,)


def test_a_database_another_process_already_replaced_is_left_alone(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"damaged")
    seen = sqlite_file.inode(path)
    assert sqlite_file.set_aside(path, seen) == tmp_path / "cache.sqlite3.damaged"  # by another process
    sqlite_file.connect(path, SCHEMA).close()  # and the new database it made
    assert sqlite_file.set_aside(path, seen) is None
    assert path.exists() and (tmp_path / "cache.sqlite3.damaged").read_bytes() == b"damaged"
