"""The account page's customer-feedback section (``_feedback.html``): what
:func:`siaran.feedback.feedback_overview` says of one account, for the template."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from siaran.feedback import (
        CueCount,
        FeedbackSummary,
        LiveComplaint,
        LiveFeedback,
        ReviewRecord,
    )
    from siaran.workspace import Workspace

PRODUCTS_SHOWN: Final = 12
LIVES_SHOWN: Final = 10
NEGATIVE_SHOWN: Final = 5
COMPLAINTS_SHOWN: Final = 5


@dataclass(frozen=True)
class FeedbackSection:
    summary: FeedbackSummary
    products: list[FeedbackSummary]
    cues: list[CueCount]
    lives: list[LiveFeedback]
    negative: list[ReviewRecord]
    complaints: list[LiveComplaint]


def feedback_section(
    workspace: Workspace, account: str, accounts: Collection[str] | None
) -> FeedbackSection | None:
    """The section of ``account`` (within the accounts the viewer may see); ``None`` when it
    has no review."""
    from siaran.feedback import feedback_overview

    found = workspace.con.execute(
        "SELECT count(*) FROM reviews WHERE account = ?", [account]
    ).fetchone()
    if not found or not found[0]:
        return None
    overview = feedback_overview(workspace, account=account, accounts=accounts)
    if not overview.accounts:
        return None
    negative = [r for r in reversed(overview.reviews) if r.negative and r.text]
    return FeedbackSection(
        summary=overview.accounts[0],
        products=overview.products[:PRODUCTS_SHOWN],
        cues=[c for c in overview.cues if c.reviews],
        lives=list(reversed(overview.lives))[:LIVES_SHOWN],
        negative=negative[:NEGATIVE_SHOWN],
        complaints=list(reversed(overview.complaints))[:COMPLAINTS_SHOWN],
    )
