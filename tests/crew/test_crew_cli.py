from __future__ import annotations

import json
from pathlib import Path

import pytest

from siaran.workspace import Workspace
from tests.bounded import run_cli
from tests.crew.lives import ACCOUNT, OTHER_ROOM, ROOMS, set_rosters


def _folder(workspace: Workspace) -> str:
    folder = str(workspace.path)
    workspace.close()
    return folder


def test_set_then_list_as_json(lives: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(lives)
    code, said = run_cli(
        ["--lang", "en", "crew", "set", ROOMS[0], "--host", "Sari", "--interaction-admin",
         "Dimas", "--fulfilment", "Rina", "--other", "kamera:Budi", "-w", folder],
        capsys,
    )  # fmt: skip
    assert code == 0, said
    assert f"Crew of live {ROOMS[0]} ({ACCOUNT}) saved" in said
    code, said = run_cli(["crew", "-w", folder, "--format", "json"], capsys)
    assert code == 0, said
    assert json.loads(said) == [
        {"account": ACCOUNT, "room_id": ROOMS[0], "role": role, "role_label": label,
         "person": person}
        for role, label, person in (
            ("host", None, "Sari"), ("interaction_admin", None, "Dimas"),
            ("fulfilment", None, "Rina"), ("other", "kamera", "Budi"),
        )
    ]  # fmt: skip


def test_set_refuses_a_room_of_another_account(
    lives: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(lives)
    args = ["--lang", "id", "crew", "set", OTHER_ROOM, "--host", "Sari", "--account", ACCOUNT]
    code, said = run_cli([*args, "-w", folder], capsys)
    assert code == 1
    assert f"Room {OTHER_ROOM} bukan live milik akun {ACCOUNT}" in said
    code, said = run_cli(["--lang", "en", "crew", "set", ROOMS[0], "-w", folder], capsys)
    assert code == 2 and "Give at least one role" in said


def test_import_names_the_file_row_and_reason(
    lives: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(lives)
    roster = tmp_path / "roster.csv"
    roster.write_text(f"account,room_id,role,person\n{ACCOUNT},{ROOMS[0]},chef,Sari\n", "utf-8")
    code, said = run_cli(["--lang", "en", "crew", "import", str(roster), "-w", folder], capsys)
    assert code == 1
    assert str(roster) in said and "row 2, column 'role', value 'chef': an unknown role" in said
    roster.write_text(f"account,room_id,role,person\n{ACCOUNT},{ROOMS[0]},host,Sari\n", "utf-8")
    code, said = run_cli(["--lang", "en", "crew", "import", str(roster), "-w", folder], capsys)
    assert code == 0 and "the crews of 1 lives saved" in said


def test_effect_prints_sizes_interval_and_association(
    lives: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    set_rosters(lives)
    folder = _folder(lives)
    code, said = run_cli(["--lang", "en", "crew", "effect", "-a", ACCOUNT, "-w", folder], capsys)
    assert code == 0, said
    said = " ".join(said.split())
    assert "10 of 12 lives have a roster, 5 with a dedicated interaction admin" in said
    assert "too little data: needs 5 lives per group" in said
    assert "association, not a cause" in said
    code, said = run_cli(["crew", "effect", "-w", folder, "--format", "json"], capsys)
    (found,) = json.loads(said)
    comments = next(s for s in found["splits"] if s["measure"] == "comments_per_minute")
    assert (comments["lives_with"], comments["lives_without"]) == (5, 5)
    assert comments["difference"] == pytest.approx(5.0)
    assert len(found["lives_detail"]) == 10
