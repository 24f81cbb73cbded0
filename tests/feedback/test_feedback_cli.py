"""``siaran feedback`` and ``siaran feedback eval``: views, JSON, messages in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siaran.feedback.writer import write_review_file
from siaran.workspace import Workspace
from tests.bounded import run_cli
from tests.feedback.test_measures import REVIEWS

__all__ = ["REVIEWS"]


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    ws = tmp_path / "ws"
    Workspace.create(ws).close()
    path = write_review_file(tmp_path / "ulasan.csv", REVIEWS)
    code, said = run_cli(["import", str(path), "-w", str(ws), "--account", "toko.ayu"], capsys)
    assert code == 0, said
    return ws


def test_per_account_json_has_the_rates(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, said = run_cli(["feedback", "-w", str(folder), "--format", "json"], capsys)
    assert code == 0, said
    (row,) = json.loads(said)
    assert row["account"] == "toko.ayu" and row["product"] is None
    assert row["negative_review_rate_30d"] == 0.5
    assert row["negative_review_rate_7d"] == pytest.approx(1 / 3)
    assert row["as_of"].startswith("2026-08-02T10:00:00")


def test_views_of_reviews_products_and_cues(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = run_cli(
        ["feedback", "-w", str(folder), "--view", "reviews", "--product", "roa", "--format", "csv"],
        capsys,
    )
    assert code == 0, said
    assert said.count("Sambal Roa") == 3 and "packaging+ " not in said
    assert "product_quality+ packaging+" in said
    code, said = run_cli(
        ["feedback", "-w", str(folder), "--view", "reviews", "--format", "json"], capsys
    )
    first = json.loads(said)[0]
    assert first["cues"] == {"product_quality": "+", "packaging": "+"}
    assert first["room_id"] is None and first["negative"] is False
    assert "reviewer" not in first and "reviewer_key" not in first
    code, said = run_cli(
        ["feedback", "-w", str(folder), "--view", "cues", "--format", "json"], capsys
    )
    cues = {row["cue"]: row for row in json.loads(said)}
    assert cues["shipping_speed"]["negative"] == 1
    code, said = run_cli(
        ["--lang", "en", "feedback", "-w", str(folder), "--view", "products"], capsys
    )
    assert code == 0 and "Sambal Cakalang" in said and "1-2 star reviews" in said


def test_no_reviews_is_told_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    Workspace.create(ws).close()
    code, said = run_cli(["--lang", "en", "feedback", "-w", str(ws)], capsys)
    assert code == 2 and "No reviews in this workspace yet" in said
    code, said = run_cli(["--lang", "id", "feedback", "-w", str(ws)], capsys)
    assert code == 2 and "Belum ada ulasan" in said


def test_eval_reports_every_part(capsys: pytest.CaptureFixture[str]) -> None:
    code, said = run_cli(["feedback", "eval", "--format", "json"], capsys)
    assert code == 0, said
    rows = {(r["part"], r["scoring"]): r for r in json.loads(said)}
    assert set(rows) == {(p, s) for p in ("tuning", "heldout") for s in ("cues", "polarity")}
    held = rows[("heldout", "cues")]
    assert held["reviews"] == 79
    assert held["macro_f1_low"] <= held["macro_f1"] <= held["macro_f1_high"]


def test_eval_names_a_bad_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("rating\tcues\ttext\n5\tshipping_fast+\tcepat\n", encoding="utf-8")
    code, said = run_cli(["--lang", "en", "feedback", "eval", str(path)], capsys)
    assert code == 1
    assert "row 2" in said and "shipping_fast+" in said
