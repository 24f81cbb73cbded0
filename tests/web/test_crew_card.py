"""The session page's crew card and its form: in-process, through the real app."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from siaran.crew import list_crew
from siaran.web import WebSettings
from siaran.workspace import Workspace
from tests.web.conftest import client_for
from tests.web.test_agency import login, write_users
from tests.web.test_import_page import token_of


def _first_live(client: TestClient, account: str) -> str:
    page = client.get(f"/accounts/{account}")
    found: list[str] = re.findall(
        rf'href="(/accounts/{re.escape(account)}/lives/[^"]+)"', page.text
    )
    return found[0]


def test_the_form_sets_the_crew_shown_on_the_page(
    client: TestClient, cohort_workspace: Path
) -> None:
    live = _first_live(client, "kopi.senja")
    page = client.get(live, params={"lang": "en"})
    assert 'id="crew-h"' in page.text and "No crew recorded for this live yet." in page.text
    form = {
        "csrf_token": token_of(page.text),
        "host": "Sari",
        "interaction_admin": "Dimas, Eka",
        "other": "kamera:Budi",
    }
    saved = client.post(f"{live}/crew", data=form)
    assert saved.status_code == 303
    assert saved.headers["location"].startswith(live + "?crew=saved")
    shown = client.get(live, params={"lang": "en", "crew": "saved"}).text
    assert "Crew saved." in shown
    assert re.search(r"<th scope=\"row\">Interaction admin</th><td>Eka</td>", shown)
    assert '<th scope="row">Other: kamera</th><td>Budi</td>' in shown
    assert 'value="Dimas, Eka"' in shown  # the form shows the crew to change it
    client.close()
    with Workspace.open(cohort_workspace) as ws:
        (crew,) = list_crew(ws)
    assert [(m.role_text, m.person) for m in crew.members] == [
        ("host", "Sari"),
        ("interaction_admin", "Dimas"),
        ("interaction_admin", "Eka"),
        ("other:kamera", "Budi"),
    ]


def test_the_form_needs_the_token_and_refuses_a_bad_role(client: TestClient) -> None:
    live = _first_live(client, "kopi.senja")
    page = client.get(live, params={"lang": "en"})
    refused = client.post(f"{live}/crew", data={"host": "Sari"})
    assert refused.status_code == 403
    bad = client.post(
        f"{live}/crew",
        data={"csrf_token": token_of(page.text), "host": "Sari", "other": "Budi"},
        params={"lang": "en"},
    )
    assert bad.status_code == 422 and "write the role, a colon, then the name" in bad.text
    assert "No crew recorded for this live yet." in client.get(live, params={"lang": "en"}).text


def test_an_owner_sets_only_the_crews_of_their_own_lives(
    cohort_workspace: Path, tmp_path: Path
) -> None:
    users = write_users(tmp_path / "users.yaml")
    with client_for(WebSettings(workspace=cohort_workspace, users_file=users)) as agency:
        login(agency, "budi")  # a coach of kopi.senja
        other = _first_live(agency, "kopi.senja")
        agency.post("/logout", data={"csrf_token": token_of(agency.get("/").text)})
        login(agency, "sari")  # the owner of batik.sekar only
        token = token_of(agency.get("/").text)
        assert (
            agency.post(f"{other}/crew", data={"csrf_token": token, "host": "X"}).status_code == 404
        )
        own = _first_live(agency, "batik.sekar")
        done = agency.post(f"{own}/crew", data={"csrf_token": token, "host": "Sari"})
        assert done.status_code == 303
    with Workspace.open(cohort_workspace) as ws:
        assert [(c.account, c.members[0].person) for c in list_crew(ws)] == [
            ("batik.sekar", "Sari")
        ]
