from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from siaran.errors import UsageError
from siaran.store import migrations
from siaran.store.migrations import SCHEMA_VERSION, backup_path, current_version
from siaran.workspace import DB_NAME, Workspace, WorkspaceError


def test_create_makes_database_raw_folder_and_settings(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws", timezone="Asia/Makassar") as ws:
        assert (tmp_path / "ws" / DB_NAME).is_file()
        assert (tmp_path / "ws" / "raw").is_dir()
        assert ws.timezone.key == "Asia/Makassar"
        assert current_version(ws.con) == SCHEMA_VERSION
        assert ws.con.execute("SELECT current_setting('TimeZone')").fetchone() == ("Asia/Makassar",)


def test_default_timezone_is_jakarta(workspace: Workspace) -> None:
    assert workspace.timezone.key == "Asia/Jakarta"


def test_open_missing_workspace_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        Workspace.open(tmp_path / "nowhere")
    assert "nowhere" in caught.value.message("en")
    assert "siaran init" in caught.value.message("id")


def test_create_refuses_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.docx").write_bytes(b"x")
    with pytest.raises(WorkspaceError):
        Workspace.create(tmp_path / "docs")
    assert not (tmp_path / "docs" / DB_NAME).exists()


def test_unknown_timezone_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        Workspace.create(tmp_path / "ws", timezone="Mars/Olympus")


def test_reopen_keeps_data(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws") as ws:
        ws.set_setting("note", "kept")
    with Workspace.open(tmp_path / "ws") as ws:
        assert ws.setting("note") == "kept"


def test_migration_backs_up_before_changing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace.create(tmp_path / "ws") as ws:
        ws.set_setting("note", "before")

    def add_column(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("ALTER TABLE sessions ADD COLUMN host VARCHAR")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, add_column))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Workspace.open(tmp_path / "ws") as ws:
        assert current_version(ws.con) == SCHEMA_VERSION + 1
        columns = {r[0] for r in ws.con.execute("DESCRIBE sessions").fetchall()}
        assert "host" in columns
    backup = backup_path(tmp_path / "ws" / DB_NAME, SCHEMA_VERSION)
    assert backup.is_file()
    with duckdb.connect(str(backup), read_only=True) as old:
        assert current_version(old) == SCHEMA_VERSION
        assert old.execute("SELECT value FROM settings WHERE key='note'").fetchone() == ("before",)


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Workspace.create(tmp_path / "ws").close()

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("ALTER TABLE sessions ADD COLUMN host VARCHAR")
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        Workspace.open(tmp_path / "ws")
    monkeypatch.undo()
    with Workspace.open(tmp_path / "ws") as ws:
        assert current_version(ws.con) == SCHEMA_VERSION
        columns = {r[0] for r in ws.con.execute("DESCRIBE sessions").fetchall()}
        assert "host" not in columns


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws").close()
    db = tmp_path / "ws" / DB_NAME
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE schema_info SET value = '99' WHERE key = 'version'")
    before = db.read_bytes()
    with pytest.raises(migrations.NewerSchemaError) as caught:
        Workspace.open(tmp_path / "ws")
    assert "99" in caught.value.message("en")
    assert db.read_bytes() == before


def test_a_version_1_workspace_is_migrated_with_a_backup(tmp_path: Path) -> None:
    """A workspace made before talk analysis existed gains its table and keeps its data."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "raw").mkdir()
    db = folder / DB_NAME
    with duckdb.connect(str(db)) as con:
        migrations.MIGRATIONS[0](con)
        con.execute("INSERT INTO schema_info VALUES ('version', '1')")
        con.execute("INSERT INTO settings VALUES ('timezone', 'Asia/Jakarta')")
    with Workspace.open(folder) as ws:
        assert current_version(ws.con) == SCHEMA_VERSION
        tables = {r[0] for r in ws.con.execute("SHOW TABLES").fetchall()}
        assert "talk_scores" in tables
    assert backup_path(db, 1).is_file()
