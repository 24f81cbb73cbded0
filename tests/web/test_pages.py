"""The pages, in process: language, number format, unknown values, glossary links, the account
and session pages, partial updates and error pages."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import siaran.report
from siaran.formatting import format_money
from siaran.web import WebSettings, create_app
from siaran.workspace import Workspace
from tests.web.conftest import BASE_URL, client_for


def cell(html: str, account: str, kpi: str) -> str:
    """The inner HTML of ``account``'s ``kpi`` cell in the accounts table."""
    row = re.search(rf'<tr data-account="{re.escape(account)}">(.*?)</tr>', html, re.S)
    assert row is not None, account
    found = re.search(rf'<td class="num" data-kpi="{kpi}">(.*?)</td>', row.group(1), re.S)
    assert found is not None, kpi
    return found.group(1)


def test_overview_is_indonesian_by_default_with_indonesian_numbers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="id">' in page.text
    assert "Ringkasan kohort" in page.text
    # 2,64 jt: a decimal comma and the Indonesian "jt" for millions, as the report writes it.
    shown = unescape(cell(page.text, "kopi.senja", "gmv_mean_per_session"))
    assert shown == "Rp2,6 jt" == format_money(2_640_000, "id")
    assert unescape(cell(page.text, "kacamata.jelas", "gmv_mean_per_session")) == "Rp38.500"
    # The verdict of compare_accounts, in Indonesian.
    assert 'id="verdict"' in page.text
    assert "more_lives" not in page.text.split('id="verdict"')[1][:200]


def test_language_switch_is_remembered(client: TestClient) -> None:
    english = client.get("/?lang=en")
    assert '<html lang="en">' in english.text and "Cohort overview" in english.text
    assert english.cookies.get("siaran_lang") == "en"
    assert unescape(cell(english.text, "kopi.senja", "gmv_mean_per_session")) == "Rp2.6M"
    again = client.get("/glossary")
    assert '<html lang="en">' in again.text
    back = client.get("/?lang=id")
    assert '<html lang="id">' in back.text


def test_unknown_figures_are_a_dash_with_a_reason_never_zero(client: TestClient) -> None:
    page = client.get("/")
    shown = cell(page.text, "tanaman.hias", "gmv_mean_per_session")
    assert "—" in shown and 'class="unknown"' in shown
    reason = re.search(r'title="([^"]+)"', shown)
    assert reason is not None and "GMV" in unescape(reason.group(1))
    assert ">0<" not in shown and "Rp0" not in shown
    # The GMV total is not added up while an account's GMV is unknown.
    tiles = page.text.split('id="tiles"')[1].split("</dl>")[0]
    assert 'class="unknown"' in tiles


def test_every_kpi_is_one_click_from_its_glossary_entry(client: TestClient) -> None:
    glossary = client.get("/glossary").text
    anchors = set(re.findall(r'id="kpi-([a-z0-9_]+)"', glossary))
    pages = [client.get("/").text, client.get("/accounts/kopi.senja").text]
    live = re.findall(r'href="(/accounts/kopi.senja/lives/[^"]+)"', pages[1])
    pages.append(client.get(live[0]).text)
    for html in pages:
        linked = set(re.findall(r'href="/glossary#kpi-([a-z0-9_]+)"', html))
        assert linked, "a page without glossary links"
        assert linked <= anchors


def test_table_filter_answers_htmx_with_the_table_only(client: TestClient) -> None:
    part = client.get("/?q=kopi", headers={"HX-Request": "true", "HX-Target": "accounts-table"})
    assert part.status_code == 200
    assert "<html" not in part.text and 'id="accounts-table"' in part.text
    assert 'data-account="kopi.senja"' in part.text
    assert 'data-account="batik.sekar"' not in part.text
    ordered = client.get("/?sort=account", headers={"HX-Target": "accounts-table"}).text
    names = re.findall(r'data-account="([^"]+)"', ordered)
    assert names == sorted(names)


def test_overview_chart_is_served_offline(client: TestClient) -> None:
    page = client.get("/").text
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert all(src.startswith("/static/") for src in scripts)
    assert not re.search(r"https?://", " ".join(re.findall(r'(?:src|href)="([^"]+)"', page)))
    for src in scripts:
        asset = client.get(src)
        assert asset.status_code == 200 and len(asset.content) > 100
        assert "immutable" in asset.headers["cache-control"]
    plotly = client.get("/static/plotly.min.js", headers={"Accept-Encoding": "gzip"})
    assert plotly.status_code == 200 and b"Plotly" in plotly.content[:2000]
    spec = re.search(
        r'<script type="application/json" id="chart-scatter-data">(.*?)</script>', page
    )
    assert spec is not None and '"separators": ",."' in spec.group(1)


def test_account_page(client: TestClient) -> None:
    page = client.get("/accounts/batik.sekar")
    assert page.status_code == 200
    assert "chart-trends-data" in page.text and "chart-heatmap-data" in page.text
    assert len(re.findall(r'href="/accounts/batik.sekar/lives/', page.text)) == 12


@pytest.mark.parametrize(
    "url", ["/accounts/nobody", "/accounts/kopi.senja/lives/123", "/no/such/page"]
)
def test_unknown_pages_are_404_in_the_readers_language(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 404
    assert "Halaman ini tidak ada" in page.text


def test_session_page_sets_our_kpis_beside_the_platforms(client: TestClient) -> None:
    account = client.get("/accounts/kopi.senja").text
    first = re.findall(r'href="(/accounts/kopi.senja/lives/[^"]+)"', account)[0]
    page = client.get(first + "?lang=en")
    assert page.status_code == 200
    table = page.text.split('class="compare"')[1].split("</table>")[0]
    # The export carries Watch GPM; ours agrees with it.
    watch = re.search(r'kpi-watch_gpm".*?</tr>', table, re.S)
    assert watch is not None and "same" in watch.group(0)
    assert "no captured events" in page.text
    assert "no talk scorecard" in page.text


def test_session_page_shows_timeline_and_scorecard_from_the_demo(demo_client: TestClient) -> None:
    from siaran.events import session_measures
    from siaran.store.engine import engine_context
    from siaran.talk.storage import list_scorecards

    web = demo_client.app.state.web  # type: ignore[attr-defined]
    with web.access.use() as ws:
        room = str(list_scorecards(ws)[0]["room_id"])
        found = ws.con.execute("SELECT account FROM sessions WHERE room_id = ?", [room]).fetchone()
        captured = session_measures(engine_context(ws), ws)[0]
    scored = demo_client.get(f"/accounts/{found[0]}/lives/{room}?lang=en")
    assert scored.status_code == 200
    assert 'class="checks"' in scored.text and "no talk scorecard" not in scored.text
    timed = demo_client.get(f"/accounts/{captured['account']}/lives/{captured['room_id']}")
    assert timed.status_code == 200
    assert "chart-timeline-data" in timed.text
    assert 'href="/glossary#kpi-peak_concurrency"' in timed.text


def test_server_errors_never_show_a_traceback(
    cohort_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import siaran.web.pages.overview as overview

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(overview, "compare_cohort", broken)
    app = create_app(WebSettings(workspace=cohort_workspace))
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        page = client.get("/")
    assert page.status_code == 500
    assert "Traceback" not in page.text and "secret internal detail" not in page.text
    assert "Terjadi kesalahan di server" in page.text


def test_bad_query_values_give_a_page_not_a_stack(client: TestClient) -> None:
    for url in ("/?days=abc", "/?days=0", "/?end=2026-13-40"):
        page = client.get(url)
        assert page.status_code == 400
        assert "<html" in page.text and "Traceback" not in page.text


def test_empty_workspace_points_to_the_import_page(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    Workspace.create(folder).close()
    with client_for(WebSettings(workspace=folder)) as empty:
        page = empty.get("/")
    assert page.status_code == 200
    assert 'href="/import"' in page.text and "Belum ada sesi live" in page.text


def test_the_overview_never_pools_gmv_bases_and_says_what_it_compared(
    demo_client: TestClient,
) -> None:
    # The demo mixes four GMV bases: TikTok attributed and revenue, Shopee placed, IG paid.
    page = unescape(demo_client.get("/?lang=en").text)
    verdict = page.split('id="verdict-h"')[1].split("</section>")[0]
    assert "GMV bases in this window: attributed (8 accounts, 8 compared)" in verdict
    assert "Left out of the comparison: busana.naura (another GMV basis)" in verdict
    assert "p = " in verdict and "Rules: a verdict needs at least 5 accounts" in verdict
    tiles = page.split('id="tiles"')[1].split("</dl>")[0]
    for basis in ("attributed", "revenue", "placed", "paid"):
        assert f"<small>({basis})</small>" in tiles


def test_money_columns_sort_within_their_currency() -> None:
    from siaran.web.pages.overview import sorted_rows

    rows = [
        {"account": "a", "currency": "IDR", "gmv_total": 10.0, "sessions": 9},
        {"account": "b", "currency": "MYR", "gmv_total": 500.0, "sessions": 1},
        {"account": "c", "currency": "IDR", "gmv_total": 90.0, "sessions": 5},
    ]
    assert [r["account"] for r in sorted_rows(rows, "gmv_total")] == ["c", "a", "b"]
    assert [r["account"] for r in sorted_rows(rows, "sessions")] == ["a", "c", "b"]


def test_the_page_and_the_report_draw_figures_with_the_same_partials(
    client: TestClient, cohort_workspace: Path
) -> None:
    """The overview's headline tiles, quadrant badges and verdict figures come from the
    report's partials (templates/partials), so the two cannot drift apart."""
    from siaran.report import ReportOptions, render_report
    from siaran.web.rendering import make_environment

    env = make_environment()
    assert env.get_template("partials/tiles.html").filename == str(
        Path(siaran.report.__file__).parent / "templates" / "partials" / "tiles.html"
    )
    page = client.get("/?lang=en").text
    with Workspace.open(cohort_workspace) as ws:
        report = render_report(ws, ReportOptions(lang="en"))
    for document in (page, report):
        badge = re.search(r'<span class="q q-[a-z_]+"><svg class="mark".*?</span>', document)
        assert badge is not None
        assert re.search(
            r'<dl class="tiles"[^>]*><div class="tile"><dt>Accounts</dt><dd>', document
        )
        assert re.search(r'<p class="stats">[^<]*ρ', document)
    page_badges = set(re.findall(r'<span class="q q-[a-z_]+">.*?</span>', page))
    report_badges = set(re.findall(r'<span class="q q-[a-z_]+">.*?</span>', report))
    assert page_badges and page_badges <= report_badges
