"""Any review file, read through a YAML mapping of ``kind: reviews``.

The same route as sessions (``siaran import FILE --mapping peta.yaml``), told apart by its
``kind``::

    kind: reviews              # required: this is a review mapping
    platform: shopee           # optional: tiktok | shopee | instagram | other
    timezone: Asia/Jakarta     # optional; else the workspace's zone
    columns:                   # review field: header as written in the file
      rating: Bintang          # required
      text: Ulasan             # required
      reviewed_at: Waktu       # required
      product: Nama Produk
      order_id: No. Pesanan
      reviewer: Username       # hashed at import, never stored
      review_id: ID
      variation: Variasi

Headers are compared case- and space-insensitively; columns the mapping does not name are
ignored and left out of the archived copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast, get_args
from zoneinfo import ZoneInfo

from siaran.errors import BadInputError, Problem
from siaran.feedback.columns import RECOGNISING, ReviewColumns, ReviewField, header_key
from siaran.feedback.parsing import PLATFORMS, platform_of
from siaran.ingest.mapping_file import (
    bad_setting,
    read_mapping_document,
    unknown_settings,
    zone_setting,
)

KIND: Final = "reviews"
SETTINGS: Final = ("kind", "platform", "timezone", "columns")
FIELDS: Final[tuple[str, ...]] = tuple(f for f in get_args(ReviewField) if f != "platform")


@dataclass(frozen=True)
class ReviewMapping:
    path: Path
    columns: dict[ReviewField, str]
    platform: str | None = None
    timezone: ZoneInfo | None = None

    @property
    def layout(self) -> str:
        return f"mapping:{self.path.name}"

    def locate(self, source: Path, header: list[str | None]) -> ReviewColumns:
        """Where the mapped headers stand in ``header``; refuses the file naming every mapped
        header it lacks."""
        keys = {header_key(h): i for i, h in enumerate(header) if h}
        positions: dict[ReviewField, int] = {}
        missing = []
        for name, written in self.columns.items():
            index = keys.get(header_key(written))
            if index is None:
                missing.append(written)
            else:
                positions[name] = index
        if missing:
            raise BadInputError(
                "feedback.mapping_headers_missing",
                path=source,
                mapping=self.path.name,
                headers=", ".join(repr(h) for h in missing),
            )
        return ReviewColumns(positions, dict(self.columns), (), self.layout)


def is_review_mapping(path: Path) -> bool:
    """Whether the mapping file at ``path`` says ``kind: reviews`` (a file that cannot be read
    is left to the session mapping, which names its problem)."""
    try:
        document = read_mapping_document(Path(path))
    except BadInputError:
        return False
    return isinstance(document, dict) and str(document.get("kind", "")).strip() == KIND


def load_review_mapping(path: Path) -> ReviewMapping:
    """Read and check a review mapping; raises :class:`BadInputError` naming every problem."""
    path = Path(path)
    document = read_mapping_document(path)
    if not isinstance(document, dict):
        raise BadInputError("mapping.invalid", path=path, problems=[Problem("mapping.not_a_table")])
    problems = unknown_settings(document, SETTINGS)
    setting = document.get("platform")
    platform = None if setting is None else platform_of(str(setting))
    if setting is not None and not platform:
        problems.append(bad_setting("platform", setting, " | ".join(PLATFORMS)))
    zone = zone_setting(document, problems)
    columns = _columns(document.get("columns"), problems)
    if problems:
        raise BadInputError("mapping.invalid", path=path, problems=problems)
    return ReviewMapping(path, columns, platform or None, zone)


def _columns(value: object, problems: list[Problem]) -> dict[ReviewField, str]:
    if not isinstance(value, dict) or not value:
        problems.append(Problem("mapping.no_columns"))
        return {}
    columns: dict[ReviewField, str] = {}
    for name, header in value.items():
        field = str(name).strip()
        if field not in FIELDS:
            problems.append(
                Problem(
                    "mapping.unknown_field", params={"field": field, "known": ", ".join(FIELDS)}
                )
            )
        elif header is None or isinstance(header, dict | list) or not str(header).strip():
            problems.append(
                Problem("mapping.bad_header", params={"field": field, "value": str(header)})
            )
        else:
            columns[cast(ReviewField, field)] = str(header).strip()
    for needed in RECOGNISING:
        if needed not in columns and not any(p.params.get("field") == needed for p in problems):
            problems.append(Problem("feedback.mapping_needs", params={"field": needed}))
    return columns
