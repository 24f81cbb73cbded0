"""A live's timeline read at a glance: one row per few minutes instead of one per minute.

A 78-minute live has 78 minute rows; a person reading a terminal or a phone wants the shape
of it. :func:`summarise_timeline` folds the per-minute rows of
:func:`~siaran.events.timeline.room_timeline` into spans of ``every`` minutes, aligned to the
clock (``20:00``, ``20:05``, ...): the span's highest viewer sample, and the sums of its joins,
comments, likes, shares, follows, gifts, orders and GMV. Unknown stays unknown: a span whose
minutes have no viewer sample has no peak (``None``), never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

from siaran.events.timeline import COUNT_FIELDS, EventCounts

SUMMED_FIELDS: Final[tuple[str, ...]] = (*COUNT_FIELDS, "gmv")
SUMMARY_FIELDS: Final[tuple[str, ...]] = ("minute", "minutes", "viewers_peak", *SUMMED_FIELDS)


def _span_start(minute: dt.datetime, every: int) -> dt.datetime:
    """The first minute of ``minute``'s span: clock-aligned when ``every`` divides an hour
    (``20:05`` for ``20:07`` in 5-minute spans), else counted from midnight."""
    since_midnight = minute.hour * 60 + minute.minute
    return minute.replace(second=0, microsecond=0) - dt.timedelta(minutes=since_midnight % every)


def _sum(values: Sequence[Any]) -> float | int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


class TimelineSpan(EventCounts):
    """A span of a timeline: its first clock minute (ISO 8601), how many minute rows it holds,
    its highest viewer sample (``None`` without one) and the sums of its events and GMV."""

    minute: str
    minutes: int
    viewers_peak: int | None


def summarise_timeline(rows: Sequence[Mapping[str, Any]], every: int = 5) -> list[TimelineSpan]:
    """One dict per span of ``every`` minutes (:data:`SUMMARY_FIELDS`): ``minute`` (ISO 8601,
    the span's first clock minute), ``minutes`` (minute rows in it), ``viewers_peak`` and the
    sums of :data:`SUMMED_FIELDS`. ``every=1`` gives the minutes back, one span each."""
    if every < 1:
        raise ValueError(f"every must be at least 1 minute, not {every}")
    spans: dict[dt.datetime, list[Mapping[str, Any]]] = {}
    for row in rows:
        minute = dt.datetime.fromisoformat(str(row["minute"]))
        spans.setdefault(_span_start(minute, every), []).append(row)
    summary: list[TimelineSpan] = []
    for start, members in spans.items():
        viewers = [r["viewers"] for r in members if r.get("viewers") is not None]
        span = {
            "minute": start.isoformat(),
            "minutes": len(members),
            "viewers_peak": max(viewers) if viewers else None,
            **{name: _sum([r.get(name) for r in members]) for name in SUMMED_FIELDS},
        }
        summary.append(cast(TimelineSpan, span))
    return summary
