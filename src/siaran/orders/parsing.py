"""An order export's grid of text cells as canonical orders and SKU lines, every bad cell named.

The work runs in an in-memory DuckDB over the grid (:mod:`siaran.orders.reading`): numbers,
money and times are parsed once per distinct text with the parsers every export uses
(:func:`siaran.ingest.numbers.parse_column`), the buyer's username is replaced by its keyed
hash (:mod:`siaran.orders.privacy`), and columns whose treatment is ``drop`` are never read
into the result. What leaves this module holds no personal data.

Problems found (each with row, column and reason): a cell that cannot be read, a negative
amount or quantity, a line without an order id or creation time, an impossible order of times
(shipped before created, :data:`siaran.orders.columns.TIME_ORDER`) and lines of one order
that disagree about the order (two creation times).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

from siaran.errors import Problem
from siaran.ingest.layout import date_order_notes
from siaran.ingest.numbers import day_first_guess, parse_column
from siaran.ingest.source import Note
from siaran.orders.columns import TIME_ORDER, Column, Recognised
from siaran.orders.privacy import buyer_keys

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from siaran.orders.reading import OrderGrid

MAX_PROBLEMS_PER_CHECK: Final = 50
_PARSED_KINDS: Final = {"money": "money", "count": "number", "number": "number", "time": "datetime"}
ORDER_TIMES: Final = (
    "created_at",
    "paid_at",
    "rts_at",
    "shipped_at",
    "delivered_at",
    "completed_at",
    "cancelled_at",
)
"""The times of an order, from its creation to its end; the latest says how far an export knew
the order (:mod:`siaran.orders.importer`)."""
ORDER_FIELDS: Final = (
    "status",
    "substatus",
    "return_type",
    *ORDER_TIMES,
    "cancelled_by",
    "cancel_reason",
    "order_amount",
    "refund_amount",
    "shipping_fee",
    "buyer_key",
    "country",
    "province",
    "city",
    "payment_method",
    "fulfillment_type",
    "delivery_option",
    "shipping_provider",
)
LINE_FIELDS: Final = (
    "sku_id",
    "seller_sku",
    "product",
    "variation",
    "category",
    "quantity",
    "returned_quantity",
    "unit_price",
    "subtotal_before_discount",
    "platform_discount",
    "seller_discount",
    "amount",
    "weight_kg",
)
_TIME_FIELDS: Final = frozenset(f for f in ORDER_FIELDS if f.endswith("_at"))


@dataclass
class ParsedOrders:
    orders: pa.Table
    lines: pa.Table
    currency: str | None
    buyers: int
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class _Work:
    con: duckdb.DuckDBPyConnection
    grid: OrderGrid
    found: Recognised
    tz: ZoneInfo
    positions: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    currencies: list[str] = field(default_factory=list)
    day_first_guesses: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str:
        return str(self.grid.header[self.positions[name]])


def parse_orders(
    con: duckdb.DuckDBPyConnection,
    grid: OrderGrid,
    found: Recognised,
    tz: ZoneInfo,
    secret: bytes,
) -> ParsedOrders:
    """Canonical orders and lines of ``grid`` (registered as ``cells`` on ``con``, an
    in-memory connection); the buyer mapping stays registered as ``buyer_map`` for the
    archived copy."""
    work = _Work(con, grid, found, tz)
    for index, column in enumerate(found.columns):
        if column is not None and column.field is not None:
            work.positions.setdefault(column.field, index)
    notes = list(grid.notes)
    skip = _description_row(work)
    cells = grid.cells
    if skip is not None:
        notes.append(Note("orders.description_row", {"row": skip}))
        cells = cells.slice(1)
    con.register("cells", cells)
    buyers = _buyer_map(work, secret)
    selects = ["cells.row AS source_row"]
    joins: list[str] = []
    for name in ("order_id", *ORDER_FIELDS, *LINE_FIELDS):
        selects.append(f"{_expression(work, name, joins)} AS {name}")
    not_empty = " OR ".join(f"c{i} IS NOT NULL" for i in range(len(grid.header))) or "false"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE lines AS
        SELECT {", ".join(selects)} FROM cells {" ".join(joins)}
        WHERE {not_empty} ORDER BY source_row
        """
    )
    _check(work)
    notes.extend(date_order_notes(work.day_first_guesses))
    currency = next(iter(dict.fromkeys(work.currencies)), None) or found.layout.currency
    orders = con.execute(_ORDERS_SQL, [currency]).fetch_arrow_table()
    lines = con.execute(_LINES_SQL).fetch_arrow_table()
    return ParsedOrders(orders, lines, currency, buyers, work.problems, notes)


_ORDERS_SQL: Final = f"""
SELECT order_id, {", ".join(f"max({f}) AS {f}" for f in ORDER_FIELDS if f != "order_amount")},
       coalesce(max(order_amount), sum(amount)) AS amount, ?::VARCHAR AS currency,
       min(source_row)::INTEGER AS source_row
FROM lines WHERE order_id IS NOT NULL GROUP BY order_id ORDER BY min(source_row)
"""

_LINES_SQL: Final = f"""
SELECT order_id,
       (row_number() OVER (PARTITION BY order_id ORDER BY source_row))::INTEGER AS line_no,
       {", ".join(LINE_FIELDS)}, source_row::INTEGER AS source_row
FROM lines WHERE order_id IS NOT NULL ORDER BY source_row
"""


def _description_row(work: _Work) -> int | None:
    """TikTok writes a row describing each column under the header (``Platform unique order
    ID.``): the first row is one when its order id holds a space."""
    position = work.positions.get("order_id")
    cells = work.grid.cells
    if position is None or cells.num_rows == 0:
        return None
    first = cells.slice(0, 1).to_pylist()[0]
    if first[f"c{position}"] is None or " " not in str(first[f"c{position}"]).strip():
        return None
    return int(first["row"])


def _buyer_map(work: _Work, secret: bytes) -> int:
    import pyarrow as pa

    position = work.positions.get("buyer")
    names: list[str] = []
    if position is not None:
        names = [
            str(r[0])
            for r in work.con.execute(
                f"SELECT DISTINCT trim(c{position}) FROM cells "
                f"WHERE nullif(trim(c{position}), '') IS NOT NULL"
            ).fetchall()
        ]
    keys = buyer_keys(secret, work.found.layout.platform, names)
    work.con.register(
        "buyer_map",
        pa.table(
            {
                "raw": pa.array(list(keys), pa.string()),
                "buyer_key": pa.array(list(keys.values()), pa.string()),
            }
        ),
    )
    return len(keys)


def _expression(work: _Work, name: str, joins: list[str]) -> str:
    """The SQL of field ``name`` (``NULL`` when the file has no such column)."""
    if name == "buyer_key":
        position = work.positions.get("buyer")
        if position is None:
            return "NULL::VARCHAR"
        joins.append(f"LEFT JOIN buyer_map ON buyer_map.raw = trim(cells.c{position})")
        return "buyer_map.buyer_key"
    position = work.positions.get(name)
    if position is None:
        return "NULL::TIMESTAMPTZ" if name in _TIME_FIELDS else "NULL::VARCHAR"
    column = work.found.columns[position]
    assert column is not None
    if column.kind not in _PARSED_KINDS:
        return f"nullif(trim(cells.c{position}), '')"
    _parse_map(work, name, position, column)
    joins.append(f"LEFT JOIN m_{name} ON m_{name}.raw = cells.c{position}")
    return f"m_{name}.value"


_TIME_FORMATS: Final = (
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
)
"""The forms the platforms write times in, read by DuckDB when every cell of a column has one
of them (else the shared parser reads the column). Day first: a column whose cells all read
day first proves no month-first cell, as :func:`siaran.ingest.numbers.parse_column` decides."""


def _sql_times(work: _Work, name: str, position: int) -> bool:
    """Register ``m_<name>`` read by DuckDB when one of :data:`_TIME_FORMATS` reads every
    distinct cell of the column; whether it did."""
    for form in _TIME_FORMATS:
        query = f"""
            SELECT c{position} AS raw,
                   timezone(?, try_strptime(trim(c{position}), '{form}')) AS value,
                   NULL::VARCHAR AS failure
            FROM (SELECT DISTINCT c{position} FROM cells WHERE c{position} IS NOT NULL)
        """
        table = work.con.execute(query, [work.tz.key]).fetch_arrow_table()
        if table.num_rows and table.column("value").null_count == 0:
            work.con.register(f"m_{name}", table)
            return True
    return False


def _parse_map(work: _Work, name: str, position: int, column: Column) -> None:
    """Parse every distinct text of the column once; register ``m_<name>`` (raw, value,
    failure) and name the rows of cells that failed or are negative."""
    import pyarrow as pa

    # In the order of first appearance, so a note's example cell is the file's first.
    distinct = [
        str(r[0])
        for r in work.con.execute(
            f"SELECT c{position} FROM cells WHERE c{position} IS NOT NULL "
            f"GROUP BY c{position} ORDER BY min(cells.row)"
        ).fetchall()
    ]
    if column.kind == "time":
        guess = day_first_guess(distinct)
        if guess is not None:
            work.day_first_guesses[work.header(name)] = guess
        if _sql_times(work, name, position):
            return
    kind = _PARSED_KINDS[column.kind]
    result = parse_column(distinct, kind, tz=work.tz)  # type: ignore[arg-type]
    failed = {index: key for index, _raw, key in result.failures}
    values: list[Any] = list(result.values)
    if kind == "money" and result.currency:
        work.currencies.append(result.currency)
    negative: set[int] = set()
    if kind != "datetime":
        negative = {i for i, v in enumerate(values) if isinstance(v, float) and v < 0}
    failures = [
        failed.get(i) or ("orders.negative" if i in negative else None)
        for i in range(len(distinct))
    ]
    if kind == "datetime":
        array = pa.array(
            [v.astimezone(dt.UTC) if isinstance(v, dt.datetime) else None for v in values],
            pa.timestamp("us", tz="UTC"),
        )
    else:
        array = pa.array(
            [None if f else v for v, f in zip(values, failures, strict=True)], pa.float64()
        )
    mapping = pa.table(
        {"raw": pa.array(distinct, pa.string()), "value": array, "failure": failures}
    )
    work.con.register(f"m_{name}", mapping)
    if any(failures):
        bad = work.con.execute(
            f"""
            SELECT cells.row, cells.c{position}, m.failure FROM cells
            JOIN m_{name} AS m ON m.raw = cells.c{position}
            WHERE m.failure IS NOT NULL ORDER BY cells.row LIMIT {MAX_PROBLEMS_PER_CHECK}
            """
        ).fetchall()
        header = work.header(name)
        work.problems.extend(
            Problem(str(key), row=int(row), column=header, value=str(raw)) for row, raw, key in bad
        )


def _check(work: _Work) -> None:
    """The problems of rows as a whole (module docstring)."""
    con, limit = work.con, MAX_PROBLEMS_PER_CHECK
    for name, key in (("order_id", "orders.no_order_id"), ("created_at", "orders.no_created")):
        if name not in work.positions:
            continue
        rows = con.execute(
            f"SELECT source_row FROM lines WHERE {name} IS NULL ORDER BY 1 LIMIT {limit}"
        ).fetchall()
        header = work.header(name)
        work.problems.extend(Problem(key, row=int(r[0]), column=header) for r in rows)
    for later, earlier in TIME_ORDER:
        if later not in work.positions or earlier not in work.positions:
            continue
        rows = con.execute(
            f"SELECT source_row FROM lines WHERE {later} < {earlier} ORDER BY 1 LIMIT {limit}"
        ).fetchall()
        work.problems.extend(
            Problem(
                "orders.time_order",
                row=int(r[0]),
                column=work.header(later),
                params={"earlier": work.header(earlier)},
            )
            for r in rows
        )
    checked = [
        name
        for name in ORDER_FIELDS
        if name in work.positions or (name == "buyer_key" and "buyer" in work.positions)
    ]
    if checked:
        flags = ", ".join(f"count(DISTINCT {name}) > 1 AS {name}" for name in checked)
        rows = con.execute(
            f"""
            SELECT * FROM (
              SELECT max(source_row) AS last, min(source_row) AS first, {flags}
              FROM lines WHERE order_id IS NOT NULL GROUP BY order_id
            ) WHERE {" OR ".join(checked)} ORDER BY last LIMIT {limit}
            """
        ).fetchall()
        for last, first, *disagree in rows:
            for name, differs in zip(checked, disagree, strict=True):
                if differs:
                    column = work.header("buyer" if name == "buyer_key" else name)
                    work.problems.append(
                        Problem(
                            "orders.order_disagrees",
                            row=int(last),
                            column=column,
                            params={"other": first},
                        )
                    )
    work.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
