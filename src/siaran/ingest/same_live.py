"""One live exported two ways: recognising it, and keeping it once.

TikTok's ``Creator-Live-Performance`` export names each live by its room id and its start to the
second (``2026-07-04 20:01:54``); the Seller Center LIVE list has no room id and starts to the
minute (``2026/07/04/ 20:01``). Their session keys differ (``tiktok:room:<id>`` against
``tiktok:<account>:<start>``), so without this module the same live would be stored twice, and
live frequency and GMV counted twice.

An incoming session and a **stored** one are the same live when they have the same platform and
account, not both have a room id (two room ids are two lives), their keys differ and their starts
agree. The account is compared ignoring case on the platforms whose handles are case-insensitive
(:data:`CASELESS_HANDLES`: ``Toko.Ayu`` and ``toko.ayu`` are one TikTok account), exactly on the
others; only the matching ignores it, the stored account is never rewritten. Starts agree when
they are less than :data:`SAME_LIVE_WINDOW` apart, and, for a row whose start is written to the
minute (no room id and a start on the whole minute, as the Seller Center list has it), when the
other row's start falls in that minute: the list truncates, so ``20:01`` is a live started from
``20:01:00`` to ``20:01:59``, never one at ``20:00:50``. Only rows new to the store are matched,
only against stored rows whose key the file does not carry (a file is never matched with
itself), and a pair is made only of two rows that are each other's nearest candidate, so that
one live is never matched twice.

The row with a room id is kept (its key, its start, its values; when neither has one, the
stored row); a field it does not know is filled from the other row, the money (``gmv``, its
basis and currency) only as a whole, so that one row's GMV is never labelled with the other's
basis. Both rows' platform values are kept under the kept key, the kept row's value standing
where both carry a KPI. Each field and platform value filled is recorded in ``session_fills``
(schema version 13: the money once as ``gmv``, a platform value as ``kpi:<name>``), so that a
later snapshot of the kept row, which replaces it whole, keeps what was filled where it leaves it
blank (:func:`keep_filled_fields`, :func:`keep_filled_values`) and still drops the room's own
earlier figures; rows joined before version 13 have no records. Everything here is SQL over
the import's temporary ``incoming`` table (one row per key, see :mod:`siaran.ingest.merge`),
inside the import's transaction.
"""

from __future__ import annotations

from typing import Any, Final

from siaran.store.schema import SESSION_FIELD_NAMES

SAME_LIVE_WINDOW: Final = 60
"""Seconds: starts closer than this are one live (one export writes the start to the minute)."""

CASELESS_HANDLES: Final = ("tiktok", "shopee", "instagram")
"""Platforms whose account handles are case-insensitive: their accounts match lower-cased."""

_WINDOW_US: Final = SAME_LIVE_WINDOW * 1_000_000
_MINUTE_US: Final = 60 * 1_000_000
_IDENTITY: Final = frozenset({"platform", "account", "started_at"})
"""Fields the kept row never takes from the other: they are what matched, or its own start."""
_MONEY: Final = ("gmv", "gmv_basis", "currency")


def pair_same_lives(con: Any) -> None:
    """Create the temporary table ``same_live`` (``incoming_key``, ``stored_key``,
    ``keeps_incoming``): each incoming row that is a live already stored under another key, the
    stored row's key, and whether the incoming row is the one kept (it has the room id).

    Starts are put in buckets as wide as the window and each incoming row looks in its own and
    the two next to it, so the join is on equal values and does not grow with the account's
    history. A row written to the minute (``to_minute``) only takes a start at or after its
    own, so the two starts are in one minute."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE same_live AS
        WITH arriving AS (
          SELECT session_key, platform, {_matched_account()} AS handle,
                 coalesce(room_id, '') <> '' AS has_room, epoch_us(started_at) AS start_us
          FROM incoming WHERE is_new
        ),
        stored AS (
          SELECT session_key, platform, {_matched_account()} AS handle,
                 coalesce(room_id, '') <> '' AS has_room, epoch_us(started_at) AS start_us
          FROM sessions
          WHERE session_key NOT IN (SELECT session_key FROM incoming)
        ),
        candidates AS (
          SELECT a.session_key AS incoming_key, s.session_key AS stored_key,
                 a.has_room AS keeps_incoming, abs(a.start_us - s.start_us) AS apart
          FROM arriving a
          CROSS JOIN (VALUES (-1), (0), (1)) AS shift(minutes)
          JOIN stored s
            ON s.platform = a.platform AND s.handle = a.handle
           AND s.start_us // {_WINDOW_US} = a.start_us // {_WINDOW_US} + shift.minutes
          WHERE abs(a.start_us - s.start_us) < {_WINDOW_US}
            AND NOT (a.has_room AND s.has_room)
            AND (NOT {_to_minute("a")} OR s.start_us >= a.start_us)
            AND (NOT {_to_minute("s")} OR a.start_us >= s.start_us)
        ),
        ranked AS (
          SELECT *,
                 row_number() OVER (PARTITION BY incoming_key ORDER BY apart, stored_key)
                   AS nearest_stored,
                 row_number() OVER (PARTITION BY stored_key ORDER BY apart, incoming_key)
                   AS nearest_incoming
          FROM candidates
        )
        SELECT incoming_key, stored_key, keeps_incoming FROM ranked
        WHERE nearest_stored = 1 AND nearest_incoming = 1
        """
    )


def fill_kept_rows(con: Any) -> None:
    """Fill the fields the kept row of each pair does not know from the other row: an incoming
    row that is kept from the stored row it replaces (before it is written), a stored row that
    is kept from the incoming one. Each field filled is recorded in ``session_fills`` first
    (:func:`record_fills`), so that a later snapshot of the kept row keeps it."""
    record_fills(
        con,
        "SELECT kept.session_key AS kept_key, other.session_key AS other_key, "
        f"{_fill_columns()} FROM incoming kept "
        "JOIN same_live m ON m.incoming_key = kept.session_key AND m.keeps_incoming "
        "JOIN sessions other ON other.session_key = m.stored_key",
    )
    record_fills(
        con,
        "SELECT kept.session_key AS kept_key, other.session_key AS other_key, "
        f"{_fill_columns()} FROM sessions kept "
        "JOIN same_live m ON m.stored_key = kept.session_key AND NOT m.keeps_incoming "
        "JOIN incoming other ON other.session_key = m.incoming_key",
    )
    con.execute(
        f"""
        UPDATE incoming AS kept SET {_filled("kept", "other")}
        FROM (
          SELECT s.*, m.incoming_key FROM sessions s
          JOIN same_live m ON m.stored_key = s.session_key AND m.keeps_incoming
        ) AS other
        WHERE kept.session_key = other.incoming_key
        """
    )
    con.execute(
        f"""
        UPDATE sessions AS kept SET {_filled("kept", "other")}
        FROM (
          SELECT i.*, m.stored_key FROM incoming i
          JOIN same_live m ON m.incoming_key = i.session_key AND NOT m.keeps_incoming
        ) AS other
        WHERE kept.session_key = other.stored_key
        """
    )


def remove_replaced_rows(con: Any) -> None:
    """Delete the stored rows that an incoming row replaces (their platform values are moved
    by :func:`move_replaced_values`), and their own fill records (the row replacing them has
    recorded what it took from them)."""
    con.execute(
        "DELETE FROM session_fills WHERE session_key IN "
        "(SELECT stored_key FROM same_live WHERE keeps_incoming)"
    )
    con.execute(
        "DELETE FROM sessions WHERE session_key IN "
        "(SELECT stored_key FROM same_live WHERE keeps_incoming)"
    )


def add_absorbed_values(con: Any, values: str) -> None:
    """Write the platform values of the incoming rows kept out in favour of a stored row (the
    registered table ``values``, keyed by the incoming key) under the stored key, for the KPIs
    the stored row does not carry, each recorded as filled (``kpi:<name>``)."""
    con.execute(
        f"""
        INSERT OR IGNORE INTO session_fills
        SELECT m.stored_key, 'kpi:' || v.kpi, m.incoming_key
        FROM {values} v JOIN same_live m ON m.incoming_key = v.session_key
        WHERE NOT m.keeps_incoming AND NOT EXISTS (
          SELECT 1 FROM platform_reported p WHERE p.session_key = m.stored_key AND p.kpi = v.kpi
        )
        """
    )
    con.execute(
        f"""
        INSERT INTO platform_reported
        SELECT m.stored_key, v.kpi, v.value, v.raw
        FROM {values} v JOIN same_live m ON m.incoming_key = v.session_key
        WHERE NOT m.keeps_incoming AND NOT EXISTS (
          SELECT 1 FROM platform_reported p WHERE p.session_key = m.stored_key AND p.kpi = v.kpi
        )
        ORDER BY 1, 2
        """
    )


def move_replaced_values(con: Any) -> None:
    """Move the platform values of each replaced stored row to the incoming row that replaced
    it, for the KPIs that row does not carry itself (its own values are written by then),
    each recorded as filled (``kpi:<name>``)."""
    con.execute(
        """
        INSERT OR IGNORE INTO session_fills
        SELECT DISTINCT m.incoming_key, 'kpi:' || p.kpi, m.stored_key
        FROM platform_reported p JOIN same_live m ON m.stored_key = p.session_key
        WHERE m.keeps_incoming AND NOT EXISTS (
          SELECT 1 FROM platform_reported q WHERE q.session_key = m.incoming_key AND q.kpi = p.kpi
        )
        """
    )
    con.execute(
        """
        INSERT INTO platform_reported
        SELECT m.incoming_key, p.kpi, p.value, p.raw
        FROM platform_reported p JOIN same_live m ON m.stored_key = p.session_key
        WHERE m.keeps_incoming AND NOT EXISTS (
          SELECT 1 FROM platform_reported q WHERE q.session_key = m.incoming_key AND q.kpi = p.kpi
        )
        ORDER BY 1, 2
        """
    )
    con.execute(
        "DELETE FROM platform_reported WHERE session_key IN "
        "(SELECT stored_key FROM same_live WHERE keeps_incoming)"
    )


def keep_filled_fields(con: Any) -> None:
    """Before an accepted later snapshot replaces a stored row: the fields recorded as filled
    in that row which the snapshot leaves blank are taken from it (the money whole, and only
    when the snapshot has no GMV); the records of fields the snapshot knows are dropped. Any
    other blank of the snapshot stands (the room's own earlier figure is not kept). The
    platform values recorded as filled are put aside in ``filled_values`` for
    :func:`keep_filled_values`."""
    replacing = "i.accepted AND NOT i.is_new"
    known = " OR ".join(
        f"(f.field = '{name}' AND i.\"{name}\" IS NOT NULL)" for name in fillable_fields()
    )
    con.execute(
        f"""
        DELETE FROM session_fills f USING incoming i
        WHERE f.session_key = i.session_key AND {replacing} AND ({known})
        """
    )
    money = "list_contains(f.fields, 'gmv')"
    sets = []
    for name in fillable_fields():
        if name in _MONEY:
            continue
        filled = f"list_contains(f.fields, '{name}')"
        sets.append(f'"{name}" = CASE WHEN {filled} THEN s."{name}" ELSE i."{name}" END')
    for name in _MONEY:
        value = f'CASE WHEN {money} THEN s."{name}" ELSE i."{name}" END'
        if name == "currency":
            value = (
                f"CASE WHEN {money} OR list_contains(f.fields, 'currency') "
                "THEN s.currency ELSE i.currency END"
            )
        sets.append(f'"{name}" = {value}')
    con.execute(
        f"""
        UPDATE incoming AS i SET {", ".join(sets)}
        FROM sessions s, (
          SELECT session_key, list(field) AS fields FROM session_fills GROUP BY session_key
        ) f
        WHERE s.session_key = i.session_key AND f.session_key = i.session_key AND {replacing}
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE filled_values AS
        SELECT p.* FROM platform_reported p
        JOIN session_fills f ON f.session_key = p.session_key AND f.field = 'kpi:' || p.kpi
        JOIN incoming i ON i.session_key = p.session_key
        WHERE {replacing}
        """
    )


def keep_filled_values(con: Any) -> None:
    """After a later snapshot's own platform values are written: a value recorded as filled
    that the snapshot carries itself loses its record; one it does not carry is put back."""
    con.execute(
        """
        DELETE FROM session_fills f USING filled_values v
        WHERE f.session_key = v.session_key AND f.field = 'kpi:' || v.kpi
          AND EXISTS (
            SELECT 1 FROM platform_reported p
            WHERE p.session_key = v.session_key AND p.kpi = v.kpi
          )
        """
    )
    con.execute(
        """
        INSERT INTO platform_reported
        SELECT v.* FROM filled_values v
        JOIN session_fills f ON f.session_key = v.session_key AND f.field = 'kpi:' || v.kpi
        ORDER BY 1, 2
        """
    )


def record_fills(con: Any, pairs: str) -> None:
    """Record in ``session_fills`` the fields that filling the kept row of each of ``pairs``
    (a query of ``kept_key``, ``other_key`` and the ``fills_<field>`` flags of
    :func:`_fill_columns`) takes from the other row."""
    con.execute(
        f"""
        INSERT OR IGNORE INTO session_fills
        SELECT kept_key, substr(flag, 7), other_key FROM (
          UNPIVOT ({pairs}) ON COLUMNS('^fills_') INTO NAME flag VALUE fills
        ) WHERE fills
        """
    )


def fillable_fields() -> tuple[str, ...]:
    """The fields a kept row can be filled in, as ``session_fills`` names them: every session
    field but the identity and the money, the money once as ``gmv``, and ``currency`` alone
    (the account's, for a known GMV that has none)."""
    return tuple(
        name for name in SESSION_FIELD_NAMES if name not in _IDENTITY and name not in ("gmv_basis",)
    )


def _fill_columns() -> str:
    """For a pair joined as ``kept`` and ``other``, one flag ``fills_<field>`` per
    :func:`fillable_fields`: whether filling takes that field from ``other``."""
    money = "(kept.gmv IS NULL AND other.gmv IS NOT NULL)"
    flags = []
    for name in fillable_fields():
        if name == "gmv":
            flag = money
        elif name == "currency":
            flag = f"(NOT {money} AND kept.currency IS NULL AND other.currency IS NOT NULL)"
        else:
            flag = f'(kept."{name}" IS NULL AND other."{name}" IS NOT NULL)'
        flags.append(f'{flag} AS "fills_{name}"')
    return ", ".join(flags)


def _matched_account() -> str:
    """The account as matching compares it: lower-cased where the platform's handles ignore
    case (:data:`CASELESS_HANDLES`), as stored elsewhere."""
    caseless = ", ".join(f"'{platform}'" for platform in CASELESS_HANDLES)
    return f"CASE WHEN platform IN ({caseless}) THEN lower(account) ELSE account END"


def _to_minute(row: str) -> str:
    """Whether ``row``'s start is written to the minute: no room id and a start on the whole
    minute, as the Seller Center list writes it (truncated, so the live began in that minute)."""
    return f"(NOT {row}.has_room AND {row}.start_us % {_MINUTE_US} = 0)"


def _filled(kept: str, other: str) -> str:
    """The ``SET`` list that fills ``kept``'s unknown fields from ``other``. The money goes
    whole: the other row's GMV comes with its own basis and currency, and a known GMV keeps its
    basis (a missing currency of a known GMV is the account's, taken from the other row)."""
    money_from_other = f"({kept}.gmv IS NULL AND {other}.gmv IS NOT NULL)"
    sets = []
    for name in SESSION_FIELD_NAMES:
        if name in _IDENTITY:
            continue
        if name in _MONEY:
            known = (
                f"coalesce({kept}.currency, {other}.currency)"
                if name == "currency"
                else f"{kept}.{name}"
            )
            value = f"CASE WHEN {money_from_other} THEN {other}.{name} ELSE {known} END"
        else:
            value = f'coalesce({kept}."{name}", {other}."{name}")'
        sets.append(f'"{name}" = {value}')
    return ", ".join(sets)
