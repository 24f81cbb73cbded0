from __future__ import annotations

import pytest

from siaran.crew import CrewError, CrewMember, list_crew, member, other_member, set_crew
from siaran.errors import UsageError
from siaran.workspace import Workspace
from tests.crew.lives import ACCOUNT, OTHER, OTHER_ROOM, ROOMS


def test_setting_a_crew_replaces_the_live_roster(lives: Workspace) -> None:
    set_crew(lives, ROOMS[0], [member("host", "Sari"), member("interaction-admin", "Dimas")])
    stored = set_crew(lives, ROOMS[0], [member("host", "Rina")], account=ACCOUNT)
    assert stored is not None
    assert [(m.role, m.person) for m in stored.members] == [("host", "Rina")]
    assert stored.account == ACCOUNT
    assert [r.room_id for r in list_crew(lives)] == [ROOMS[0]]
    assert set_crew(lives, ROOMS[0], []) is None
    assert list_crew(lives) == []


def test_other_roles_keep_their_label_and_names_are_kept_as_given(lives: Workspace) -> None:
    found = other_member("kamera:Budi Santoso")
    assert found == CrewMember("other", "Budi Santoso", "kamera")
    set_crew(lives, ROOMS[1], [member("host", "  Sari  Dewi "), found])
    (roster,) = list_crew(lives, [ACCOUNT])
    assert [m.role_text for m in roster.members] == ["host", "other:kamera"]
    assert roster.members[0].person == "Sari Dewi"
    assert roster.rows()[1] == {
        "account": ACCOUNT,
        "room_id": ROOMS[1],
        "role": "other",
        "role_label": "kamera",
        "person": "Budi Santoso",
    }


def test_a_dedicated_admin_is_not_the_host(lives: Workspace) -> None:
    set_crew(lives, ROOMS[0], [member("host", "Sari"), member("interaction_admin", "SARI")])
    set_crew(lives, ROOMS[1], [member("co_host", "Dimas"), member("interaction_admin", "Dimas")])
    set_crew(lives, ROOMS[2], [member("host", "Sari"), member("interaction_admin", "Dimas")])
    assert [r.dedicated_admin for r in list_crew(lives)] == [False, False, True]


@pytest.mark.parametrize(
    ("role", "person", "key"),
    [("juggler", "Sari", "crew.unknown_role"), ("host", "  ", "crew.no_person")],
)
def test_a_bad_member_is_refused(role: str, person: str, key: str) -> None:
    with pytest.raises(UsageError) as caught:
        member(role, person)
    assert caught.value.key == key


def test_an_other_role_needs_a_label() -> None:
    with pytest.raises(UsageError) as caught:
        other_member("Budi")
    assert caught.value.key == "crew.bad_other"


def test_the_room_must_be_a_live_of_the_account(lives: Workspace) -> None:
    set_crew(lives, ROOMS[0], [member("host", "Sari")])
    with pytest.raises(CrewError) as caught:
        set_crew(lives, OTHER_ROOM, [member("host", "Sari")], account=ACCOUNT)
    assert caught.value.key == "crew.not_a_live"
    assert OTHER_ROOM in caught.value.message("en") and ACCOUNT in caught.value.message("id")
    with pytest.raises(CrewError) as unknown:
        set_crew(lives, "123", [member("host", "Sari")])
    assert unknown.value.key == "crew.unknown_live"
    # Nothing of the refused requests was written; the other account's live takes a crew.
    assert [r.room_id for r in list_crew(lives)] == [ROOMS[0]]
    set_crew(lives, OTHER_ROOM, [member("host", "Ani")])
    assert [r.account for r in list_crew(lives, [OTHER])] == [OTHER]


def test_a_member_listed_twice_is_kept_once_and_long_names_are_refused(
    lives: Workspace,
) -> None:
    stored = set_crew(lives, ROOMS[0], [member("host", "Sari"), member("host", " Sari")])
    assert stored is not None and len(stored.members) == 1
    with pytest.raises(UsageError) as caught:
        member("host", "x" * 121)
    assert caught.value.key == "crew.too_long"
    assert member("host", "x" * 120).person == "x" * 120
