"""Writing canonical sessions in the shape of Shopee's ``get_session_metric`` responses
(the demo and the benchmarks use it; tests read it back through the importer)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from siaran.ingest.layouts.shopee import API_METRICS, _float

# -- writing the API shape --------------------------------------------------------------------


def write_shopee_session_metrics(
    path: Path, rows: Sequence[Mapping[str, object]], *, as_csv: bool = False
) -> None:
    """Write ``rows`` (canonical session dicts) the way the Shopee open platform gives them.

    JSON: a list of ``get_session_metric`` responses, the session's identity (``session_id``,
    ``title``, ``start_time``/``end_time`` in epoch seconds, ``username``) inside
    ``response`` beside the metrics. With ``as_csv``: one row per session, the field names as
    the header. ``ctr``/``co`` are fractions, from ``product_clicks`` when known, else from a
    row's ``live_ctr``/``ctor``; ``engage_ccu_1m`` and ``atc`` (``add_to_cart``) come from the
    row when it has them. Unknown values are JSON ``null`` / empty cells.
    """
    records = [_api_record(row) for row in rows]
    if as_csv:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(WRITTEN_FIELDS)
            for record in records:
                writer.writerow(["" if record[k] is None else record[k] for k in WRITTEN_FIELDS])
        return
    responses = [
        {"request_id": f"siaran-demo-{i:06d}", "error": "", "message": "", "response": record}
        for i, record in enumerate(records, start=1)
    ]
    Path(path).write_text(json.dumps(responses, ensure_ascii=False, indent=1), encoding="utf-8")


WRITTEN_FIELDS: Final[tuple[str, ...]] = (
    "session_id", "title", "start_time", "end_time", "username", *(c.key for c in API_METRICS)
)  # fmt: skip


def _api_record(row: Mapping[str, object]) -> dict[str, object]:
    get = row.get
    clicks = get("product_clicks")
    ctr = _ratio(clicks, get("views")) if clicks is not None else _float(get("live_ctr"))
    co = _ratio(get("orders"), clicks) if clicks is not None else _float(get("ctor"))
    room_id = get("room_id")
    return {
        "session_id": _session_id(room_id),
        "title": get("title"),
        "start_time": _epoch(get("started_at")),
        "end_time": _epoch(get("ended_at")),
        "username": get("account"),
        "gmv": _float(get("gmv")),
        "orders": _count(get("orders")),
        "ctr": ctr,
        "co": co,
        "ccu": _count(get("acu")),
        "engage_ccu_1m": _count(get("engage_ccu_1m")),
        "peak_ccu": _count(get("pcu")),
        "likes": _count(get("likes")),
        "comments": _count(get("comments")),
        "shares": _count(get("shares")),
        "views": _count(get("views")),
        "avg_viewing_duration": _float(get("avg_view_duration_s")),
        "atc": _count(get("add_to_cart")),
    }


def _ratio(numerator: object, denominator: object) -> float | None:
    top, bottom = _float(numerator), _float(denominator)
    return None if top is None or not bottom else top / bottom


def _session_id(value: object) -> object:
    # The API's session_id is a number; keep ids a float cannot hold exactly as strings.
    text = None if value is None else str(value).strip()
    if text and text.isdigit() and int(text) < 2**53:
        return int(text)
    return text or None


def _epoch(value: object) -> int | None:
    return int(value.timestamp()) if isinstance(value, dt.datetime) else None


def _count(value: object) -> float | int | None:
    number = _float(value)
    if number is None:
        return None
    return int(number) if number.is_integer() else number
