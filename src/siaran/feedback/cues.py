"""The feedback cues: what a buyer's review is about, and whether it praises or complains.

========================  ==========================================================
cue                       a review has it when it speaks of
========================  ==========================================================
``product_quality``       the product itself: how well it is made, works, lasts, is
                          fresh; defects, breakage, expiry
``fit_size_taste``        whether it suits the buyer: size and fit, colour as seen,
                          taste, smell, how it sits on the skin
``packaging``             how it was packed: wrapping, box, leaks and dents in transit
``shipping_speed``        how fast it came: delivery time, the courier, the wait
``authenticity_trust``    whether it is genuine and as described: original or fake,
                          seals, registration, matching the description or photo
``price_value``           the price and what it is worth: cheap, expensive, worth it,
                          discounts
``seller_service``        the seller's service: answers in chat, friendliness,
                          complaints and refunds handled, wrong or missing items,
                          bonuses
========================  ==========================================================

Each cue found carries a polarity: ``+`` (praise) or ``-`` (complaint).
"""

from __future__ import annotations

from typing import Final, Literal, get_args

FeedbackCue = Literal[
    "product_quality",
    "fit_size_taste",
    "packaging",
    "shipping_speed",
    "authenticity_trust",
    "price_value",
    "seller_service",
]
Polarity = Literal["+", "-"]

CUES: Final[tuple[FeedbackCue, ...]] = get_args(FeedbackCue)
"""The cues in the order of :data:`FeedbackCue`."""
POLARITIES: Final[tuple[Polarity, ...]] = get_args(Polarity)


def label(cue: str, polarity: str) -> str:
    """``shipping_speed-``: a cue with its polarity, as the evaluation set writes it."""
    return f"{cue}{polarity}"
