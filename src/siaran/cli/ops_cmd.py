"""``siaran ops``: how the orders of each account and live were fulfilled, against the crew's
capacity and the ship-by promise. A thin adapter over :mod:`siaran.operations`."""

from __future__ import annotations

import textwrap
from dataclasses import asdict
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypedDict

import typer

from siaran.cli.common import app, open_workspace, state, stdout
from siaran.cli.options import (
    AccountOption,
    AllOption,
    ColumnsOption,
    FormatOption,
    WorkspaceOption,
    grace_opt,
)
from siaran.cli.output import ColumnChoice, OutputFormat, print_json, print_rows
from siaran.errors import UsageError
from siaran.i18n import text

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from siaran.operations import AccountOperations, FulfilmentSettings, LiveOperations

ACCOUNT_TABLE_COLUMNS = (
    "account",
    "orders",
    "peak_orders_per_10min",
    "hours_to_ship_median",
    "late_share",
    "cancelled_share",
    "returned_share",
    "peak_load",
    "hours_to_ship_p90",
    "backlog_after_live",
    "lives_over_capacity",
    "refund_value",
)
LIVE_TABLE_COLUMNS = (
    "started_at",
    "account",
    "orders",
    "peak_orders_per_10min",
    "peak_load",
    "hours_to_ship_median",
    "late_share",
    "cancelled_share",
    "backlog_after_live",
    "over_capacity",
    "room_id",
    "returned_share",
    "hours_to_ship_p90",
)
CANCEL_TABLE_COLUMNS = ("account", "cancel_kind", "cancel_group", "orders", "share")
NESTED = ("cancelled_by", "cancel_reasons", "over_capacity", "within_capacity", "reasons")


class CancellationRow(TypedDict):
    """One row of the cancellations view: how many of an account's orders one canceller
    (``cancel_kind`` ``cancelled_by``) or one reason (``reason``) holds."""

    account: str
    cancel_kind: str
    cancel_group: str | None
    orders: int
    share: float | None


class OpsView(StrEnum):
    accounts = "accounts"
    lives = "lives"
    cancellations = "cancellations"


def _flat_account(item: AccountOperations) -> dict[str, object]:
    """An account's figures as one table or CSV row: what followed its lives over capacity
    as ``over_capacity_*`` and ``within_capacity_*`` cells, reasons as codes."""
    data = {k: v for k, v in asdict(item).items() if k not in NESTED}
    for group in ("over_capacity", "within_capacity"):
        followed = getattr(item, group)
        for name in ("lives", "orders", "late_share", "cancelled_share"):
            data[f"{group}_{name}"] = None if followed is None else getattr(followed, name)
    data["reasons"] = ", ".join(item.reasons)
    return data


def _flat_live(item: LiveOperations) -> dict[str, object]:
    data = asdict(item)
    data["reasons"] = ", ".join(item.reasons)
    return data


def cancellation_rows(items: list[AccountOperations]) -> list[CancellationRow]:
    """One row per account and canceller, then per account and reason."""
    return [
        {
            "account": item.account,
            "cancel_kind": kind,
            "cancel_group": share.name,
            "orders": share.orders,
            "share": share.share,
        }
        for item in items
        for kind, shares in (("cancelled_by", item.cancelled_by), ("reason", item.cancel_reasons))
        for share in shares
    ]


def _notes(settings: FulfilmentSettings, reasons: set[str]) -> None:
    """The settings used and why figures are empty, wrapped to the table's width."""
    from siaran.operations import describe_settings

    said = [describe_settings(settings, state.lang)]
    said += [text(f"operations.reason.{r}", state.lang) for r in sorted(reasons)]
    for paragraph in said:
        stdout.print(textwrap.fill(paragraph, stdout.table_width()), style="dim", soft_wrap=False)


@app.command("ops")
def ops_command(
    room_id: Annotated[
        str | None,
        typer.Argument(help="Only this live (room ID). / Hanya live ini (ID room)."),
    ] = None,
    workspace: WorkspaceOption = None,
    account: AccountOption = None,
    view: Annotated[
        OpsView,
        typer.Option(
            "--view",
            help=(
                "accounts: per account; lives: per live; cancellations: by who cancelled and "
                "why. / accounts: per akun; lives: per live; cancellations: menurut siapa "
                "yang membatalkan dan alasannya."
            ),
        ),
    ] = OpsView.accounts,
    capacity: Annotated[
        str | None,
        typer.Option(
            "--capacity",
            help=(
                "Orders the crew can pack per hour (default: the workspace setting, else "
                "unknown). / Pesanan yang bisa dikemas tim per jam (bawaan: pengaturan "
                "workspace, atau tidak diketahui)."
            ),
        ),
    ] = None,
    promise_hours: Annotated[
        str | None,
        typer.Option(
            "--promise-hours",
            help=(
                "Ship-by promise in hours from the order (default: the workspace setting, "
                "else unknown). / Janji kirim dalam jam sejak pesanan (bawaan: pengaturan "
                "workspace, atau tidak diketahui)."
            ),
        ),
    ] = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help=(
                "Keep --capacity and --promise-hours as the workspace's settings. / Simpan "
                "--capacity dan --promise-hours sebagai pengaturan workspace."
            ),
        ),
    ] = False,
    grace: Annotated[int | None, grace_opt("the orders' setting", "pengaturan pesanan")] = None,
    columns: ColumnsOption = None,
    every_column: AllOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Fulfilment of orders: peaks against capacity, time to ship, late, cancelled and
    returned orders. / Pemenuhan pesanan: puncak dibanding kapasitas, waktu kirim, pesanan
    terlambat, batal dan retur."""
    from siaran.operations import (
        account_operations,
        fulfilment_settings,
        live_operations,
        save_fulfilment_settings,
    )

    choice = ColumnChoice.of(columns, every_column)
    room = room_id.strip() if room_id else None
    if save and capacity is None and promise_hours is None:
        raise UsageError("operations.nothing_to_save")
    with open_workspace(workspace) as ws:
        settings = fulfilment_settings(ws, capacity_per_hour=capacity, promise_hours=promise_hours)
        if save:
            save_fulfilment_settings(ws, settings)
            stdout.print(text("operations.saved", state.lang))
            _notes(settings, set())
        stored = ws.con.execute("SELECT count(*) FROM orders").fetchone()
        if not stored or not stored[0]:
            if save:
                return
            raise UsageError("orders.none_stored")
        if room is not None or view is OpsView.lives:
            lives = live_operations(ws, room=room, account=account, settings=settings, grace=grace)
            accounts: list[AccountOperations] = []
        else:
            accounts = account_operations(ws, account=account, settings=settings, grace=grace)
            lives = live_operations(ws, account=account, settings=settings, grace=grace)
    if room is not None and not lives:
        raise UsageError("orders.unknown_room", room=room)
    if account is not None and view is OpsView.accounts and room is None and not accounts:
        raise UsageError("operations.unknown_account", account=account)
    if fmt is OutputFormat.json and view is not OpsView.cancellations:
        print_json(stdout, _json(accounts, lives, one=room is not None or account is not None))
        return
    shown: tuple[str, ...]
    rows: Sequence[Mapping[str, object]]
    if view is OpsView.cancellations:
        rows, shown = cancellation_rows(accounts), CANCEL_TABLE_COLUMNS
    elif accounts:
        rows, shown = [_flat_account(a) for a in accounts], ACCOUNT_TABLE_COLUMNS
    else:
        rows, shown = [_flat_live(live) for live in lives], LIVE_TABLE_COLUMNS
    title = text(f"operations.title.{view.value if room is None else 'lives'}", state.lang)
    print_rows(stdout, rows, fmt, lang=state.lang, columns=shown, choice=choice, title=title)
    if fmt is OutputFormat.table:
        reasons = {r for a in accounts for r in a.reasons} | {r for v in lives for r in v.reasons}
        _notes(settings, reasons - set(settings.reasons))


def _json(accounts: list[AccountOperations], lives: list[LiveOperations], *, one: bool) -> object:
    """Accounts with their lives (the account view), else lives; one object when the
    command named one account or one live."""
    if not accounts:
        found: list[dict[str, Any]] = [asdict(live) for live in lives]
        return found[0] if one and len(found) == 1 else found
    items = [
        {**asdict(a), "lives": [asdict(live) for live in lives if live.account == a.account]}
        for a in accounts
    ]
    return items[0] if one and len(items) == 1 else items
