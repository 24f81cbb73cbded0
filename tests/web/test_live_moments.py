"""The session page's moments of largest audience change, with a short quote of what the host
said then once a timed transcript of the live is stored."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from siaran.events import session_measures
from siaran.store.engine import engine_context
from siaran.talk import Transcript, TranscriptLine, moments_with_talk, save_scorecard, score_session
from siaran.talk.moments import live_start
from siaran.talk.scoring import tag_transcript
from siaran.web import WebSettings
from siaran.workspace import Workspace
from tests.web.conftest import client_for

ACCOUNT = "gula.kelapa.nira"  # captured in the demo, never scored


def _captured_room(ws: Workspace) -> str:
    rows = session_measures(engine_context(ws), ws, account=ACCOUNT)
    assert rows, "the demo captures a live of this account"
    return str(rows[0]["room_id"])


def test_moments_show_a_quote_once_the_live_is_scored(
    demo_workspace_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "demo-ws"
    shutil.copytree(demo_workspace_path, folder)
    with Workspace.open(folder) as ws:
        room = _captured_room(ws)
    settings = WebSettings(workspace=folder, demo=True)
    with client_for(settings) as client:
        page = client.get(f"/accounts/{ACCOUNT}/lives/{room}?lang=en")
    assert page.status_code == 200
    assert '<ol class="moments">' in page.text
    assert "once a timed transcript of this live is scored" in page.text
    assert "<q>" not in page.text

    with Workspace.open(folder) as ws:
        context = engine_context(ws)
        [first, *_] = moments_with_talk(context, ws, ACCOUNT, room)
        start = live_start(ws, ACCOUNT, room)
        assert start is not None
        at = (dt.datetime.fromisoformat(first["minute"]) - start).total_seconds() + 5
        transcript = Transcript(
            (
                TranscriptLine(1, "halo kak selamat datang", 1.0, 4.0),
                TranscriptLine(2, "<b>ayo</b> klik keranjang kuning sekarang", at, at + 4),
            ),
            "srt",
        )
        tags = tag_transcript(transcript)
        card = score_session(transcript, room_id=room, started_at=start, tags=tags)
        save_scorecard(ws, card, transcript.lines, tags, account=ACCOUNT)
    with client_for(settings) as client:
        english = client.get(f"/accounts/{ACCOUNT}/lives/{room}?lang=en")
        indonesian = client.get(f"/accounts/{ACCOUNT}/lives/{room}?lang=id")
    assert english.status_code == 200
    assert "<q>&lt;b&gt;ayo&lt;/b&gt; klik keranjang kuning sekarang</q>" in english.text
    assert "(Call to action)" in english.text
    assert "once a timed transcript" not in english.text
    assert "(the host said nothing)" in english.text  # the other moments: no line then
    assert "Saat penonton paling berubah" in indonesian.text
    assert "(host tidak berbicara)" in indonesian.text
