"""Agency mode: logins with hashed passwords, roles, what each role may see, CSRF, expiry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from siaran.errors import BadInputError
from siaran.web import WebSettings
from siaran.web.security.passwords import hash_password, verify_password
from siaran.web.security.users import load_users
from tests.web.conftest import BASE_URL, client_for
from tests.web.test_import_page import new_export, state_of, token_of, upload

PASSWORDS = {"ayu": "admin-pass-123", "budi": "coach-pass-123", "sari": "owner-pass-123"}


def write_users(path: Path) -> Path:
    hashes = {name: hash_password(password) for name, password in PASSWORDS.items()}
    document = {
        "cohorts": {"kuliner": ["kopi.senja", "keripik.mantap"]},
        "users": [
            {"name": "ayu", "role": "admin", "password": hashes["ayu"]},
            {"name": "budi", "role": "coach", "cohorts": ["kuliner"], "password": hashes["budi"]},
            {
                "name": "sari",
                "role": "owner",
                "accounts": ["batik.sekar"],
                "password": hashes["sari"],
            },
        ],
    }
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def users_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_users(tmp_path_factory.mktemp("users") / "users.yaml")


@pytest.fixture
def agency(cohort_workspace: Path, users_file: Path) -> Iterator[TestClient]:
    with client_for(WebSettings(workspace=cohort_workspace, users_file=users_file)) as client:
        yield client


def login(client: TestClient, name: str, password: str | None = None) -> object:
    form = client.get("/login")
    return client.post(
        "/login",
        data={
            "csrf_token": token_of(form.text),
            "name": name,
            "password": password if password is not None else PASSWORDS[name],
            "next": "/",
        },
    )


def test_password_hashes_verify_and_differ() -> None:
    first, second = hash_password("rahasia-sekali"), hash_password("rahasia-sekali")
    assert first != second and first.startswith("scrypt$")
    assert verify_password("rahasia-sekali", first)
    assert not verify_password("rahasia-sekalI", first)
    assert not verify_password("rahasia-sekali", "rahasia-sekali")
    assert not verify_password("x", "scrypt$16384$8$1$!!$!!")


def test_users_file_problems_are_all_listed(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "users": [
                    {"name": "a", "role": "admin", "password": "plain-text"},
                    {"name": "b", "role": "boss", "password": hash_password("x" * 10)},
                    {
                        "name": "c",
                        "role": "owner",
                        "cohorts": ["x"],
                        "password": hash_password("y" * 10),
                    },
                    {"name": "d", "role": "coach", "password": hash_password("z" * 10)},
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(BadInputError) as caught:
        load_users(path)
    reasons = [p.reason_key for p in caught.value.problems]
    assert "web.users.not_hashed" in reasons and "web.users.bad_role" in reasons
    assert "web.users.unknown_cohort" in reasons and "web.users.no_accounts" in reasons
    assert [p.row for p in caught.value.problems if p.reason_key == "web.users.bad_role"] == [2]
    path.write_text("users: [", encoding="utf-8")
    with pytest.raises(BadInputError):
        load_users(path)


def test_every_page_needs_a_login(agency: TestClient) -> None:
    for url in ("/", "/accounts/kopi.senja", "/import", "/import/progress?token=x", "/glossary"):
        page = agency.get(url)
        assert page.status_code == 303
        assert page.headers["location"].startswith("/login?next=")
    partial = agency.get("/", headers={"HX-Request": "true"})
    assert partial.headers.get("HX-Redirect", "").startswith("/login")


def test_wrong_password_is_refused_and_repeats_must_wait(agency: TestClient) -> None:
    page = login(agency, "sari", "wrong-password")
    assert page.status_code == 401 and "salah" in page.text  # type: ignore[attr-defined]
    assert login(agency, "nobody", "whatever").status_code == 401  # type: ignore[attr-defined]
    for _ in range(5):
        login(agency, "budi", "wrong-password")
    waiting = login(agency, "budi")  # even the right password, while this browser must wait
    assert waiting.status_code == 429 and "Terlalu banyak" in waiting.text  # type: ignore[attr-defined]
    assert int(waiting.headers["Retry-After"]) >= 1  # type: ignore[attr-defined]


def test_owner_sees_only_their_account(agency: TestClient) -> None:
    done = login(agency, "sari")
    assert done.status_code == 303  # type: ignore[attr-defined]
    overview = agency.get("/")
    assert overview.status_code == 200
    assert re.findall(r'data-account="([^"]+)"', overview.text) == ["batik.sekar"]
    assert "kopi.senja" not in overview.text and "kacamata.jelas" not in overview.text
    own = agency.get("/accounts/batik.sekar")
    assert own.status_code == 200
    live = re.findall(r'href="(/accounts/batik.sekar/lives/[^"]+)"', own.text)[0]
    assert agency.get(live).status_code == 200


def test_owner_cannot_read_another_account_by_changing_the_url(agency: TestClient) -> None:
    login(agency, "sari")
    # Another owner's account, its live (a real room id) and an account that does not exist
    # all get the same answer: nothing tells that the account exists.
    other_room = "76" + "0000" + "0" * 13  # kopi.senja's first room
    refused = [
        agency.get("/accounts/kopi.senja"),
        agency.get(f"/accounts/kopi.senja/lives/{other_room}"),
        agency.get("/accounts/kopi%2Esenja"),
        agency.get("/?q=kopi", headers={"HX-Target": "accounts-table"}),
    ]
    assert [r.status_code for r in refused[:3]] == [404, 404, 404]
    assert refused[0].text.replace("kopi.senja", "") == agency.get("/accounts/nobody").text.replace(
        "nobody", ""
    )
    assert "data-account" not in refused[3].text


def test_coach_sees_their_cohort(agency: TestClient) -> None:
    login(agency, "budi")
    overview = agency.get("/")
    assert sorted(re.findall(r'data-account="([^"]+)"', overview.text)) == [
        "keripik.mantap",
        "kopi.senja",
    ]
    assert agency.get("/accounts/kopi.senja").status_code == 200
    assert agency.get("/accounts/batik.sekar").status_code == 404


def test_admin_sees_everyone(agency: TestClient) -> None:
    login(agency, "ayu")
    assert len(re.findall(r'data-account="', agency.get("/").text)) == 5


def test_owner_cannot_import_into_another_account(agency: TestClient, tmp_path: Path) -> None:
    login(agency, "sari")
    before = state_of(agency)
    page = upload(agency, "a.xlsx", new_export(tmp_path), account="kopi.senja")
    assert page.status_code == 403
    assert state_of(agency) == before
    own = upload(agency, "a.xlsx", new_export(tmp_path), account="batik.sekar")
    assert own.status_code == 200 and 'id="confirm-import"' in own.text


def test_logout_needs_the_token_and_ends_the_session(agency: TestClient) -> None:
    login(agency, "ayu")
    page = agency.get("/")
    assert agency.post("/logout", data={}).status_code == 403
    assert agency.get("/").status_code == 200
    out = agency.post("/logout", data={"csrf_token": token_of(page.text)})
    assert out.status_code == 303
    assert agency.get("/").status_code == 303


def test_sessions_expire(
    cohort_workspace: Path, users_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    settings = WebSettings(workspace=cohort_workspace, users_file=users_file, session_seconds=60)
    with client_for(settings) as client:
        login(client, "ayu")
        assert client.get("/").status_code == 200
        later = time.time() + 120
        monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
        assert client.get("/").status_code == 303


def test_a_session_cookie_is_worthless_in_another_browser(agency: TestClient) -> None:
    login(agency, "ayu")
    stolen = agency.cookies.get("siaran_session")
    assert stolen
    other = TestClient(agency.app, base_url=BASE_URL, follow_redirects=False)
    other.get("/login")  # its own client id
    other.cookies.set("siaran_session", stolen)
    assert other.get("/").status_code == 303
