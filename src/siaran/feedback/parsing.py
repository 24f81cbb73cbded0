"""Review rows from a grid of text cells: every cell read, every bad row named.

A row is refused (a :class:`~siaran.errors.Problem` naming its row and column) when its rating
is not a whole number from 1 to 5, its time cannot be read or is missing, its platform is not
one siaran knows, or it has neither a text nor a rating. A rating without text is a review
(most are); text without a rating is kept with the rating unknown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Final
from zoneinfo import ZoneInfo

from siaran.errors import Problem
from siaran.feedback.columns import ReviewColumns, ReviewField
from siaran.ingest.numbers import ParseFailure, parse_local_datetime
from siaran.orders.privacy import buyer_key

PLATFORMS: Final = ("tiktok", "shopee", "instagram", "other")
_STARS: Final = re.compile(r"^[★⭐]+$")
_NUMBER: Final = re.compile(
    r"^(\d+)(?:[.,]0+)?(?:\s*/\s*5|\s*(?:bintang|stars?|★|⭐))?$", re.IGNORECASE
)


@dataclass(frozen=True)
class ParsedReview:
    platform: str
    review_id: str
    order_id: str | None
    product: str | None
    variation: str | None
    rating: int | None
    text: str | None
    reviewed_at: dt.datetime
    reviewer_key: str | None
    source_row: int


@dataclass
class ParsedReviews:
    reviews: list[ParsedReview] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: int = 0
    reviewers: int = 0


def parse_rating(raw: str) -> int | None:
    """``5``, ``5.0``, ``5/5``, ``5 Bintang``, ``5 stars`` or ``★★★★★`` as 5; raises
    ``ValueError`` for anything else."""
    value = raw.strip()
    if _STARS.match(value):
        return len(value)
    found = _NUMBER.match(value)
    if found is None:
        raise ValueError(value)
    return int(found.group(1))


PLATFORM_ALIASES: Final = {"tokopedia": "tiktok"}
"""Names that read as another platform: since the Tokopedia-TikTok Shop merge, Tokopedia's
orders are in TikTok Shop's order export, so a Tokopedia review links to a ``tiktok`` order
(as a third-party tool's Tokopedia figures count as TikTok's)."""


def platform_of(raw: str | None) -> str | None:
    """The platform a cell or setting names (``TikTok Shop``, ``Tokopedia`` -> ``tiktok``);
    ``None`` when empty, ``""`` when it names no known platform."""
    if raw is None:
        return None
    value = raw.strip().lower().replace(" ", "")
    for name, platform in PLATFORM_ALIASES.items():
        if name in value:
            return platform
    for known in PLATFORMS:
        if known in value:
            return known
    return ""


def parse_reviews(
    rows: list[dict[str, str | None]],
    columns: ReviewColumns,
    *,
    zone: ZoneInfo,
    secret: bytes,
    default_platform: str | None,
) -> ParsedReviews:
    """``rows``: cells ``c0..cN`` and ``row`` (the row number the user sees)."""
    out = ParsedReviews()
    seen: dict[tuple[str, str], int] = {}
    reviewers: set[str] = set()

    def cell(row: dict[str, str | None], name: ReviewField) -> str | None:
        index = columns.positions.get(name)
        value = row.get(f"c{index}") if index is not None else None
        return value.strip() or None if value is not None else None

    for row in rows:
        number = int(str(row["row"]))
        problems: list[Problem] = []

        def bad(
            name: ReviewField,
            reason: str,
            value: str | None,
            *,
            into: list[Problem] = problems,
            at: int = number,
        ) -> None:
            into.append(Problem(reason, row=at, column=columns.headers.get(name), value=value))

        if all(value is None for key, value in row.items() if key != "row"):
            continue
        platform = platform_of(cell(row, "platform")) or default_platform
        if cell(row, "platform") is not None and not platform_of(cell(row, "platform")):
            problems.append(
                Problem(
                    "feedback.bad_platform",
                    row=number,
                    column=columns.headers.get("platform"),
                    value=cell(row, "platform"),
                    params={"known": " | ".join(PLATFORMS)},
                )
            )
        elif platform is None:
            problems.append(Problem("feedback.no_platform", row=number))
        raw_rating = cell(row, "rating")
        rating = None
        if raw_rating is not None:
            try:
                rating = parse_rating(raw_rating)
            except ValueError:
                bad("rating", "feedback.bad_rating", raw_rating)
            else:
                if rating is not None and not 1 <= rating <= 5:
                    bad("rating", "feedback.bad_rating", raw_rating)
        text = cell(row, "text")
        if text is None and raw_rating is None:
            problems.append(Problem("feedback.empty_review", row=number))
        raw_time = cell(row, "reviewed_at")
        reviewed_at = None
        if raw_time is None:
            bad("reviewed_at", "feedback.no_time", None)
        else:
            try:
                reviewed_at = parse_local_datetime(raw_time, zone)
            except (ParseFailure, ValueError, OverflowError):
                reviewed_at = None
            if reviewed_at is None:
                bad("reviewed_at", "feedback.bad_time", raw_time)
        if problems or reviewed_at is None or platform is None:
            out.problems.extend(problems)
            continue
        name = cell(row, "reviewer")
        key = buyer_key(secret, platform, name) if name is not None else None
        if key is not None:
            reviewers.add(key)
        review = ParsedReview(
            platform=platform,
            review_id="",
            order_id=cell(row, "order_id"),
            product=cell(row, "product"),
            variation=cell(row, "variation"),
            rating=rating,
            text=text,
            reviewed_at=reviewed_at,
            reviewer_key=key,
            source_row=number,
        )
        review_id = cell(row, "review_id") or derived_id(review)
        identity = (platform, review_id)
        if identity in seen:
            out.duplicates += 1
            continue
        seen[identity] = number
        out.reviews.append(_with_id(review, review_id))
    out.reviewers = len(reviewers)
    return out


def derived_id(review: ParsedReview) -> str:
    """An id for a review whose export has none: from what the review says, so the same review
    in two overlapping exports is one review."""
    parts = (
        review.order_id or "",
        review.product or "",
        review.reviewer_key or "",
        review.reviewed_at.astimezone(dt.UTC).isoformat(),
        str(review.rating or ""),
        review.text or "",
    )
    return "h" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _with_id(review: ParsedReview, review_id: str) -> ParsedReview:
    from dataclasses import replace

    return replace(review, review_id=review_id)
