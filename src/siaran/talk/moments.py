"""The moments of largest audience change with what the host was saying then.

:func:`siaran.events.largest_changes` finds the minutes where the viewer sample moved most;
when the live was scored from a timed transcript (``siaran talk score TRANSCRIPT --room
ROOM``), the stored host lines of that minute and the minute before are added as ``said``.
Transcript times are offsets from the start of the live: the imported session's start when
there is one, else the room's first event (the same start the scorecard was made with). The
join lives here, above the event stream: talk reads events, events never read talk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from siaran.events.measures import Moment
    from siaran.store.engine import EngineContext
    from siaran.talk.storage import TalkLineRow
    from siaran.workspace import Workspace

    # Declared for the type checker only: importing siaran.events at run time would load the
    # engine libraries with siaran.talk (tests/talk/test_api.py).
    class TalkMoment(Moment):
        """A :class:`~siaran.events.measures.Moment` with what the host said then."""

        said: list[TalkLineRow] | None


# A change shows in the minute's sample, but what moved the audience was often said just before.
SAID_BEFORE_S: Final = 60.0
SAID_AFTER_S: Final = 60.0
QUOTE_CHARS: Final = 160


def live_start(workspace: Workspace, account: str, room_id: str) -> dt.datetime | None:
    """Where transcript offsets of ``account``'s ``room_id`` count from: the imported session's
    start, else the room's first event; ``None`` when neither is known."""
    from siaran.talk.storage import session_started_at
    from siaran.talk.stream import first_event_at

    return session_started_at(workspace, account, room_id) or first_event_at(
        workspace, account, room_id
    )


def moments_with_talk(
    context: EngineContext, workspace: Workspace, account: str, room_id: str, *, limit: int = 3
) -> list[TalkMoment]:
    """:func:`largest_changes` of ``account``'s ``room_id``, each with ``said``: the host lines
    spoken in that
    minute and the minute before (``number``, ``start_s``, ``end_s``, ``text``, ``cues``,
    ``phase``), ``[]`` when the host said nothing then, and ``None`` when no timed transcript of
    the live is stored (it was never scored, or scored from an untimed one)."""
    from siaran.events.measures import largest_changes
    from siaran.talk.storage import has_timed_lines, lines_between

    moments = largest_changes(context, workspace, account, room_id, limit=limit)
    if not moments:
        return []
    timed = has_timed_lines(workspace, account, room_id)
    start = live_start(workspace, account, room_id) if timed else None
    out: list[TalkMoment] = []
    for moment in moments:
        said = None
        if start is not None:
            offset = (
                _aware(dt.datetime.fromisoformat(moment["minute"])) - _aware(start)
            ).total_seconds()
            said = lines_between(
                workspace, account, room_id, offset - SAID_BEFORE_S, offset + SAID_AFTER_S
            )
        out.append({**moment, "said": said})
    return out


def _aware(moment: dt.datetime) -> dt.datetime:
    """Naive timestamps from the store are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def offset_clock(seconds: float | None) -> str:
    """An offset from the start of the live as ``m:ss`` (``h:mm:ss`` past an hour)."""
    if seconds is None:
        return "—"
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def said_quote(lines: Sequence[TalkLineRow], *, limit: int = QUOTE_CHARS) -> str:
    """The host lines of a moment as one short quote (cut at a word, with an ellipsis)."""
    joined = " / ".join(str(line["text"]).strip() for line in lines)
    if len(joined) <= limit:
        return joined
    return joined[:limit].rsplit(" ", 1)[0].rstrip(" /") + "…"
