"""Money that may be compared: one currency (or a rate table the user gives) and one GMV basis.

A cohort figure that ranks or correlates money across accounts is only honest when the money
means the same thing everywhere. Two things can break that:

- **currency**: rupiah and ringgit are never pooled. The comparison keeps the largest currency
  group (most accounts with a known GMV per session; ties by code), or the one the user names,
  or, with a rate table (:func:`read_fx_table`), converts every account to the table's target at
  the rate in force on the window's last day;
- **GMV basis** (``gmv_basis`` of every session, set by its import layout: ``attributed``
  TikTok Creator GMV, ``revenue`` TikTok Seller Center, ``placed`` Shopee Live, ``paid`` or
  whatever a mapping file states, unknown when it states none): by default only accounts of one
  basis are compared (the largest group, ties by name); the user may allow several.

Every account left out is listed with its reason (:class:`Exclusion`); nothing is dropped
silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, TypedDict

from siaran.errors import BadInputError, Problem, UsageError
from siaran.files import NotTextError, decode_text, read_input
from siaran.metrics.registry import KPIS

FREQUENCY: Final = "sessions_per_28_days"
VALUE: Final = "gmv_mean_per_session"
UNKNOWN_BASIS: Final = "unknown"
"""How a session without a stated GMV basis is named on the command line."""
MONEY_FIELDS: Final[tuple[str, ...]] = tuple(
    k.name for k in KPIS if k.level == "rollup" and k.unit in ("money", "money_per_hour")
)
FX_COLUMNS: Final = ("currency", "target", "rate", "date")
_CODE: Final = re.compile(r"^[A-Z]{3}$")
_RATE: Final = re.compile(r"^[0-9]+(\.[0-9]+)?$")

Reason = Literal[
    "no_gmv", "unknown_currency", "currency", "no_fx_rate", "gmv_basis", "mixed_gmv_basis"
]
ChosenBy = Literal["largest_group", "user", "fx"]
Basis = str | None
Key = tuple[Any, ...]


# -- exchange rates -------------------------------------------------------------------------------
@dataclass(frozen=True)
class FxRate:
    """``rate`` units of the target currency for one unit of ``currency``, from ``date`` on
    (``None``: for any day no dated rate covers)."""

    currency: str
    rate: float
    date: dt.date | None = None


@dataclass(frozen=True)
class FxTable:
    """A user's rate table: every rate converts to the one ``target`` currency."""

    target: str
    rates: tuple[FxRate, ...]
    source: str = ""

    def rate(self, currency: str, day: dt.date) -> float | None:
        """The rate of ``currency`` on ``day``: the latest dated rate on or before it, else
        the undated one; 1 for the target itself; ``None`` when the table has none."""
        if currency == self.target:
            return 1.0
        dated = [r for r in self.rates if r.currency == currency and r.date and r.date <= day]
        if dated:
            return max(dated, key=lambda r: r.date or dt.date.min).rate
        undated = [r for r in self.rates if r.currency == currency and r.date is None]
        return undated[0].rate if undated else None


def read_fx_table(path: Path | str) -> FxTable:
    """Read a rate table: CSV (UTF-8, comma-separated) with the header
    ``currency,target,rate`` and optionally ``date``, one rate per row.

    ``currency`` and ``target`` are three-letter codes (ISO 4217), the same ``target`` on every
    row; ``rate`` is how many units of the target one unit of the currency buys, a plain
    number with a dot as decimal mark and no thousands separator (``3550`` or ``0.000215``);
    ``date`` (``YYYY-MM-DD``, may be empty) is the first day the rate applies. A currency may
    have one undated row and any number of dated ones. Every problem is reported with its row
    and column; a bad file is refused as a whole.
    """
    path = Path(path)
    data = read_input(path, "compare.fx.unreadable")
    try:
        content = decode_text(data, sniff=len(data)).text
    except NotTextError as exc:
        raise BadInputError("compare.fx.not_text", path=path) from exc
    rows = list(csv.reader(io.StringIO(content)))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise BadInputError("compare.fx.empty", path=path, columns=", ".join(FX_COLUMNS))
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [name for name in FX_COLUMNS[:3] if name not in header]
    unknown = [name for name in header if name not in FX_COLUMNS]
    problems: list[Problem] = []
    if missing or unknown:
        problems += [Problem("compare.fx.missing_column", row=1, column=name) for name in missing]
        problems += [Problem("compare.fx.unknown_column", row=1, column=c) for c in unknown]
        raise BadInputError("compare.fx.bad", path=path, problems=problems, count=len(problems))
    place: dict[str, int] = {name: header.index(name) for name in FX_COLUMNS if name in header}
    rates: list[FxRate] = []
    targets: Counter[str] = Counter()
    seen: set[tuple[str, dt.date | None]] = set()
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        found = _fx_row(cells, number, place, problems)
        if found is None:
            continue
        rate, target = found
        targets[target] += 1
        if rate.currency == target:
            problems.append(Problem("compare.fx.same_currency", row=number, column="currency"))
        elif (rate.currency, rate.date) in seen:
            problems.append(
                Problem("compare.fx.duplicate", row=number, column="currency", value=rate.currency)
            )
        seen.add((rate.currency, rate.date))
        rates.append(rate)
    if len(targets) > 1:
        problems.append(
            Problem(
                "compare.fx.many_targets", column="target", params={"found": ", ".join(targets)}
            )
        )
    if problems:
        raise BadInputError("compare.fx.bad", path=path, problems=problems, count=len(problems))
    if not rates:
        raise BadInputError("compare.fx.empty", path=path, columns=", ".join(FX_COLUMNS))
    return FxTable(next(iter(targets)), tuple(rates), path.name)


def _fx_row(
    cells: Sequence[str], number: int, place: Mapping[str, int], problems: list[Problem]
) -> tuple[FxRate, str] | None:
    def cell(name: str) -> str:
        index = place.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    before = len(problems)
    codes = {}
    for name in ("currency", "target"):
        code = cell(name).upper()
        if not _CODE.match(code):
            problems.append(
                Problem("compare.fx.bad_code", row=number, column=name, value=cell(name))
            )
        codes[name] = code
    raw_rate = cell("rate")
    rate = float(raw_rate) if _RATE.match(raw_rate) else math.nan
    if not math.isfinite(rate) or rate <= 0:
        problems.append(Problem("compare.fx.bad_rate", row=number, column="rate", value=raw_rate))
    day: dt.date | None = None
    raw_date = cell("date")
    if raw_date:
        try:
            day = dt.date.fromisoformat(raw_date)
        except ValueError:
            problems.append(
                Problem("compare.fx.bad_date", row=number, column="date", value=raw_date)
            )
    if len(problems) > before:
        return None
    return FxRate(codes["currency"], rate, day), codes["target"]


# -- choosing the accounts whose money compares ---------------------------------------------------
@dataclass(frozen=True)
class MoneyChoice:
    """What the user asked for: a currency, the GMV bases allowed together (``None`` in the
    tuple stands for an unknown basis), or a rate table. All ``None``: siaran chooses."""

    currency: str | None = None
    gmv_bases: tuple[Basis, ...] | None = None
    fx: FxTable | None = None

    def __post_init__(self) -> None:
        if self.currency is not None and self.fx is not None:
            raise UsageError("compare.currency_and_fx")


def parse_gmv_bases(text: str | Sequence[str] | None) -> tuple[Basis, ...] | None:
    """``"attributed,revenue"`` (or a list of such) as bases; ``unknown`` is a basis nobody
    stated (``None``)."""
    if text is None:
        return None
    parts = [text] if isinstance(text, str) else list(text)
    names = [name.strip() for part in parts for name in part.split(",") if name.strip()]
    if not names:
        raise UsageError("compare.no_gmv_basis")
    return tuple(dict.fromkeys(None if n.lower() == UNKNOWN_BASIS else n for n in names))


class ExclusionJson(TypedDict):
    """An entry of the compare JSON's ``excluded`` list."""

    account: str
    platform: str
    currency: str | None
    gmv_bases: list[Basis]
    reason: Reason


class FxRateJson(TypedDict):
    currency: str
    rate: float


class FxJson(TypedDict):
    """The rate table a comparison converted with: its target, source and the rates used."""

    target: str
    source: str
    rates: list[FxRateJson]


class MoneyJson(TypedDict):
    """The compare JSON's ``money`` object: the currency and GMV bases compared, how each was
    chosen, and the conversion (``None`` without a rate table)."""

    currency: str | None
    currency_chosen_by: ChosenBy
    gmv_bases: list[Basis]
    gmv_basis_chosen_by: ChosenBy
    fx: FxJson | None


class BasisCount(TypedDict):
    """An entry of the compare JSON's ``gmv_bases`` list."""

    gmv_basis: Basis
    accounts: int
    compared_accounts: int


@dataclass(frozen=True)
class Exclusion:
    """An account left out of the comparison, and why."""

    platform: str
    account: str
    currency: str | None
    gmv_bases: tuple[Basis, ...]
    reason: Reason

    def to_json(self) -> ExclusionJson:
        return {
            "account": self.account,
            "platform": self.platform,
            "currency": self.currency,
            "gmv_bases": list(self.gmv_bases),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ComparableMoney:
    """The accounts (rollup keys) whose money is compared, in which currency and on which
    GMV bases, how that was chosen, and every account left out."""

    currency: str | None
    gmv_bases: tuple[Basis, ...]
    currency_chosen_by: ChosenBy
    gmv_basis_chosen_by: ChosenBy
    compared: frozenset[Key]
    excluded: tuple[Exclusion, ...]
    fx: FxTable | None = None
    fx_rates: Mapping[str, float] = field(default_factory=dict)

    def to_json(self) -> MoneyJson:
        fx: FxJson | None = None
        if self.fx is not None:
            fx = {
                "target": self.fx.target,
                "source": self.fx.source,
                "rates": [{"currency": c, "rate": r} for c, r in sorted(self.fx_rates.items())],
            }
        return {
            "currency": self.currency,
            "currency_chosen_by": self.currency_chosen_by,
            "gmv_bases": list(self.gmv_bases),
            "gmv_basis_chosen_by": self.gmv_basis_chosen_by,
            "fx": fx,
        }


def _basis_arg(basis: Basis) -> str:
    """A basis as the user writes it on the command line."""
    return UNKNOWN_BASIS if basis is None else basis


def basis_order(basis: Basis) -> tuple[bool, str]:
    """Named bases alphabetically, the unknown one last."""
    return basis is None, basis or ""


def choose_comparable(
    rows: Sequence[Mapping[str, Any]],
    bases: Mapping[Key, tuple[Basis, ...]],
    choice: MoneyChoice,
    day: dt.date,
    keys: Sequence[str],
) -> ComparableMoney:
    """Which of the rollup ``rows`` (with ``bases``, each row's GMV bases by key) may be
    compared under ``choice``; rates are looked up for ``day`` (the window's last day)."""
    excluded: list[Exclusion] = []
    candidates: list[tuple[Key, Mapping[str, Any]]] = []

    def leave_out(key: Key, row: Mapping[str, Any], reason: Reason) -> None:
        excluded.append(
            Exclusion(row["platform"], row["account"], row["currency"], bases.get(key, ()), reason)
        )

    for row in rows:
        key = tuple(row[k] for k in keys)
        if row.get(FREQUENCY) is None or row.get(VALUE) is None:
            leave_out(key, row, "no_gmv")
        elif row.get("currency") is None:
            leave_out(key, row, "unknown_currency")
        else:
            candidates.append((key, row))

    fx_rates: dict[str, float] = {}
    currency: str | None
    currency_chosen_by: ChosenBy
    if choice.fx is not None:
        currency, currency_chosen_by = choice.fx.target, "fx"
        kept = []
        for key, row in candidates:
            rate = choice.fx.rate(row["currency"], day)
            if rate is None:
                leave_out(key, row, "no_fx_rate")
                continue
            if row["currency"] != currency:
                fx_rates[row["currency"]] = rate
            kept.append((key, row))
        candidates = kept
    else:
        if choice.currency is not None:
            currency, currency_chosen_by = choice.currency.strip().upper(), "user"
            present = sorted({str(r["currency"]) for r in rows if r.get("currency")})
            if present and currency not in present:
                raise UsageError(
                    "compare.unknown_currency", currency=currency, found=", ".join(present)
                )
        else:
            counts = Counter(str(row["currency"]) for _, row in candidates)
            currency = min(counts, key=lambda c: (-counts[c], c)) if counts else None
            currency_chosen_by = "largest_group"
        kept = []
        for key, row in candidates:
            if row["currency"] == currency:
                kept.append((key, row))
            else:
                leave_out(key, row, "currency")
        candidates = kept

    allowed, basis_chosen_by = _allowed_bases(candidates, bases, choice)
    compared = set()
    for key, row in candidates:
        own = bases.get(key, (None,))
        if set(own) <= set(allowed):
            compared.add(key)
        else:
            leave_out(key, row, "mixed_gmv_basis" if len(own) > 1 else "gmv_basis")
    ordered = sorted(excluded, key=lambda e: (e.account, e.platform, e.currency or ""))
    return ComparableMoney(
        currency=currency,
        gmv_bases=allowed,
        currency_chosen_by=currency_chosen_by,
        gmv_basis_chosen_by=basis_chosen_by,
        compared=frozenset(compared),
        excluded=tuple(ordered),
        fx=choice.fx,
        fx_rates=fx_rates,
    )


def _allowed_bases(
    candidates: Sequence[tuple[Key, Mapping[str, Any]]],
    bases: Mapping[Key, tuple[Basis, ...]],
    choice: MoneyChoice,
) -> tuple[tuple[Basis, ...], ChosenBy]:
    if choice.gmv_bases is not None:
        present = {b for key, _ in candidates for b in bases.get(key, (None,))}
        if candidates and not present & set(choice.gmv_bases):
            raise UsageError(
                "compare.unknown_gmv_basis",
                asked=", ".join(_basis_arg(b) for b in sorted(choice.gmv_bases, key=basis_order)),
                found=", ".join(_basis_arg(b) for b in sorted(present, key=basis_order)),
            )
        return tuple(sorted(set(choice.gmv_bases), key=basis_order)), "user"
    single = Counter(own[0] for key, _ in candidates if len(own := bases.get(key, (None,))) == 1)
    if not single:
        return (), "largest_group"
    largest = min(single, key=lambda b: (-single[b], *basis_order(b)))
    return (largest,), "largest_group"


def convert(rows: Iterable[dict[str, Any]], money: ComparableMoney, keys: Sequence[str]) -> None:
    """Add ``converted_from`` and ``fx_rate`` to every row; a compared row in another currency
    than the rate table's target gets its money fields in the target (in place)."""
    for row in rows:
        key = tuple(row[k] for k in keys)
        rate = money.fx_rates.get(row.get("currency") or "")
        if money.fx is None or key not in money.compared or rate is None:
            row["converted_from"] = None
            row["fx_rate"] = None
            continue
        for name in MONEY_FIELDS:
            if row.get(name) is not None:
                row[name] = row[name] * rate
        row["converted_from"] = row["currency"]
        row["fx_rate"] = rate
        row["currency"] = money.fx.target


def basis_summary(
    rows: Sequence[Mapping[str, Any]],
    bases: Mapping[Key, tuple[Basis, ...]],
    money: ComparableMoney,
    keys: Sequence[str],
) -> list[BasisCount]:
    """Each GMV basis in the window with how many accounts carry it and how many of those
    are compared (an account mixing bases counts under each)."""
    carried: Counter[Basis] = Counter()
    compared: Counter[Basis] = Counter()
    for row in rows:
        key = tuple(row[k] for k in keys)
        for basis in bases.get(key, ()):
            carried[basis] += 1
            compared[basis] += key in money.compared
    return [
        {"gmv_basis": b, "accounts": carried[b], "compared_accounts": compared[b]}
        for b in sorted(carried, key=basis_order)
    ]


@dataclass(frozen=True)
class MoneyTotal:
    """The sum of one money field over accounts sharing a currency and GMV bases; ``None``
    when any of them is unknown."""

    currency: str | None
    gmv_bases: tuple[Basis, ...]
    total: float | None
    accounts: int


def totals_by_money(rows: Sequence[Mapping[str, Any]], name: str = "gmv_total") -> list[MoneyTotal]:
    """``name`` summed per currency and GMV bases (rows carry ``gmv_bases``): never across
    them. Largest group first."""
    groups: dict[tuple[str | None, tuple[Basis, ...]], list[float | None]] = {}
    for row in rows:
        group = (row.get("currency"), tuple(row.get("gmv_bases") or ()))
        groups.setdefault(group, []).append(row.get(name))
    out = [
        MoneyTotal(
            currency,
            found_bases,
            None if None in values else math.fsum(v or 0.0 for v in values),
            len(values),
        )
        for (currency, found_bases), values in groups.items()
    ]
    return sorted(
        out,
        key=lambda t: (-t.accounts, t.currency or "~", [basis_order(b) for b in t.gmv_bases]),
    )
