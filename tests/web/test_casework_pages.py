"""The case-study pages in process: cases, a case, a document with its excerpts highlighted,
the codebook, the matrices and the joint display; bad ids, language, and who may see them."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from siaran import casework as cw
from siaran.casework import read_api
from siaran.metrics import account_rollups
from siaran.web import WebSettings
from siaran.workspace import Workspace
from tests.web.casework_data import GREETING, INTERVIEW, CaseStudy, add_case_study
from tests.web.conftest import client_for
from tests.web.test_agency import login, write_users

MARK = re.compile(
    r'<mark class="coded[^"]*" data-excerpts="([^"]+)" data-depth="(\d+)"[^>]*>(.*?)</mark>', re.S
)


@pytest.fixture(scope="module")
def study_template(cohort_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("study")
    shutil.copytree(cohort_template, folder / "ws")
    with Workspace.open(folder / "ws") as ws:
        add_case_study(ws, folder / "documents")
    return folder / "ws"


@pytest.fixture(scope="module")
def study(study_template: Path) -> CaseStudy:
    found = CaseStudy()
    with Workspace.open(study_template) as ws:
        found.cases = {c["name"]: int(c["id"]) for c in cw.list_cases(ws)}
        found.documents = {d["name"]: int(d["id"]) for d in cw.list_documents(ws)}
        found.codes = {c["name"]: int(c["id"]) for c in cw.list_codes(ws)}
        found.excerpts = {
            e["quote"] or "": e["id"]
            for d in found.documents.values()
            for e in cw.list_excerpts(ws, document=d)
        }
    return found


@pytest.fixture
def client(study_template: Path, tmp_path: Path) -> Iterator[TestClient]:
    target = tmp_path / "ws"
    shutil.copytree(study_template, target)
    with client_for(WebSettings(workspace=target)) as test_client:
        yield test_client


@pytest.fixture
def agency(study_template: Path, tmp_path: Path) -> Iterator[TestClient]:
    target = tmp_path / "ws"
    shutil.copytree(study_template, target)
    users = write_users(tmp_path / "users.yaml")
    with client_for(WebSettings(workspace=target, users_file=users)) as test_client:
        yield test_client


def interview_url(study: CaseStudy) -> str:
    return f"/cases/documents/{study.documents['wawancara-kopi.txt']}"


# -- the pages ------------------------------------------------------------------------------------
def test_cases_page_lists_cases_attributes_accounts_and_documents(client: TestClient) -> None:
    page = client.get("/cases")
    assert page.status_code == 200
    assert '<html lang="id">' in page.text and "Studi kasus" in page.text
    rows = re.findall(r'<tr data-case="(\d+)">(.*?)</tr>', page.text, re.S)
    assert [re.search(r">([^<]+)</a>", r).group(1) for _, r in rows] == [  # type: ignore[union-attr]
        "Kopi Senja", "Batik Sekar", "Dua Dapur", "Tanpa Akun",
    ]  # fmt: skip
    kopi = rows[0][1]
    assert 'href="/accounts/kopi.senja"' in kopi and "Purwokerto" in kopi
    dua = rows[2][1]
    assert 'href="/accounts/keripik.mantap"' in dua
    # A case without an account or an attribute value: a dash with its reason, never blank.
    tanpa = rows[3][1]
    assert tanpa.count('class="unknown"') == 3
    assert "belum ada akun live yang ditautkan" in tanpa
    documents = re.findall(r'<tr data-document="(\d+)">(.*?)</tr>', page.text, re.S)
    assert len(documents) == 2
    assert "Wawancara" in documents[0][1] and "Dua Dapur, Kopi Senja" in documents[0][1]
    english = client.get("/cases?lang=en")
    assert '<html lang="en">' in english.text and "Linked accounts" in english.text
    assert "Interview" in english.text and "Wawancara" not in english.text


def test_case_page_has_its_documents_and_excerpts_by_theme(
    client: TestClient, study: CaseStudy
) -> None:
    page = client.get(f"/cases/{study.cases['Kopi Senja']}?lang=en")
    assert page.status_code == 200
    assert re.findall(r'<li data-document="(\d+)">', page.text) == [
        str(study.documents["wawancara-kopi.txt"])
    ]
    blocks = re.findall(
        r'<section class="theme-block" data-theme="\d+">(.*?)</section>', page.text, re.S
    )
    titles = [re.search(r"</span> (.*?) <span", b).group(1) for b in blocks]  # type: ignore[union-attr]
    assert titles == [
        "Session design for attention and engagement",
        "Transparency and demonstration as the basis of trust",
        "Conversion through urgency, promotion and explicit calls to action",
    ]
    # Greeting, the camera and the overlap under the first theme; the HTML in the text escaped.
    assert blocks[0].count("<blockquote>") == 3
    assert "&lt;b&gt;Stok terbatas&lt;/b&gt;" in blocks[2] and "<b>Stok" not in page.text
    link = f'href="{interview_url(study)}#excerpt-'
    assert page.text.count(link) == 5
    empty = client.get(f"/cases/{study.cases['Tanpa Akun']}?lang=en")
    assert "No document is attached" in empty.text and "No excerpt" in empty.text


@pytest.mark.parametrize(
    "url",
    ["/cases/999", "/cases/abc", "/cases/1.0", "/cases/documents/999", "/cases/documents/x",
     "/cases/documents/-1", "/cases/documents/1/x"],
)  # fmt: skip
def test_bad_ids_are_a_404_page(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 404
    assert "Halaman ini tidak ada" in page.text and "Traceback" not in page.text


def test_bad_level_or_window_is_a_400_page(client: TestClient) -> None:
    for url in ("/cases/matrices?level=everything", "/cases/joint?days=0", "/cases/joint?days=x"):
        page = client.get(url)
        assert page.status_code == 400 and "<html" in page.text and "Traceback" not in page.text


def test_document_page_highlights_every_excerpt_at_code_point_offsets(
    client: TestClient, study: CaseStudy
) -> None:
    page = client.get(interview_url(study))
    assert page.status_code == 200
    body = re.search(r'<div class="doc-text" id="document-text">(.*?)</div>', page.text, re.S)
    assert body is not None
    # The whole text is there once, in order, escaped: marks and anchors only add tags.
    assert unescape(re.sub(r"<[^>]+>", "", body.group(1))) == INTERVIEW
    pieces = [
        (ids.split(), int(depth), unescape(t)) for ids, depth, t in MARK.findall(body.group(1))
    ]
    assert all(len(ids) == depth for ids, depth, _ in pieces)
    # Each excerpt's marks put together are exactly its quote.
    for quote, excerpt in study.excerpts.items():
        if quote.startswith("memperlihatkan"):
            continue
        joined = "".join(t for ids, _, t in pieces if str(excerpt) in ids)
        assert joined == quote
    # Overlaps: "selamat datang di live kami!" is under the greeting and the overlap, and
    # "di depan kamera" under the demonstration and the nested camera excerpt.
    layered = {t: ids for ids, _, t in pieces if len(ids) > 1}
    greeting = study.excerpts["Halo kak, selamat datang di live kami!"]
    overlap = study.excerpts["selamat datang di live kami! Ini kopi asli"]
    camera = study.excerpts["di depan kamera"]
    assert layered["selamat datang di live kami!"] == [str(greeting), str(overlap)]
    assert str(camera) in layered["di depan kamera"]
    assert 'class="coded overlap"' in page.text
    assert (
        f'id="at-excerpt-{greeting}"' in page.text and f'href="#at-excerpt-{greeting}"' in page.text
    )
    assert "<b>Stok" not in page.text and "&lt;b&gt;Stok terbatas&lt;/b&gt;" in page.text


def test_document_legend_takes_the_codebook_colours(client: TestClient, study: CaseStudy) -> None:
    page = client.get(interview_url(study) + "?lang=en")
    legend = re.search(r'<ul id="code-legend">(.*?)</ul>', page.text, re.S)
    assert legend is not None
    entries = re.findall(
        r'<li data-code="(\d+)"><span class="swatch" style="background:(#[0-9a-f]{6})"',
        legend.group(1),
    )
    with _same(client) as ws:
        colours = {int(c["id"]): str(c["color"]).lower() for c in cw.list_codes(ws)}
    assert [int(code) for code, _ in entries] == sorted(
        {study.codes[GREETING], study.codes["Product demonstration"], study.codes["Visual display"],
         study.codes["Promotional urgency"]},
        key=list(colours).index,
    )  # fmt: skip
    assert all(colours[int(code)] == colour for code, colour in entries)
    assert "Session design for attention and engagement ›" in legend.group(1)
    excerpts = re.findall(r'<li id="excerpt-(\d+)" data-excerpt', page.text)
    assert len(excerpts) == 5
    assert "coded by budi" in page.text


def _same(client: TestClient) -> AbstractContextManager[Workspace]:
    """The app's own open workspace, under its lock."""
    web = client.app.state.web  # type: ignore[attr-defined]
    found: AbstractContextManager[Workspace] = web.access.use()
    return found


def test_codebook_page_nests_codes_under_themes_with_counts(
    client: TestClient, study: CaseStudy
) -> None:
    page = client.get("/cases/codebook?lang=en")
    assert page.status_code == 200
    themes = re.findall(r'<section class="theme-block" id="theme-(\d+)"', page.text)
    assert len(themes) == 5
    greeting = re.search(
        rf'<li class="code" id="code-{study.codes[GREETING]}".*?</li>', page.text, re.S
    )
    assert greeting is not None
    assert "codings: 1 · coders: 1" in greeting.group(0)
    assert "The host greets and welcomes viewers" in greeting.group(0)
    visual = re.search(rf'id="code-{study.codes["Visual display"]}".*?</li>', page.text, re.S)
    assert visual is not None and "codings: 2 · coders: 1" in visual.group(0)
    first = page.text.split(f'id="theme-{themes[0]}"')[1].split("</h2>")[0]
    assert "(codings in this theme: 3)" in first
    assert "Use for:" in page.text and "Not for:" in page.text


def test_matrices_count_cases_by_theme_with_quotes(client: TestClient, study: CaseStudy) -> None:
    page = client.get("/cases/matrices")
    assert page.status_code == 200
    row = re.search(rf'<tr data-case="{study.cases["Kopi Senja"]}">(.*?)</tr>', page.text, re.S)
    assert row is not None
    summaries = re.findall(r"<summary>(\d+)</summary>", row.group(1))
    assert summaries == ["3", "1", "1"]
    assert row.group(1).count('class="zero"') == 2
    assert f'href="{interview_url(study)}#excerpt-' in row.group(1)
    assert "Halo kak, selamat datang di live kami!" in row.group(1)  # the hover and the list
    batik = re.search(rf'<tr data-case="{study.cases["Batik Sekar"]}">(.*?)</tr>', page.text, re.S)
    assert batik is not None and re.findall(r"<summary>(\d+)</summary>", batik.group(1)) == ["1"]
    triangulation = page.text.split('id="triangulation"')[1].split("</table>")[0]
    trust = re.search(r"Transparency and demonstration.*?</tr>", triangulation, re.S)
    assert trust is not None
    assert re.findall(r'<td class="num[^"]*">(\d+)</td>', trust.group(0)) == [
        "1", "1", "0", "0", "0", "0", "2", "3",
    ]  # fmt: skip
    pairs = page.text.split('id="cooccurrence"')[1].split("</table>")[0]
    assert pairs.count("<tr>") >= 2
    by_code = client.get("/cases/matrices?level=code&lang=en")
    assert by_code.status_code == 200 and "Case × code" in by_code.text
    assert (
        "Session design for attention and engagement/Persuasive greeting and opening"
        in by_code.text
    )


def test_joint_display_sets_themes_beside_the_linked_accounts_kpis(
    client: TestClient, study: CaseStudy
) -> None:
    page = client.get("/cases/joint?lang=en")
    assert page.status_code == 200
    with _same(client) as ws:
        kopi = account_rollups(ws, accounts=["kopi.senja"])[0]
        joint = read_api.joint_display(ws, window_days=28)
    assert int(kopi["sessions"]) == 6
    case_rows = re.findall(r'<tr class="case-row" data-case="([^"]+)">(.*?)</tr>', page.text, re.S)
    assert [name for name, _ in case_rows] == [r["case"] for r in joint["rows"]]
    cells = dict(case_rows)
    assert re.search(r'data-kpi="sessions">6<', cells["Kopi Senja"])
    assert re.search(r'data-kpi="sessions">15<', cells["Dua Dapur"])  # 6 + 9, one currency
    # No linked account: every KPI a dash with that reason, never 0.
    tanpa = cells["Tanpa Akun"]
    assert tanpa.count('class="unknown"') == 6 and "no live account is linked" in tanpa
    accounts = re.findall(r'<tr class="account-row" data-account="([^"]+)">', page.text)
    assert accounts == ["kopi.senja", "batik.sekar", "keripik.mantap", "kopi.senja"]
    assert 'href="/glossary#kpi-gmv_mean_per_session"' in page.text


# -- who may see them -----------------------------------------------------------------------------
def test_owners_do_not_get_the_case_study_pages(agency: TestClient, study: CaseStudy) -> None:
    assert agency.get("/cases").status_code == 303  # a login first
    login(agency, "sari")
    overview = agency.get("/")
    assert overview.status_code == 200 and 'href="/cases"' not in overview.text
    for url in (
        "/cases",
        f"/cases/{study.cases['Batik Sekar']}",
        interview_url(study),
        "/cases/codebook",
        "/cases/matrices",
        "/cases/joint",
    ):
        refused = agency.get(url)
        assert refused.status_code == 404, url
        assert "Batik Sekar" not in refused.text and "Traceback" not in refused.text


def test_coaches_see_the_cases_but_only_their_cohorts_figures(
    agency: TestClient, study: CaseStudy
) -> None:
    login(agency, "budi")  # cohort: kopi.senja and keripik.mantap
    overview = agency.get("/")
    assert 'href="/cases"' in overview.text
    cases = agency.get("/cases")
    assert cases.status_code == 200
    assert 'href="/accounts/kopi.senja"' in cases.text
    assert 'href="/accounts/batik.sekar"' not in cases.text and "batik.sekar" in cases.text
    assert agency.get(interview_url(study)).status_code == 200
    joint = agency.get("/cases/joint?lang=en")
    rows = dict(
        re.findall(r'<tr class="case-row" data-case="([^"]+)">(.*?)</tr>', joint.text, re.S)
    )
    assert re.search(r'data-kpi="sessions">15<', rows["Dua Dapur"])
    batik = rows["Batik Sekar"]
    assert batik.count('class="unknown"') == 6 and "not in your cohort" in batik
    assert re.findall(r'<tr class="account-row" data-account="([^"]+)">', joint.text) == [
        "kopi.senja", "keripik.mantap", "kopi.senja",
    ]  # fmt: skip
    assert 'class="account-row hidden-account"' in joint.text


def test_admins_see_everything(agency: TestClient, study: CaseStudy) -> None:
    login(agency, "ayu")
    joint = agency.get("/cases/joint")
    assert 'data-account="batik.sekar"' in joint.text and "hidden-account" not in joint.text
    assert agency.get(f"/cases/{study.cases['Batik Sekar']}").status_code == 200


def test_the_demo_has_the_studys_cases_and_a_coded_case_study(demo_client: TestClient) -> None:
    page = demo_client.get("/cases")
    assert page.status_code == 200
    # The study's ten published cases, and five fictional sellers with coded fieldwork.
    assert len(re.findall(r'<tr data-case="', page.text)) == 15
    assert "Dapur Sekar Arum" in page.text and "Belum ada dokumen" not in page.text
    for url in ("/cases/codebook", "/cases/matrices", "/cases/joint"):
        assert demo_client.get(url).status_code == 200
    joint = demo_client.get("/cases/joint").text
    assert 'data-account="dapur.sekar.arum"' in joint
