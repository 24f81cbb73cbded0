"""Orders behind the lives: the platforms' order exports without buyers' personal data, and
each order linked to the live it was bought in.

- :func:`import_order_file`: a TikTok Shop or Shopee order export into the workspace
  (:mod:`siaran.orders.importer`; columns and their privacy treatment in
  :mod:`siaran.orders.columns`, the buyer's keyed hash in :mod:`siaran.orders.privacy`).
- :func:`list_orders`, :func:`live_orders`, :func:`live_products`: orders with their live,
  and per live the orders and value against what the platform attributed, by product, and new
  and returning buyers (:mod:`siaran.orders.linking`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from siaran.orders.importer import OrderImportReport, import_order_file, is_order_export
from siaran.orders.linking import (
    DEFAULT_GRACE_MINUTES,
    GRACE_SETTING,
    LiveOrders,
    LiveProduct,
    OrderLine,
    OrderRecord,
    grace_minutes,
    linked_orders,
    list_orders,
    live_orders,
    live_products,
)

if TYPE_CHECKING:
    from pathlib import Path

    from siaran.ingest.limits import ImportLimits
    from siaran.orders.reading import OrderGrid

__all__ = [
    "DEFAULT_GRACE_MINUTES",
    "GRACE_SETTING",
    "LiveOrders",
    "LiveProduct",
    "OrderImportReport",
    "OrderLine",
    "OrderRecord",
    "grace_minutes",
    "import_order_file",
    "is_order_export",
    "is_order_grid",
    "linked_orders",
    "list_orders",
    "live_orders",
    "live_products",
    "read_order_grid",
    "read_xlsx_grid",
]


def read_order_grid(path: Path, limits: ImportLimits) -> OrderGrid | None:
    """An XLSX order export read (with every guard) for :func:`import_order_file`; ``None``
    for any other file."""
    from siaran.orders.columns import recognise
    from siaran.orders.reading import is_xlsx, read_grid

    if not is_xlsx(path):
        return None
    grid = read_grid(path, limits)
    return grid if recognise(grid.header) is not None else None


def read_xlsx_grid(path: Path, limits: ImportLimits) -> OrderGrid | None:
    """An XLSX file read (with every guard) as a grid of text cells, for the importers that
    recognise a file by its header row; ``None`` for any other file."""
    from siaran.orders.reading import is_xlsx, read_grid

    return read_grid(path, limits) if is_xlsx(path) else None


def is_order_grid(grid: OrderGrid) -> bool:
    """Whether ``grid``'s header row is an order export's."""
    from siaran.orders.columns import recognise

    return recognise(grid.header) is not None
