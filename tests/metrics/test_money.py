"""Money that is not comparable is never pooled: currencies, GMV bases and rate tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from siaran.errors import BadInputError, UsageError
from siaran.metrics import compare_accounts, read_fx_table
from siaran.metrics.compare import Comparison
from siaran.metrics.money import FxRate, FxTable, parse_gmv_bases, totals_by_money
from siaran.workspace import Workspace

from . import daily, insert_sessions

END = dt.date(2026, 7, 28)


def _account(
    name: str, lives: int, gmv: float, currency: str = "IDR", basis: str | None = "attributed"
) -> list[dict[str, object]]:
    days = [END - dt.timedelta(days=d) for d in range(lives)]
    return daily(name, days, gmv=gmv, currency=currency, gmv_basis=basis)


def _idr_cohort() -> list[dict[str, object]]:
    """Six rupiah accounts: more lives, less value per session, in perfect order."""
    return [
        row
        for i, gmv in enumerate([900_000.0, 700_000.0, 500_000.0, 300_000.0, 100_000.0, 50_000.0])
        for row in _account(f"idr{i}", i + 1, gmv)
    ]


def _reasons(result: Comparison) -> list[tuple[str, str]]:
    return [(e["account"], e["reason"]) for e in result["excluded"]]


# -- currencies -----------------------------------------------------------------------------------
def test_another_currency_is_left_out_and_named_never_pooled(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Today's behaviour pooled a ringgit account with the rupiah ones without a word.
    rows = _idr_cohort() + _account("myr0", 7, 120.0, currency="MYR")
    insert_sessions(workspace, rows)
    result = compare_accounts(workspace, end=END, resamples=200)
    assert _reasons(result) == [("myr0", "currency")]
    assert result["excluded"][0] == {
        "account": "myr0", "platform": "tiktok", "currency": "MYR",
        "gmv_bases": ["attributed"], "reason": "currency",
    }  # fmt: skip
    assert result["money"]["currency"] == "IDR"
    assert result["money"]["currency_chosen_by"] == "largest_group"
    correlation = result["correlation"]
    assert correlation["n"] == 6 and correlation["rho"] == -1.0
    quadrants = {a["account"]: (a["compared"], a["quadrant"]) for a in result["accounts"]}
    assert quadrants["myr0"] == (False, None)
    assert [w["account"] for w in result["within_account"]] == [f"idr{i}" for i in range(6)]
    assert "left out for another currency or GMV basis: 1 accounts" in result["verdict"]["en"]
    # The same figures as a workspace holding the rupiah accounts alone.
    with Workspace.create(tmp_path / "idr-only") as alone:
        insert_sessions(alone, _idr_cohort())
        expected = compare_accounts(alone, end=END, resamples=200)
    assert result["correlation"] == expected["correlation"]


def test_the_user_picks_the_currency(workspace: Workspace) -> None:
    insert_sessions(workspace, _idr_cohort() + _account("myr0", 7, 120.0, currency="MYR"))
    ringgit = compare_accounts(workspace, end=END, resamples=50, currency="myr")
    assert (
        ringgit["money"]["currency"] == "MYR" and ringgit["money"]["currency_chosen_by"] == "user"
    )
    assert ringgit["correlation"]["n"] == 1
    assert {reason for _, reason in _reasons(ringgit)} == {"currency"}
    assert ringgit["verdict"]["code"] == "too_little_data"
    with pytest.raises(UsageError) as raised:
        compare_accounts(workspace, end=END, resamples=50, currency="SGD")
    assert "SGD" in str(raised.value) and "IDR, MYR" in str(raised.value)


def test_a_tie_between_currencies_is_broken_by_code(workspace: Workspace) -> None:
    rows = _account("a", 1, 10.0, currency="MYR") + _account("b", 2, 20.0, currency="IDR")
    insert_sessions(workspace, rows)
    assert compare_accounts(workspace, end=END, resamples=10)["money"]["currency"] == "IDR"


def test_a_rate_table_converts_at_the_window_end(workspace: Workspace) -> None:
    rows = _idr_cohort() + _account("myr0", 7, 10.0, currency="MYR")
    rows += _account("sgd0", 3, 10.0, currency="SGD")
    insert_sessions(workspace, rows)
    fx = FxTable(
        "IDR",
        (FxRate("MYR", 3000.0), FxRate("MYR", 3500.0, dt.date(2026, 7, 1))),
        "kurs.csv",
    )
    result = compare_accounts(workspace, end=END, resamples=200, fx=fx)
    assert result["money"]["fx"] == {
        "target": "IDR", "source": "kurs.csv", "rates": [{"currency": "MYR", "rate": 3500.0}],
    }  # fmt: skip
    assert result["money"]["currency_chosen_by"] == "fx"
    assert _reasons(result) == [("sgd0", "no_fx_rate")]
    myr = next(a for a in result["accounts"] if a["account"] == "myr0")
    assert (myr["currency"], myr["converted_from"], myr["fx_rate"]) == ("IDR", "MYR", 3500.0)
    assert myr["gmv_mean_per_session"] == 35_000.0 and myr["gmv_total"] == 7 * 35_000.0
    idr = next(a for a in result["accounts"] if a["account"] == "idr0")
    assert (idr["converted_from"], idr["fx_rate"]) == (None, None)
    assert result["correlation"]["n"] == 7 and result["correlation"]["rho"] == -1.0
    assert (
        "converted to IDR at the rates of kurs.csv (1 MYR = 3,500 IDR)" in result["verdict"]["en"]
    )
    # Before the dated rate applies, the undated one does.
    assert fx.rate("MYR", dt.date(2026, 6, 30)) == 3000.0 and fx.rate("IDR", END) == 1.0
    assert fx.rate("USD", END) is None
    with pytest.raises(UsageError):
        compare_accounts(workspace, end=END, fx=fx, currency="IDR")


def test_unknown_currency_and_unknown_gmv_are_left_out(workspace: Workspace) -> None:
    rows = _idr_cohort() + daily("nocurrency", [END], gmv=5.0, currency=None)
    rows += daily("nogmv", [END], currency="IDR", gmv_basis="attributed")
    insert_sessions(workspace, rows)
    result = compare_accounts(workspace, end=END, resamples=50)
    assert _reasons(result) == [("nocurrency", "unknown_currency"), ("nogmv", "no_gmv")]


# -- GMV bases ------------------------------------------------------------------------------------
def test_gmv_bases_are_compared_one_at_a_time_unless_allowed(workspace: Workspace) -> None:
    rows = _idr_cohort()
    rows += _account("revenue0", 2, 2_000_000.0, basis="revenue")
    rows += _account("revenue1", 9, 10_000.0, basis="revenue")
    rows += _account("mixed", 3, 1000.0)
    rows += daily("mixed", [END - dt.timedelta(days=5)], gmv=1000.0, gmv_basis="revenue")
    insert_sessions(workspace, rows)
    result = compare_accounts(workspace, end=END, resamples=100)
    assert result["money"]["gmv_bases"] == ["attributed"]
    assert _reasons(result) == [
        ("mixed", "mixed_gmv_basis"), ("revenue0", "gmv_basis"), ("revenue1", "gmv_basis"),
    ]  # fmt: skip
    assert result["gmv_bases"] == [
        {"gmv_basis": "attributed", "accounts": 7, "compared_accounts": 6},
        {"gmv_basis": "revenue", "accounts": 3, "compared_accounts": 0},
    ]
    mixed = next(a for a in result["accounts"] if a["account"] == "mixed")
    assert mixed["gmv_bases"] == ["attributed", "revenue"] and mixed["quadrant"] is None
    allowed = compare_accounts(
        workspace, end=END, resamples=100, gmv_bases=parse_gmv_bases("attributed, revenue")
    )
    assert allowed["money"]["gmv_bases"] == ["attributed", "revenue"]
    assert allowed["money"]["gmv_basis_chosen_by"] == "user"
    assert allowed["excluded"] == [] and allowed["correlation"]["n"] == 9
    only_revenue = compare_accounts(workspace, end=END, resamples=100, gmv_bases=["revenue"])
    assert only_revenue["correlation"]["n"] == 2
    with pytest.raises(UsageError) as raised:
        compare_accounts(workspace, end=END, resamples=10, gmv_bases=["atributed"])
    assert "atributed" in str(raised.value) and "attributed, revenue" in str(raised.value)


def test_an_unstated_basis_is_its_own_group() -> None:
    assert parse_gmv_bases("unknown,paid") == (None, "paid")
    assert parse_gmv_bases(["paid", "placed,paid"]) == ("paid", "placed")
    assert parse_gmv_bases(None) is None
    with pytest.raises(UsageError):
        parse_gmv_bases(" , ")


def test_totals_are_per_currency_and_basis() -> None:
    rows: list[dict[str, object]] = [
        {"currency": "IDR", "gmv_bases": ["attributed"], "gmv_total": 100.0},
        {"currency": "IDR", "gmv_bases": ["attributed"], "gmv_total": 50.0},
        {"currency": "IDR", "gmv_bases": ["placed"], "gmv_total": 10.0},
        {"currency": "MYR", "gmv_bases": ["attributed"], "gmv_total": None},
    ]
    found = [(t.currency, t.gmv_bases, t.total, t.accounts) for t in totals_by_money(rows)]
    assert found == [
        ("IDR", ("attributed",), 150.0, 2),
        ("IDR", ("placed",), 10.0, 1),
        ("MYR", ("attributed",), None, 1),
    ]


# -- the rate table file --------------------------------------------------------------------------
def _write(tmp_path: Path, text: str | bytes, name: str = "kurs.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_read_a_rate_table(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "\ufeffCurrency, Target ,rate,date\nMYR,IDR,3550,\nmyr,idr,3600.25,2026-09-01\n\n"
        "USD,IDR,0.5,2026-01-01\n",
    )
    table = read_fx_table(path)
    assert table.target == "IDR" and table.source == "kurs.csv"
    assert table.rates == (
        FxRate("MYR", 3550.0),
        FxRate("MYR", 3600.25, dt.date(2026, 9, 1)),
        FxRate("USD", 0.5, dt.date(2026, 1, 1)),
    )
    without_dates = read_fx_table(_write(tmp_path, "currency,target,rate\nMYR,IDR,3550\n", "b.csv"))
    assert without_dates.rates == (FxRate("MYR", 3550.0),)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("currency,rate\nMYR,3550\n", ["row 1", "column 'target'", "missing"]),
        ("currency,target,rate,kurs\nMYR,IDR,3550,1\n", ["column 'kurs'", "unknown column"]),
        ('currency,target,rate\nMYR,IDR,"3.550,5"\n', ["row 2", "column 'rate'", "3.550,5"]),
        ("currency,target,rate\nMYR,IDR,-2\n", ["row 2", "column 'rate'"]),
        ("currency,target,rate\nRinggit,IDR,3550\n", ["row 2", "column 'currency'", "Ringgit"]),
        ("currency,target,rate,date\nMYR,IDR,3550,01/09/2026\n", ["row 2", "column 'date'"]),
        ("currency,target,rate\nMYR,IDR,3550\nSGD,MYR,3.4\n", ["column 'target'", "IDR, MYR"]),
        ("currency,target,rate\nMYR,IDR,3550\nMYR,IDR,3560\n", ["row 3", "already has a rate"]),
        ("currency,target,rate\nIDR,IDR,1\n", ["row 2", "its own target"]),
    ],
)
def test_a_bad_rate_table_names_row_column_and_reason(
    tmp_path: Path, content: str, expected: Sequence[str]
) -> None:
    with pytest.raises(BadInputError) as raised:
        read_fx_table(_write(tmp_path, content))
    message = raised.value.message("en")
    assert "kurs.csv" in message
    for part in expected:
        assert part.lower() in message.lower(), (part, message)


@pytest.mark.parametrize(
    "content",
    [b"", b"currency,target,rate\n", b"\x00\x01PK\x03\x04binary", b"currency\xff\xfe,x\n"],
)
def test_an_empty_or_binary_rate_table_is_refused(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(BadInputError) as raised:
        read_fx_table(_write(tmp_path, content))
    assert "kurs.csv" in raised.value.message("en")


def test_a_missing_rate_table_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInputError) as raised:
        read_fx_table(tmp_path / "nope.csv")
    assert "nope.csv" in raised.value.message("id")
