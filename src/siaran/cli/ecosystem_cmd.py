"""``siaran ecosystem``: GMV by channel, partners active per month, and reseller sign-ups after
lives with and without an ecosystem call. A thin adapter over :mod:`siaran.ecosystem`."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Annotated, Any

import typer

from siaran.cli.common import app, open_workspace, state, stdout
from siaran.cli.options import AccountOption, FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat, print_json, print_rows
from siaran.errors import UsageError
from siaran.i18n import text

CHANNEL_COLUMNS: tuple[str, ...] = (
    "account",
    "month",
    "channel",
    "gmv",
    "channel_share",
    "orders",
    "currency",
)
PARTNER_COLUMNS: tuple[str, ...] = (
    "account",
    "month",
    "affiliates_active",
    "affiliate_orders",
    "resellers_active",
    "new_resellers",
    "reseller_orders",
    "reseller_value",
)
SIGNUP_COLUMNS: tuple[str, ...] = (
    "account",
    "lives_with_call",
    "signups_with_call",
    "lives_without_call",
    "signups_without_call",
    "signup_difference",
    "signup_interval_low",
    "signup_interval_high",
)
MOST_WINDOW_DAYS = 60


class EcosystemView(StrEnum):
    channels = "channels"
    partners = "partners"
    signups = "signups"


@app.command("ecosystem")
def ecosystem_command(
    workspace: WorkspaceOption = None,
    account: AccountOption = None,
    view: Annotated[
        EcosystemView,
        typer.Option(
            "--view",
            help=(
                "channels: GMV by channel and month; partners: affiliates and resellers "
                "active per month; signups: reseller sign-ups after lives with and without "
                "an ecosystem call. / channels: GMV per kanal dan bulan; partners: afiliasi "
                "dan reseller aktif per bulan; signups: pendaftaran reseller setelah live "
                "dengan dan tanpa ajakan ekosistem."
            ),
        ),
    ] = EcosystemView.channels,
    window: Annotated[
        int,
        typer.Option(
            "--days",
            help=(
                "signups: days from a live's day in which a sign-up counts (default 7). / "
                "signups: hari sejak hari live yang pendaftarannya dihitung (bawaan 7)."
            ),
        ),
    ] = 7,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Affiliates, resellers and GMV by channel. / Afiliasi, reseller dan GMV per kanal."""
    from siaran.ecosystem import channel_gmv, partners_by_month, signup_comparison

    if not 1 <= window <= MOST_WINDOW_DAYS:
        raise UsageError("ecosystem.bad_window", value=window)
    accounts = [account.strip().lstrip("@").strip()] if account else None
    with open_workspace(workspace) as ws:
        stored = ws.con.execute(
            "SELECT (SELECT count(*) FROM affiliate_orders) + (SELECT count(*) FROM resellers)"
        ).fetchone()
        if not stored or not stored[0]:
            raise UsageError("ecosystem.none_stored")
        if view is EcosystemView.signups:
            comparisons = signup_comparison(ws, accounts, window_days=window)
            if fmt is OutputFormat.json:
                print_json(stdout, [asdict(c) for c in comparisons])
                return
            rows: list[dict[str, Any]] = [
                {k: v for k, v in asdict(c).items() if k != "lives"} for c in comparisons
            ]
            columns, title = (
                SIGNUP_COLUMNS,
                text("ecosystem.signups_title", state.lang, days=window),
            )
        elif view is EcosystemView.partners:
            rows = [asdict(p) for p in partners_by_month(ws, accounts)]
            columns, title = PARTNER_COLUMNS, text("ecosystem.partners_title", state.lang)
        else:
            rows = [asdict(c) for c in channel_gmv(ws, accounts)]
            if fmt is OutputFormat.table:
                for row in rows:
                    row["channel"] = text(f"ecosystem.channel.{row['channel']}", state.lang)
            columns, title = CHANNEL_COLUMNS, text("ecosystem.channels_title", state.lang)
    print_rows(stdout, rows, fmt, lang=state.lang, columns=columns, title=title)
