"""The import page: preview first, confirm second; a broken or wrong file shows the
importer's message in the reader's language and changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi.testclient import TestClient

from siaran.ingest.layouts.seller_center import write_seller_center_live
from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance
from siaran.web import WebSettings
from tests.web.conftest import BASE_URL, client_for
from tests.web.exports import creator_rows, write_creator_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def token_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert found is not None
    return found.group(1)


def state_of(client: TestClient) -> tuple[object, ...]:
    """Everything an import could change: sessions, imports, archived files."""
    web = client.app.state.web  # type: ignore[attr-defined]
    with web.access.use() as ws:
        sessions = ws.con.execute("SELECT count(*), sum(gmv) FROM sessions").fetchone()
        imports = ws.con.execute("SELECT count(*) FROM imports").fetchone()
        raw = sorted(p.name for p in ws.raw_dir.iterdir())
    return sessions, imports, raw


def upload(
    client: TestClient,
    name: str,
    data: bytes,
    *,
    account: str = "",
    lang: str = "id",
    token: str | None = None,
) -> httpx.Response:
    form = client.get(f"/import?lang={lang}")
    response: httpx.Response = client.post(
        "/import",
        data={
            "csrf_token": token if token is not None else token_of(form.text),
            "account": account,
        },
        files={"file": (name, data, XLSX)},
    )
    return response


def new_export(tmp_path: Path, account_number: int = 9, sessions: int = 5) -> bytes:
    path = tmp_path / "Creator-Live-Performance_20260917210000.xlsx"
    write_creator_export(path, creator_rows(account_number, sessions, gmv_per_session=800_000.0))
    return path.read_bytes()


def test_preview_then_confirm_adds_the_account(client: TestClient, tmp_path: Path) -> None:
    before = state_of(client)
    preview = upload(
        client, "Creator-Live-Performance_x.xlsx", new_export(tmp_path), account="@toko.baru"
    )
    assert preview.status_code == 200
    html = preview.text
    assert "tiktok_creator_live" in html and "toko.baru" in html
    assert 'id="confirm-import"' in html
    assert state_of(client) == before, "the preview changed the workspace"
    assert 'data-account="toko.baru"' not in client.get("/").text

    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None
    done = client.post(
        "/import/confirm", data={"csrf_token": token_of(html), "token": token.group(1)}
    )
    assert done.status_code == 200 and 'id="import-done"' in done.text
    # The summary names the file as it was uploaded, never the staging folder.
    assert "Creator-Live-Performance_x.xlsx" in done.text
    assert "siaran-uploads" not in done.text
    overview = client.get("/").text
    assert 'data-account="toko.baru"' in overview
    assert state_of(client) != before
    # The staged file is gone: the same token cannot import twice.
    again = client.post(
        "/import/confirm", data={"csrf_token": token_of(html), "token": token.group(1)}
    )
    assert again.status_code == 410


def test_an_export_imported_before_is_said_so(client: TestClient, tmp_path: Path) -> None:
    data = new_export(tmp_path)
    first = upload(client, "a.xlsx", data, account="toko.baru").text
    token = re.search(r'name="token" value="([^"]+)"', first)
    assert token is not None
    client.post("/import/confirm", data={"csrf_token": token_of(first), "token": token.group(1)})
    second = upload(client, "b.xlsx", data, account="toko.baru", lang="en").text
    assert "imported before (as a.xlsx)" in second


def confirm(client: TestClient, preview: httpx.Response) -> httpx.Response:
    token = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert token is not None
    done: httpx.Response = client.post(
        "/import/confirm", data={"csrf_token": token_of(preview.text), "token": token.group(1)}
    )
    return done


def test_the_same_live_from_another_export_is_said_to_be_matched(
    client: TestClient, tmp_path: Path
) -> None:
    """A Seller Center list row of a live stored from ``Creator-Live-Performance`` is joined
    with it, and the summary says so in the reader's language."""
    start = dt.datetime(2026, 7, 4, 20, 1, 54, tzinfo=ZoneInfo("Asia/Jakarta"))
    live = {"started_at": start, "duration_s": 1140, "gmv": 500_000.0, "views": 900}
    creator = tmp_path / "Creator-Live-Performance_20260705000000.xlsx"
    write_creator_live_performance(
        creator,
        [{**live, "room_id": "7523456789012340001", "ended_at": start + dt.timedelta(minutes=19)}],
        period=(dt.date(2026, 7, 1), dt.date(2026, 7, 31)),
    )
    seller = tmp_path / "Live.xlsx"
    write_seller_center_live(
        seller, [{**live, "account": "toko.kembar", "started_at": start.replace(second=0)}]
    )
    first = upload(client, creator.name, creator.read_bytes(), account="toko.kembar")
    assert 'id="import-done"' in confirm(client, first).text
    sessions = state_of(client)[0]
    second = upload(client, seller.name, seller.read_bytes(), lang="en")
    done = confirm(client, second)
    assert done.status_code == 200 and 'id="import-done"' in done.text
    assert "0 new sessions" in done.text
    assert "1 matched to a live already stored from another export" in done.text
    assert state_of(client)[0] == sessions


def broken_files(tmp_path: Path) -> dict[str, tuple[str, bytes]]:
    good = new_export(tmp_path)
    rows = creator_rows(3, 3, gmv_per_session=10_000.0)
    csv_path = tmp_path / "renamed.csv"
    from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance

    write_creator_live_performance(
        csv_path,
        rows,
        period=(rows[-1]["started_at"].date(), rows[0]["started_at"].date()),
        as_csv=True,
    )
    renamed = csv_path.read_text(encoding="utf-8").replace("Watch GPM", "Watch GPM (new)")
    return {
        "truncated": ("Creator-Live-Performance_1.xlsx", good[: len(good) // 2]),
        "binary": ("Creator-Live-Performance_2.xlsx", bytes(range(256)) * 40),
        "empty": ("Creator-Live-Performance_3.xlsx", b""),
        "renamed_header": ("Creator-Live-Performance_4.csv", renamed.encode("utf-8")),
        "not_an_export": ("notes.csv", b"name,phone\nayu,0812\n"),
    }


@pytest.mark.parametrize(
    "kind", ["truncated", "binary", "empty", "renamed_header", "not_an_export"]
)
def test_a_broken_or_wrong_file_shows_the_message_and_changes_nothing(
    client: TestClient, tmp_path: Path, kind: str
) -> None:
    name, data = broken_files(tmp_path)[kind]
    before = state_of(client)
    for lang in ("id", "en"):
        page = upload(client, name, data, account="toko.baru", lang=lang)
        assert page.status_code == 422, kind
        html = page.text
        assert 'id="import-problems"' in html and "Traceback" not in html
        assert f'<html lang="{lang}">' in html
        message = re.search(r'<p class="error">(.*?)</p>', html, re.S)
        assert message is not None and message.group(1).strip()
        assert "siaran-uploads" not in html  # named as uploaded, not by its staging path
        assert ("Tidak ada yang berubah" if lang == "id" else "Nothing changed") in html
    if kind == "renamed_header":
        assert "Watch GPM (new)" in unescape(html)
    assert state_of(client) == before
    staging = client.app.state.web.staging.root  # type: ignore[attr-defined]
    assert list(staging.iterdir()) == []


def test_every_problem_row_is_listed(client: TestClient, tmp_path: Path) -> None:
    rows = creator_rows(4, 30, gmv_per_session=50_000.0)
    path = tmp_path / "Creator-Live-Performance_bad.csv"
    from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance

    write_creator_live_performance(
        path,
        rows,
        period=(rows[-1]["started_at"].date(), rows[0]["started_at"].date()),
        as_csv=True,
    )
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    column = table[2].index("Views")
    for line in table[3:]:
        line[column] = "banyak"  # not a number: one problem per row
    out = io.StringIO()
    csv.writer(out).writerows(table)
    before = state_of(client)
    page = upload(client, path.name, out.getvalue().encode(), account="toko.baru", lang="en")
    assert page.status_code == 422
    problems = re.findall(
        r"<li>(.*?)</li>", page.text.split('class="problem-list"')[1].split("</ol>")[0]
    )
    assert len(problems) == 30  # all of them, not the CLI's first twenty
    assert all("Views" in unescape(p) for p in problems)
    assert "row 4" in unescape(problems[0])
    assert state_of(client) == before


def test_an_export_without_account_asks_for_one(client: TestClient, tmp_path: Path) -> None:
    page = upload(client, "Creator-Live-Performance_z.xlsx", new_export(tmp_path), lang="en")
    assert page.status_code == 422
    html = unescape(page.text)
    assert "Creator-Live-Performance_z.xlsx does not name its account" in html
    assert "siaran-uploads" not in html  # the staging folder is never shown


def test_forms_without_the_csrf_token_are_refused(client: TestClient, tmp_path: Path) -> None:
    before = state_of(client)
    for token in ("", "0" * 64):
        page = upload(client, "a.xlsx", new_export(tmp_path), account="toko.baru", token=token)
        assert page.status_code == 403
    assert state_of(client) == before
    staging = client.app.state.web.staging.root  # type: ignore[attr-defined]
    assert list(staging.iterdir()) == []


def test_a_preview_belongs_to_the_browser_that_made_it(client: TestClient, tmp_path: Path) -> None:
    html = upload(client, "a.xlsx", new_export(tmp_path), account="toko.baru").text
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token is not None
    stranger = TestClient(client.app, base_url=BASE_URL)
    stranger_form = stranger.get("/import").text
    page = stranger.post(
        "/import/confirm", data={"csrf_token": token_of(stranger_form), "token": token.group(1)}
    )
    assert page.status_code == 410


def test_uploads_over_the_limit_are_refused(cohort_workspace: Path) -> None:
    settings = WebSettings(workspace=cohort_workspace, upload_limit_bytes=10_000)
    with client_for(settings) as small:
        page = upload(small, "big.xlsx", b"x" * 50_000, account="toko.baru")
        assert page.status_code == 413
        assert "terlalu besar" in page.text
        staging = small.app.state.web.staging.root  # type: ignore[attr-defined]
        assert list(staging.iterdir()) == []
