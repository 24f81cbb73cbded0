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
from siaran.orders.reading import xlsx_grid, xlsx_header
from siaran.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from siaran.ingest.limits import ImportLimits
    from siaran.ingest.source import SourceFile

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
    "is_order_header",
    "linked_orders",
    "list_orders",
    "live_orders",
    "live_products",
    "read_workbook",
    "xlsx_grid",
    "xlsx_header",
]


def read_workbook(
    path: Path, limits: ImportLimits, progress: Progress = NO_PROGRESS
) -> SourceFile | None:
    """An XLSX file read once, with every guard (its rows reported on ``progress``), for the
    importers that recognise a workbook by its header row (:func:`xlsx_header`) and take it
    as a grid of text cells (:func:`xlsx_grid`) or as its sheets (the session importer);
    ``None`` for any other file."""
    from siaran.ingest.source import read_source
    from siaran.orders.reading import is_xlsx

    return read_source(path, limits, progress) if is_xlsx(path) else None


def is_order_header(header: Sequence[str | None]) -> bool:
    """Whether ``header`` (a workbook's header row) is an order export's."""
    from siaran.orders.columns import recognise

    return recognise(list(header)) is not None
