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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from siaran.errors import BadInputError, Problem
from siaran.feedback.columns import RECOGNISING, ReviewColumns, ReviewField, header_key
from siaran.files import NotTextError, decode_text, read_input

KIND: Final = "reviews"
PLATFORMS: Final = ("tiktok", "shopee", "instagram", "other")
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


def _document(path: Path) -> object:
    import yaml  # only when a mapping is read: importing siaran stays light

    try:
        text = decode_text(read_input(path, "mapping.unreadable"), refuse_nul=False).text
    except NotTextError as exc:
        raise BadInputError("mapping.unreadable", path=path, reason=str(exc)) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        reason = getattr(exc, "problem", None) or str(exc)
        raise BadInputError("mapping.bad_yaml", path=path, line=line, reason=reason) from exc


def is_review_mapping(path: Path) -> bool:
    """Whether the mapping file at ``path`` says ``kind: reviews`` (a file that cannot be read
    is left to the session mapping, which names its problem)."""
    try:
        document = _document(Path(path))
    except BadInputError:
        return False
    return isinstance(document, dict) and str(document.get("kind", "")).strip() == KIND


def load_review_mapping(path: Path) -> ReviewMapping:
    """Read and check a review mapping; raises :class:`BadInputError` naming every problem."""
    path = Path(path)
    document = _document(path)
    if not isinstance(document, dict):
        raise BadInputError("mapping.invalid", path=path, problems=[Problem("mapping.not_a_table")])
    problems: list[Problem] = []
    for setting in document:
        if setting not in SETTINGS:
            problems.append(
                Problem(
                    "mapping.unknown_setting",
                    params={"setting": str(setting), "known": ", ".join(SETTINGS)},
                )
            )
    platform = document.get("platform")
    if platform is not None and str(platform).strip().lower() not in PLATFORMS:
        problems.append(
            Problem(
                "mapping.bad_setting",
                params={"setting": "platform", "value": str(platform),
                        "expected": " | ".join(PLATFORMS)},
            )
        )  # fmt: skip
    zone = None
    if document.get("timezone") is not None:
        try:
            zone = ZoneInfo(str(document["timezone"]).strip())
        except (ZoneInfoNotFoundError, ValueError, OSError):
            problems.append(
                Problem(
                    "mapping.bad_setting",
                    params={"setting": "timezone", "value": str(document["timezone"]),
                            "expected": "Asia/Jakarta, Asia/Makassar, Asia/Jayapura, ..."},
                )
            )  # fmt: skip
    columns = _columns(document.get("columns"), problems)
    if problems:
        raise BadInputError("mapping.invalid", path=path, problems=problems)
    return ReviewMapping(
        path, columns, str(platform).strip().lower() if platform is not None else None, zone
    )


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
