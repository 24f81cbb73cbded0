"""The cue vocabulary: what a host line or a viewer comment can be tagged with.

A line can carry several cues; ``other`` is given only to a line that carries none of the
others. The order of these tuples is the order cues are listed everywhere (tags, reports).
"""

from __future__ import annotations

from typing import Final, Literal

Kind = Literal["host", "comment"]
KINDS: Final[tuple[Kind, ...]] = ("host", "comment")
OTHER: Final = "other"

HOST_CUES: Final[tuple[str, ...]] = (
    "greeting",
    "demonstration",
    "product_info",
    "price_offer",
    "urgency",
    "call_to_action",
    "trust",
    "social_proof",
    "answer",
    "ecosystem",
    "closing",
    OTHER,
)

COMMENT_CUES: Final[tuple[str, ...]] = (
    "question_price",
    "question_stock",
    "question_shipping",
    "question_product",
    "purchase_intent",
    "complaint",
    "praise",
    OTHER,
)

QUESTION_CUES: Final[tuple[str, ...]] = (
    "question_price",
    "question_stock",
    "question_shipping",
    "question_product",
)


def cues_of(kind: Kind) -> tuple[str, ...]:
    """Every cue of ``kind``, ``other`` last."""
    return HOST_CUES if kind == "host" else COMMENT_CUES
