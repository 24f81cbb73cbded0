"""The report's section on operations: per account, how its orders were fulfilled
(:mod:`siaran.operations`), the capacity and promise they were judged against, and the lives
whose peak of orders exceeded the crew's capacity with what followed them.

The dashboard shows the same figures with the same partial (``partials/operations.html``)
and takes a live's tiles from :func:`live_tiles`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from markupsafe import Markup

from siaran.i18n import Lang
from siaran.report.sections import context
from siaran.report.templating import render

if TYPE_CHECKING:
    from siaran.operations import AccountOperations, FulfilmentSettings, LiveOperations
    from siaran.report.markup import Figures
    from siaran.report.sections import ReportData
    from siaran.workspace import Workspace

ACCOUNT_COLUMNS: Final[tuple[str, ...]] = (
    "orders",
    "peak_orders_per_10min",
    "peak_load",
    "hours_to_ship_median",
    "hours_to_ship_p90",
    "late_share",
    "cancelled_share",
    "returned_share",
    "backlog_after_live",
)
LIVE_TILES: Final[tuple[str, ...]] = (
    "orders",
    "peak_orders_per_10min",
    "peak_load",
    "backlog_after_live",
    "hours_to_ship_median",
    "hours_to_ship_p90",
    "late_share",
    "cancelled_share",
    "returned_share",
    "refund_value",
)


@dataclass(frozen=True)
class Operations:
    """What the report and the dashboard show of operations (all empty without orders)."""

    accounts: list[AccountOperations]
    lives: list[LiveOperations]
    settings: FulfilmentSettings | None


def collect_operations(workspace: Workspace, account: str | None = None) -> Operations:
    """The operations of every account with orders (or of ``account``), and their lives."""
    from siaran.operations import account_operations, fulfilment_settings, live_operations

    settings = fulfilment_settings(workspace)
    stored = workspace.con.execute("SELECT count(*) FROM orders").fetchone()
    if not stored or not stored[0]:
        return Operations([], [], settings)
    return Operations(
        account_operations(workspace, account=account, settings=settings),
        live_operations(workspace, account=account, settings=settings),
        settings,
    )


def live_tiles(fig: Figures, live: LiveOperations) -> list[tuple[Markup, Markup]]:
    """A live's operations figures as (linked label, value) tiles."""
    return [
        (fig.kpi_link(name), fig.kpi(name, getattr(live, name), live.currency))
        for name in LIVE_TILES
    ]


def _settings_text(settings: FulfilmentSettings | None, lang: Lang) -> str:
    from siaran.operations import describe_settings

    return "" if settings is None else describe_settings(settings, lang)


def operations(data: ReportData, lang: Lang) -> Markup:
    """Per account: the figures, the settings, and the lives over capacity."""
    return render(
        "sections/operations.html",
        **context(
            lang,
            accounts=data.operations,
            lives=data.operations_lives,
            settings_text=_settings_text(data.fulfilment, lang),
            columns=ACCOUNT_COLUMNS,
        ),
    )
