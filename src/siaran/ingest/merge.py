"""Merging one import's sessions and their platform values into the store, inside the import's
transaction (:mod:`siaran.ingest.importer` holds it).

New session keys are added; a key already stored is replaced only by a later snapshot (later
``ended_at``); within one file the latest snapshot wins. What another export of the live filled
in (recorded in ``session_fills``) stays where a later snapshot leaves it blank. A new key that
is a live already stored from another export (:mod:`siaran.ingest.same_live`) is joined with it
instead of added. Rooms of another account and conflicting duplicates refuse the whole file. The
platform values of the accepted rows are written in (session key, KPI) order, found in Arrow on
integers rather than by sorting a million and a half strings, and checked there to hold one
value per session and KPI: the table has no primary key to refuse a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from siaran.errors import BadInputError, Problem
from siaran.ingest.same_live import (
    add_absorbed_values,
    fill_kept_rows,
    keep_filled_fields,
    keep_filled_values,
    move_replaced_values,
    pair_same_lives,
    remove_replaced_rows,
)
from siaran.store.ownership import check_room_claims
from siaran.store.schema import SESSION_FIELD_NAMES


@dataclass(frozen=True)
class MergeCounts:
    """What became of a file's sessions, one count per distinct session key."""

    added: int
    """New lives."""
    updated: int
    """A later snapshot that replaced the stored one."""
    kept: int
    """Stored as late or later already: the stored one stands."""
    matched: int
    """A live already stored from another export, joined with it (see
    :mod:`siaran.ingest.same_live`)."""


def merge_sessions(con: Any, incoming: pa.Table, reported: pa.Table, path: Path) -> MergeCounts:
    """Upsert ``incoming`` (the importer's session table, with ``batch_index``) and, for the
    rows accepted, their platform values ``reported`` (``row`` naming the batch index).

    ``platform_reported`` has no key of its own (schema version 12): a replaced session's values
    are all deleted before the new ones go in, and the new ones hold one value per KPI."""
    con.register("incoming_raw", incoming)
    try:
        _check_claims(con, incoming, path)
        _refuse_conflicts(con, path)
        # One row per key (the latest snapshot in the file), and whether it replaces the
        # stored one: NULL when that cannot be told (neither added, updated nor kept).
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE incoming AS
            SELECT i.*, s.session_key IS NULL AS is_new,
                   s.session_key IS NULL OR s.ended_at IS NULL OR i.ended_at > s.ended_at
                     AS accepted
            FROM (
              SELECT * EXCLUDE (snapshot_rank) FROM (
                SELECT *, row_number() OVER (
                  PARTITION BY session_key
                  ORDER BY ended_at DESC NULLS LAST, source_row DESC
                ) AS snapshot_rank
                FROM incoming_raw
              ) WHERE snapshot_rank = 1
            ) i LEFT JOIN sessions s USING (session_key)
            """
        )
        pair_same_lives(con)
        found = con.execute(
            """
            SELECT
              count(*) FILTER (WHERE is_new AND m.incoming_key IS NULL),
              count(*) FILTER (WHERE NOT is_new AND accepted),
              count(*) FILTER (WHERE NOT is_new AND NOT accepted),
              count(m.incoming_key)
            FROM incoming i LEFT JOIN same_live m ON m.incoming_key = i.session_key
            """
        ).fetchone()
        fill_kept_rows(con)
        remove_replaced_rows(con)
        # An incoming row joined with a stored one that is kept is not written itself.
        written = (
            "accepted AND session_key NOT IN "
            "(SELECT incoming_key FROM same_live WHERE NOT keeps_incoming)"
        )
        superseded = "SELECT session_key FROM incoming WHERE accepted AND NOT is_new"
        keep_filled_fields(con)
        con.execute(f"DELETE FROM sessions WHERE session_key IN ({superseded})")
        con.execute(f"DELETE FROM platform_reported WHERE session_key IN ({superseded})")
        con.execute(
            "INSERT INTO sessions "
            f"SELECT * EXCLUDE (batch_index, is_new, accepted) FROM incoming WHERE {written}"
        )
        rows = con.execute(f"SELECT batch_index FROM incoming WHERE {written}").fetchnumpy()
        _insert_values(con, _accepted_values(incoming, reported, rows["batch_index"]))
        keep_filled_values(con)
        absorbed = con.execute(
            "SELECT i.batch_index FROM incoming i "
            "JOIN same_live m ON m.incoming_key = i.session_key AND NOT m.keeps_incoming"
        ).fetchnumpy()
        if len(absorbed["batch_index"]):
            con.register(
                "absorbed_values", _accepted_values(incoming, reported, absorbed["batch_index"])
            )
            try:
                add_absorbed_values(con, "absorbed_values")
            finally:
                con.unregister("absorbed_values")
        move_replaced_values(con)
    finally:
        con.unregister("incoming_raw")
        con.execute("DROP TABLE IF EXISTS incoming")
        con.execute("DROP TABLE IF EXISTS same_live")
        con.execute("DROP TABLE IF EXISTS filled_values")
    return MergeCounts(*(int(count) for count in found))


def _insert_values(con: Any, values: pa.Table) -> None:
    con.register("reported_sorted", values)
    try:
        con.execute("INSERT INTO platform_reported SELECT * FROM reported_sorted")
    finally:
        con.unregister("reported_sorted")


def _accepted_values(incoming: pa.Table, reported: pa.Table, accepted: np.ndarray) -> pa.Table:
    """The rows of ``reported`` whose batch row was ``accepted``, as ``platform_reported``
    rows (session key, KPI, value, text) ordered by session key and KPI."""
    n = incoming.num_rows
    rows = reported["row"].to_numpy()
    keep = np.zeros(n, dtype=bool)
    keep[np.asarray(accepted, dtype=np.int64)] = True
    inside = (rows >= 0) & (rows < n)  # a row naming no session has nothing to join
    wanted = np.zeros(len(rows), dtype=bool)
    wanted[inside] = keep[rows[inside]]
    keys = incoming["session_key"].combine_chunks()
    rank = np.empty(n, dtype=np.int64)
    rank[pc.sort_indices(keys).to_numpy()] = np.arange(n, dtype=np.int64)
    kpis = reported["kpi"].combine_chunks()
    names = pa.array(sorted(pc.unique(pc.drop_null(kpis)).to_pylist()), pa.string())
    kpi_rank = pc.fill_null(pc.index_in(kpis, value_set=names), 0).to_numpy()
    order = np.flatnonzero(wanted)
    codes = rank[rows[order]] * len(names) + kpi_rank[order]
    by_code = np.argsort(codes, kind="stable")
    order, codes = order[by_code], codes[by_code]
    if np.any(codes[1:] == codes[:-1]):  # the table has no key: this merge is what keeps it
        raise RuntimeError("a layout reported one KPI twice for one session")
    taken = pa.array(order)
    return pa.table(
        {
            "session_key": pc.take(keys, pa.array(rows[order])),
            "kpi": pc.take(kpis, taken),
            "value": pc.take(reported["value"], taken),
            "raw": pc.take(reported["raw"], taken),
        }
    )


def _check_claims(con: Any, incoming: pa.Table, path: Path) -> None:
    """Only a room the workspace holds already can be another account's: ask about those."""
    held = con.execute(
        """
        SELECT DISTINCT room_id FROM incoming_raw
        WHERE room_id IN (SELECT room_id FROM sessions)
           OR room_id IN (SELECT room_id FROM event_rooms)
        """
    ).fetch_arrow_table()
    known = incoming.filter(pc.is_in(incoming["room_id"], value_set=held["room_id"]))
    check_room_claims(
        con,
        path,
        zip(
            known["platform"].to_pylist(),
            known["room_id"].to_pylist(),
            known["account"].to_pylist(),
            known["source_row"].to_pylist(),
            strict=True,
        ),
    )


def _refuse_conflicts(con: Any, path: Path) -> None:
    """Two rows of one live with the same end time are the same snapshot: identical ones are
    a harmless repeat, but differing figures cannot both be right. Name both rows."""
    differs = " OR ".join(f'a."{name}" IS DISTINCT FROM b."{name}"' for name in SESSION_FIELD_NAMES)
    pairs = con.execute(
        f"""
        SELECT a.source_row, b.source_row, coalesce(a.room_id, a.session_key)
        FROM incoming_raw a JOIN incoming_raw b
          ON a.session_key = b.session_key AND a.batch_index < b.batch_index
         AND a.ended_at IS NOT DISTINCT FROM b.ended_at
        WHERE {differs}
        ORDER BY b.source_row, a.source_row
        """
    ).fetchall()
    if pairs:
        problems = [
            Problem(
                "import.conflicting_row", row=int(later), params={"other": int(first), "live": live}
            )
            for first, later, live in pairs
        ]
        raise BadInputError(
            "import.conflicting_rows", path=path, problems=problems, count=len(problems)
        )
