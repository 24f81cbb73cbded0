"""``siaran orders``: orders with the live each was bought in, per live, or per live and
product. A thin adapter over :mod:`siaran.orders`."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from siaran.cli.common import app, open_workspace, state, stdout
from siaran.cli.options import (
    AllOption,
    ColumnsOption,
    FormatOption,
    WorkspaceOption,
    account_opt,
    grace_opt,
)
from siaran.cli.output import ColumnChoice, OutputFormat, print_json, print_rows
from siaran.errors import UsageError
from siaran.i18n import text

if TYPE_CHECKING:
    from siaran.orders import OrderRecord

ORDER_TABLE_COLUMNS = (
    "order_id",
    "created_at",
    "account",
    "status",
    "amount",
    "room_id",
    "products",
    "cancelled_by",
)
LIVE_TABLE_COLUMNS = (
    "started_at",
    "room_id",
    "account",
    "orders",
    "platform_orders",
    "orders_difference",
    "gmv",
    "platform_gmv",
    "gmv_difference",
    "new_buyers",
    "returning_buyers",
    "cancelled_orders",
)
PRODUCT_TABLE_COLUMNS = ("started_at", "room_id", "product", "sku", "orders", "quantity", "amount")


class OrdersView(StrEnum):
    orders = "orders"
    lives = "lives"
    products = "products"


@app.command("orders")
def orders_command(
    room_id: Annotated[
        str | None,
        typer.Argument(
            help="Only the orders of this live (room ID). / Hanya pesanan live ini (ID room)."
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    account: Annotated[
        str | None, account_opt("Only orders of this account. / Hanya pesanan akun ini.")
    ] = None,
    view: Annotated[
        OrdersView,
        typer.Option(
            "--view",
            help=(
                "orders: one row per order; lives: per live against the platform's "
                "attribution; products: per live and product. / orders: satu baris per "
                "pesanan; lives: per live dibanding atribusi platform; products: per live "
                "dan produk."
            ),
        ),
    ] = OrdersView.orders,
    grace: Annotated[int | None, grace_opt("the workspace setting", "pengaturan workspace")] = None,
    save_grace: Annotated[
        bool,
        typer.Option(
            "--save-grace",
            help=(
                "Keep --grace as the workspace's setting. / Simpan --grace sebagai "
                "pengaturan workspace."
            ),
        ),
    ] = False,
    columns: ColumnsOption = None,
    every_column: AllOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Orders and the lives they were bought in. / Pesanan dan live tempat dibelinya."""
    from siaran.orders import (
        GRACE_SETTING,
        grace_minutes,
        list_orders,
        live_orders,
        live_products,
    )

    choice = ColumnChoice.of(columns, every_column)
    columns_shown: tuple[str, ...]
    room = room_id.strip() if room_id else None
    with open_workspace(workspace) as ws:
        minutes = grace_minutes(ws, grace)
        if save_grace and grace is not None:
            ws.set_setting(GRACE_SETTING, str(minutes))
            stdout.print(text("orders.grace_saved", state.lang, minutes=minutes))
        stored = ws.con.execute("SELECT count(*) FROM orders").fetchone()
        if not stored or not stored[0]:
            raise UsageError("orders.none_stored")
        if view is OrdersView.lives:
            lives = live_orders(ws, room=room, account=account, grace=minutes)
            rows: list[dict[str, Any]] = [asdict(r) for r in lives]
            columns_shown, title = (
                LIVE_TABLE_COLUMNS,
                text("orders.lives_title", state.lang, minutes=minutes),
            )
        elif view is OrdersView.products:
            products = live_products(ws, room=room, account=account, grace=minutes)
            rows = [asdict(r) for r in products]
            columns_shown, title = PRODUCT_TABLE_COLUMNS, text("orders.products_title", state.lang)
        else:
            orders = list_orders(ws, room=room, account=account, grace=minutes)
            if fmt is OutputFormat.json:
                print_json(stdout, [asdict(o) for o in orders])
                return
            rows = [_flat_order(o) for o in orders]
            columns_shown, title = ORDER_TABLE_COLUMNS, ""
    if room is not None and not rows:
        raise UsageError("orders.unknown_room", room=room)
    print_rows(
        stdout,
        rows,
        fmt,
        lang=state.lang,
        columns=columns_shown,
        choice=choice,
        title=title or None,
    )


def _flat_order(order: OrderRecord) -> dict[str, object]:
    """An order as one table or CSV row: its lines as ``product ×quantity`` in one cell."""
    data = asdict(order)
    lines = data.pop("lines")
    data["products"] = "; ".join(
        f"{line['product'] or line['sku'] or '?'} ×{line['quantity']:g}"
        if line["quantity"] is not None
        else str(line["product"])
        for line in lines
    )
    return data
