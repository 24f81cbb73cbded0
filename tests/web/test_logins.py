"""Logins that hold: guesses are counted before the password is checked, a guesser cannot keep
the real person out, and logging out ends the session on the server."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from siaran.web import WebSettings, create_app
from siaran.web.security.throttle import BUDGETS, LoginThrottle, wait_after
from tests.web.conftest import BASE_URL, client_for
from tests.web.server import serving
from tests.web.test_agency import login, write_users
from tests.web.test_import_page import token_of

BURST = 40


@pytest.fixture(scope="module")
def users_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_users(tmp_path_factory.mktemp("users") / "users.yaml")


@pytest.fixture
def settings(cohort_workspace: Path, users_file: Path) -> WebSettings:
    return WebSettings(workspace=cohort_workspace, users_file=users_file, secret=b"s" * 32)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the app checks (the scrypt verify), in order."""
    import siaran.web.pages.login as login_page

    seen: list[str] = []
    from siaran.web.security.passwords import verify_password as real

    def counted(password: str, stored: str) -> bool:
        seen.append(password)
        return real(password, stored)

    monkeypatch.setattr(login_page, "verify_password", counted)
    return seen


def guess(base: str, name: str, password: str) -> int:
    """One login attempt from a fresh browser (its own client id)."""
    with httpx.Client(base_url=base, timeout=120) as browser:
        return guess_from(browser, token_of(browser.get("/login").text), name, password)


def guess_from(browser: httpx.Client, token: str, name: str, password: str) -> int:
    form = {"csrf_token": token, "name": name, "password": password, "next": "/"}
    return browser.post("/login", data=form).status_code


def test_forty_guesses_at_once_get_no_more_checks_than_allowed(
    settings: WebSettings, checks: list[str]
) -> None:
    with serving(create_app(settings)) as base:
        wrong = [f"salah-{n}" for n in range(BURST)]
        with httpx.Client(base_url=base, timeout=120) as browser:
            token = token_of(browser.get("/login").text)
            with ThreadPoolExecutor(BURST) as pool:
                codes = list(pool.map(lambda p: guess_from(browser, token, "ayu", p), wrong))
        assert 0 < len(checks) <= BUDGETS["client"].free
        assert codes.count(401) == len(checks) and codes.count(429) == BURST - len(checks)
        # The same burst from forty browsers (forty client ids) against another name.
        checks.clear()
        with ThreadPoolExecutor(BURST) as pool:
            codes = list(pool.map(lambda p: guess(base, "budi", p), wrong))
        assert 0 < len(checks) <= BUDGETS["name"].free
        assert set(codes) == {401, 429}


@pytest.fixture
def app_client(settings: WebSettings) -> Iterator[TestClient]:
    with client_for(settings) as client:
        yield client


def test_a_copied_session_cookie_stops_working_at_logout(app_client: TestClient) -> None:
    assert login(app_client, "ayu").status_code == 303  # type: ignore[attr-defined]
    page = app_client.get("/")
    assert page.status_code == 200
    copy = TestClient(app_client.app, base_url=BASE_URL, follow_redirects=False)
    for name in ("siaran_client", "siaran_session"):
        copy.cookies.set(name, app_client.cookies[name])
    assert copy.get("/").status_code == 200
    assert app_client.post("/logout", data={"csrf_token": token_of(page.text)}).status_code == 303
    assert copy.get("/").status_code == 303
    assert copy.get("/accounts/kopi.senja").status_code == 303


def test_a_restart_ends_every_session(settings: WebSettings) -> None:
    with client_for(settings) as first:
        login(first, "ayu")
        cookies = {name: first.cookies[name] for name in ("siaran_client", "siaran_session")}
    with client_for(settings) as restarted:  # the same secret, a new server
        for name, value in cookies.items():
            restarted.cookies.set(name, value)
        assert restarted.get("/").status_code == 303


def test_a_guesser_cannot_keep_the_real_person_out(app_client: TestClient) -> None:
    owner = app_client
    # The clock stands still: the waits are about counts, not about how fast this machine is.
    web = owner.app.state.web  # type: ignore[attr-defined]
    web.logins = LoginThrottle(clock=lambda: 1_000.0)
    assert login(owner, "sari").status_code == 303  # type: ignore[attr-defined]
    owner.post("/logout", data={"csrf_token": token_of(owner.get("/").text)})
    codes = []
    for number in range(BURST):  # a new browser for every guess, from the same address
        guesser = TestClient(owner.app, base_url=BASE_URL, follow_redirects=False)
        codes.append(login(guesser, "sari", f"salah-{number}").status_code)  # type: ignore[attr-defined]
    assert codes.count(401) == BUDGETS["name"].free and codes.count(429) == BURST - 5
    stranger = TestClient(owner.app, base_url=BASE_URL, follow_redirects=False)
    waiting = login(stranger, "sari")  # the right password, but from a browser never used
    assert waiting.status_code == 429  # type: ignore[attr-defined]
    assert "peramban tempat Anda pernah masuk" in waiting.text  # type: ignore[attr-defined]
    assert login(owner, "sari").status_code == 303  # type: ignore[attr-defined]
    assert owner.get("/accounts/batik.sekar").status_code == 200


def test_a_device_cookie_is_only_trusted_when_signed(app_client: TestClient) -> None:
    web = app_client.app.state.web  # type: ignore[attr-defined]
    assert web.tokens.device_names(web.tokens.device_cookie("sari", ["ayu"])) == ("sari", "ayu")
    assert web.tokens.device_names('{"names": ["sari"]}') == ()
    other = create_app(WebSettings(workspace=web.settings.workspace, secret=b"x" * 32))
    assert other.state.web.tokens.device_names(web.tokens.device_cookie("sari")) == ()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def fail(
    guard: LoginThrottle, *, name: str = "ayu", client: str = "c1", known: bool = False
) -> int:
    """One wrong password if allowed; the wait otherwise."""
    attempt = guard.reserve(name=name, client_id=client, address="10.0.0.1", known_device=known)
    if attempt.allowed:
        guard.settle(attempt, succeeded=False)
        return 0
    return attempt.wait_seconds


def test_waits_double_after_the_free_failures_up_to_a_ceiling(clock: Clock) -> None:
    budget = BUDGETS["client"]
    assert [wait_after(budget.free + k, budget) for k in range(4)] == [1.0, 2.0, 4.0, 8.0]
    assert wait_after(budget.free + 40, budget) == budget.longest_wait
    guard = LoginThrottle(clock=clock)
    assert [fail(guard) for _ in range(budget.free)] == [0] * budget.free
    assert fail(guard) == 1  # must wait a second
    clock.now += 1
    assert fail(guard) == 0  # allowed after the wait, and failed: now two seconds
    assert fail(guard) == 2
    clock.now += budget.forget_after + 1
    assert fail(guard) == 0  # forgotten after a quiet hour


def test_reservations_count_before_their_verdict(clock: Clock) -> None:
    guard = LoginThrottle(clock=clock)
    held = [
        guard.reserve(name="ayu", client_id="c1", address="a", known_device=False) for _ in range(8)
    ]
    assert [attempt.allowed for attempt in held] == [True] * 5 + [False] * 3
    for attempt in held:
        guard.settle(attempt, succeeded=True)
    assert guard.reserve(name="ayu", client_id="c1", address="a", known_device=False).allowed


def test_a_known_browser_is_held_only_by_its_own_failures(clock: Clock) -> None:
    guard = LoginThrottle(clock=clock)
    for number in range(30):  # someone guessing from many browsers
        fail(guard, client=f"guesser-{number}")
    assert fail(guard, client="stranger") > 0
    assert fail(guard, client="owner", known=True) == 0
