"""The account page's crew view: absent without a roster, then the report's partial (role
coverage, the admin split with group sizes) once a live's crew is recorded."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.test_crew_card import _first_live
from tests.web.test_import_page import token_of


def test_the_account_page_shows_the_crew_view_once_a_roster_exists(client: TestClient) -> None:
    before = client.get("/accounts/kopi.senja", params={"lang": "en"}).text
    assert 'id="crew-account-h"' not in before
    live = _first_live(client, "kopi.senja")
    page = client.get(live, params={"lang": "en"})
    form = {"csrf_token": token_of(page.text), "host": "Sari", "interaction_admin": "Dimas"}
    assert client.post(f"{live}/crew", data=form).status_code == 303
    shown = client.get("/accounts/kopi.senja", params={"lang": "en"}).text
    start = shown.index('id="crew-account-h"')
    part = shown[start : shown.index("</section>", start)]
    assert "Crew and roles" in part and "1 with a dedicated interaction admin" in part
    assert '<th scope="row">Host</th><td class="num">1</td><td class="num">100%</td>' in part
    assert '<th scope="row">Fulfilment</th><td class="num">0</td><td class="num">0%</td>' in part
    assert "too little data" in part and "association, not a cause" in part
    indonesian = client.get("/accounts/kopi.senja", params={"lang": "id"}).text
    assert "Kru dan peran" in indonesian
    assert 'id="crew-account-h"' not in client.get("/accounts/batik.sekar").text
