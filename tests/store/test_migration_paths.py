"""Every past schema version migrates to the current one with its data and a backup.

tests/store/fixtures holds a frozen workspace of every past version, built once with the code
of that version (README.md there says how). Each is opened with today's code: every row of
every table it had is still there, field by field, a backup of the old file is kept, the
result has exactly the schema of a workspace created today, and today's functions read it.
"""

from __future__ import annotations

import datetime as dt
import tarfile
from pathlib import Path
from typing import Any

import duckdb
import pytest

from siaran.casework import list_cases, verify_audit
from siaran.metrics import list_sessions
from siaran.store.migrations import (
    SCHEMA_VERSION,
    NewerSchemaError,
    backup_path,
    current_version,
)
from siaran.store.schema import SESSION_FIELDS, SESSION_TRACKING_FIELDS
from siaran.talk import load_scorecard
from siaran.talk.storage import lines_between
from siaran.workspace import DB_NAME, Workspace
from tests.store.fixtures.build_fixture import (
    AYU,
    AYU_ROOMS,
    BUDI,
    EVENT_ROOM,
    UNKNOWN_ROOM,
)

FIXTURES = Path(__file__).parent / "fixtures"
PAST_VERSIONS = tuple(range(1, SCHEMA_VERSION))

Snapshot = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


def unpack(version: int, into: Path) -> Path:
    folder = into / f"v{version}"
    with tarfile.open(FIXTURES / f"v{version}.tar.gz") as archive:
        archive.extractall(folder, filter="data")
    return folder


def snapshot(con: duckdb.DuckDBPyConnection) -> Snapshot:
    """Every table's columns and its rows (sorted), as stored."""
    found: Snapshot = {}
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
        columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
        found[table] = (columns, rows(con, table, columns))
    return found


def rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    names = ", ".join(f'"{name}"' for name in columns)
    return con.execute(f'SELECT {names} FROM "{table}" ORDER BY ALL').fetchall()


def schema(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Tables, columns with their types and nullability, constraints and sequences."""
    columns = con.execute(
        "SELECT table_name, column_index, column_name, data_type, is_nullable, column_default "
        "FROM duckdb_columns() WHERE NOT internal ORDER BY ALL"
    ).fetchall()
    constraints = con.execute(
        "SELECT table_name, constraint_type, constraint_column_names "
        "FROM duckdb_constraints() ORDER BY ALL"
    ).fetchall()
    sequences = con.execute(
        "SELECT sequence_name FROM duckdb_sequences() WHERE NOT temporary ORDER BY 1"
    ).fetchall()
    return [*columns, *constraints, *sequences]


def test_there_is_a_fixture_of_every_past_version() -> None:
    found = sorted(path.name for path in FIXTURES.glob("v*.tar.gz"))
    assert found == sorted(f"v{version}.tar.gz" for version in PAST_VERSIONS)


@pytest.mark.parametrize("version", PAST_VERSIONS)
def test_every_past_version_migrates_with_its_data_and_a_backup(
    version: int, tmp_path: Path
) -> None:
    folder = unpack(version, tmp_path)
    db = folder / DB_NAME
    with duckdb.connect(str(db), read_only=True) as old:
        assert current_version(old) == version
        before = snapshot(old)
    with Workspace.open(folder) as ws:
        assert current_version(ws.con) == SCHEMA_VERSION
        for table, (columns, stored) in before.items():
            if table == "schema_info":
                continue
            kept = [r[0] for r in ws.con.execute(f'DESCRIBE "{table}"').fetchall()]
            assert set(columns) <= set(kept), table
            assert rows(ws.con, table, columns) == stored, table
        assert ws.timezone.key == "Asia/Makassar"
        assert ws.setting("spark_master") == "local[1]"
    backup = backup_path(db, version)
    with duckdb.connect(str(backup), read_only=True) as kept_copy:
        assert current_version(kept_copy) == version
        assert snapshot(kept_copy) == before
    assert not backup_path(db, SCHEMA_VERSION).exists()


@pytest.mark.parametrize("version", PAST_VERSIONS)
def test_every_path_ends_in_the_schema_of_a_new_workspace(version: int, tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "new") as new:
        expected = schema(new.con)
    with Workspace.open(unpack(version, tmp_path)) as migrated:
        assert schema(migrated.con) == expected


@pytest.mark.parametrize("version", PAST_VERSIONS)
def test_todays_functions_read_a_migrated_workspace(version: int, tmp_path: Path) -> None:
    with Workspace.open(unpack(version, tmp_path)) as ws:
        sessions = list_sessions(ws)
        assert sorted((s["account"], s["room_id"]) for s in sessions) == [
            (AYU, AYU_ROOMS[0]),
            (AYU, AYU_ROOMS[1]),
            (BUDI, None),
        ]
        estimates = ws.con.execute("SELECT account, sessions FROM account_estimates").fetchall()
        assert estimates == [(AYU, 2.0)]
        talk = ws.con.execute("SELECT account, room_id FROM talk_scores ORDER BY 2").fetchall()
        if version < 2:
            assert talk == []
            return
        # A scorecard gets the account that holds its room: its sessions' account, else its
        # events' account; a room nobody holds keeps the empty account no page shows.
        expected = {AYU_ROOMS[0]: AYU, AYU_ROOMS[1]: AYU, UNKNOWN_ROOM: ""}
        if version >= 3:
            expected[EVENT_ROOM] = BUDI
        assert {room: account for account, room in talk} == expected
        card = load_scorecard(ws, AYU, AYU_ROOMS[1])
        assert card is not None and card.room_id == AYU_ROOMS[1]
        assert load_scorecard(ws, AYU, UNKNOWN_ROOM) is None
        if version < 3:
            return
        rooms = ws.con.execute("SELECT account, room_id, events FROM event_rooms").fetchall()
        assert rooms == [(BUDI, EVENT_ROOM, 6)]
        assert [case["name"] for case in list_cases(ws)] == ["Toko Ayu"]
        assert verify_audit(ws).intact
        said = lines_between(ws, AYU, AYU_ROOMS[0], 0, 30)
        assert len(said) == (4 if version >= 4 else 0)
        if version < 6:
            return
        from siaran.orders import list_orders, live_orders

        assert [o.order_id for o in list_orders(ws)] == [
            "580100000000000001",
            "580100000000000002",
            "580100000000000003",
        ]
        first = next(live for live in live_orders(ws) if live.room_id == AYU_ROOMS[0])
        # Both orders of the live are linked (one of them cancelled); the morning one is not.
        assert (first.orders, first.cancelled_orders, first.buyers) == (2, 1, 2)
        if version < 7:
            return
        from siaran.experiments import list_experiments

        assert sorted((e.name, e.design) for e in list_experiments(ws)) == [
            ("awal", "before_after"),
            ("pin", "switchback"),
        ]
        if version < 8:
            return
        from siaran.crew import list_crew

        crews = {r.room_id: (r.account, r.dedicated_admin, len(r.members)) for r in list_crew(ws)}
        assert crews == {AYU_ROOMS[0]: (AYU, True, 3), AYU_ROOMS[1]: (AYU, False, 1)}
        if version < 9:
            return
        # The ecosystem (its tables may come at another version number after a merge: the
        # checks read only its own rows).
        from siaran.ecosystem import channel_gmv, partners_by_month

        july = dt.date(2026, 7, 1)
        affiliate = {
            (c.month, c.channel, c.gmv, c.orders)
            for c in channel_gmv(ws, [AYU])
            if c.channel != "own_lives"
        }
        assert affiliate == {
            (july, "affiliate_live", 135_000.0, 1),
            (july, "affiliate_video", 45_000.0, 1),
            (july, "resellers", 180_000.0, 2),
        }
        (month,) = partners_by_month(ws, [AYU])
        assert (month.affiliates_active, month.resellers_active, month.new_resellers) == (2, 1, 2)
        if version < 10:
            return
        from siaran.feedback import feedback_overview

        feedback = feedback_overview(ws, account=AYU)
        assert sorted((r.rating, r.room_id) for r in feedback.reviews) == [
            (2, AYU_ROOMS[0]),
            (4, None),
            (5, AYU_ROOMS[0]),
        ]
        (summary,) = feedback.accounts
        assert (summary.reviews_30d, summary.negative_30d) == (3, 1)
        if version < 11:
            return
        from siaran.programme import list_sessions as coaching_sessions

        assert sorted((s.account, s.topic, s.coach, s.note) for s in coaching_sessions(ws)) == [
            (AYU, "conversion", "Nina", "ajakan membeli"),
            (BUDI, "trust", "Bayu", None),
        ]


def test_the_sessions_table_has_the_columns_ingest_writes(workspace: Workspace) -> None:
    # The frozen version-1 SQL and store/schema.py must agree, in order and type.
    described = workspace.con.execute("DESCRIBE sessions").fetchall()
    assert [(r[0], r[1]) for r in described] == [
        (name, kind.split()[0].replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"))
        for name, kind in (*SESSION_TRACKING_FIELDS, *SESSION_FIELDS)
    ]


def test_a_newer_workspace_is_refused_untouched(tmp_path: Path) -> None:
    folder = unpack(PAST_VERSIONS[-1], tmp_path)
    db = folder / DB_NAME
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE schema_info SET value = ? WHERE key = 'version'", [SCHEMA_VERSION + 1])
    before = db.read_bytes()
    with pytest.raises(NewerSchemaError) as caught:
        Workspace.open(folder)
    assert str(SCHEMA_VERSION + 1) in caught.value.message("en")
    assert str(SCHEMA_VERSION + 1) in caught.value.message("id")
    assert db.read_bytes() == before
    assert not list(folder.glob(f"{DB_NAME}.v*.bak"))
