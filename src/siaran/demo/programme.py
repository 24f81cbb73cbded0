"""The demo's coaching programme: sessions for half of the cohort, starting in three waves.

Each account of :data:`siaran.demo.cohort.COACHING_STARTS` has a first session on session
design on its start day (from which the cohort generator really lengthens its viewers' stay by
:data:`~siaran.demo.cohort.COACHING_EFFECT`), and a follow-up on another area two weeks later.
The other accounts are never coached: the not-yet-coached comparison of ``siaran programme
impact``. Recorded through :mod:`siaran.programme`, like any programme's; running the demo
again records nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from siaran.demo.cohort import COACHING_STARTS
from siaran.programme import CoachingSession, add_session

if TYPE_CHECKING:
    from siaran.workspace import Workspace

COACHES: Final = ("Nina", "Bayu")
FOLLOW_UPS: Final = ("conversion", "trust", "rhythm")
RECORDED_AT: Final = dt.datetime(2026, 9, 18, 9, 0, tzinfo=dt.UTC)


def demo_coaching_sessions() -> list[CoachingSession]:
    """The sessions the demo records, by day."""
    sessions = []
    for index, (account, start) in enumerate(sorted(COACHING_STARTS.items())):
        coach = COACHES[index % len(COACHES)]
        sessions.append(
            CoachingSession(
                account, start, "session_design", coach, "Pembukaan kuat, demo produk, tanya jawab."
            )
        )
        sessions.append(
            CoachingSession(
                account,
                start + dt.timedelta(days=14),
                FOLLOW_UPS[index % len(FOLLOW_UPS)],
                coach,
                None,
            )
        )
    return sorted(sessions, key=lambda s: (s.date, s.account))


def record_demo_coaching(workspace: Workspace) -> None:
    """Record the demo's coaching sessions (replacing themselves when there already)."""
    for session in demo_coaching_sessions():
        add_session(workspace, session, recorded_at=RECORDED_AT)
