"""The live page's feedback card (``_live_feedback.html``): the reviews of orders bought in
one live, from :func:`siaran.feedback.feedback_overview` of its account within the accounts
the viewer may see: how many, their mean stars, the share of 1-2 star reviews and the
complaint cues they raise most."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from siaran.feedback import FeedbackCue, LiveFeedback
    from siaran.workspace import Workspace

CUES_SHOWN: Final = 3


@dataclass(frozen=True)
class LiveFeedbackCard:
    """``stored``: the account has reviews; ``live``: this live's figures (``None`` when no
    review is of an order bought in it); ``cues``: complaint cues, most raised first."""

    stored: bool = False
    live: LiveFeedback | None = None
    cues: list[tuple[FeedbackCue, int]] = field(default_factory=list)


def live_feedback_card(
    workspace: Workspace, account: str, room_id: str, accounts: Collection[str] | None
) -> LiveFeedbackCard:
    """The card of ``account``'s live ``room_id`` (only reviews of the viewer's accounts)."""
    from siaran.feedback import feedback_overview

    found = workspace.con.execute(
        "SELECT count(*) FROM reviews WHERE account = ?", [account]
    ).fetchone()
    if not found or not found[0]:
        return LiveFeedbackCard()
    overview = feedback_overview(workspace, account=account, accounts=accounts)
    live = next((v for v in overview.lives if v.room_id == room_id), None)
    if live is None or not live.reviews:
        return LiveFeedbackCard(stored=bool(overview.reviews))
    counts = Counter(
        cue for r in overview.reviews if r.room_id == room_id for cue in r.complaints()
    )
    return LiveFeedbackCard(stored=True, live=live, cues=counts.most_common(CUES_SHOWN))
