"""Uploads cannot exhaust the server: every temporary file is closed and removed on every path,
a file is checked in a worker process with a memory and a time limit, and other people's pages
answer while a check runs."""

from __future__ import annotations

import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from benchmarks.web_bench import hostile_workbook
from fastapi.testclient import TestClient

from siaran.web import WebSettings, create_app
from siaran.web.settings import PreviewLimits
from siaran.web.uploads import STAGED_PER_CLIENT
from tests.web.conftest import client_for
from tests.web.server import serving
from tests.web.test_import_page import XLSX, new_export, token_of, upload

MB = 1024 * 1024
WAIT_SECONDS = 60.0
TEMP_PREFIXES = ("siaran-preview-", "siaran-upload-")


@pytest.fixture(autouse=True)
def private_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary files of this test's server in a folder of its own (other test runs on the
    machine use the shared one)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def open_descriptors() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


def leftover_files(client: TestClient) -> int:
    """Files under the staging folder, and scratch or upload files in the temporary folder."""
    staging = client.app.state.web.staging.root  # type: ignore[attr-defined]
    staged = sum(1 for path in staging.rglob("*") if path.is_file())
    temporary = Path(tempfile.gettempdir())
    scratch = sum(1 for path in temporary.iterdir() if path.name.startswith(TEMP_PREFIXES))
    return staged + scratch


def broken_workbook(size: int) -> bytes:
    """The start of a zip and then noise: over a megabyte, so the form spools it to disk."""
    return b"PK\x03\x04" + os.urandom(size)


def memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(field)


def wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited too long for {what}")
        time.sleep(0.005)


def test_rejected_uploads_leave_no_descriptor_or_file_behind(cohort_workspace: Path) -> None:
    settings = WebSettings(workspace=cohort_workspace, upload_limit_bytes=4 * MB)
    with client_for(settings) as client:
        token = token_of(client.get("/import").text)
        # The first check starts the worker's server process (two pipes, kept for good).
        assert upload(client, "a.xlsx", broken_workbook(1000)).status_code == 422
        before = (open_descriptors(), leftover_files(client))
        answers = []
        for number in range(7):  # refused by the check, in a worker
            spooled = broken_workbook(int(1.2 * MB) + number)
            answers.append(upload(client, f"rusak-{number}.xlsx", spooled, account="toko.baru"))
        for number in range(31):  # refused before any check: token, size, no file
            spooled = broken_workbook(int(1.2 * MB) + number)
            answers.append(upload(client, f"palsu-{number}.xlsx", spooled, token="0" * 64))
            answers.append(upload(client, f"besar-{number}.xlsx", broken_workbook(5 * MB)))
            answers.append(
                client.post("/import", data={"csrf_token": token}, files={"file": ("", b"", XLSX)})
            )
        codes = sorted({answer.status_code for answer in answers})
        assert codes == [400, 403, 413, 422]
        assert len(answers) == 100
        assert (open_descriptors(), leftover_files(client)) == before


def test_other_pages_answer_while_an_upload_is_checked(
    cohort_workspace: Path, tmp_path: Path
) -> None:
    export = tmp_path / "Creator-Live-Performance_20260917210000.xlsx"
    export.write_bytes(new_export(tmp_path))
    settings = WebSettings(workspace=cohort_workspace, preview=PreviewLimits(workers=1))
    app = create_app(settings)
    web = app.state.web
    with serving(app) as base, httpx.Client(base_url=base, timeout=WAIT_SECONDS) as browser:
        token = token_of(browser.get("/import").text)
        form = {"csrf_token": token, "account": "toko.baru"}
        answers: list[httpx.Response] = []

        def send(name: str) -> None:
            with export.open("rb") as handle:
                files = {"file": (name, handle, XLSX)}
                answers.append(browser.post("/import", data=form, files=files))

        first = threading.Thread(target=send, args=(export.name,))
        first.start()
        wait_for(web.previews.running, "the check to start")
        (worker,) = web.previews.running()
        os.kill(worker, signal.SIGSTOP)  # the check holds its worker until we let it go
        try:
            overview = browser.get("/")
            assert overview.status_code == 200
            assert len(re.findall(r'data-account="', overview.text)) == 5
            assert browser.get("/accounts/kopi.senja").status_code == 200
            assert web.previews.running() == [worker]  # still checking
            send("another.xlsx")  # the only worker is busy: answered at once
            (busy,) = answers
            assert busy.status_code == 503 and "memeriksa berkas lain" in busy.text
            assert int(busy.headers["Retry-After"]) > 0
        finally:
            os.kill(worker, signal.SIGCONT)
        first.join(WAIT_SECONDS)
    assert answers[-1].status_code == 200 and 'id="confirm-import"' in answers[-1].text


@contextmanager
def peak_memory_reset() -> Iterator[None]:
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from now
    yield


def test_a_workbook_claiming_millions_of_rows_does_not_grow_the_server(
    cohort_workspace: Path,
) -> None:
    hostile = hostile_workbook()
    assert len(hostile) < 2000
    limits = PreviewLimits(memory_bytes=640 * MB, seconds=120)
    settings = WebSettings(workspace=cohort_workspace, preview=limits)
    with client_for(settings) as client:
        client.get("/")
        before = memory_kb("VmRSS")
        with peak_memory_reset():
            page = upload(client, "Creator-Live-Performance_x.xlsx", hostile, account="toko.baru")
            peak = memory_kb("VmHWM")
        assert page.status_code == 422
        assert peak - before < 150 * 1024  # the server grew by less than 150 MB
        assert leftover_files(client) == 0
        assert client.app.state.web.previews.running() == []  # type: ignore[attr-defined]


def test_a_check_that_takes_too_long_is_stopped(cohort_workspace: Path, tmp_path: Path) -> None:
    settings = WebSettings(workspace=cohort_workspace, preview=PreviewLimits(seconds=1.0))
    app = create_app(settings)
    web = app.state.web
    with serving(app) as base, httpx.Client(base_url=base, timeout=WAIT_SECONDS) as browser:
        token = token_of(browser.get("/import?lang=en").text)
        answers: list[httpx.Response] = []
        files = {"file": ("a.xlsx", new_export(tmp_path), XLSX)}
        form = {"csrf_token": token, "account": "toko.baru"}
        sender = threading.Thread(
            target=lambda: answers.append(browser.post("/import", data=form, files=files))
        )
        sender.start()
        wait_for(web.previews.running, "the check to start")
        (worker,) = web.previews.running()
        os.kill(worker, signal.SIGSTOP)
        sender.join(WAIT_SECONDS)
        (page,) = answers
        assert page.status_code == 422 and "could not be checked within 1s" in page.text
        assert web.previews.running() == []
        with pytest.raises(ProcessLookupError):
            os.kill(worker, 0)  # killed, and reaped
        assert list(web.staging.root.iterdir()) == []


def test_only_a_checked_upload_can_be_imported(client: TestClient, tmp_path: Path) -> None:
    web = client.app.state.web  # type: ignore[attr-defined]
    form = client.get("/import").text
    client_id = client.cookies["siaran_client"]
    with (tmp_path / "a.xlsx").open("wb+") as handle:
        handle.write(new_export(tmp_path))
        handle.seek(0)
        staged = web.staging.stage(
            handle, "a.xlsx", account="toko.baru", currency=None, client_id=client_id
        )
    page = client.post(
        "/import/confirm", data={"csrf_token": token_of(form), "token": staged.token}
    )
    assert page.status_code == 410


def test_a_browser_keeps_only_its_latest_uploads(client: TestClient, tmp_path: Path) -> None:
    staging = client.app.state.web.staging  # type: ignore[attr-defined]
    path = tmp_path / "a.xlsx"
    path.write_bytes(new_export(tmp_path))
    for browser in ("satu", "dua"):
        for _ in range(STAGED_PER_CLIENT + 2):
            with path.open("rb") as handle:
                staging.stage(handle, "a.xlsx", account=None, currency=None, client_id=browser)
    assert len(list(staging.root.iterdir())) == 2 * STAGED_PER_CLIENT
