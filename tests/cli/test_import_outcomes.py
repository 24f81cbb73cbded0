"""``siaran import``: every file's outcome is said, a live stays with its account, a conflicting
duplicate row is named, and a workspace path with an apostrophe is just a path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siaran.cli.app import main
from siaran.errors import BadInputError
from siaran.importing import ImportOptions, import_file
from siaran.store.ownership import RoomClaimedError
from siaran.workspace import Workspace
from tests.events.samples import event, session_events, write_jsonl
from tests.web.exports import JAKARTA, LAST_DAY, creator_rows, write_creator_export

ROOM = "7611112222333344445"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def creator(
    folder: Path, name: str, room: str = ROOM, *, minutes: int = 60, gmv: float = 100_000.0
) -> Path:
    """A ``Creator-Live-Performance`` workbook with one live of ``room``."""
    (row,) = creator_rows(3, 1, gmv_per_session=gmv)
    start = dt.datetime.combine(LAST_DAY, dt.time(19, 0), tzinfo=JAKARTA)
    row.update(
        room_id=room,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=minutes),
        duration_s=minutes * 60,
    )
    path = folder / name / "Creator-Live-Performance_20260917200000.xlsx"
    path.parent.mkdir(parents=True)
    return write_creator_export(path, [row])


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "ws")
    assert _run(["init", "-w", folder], capsys)[0] == 0
    return folder


def _sessions(ws: str) -> list[tuple[object, ...]]:
    with Workspace.open(ws) as workspace:
        return workspace.con.execute(
            "SELECT account, room_id, gmv, ended_at FROM sessions ORDER BY room_id"
        ).fetchall()


def test_a_later_file_cannot_move_another_accounts_live(
    ws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = creator(tmp_path, "b")
    assert _run(["import", str(theirs), "-w", ws, "-a", "toko.b"], capsys)[0] == 0
    before = _sessions(ws)
    later = creator(tmp_path, "a", minutes=240, gmv=9_000_000.0)
    code, _, err = _run(["--lang", "en", "import", str(later), "-w", ws, "-a", "toko.a"], capsys)
    assert code == 1
    assert ROOM in err and "toko.b" in err and "toko.a" in err
    assert _sessions(ws) == before
    with Workspace.open(ws) as workspace:
        (imports,) = workspace.con.execute("SELECT count(*) FROM imports").fetchone() or (0,)
        archived = sorted(p.name for p in workspace.raw_dir.iterdir())
    assert imports == 1 and len(archived) == 1  # nothing of the refused file was kept
    # The owner's own later snapshot is still welcome.
    own = creator(tmp_path, "b2", minutes=120, gmv=300_000.0)
    assert _run(["import", str(own), "-w", ws, "-a", "toko.b"], capsys)[0] == 0
    ((account, _, gmv, _),) = _sessions(ws)
    assert account == "toko.b" and gmv == 300_000.0


def test_events_of_another_accounts_room_are_refused_both_ways(
    workspace: Workspace, tmp_path: Path
) -> None:
    import_file(
        workspace,
        write_jsonl(tmp_path / "b.jsonl", session_events()),
        ImportOptions(account="toko.b"),
    )
    room = session_events()[0]["room_id"]
    fake = [event(1, "viewers", 0, room=room, viewers=99_999)]
    with pytest.raises(RoomClaimedError) as refused:
        import_file(
            workspace, write_jsonl(tmp_path / "a.jsonl", fake), ImportOptions(account="toko.a")
        )
    assert (refused.value.claims[0].owner, refused.value.claims[0].account) == ("toko.b", "toko.a")
    # A session export that gives the captured room to another account is refused as well.
    with pytest.raises(RoomClaimedError):
        import_file(
            workspace, creator(tmp_path, "a", room=str(room)), ImportOptions(account="toko.a")
        )
    stored = workspace.con.execute("SELECT DISTINCT account FROM event_rooms").fetchall()
    assert stored == [("toko.b",)]


def test_every_files_outcome_is_said_and_a_refused_one_stops_nothing(
    ws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = creator(tmp_path, "one", room="7600000000000000001")
    broken = tmp_path / "broken.csv"
    broken.write_text("nothing,here\n1,2\n", encoding="utf-8")
    third = creator(tmp_path, "three", room="7600000000000000003")
    args = ["--lang", "en", "import", str(first), str(broken), str(third), "-w", ws, "-a", "t"]
    code, out, err = _run(args, capsys)
    assert code == 1
    assert str(first) in out and str(third) in out
    assert f"{broken} was not imported" in err and "1 of 3 files were not imported" in err
    assert len(_sessions(ws)) == 2
    code, out, _ = _run([*args, "--format", "json"], capsys)
    assert code == 1
    statuses = [(row["path"], row["status"]) for row in json.loads(out)]
    assert statuses == [
        (str(first), "already_imported"),
        (str(broken), "refused"),
        (str(third), "already_imported"),
    ]
    assert json.loads(out)[1]["reason"]


def test_two_rows_of_one_live_with_the_same_end_and_other_figures_are_named(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = creator_rows(4, 3, gmv_per_session=100_000.0)
    twin = dict(rows[0], gmv=999.0)
    path = tmp_path / "Creator-Live-Performance_20260917200000.xlsx"
    write_creator_export(path, [*rows, twin])
    with pytest.raises(BadInputError) as refused:
        import_file(workspace, path, ImportOptions(account="t"))
    assert refused.value.key == "import.conflicting_rows"
    (problem,) = refused.value.problems
    message = refused.value.message("en")
    assert f"row {problem.row}" in message.lower() and "also in row" in message
    assert problem.params["other"] != problem.row
    assert workspace.con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    # The same row twice is a harmless repeat; a later snapshot of it supersedes.
    later = dict(rows[0], ended_at=rows[0]["ended_at"] + dt.timedelta(minutes=5), gmv=1.0)
    write_creator_export(path, [*rows, dict(rows[1]), later])
    report = import_file(workspace, path, ImportOptions(account="t"))
    assert report.status == "imported"
    gmv = workspace.con.execute(
        "SELECT gmv FROM sessions WHERE room_id = ?", [rows[0]["room_id"]]
    ).fetchone()
    assert gmv == (1.0,)


def test_an_apostrophe_in_the_workspace_path_is_just_a_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Bu Sari's shop" / "ws'"
    assert _run(["init", "-w", str(folder)], capsys)[0] == 0
    path = write_jsonl(tmp_path / "it's.jsonl", session_events())
    for _ in range(2):  # the second time reads the stored files back to drop duplicates
        code, _, err = _run(["import", str(path), "-w", str(folder), "-a", "o'brien"], capsys)
        assert code == 0, err
    more = write_jsonl(tmp_path / "more.jsonl", [*session_events(), event(99, "join", 30)])
    code, out, err = _run(
        ["import", str(more), "-w", str(folder), "-a", "o'brien", "--format", "json"], capsys
    )
    assert code == 0, err
    assert json.loads(out)[0]["events_added"] == 1
    room = str(session_events()[0]["room_id"])
    code, out, err = _run(["timeline", room, "-w", str(folder), "--format", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)
