from __future__ import annotations

from pathlib import Path

import pytest

from siaran.crew import import_roster, list_crew, set_crew
from siaran.crew.roster import CrewMember
from siaran.errors import BadInputError
from siaran.workspace import Workspace
from tests.crew.lives import ACCOUNT, OTHER, OTHER_ROOM, ROOMS

HEADER = "account,room_id,role,person\n"


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _refused(workspace: Workspace, path: Path) -> BadInputError:
    set_crew(workspace, ROOMS[5], [CrewMember("host", "Lama")])
    before = list_crew(workspace)
    with pytest.raises(BadInputError) as caught:
        import_roster(workspace, path)
    assert caught.value.exit_code == 1
    assert list_crew(workspace) == before  # nothing half-written
    assert str(path) in caught.value.message("en")
    assert str(path) in caught.value.message("id")
    return caught.value


def test_a_csv_roster_sets_the_crews_of_many_lives(lives: Workspace, tmp_path: Path) -> None:
    set_crew(lives, ROOMS[0], [CrewMember("host", "Lama"), CrewMember("fulfilment", "Lama")])
    path = _write(
        tmp_path / "roster.csv",
        HEADER
        + f"{ACCOUNT},{ROOMS[0]},host,Sari\n"
        + f"{ACCOUNT},{ROOMS[0]},interaction-admin,Dimas\n"
        + f"{ACCOUNT},{ROOMS[1]},other:kamera,Budi\n"
        + f"{OTHER},{OTHER_ROOM},Host,Ani\n",
    )
    done = import_roster(lives, path)
    assert (done.rows, done.lives, done.accounts) == (4, 3, (ACCOUNT, OTHER))
    found = {r.room_id: [(m.role_text, m.person) for m in r.members] for r in list_crew(lives)}
    assert found == {
        ROOMS[0]: [("host", "Sari"), ("interaction_admin", "Dimas")],
        ROOMS[1]: [("other:kamera", "Budi")],
        OTHER_ROOM: [("host", "Ani")],
    }


def test_a_yaml_roster_reads_the_same_columns(lives: Workspace, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "roster.yaml",
        f"- {{account: {ACCOUNT}, room_id: '{ROOMS[2]}', role: host, person: Sari}}\n"
        f"- {{account: {ACCOUNT}, room_id: '{ROOMS[2]}', role: product_handler, person: Eko}}\n",
    )
    assert import_roster(lives, path).lives == 1
    (roster,) = list_crew(lives)
    assert [(m.role, m.person) for m in roster.members] == [
        ("host", "Sari"),
        ("product_handler", "Eko"),
    ]


def test_every_bad_row_is_named_and_nothing_is_written(lives: Workspace, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "roster.csv",
        HEADER
        + f"{ACCOUNT},{ROOMS[0]},host,Sari\n"
        + f"{ACCOUNT},{ROOMS[0]},juggler,Dimas\n"
        + f"{ACCOUNT},{OTHER_ROOM},host,Ani\n"
        + f"{ACCOUNT},{ROOMS[1]},host,\n",
    )
    error = _refused(lives, path)
    assert [(p.row, p.column, p.reason_key) for p in error.problems] == [
        (3, "role", "crew.import.unknown_role"),
        (4, "room_id", "crew.import.unknown_room"),
        (5, "person", "crew.import.blank"),
    ]
    said = error.message("en")
    assert "row 3, column 'role', value 'juggler': an unknown role" in said
    assert f"row 4, column 'room_id', value '{OTHER_ROOM}': not a live of account {ACCOUNT}" in said
    assert "3 problem(s)" in said


def test_a_yaml_row_is_named_by_its_record_number(lives: Workspace, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "roster.yml",
        f"- {{account: {ACCOUNT}, room_id: '{ROOMS[2]}', role: host, person: Sari}}\n"
        f"- {{account: {ACCOUNT}, room_id: '999', role: host, person: Sari}}\n",
    )
    error = _refused(lives, path)
    assert [(p.row, p.column) for p in error.problems] == [(2, "room_id")]


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("missing.csv", "account,room_id,person\nx,1,Sari\n", "crew.import.missing_columns"),
        (
            "missing.yaml",
            "- {account: x, room_id: '1', person: Sari}\n",
            "crew.import.missing_columns",
        ),
        ("empty.csv", "", "crew.import.empty"),
        ("header_only.csv", HEADER, "crew.import.empty"),
        ("binary.csv", b"PK\x03\x04\x00\x00\x08\x00roster", "crew.import.not_text"),
        ("list.yaml", "account: x\n", "crew.import.yaml_shape"),
        ("broken.yaml", "- [unclosed\n", "crew.import.bad_yaml"),
    ],
)
def test_a_bad_file_is_refused_whole(
    lives: Workspace, tmp_path: Path, name: str, content: str | bytes, key: str
) -> None:
    error = _refused(lives, _write(tmp_path / name, content))
    assert error.key == key


def test_the_missing_column_is_named(lives: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path / "roster.csv", "account,room_id,person\nx,1,Sari\n")
    said = _refused(lives, path).message("en")
    assert "lacks the column(s) role" in said
    assert "account, room_id, role, person" in said
