"""The HTML report, rendered from a real workspace holding a small deterministic cohort.

The cohort is inserted straight into the ``sessions`` table (and one third-party estimate into
``account_estimates``) so that these tests do not depend on any importer. The rendered reports
are compared byte for byte with ``tests/report/snapshots/report_en.html`` and
``report_id.html``. After an intended change to the report, look at the new output and
regenerate the snapshots with::

    SIARAN_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/report -q

The package version in the footer and ``<meta name="generator">`` is written as ``VERSION``
in the snapshots, so a release does not touch them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import siaran
from siaran.i18n import Lang
from siaran.metrics.registry import KPIS
from siaran.report import ReportOptions, render_report, write_report
from siaran.report import html as report_html
from siaran.workspace import Workspace

SNAPSHOTS = Path(__file__).parent / "snapshots"
END = dt.date(2026, 9, 28)
EVIL = "<script>alert(1)</script>"
WIB = dt.timezone(dt.timedelta(hours=7))

# account, sessions per week, GMV per session, views, start hours; None = unknown in the export.
COHORT: tuple[tuple[str, int, float | None, float, tuple[int, ...]], ...] = (
    ("gajahsakti.pwt", 4, 2_400_000.0, 21_000.0, (19, 20)),
    ("keripik_bu_sri", 10, 25_000.0, 800.0, (9, 12, 21)),
    ("batik_banyumasan", 1, 3_200_000.0, 5_400.0, (20,)),
    (EVIL, 2, 45_300.0, 300.0, (13,)),
    ("mendoan_mas_tris", 1, None, 1_200.0, (16,)),
)
WEEKS = 12


def _sessions() -> Iterator[dict[str, object]]:
    for number, (account, per_week, gmv, views, hours) in enumerate(COHORT):
        for week in range(WEEKS):
            # One more live every third week, so that weekly counts vary within an account.
            for index in range(per_week + (week % 3 == 0)):
                day = END - dt.timedelta(days=7 * week + (index * 7) // (per_week + 1) + number % 2)
                hour = hours[(week + index) % len(hours)]
                start = dt.datetime.combine(day, dt.time(hour), tzinfo=WIB)
                wobble = 1.0 + ((week * 3 + index) % 5 - 2) / 10
                session_gmv: float | None = None if gmv is None else round(gmv * wobble)
                if account == "keripik_bu_sri" and (week + index) % 3 == 0:
                    session_gmv = 0.0  # a live that sold nothing is a real zero
                unknown_time = account == EVIL
                yield {
                    "session_key": f"{number}-{week}-{index}",
                    "source_sha256": "0" * 64,
                    "source_row": number * 1000 + week * 20 + index + 4,
                    "layout": "test",
                    "platform": "shopee_live" if account == EVIL else "tiktok_shop",
                    "account": account,
                    "room_id": f"7{number:02d}{week:03d}{index:03d}0000000000000",
                    "title": f"Live {account} #{week}-{index}",
                    "started_at": start,
                    "ended_at": None if unknown_time else start + dt.timedelta(hours=2),
                    "duration_s": None if unknown_time else 7200.0,
                    "currency": "IDR",
                    "gmv": session_gmv,
                    "views": views * wobble,
                    "viewers": None if unknown_time else round(views * wobble * 0.7),
                }


def build_cohort(path: Path) -> Workspace:
    workspace = Workspace.create(path)
    rows = list(_sessions())
    columns = list(rows[0])
    marks = ", ".join("?" for _ in columns)
    workspace.con.executemany(
        f"INSERT INTO sessions ({', '.join(columns)}) VALUES ({marks})",
        [[row[c] for c in columns] for row in rows],
    )
    workspace.con.execute(
        "INSERT INTO account_estimates VALUES "
        "('tiktok_shop', 'gajahsakti.pwt', 'FastMoss', DATE '2026-08-01', DATE '2026-08-28', "
        "28, 40, NULL, 1100000, 52000, 'IDR', 'estimated GMV', ?, 3)",
        ["1" * 64],
    )
    _crews(workspace, rows)
    return workspace


def _crews(workspace: Workspace, rows: list[dict[str, object]]) -> None:
    """Rosters for batik_banyumasan's lives: a host always, a dedicated interaction admin in
    every other live, so the report shows its "Crew and roles" section."""
    from siaran.crew import CrewMember
    from siaran.crew.roster import store_rosters

    rooms = sorted(str(r["room_id"]) for r in rows if r["account"] == "batik_banyumasan")
    rosters = [
        (
            "batik_banyumasan",
            room,
            [CrewMember("host", "Sari")] + [CrewMember("interaction_admin", "Dimas")] * (n % 2),
        )
        for n, room in enumerate(rooms)
    ]
    store_rosters(workspace.con, rosters, dt.datetime(2026, 9, 1, tzinfo=dt.UTC))


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = build_cohort(tmp_path_factory.mktemp("report") / "ws")
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def reports(cohort: Workspace) -> dict[Lang, str]:
    return {lang: render_report(cohort, ReportOptions(lang=lang, end=END)) for lang in ("en", "id")}


def _section(document: str, anchor: str) -> str:
    start = document.index(f'<section id="{anchor}"')
    return document[start : document.index("</section>", start)]


def _row(document: str, anchor: str, account: str) -> str:
    part = _section(document, anchor)
    start = part.index(f'<th scope="row">{account}</th>')
    return part[start : part.index("</tr>", start)]


# -- snapshot and determinism -----------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "id"])
def test_report_matches_its_snapshot(reports: dict[Lang, str], lang: Lang) -> None:
    document = reports[lang].replace(f"siaran {siaran.__version__}", "siaran VERSION")
    snapshot = SNAPSHOTS / f"report_{lang}.html"
    if os.environ.get("SIARAN_UPDATE_SNAPSHOTS") == "1":
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(document, encoding="utf-8", newline="\n")
    assert snapshot.is_file(), "no snapshot yet: run with SIARAN_UPDATE_SNAPSHOTS=1"
    assert document == snapshot.read_text(encoding="utf-8"), (
        f"{snapshot.name} differs: if the change is intended, regenerate with "
        "SIARAN_UPDATE_SNAPSHOTS=1 (see the module docstring)"
    )


def test_same_data_gives_the_same_bytes(cohort: Workspace, reports: dict[Lang, str]) -> None:
    assert render_report(cohort, ReportOptions(lang="en", end=END)) == reports["en"]


def test_report_is_dated_by_its_window_not_by_the_clock(reports: dict[Lang, str]) -> None:
    assert "28 Sep 2026" in reports["en"]
    assert dt.date.today().isoformat() not in reports["en"]


# -- offline and safe -------------------------------------------------------------------------
RESOURCE = re.compile(
    r"<script|<link|<img|<iframe|<object|<embed|@import|url\(|\b(?:src|href)\s*=\s*[\"']?"
    r"(?!#)[^\s\"'>]",
    re.IGNORECASE,
)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_report_asks_for_nothing_over_the_network(reports: dict[Lang, str], lang: Lang) -> None:
    document = reports[lang]
    assert "http://" not in document
    assert "https://" not in document
    assert RESOURCE.findall(document) == []


def test_user_data_is_escaped(reports: dict[Lang, str]) -> None:
    for document in reports.values():
        assert EVIL not in document
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
        assert "<script" not in document.lower()


# -- content ----------------------------------------------------------------------------------
def test_sections_are_all_there(reports: dict[Lang, str]) -> None:
    for anchor in report_html.SECTIONS:
        assert f'<section id="{anchor}"' in reports["en"]
    assert "Spearman ρ = " in _section(reports["en"], "verdict")
    assert "ρ Spearman = " in _section(reports["id"], "verdict")


def test_cohort_is_sorted_by_gmv_per_session(reports: dict[Lang, str]) -> None:
    cohort = _section(reports["en"], "cohort")
    order = [a for a, *_ in COHORT if a != EVIL] + ["&lt;script&gt;alert(1)&lt;/script&gt;"]
    positions = {a: cohort.index(f'<th scope="row">{a}</th>') for a in order}
    assert sorted(positions, key=positions.__getitem__) == [
        "batik_banyumasan",
        "gajahsakti.pwt",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "keripik_bu_sri",
        "mendoan_mas_tris",  # unknown GMV goes last
    ]


def test_unknown_is_a_dash_with_its_reason_never_zero(reports: dict[Lang, str]) -> None:
    row = _row(reports["en"], "cohort", "mendoan_mas_tris")
    # A dash with its reason on hover, and on keyboard focus (tabindex), as on the dashboard.
    assert 'title="Unknown: the export does not give GMV" tabindex="0">—<' in row
    assert "Rp0" not in row
    evil = _row(reports["en"], "cohort", "&lt;script&gt;alert(1)&lt;/script&gt;")
    assert (
        'title="Unknown: the export does not give the sessions&#39; duration" tabindex="0">—<'
        in (evil)
    )
    id_row = _row(reports["id"], "cohort", "mendoan_mas_tris")
    assert 'title="Tidak diketahui: GMV tidak ada di ekspor" tabindex="0">—<' in id_row


def test_real_zero_stays_zero(reports: dict[Lang, str]) -> None:
    # keripik_bu_sri has lives that sold nothing: a share of zero-GMV sessions, not unknown.
    row = _row(reports["en"], "cohort", "keripik_bu_sri")
    assert re.search(r'<td class="num">\d+(\.\d)?%</td>', row)  # written like the terminal: 12.5%


def test_estimates_stay_in_their_own_section(reports: dict[Lang, str]) -> None:
    assert "FastMoss" not in _section(reports["en"], "cohort")
    estimates = _section(reports["en"], "estimates")
    assert "estimate, source FastMoss" in estimates
    assert "gajahsakti.pwt" in estimates
    assert "estimasi, sumber FastMoss" in _section(reports["id"], "estimates")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_glossary_lists_every_registry_kpi(reports: dict[Lang, str], lang: Lang) -> None:
    glossary = _section(reports[lang], "glossary")
    missing = [k.name for k in KPIS if f'<tr id="kpi-{k.name}">' not in glossary]
    assert missing == []
    assert all(k.explain(lang) in unescape(glossary) for k in KPIS)


def test_indonesian_report_uses_indonesian_numbers(reports: dict[Lang, str]) -> None:
    batik_id = _row(reports["id"], "cohort", "batik_banyumasan")
    batik_en = _row(reports["en"], "cohort", "batik_banyumasan")
    assert "Rp18,2 jt" in batik_id and "Rp18.2M" in batik_en
    assert "Rp3,0 jt" in batik_id and "Rp3.0M" in batik_en
    assert "12,0 jam" in batik_id and "12.0 h" in batik_en
    keripik_id = _row(reports["id"], "cohort", "keripik_bu_sri")
    assert re.search(r"Rp\d{1,3}\.\d{3}<", keripik_id)  # Rp24.500
    assert re.search(r"\d+,\d jam", keripik_id)
    assert re.search(r"Rp\d{1,3},\d{3}<", _row(reports["en"], "cohort", "keripik_bu_sri"))


def test_charts_are_inline_and_described(reports: dict[Lang, str]) -> None:
    document = reports["en"]
    for chart in ("chart-scatter", "chart-trends", "chart-activity", "chart-within"):
        assert re.search(f'<svg class="chart [^"]*" id="{chart}"', document)
        assert f'<title id="{chart}-t">' in document and f'<desc id="{chart}-d">' in document


class _Balance(HTMLParser):
    VOID = frozenset(
        {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source"}
    )
    SVG_EMPTY = frozenset({"line", "rect", "circle", "polygon", "path"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.seen: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen[tag] = self.seen.get(tag, 0) + 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen[tag] = self.seen.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_report_is_well_formed(reports: dict[Lang, str], lang: Lang) -> None:
    parser = _Balance()
    parser.feed(reports[lang])
    parser.close()
    assert parser.problems == []
    assert parser.stack == []
    for tag in ("html", "head", "body", "main", "header", "nav", "footer"):
        assert parser.seen.get(tag) == 1, tag
    assert parser.seen["section"] == len(report_html.SECTIONS) + 1  # crew: the cohort has rosters
    assert parser.seen["svg"] >= 4
    assert reports[lang].startswith("<!DOCTYPE html>\n")
    assert f'<html lang="{lang}">' in reports[lang]


def test_empty_workspace_still_renders(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "empty") as workspace:
        document = render_report(workspace, ReportOptions(lang="id", end=END))
    assert "Belum ada sesi live dalam jendela ini" in document
    assert '<section id="glossary"' in document


# -- writing ----------------------------------------------------------------------------------
def test_write_report_replaces_the_file_whole(cohort: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    out.write_text("old report " * 100_000, encoding="utf-8")
    options = ReportOptions(lang="en", end=END)
    written = write_report(cohort, out, options)
    assert written == out
    assert out.read_text(encoding="utf-8") == render_report(cohort, options)
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.html"]


def test_failed_write_leaves_the_old_report_and_no_temp_file(
    cohort: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.html"
    out.write_text("the earlier report", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)  # the os module the report writes with
    with pytest.raises(OSError, match="disk full"):
        write_report(cohort, out, ReportOptions(lang="en", end=END))
    assert out.read_text(encoding="utf-8") == "the earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


# -- money that does not compare ----------------------------------------------------------------
def test_a_mixed_currency_cohort_is_never_summed_or_ranked_across(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "mixed") as workspace:
        rows = []
        for number, (account, currency, gmv, basis) in enumerate(
            [
                ("rupiah_a", "IDR", 2_000_000.0, "attributed"),
                ("rupiah_b", "IDR", 500_000.0, "attributed"),
                ("rupiah_c", "IDR", 900_000.0, "revenue"),
                ("ringgit_a", "MYR", 900.0, "attributed"),
            ]
        ):
            for week in range(3):
                start = dt.datetime.combine(END - dt.timedelta(days=7 * week), dt.time(20), WIB)
                rows.append(
                    [f"m{number}-{week}", "0" * 64, week + 4, "test", "tiktok", account, start,
                     start + dt.timedelta(hours=1), 3600.0, currency, gmv, basis]
                )  # fmt: skip
        workspace.con.executemany(
            "INSERT INTO sessions (session_key, source_sha256, source_row, layout, platform, "
            "account, started_at, ended_at, duration_s, currency, gmv, gmv_basis) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        document = render_report(workspace, ReportOptions(lang="en", end=END))
    tiles = document[document.index('<dl class="tiles">') : document.index("</header>")]
    # One total per currency and GMV basis: never rupiah plus ringgit.
    assert "Rp7.5M <small>(attributed)</small>" in tiles
    assert (
        "Rp2.7M <small>(revenue)</small>" in tiles
        and "RM2,700 <small>(attributed)</small>" in tiles
    )
    verdict_ = _section(document, "verdict")
    assert (
        "GMV bases in this window: attributed (3 accounts, 2 compared); revenue (1 accounts, 0"
        in verdict_
    )
    assert "ringgit_a (another currency), rupiah_c (another GMV basis)" in verdict_
    cohort_section = _section(document, "cohort")
    order = [cohort_section.index(f'<th scope="row">{a}</th>') for a in
             ("rupiah_a", "rupiah_c", "rupiah_b", "ringgit_a")]  # fmt: skip
    assert order == sorted(order)  # rupiah by value first, then ringgit: ranked within currency
    assert "tiktok (revenue)" in cohort_section
    scatter = _section(document, "scatter")
    assert "Not in the comparison (another currency or GMV basis; see the verdict): " in scatter
    assert "ringgit_a, rupiah_c" in scatter
    trends = _section(document, "trends")
    assert "Only accounts in IDR are drawn" in trends and "ringgit_a (MYR)" in trends


def test_advice_section_shows_six_areas_per_account(reports: dict[Lang, str]) -> None:
    cases: tuple[tuple[Lang, str], ...] = (("en", ">unknown<"), ("id", ">tidak diketahui<"))
    for lang, unknown in cases:
        part = _section(reports[lang], "advice")
        rows = part.count('<tr><th scope="row">')
        assert rows == 5
        assert part.count('class="area-status ') == 6 * rows
        # Operations and ecosystem have no source yet: unknown for every account.
        assert part.count(unknown) >= 2 * rows
    assert "&lt;script&gt;" in _section(reports["en"], "advice")
    assert "Go live about" in _section(reports["en"], "advice")
    assert "Live sekitar" in _section(reports["id"], "advice")
