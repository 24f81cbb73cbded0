"""Complaints raised in live comments, beside the reviews of the same products.

A viewer comment of an imported event stream (``comment`` and ``question`` events) is a
complaint when the talk cues tag it ``complaint`` (:mod:`siaran.talk`); its feedback cues
(what it complains of) come from :func:`siaran.feedback.tag_review`. It is matched to a
product of the same account (the products of its reviews and orders) when it holds a word of
that product's name that no other product of the account has (four letters or more: "roa" in
"Sambal Roa" is too short, "cakalang" in "Sambal Cakalang" matches); a comment that names no
product, or two, stays unmatched. The match is by words, so it is a pointer for reading, not
a count to trust to the unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from siaran.feedback.cues import FeedbackCue
from siaran.feedback.records import scope_sql
from siaran.feedback.tagger import tag_review
from siaran.talk.matcher import tokenize

if TYPE_CHECKING:
    from siaran.workspace import Workspace

MIN_WORD: Final = 4
COMMENT_TYPES: Final = ("comment", "question")


@dataclass(frozen=True)
class LiveComplaint:
    account: str
    room_id: str
    at: dt.datetime
    product: str | None
    cues: tuple[FeedbackCue, ...]
    text: str


def product_words(products: Iterable[str]) -> dict[str, str]:
    """Each word that names exactly one of ``products`` -> that product."""
    owners: dict[str, set[str]] = {}
    for product in products:
        for word in set(tokenize(product)):
            if len(word) >= MIN_WORD and not word.isdigit():
                owners.setdefault(word, set()).add(product)
    return {word: next(iter(names)) for word, names in owners.items() if len(names) == 1}


def match_product(text: str, words: dict[str, str]) -> str | None:
    named = {words[w] for w in tokenize(text) if w in words}
    return next(iter(named)) if len(named) == 1 else None


def _products(workspace: Workspace, account: str) -> list[str]:
    rows = workspace.con.execute(
        "SELECT DISTINCT product FROM reviews WHERE account = ? AND product IS NOT NULL "
        "UNION SELECT DISTINCT product FROM order_lines WHERE account = ? AND product IS NOT NULL",
        [account, account],
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def live_complaints(
    workspace: Workspace,
    *,
    account: str | None = None,
    accounts: Collection[str] | None = None,
) -> list[LiveComplaint]:
    """Every complaint in the live comments of the accounts in scope, in time order."""
    from siaran.events.store import event_files
    from siaran.talk import tag_lines

    where, params = scope_sql(account, accounts)
    held = workspace.con.execute(
        f"SELECT DISTINCT account FROM event_rooms WHERE {where} ORDER BY 1", params
    ).fetchall()
    zone = workspace.timezone
    out: list[LiveComplaint] = []
    for (name,) in held:
        files = event_files(workspace, str(name))
        if not files:
            continue
        rows = workspace.con.execute(
            """
            SELECT room_id, ts, text FROM read_parquet(?, hive_partitioning = false)
            WHERE list_contains(?, type) AND trim(coalesce(text, '')) <> ''
            ORDER BY ts, source_line
            """,
            [[str(p) for p in files], list(COMMENT_TYPES)],
        ).fetchall()
        tagged = tag_lines([str(r[2]) for r in rows], "comment")
        words = product_words(_products(workspace, str(name)))
        for (room, ts, text), line in zip(rows, tagged, strict=True):
            if "complaint" not in line.cues or not isinstance(ts, dt.datetime):
                continue
            cues = tuple(tag_review(str(text)).cues)
            out.append(
                LiveComplaint(
                    str(name),
                    str(room),
                    ts.astimezone(zone),
                    match_product(str(text), words),
                    cues,
                    str(text),
                )
            )
    return out
