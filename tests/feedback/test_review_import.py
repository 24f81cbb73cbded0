"""Review files import whole or not at all, recognised by content, without reviewers' names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from siaran.errors import BadInputError, UsageError
from siaran.feedback import ReviewImportReport
from siaran.feedback.writer import ReviewRow, write_review_file
from siaran.importing import ImportOptions, import_file
from siaran.orders import OrderImportReport
from siaran.orders.privacy import SECRET_SETTING, buyer_key
from siaran.orders.writer import write_order_export
from siaran.workspace import Workspace
from tests.orders.exports import at, line

ACCOUNT = "toko.ayu"
JAKARTA = ZoneInfo("Asia/Jakarta")


def when(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 7, day, hour, 0, tzinfo=JAKARTA)


def reviews() -> list[ReviewRow]:
    return [
        {"order_id": "577001", "product": "Sambal Roa", "rating": 5, "platform": "TikTok Shop",
         "text": "brg bagus bgt, packing rapi", "reviewed_at": when(6), "reviewer": "Rina.Sari"},
        {"order_id": "577002", "product": "Sambal Roa", "rating": 1, "platform": "tiktok",
         "text": "pengiriman lama", "reviewed_at": when(7), "reviewer": "dodi_88"},
        {"product": "Abon Tuna", "rating": 4, "reviewed_at": when(8), "platform": "tiktok",
         "reviewer": "Rina.Sari"},
    ]  # fmt: skip


def stored(ws: Workspace) -> list[tuple[object, ...]]:
    return ws.con.execute(
        "SELECT order_id, product, rating, text, reviewed_at, reviewer_key, source_row "
        "FROM reviews ORDER BY source_row"
    ).fetchall()


@pytest.mark.parametrize(("language", "xlsx"), [("en", False), ("id", False), ("en", True)])
def test_a_review_file_imports_every_review_without_names(
    workspace: Workspace, tmp_path: Path, language: str, xlsx: bool
) -> None:
    path = write_review_file(
        tmp_path / ("ulasan.xlsx" if xlsx else "ulasan.csv"),
        reviews(),
        language=language,
        xlsx=xlsx,
    )
    report = import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert isinstance(report, ReviewImportReport)
    assert (report.layout, report.reviews_added, report.reviewers) == ("siaran_reviews", 3, 2)
    rows = stored(workspace)
    secret = bytes.fromhex(str(workspace.setting(SECRET_SETTING)))
    rina = buyer_key(secret, "tiktok", "rina.sari")
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("577001", "Sambal Roa", 5, "brg bagus bgt, packing rapi"),
        ("577002", "Sambal Roa", 1, "pengiriman lama"),
        (None, "Abon Tuna", 4, None),
    ]
    assert [r[4] for r in rows] == [when(6), when(7), when(8)]
    assert rows[0][5] == rows[2][5] == rina != rows[1][5]
    # Neither the database nor the archive holds a reviewer's name.
    workspace.con.execute("CHECKPOINT")
    for file in [*workspace.path.rglob("*")]:
        if file.is_file():
            data = file.read_bytes().lower()
            assert b"rina.sari" not in data and b"dodi_88" not in data, file
    archived = list(workspace.raw_dir.glob("*.redacted.csv"))
    assert len(archived) == 1 and rina in archived[0].read_text()


def test_importing_the_same_file_twice_changes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_review_file(tmp_path / "ulasan.csv", reviews())
    import_file(workspace, path, ImportOptions(account=ACCOUNT))
    before = stored(workspace)
    again = import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert again.status == "already_imported"
    assert stored(workspace) == before


def test_an_overlapping_later_export_replaces_its_reviews(
    workspace: Workspace, tmp_path: Path
) -> None:
    import_file(
        workspace,
        write_review_file(tmp_path / "a.csv", reviews()[:2]),
        ImportOptions(account=ACCOUNT),
    )
    later = write_review_file(tmp_path / "b.csv", reviews())
    report = import_file(workspace, later, ImportOptions(account=ACCOUNT))
    assert isinstance(report, ReviewImportReport)
    assert (report.reviews_added, report.reviews_updated) == (1, 2)
    assert len(stored(workspace)) == 3


def test_every_bad_row_is_named_and_nothing_is_written(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = reviews()
    rows[0]["rating"] = 6
    rows[1]["reviewed_at"] = "kemarin sore"
    rows.append({"product": "Abon Tuna", "reviewed_at": when(9), "platform": "tiktok"})
    rows.append({"product": "Abon Tuna", "rating": "0", "text": "x", "platform": "tiktok"})
    path = write_review_file(tmp_path / "ulasan.csv", rows)
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    described = [p.describe("en") for p in caught.value.problems]
    assert described == [
        "row 2, column 'Rating', value '6': the rating must be a whole number from 1 to 5",
        "row 3, column 'Review Time', value 'kemarin sore': the review time cannot be read",
        "row 5: a row with neither a review text nor a rating",
        "row 6, column 'Rating', value '0': the rating must be a whole number from 1 to 5",
        "row 6, column 'Review Time': a review without a time",
    ]
    assert stored(workspace) == []
    assert workspace.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    assert not list(workspace.raw_dir.glob("*"))
    assert workspace.setting(SECRET_SETTING) is None


def test_an_unknown_header_is_named(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "ulasan.csv"
    path.write_text("Rating,Review,Review Time,Seller Reply\n5,ok,2026-07-01 10:00,makasih\n")
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert "'Seller Reply'" in caught.value.message("en")


def test_a_review_file_needs_an_account_and_a_platform(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [{k: v for k, v in r.items() if k != "platform"} for r in reviews()]
    path = write_review_file(tmp_path / "ulasan.csv", rows)  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        import_file(workspace, path)
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert "platform is unknown" in caught.value.problems[0].describe("en")
    # Once the account has orders on one platform, its reviews are of that platform.
    orders = write_order_export(
        tmp_path / "orders.csv", "tiktok", [line("577001", 0, at(20, 5), "Sambal Roa", 1, 45_000)]
    )
    assert isinstance(
        import_file(workspace, orders, ImportOptions(account=ACCOUNT)), OrderImportReport
    )
    report = import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert isinstance(report, ReviewImportReport) and report.reviews_added == 3


def test_any_layout_imports_through_a_review_mapping(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "dari-shopee.csv"
    path.write_text(
        "Tgl;Bintang Produk;Komentar Pembeli;Pesanan;Catatan\n"
        "03/07/2026 20:15;5;mantap, cepet sampe;2607030001;-\n"
        "04/07/2026 08:00;2;kemahalan;;-\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "ulasan.yaml"
    mapping.write_text(
        "kind: reviews\nplatform: shopee\ncolumns:\n  reviewed_at: Tgl\n"
        "  rating: Bintang Produk\n  text: Komentar Pembeli\n  order_id: Pesanan\n"
    )
    report = import_file(workspace, path, ImportOptions(account=ACCOUNT, mapping=mapping))
    assert isinstance(report, ReviewImportReport)
    assert report.layout == "mapping:ulasan.yaml"
    found = workspace.con.execute(
        "SELECT platform, order_id, rating, reviewed_at FROM reviews ORDER BY rating"
    ).fetchall()
    assert found == [
        ("shopee", None, 2, dt.datetime(2026, 7, 4, 8, 0, tzinfo=JAKARTA)),
        ("shopee", "2607030001", 5, dt.datetime(2026, 7, 3, 20, 15, tzinfo=JAKARTA)),
    ]
    # The archive keeps the mapped columns only ("Catatan" was not read, so not kept).
    archived = next(workspace.raw_dir.glob("*.redacted.csv")).read_text()
    assert "Catatan" not in archived.splitlines()[0]


def test_a_review_mapping_is_checked(workspace: Workspace, tmp_path: Path) -> None:
    path = write_review_file(tmp_path / "ulasan.csv", reviews())
    mapping = tmp_path / "ulasan.yaml"
    mapping.write_text("kind: reviews\ncolumns:\n  stars: Rating\n  text: Review\n")
    with pytest.raises(BadInputError) as caught:
        import_file(workspace, path, ImportOptions(account=ACCOUNT, mapping=mapping))
    described = " | ".join(p.describe("en") for p in caught.value.problems)
    assert "stars" in described and "`rating`" in described and "`reviewed_at`" in described


def test_a_tokopedia_review_is_of_the_tiktok_shop_platform(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Since the Tokopedia-TikTok Shop merge a Tokopedia order is in TikTok Shop's export:
    # its review belongs to the same platform, so that the reviewer's hash meets the buyer's.
    rows = reviews()
    rows[0]["platform"] = "Tokopedia"
    path = write_review_file(tmp_path / "ulasan.csv", rows)
    report = import_file(workspace, path, ImportOptions(account=ACCOUNT))
    assert isinstance(report, ReviewImportReport)
    platforms = workspace.con.execute("SELECT platform FROM reviews ORDER BY source_row")
    assert [p for (p,) in platforms.fetchall()] == ["tiktok"] * 3
    secret = bytes.fromhex(str(workspace.setting(SECRET_SETTING)))
    assert stored(workspace)[0][5] == buyer_key(secret, "tiktok", "rina.sari")


def test_a_review_mapping_may_name_tokopedia(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "ulasan-tokopedia.csv"
    path.write_text("Tgl;Bintang;Ulasan\n03/07/2026 20:15;5;mantap\n", encoding="utf-8")
    mapping = tmp_path / "ulasan.yaml"
    mapping.write_text(
        "kind: reviews\nplatform: Tokopedia\ncolumns:\n  reviewed_at: Tgl\n"
        "  rating: Bintang\n  text: Ulasan\n"
    )
    import_file(workspace, path, ImportOptions(account=ACCOUNT, mapping=mapping))
    assert workspace.con.execute("SELECT platform FROM reviews").fetchall() == [("tiktok",)]
