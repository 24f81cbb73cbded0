"""What every YAML mapping file shares, whatever it maps (sessions, reviews): reading it, and
the checks of its settings that do not depend on what it maps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from siaran.errors import BadInputError, Problem
from siaran.files import NotTextError, decode_text, read_input

ZONE_EXAMPLES: Final = "Asia/Jakarta, Asia/Makassar, Asia/Jayapura, ..."


def read_mapping_document(path: Path) -> object:
    """The YAML document at ``path``; a file that cannot be read or is not YAML is refused
    naming the file (and the line)."""
    import yaml  # only when a mapping is read: importing siaran stays light

    try:
        text = decode_text(read_input(path, "mapping.unreadable"), refuse_nul=False).text
    except NotTextError as exc:
        raise BadInputError("mapping.unreadable", path=path, reason=str(exc)) from exc
    try:
        document: object = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        reason = getattr(exc, "problem", None) or str(exc)
        raise BadInputError("mapping.bad_yaml", path=path, line=line, reason=reason) from exc
    return document


def unknown_settings(document: Mapping[object, object], known: Sequence[str]) -> list[Problem]:
    """A problem for every setting of ``document`` that is not one of ``known``."""
    return [
        Problem("mapping.unknown_setting", params={"setting": str(s), "known": ", ".join(known)})
        for s in document
        if s not in known
    ]


def bad_setting(setting: str, value: object, expected: str) -> Problem:
    """``setting`` holds ``value``, which is not what it takes (``expected``)."""
    return Problem(
        "mapping.bad_setting",
        params={"setting": setting, "value": str(value), "expected": expected},
    )


def zone_setting(document: Mapping[object, object], problems: list[Problem]) -> ZoneInfo | None:
    """The ``timezone`` setting as a zone (``None`` when not set); a name that is no zone
    adds a problem."""
    value = document.get("timezone")
    if value is None:
        return None
    try:
        return ZoneInfo(str(value).strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        problems.append(bad_setting("timezone", value, ZONE_EXAMPLES))
        return None
