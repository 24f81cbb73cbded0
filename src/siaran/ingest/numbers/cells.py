"""Cell types, the decimal conventions and the failure every parser raises."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal, TypeAlias

from siaran.errors import Problem

Cell: TypeAlias = str | int | float | bool | dt.datetime | dt.date | None
# xlsx readers hand duration-formatted cells over as time or timedelta objects.
DurationCell: TypeAlias = Cell | dt.time | dt.timedelta
Convention = Literal["dot_decimal", "comma_decimal"]
Kind = Literal["number", "money", "rate", "duration", "datetime"]

DEFAULT_TIMEZONE = "Asia/Jakarta"

PYTHON_WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character :meth:`str.strip` removes (:meth:`str.isspace`), for the same trimming as
Arrow's ``utf8_trim``."""


class ParseFailure(ValueError):  # noqa: N818  # the name other modules are written against
    """A cell that cannot be read; ``reason_key`` is a ``numbers.*`` message key."""

    def __init__(self, reason_key: str, /, **params: object) -> None:
        super().__init__(reason_key)
        self.reason_key = reason_key
        self.params: dict[str, object] = params

    def problem(
        self, *, row: int | None = None, column: str | None = None, value: str | None = None
    ) -> Problem:
        return Problem(self.reason_key, row=row, column=column, value=value, params=self.params)
