"""Cell types, the decimal conventions and the failure every parser raises."""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeAlias

from siaran.errors import Problem

Cell: TypeAlias = str | int | float | bool | dt.datetime | dt.date | None
# xlsx readers hand duration-formatted cells over as time or timedelta objects.
DurationCell: TypeAlias = Cell | dt.time | dt.timedelta
Convention = Literal["dot_decimal", "comma_decimal"]
Kind = Literal["number", "money", "rate", "duration", "datetime"]

DEFAULT_TIMEZONE = "Asia/Jakarta"


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
