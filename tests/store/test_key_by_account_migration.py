"""Schema version 5: scorecards and talk lines stored by room alone get the account that holds
their room, and the event files already stored are listed by account and room."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from siaran.events import import_event_file
from siaran.store.migrations import MIGRATIONS, SCHEMA_VERSION, backup_path, current_version
from siaran.talk import Transcript, list_scorecards, load_scorecard, score_session
from siaran.workspace import DB_NAME, Workspace
from tests.events.samples import ROOM, session_events, write_jsonl

V4 = 4
TALK_V4 = (
    "INSERT INTO talk_scores (room_id, scored_at, transcript_format, timed, host_lines, "
    "siaran_version, lexicon, scorecard_json) VALUES (?, now(), 'srt', true, 1, '0', 'x', ?)"
)


def test_rows_get_the_account_that_holds_their_room(tmp_path: Path) -> None:
    # Event files as a version-4 workspace kept them (same layout), from a current import.
    donor = tmp_path / "donor"
    with Workspace.create(donor) as ws:
        report = import_event_file(
            ws, write_jsonl(tmp_path / "e.jsonl", session_events()), account="toko.b"
        )
        imported = ws.con.execute("SELECT * FROM imports").fetchall()
    folder = tmp_path / "ws"
    folder.mkdir()
    shutil.copytree(donor / "events", folder / "events")
    shutil.copytree(donor / "raw", folder / "raw")
    card = load_json_scorecard()
    with duckdb.connect(str(folder / DB_NAME)) as con:
        for migration in MIGRATIONS[:V4]:
            migration(con)
        con.execute("INSERT INTO schema_info VALUES ('version', ?)", [str(V4)])
        con.execute("INSERT INTO settings VALUES ('timezone', 'Asia/Jakarta')")
        con.executemany("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?)", imported)
        con.execute(
            "INSERT INTO sessions (session_key, source_sha256, source_row, layout, platform, "
            "account, room_id, started_at) VALUES "
            "('tiktok:room:r1', 'x', 1, 'l', 'tiktok', 'toko.a', 'r1', now()),"
            "('tiktok:room:r2', 'x', 2, 'l', 'tiktok', 'toko.a', 'r2', now()),"
            "('shopee:room:r2', 'x', 3, 'l', 'shopee', 'toko.c', 'r2', now())"
        )
        for room in ("r1", ROOM, "r2", "r9"):
            con.execute(TALK_V4, [room, card])
        con.execute(
            "INSERT INTO talk_lines VALUES ('r1', 1, 0, 4, 'halo', ['greeting'], NULL),"
            "('r9', 1, 0, 4, 'halo', ['greeting'], NULL)"
        )
    with Workspace.open(folder) as ws:
        assert current_version(ws.con) == SCHEMA_VERSION
        rooms = ws.con.execute("SELECT account, room_id, sha256 FROM event_rooms").fetchall()
        assert rooms == [("toko.b", ROOM, report.sha256)]
        owners = {row["room_id"]: row["account"] for row in list_scorecards(ws)}
        # r1: its sessions' account; ROOM: its events' account; r2 (two accounts) and r9
        # (never imported): no single account, so no account's page shows them.
        assert owners == {"r1": "toko.a", ROOM: "toko.b", "r2": None, "r9": None}
        assert load_scorecard(ws, "toko.a", "r1") is not None
        assert load_scorecard(ws, "toko.a", "r2") is None
        lines = ws.con.execute("SELECT account, room_id FROM talk_lines ORDER BY 2").fetchall()
        assert lines == [("toko.a", "r1"), ("", "r9")]
        assert [row["room_id"] for row in list_scorecards(ws, ["toko.b"])] == [ROOM]
    assert backup_path(folder / DB_NAME, V4).is_file()


def load_json_scorecard() -> str:
    card = score_session(Transcript.from_texts(["halo kak"]), room_id="r")
    return json.dumps(card.to_dict())
