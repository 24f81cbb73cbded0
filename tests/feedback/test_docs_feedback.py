"""The accuracy the feedback docs state is the accuracy ``siaran feedback eval`` measures, and
the held-out part stays what it was when it was scored."""

from __future__ import annotations

from pathlib import Path

from siaran.feedback import evaluate_feedback
from siaran.feedback.evaluation import read_labelled, shipped_evalset

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs/en/feedback.md", ROOT / "docs/id/ulasan.md")


def test_both_docs_show_every_measured_row() -> None:
    rows = evaluate_feedback().to_rows()
    for doc in DOCS:
        written = doc.read_text(encoding="utf-8")
        for row in rows:
            low, high = row["macro_f1_low"], row["macro_f1_high"]
            assert row["macro_f1"] is not None and low is not None and high is not None
            line = (
                f"| {row['part']} | {row['scoring']} | {row['reviews']} | "
                f"{row['macro_f1']:.3f} | {low:.3f}–{high:.3f} |"
            )
            assert line in written, (doc.name, line)


def test_every_cue_and_polarity_has_examples_in_both_parts() -> None:
    for part in ("tuning", "heldout"):
        reviews = read_labelled(shipped_evalset() / f"{part}.tsv")
        labels = {label for review in reviews for label in review.labels}
        assert {label[:-1] for label in labels} == {
            "product_quality", "fit_size_taste", "packaging", "shipping_speed",
            "authenticity_trust", "price_value", "seller_service",
        }  # fmt: skip
        assert any(not review.labels for review in reviews)
