"""Agency mode keeps tenants apart by data, not only by URL: an owner who uploads files that
reuse another account's room ids can neither move that live, nor see what hangs on it, nor
learn that it exists."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from siaran.importing import ImportOptions, import_file
from siaran.ingest.layouts.shopee_writer import write_shopee_session_metrics
from siaran.talk import Transcript, TranscriptLine, save_scorecard, score_session
from siaran.talk.comments import Comment
from siaran.talk.scoring import tag_transcript
from siaran.web import WebSettings
from siaran.workspace import Workspace
from tests.events.samples import event, write_jsonl
from tests.web.conftest import client_for
from tests.web.exports import JAKARTA, LAST_DAY, creator_rows, write_creator_export
from tests.web.test_agency import login, write_users
from tests.web.test_import_page import state_of, token_of, upload

OWNER_A = "batik.sekar"  # sari's only account
OWNER_B = "kopi.senja"  # an account sari may not see
B_ROOM = "7600000000000000000"  # kopi.senja's latest live (account number 0, index 0)
SECRET_QUESTION = "apakah ada warna zamrud kak"


@pytest.fixture
def agency(cohort_workspace: Path, tmp_path: Path) -> Iterator[TestClient]:
    users = write_users(tmp_path / "users.yaml")
    with client_for(WebSettings(workspace=cohort_workspace, users_file=users)) as client:
        yield client


def _workspace(client: TestClient) -> Path:
    web = client.app.state.web  # type: ignore[attr-defined]
    path: Path = web.access.path
    return path


def _owner_of(client: TestClient, room: str) -> list[tuple[str, str]]:
    web = client.app.state.web  # type: ignore[attr-defined]
    with web.access.use() as ws:
        rows = ws.con.execute(
            "SELECT platform, account FROM sessions WHERE room_id = ? ORDER BY 1", [room]
        ).fetchall()
    return [(str(p), str(a)) for p, a in rows]


def _creator_file(tmp_path: Path, room: str, *, minutes: int, gmv: float) -> bytes:
    (row,) = creator_rows(1, 1, gmv_per_session=gmv)
    start = dt.datetime.combine(LAST_DAY, dt.time(19, 5), tzinfo=JAKARTA)
    row.update(
        room_id=room,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=minutes),
        duration_s=minutes * 60,
    )
    path = tmp_path / "Creator-Live-Performance_20260917220000.xlsx"
    write_creator_export(path, [row])
    return path.read_bytes()


def _confirm(client: TestClient, html: str) -> object:
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None, html
    return client.post(
        "/import/confirm", data={"csrf_token": token_of(html), "token": token.group(1)}
    )


def _refused_without_telling(answer: object) -> str:
    """The answer refuses the file in the words that name neither account nor room."""
    html: str = answer.text  # type: ignore[attr-defined]
    assert "cannot be imported: it holds lives that cannot be added" in html
    assert OWNER_B not in html
    assert "belongs to" not in html and "imported before" not in html
    return html


def test_a_later_snapshot_of_another_accounts_room_is_refused(
    agency: TestClient, tmp_path: Path
) -> None:
    login(agency, "sari")
    before = state_of(agency)
    data = _creator_file(tmp_path, B_ROOM, minutes=240, gmv=9_999_999.0)
    answer = upload(agency, "Creator-Live-Performance_x.xlsx", data, account=OWNER_A, lang="en")
    assert answer.status_code == 422
    _refused_without_telling(answer)
    assert state_of(agency) == before
    assert _owner_of(agency, B_ROOM) == [("tiktok", OWNER_B)]
    agency.cookies.clear()
    login(agency, "ayu")
    assert agency.get(f"/accounts/{OWNER_B}/lives/{B_ROOM}").status_code == 200
    assert agency.get(f"/accounts/{OWNER_A}/lives/{B_ROOM}").status_code == 404


def test_a_room_taken_between_preview_and_confirm_is_refused_at_confirm(
    agency: TestClient, tmp_path: Path
) -> None:
    login(agency, "sari")
    room = "7699999999999999999"
    preview = upload(
        agency,
        "Creator-Live-Performance_x.xlsx",
        _creator_file(tmp_path, room, minutes=90, gmv=100_000.0),
        account=OWNER_A,
        lang="en",
    )
    assert preview.status_code == 200
    # Meanwhile the room's real owner imports it (the command line, another coach...).
    theirs = tmp_path / "theirs" / "Creator-Live-Performance_20260917230000.xlsx"
    theirs.parent.mkdir()
    theirs.write_bytes(_creator_file(tmp_path, room, minutes=60, gmv=200_000.0))
    with Workspace.open(_workspace(agency)) as ws:
        import_file(ws, theirs, ImportOptions(account=OWNER_B))
    done = _confirm(agency, preview.text)
    assert done.status_code == 400  # type: ignore[attr-defined]
    _refused_without_telling(done)
    assert _owner_of(agency, room) == [("tiktok", OWNER_B)]


def _score_b_room(workspace: Path) -> None:
    """kopi.senja's live gets a scorecard with a viewer's question nobody answered."""
    transcript = Transcript(
        (
            TranscriptLine(1, "halo kak selamat datang di live kopi", 5.0, 9.0),
            TranscriptLine(2, "harganya 50 ribu saja", 60.0, 64.0),
        ),
        "srt",
    )
    start = dt.datetime.combine(LAST_DAY, dt.time(19, 5), tzinfo=JAKARTA)
    comments = [Comment(ts=start + dt.timedelta(seconds=30), user="u1", text=SECRET_QUESTION + "?")]
    tags = tag_transcript(transcript)
    with Workspace.open(workspace) as ws:
        card = score_session(transcript, comments, room_id=B_ROOM, started_at=start, tags=tags)
        save_scorecard(ws, card, transcript.lines, tags, account=OWNER_B)


def test_a_shopee_live_with_the_same_room_id_shows_none_of_the_others_talk(
    agency: TestClient, tmp_path: Path
) -> None:
    _score_b_room(_workspace(agency))
    start = dt.datetime.combine(LAST_DAY, dt.time(20, 0), tzinfo=JAKARTA)
    path = tmp_path / "shopee.json"
    write_shopee_session_metrics(
        path,
        [
            {
                "room_id": B_ROOM,
                "account": OWNER_A,
                "title": "Batik sore",
                "started_at": start,
                "ended_at": start + dt.timedelta(hours=1),
                "gmv": 500_000.0,
                "views": 300,
            }
        ],
    )
    login(agency, "sari")
    preview = upload(agency, "shopee.json", path.read_bytes(), lang="en")
    assert preview.status_code == 200  # its own Shopee live
    done = _confirm(agency, preview.text)
    assert done.status_code == 200  # type: ignore[attr-defined]
    assert ("shopee", OWNER_A) in _owner_of(agency, B_ROOM)
    mine = agency.get(f"/accounts/{OWNER_A}/lives/{B_ROOM}?lang=en")
    assert mine.status_code == 200
    assert '<p class="score">' not in mine.text and "zamrud" not in mine.text
    agency.cookies.clear()
    login(agency, "ayu")
    theirs = agency.get(f"/accounts/{OWNER_B}/lives/{B_ROOM}?lang=en")
    assert '<p class="score">' in theirs.text  # the scorecard is there, on its own live


def test_an_event_file_for_another_accounts_room_is_refused(
    agency: TestClient, tmp_path: Path
) -> None:
    start_s = 0.0
    fake = [
        event(1, "viewers", start_s, room=B_ROOM, viewers=99_999),
        event(2, "viewers", start_s + 60, room=B_ROOM, viewers=99_998),
        event(3, "comment", start_s + 61, room=B_ROOM, user="x", text="halo"),
    ]
    path = write_jsonl(tmp_path / "events.jsonl", fake)
    login(agency, "sari")
    before = state_of(agency)
    answer = upload(agency, "events.jsonl", path.read_bytes(), account=OWNER_A, lang="en")
    assert answer.status_code == 422
    _refused_without_telling(answer)
    assert state_of(agency) == before
    assert not list((_workspace(agency) / "events").glob("account=*/date=*/*.parquet"))
    agency.cookies.clear()
    login(agency, "ayu")
    theirs = agency.get(f"/accounts/{OWNER_B}/lives/{B_ROOM}?lang=en")
    assert "99,999" not in theirs.text and "99.999" not in theirs.text


def test_bytes_imported_for_another_account_are_refused_without_naming_it(
    agency: TestClient, tmp_path: Path
) -> None:
    events = [event(1, "viewers", 0, room="r-own", viewers=5)]
    path = write_jsonl(tmp_path / "events.jsonl", events)
    with Workspace.open(_workspace(agency)) as ws:
        import_file(ws, path, ImportOptions(account=OWNER_B))
    login(agency, "sari")
    answer = upload(agency, "mine.jsonl", path.read_bytes(), account=OWNER_A, lang="en")
    assert answer.status_code == 422
    html = _refused_without_telling(answer)
    assert "events.jsonl" not in html  # the name the other account imported it under


def test_an_owners_window_ends_on_her_own_latest_live(agency: TestClient, tmp_path: Path) -> None:
    """A later live of another account does not move the owner's default window."""
    late = tmp_path / "late" / "Creator-Live-Performance_20261101200000.xlsx"
    late.parent.mkdir()
    (row,) = creator_rows(0, 1, gmv_per_session=1.0)
    start = dt.datetime(2026, 11, 1, 19, 0, tzinfo=JAKARTA)
    row.update(room_id="7600000000000009999", started_at=start, ended_at=start)
    write_creator_export(late, [row])
    with Workspace.open(_workspace(agency)) as ws:
        import_file(ws, late, ImportOptions(account=OWNER_B))
    login(agency, "sari")
    page = agency.get("/?lang=en")
    assert page.status_code == 200
    assert "2026-11" not in page.text and "Nov 2026" not in page.text
    assert json.dumps(OWNER_B) not in page.text
