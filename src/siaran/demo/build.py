"""The demo: the synthetic cohort written through the real export layouts, then imported.

:func:`write_demo_exports` writes what the cohort's sellers would have downloaded:

* most TikTok accounts: ``Creator-Live-Performance_<YYYYMMDDHHMMSS>.xlsx`` files, one per
  account and calendar month; one of them saved as CSV (:data:`CSV_EXPORT`); the footwear
  account's last month exported twice, first while its last room was still live (End Time =
  download time, counts so far) and again after it ended, so that the later snapshot
  supersedes the earlier one (:data:`SNAPSHOT_ACCOUNT`);
* two accounts through the older Seller Center ``Live*.xlsx`` list, one with English and one
  with Indonesian headers (the latter with numbers typed as Indonesian text);
* the Shopee account as ``get_session_metric`` JSON;
* the Instagram account as a sheet its admin keeps by hand (``Rp 1,2 jt``, ``1j 5m``) plus the
  YAML mapping that reads it;
* a FastMoss-style summary (estimates) of the three accounts the study describes.

Every file is written by its layout's own writer (``siaran.ingest.layouts.*``) except the
hand-kept sheet, which no platform makes. openpyxl stamps the save time into an xlsx (zip entry
times and ``docProps/core.xml``); the demo pins both to the file's download time, so the same
seed gives byte-identical files and re-running the demo imports nothing new.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NamedTuple

from siaran.demo.cohort import (
    CREATOR,
    DEFAULT_SEED,
    DEMO_PROFILES,
    END_DATE,
    INSTAGRAM,
    SELLER_CENTER_EN,
    SELLER_CENTER_ID,
    SHOPEE,
    START_DATE,
    TIMEZONE,
    WINDOW_DAYS,
    CohortProfile,
    generate_cohort,
)
from siaran.demo.crew import import_demo_crew
from siaran.demo.ecosystem import score_ecosystem_lives, write_demo_ecosystem
from siaran.demo.events import write_demo_events
from siaran.demo.experiments import record_demo_experiments
from siaran.demo.fieldwork import FIELDWORK_DIR, build_fieldwork
from siaran.demo.orders import set_demo_fulfilment, write_demo_orders
from siaran.demo.programme import record_demo_coaching
from siaran.demo.reviews import write_demo_reviews
from siaran.demo.talk import TALK_DIR, score_demo_lives
from siaran.importing import Imported, ImportOptions, import_file
from siaran.ingest.numbers import format_compact_id
from siaran.progress import NO_PROGRESS, Progress
from siaran.workspace import Workspace

__all__ = [
    "CSV_EXPORT",
    "ESTIMATED_ACCOUNTS",
    "EXPORTS_DIR",
    "SNAPSHOT_ACCOUNT",
    "DemoExport",
    "DemoSummary",
    "build_demo_workspace",
    "write_demo_exports",
]

EXPORTS_DIR: Final = "demo-exports"
SNAPSHOT_ACCOUNT: Final = "sepatu.langkah.kita"
SNAPSHOT_SHARE: Final = 0.55
"""How far into its last live the footwear account downloaded the first export."""
CSV_EXPORT: Final = ("kacamata.senja", dt.date(2026, 6, 1))
"""The account and month whose Creator-Live-Performance export was saved as CSV."""
ESTIMATED_ACCOUNTS: Final = ("dapur.sekar.arum", "aksesori.lintang", "kacamata.senja")
THIRD_PARTY_SOURCE: Final = "FastMoss"
_CORE_TIMES: Final = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
_INSTAGRAM_NOTES: Final = (
    None, "banyak tanya ongkir", None, "stok habis sebelum selesai", "kirim lewat WA",
    None, "sinyal putus sebentar", "reseller ikut pesan",
)  # fmt: skip
_INSTAGRAM_HEADERS: Final = (
    "No", "Tanggal", "Jam Mulai", "Durasi", "Judul Live", "Penonton", "Penonton Puncak",
    "Komentar", "Suka", "Pesanan", "Pembeli", "Omzet", "Catatan",
)  # fmt: skip


class DemoExport(NamedTuple):
    """One written export and how to import it (``--account``, ``--mapping``)."""

    path: Path
    account: str | None
    mapping: Path | None
    currency: str | None = None


ECOSYSTEM_SAVED_AT: Final = dt.datetime(2026, 9, 18, 9, 0)
"""When the demo's reseller register workbook says it was saved (so that it comes out
byte-identical every time)."""


@dataclass
class DemoSummary:
    """What :func:`build_demo_workspace` did. ``accounts``/``sessions``/``estimates`` count the
    cohort's rows now in the workspace."""

    workspace: Path
    accounts: int
    sessions: int
    estimates: int
    exports: list[DemoExport] = field(default_factory=list)
    reports: list[Imported] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.exports)

    @property
    def imported(self) -> int:
        """Files imported by this run (0 when the workspace already had them all)."""
        return sum(report.status == "imported" for report in self.reports)


def build_demo_workspace(
    path: Path,
    *,
    seed: int = DEFAULT_SEED,
    progress: Progress = NO_PROGRESS,
) -> DemoSummary:
    """Create (or reopen) the workspace at ``path``, write the demo exports into
    ``<path>/demo-exports/`` and import each of them. Running it again changes nothing: the
    files come out byte-identical and are reported as already imported. ``progress`` is told
    of each file imported, and by each importer of its rows or events."""
    folder = Path(path)
    accounts = [profile.account for profile in DEMO_PROFILES]
    with Workspace.create(folder) as workspace, progress.task("demo", "files") as files_done:
        exports = write_demo_exports(folder / EXPORTS_DIR, seed=seed)
        # Event streams of a few lives, whose totals agree with their exported rows.
        events = write_demo_events(folder / EXPORTS_DIR, generate_cohort(seed), seed=seed)
        exports += [DemoExport(path, account, None) for path, account in events]
        # Order exports of a few lives (fake buyers), whose totals agree with the lives'.
        orders = write_demo_orders(folder / EXPORTS_DIR, generate_cohort(seed), seed=seed)
        exports += [DemoExport(path, account, None) for path, account in orders]
        # Affiliate orders and reseller registers (fake buyers), in step with the lives.
        cohort = generate_cohort(seed)
        partners = write_demo_ecosystem(folder / EXPORTS_DIR, cohort, seed=seed)
        for path, _account in partners:
            if path.suffix == ".xlsx":
                _pin_xlsx(path, ECOSYSTEM_SAVED_AT)
        exports += [DemoExport(path, account, None) for path, account in partners]
        # Buyers' reviews of those orders (fake reviewers), with a mix of stars and cues.
        reviews = write_demo_reviews(folder / EXPORTS_DIR, generate_cohort(seed), seed=seed)
        exports += [DemoExport(path, account, None) for path, account in reviews]
        files_done.set_total(len(exports))
        reports: list[Imported] = []
        for export in exports:
            reports.append(
                import_file(
                    workspace,
                    export.path,
                    ImportOptions(
                        account=export.account, mapping=export.mapping, currency=export.currency
                    ),
                    progress=progress,
                )
            )
            files_done.advance(1)
        score_demo_lives(workspace, folder / EXPORTS_DIR / TALK_DIR, seed=seed)
        score_ecosystem_lives(workspace, cohort, seed=seed)
        set_demo_fulfilment(workspace)
        # The study's ten published cases as the example case set, with the study codebook.
        # They stay unlinked: the cohort's accounts are fictional, not the study's businesses.
        from siaran.casework import load_example_cases, load_starter_codebook

        load_example_cases(workspace, actor="siaran demo")
        load_starter_codebook(workspace, "study", actor="siaran demo")
        # Five of the cohort's fictional sellers as coded cases, linked to their accounts.
        build_fieldwork(workspace, folder / EXPORTS_DIR / FIELDWORK_DIR)
        # One experiment with a real (planted) effect and one without.
        record_demo_experiments(workspace)
        # Crew rosters of some lives, some with an interaction admin and some without.
        import_demo_crew(workspace, folder / EXPORTS_DIR, seed=seed)
        # Coaching sessions for half of the cohort, with staggered starts (a planted effect).
        record_demo_coaching(workspace)
        marks = ", ".join("?" * len(accounts))
        row = workspace.con.execute(
            f"""
            SELECT
              (SELECT count(DISTINCT account) FROM sessions WHERE account IN ({marks})),
              (SELECT count(*) FROM sessions WHERE account IN ({marks})),
              (SELECT count(*) FROM account_estimates WHERE account IN ({marks}))
            """,
            accounts * 3,
        ).fetchone()
    assert row is not None
    return DemoSummary(folder, int(row[0]), int(row[1]), int(row[2]), exports, reports)


def write_demo_exports(folder: Path, *, seed: int = DEFAULT_SEED) -> list[DemoExport]:
    """Write the cohort of ``seed`` as the exports its sellers would have downloaded, in the
    order they should be imported (an earlier snapshot before the later one)."""
    folder = Path(folder)
    sessions = generate_cohort(seed)
    exports: list[DemoExport] = []
    for profile in DEMO_PROFILES:
        own = [s for s in sessions if s["account"] == profile.account]
        target = folder / profile.account
        target.mkdir(parents=True, exist_ok=True)
        if profile.layout == CREATOR:
            exports.extend(_creator_exports(target, profile, own))
        elif profile.layout in (SELLER_CENTER_EN, SELLER_CENTER_ID):
            exports.extend(_seller_center_exports(target, profile, own))
        elif profile.layout == SHOPEE:
            exports.append(_shopee_export(target, own))
        elif profile.layout == INSTAGRAM:
            exports.append(_instagram_export(target, profile, own))
        else:  # pragma: no cover - a new layout hint needs its writer here
            raise ValueError(f"no demo writer for layout {profile.layout!r}")
    exports.append(_third_party_export(folder / "fastmoss", sessions, seed))
    return exports


# -- the platforms' own layouts ---------------------------------------------------------------


def _months() -> Iterator[tuple[dt.date, dt.date]]:
    """Calendar months of the cohort's period, the first and last cut to the period."""
    first = START_DATE
    while first <= END_DATE:
        following = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        yield first, min(END_DATE, following - dt.timedelta(days=1))
        first = following


def _in(
    sessions: Sequence[Mapping[str, Any]], first: dt.date, last: dt.date
) -> list[Mapping[str, Any]]:
    return [s for s in sessions if first <= s["started_at"].date() <= last]


def _download_time(profile: CohortProfile, last: dt.date) -> dt.datetime:
    """When the seller downloaded a period's export: the next morning, at their own minute."""
    index = DEMO_PROFILES.index(profile)
    day = last + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, 8, 3 + 4 * index, 11 + index)


def _creator_exports(
    folder: Path, profile: CohortProfile, sessions: Sequence[Mapping[str, Any]]
) -> list[DemoExport]:
    from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance

    exports = []
    for first, last in _months():
        rows = _in(sessions, first, last)
        if not rows:
            continue
        if profile.account == SNAPSHOT_ACCOUNT and last == END_DATE:
            snapshot, taken = _mid_live(rows)
            path = folder / f"Creator-Live-Performance_{taken:%Y%m%d%H%M%S}.xlsx"
            write_creator_live_performance(path, snapshot, period=(first, last))
            _pin_xlsx(path, taken)
            exports.append(DemoExport(path, profile.account, None))
        taken = _download_time(profile, last)
        as_csv = (profile.account, first.replace(day=1)) == CSV_EXPORT
        suffix = "csv" if as_csv else "xlsx"
        path = folder / f"Creator-Live-Performance_{taken:%Y%m%d%H%M%S}.{suffix}"
        write_creator_live_performance(path, rows, period=(first, last), as_csv=as_csv)
        if not as_csv:
            _pin_xlsx(path, taken)
        exports.append(DemoExport(path, profile.account, None))
    return exports


def _mid_live(rows: Sequence[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], dt.datetime]:
    """The period's rows as downloaded while the last room was live: that room's End Time is
    the download time and its cumulative counts are those so far."""
    last = rows[-1]
    seconds = round(last["duration_s"] * SNAPSHOT_SHARE)
    taken = last["started_at"] + dt.timedelta(seconds=seconds)
    partial = dict(last, ended_at=taken, duration_s=float(seconds))
    cumulative = (
        "orders", "sku_orders", "items_sold", "customers", "views", "viewers", "impressions",
        "product_impressions", "product_clicks", "comments", "likes", "shares", "new_followers",
    )  # fmt: skip
    for name in cumulative:
        if last[name] is not None:
            partial[name] = int(last[name] * SNAPSHOT_SHARE)
    orders = last["orders"]
    partial["gmv"] = float(round(last["gmv"] * partial["orders"] / orders, -2)) if orders else 0.0
    return [*rows[:-1], partial], taken.replace(tzinfo=None)


def _seller_center_exports(
    folder: Path, profile: CohortProfile, sessions: Sequence[Mapping[str, Any]]
) -> list[DemoExport]:
    from siaran.ingest.layouts.seller_center import write_seller_center_live

    english = profile.layout == SELLER_CENTER_EN
    exports = []
    for first, last in _months():
        rows = _in(sessions, first, last)
        if not rows:
            continue
        path = folder / f"Live_{first:%Y%m%d}-{last:%Y%m%d}.xlsx"
        write_seller_center_live(
            path, rows, language="en" if english else "id", numeric_cells=english
        )
        _pin_xlsx(path, _download_time(profile, last))
        exports.append(DemoExport(path, None, None))  # the Creator column names the account
    return exports


def _shopee_export(folder: Path, sessions: Sequence[Mapping[str, Any]]) -> DemoExport:
    from siaran.ingest.layouts.shopee_writer import write_shopee_session_metrics

    path = folder / f"shopee_live_session_metrics_{START_DATE:%Y%m%d}_{END_DATE:%Y%m%d}.json"
    write_shopee_session_metrics(path, sessions)
    # Each record carries its username; the API's money has no currency sign.
    return DemoExport(path, None, None, "IDR")


def _third_party_export(
    folder: Path, sessions: Sequence[Mapping[str, Any]], seed: int
) -> DemoExport:
    """Two 28-day summaries per account, as a third-party tool estimates them: the session
    count is right, GMV, views and units are off by up to a quarter either way."""
    import numpy as np

    from siaran.ingest.layouts.third_party import write_third_party_summary

    rng = np.random.default_rng([seed, 28])
    rows = []
    for account in ESTIMATED_ACCOUNTS:
        own = [s for s in sessions if s["account"] == account]
        for back in (1, 0):
            last = END_DATE - dt.timedelta(days=WINDOW_DAYS * back)
            first = last - dt.timedelta(days=WINDOW_DAYS - 1)
            inside = _in(own, first, last)

            def estimate(name: str, inside: Sequence[Mapping[str, Any]] = inside) -> float:
                total = sum(s[name] for s in inside if s[name] is not None)
                return float(round(total * rng.uniform(0.75, 1.25), -3 if name == "gmv" else 0))

            rows.append(
                {
                    "account": account,
                    "period_start": first,
                    "period_end": last,
                    "sessions": len(inside),
                    "gmv": estimate("gmv"),
                    "views": estimate("views"),
                    "units": estimate("items_sold"),
                    "peak_online": max((s["pcu"] or 0) for s in inside),
                }
            )
    folder.mkdir(parents=True, exist_ok=True)
    taken = dt.datetime.combine(END_DATE + dt.timedelta(days=1), dt.time(10, 12, 5))
    path = folder / f"{THIRD_PARTY_SOURCE}_Live_Analytics_{taken:%Y%m%d}.xlsx"
    write_third_party_summary(path, rows, source=THIRD_PARTY_SOURCE)
    _pin_xlsx(path, taken)
    return DemoExport(path, None, None)


# -- the hand-kept Instagram log --------------------------------------------------------------


def _instagram_export(
    folder: Path, profile: CohortProfile, sessions: Sequence[Mapping[str, Any]]
) -> DemoExport:
    """The admin's own sheet: dates and times as Excel cells, counts typed as numbers, the
    duration and the takings written the Indonesian way (``1j 5m``, ``Rp 1,2 jt``), an empty
    cell where nobody noted the figure. Takings are rounded as a person writes them."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Log Live"
    sheet.append([f"Catatan Live Instagram @{profile.account}"])
    sheet.append(["Diisi admin setelah live. Omzet = pesanan lewat DM/WA yang sudah transfer."])
    sheet.append([])
    sheet.append(list(_INSTAGRAM_HEADERS))
    for number, session in enumerate(sessions, start=1):
        start = session["started_at"]
        sheet.append(
            [
                number,
                start.date(),
                start.time().replace(second=0, tzinfo=None),
                _jam_menit(session["duration_s"]),
                session["title"],
                session["viewers"],
                session["pcu"],
                session["comments"],
                session["likes"],
                session["orders"],
                session["customers"],
                None if session["gmv"] is None else f"Rp {format_compact_id(session['gmv'])}",
                _INSTAGRAM_NOTES[number % len(_INSTAGRAM_NOTES)],
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 2).number_format = "dd/mm/yyyy"
        sheet.cell(row, 3).number_format = "hh:mm"
    widths = (5, 12, 10, 9, 34, 10, 16, 10, 8, 9, 9, 12, 28)
    for column, width in zip("ABCDEFGHIJKLM", widths, strict=True):
        sheet.column_dimensions[column].width = width
    path = folder / "Catatan Live IG.xlsx"
    workbook.save(path)
    last = max(s["started_at"].date() for s in sessions)
    _pin_xlsx(path, dt.datetime.combine(last + dt.timedelta(days=1), dt.time(9, 30)))
    mapping = folder / "mapping-instagram.yaml"
    mapping.write_text(_instagram_mapping(profile), encoding="utf-8")
    return DemoExport(path, None, mapping)  # the mapping names the account


def _jam_menit(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    minutes = round(seconds / 60)
    return f"{minutes // 60}j {minutes % 60}m" if minutes >= 60 else f"{minutes}m"


def _instagram_mapping(profile: CohortProfile) -> str:
    columns: Mapping[str, str] = {
        "started_at": "[Tanggal, Jam Mulai]",
        "duration_s": "Durasi",
        "title": "Judul Live",
        "viewers": "Penonton",
        "pcu": "Penonton Puncak",
        "comments": "Komentar",
        "likes": "Suka",
        "orders": "Pesanan",
        "customers": "Pembeli",
        "gmv": "Omzet",
    }
    lines = [
        "# Catatan live Instagram yang diisi manual: kolom mana berisi apa.",
        "# (A hand-kept Instagram Live log: which column holds which field.)",
        "platform: instagram",
        f"account: {profile.account}",
        "sheet: Log Live",
        "decimal: comma",
        "timezone: Asia/Jakarta",
        "currency: IDR",
        "gmv_basis: paid",
        "columns:",
        *(f"  {name}: {header}" for name, header in columns.items()),
    ]
    return "\n".join(lines) + "\n"


# -- byte-stable workbooks --------------------------------------------------------------------


def _pin_xlsx(path: Path, when: dt.datetime) -> None:
    """Rewrite the workbook at ``path`` with every save-time stamp set to ``when`` (a local
    wall-clock time): the zip entries' times and ``docProps/core.xml``'s created/modified."""
    stamp = when.replace(tzinfo=TIMEZONE).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pinned:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                text = _CORE_TIMES.sub(rf"\g<1>{stamp}\g<3>", data.decode("utf-8"))
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            pinned.writestr(entry, data)
    path.write_bytes(buffer.getvalue())
