"""Only the names the server answers for: a page reached through a foreign name (DNS
rebinding) gets a refusal and nothing else."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from siaran.web import WebSettings, create_app
from siaran.web.security.hosts import AllowedHosts, normal_host
from tests.web.server import running_server, serving
from tests.web.test_import_page import XLSX, new_export


def test_a_foreign_host_gets_a_refusal_and_nothing_else(client: TestClient, tmp_path: Path) -> None:
    token_page = client.get("/import")
    token = token_page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    before = list(client.app.state.web.staging.root.iterdir())  # type: ignore[attr-defined]
    foreign = TestClient(client.app, base_url="http://evil.example:8765", follow_redirects=False)
    foreign.cookies.update(client.cookies)  # the browser sends siaran's cookies along
    for answer in (
        foreign.get("/"),
        foreign.get("/accounts/kopi.senja"),
        foreign.get("/import"),
        foreign.post(
            "/import",
            data={"csrf_token": token, "account": "toko.baru"},
            files={"file": ("a.xlsx", new_export(tmp_path), XLSX)},
        ),
    ):
        assert answer.status_code == 421
        assert answer.headers["content-type"].startswith("text/plain")
        assert "set-cookie" not in answer.headers
        assert "evil.example" in answer.text and "csrf" not in answer.text
        assert "kopi.senja" not in answer.text
    assert list(client.app.state.web.staging.root.iterdir()) == before  # type: ignore[attr-defined]


def test_loopback_names_with_a_port_are_answered(cohort_workspace: Path) -> None:
    with serving(create_app(WebSettings(workspace=cohort_workspace))) as base:
        port = base.rsplit(":", 1)[1]
        for host, status in (
            (f"127.0.0.1:{port}", 200),
            (f"localhost:{port}", 200),
            ("LOCALHOST.", 200),
            (f"[::1]:{port}", 200),
            (f"evil.example:{port}", 421),
            ("evil.example", 421),
            (f"127.0.0.1.evil.example:{port}", 421),
            ("192.168.1.10", 421),  # an address this server is not bound to
        ):
            answer = httpx.get(base + "/glossary", headers={"Host": host})
            assert answer.status_code == status, host


def test_a_request_without_a_host_is_refused(cohort_workspace: Path) -> None:
    with serving(create_app(WebSettings(workspace=cohort_workspace))) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            raw.sendall(b"GET /glossary HTTP/1.0\r\n\r\n")
            answer = raw.recv(200)
        assert answer.startswith(b"HTTP/1.1 421")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("LocalHost:8765", "localhost"),
        ("localhost.", "localhost"),
        ("[::1]:8765", "::1"),
        ("::1", "::1"),
        ("siaran.example.org:443", "siaran.example.org"),
    ],
)
def test_host_names_are_compared_without_port_case_or_final_dot(header: str, expected: str) -> None:
    assert normal_host(header) == expected


def test_the_defaults_follow_the_bound_address() -> None:
    loopback = AllowedHosts.for_bind("127.0.0.1")
    assert loopback.allows("localhost:8765") and loopback.allows("[::1]")
    assert not loopback.allows(socket.gethostname()) or socket.gethostname() == "localhost"
    assert not loopback.allows("10.0.0.7") and not loopback.allows(None)
    everywhere = AllowedHosts.for_bind("0.0.0.0", ["siaran.dinas.example"])
    assert everywhere.allows(socket.gethostname()) and everywhere.allows("SIARAN.dinas.example")
    assert everywhere.allows("10.0.0.7:8765")  # any address: an address cannot be rebound
    assert not everywhere.allows("evil.example")
    one = AllowedHosts.for_bind("192.168.1.10")
    assert one.allows("192.168.1.10:8765") and one.allows(socket.gethostname())
    assert not one.allows("10.0.0.7")


def test_serve_answers_for_an_allowed_host(cohort_workspace: Path) -> None:
    with running_server(cohort_workspace, ["--allowed-host", "siaran.dinas.example"]) as base:
        assert httpx.get(base + "/glossary", headers={"Host": "siaran.dinas.example"}).is_success
        assert httpx.get(base + "/glossary", headers={"Host": "evil.example"}).status_code == 421
        assert httpx.get(base + "/glossary").status_code == 200
