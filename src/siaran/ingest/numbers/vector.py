"""Whole columns parsed as Arrow compute expressions, with the scalar parsers as the reference.

:func:`parse_cells` gives the same answer as :func:`~siaran.ingest.numbers.parse_column` (same
values, same currency, same failures with index, raw text and reason) for every column, but
reads the forms exports actually write (``Rp1,234.56``, ``21.281.718,00``, ``12.34567%``,
``1h23m``, ``01:23:45``, ``2026-07-04 20:01:54``) with :mod:`pyarrow.compute`, not cell by cell:

1. a vectorised validity check (one regular expression per kind) marks the cells in a form
   read exactly by the expressions below; every other cell (exotic forms, unknown markers,
   typed spreadsheet values, bad cells) is read by the scalar code, once per distinct value,
   which also names the reason of a failure;
2. the decimal text of each fast cell is built with string kernels and converted with Arrow's
   correctly rounded string-to-double cast, the same as :func:`float` on the same text, so a
   value agrees to the last bit (the property tests in ``tests/ingest/test_vector.py`` check
   this against the scalar reference for generated inputs);
3. the column's rules that span cells (one currency per column, the decimal convention) are
   applied over the whole column as the scalar :func:`parse_column` applies them.

Cells that are numbers already (JSON numbers, typed spreadsheet cells) are read as one float64
column too: amounts as they are (a bare rate divided by 100), durations as seconds, date-times
as epoch seconds or milliseconds. :func:`vote_convention` is :func:`detect_convention` over
whole columns: the forms above cast their vote by regular expression, only the others are
read one distinct value at a time.

Local date-times become instants with the zone's offset looked up once per distinct local
hour; an hour holding a zone transition (daylight saving) goes to the scalar reader, which
resolves it as :mod:`zoneinfo` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from siaran.ingest.numbers.amounts import (
    _COMMA,
    _DOT,
    _ID_MARK,
    _finish,
    _number_cell,
    _safe_read,
)
from siaran.ingest.numbers.cells import DEFAULT_TIMEZONE, Convention, DurationCell, Kind
from siaran.ingest.numbers.columns import parse_column

UTC_TYPE = pa.timestamp("us", tz="UTC")

_AMOUNT_RE = (
    r"^(?P<pre>Rp ?|\$)?(?P<minus>-)?"
    r"(?:(?P<idf>[1-9]\d{0,2}(?:\.\d{3})+,\d+)|(?P<enf>[1-9]\d{0,2}(?:,\d{3})+\.\d+)"
    r"|(?P<head>\d+)(?:(?P<sep>[.,])(?P<tail>\d+))?"
    r"|(?P<grp>[1-9]\d{0,2}(?:\.\d{3}){2,}|[1-9]\d{0,2}(?:,\d{3}){2,}))"
    r"(?P<post>%|₫)?$"
)
"""An amount in the forms exports write: ``idf`` Indonesian grouping with decimals
(``21.281.718,00``), ``enf`` English (``6,830,000.01``), ``head``/``sep``/``tail`` at most one
separator (``1.234``, ``0,5``, ``12``), ``grp`` one separator repeated (``1.234.567``)."""
_WORDS_RE = r"^(?:(?P<h>\d{1,6})h)?(?:(?P<m>\d{1,6})m)?(?:(?P<s>\d{1,6})s)?$"
_CLOCK_RE = r"^(?:(?P<a>\d{1,6}):)?(?P<b>\d{1,6}):(?P<c>[0-5]?\d)$"
_BARE_SECONDS_RE = r"^\d{1,9}$"
_DATETIME_RE = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:[0-5]\d$"
_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_HOUR_US = 3_600_000_000


@dataclass(frozen=True)
class VectorResult:
    """A parsed column: ``values`` (float64, or timestamps in UTC for date-times), the
    column's currency, and the failures as ``(index, raw text, reason key)`` in index order,
    as :class:`~siaran.ingest.numbers.ColumnResult` gives them."""

    values: pa.Array
    currency: str | None
    failures: list[tuple[int, str, str]]
    slow: int = 0
    """How many cells the scalar reader read (outside the fast forms, or typed)."""


def string_array(cells: Sequence[DurationCell] | pa.Array) -> tuple[pa.Array, list[int]]:
    """``cells`` as an Arrow string array and the positions of the cells that are not text
    (typed spreadsheet values, null in the array)."""
    if isinstance(cells, pa.Array | pa.ChunkedArray):
        texts = cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells
        return texts.cast(pa.string()), []
    try:
        return pa.array(cells, pa.string()), []
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        pass
    if str not in set(map(type, cells)):  # no text at all (a JSON column of numbers)
        return pa.nulls(len(cells), pa.string()), [i for i, c in enumerate(cells) if c is not None]
    others = [i for i, cell in enumerate(cells) if cell is not None and type(cell) is not str]
    return pa.array([c if type(c) is str else None for c in cells], pa.string()), others


def parse_cells(
    cells: Sequence[DurationCell] | pa.Array,
    kind: Kind,
    *,
    tz: ZoneInfo | None = None,
    convention: Convention | None = None,
    bare_rate_is_percent: bool = True,
    strings: tuple[pa.Array, list[int]] | None = None,
    clock_hours: bool = False,
) -> VectorResult:
    """Parse a whole column of ``kind`` as :func:`parse_column` does, as column expressions.
    ``strings`` is :func:`string_array` of ``cells`` when the caller has it already."""
    texts, others = strings if strings is not None else string_array(cells)
    if kind not in ("number", "money", "rate", "duration", "datetime"):
        raise ValueError(f"unknown column kind {kind!r}")
    numbers, others = _typed_numbers(cells, others)
    if kind == "datetime":
        result = _datetimes(cells, texts, others, tz or ZoneInfo(DEFAULT_TIMEZONE))
    elif kind == "duration":
        result = _durations(cells, texts, others, clock_hours)
    else:
        result = _amounts(cells, texts, others, kind, convention, bare_rate_is_percent)
    if numbers is None:
        return result
    return _with_numbers(
        result, cells, numbers, kind, rate_bare=kind == "rate" and bare_rate_is_percent
    )


# -- cells that are numbers already ----------------------------------------------------------


def _typed_numbers(
    cells: Sequence[DurationCell] | pa.Array, others: list[int]
) -> tuple[pa.Array | None, list[int]]:
    """The typed cells that are plain numbers (``int`` or ``float``, not ``bool``) as a
    float64 column, null elsewhere (``None`` when there are none), and the other typed cells'
    positions (left to the scalar reader)."""
    if not others or isinstance(cells, pa.Array | pa.ChunkedArray):
        return None, others
    if set(map(type, cells)) <= {int, float, type(None)}:  # a column of numbers only (JSON)
        try:
            return pa.array(cells, pa.float64()), []
        except (pa.ArrowInvalid, OverflowError):
            pass  # an int a float cannot hold exactly: the scalar reader says what it is
    plain: dict[int, float] = {}
    for i in others:
        cell = cells[i]
        if type(cell) is float or (type(cell) is int and abs(cell) <= 2**53):
            plain[i] = float(cell)
    if not plain:
        return None, others
    numeric = list(plain)
    values = np.zeros(len(cells))
    values[numeric] = list(plain.values())
    missing = np.ones(len(cells), dtype=bool)
    missing[numeric] = False
    rest = sorted(set(others).difference(numeric)) if len(numeric) < len(others) else []
    return pa.array(values, pa.float64(), mask=missing), rest


def _with_numbers(
    result: VectorResult,
    cells: Sequence[DurationCell] | pa.Array,
    numbers: pa.Array,
    kind: Kind,
    *,
    rate_bare: bool,
) -> VectorResult:
    """``result`` with the number cells read: what the scalar reader makes of an ``int`` or
    ``float`` cell of ``kind``, as column expressions; its failures named."""
    nan = pc.fill_null(pc.is_nan(numbers), False)
    infinite = pc.fill_null(pc.is_inf(numbers), False)
    if kind == "datetime":
        whole = pc.and_(pc.is_finite(numbers), pc.equal(numbers, pc.floor(numbers)))
        millis = pc.and_(pc.greater_equal(numbers, 1e11), pc.less(numbers, 1e13))
        seconds = pc.and_(pc.greater_equal(numbers, 1e9), pc.less(numbers, 1e10))
        good = pc.fill_null(pc.and_(whole, pc.or_(millis, seconds)), False)
        integers = pc.cast(pc.if_else(good, numbers, 0.0), pa.int64())
        micros = pc.multiply(integers, pc.if_else(millis, 1_000, 1_000_000))
        values = pc.cast(pc.if_else(good, micros, pa.scalar(None, pa.int64())), UTC_TYPE)
        bad = pc.and_(pc.is_valid(numbers), pc.invert(pc.or_(good, nan)))
        reasons = pc.if_else(bad, "numbers.not_a_datetime", pa.scalar(None, pa.string()))
    else:
        values = pc.divide(numbers, 100.0) if rate_bare else numbers
        reasons = pc.if_else(infinite, "numbers.not_finite", pa.scalar(None, pa.string()))
        if kind == "duration":
            negative = pc.fill_null(pc.less(numbers, 0.0), False)
            reasons = pc.if_else(
                pc.and_(negative, pc.invert(infinite)), "numbers.negative_duration", reasons
            )
        values = pc.if_else(
            pc.or_(pc.or_(nan, infinite), pc.is_valid(reasons)),
            pa.scalar(None, pa.float64()),
            values,
        )
    failing = pc.indices_nonzero(pc.is_valid(reasons)).to_pylist()
    named = pc.take(reasons, pa.array(failing, pa.int64())).to_pylist()
    failures = [
        (i, str(_cell(cells, numbers, i)), str(r)) for i, r in zip(failing, named, strict=True)
    ]
    merged = pc.coalesce(result.values, values.cast(result.values.type))
    return replace(result, values=merged, failures=sorted([*result.failures, *failures]))


# -- the slow lane: cells outside the fast forms, read by the scalar reference ---------------


def _slow_positions(texts: pa.Array, fast: pa.Array, others: list[int]) -> list[int]:
    """Positions of the non-empty cells outside the fast forms, and of every typed cell."""
    slow = pc.and_(pc.is_valid(texts), pc.invert(pc.fill_null(fast, False)))
    positions = pc.indices_nonzero(slow).to_pylist()
    return sorted(set(positions).union(others)) if others else positions


def _cell(cells: Sequence[DurationCell] | pa.Array, texts: pa.Array, index: int) -> DurationCell:
    if isinstance(cells, pa.Array | pa.ChunkedArray):
        return texts[index].as_py()  # type: ignore[no-any-return]
    return cells[index]


def _scalar_lane(
    cells: Sequence[DurationCell] | pa.Array,
    texts: pa.Array,
    positions: list[int],
    kind: Kind,
    tz: ZoneInfo | None,
    clock_hours: bool = False,
) -> tuple[dict[int, object], list[tuple[int, str, str]]]:
    """Date-times and durations outside the fast forms, by :func:`parse_column` (these kinds
    have no rule spanning cells that the fast cells could change)."""
    subset = [_cell(cells, texts, i) for i in positions]
    result = parse_column(subset, kind, tz=tz, clock_hours=clock_hours)
    values: dict[int, object] = {positions[i]: value for i, value in enumerate(result.values)}
    failures = [(positions[at], raw, key) for at, raw, key in result.failures]
    return values, failures


def _patch(values: pa.Array, replacements: dict[int, object], arrow_type: pa.DataType) -> pa.Array:
    """``values`` with the given positions replaced (by the slow lane's answers)."""
    if not replacements:
        return values
    positions = list(replacements)
    mask = pa.array([False] * len(values), pa.bool_()).to_numpy(zero_copy_only=False)
    mask[positions] = True
    filler = pa.array([replacements[p] for p in positions], arrow_type)
    return pc.replace_with_mask(values, pa.array(mask), filler)


# -- durations ---------------------------------------------------------------------------------


def _durations(
    cells: Sequence[DurationCell] | pa.Array, texts: pa.Array, others: list[int], clock_hours: bool
) -> VectorResult:
    words = pc.extract_regex(texts, _WORDS_RE)
    clock = pc.extract_regex(texts, _CLOCK_RE)
    bare = pc.match_substring_regex(texts, _BARE_SECONDS_RE)
    has_word = pc.fill_null(
        pc.and_(pc.is_valid(words), pc.greater(pc.utf8_length(texts), 0)), False
    )
    from_words = _sum_parts(words, (("h", 3600.0), ("m", 60.0), ("s", 1.0)))
    two_fields = (("b", 3600.0), ("c", 60.0)) if clock_hours else (("b", 60.0), ("c", 1.0))
    from_clock = pc.if_else(
        pc.equal(pc.struct_field(clock, "a"), ""),
        _sum_parts(clock, two_fields),
        _sum_parts(clock, (("a", 3600.0), ("b", 60.0), ("c", 1.0))),
    )
    minutes_ok = pc.or_(
        pc.equal(pc.struct_field(clock, "a"), ""),
        pc.less(_number(pc.struct_field(clock, "b")), 60.0),
    )
    clock_ok = pc.fill_null(pc.and_(pc.is_valid(clock), minutes_ok), False)
    values = pc.case_when(
        pc.make_struct(pc.fill_null(bare, False), pc.fill_null(has_word, False), clock_ok),
        _number(texts, bare),
        from_words,
        from_clock,
    )
    fast = pc.or_(pc.or_(pc.fill_null(bare, False), pc.fill_null(has_word, False)), clock_ok)
    slow = _slow_positions(texts, fast, others)
    replaced, failures = _scalar_lane(cells, texts, slow, "duration", None, clock_hours)
    return VectorResult(_patch(values, replaced, pa.float64()), None, failures, len(slow))


def _number(texts: pa.Array, where: pa.Array | None = None) -> pa.Array:
    """Digit-only texts as doubles (others null)."""
    if where is not None:
        texts = pc.if_else(pc.fill_null(where, False), texts, pa.scalar(None, pa.string()))
    blank = pc.equal(texts, "")
    return pc.cast(pc.if_else(blank, pa.scalar(None, pa.string()), texts), pa.float64())


def _sum_parts(parts: pa.Array, units: Sequence[tuple[str, float]]) -> pa.Array:
    total = pa.scalar(0.0)
    for name, size in units:
        field = _number(pc.struct_field(parts, name))
        total = pc.add(total, pc.multiply(pc.fill_null(field, 0.0), size))
    return total


# -- date-times --------------------------------------------------------------------------------


def _datetimes(
    cells: Sequence[DurationCell] | pa.Array, texts: pa.Array, others: list[int], zone: ZoneInfo
) -> VectorResult:
    shaped = pc.fill_null(pc.match_substring_regex(texts, _DATETIME_RE), False)
    candidates = pc.if_else(shaped, texts, pa.scalar(None, pa.string()))
    local = pc.strptime(candidates, format=_DATETIME_FORMAT, unit="s", error_is_null=True)
    # strptime rolls impossible dates over (2026-02-30 -> 2026-03-02): keep only round trips.
    exact = pc.fill_null(pc.equal(pc.strftime(local, format=_DATETIME_FORMAT), candidates), False)
    micros = pc.multiply(pc.cast(local, pa.int64()), 1_000_000)
    hours = pc.floor(pc.divide(pc.cast(micros, pa.float64()), float(_HOUR_US)))
    distinct = pc.unique(pc.drop_null(pc.if_else(exact, hours, pa.scalar(None, pa.float64()))))
    offsets = [_hour_offset(int(hour), zone) for hour in distinct.to_pylist()]
    offset_of = pc.take(
        pa.array(offsets, pa.int64()), pc.index_in(hours, value_set=distinct)
    )  # microseconds east of UTC, null in an hour holding a transition
    instants = pc.subtract(micros, offset_of)
    fast = pc.and_(exact, pc.is_valid(instants))
    values = pc.cast(pc.if_else(fast, instants, pa.scalar(None, pa.int64())), UTC_TYPE)
    slow = _slow_positions(texts, fast, others)
    replaced, failures = _scalar_lane(cells, texts, slow, "datetime", zone)
    return VectorResult(_patch(values, replaced, UTC_TYPE), None, failures, len(slow))


def _hour_offset(hour: int, zone: ZoneInfo) -> int | None:
    """The zone's offset (microseconds) throughout local hour ``hour`` since 1970, or
    ``None`` when it changes within the hour or the local time is ambiguous."""
    start = dt.datetime(1970, 1, 1) + dt.timedelta(hours=hour)
    end = start + dt.timedelta(minutes=59, seconds=59, microseconds=999_999)
    seen = {
        moment.replace(tzinfo=zone, fold=fold).utcoffset()
        for moment in (start, end)
        for fold in (0, 1)
    }
    if len(seen) != 1:
        return None
    (offset,) = seen
    return None if offset is None else offset // dt.timedelta(microseconds=1)


# -- numbers, money and rates ------------------------------------------------------------------


def _amounts(
    cells: Sequence[DurationCell] | pa.Array,
    texts: pa.Array,
    others: list[int],
    kind: Kind,
    convention: Convention | None,
    bare: bool,
) -> VectorResult:
    money, rate = kind == "money", kind == "rate"
    parts = pc.extract_regex(texts, _AMOUNT_RE)
    pre, minus = pc.struct_field(parts, "pre"), pc.struct_field(parts, "minus")
    post = pc.struct_field(parts, "post")
    has_pre, dong, pct = pc.not_equal(pre, ""), pc.equal(post, "₫"), pc.equal(post, "%")
    currency = pc.case_when(
        pc.make_struct(dong, pc.starts_with(pre, "Rp"), pc.equal(pre, "$")),
        pa.scalar("VND"),
        pa.scalar("IDR"),
        pa.scalar("USD"),
    )
    if rate:  # a currency, or a % on money or counts, are the scalar lane's failures to name
        fast = pc.and_(pc.is_valid(parts), pc.invert(pc.is_valid(currency)))
    else:
        fast = pc.and_(
            pc.and_(pc.is_valid(parts), pc.invert(pct)), pc.invert(pc.and_(has_pre, dong))
        )
    fast = pc.fill_null(fast, False)
    chosen = convention or vote_convention([texts], money=money)
    plain = _plain_text(parts, money_like=pc.or_(pc.is_valid(currency), money), chosen=chosen)
    text = pc.binary_join_element_wise(pc.if_else(pc.equal(minus, "-"), "-", ""), plain, "")
    if rate:
        percent = pc.or_(pct, pa.scalar(bare)) if bare else pct
        text = pc.if_else(percent, pc.binary_join_element_wise(text, "e-2", ""), text)
    fast_text = pc.if_else(fast, text, pa.scalar(None, pa.string()))
    values = pc.add(pc.cast(fast_text, pa.float64()), 0.0)  # no -0.0, as the scalar reader
    finite = pc.fill_null(pc.is_finite(values), False)
    fast = pc.and_(fast, finite)
    values = pc.if_else(fast, values, pa.scalar(None, pa.float64()))
    slow = _slow_positions(texts, fast, others)
    replaced: dict[int, object] = {}
    slow_currency: dict[int, str | None] = {}
    failures: list[tuple[int, str, str]] = []
    readings: dict[str, object] = {}
    for index in slow:
        cell = _cell(cells, texts, index)
        if isinstance(cell, str):
            if cell not in readings:
                readings[cell] = _safe_read(cell, money)
            reading = readings[cell]
            result = _finish(reading, chosen == "comma_decimal", rate, bare)  # type: ignore[arg-type]
            slow_currency[index] = reading[5] if isinstance(reading, tuple) else None
        else:
            try:
                number = _number_cell(cell)
                result = number / 100 if rate and bare and number is not None else number
            except ValueError as failure:
                result = getattr(failure, "reason_key", "numbers.not_a_number")
        if isinstance(result, str):
            failures.append((index, str(cell), result))
            replaced[index] = None
        else:
            replaced[index] = result
    values = _patch(values, replaced, pa.float64())
    fast_currency = pc.if_else(fast, currency, pa.scalar(None, pa.string()))
    column = _one_currency(texts, values, fast_currency, slow_currency, failures)
    return replace(column, slow=len(slow))


def _plain_text(parts: pa.Array, *, money_like: pa.Array | bool, chosen: Convention) -> pa.Array:
    """The decimal text (``1234.5``) of an amount's digits, as ``_split_digits`` reads them."""

    def field(name: str) -> pa.Array:
        return pc.struct_field(parts, name)

    idf, enf, grp = field("idf"), field("enf"), field("grp")
    head, sep, tail = field("head"), field("sep"), field("tail")
    # One separator followed by three digits after a 1-3 digit head not starting with 0 is
    # a thousands separator in money, else the convention's.
    ambiguous = pc.and_(
        pc.and_(pc.equal(pc.utf8_length(tail), 3), pc.less_equal(pc.utf8_length(head), 3)),
        pc.invert(pc.starts_with(head, "0")),
    )
    grouping = pc.equal(sep, "." if chosen == "comma_decimal" else ",")
    grouped = pc.and_(ambiguous, pc.or_(money_like, grouping))
    single = pc.if_else(
        pc.equal(sep, ""),
        head,
        pc.binary_join_element_wise(head, pc.if_else(grouped, "", "."), tail, ""),
    )
    return pc.case_when(
        pc.make_struct(pc.not_equal(idf, ""), pc.not_equal(enf, ""), pc.not_equal(grp, "")),
        pc.replace_substring(pc.replace_substring(idf, ".", ""), ",", "."),
        pc.replace_substring(enf, ",", ""),
        pc.replace_substring(pc.replace_substring(grp, ".", ""), ",", ""),
        single,
    )


def vote_convention(
    columns: Sequence[pa.Array], *, money: bool = False, counts: Sequence[pa.Array] = ()
) -> Convention:
    """The decimal convention the text cells of ``columns`` vote for, as
    :func:`~siaran.ingest.numbers.detect_convention` decides it (``money``: as a money column
    votes, a lone group of three digits being thousands): every distinct text votes once, the
    forms of :data:`_AMOUNT_RE` by expression, the others as the scalar reader reads them.
    ``counts`` are columns of whole numbers (viewers, likes): there a lone group of three
    digits is thousands too, for ``1.250`` viewers cannot be one and a quarter."""
    votes = convention_votes(columns, money=money, counts=counts)
    if votes.decided is not None:
        return votes.decided
    return "comma_decimal" if votes.indonesian else "dot_decimal"


@dataclass(frozen=True)
class ConventionVotes:
    """What the cells of a table say about its decimal convention: the votes of the cells
    whose form decides, and whether an Indonesian mark (``Rp``, ``jt``) was seen."""

    dot: int
    comma: int
    indonesian: bool

    @property
    def decided(self) -> Convention | None:
        """The convention the votes decide, ``None`` on a tie (none voting included)."""
        if self.dot == self.comma:
            return None
        return "comma_decimal" if self.comma > self.dot else "dot_decimal"


def convention_votes(
    columns: Sequence[pa.Array], *, money: bool = False, counts: Sequence[pa.Array] = ()
) -> ConventionVotes:
    """The votes :func:`vote_convention` counts, for a caller that breaks a tie otherwise."""
    marks = [_marks(columns, money), _marks(counts, True)]
    return ConventionVotes(
        sum(m[0] for m in marks), sum(m[1] for m in marks), any(m[2] for m in marks)
    )


def _marks(columns: Sequence[pa.Array], money: bool) -> tuple[int, int, bool]:
    """The dot votes, the comma votes and whether an Indonesian mark (``Rp``) was seen."""
    texts = [c.cast(pa.string()) for c in columns if len(c)]
    if not texts:
        return 0, 0, False
    distinct = pc.unique(pc.drop_null(pa.chunked_array(texts, pa.string()).combine_chunks()))
    parts = pc.extract_regex(distinct, _AMOUNT_RE)
    pre, post = pc.struct_field(parts, "pre"), pc.struct_field(parts, "post")
    has_pre, dong = pc.not_equal(pre, ""), pc.equal(post, "₫")
    fast = pc.fill_null(pc.and_(pc.is_valid(parts), pc.invert(pc.and_(has_pre, dong))), False)
    head, sep, tail = (pc.struct_field(parts, f) for f in ("head", "sep", "tail"))
    grp = pc.struct_field(parts, "grp")
    ambiguous = pc.and_(
        pc.and_(pc.equal(pc.utf8_length(tail), 3), pc.less_equal(pc.utf8_length(head), 3)),
        pc.invert(pc.starts_with(head, "0")),
    )
    dot, comma, none = pa.scalar(_DOT), pa.scalar(_COMMA), pa.scalar(0)
    by_dot = pc.if_else(pc.equal(sep, "."), dot, comma)  # "1.5" votes dot, "1,5" comma
    by_group = pc.if_else(pc.equal(sep, "."), comma, dot)  # "Rp1.234": a thousands dot
    money_like = pc.or_(pa.scalar(money), pc.or_(has_pre, dong))
    single = pc.if_else(ambiguous, pc.if_else(money_like, by_group, none), by_dot)
    vote = pc.case_when(
        pc.make_struct(
            pc.not_equal(pc.struct_field(parts, "idf"), ""),
            pc.not_equal(pc.struct_field(parts, "enf"), ""),
            pc.not_equal(grp, ""),
            pc.equal(sep, ""),
        ),
        comma,
        dot,
        pc.if_else(pc.match_substring(grp, "."), comma, dot),
        none,
        single,
    )
    votes = pc.if_else(fast, vote, none)
    dots = pc.sum(pc.equal(votes, _DOT)).as_py() or 0
    commas = pc.sum(pc.equal(votes, _COMMA)).as_py() or 0
    indonesian = bool(pc.any(pc.and_(fast, pc.starts_with(pre, "Rp"))).as_py())
    others = pc.filter(distinct, pc.invert(fast)).to_pylist()
    readings = [_safe_read(text, money) for text in others]
    marks = [(dots, commas, indonesian)]
    for reading in readings:
        if isinstance(reading, tuple):
            marks.append(
                (reading[4] & _DOT, (reading[4] & _COMMA) >> 1, bool(reading[4] & _ID_MARK))
            )
    return (
        sum(m[0] for m in marks),
        sum(m[1] for m in marks),
        any(m[2] for m in marks),
    )


def _one_currency(
    texts: pa.Array,
    values: pa.Array,
    fast_currency: pa.Array,
    slow_currency: dict[int, str | None],
    failures: list[tuple[int, str, str]],
) -> VectorResult:
    """One currency per column: the most frequent (the first seen on a tie); a known value
    in another fails with ``numbers.mixed_currency``, as :func:`parse_column` rules."""
    if slow_currency:
        mask = [False] * len(values)
        for index in slow_currency:
            mask[index] = True
        fast_currency = pc.replace_with_mask(
            fast_currency, pa.array(mask), pa.array(list(slow_currency.values()), pa.string())
        )
    counted = pc.value_counts(pc.drop_null(fast_currency)).to_pylist()
    if not counted:
        return VectorResult(values, None, sorted(failures))
    if len(counted) == 1:
        return VectorResult(values, str(counted[0]["values"]), sorted(failures))
    firsts = {
        str(entry["values"]): pc.index(fast_currency, entry["values"]).as_py() for entry in counted
    }
    best = max(counted, key=lambda e: (e["counts"], -firsts[str(e["values"])]))
    currency = str(best["values"])
    wrong = pc.and_(pc.fill_null(pc.not_equal(fast_currency, currency), False), pc.is_valid(values))
    positions = pc.indices_nonzero(wrong).to_pylist()
    raw = pc.take(texts, pa.array(positions, pa.int64())).to_pylist()
    failures = failures + [
        (i, str(text), "numbers.mixed_currency") for i, text in zip(positions, raw, strict=True)
    ]
    values = _patch(values, dict.fromkeys(positions), pa.float64())
    return VectorResult(values, currency, sorted(failures))
