"""Rows of an ecosystem file as typed records, every bad row named with its row and reason.

Cells arrive as text (:class:`siaran.orders.reading.OrderGrid`); each column is parsed whole
with the parsers every export goes through (:func:`siaran.ingest.numbers.parse_column`), so
``Rp45.000``, ``12,5%`` and ``04/07/2026 20:05`` read as they do everywhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

from siaran.ecosystem.layouts import Recognised, content_type, counts_toward_gmv
from siaran.errors import Problem
from siaran.ingest.numbers import ColumnResult, Kind, parse_column

if TYPE_CHECKING:
    from siaran.orders.reading import OrderGrid


@dataclass(frozen=True)
class AffiliateRow:
    order_id: str
    line_no: int
    creator: str
    content_type: str
    content_id: str | None
    product: str | None
    created_at: dt.datetime
    status: str | None
    counted: bool
    gmv: float
    commission_rate: float | None
    commission: float | None
    currency: str | None
    source_row: int


@dataclass(frozen=True)
class ResellerRow:
    reseller_id: str
    name: str | None
    joined_on: dt.date
    channel: str | None
    source_row: int


@dataclass(frozen=True)
class ResellerMonthRow:
    reseller_id: str
    month: dt.date
    orders: int | None
    purchase_value: float | None
    currency: str | None
    source_row: int


@dataclass
class Parsed:
    affiliate: list[AffiliateRow] = field(default_factory=list)
    resellers: list[ResellerRow] = field(default_factory=list)
    months: list[ResellerMonthRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Columns:
    """The grid's text columns by field, with the header each came from."""

    def __init__(self, grid: OrderGrid, found: Recognised) -> None:
        self.rows: list[int] = [int(r) for r in grid.cells.column("row").to_pylist()]
        self.found = found
        self.grid = grid
        self.problems: list[Problem] = []

    def text(self, name: str) -> list[str | None]:
        index = self.found.position(name)
        if index is None:
            return [None] * len(self.rows)
        values = self.grid.cells.column(f"c{index}").to_pylist()
        return [v.strip() or None if isinstance(v, str) else None for v in values]

    def header(self, name: str) -> str:
        index = self.found.position(name)
        cell = self.grid.header[index] if index is not None else None
        return cell or name

    def parsed(self, name: str, kind: Kind, tz: ZoneInfo) -> ColumnResult:
        result = parse_column(self.text(name), kind, tz=tz)
        self.problems += result.problems(self.header(name), self.rows)
        return result

    def problem(self, key: str, index: int, name: str, value: str | None = None) -> None:
        self.problems.append(
            Problem(key, row=self.rows[index], column=self.header(name), value=value)
        )


def parse_affiliate(grid: OrderGrid, found: Recognised, tz: ZoneInfo) -> Parsed:
    """The rows of an affiliate order export; a row's position among the rows of its order
    is its ``line_no``."""
    cols = _Columns(grid, found)
    ids, creators, kinds = cols.text("order_id"), cols.text("creator"), cols.text("content_type")
    statuses, products, contents = (
        cols.text("status"),
        cols.text("product"),
        cols.text("content_id"),
    )
    currencies = cols.text("currency")
    created = cols.parsed("created_at", "datetime", tz).values
    gmv_column = cols.parsed("gmv", "money", tz)
    rates = cols.parsed("commission_rate", "rate", tz).values
    actual = cols.parsed("commission", "money", tz).values
    estimated = cols.parsed("estimated_commission", "money", tz).values
    lines: dict[str, int] = {}
    out = Parsed()
    for i, row in enumerate(cols.rows):
        order, creator, kind = ids[i], creators[i], kinds[i]
        when, gmv = created[i], gmv_column.values[i]
        bad = False
        for name, value in (("order_id", order), ("creator", creator), ("content_type", kind)):
            if value is None:
                cols.problem("ecosystem.missing_value", i, name)
                bad = True
        if when is None and not any(
            p.row == row and p.column == cols.header("created_at") for p in cols.problems
        ):
            cols.problem("ecosystem.missing_value", i, "created_at")
            bad = True
        if gmv is None and not any(
            p.row == row and p.column == cols.header("gmv") for p in cols.problems
        ):
            cols.problem("ecosystem.missing_value", i, "gmv")
            bad = True
        channel = content_type(kind) if kind else None
        if kind is not None and channel is None:
            cols.problem("ecosystem.unknown_content_type", i, "content_type", kind)
            bad = True
        commission = actual[i] if actual[i] is not None else estimated[i]
        for name, number in (
            ("gmv", gmv),
            ("commission", commission),
            ("commission_rate", rates[i]),
        ):
            if isinstance(number, float) and number < 0:
                cols.problem("ecosystem.negative", i, name, str(number))
                bad = True
        if bad or order is None or creator is None or channel is None:
            continue
        if not isinstance(when, dt.datetime) or not isinstance(gmv, float):
            continue
        lines[order] = lines.get(order, 0) + 1
        rate = rates[i]
        out.affiliate.append(
            AffiliateRow(
                order_id=order,
                line_no=lines[order],
                creator=creator.lstrip("@").strip(),
                content_type=channel,
                content_id=contents[i],
                product=products[i],
                created_at=when,
                status=statuses[i],
                counted=counts_toward_gmv(statuses[i]),
                gmv=gmv,
                commission_rate=rate if isinstance(rate, float) else None,
                commission=commission if isinstance(commission, float) else None,
                currency=(currencies[i] or gmv_column.currency),
                source_row=row,
            )
        )
    out.problems = sorted(cols.problems, key=lambda p: (p.row or 0, p.column or ""))
    return out


_MONTHS: Final[dict[str, int]] = {
    name: number
    for number, names in enumerate(
        (("jan", "januari", "january"), ("feb", "februari", "february"), ("mar", "maret", "march"),
         ("apr", "april"), ("mei", "may"), ("jun", "juni", "june"), ("jul", "juli", "july"),
         ("agu", "agt", "agustus", "aug", "august"), ("sep", "sept", "september"),
         ("okt", "oktober", "oct", "october"), ("nov", "november"),
         ("des", "desember", "dec", "december")),
        start=1,
    )
    for name in names
}  # fmt: skip
_YEAR_MONTH: Final = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?(?:[ T].*)?")
_MONTH_YEAR: Final = re.compile(r"(\d{1,2})[-/.](\d{4})")
_NAMED: Final = re.compile(r"([a-z]+)\.?\s+(\d{4})")
_NAMED_SHORT_YEAR: Final = re.compile(r"([a-z]+)[-\s](\d{2})")  # Excel's mmm-yy: Jul-26


def parse_month(text: str) -> dt.date | None:
    """``2026-07``, ``2026-07-01``, ``07/2026``, ``Juli 2026``, ``Jul 2026``, ``Jul-26`` (Excel's
    mmm-yy) as the month's first day; ``None`` when the text is none of them."""
    value = text.strip().lower()
    year = month = 0
    if found := _YEAR_MONTH.fullmatch(value):
        year, month = int(found[1]), int(found[2])
    elif found := _MONTH_YEAR.fullmatch(value):
        month, year = int(found[1]), int(found[2])
    elif (found := _NAMED.fullmatch(value)) and found[1] in _MONTHS:
        month, year = _MONTHS[found[1]], int(found[2])
    elif (found := _NAMED_SHORT_YEAR.fullmatch(value)) and found[1] in _MONTHS:
        month, year = _MONTHS[found[1]], 2000 + int(found[2])
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return None
    return dt.date(year, month, 1)


def parse_resellers(grid: OrderGrid, found: Recognised, tz: ZoneInfo) -> Parsed:
    """A reseller register: one reseller per id (or name, when there is no id column), its
    join day and channel the same on every row; one row per reseller and month at most."""
    cols = _Columns(grid, found)
    ids, names, channels = cols.text("reseller_id"), cols.text("name"), cols.text("channel")
    months, currencies = cols.text("month"), cols.text("currency")
    joined = cols.parsed("joined_on", "datetime", tz).values
    orders = cols.parsed("orders", "number", tz).values
    value_column = cols.parsed("purchase_value", "money", tz)
    out = Parsed()
    seen: dict[str, ResellerRow] = {}
    seen_months: dict[tuple[str, dt.date], int] = {}
    for i, row in enumerate(cols.rows):
        key = ids[i] or names[i]
        if key is None:
            cols.problem(
                "ecosystem.missing_value",
                i,
                "reseller_id" if found.position("reseller_id") is not None else "name",
            )
            continue
        when = joined[i]
        if when is None:
            if not any(
                p.row == row and p.column == cols.header("joined_on") for p in cols.problems
            ):
                cols.problem("ecosystem.missing_value", i, "joined_on")
            continue
        assert isinstance(when, dt.datetime)
        reseller = ResellerRow(key, names[i], when.astimezone(tz).date(), channels[i], row)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = reseller
            out.resellers.append(reseller)
        elif (earlier.joined_on, earlier.channel) != (reseller.joined_on, reseller.channel):
            cols.problems.append(
                Problem(
                    "ecosystem.reseller_disagrees",
                    row=row,
                    value=key,
                    params={"other": earlier.source_row},
                )
            )
            continue
        count, value = orders[i], value_column.values[i]
        for name, number in (("orders", count), ("purchase_value", value)):
            if isinstance(number, float) and number < 0:
                cols.problem("ecosystem.negative", i, name, str(number))
        if months[i] is None:
            if count is not None or value is not None:
                cols.problem("ecosystem.missing_value", i, "month")
            continue
        month = parse_month(months[i] or "")
        if month is None:
            cols.problem("ecosystem.bad_month", i, "month", months[i])
            continue
        if (key, month) in seen_months:
            cols.problems.append(
                Problem(
                    "ecosystem.duplicate_month",
                    row=row,
                    value=key,
                    params={"other": seen_months[key, month]},
                )
            )
            continue
        seen_months[key, month] = row
        out.months.append(
            ResellerMonthRow(
                key,
                month,
                round(count) if isinstance(count, float) else None,
                value if isinstance(value, float) else None,
                currencies[i] or value_column.currency,
                row,
            )
        )
    out.problems = sorted(cols.problems, key=lambda p: (p.row or 0, p.column or ""))
    return out


def parse_grid(grid: OrderGrid, found: Recognised, tz: ZoneInfo) -> Parsed:
    if found.layout.kind == "affiliate":
        return parse_affiliate(grid, found, tz)
    return parse_resellers(grid, found, tz)
