"""The content types of affiliate orders, as TikTok Shop's English and Indonesian UIs write them."""

from __future__ import annotations

import pytest

from siaran.ecosystem.layouts import content_type


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("LIVE", "live"),
        ("Siaran LIVE", "live"),
        ("Video Pendek", "video"),
        ("Etalase", "showcase"),
        ("Etalase Produk", "showcase"),
        ("Etalase Toko", "showcase"),
        ("Kartu Produk", "product_card"),
        ("Product card", "product_card"),
    ],
)
def test_content_types_in_both_languages(written: str, kind: str) -> None:
    assert content_type(written) == kind


def test_other_text_is_no_content_type() -> None:
    assert content_type("Iklan") is None
