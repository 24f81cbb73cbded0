"""Coaching sessions: recorded one by one or from a CSV file (all rows or none), listed, and
refused with the file, row and reason when wrong; on the command line too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siaran.cli.app import main
from siaran.errors import BadInputError, UsageError
from siaran.programme import (
    CoachingError,
    CoachingSession,
    add_session,
    import_sessions,
    list_sessions,
)
from siaran.workspace import Workspace
from tests.experiments.cohort import import_cohort

LEVELS = {f"toko.{c}": (1_000_000.0, 0.0) for c in "abcd"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    with Workspace.create(tmp_path / "ws") as ws:
        import_cohort(ws, tmp_path / "exports", LEVELS)
    return tmp_path / "ws"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def test_a_session_is_recorded_and_listed(folder: Path) -> None:
    with Workspace.open(folder) as ws:
        add_session(ws, CoachingSession("@toko.a", dt.date(2026, 8, 1), "conversion", " Nina "))
        add_session(ws, CoachingSession("toko.b", dt.date(2026, 7, 1), "trust", "Bayu", "demo"))
        found = list_sessions(ws)
        assert [(s.account, s.topic, s.coach) for s in found] == [
            ("toko.b", "trust", "Bayu"),
            ("toko.a", "conversion", "Nina"),
        ]
        assert [s.account for s in list_sessions(ws, accounts=["toko.a"])] == ["toko.a"]


def test_unknown_accounts_topics_and_coaches_are_refused(folder: Path) -> None:
    with Workspace.open(folder) as ws:
        with pytest.raises(CoachingError, match="nobody"):
            add_session(ws, CoachingSession("nobody", dt.date(2026, 8, 1), "trust", "Nina"))
        with pytest.raises(UsageError, match="pricing"):
            add_session(ws, CoachingSession("toko.a", dt.date(2026, 8, 1), "pricing", "Nina"))
        with pytest.raises(UsageError):
            add_session(ws, CoachingSession("toko.a", dt.date(2026, 8, 1), "trust", "  "))
        assert list_sessions(ws) == []


def test_a_file_is_imported_whole_and_again_changes_nothing(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "sesi.csv"
    path.write_text(
        "account,date,topic,coach,note\n"
        "toko.a,2026-07-01,session_design,Nina,Pembukaan\n"
        "toko.b,2026-07-15,conversion,Bayu,\n",
        encoding="utf-8",
    )
    with Workspace.open(folder) as ws:
        assert len(import_sessions(ws, path)) == 2
        import_sessions(ws, path)
        found = list_sessions(ws)
    assert [(s.account, s.note) for s in found] == [("toko.a", "Pembukaan"), ("toko.b", None)]


def test_a_file_with_bad_rows_names_them_all_and_records_nothing(
    folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "sesi.csv"
    path.write_text(
        "account,date,topic,coach\n"
        "toko.a,2026-07-01,session_design,Nina\n"
        "nobody,2026-07-01,trust,Nina\n"
        "toko.b,01/07/2026,trust,Nina\n"
        "toko.c,2026-07-01,pricing,\n"
        "toko.a,2026-07-01,session_design,Bayu\n",
        encoding="utf-8",
    )
    with Workspace.open(folder) as ws:
        with pytest.raises(BadInputError) as caught:
            import_sessions(ws, path)
        assert list_sessions(ws) == []
    message = caught.value.message("en")
    assert str(path) in message
    for expected in (
        "row 3, column 'account', value 'nobody'",
        "row 4, column 'date', value '01/07/2026'",
        "row 5, column 'topic', value 'pricing'",
        "row 5, column 'coach'",
        "row 6: the same account, day and topic as row 2",
    ):
        assert expected in message, (expected, message)
    assert {p.row for p in caught.value.problems} == {3, 4, 5, 6}


def test_a_file_without_the_columns_is_refused(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "sesi.csv"
    path.write_text("akun,tanggal\ntoko.a,2026-07-01\n", encoding="utf-8")
    with Workspace.open(folder) as ws, pytest.raises(BadInputError, match="account"):
        import_sessions(ws, path)


def test_the_commands_record_import_and_list(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ["-w", str(folder)]
    add = ["coaching", "add", "toko.a", "--date", "2026-08-01", "--topic", "conversion"]
    code, out, err = run([*add, "--coach", "Nina", "--note", "CTA", *w, "--format", "json"], capsys)
    assert code == 0, err
    assert json.loads(out) == [
        {"account": "toko.a", "date": "2026-08-01", "topic": "conversion", "coach": "Nina",
         "note": "CTA"}
    ]  # fmt: skip
    bad = tmp_path / "bad.csv"
    bad.write_text("account,date,topic,coach\ntoko.b,2026-08-01,pricing,Nina\n", encoding="utf-8")
    code, out, err = run(["coaching", "import", str(bad), *w], capsys)
    assert code == 1
    assert "bad.csv" in err and "row 2" in err and "pricing" in err
    good = tmp_path / "good.csv"
    good.write_text("account,date,topic,coach\ntoko.b,2026-08-02,trust,Nina\n", encoding="utf-8")
    code, out, _ = run(["--lang", "id", "coaching", "import", str(good), *w], capsys)
    assert code == 0 and "Tercatat: 1 sesi" in out
    code, out, _ = run(["coaching", "list", *w, "--format", "csv"], capsys)
    assert code == 0
    assert out.splitlines()[0] == "account,date,topic,coach,note"
    assert len(out.splitlines()) == 3
    code, _, err = run([*add, "--coach", "Nina", "--topic", "pricing", *w], capsys)
    assert code == 2 and "pricing" in err
