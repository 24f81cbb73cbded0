"""The dashboard in a real browser: Playwright driving Debian's chromium against a running
``siaran serve``. Screenshots are saved under ``tests/web/artifacts/`` (kept out of git)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from siaran.experiments import add_experiment
from siaran.workspace import Workspace
from tests.web.casework_data import add_case_study
from tests.web.exports import LAST_DAY, creator_rows, write_creator_export
from tests.web.server import running_server

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(cohort_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    workspace = folder / "ws"
    shutil.copytree(cohort_template, workspace)
    with Workspace.open(workspace) as ws:
        add_case_study(ws, folder / "documents")
        start = LAST_DAY - dt.timedelta(days=14)
        add_experiment(ws, "kopi-uji", accounts=["kopi.senja"], start=start, kpi="gmv")
    with running_server(workspace) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    print(f"\nbrowser screenshots: {ARTIFACTS}")
    profile = tempfile.mkdtemp(prefix="siaran-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
                locale="id-ID",
            )
            # Everything the page needs comes from the app: refuse any other host.
            context.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def tile(page: Any, label: str) -> str:
    text: str = page.locator("#tiles .tile", has_text=label).locator("dd").inner_text()
    return text


def test_overview_upload_and_watch_the_figures_change(
    browser: Any, server: str, tmp_path: Path
) -> None:
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    page.goto(server + "/")
    page.wait_for_selector("#chart-scatter[data-ready='1'] .main-svg")
    assert page.locator("html").get_attribute("lang") == "id"
    assert tile(page, "Akun") == "5"
    assert page.locator("#verdict").inner_text().strip()
    page.screenshot(path=str(ARTIFACTS / "overview-desktop.png"), full_page=True)

    export = write_creator_export(
        tmp_path / "Creator-Live-Performance_20260917220000.xlsx",
        creator_rows(42, 8, gmv_per_session=3_000_000.0),
    )
    page.click("a[href='/import']")
    page.set_input_files("input[name=file]", str(export))
    page.fill("input[name=account]", "toko.baru")
    page.click("#upload-button")
    page.wait_for_selector("#confirm-import")
    assert "tiktok_creator_live" in page.locator("#import-preview").inner_text()
    page.screenshot(path=str(ARTIFACTS / "import-preview.png"), full_page=True)
    page.click("#confirm-import")
    page.wait_for_selector("#import-done")
    page.click("#import-done a.button")
    page.wait_for_selector("#chart-scatter[data-ready='1']")
    assert tile(page, "Akun") == "6"
    assert page.locator("tr[data-account='toko.baru']").count() == 1
    assert outside == []


def test_a_broken_upload_shows_the_message_in_the_readers_language(
    browser: Any, server: str, tmp_path: Path
) -> None:
    page = browser.new_page()
    broken = tmp_path / "Creator-Live-Performance_rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    page.goto(server + "/import?lang=id")
    page.set_input_files("input[name=file]", str(broken))
    page.fill("input[name=account]", "toko.baru")
    page.click("#upload-button")
    page.wait_for_selector("#import-problems")
    shown = page.locator("#import-problems").inner_text()
    assert "Tidak ada yang berubah" in shown and "Traceback" not in shown
    page.screenshot(path=str(ARTIFACTS / "import-broken.png"), full_page=True)


def test_language_switch_filter_and_glossary(browser: Any, server: str) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(server + "/?lang=id")
    page.click("[data-lang-switch]")
    page.wait_for_selector("html[lang='en']")
    page.wait_for_load_state("load")  # htmx is ready
    assert page.locator("h1").inner_text() == "Cohort overview"
    # The search filter swaps only the table (htmx), the language stays.
    page.fill("input[name=q]", "kopi")
    expect(page.locator("tr[data-account]")).to_have_count(1)
    assert page.locator("tr[data-account]").get_attribute("data-account") == "kopi.senja"
    page.click("th a.kpi[href='/glossary#kpi-gmv_mean_per_session']")
    page.wait_for_url(re.compile(r".*/glossary#kpi-gmv_mean_per_session$"))
    assert page.locator("#kpi-gmv_mean_per_session").is_visible()
    page.goto(server + "/?lang=id")


def test_phone_layout_has_no_horizontal_overflow(browser: Any, server: str) -> None:
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    page.goto(server + "/accounts/kopi.senja")
    live = page.locator("a[href*='/lives/']").first.get_attribute("href")
    page.goto(server + "/cases")
    document = page.locator("#documents-table a[href^='/cases/documents/']").first
    document_url = document.get_attribute("href")
    for name, url in (
        ("overview", "/"),
        ("account", "/accounts/kopi.senja"),
        ("advice", "/accounts/kopi.senja/advice"),
        ("experiments", "/experiments"),
        ("experiment", "/experiments/kopi-uji"),
        ("plan", "/accounts/kopi.senja/plan"),
        ("live", live),
        ("import", "/import"),
        ("glossary", "/glossary"),
        ("cases", "/cases"),
        ("document", document_url),
        ("matrices", "/cases/matrices"),
        ("joint", "/cases/joint"),
        ("programme", "/programme"),
    ):
        page.goto(server + str(url))
        page.wait_for_load_state("networkidle")
        if page.locator("[data-chart]").count():
            page.wait_for_selector("[data-chart][data-ready='1']")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
        )
        assert max(widths[:2]) <= widths[2] == PHONE["width"], (name, widths)
        page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)


def test_document_page_highlights_the_coded_excerpts_on_a_phone(browser: Any, server: str) -> None:
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    page.goto(server + "/cases")
    page.click("#documents-table a:text('wawancara-kopi.txt')")
    page.wait_for_selector("#document-text mark.coded")
    # The greeting's highlight is exactly its quote, though an emoji (two UTF-16 units per
    # code point) comes before it in the text.
    greeting = page.locator("#excerpt-list li", has_text="Halo kak").first
    number = str(greeting.get_attribute("data-excerpt"))
    marked = page.evaluate(
        """(id) => Array.from(document.querySelectorAll('#document-text mark.coded'))
            .filter(m => m.dataset.excerpts.split(' ').includes(id))
            .map(m => m.textContent).join('')""",
        number,
    )
    assert marked == "Halo kak, selamat datang di live kami!"
    overlap = page.locator("#document-text mark.coded.overlap", has_text="selamat datang")
    assert overlap.count() == 1
    assert "rgb(" in overlap.evaluate("m => getComputedStyle(m).backgroundColor")
    assert overlap.evaluate("m => getComputedStyle(m).boxShadow").count("inset") == 2
    assert page.locator("#document-text b").count() == 0  # "<b>" in the text stays text
    assert page.locator("#code-legend li").count() == 4
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert max(widths[:2]) <= widths[2] == PHONE["width"], widths
    page.click(f"a[href='#at-excerpt-{number}']")
    page.wait_for_url(re.compile(rf".*#at-excerpt-{number}$"))
    page.screenshot(path=str(ARTIFACTS / "phone-document.png"), full_page=True)
    page.goto(server + "/cases/matrices?lang=en")
    page.locator("#case-matrix details summary").first.click()
    assert page.locator("#case-matrix details[open] blockquote").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "phone-matrices.png"), full_page=True)


def test_advice_is_one_click_from_the_account_page(browser: Any, server: str) -> None:
    page = browser.new_page()
    page.goto(server + "/accounts/kopi.senja?lang=en")
    page.click("text=Diagnosis and advice for this account")
    page.wait_for_url(re.compile(r".*/accounts/kopi\.senja/advice$"))
    areas = page.locator("article.advice-area")
    assert areas.count() == 6
    assert page.locator("[data-area='operations'][data-status='unknown']").count() == 1
    assert page.locator("[data-area='operations'] .missing li").count() == 3
    # Six lives: too few for advice; the page says what to collect instead.
    assert page.locator(".collect li", has_text="Import more lives").count() == 1
    page.screenshot(path=str(ARTIFACTS / "advice.png"), full_page=True)
    page.goto(server + "/?lang=id")


def test_the_crew_form_on_a_phone_records_who_did_what(browser: Any, server: str) -> None:
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    page.goto(server + "/accounts/kopi.senja?lang=en")
    page.locator("a[href^='/accounts/kopi.senja/lives/']").first.click()
    page.wait_for_selector("#crew-h")
    page.click("text=Record the crew")
    page.fill("#crew-host", "Sari")
    page.fill("#crew-interaction_admin", "Dimas")
    page.fill("#crew-other", "kamera:Budi")
    page.click("text=Save crew")
    page.wait_for_selector("text=Crew saved.")
    crew = page.locator("table.crew").inner_text()
    assert "Interaction admin" in crew and "Dimas" in crew and "Other: kamera" in crew
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "crew-phone.png"), full_page=True)


def test_a_large_upload_shows_its_progress(browser: Any, server: str, tmp_path: Path) -> None:
    from tests.events.samples import event, write_jsonl

    room = "7399555500000000001"
    comments = (
        event(n, "comment", n * 0.03, room=room, user=f"pembeli{n % 700}", text="harga berapa kak?")
        for n in range(100_000)
    )
    stream = write_jsonl(tmp_path / "live-events.jsonl", comments)
    assert stream.stat().st_size > 10 * 1024 * 1024
    page = browser.new_page()
    # The browser sends at 8 MB/s, as over a fast connection: the upload takes long enough for
    # its progress events to come one after another.
    network = browser.new_cdp_session(page)
    network.send("Network.enable")
    conditions = {"offline": False, "latency": 0, "downloadThroughput": -1}
    network.send(
        "Network.emulateNetworkConditions", {**conditions, "uploadThroughput": 8 * 1024 * 1024}
    )
    page.goto(server + "/import?lang=en")
    page.wait_for_load_state("load")
    # What the progress box showed at each upload event (read after the page's own handler).
    page.evaluate(
        """() => {
          window.seen = [];
          document.body.addEventListener("htmx:xhr:progress", () => {
            const box = document.getElementById("upload-progress");
            if (box) {
              window.seen.push([box.hidden, box.querySelector("progress").value,
                                box.querySelector("output").textContent]);
            }
          });
        }"""
    )
    page.set_input_files("input[name=file]", str(stream))
    page.fill("input[name=account]", "toko.acara")
    page.click("#upload-button")
    page.wait_for_selector("#confirm-import", timeout=120_000)
    seen: list[list[Any]] = page.evaluate("window.seen")  # [hidden, value, label]
    uploading = [entry for entry in seen if entry[2].startswith("Uploading ")]
    assert uploading, seen
    assert all(not hidden and " of " in label and "MB/s" in label for hidden, _, label in uploading)
    assert any(0 < value < 100 for _, value, _ in uploading), seen  # seen part of the way
    assert seen[-1][1:] == [100, "Uploaded. Checking the file…"]
    assert page.locator("#import-progress").get_attribute("data-url")
    page.screenshot(path=str(ARTIFACTS / "import-large-preview.png"), full_page=True)
    page.evaluate(
        """() => {
          window.importing = [];
          const box = document.getElementById("import-progress");
          new MutationObserver(() => window.importing.push(box.textContent.trim()))
            .observe(box, {subtree: true, childList: true, characterData: true});
        }"""
    )
    page.click("#confirm-import")
    page.wait_for_selector("#import-done", timeout=120_000)
    # The server's progress, polled while the import ran: how often it is seen depends on the
    # machine's speed, what it says does not.
    shown: list[str] = page.evaluate("window.importing")
    label = re.compile(r"Reading events: [\d,]+ events \([\d,]+ events/s\)")
    assert all(label.fullmatch(text) for text in shown if text), shown
    assert "(100000)" in page.locator("#import-done").inner_text()  # the room's events
