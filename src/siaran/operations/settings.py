"""The workspace's fulfilment settings: how many orders the crew can pack per hour, and the
ship-by promise in hours.

Neither has a default. A seller's crew may pack 15 orders an hour or 150, and a promise of
one, two or three days depends on the shop's handling-time setting; a figure built on a
guessed capacity would look like a finding. While a setting is unknown, every figure that
needs it is ``None`` and the result says why (:data:`CAPACITY_UNKNOWN`,
:data:`PROMISE_UNKNOWN`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from siaran.errors import UsageError
from siaran.formatting import format_decimal
from siaran.i18n import Lang, text

if TYPE_CHECKING:
    from siaran.workspace import Workspace

CAPACITY_SETTING: Final = "operations.capacity_per_hour"
PROMISE_SETTING: Final = "operations.promise_hours"
MAX_CAPACITY_PER_HOUR: Final = 100_000
MAX_PROMISE_HOURS: Final = 24 * 30
CAPACITY_UNKNOWN: Final = "capacity_unknown"
PROMISE_UNKNOWN: Final = "promise_unknown"


@dataclass(frozen=True)
class FulfilmentSettings:
    """Orders the crew can pack per hour, and the ship-by promise in hours (``None``: not set)."""

    capacity_per_hour: float | None
    promise_hours: float | None

    @property
    def capacity_per_10min(self) -> float | None:
        return None if self.capacity_per_hour is None else self.capacity_per_hour / 6

    @property
    def reasons(self) -> list[str]:
        """Why figures are missing: the settings that are not set."""
        missing = [CAPACITY_UNKNOWN] if self.capacity_per_hour is None else []
        return missing + ([PROMISE_UNKNOWN] if self.promise_hours is None else [])


def _positive(value: object, key: str, most: int) -> float:
    """``value`` as a number in (0, ``most``]; a usage error naming it otherwise."""
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise UsageError(key, value=value, most=most) from None
    if not math.isfinite(number) or not 0 < number <= most:
        raise UsageError(key, value=value, most=most)
    return number


def parse_capacity(value: object) -> float:
    """Orders per hour: a number above 0 (``operations.bad_capacity`` otherwise)."""
    return _positive(value, "operations.bad_capacity", MAX_CAPACITY_PER_HOUR)


def parse_promise(value: object) -> float:
    """Hours: a number above 0 (``operations.bad_promise`` otherwise)."""
    return _positive(value, "operations.bad_promise", MAX_PROMISE_HOURS)


def fulfilment_settings(
    workspace: Workspace,
    *,
    capacity_per_hour: float | str | None = None,
    promise_hours: float | str | None = None,
) -> FulfilmentSettings:
    """The values given, else the workspace's settings, else unknown; each one checked."""
    capacity = capacity_per_hour
    if capacity is None:
        capacity = workspace.setting(CAPACITY_SETTING)
    promise = promise_hours
    if promise is None:
        promise = workspace.setting(PROMISE_SETTING)
    return FulfilmentSettings(
        capacity_per_hour=None if capacity is None else parse_capacity(capacity),
        promise_hours=None if promise is None else parse_promise(promise),
    )


def save_fulfilment_settings(workspace: Workspace, settings: FulfilmentSettings) -> None:
    """Keep the known values of ``settings`` as the workspace's (an unknown one is left as
    it was)."""
    if settings.capacity_per_hour is not None:
        workspace.set_setting(CAPACITY_SETTING, f"{settings.capacity_per_hour:g}")
    if settings.promise_hours is not None:
        workspace.set_setting(PROMISE_SETTING, f"{settings.promise_hours:g}")


def describe_settings(settings: FulfilmentSettings, lang: Lang) -> str:
    """The capacity and the promise in a sentence each, or how to set the unknown one."""
    capacity, promise = settings.capacity_per_hour, settings.promise_hours
    said = [
        text("operations.capacity_unknown", lang)
        if capacity is None
        else text(
            "operations.capacity_line",
            lang,
            per_hour=format_decimal(
                capacity, lang, decimals=0 if float(capacity).is_integer() else 1
            ),
            per_10min=format_decimal(capacity / 6, lang, decimals=1),
        ),
        text("operations.promise_unknown", lang)
        if promise is None
        else text(
            "operations.promise_line",
            lang,
            hours=format_decimal(promise, lang, decimals=0 if float(promise).is_integer() else 1),
        ),
    ]
    return " ".join(said)
