"""The known export layouts, tried in this order when recognising a file by its content."""

from __future__ import annotations

from siaran.ingest.layout import Layout


def known_layouts() -> list[Layout]:
    from siaran.ingest.layouts.seller_center import SELLER_CENTER_LIVE
    from siaran.ingest.layouts.shopee import SHOPEE_SESSION_METRICS
    from siaran.ingest.layouts.shopee_dashboard import SHOPEE_DASHBOARD
    from siaran.ingest.layouts.third_party import THIRD_PARTY_SUMMARY
    from siaran.ingest.layouts.tiktok_creator import CREATOR_LIVE_PERFORMANCE

    return [
        CREATOR_LIVE_PERFORMANCE,
        SELLER_CENTER_LIVE,
        SHOPEE_SESSION_METRICS,
        SHOPEE_DASHBOARD,
        THIRD_PARTY_SUMMARY,
    ]
