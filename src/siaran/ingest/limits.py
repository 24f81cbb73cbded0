"""What an input file may claim: sizes, rows, cells, XML elements and nesting, in one place.

A file is refused, before any reader allocates for it, when it claims more than these limits
(a 1.5 KB workbook with a cell at row 20,000,000; a 150 KB archive that unzips to gigabytes;
codes nested 1,200 deep). Every limit has a default below and can be raised: for one import
(``siaran import --limit cells=10000000``, the same option on ``siaran qdpx import`` and
``siaran qdc import``) or for a workspace (``siaran limits --set cells=10000000``, kept in its
settings as ``limit.cells``; the web import reads the same settings). An option wins over the
workspace setting, which wins over the default.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Final

from siaran.errors import UsageError

if TYPE_CHECKING:
    from siaran.workspace import Workspace

SETTING_PREFIX: Final = "limit."
MAX_CODE_DEPTH: Final = 250
"""The XML parser refuses documents nested deeper than 256 elements (a guard siaran keeps):
code nesting can be raised up to here, a few levels short of it."""


@dataclass(frozen=True)
class ImportLimits:
    """The limits of one import; the defaults suit every real export and project we know."""

    file_mb: float = 100
    """Size of a file read whole (an export, a ``.qdpx`` archive, a ``.qde`` or ``.qdc``)."""
    unzipped_mb: float = 250
    """What an XLSX or ``.qdpx`` archive expands to: its members' total declared size; for a
    REFI-QDA project also the total text of its sources (a text named by several sources
    counts each time)."""
    zip_ratio: float = 100
    """Uncompressed / compressed size of one archive member over 1 MB (real workbooks and
    projects compress 5 to 20 times; a zip bomb hundreds or thousands of times)."""
    rows: int = 1_048_576
    """Rows of a sheet (the highest row number present or claimed), CSV lines, JSON records.
    The default is Excel's own limit."""
    cells: int = 5_000_000
    """Rows x columns of a sheet or CSV, cells present in a sheet, entries of a workbook's
    shared-string table (a 35-column export of about 140,000 lives)."""
    elements: int = 1_000_000
    """XML elements of a REFI-QDA project or codebook (codes, sources, selections, codings,
    notes...)."""
    code_depth: int = 64
    """How deep codes may nest in a REFI-QDA codebook (at most 250)."""
    text_mb: float = 10
    """Text of one source document of a REFI-QDA project."""

    def bytes_of(self, name: str) -> int:
        """A ``*_mb`` limit in bytes."""
        return int(float(getattr(self, name)) * 1024 * 1024)


DEFAULT_LIMITS: Final = ImportLimits()
LIMIT_NAMES: Final[tuple[str, ...]] = tuple(f.name for f in fields(ImportLimits))
_INTEGER: Final = frozenset(f.name for f in fields(ImportLimits) if f.type in (int, "int"))


def limit_value(name: str, value: str) -> float | int:
    """``value`` (``2000000``, ``2e6``, ``2_000_000``) checked as the limit ``name``."""
    if name not in LIMIT_NAMES:
        raise UsageError("limits.unknown", name=name, names=", ".join(LIMIT_NAMES))
    try:
        number = float(value.strip().replace("_", ""))
    except ValueError:
        raise UsageError("limits.bad_value", name=name, value=value) from None
    if not number > 0 or number == float("inf"):
        raise UsageError("limits.bad_value", name=name, value=value)
    if name == "code_depth" and number > MAX_CODE_DEPTH:
        raise UsageError("limits.depth_too_high", value=value, most=MAX_CODE_DEPTH)
    return int(number) if name in _INTEGER else number


def parse_limit_options(options: Iterable[str] | None) -> dict[str, float | int]:
    """``["cells=10000000", "file_mb=500"]`` as limit values (a later one wins)."""
    chosen: dict[str, float | int] = {}
    for option in options or ():
        name, sep, value = option.partition("=")
        name = name.strip().replace("-", "_")
        if not sep:
            raise UsageError("limits.bad_option", option=option)
        chosen[name] = limit_value(name, value)
    return chosen


def workspace_limits(
    workspace: Workspace, overrides: Mapping[str, float | int] | None = None
) -> ImportLimits:
    """The defaults, then the workspace's ``limit.*`` settings, then ``overrides``."""
    chosen: dict[str, float | int] = {}
    for name in LIMIT_NAMES:
        stored = workspace.setting(SETTING_PREFIX + name)
        if stored is not None:
            chosen[name] = limit_value(name, stored)
    chosen.update(overrides or {})
    values: dict[str, Any] = {name: getattr(DEFAULT_LIMITS, name) for name in LIMIT_NAMES}
    values.update(chosen)
    return ImportLimits(**values)


def set_workspace_limit(workspace: Workspace, name: str, value: str | None) -> None:
    """Keep ``name`` = ``value`` in the workspace (``None``: back to the default)."""
    if value is None:
        if name not in LIMIT_NAMES:
            raise UsageError("limits.unknown", name=name, names=", ".join(LIMIT_NAMES))
        workspace.con.execute("DELETE FROM settings WHERE key = ?", [SETTING_PREFIX + name])
        return
    workspace.set_setting(SETTING_PREFIX + name, str(limit_value(name, value)))


@dataclass(frozen=True)
class LimitRow:
    """One limit as ``siaran limits`` shows it."""

    name: str
    value: float | int
    default: float | int
    source: str  # "default", "workspace" or "option"


def describe_limits(
    workspace: Workspace, overrides: Mapping[str, float | int] | None = None
) -> list[LimitRow]:
    """Every limit with its value in force and where that value comes from."""
    limits = workspace_limits(workspace, overrides)
    rows = []
    for name in LIMIT_NAMES:
        if overrides and name in overrides:
            source = "option"
        elif workspace.setting(SETTING_PREFIX + name) is not None:
            source = "workspace"
        else:
            source = "default"
        rows.append(LimitRow(name, getattr(limits, name), getattr(DEFAULT_LIMITS, name), source))
    return rows


def raise_hint(name: str, needed: float) -> str:
    """``cells=7000001``: the limit that would let a file claiming ``needed`` through."""
    value = int(needed) + 1 if name in _INTEGER else math.ceil(needed * 10) / 10
    return f"{name}={value}"
