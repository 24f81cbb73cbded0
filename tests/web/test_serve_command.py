"""``siaran serve`` itself: a real server process, the loopback rule, password hashes."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from siaran.cli.app import main
from siaran.web.security.passwords import verify_password
from tests.web.server import running_server


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def test_serve_answers_on_loopback(cohort_workspace: Path) -> None:
    with running_server(cohort_workspace) as base:
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(base + "/", timeout=30) as answer:
            page = answer.read().decode("utf-8")
            assert answer.status == 200
            assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert 'data-account="kopi.senja"' in page and '<html lang="id">' in page


def test_network_address_needs_users(
    cohort_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        ["--lang", "en", "serve", "-w", str(cohort_workspace), "--host", "0.0.0.0"], capsys
    )
    assert code == 2
    assert "--users" in err


def test_missing_workspace_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["--lang", "en", "serve", "-w", str(tmp_path / "nowhere")], capsys)
    assert code == 1 and "nowhere" in err and "Traceback" not in err


def test_hash_password(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["kata-sandi-panjang", "kata-sandi-panjang"])
    monkeypatch.setattr("typer.prompt", lambda *a, **k: next(answers))
    code, out, _ = _run(["serve", "--hash-password"], capsys)
    assert code == 0
    assert verify_password("kata-sandi-panjang", out.strip())
    short = iter(["pendek"])
    monkeypatch.setattr("typer.prompt", lambda *a, **k: next(short))
    code, _, err = _run(["--lang", "en", "serve", "--hash-password"], capsys)
    assert code == 2 and "10 characters" in err
