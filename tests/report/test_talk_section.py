"""The report's scored-lives section: one card per stored scorecard, weakest first."""

from __future__ import annotations

from pathlib import Path

from siaran.report.sections import ReportData
from siaran.report.talk_section import talk
from siaran.talk import Transcript, read_comments, read_transcript, score_session
from tests.talk.samples import write_comments, write_srt


def test_cards_quote_their_evidence_weakest_first(tmp_path: Path) -> None:
    full = score_session(
        read_transcript(write_srt(tmp_path / "live.srt")),
        read_comments(write_comments(tmp_path / "comments.csv")),
        room_id="111",
    )
    bare = score_session(Transcript.from_texts(["oke kita mulai", "dadah"]), room_id="222")
    html = talk(ReportData(comparison={}, scorecards=[full, bare]), "id")
    assert html.index("Room 222") < html.index("Room 111")
    assert "makasih udah nonton" in html  # the missing closing call to action, quoted
    assert "Saran utama" in html


def test_without_scorecards_it_says_how_to_make_one() -> None:
    html = talk(ReportData(comparison={}), "en")
    assert "siaran talk score" in html
