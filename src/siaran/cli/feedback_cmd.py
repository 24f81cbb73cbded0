"""``siaran feedback``: buyers' reviews per account, product, live or cue, and ``siaran
feedback eval``, the accuracy of the feedback cues. A thin adapter over
:mod:`siaran.feedback`."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from siaran.cli.common import command_group, open_workspace, state, stdout
from siaran.cli.options import AllOption, ColumnsOption, FormatOption, WorkspaceOption, account_opt
from siaran.cli.output import ColumnChoice, OutputFormat, print_json, print_rows
from siaran.errors import UsageError
from siaran.i18n import text

if TYPE_CHECKING:
    from siaran.feedback import FeedbackOverview, ReviewRecord

feedback_app = command_group(
    "feedback",
    "Buyers' reviews: negative review rate, feedback cues, reviews by live. / "
    "Ulasan pembeli: tingkat ulasan negatif, cue ulasan, ulasan per live.",
    no_args_is_help=False,
)

REVIEW_COLUMNS = ("reviewed_at", "account", "product", "rating", "cues", "room_id", "text")
LIVE_COLUMNS = (
    "started_at",
    "room_id",
    "account",
    "reviews",
    "average_rating",
    "negative",
    "negative_share",
    "top_complaint",
    "live_complaints",
)
CUE_COLUMNS = ("account", "cue", "reviews", "positive", "negative", "share", "negative_share")


class FeedbackView(StrEnum):
    accounts = "accounts"
    products = "products"
    reviews = "reviews"
    lives = "lives"
    cues = "cues"


def _review_row(review: ReviewRecord) -> dict[str, object]:
    """A review as one table or CSV row: its cues as ``shipping_speed- packaging+``."""
    data = asdict(review)
    data["cues"] = " ".join(f"{cue}{sign}" for cue, sign in review.cues.items())
    data["negative"] = review.negative
    return data


def _view_rows(
    overview: FeedbackOverview, view: FeedbackView
) -> tuple[list[dict[str, object]], tuple[str, ...]]:
    """The rows and default columns of one view."""
    if view is FeedbackView.reviews:
        return [_review_row(r) for r in overview.reviews], REVIEW_COLUMNS
    if view is FeedbackView.lives:
        return [asdict(x) for x in overview.lives], LIVE_COLUMNS
    if view is FeedbackView.cues:
        return [asdict(x) for x in overview.cues], CUE_COLUMNS
    from siaran.feedback.measures import SUMMARY_FIELDS

    columns = ("account", "product", *SUMMARY_FIELDS, "bought_in_live", "reviews_7d", "reviews_30d")
    if view is FeedbackView.products:
        return [asdict(x) for x in overview.products], columns
    return [asdict(x) for x in overview.accounts], columns


@feedback_app.callback(invoke_without_command=True)
def feedback_command(
    ctx: typer.Context,
    workspace: WorkspaceOption = None,
    account: Annotated[
        str | None, account_opt("Only this account's reviews. / Hanya ulasan akun ini.")
    ] = None,
    product: Annotated[
        str | None,
        typer.Option(
            "--product",
            "-p",
            help=(
                "Only products whose name contains this. / Hanya produk yang namanya memuat "
                "teks ini."
            ),
        ),
    ] = None,
    view: Annotated[
        FeedbackView,
        typer.Option(
            "--view",
            help=(
                "accounts: per account; products: per product; reviews: one row per review "
                "with its cues; lives: per live the reviews were bought in; cues: per cue. / "
                "accounts: per akun; products: per produk; reviews: satu baris per ulasan "
                "dengan cue-nya; lives: per live tempat dibeli; cues: per cue."
            ),
        ),
    ] = FeedbackView.accounts,
    columns: ColumnsOption = None,
    every_column: AllOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Buyers' reviews and what they say. / Ulasan pembeli dan isinya."""
    if ctx.invoked_subcommand is not None:
        return
    from siaran.feedback import feedback_overview

    choice = ColumnChoice.of(columns, every_column)
    with open_workspace(workspace) as ws:
        stored = ws.con.execute("SELECT count(*) FROM reviews").fetchone()
        if not stored or not stored[0]:
            raise UsageError("feedback.none_stored")
        overview = feedback_overview(ws, account=account, product=product)
    if fmt is OutputFormat.json and view is FeedbackView.reviews:
        # JSON keeps each review's cues as an object: {"shipping_speed": "-", ...}.
        print_json(stdout, [{**asdict(r), "negative": r.negative} for r in overview.reviews])
        return
    rows, shown = _view_rows(overview, view)
    if fmt is OutputFormat.json:
        print_json(stdout, rows)
        return
    print_rows(stdout, rows, fmt, lang=state.lang, columns=shown, choice=choice)
    if fmt is OutputFormat.table and view in (FeedbackView.accounts, FeedbackView.products):
        stdout.print(text("feedback.cli.window_note", state.lang))


@feedback_app.command("eval")
def eval_command(
    file: Annotated[
        Path | None,
        typer.Argument(
            help=(
                "Reviews labelled rating<TAB>cues<TAB>text, a .tsv file or a folder of them "
                "(default: the shipped set). / Ulasan berlabel rating<TAB>cues<TAB>teks, berkas "
                ".tsv atau foldernya (bawaan: set bawaan)."
            )
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Macro-F1 of the feedback cues per part, with intervals. / Macro-F1 cue ulasan per
    bagian, dengan interval."""
    from siaran.feedback import evaluate_feedback

    report = evaluate_feedback(file)
    rows = report.to_rows()
    if fmt is OutputFormat.json:
        print_json(stdout, rows)
        return
    columns = ("part", "scoring", "reviews", "macro_f1", "macro_f1_low", "macro_f1_high")
    print_rows(stdout, rows, fmt, lang=state.lang, columns=columns)
    if fmt is OutputFormat.table:
        stdout.print(text("feedback.cli.eval_note", state.lang))
