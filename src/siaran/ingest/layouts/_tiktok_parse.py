"""The parse the TikTok Shop session layouts share (``tiktok_creator``, ``seller_center``): the
period above the header, the table read whole, each layout's own checks and sessions, then the
tail every table layout shares (:func:`~siaran.ingest.layouts._tiktok_columns.finish_parse`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from siaran.ingest.layout import ImportContext, ParsedImport, SessionBatch
from siaran.ingest.layouts._sheet_table import HeaderRow, find_period
from siaran.ingest.layouts._tiktok_columns import (
    Column,
    ReadTable,
    finish_parse,
    gc_paused,
    read_table,
)
from siaran.ingest.numbers import Convention
from siaran.ingest.source import Sheet

SessionsOf = Callable[[ReadTable, ParsedImport], SessionBatch]
"""A layout's sessions from its read table; it may add its own problems and notes to the
parse."""


def parse_sessions(
    layout: str,
    sheet: Sheet,
    header: HeaderRow,
    columns: Sequence[Column],
    context: ImportContext,
    *,
    prefer: Convention,
    sessions: SessionsOf,
) -> ParsedImport:
    """Parse ``sheet`` below ``header`` as the layout named ``layout``: the table's problems
    first, then what ``sessions`` finds while building the sessions."""
    parsed = ParsedImport(layout=layout, period=find_period(sheet.rows[: header.index]))
    with gc_paused():
        table = read_table(sheet, header, columns, tz=context.timezone, prefer=prefer)
        parsed.problems.extend(table.problems)
        parsed.sessions = sessions(table, parsed)
        return finish_parse(parsed, table, columns, header, context)
