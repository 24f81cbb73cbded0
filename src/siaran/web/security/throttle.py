"""Slowing down password guessing without locking anyone out (agency mode).

Every login attempt is counted against three keys: the browser (its client id together with
the remote address), the remote address, and the user name tried. Each key has a number of
wrong passwords it may make freely; past that, each further wrong password doubles the wait
before the next attempt on that key (1 s, 2 s, 4 s, … up to 15 minutes), and failures are
forgotten after a quiet spell. A password is checked only after a **reservation**: the attempt
is counted as in flight on all its keys at once, under one lock, before the scrypt check starts,
and settled as a success or a failure after it. Forty guesses sent at the same moment therefore
get no more checks than the keys allow; the rest are answered "wait" without a check.

The name key is what stops a guesser who changes browser and address: it limits the guesses
against one person however they arrive. It would also keep the real person out, so a browser
that person has logged in from before (its device cookie names them, see :mod:`.tokens`) is
not held by the name and address keys: their usual browser gets in at once while someone else
is guessing. Only their own wrong passwords (the browser key) slow them down. A person on a
browser they have never logged in from waits like anyone else while their name is being
guessed (at most 15 minutes between attempts).

The counts live in memory: a restart forgets them.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

Kind = Literal["client", "address", "name"]


@dataclass(frozen=True)
class Budget:
    """How many failures a key makes freely, the longest wait it can get, and after how long
    without a failure its count is forgotten."""

    free: int
    longest_wait: float
    forget_after: float


BUDGETS: Final[dict[Kind, Budget]] = {
    "client": Budget(free=5, longest_wait=15 * 60, forget_after=3600),
    "address": Budget(free=20, longest_wait=15 * 60, forget_after=3600),
    "name": Budget(free=5, longest_wait=15 * 60, forget_after=24 * 3600),
}
FIRST_WAIT_SECONDS: Final = 1.0
MAX_KEYS: Final = 100_000
NAME_CHARS: Final = 200


@dataclass
class _Count:
    failures: int = 0
    in_flight: int = 0
    last_failure: float = 0.0
    next_allowed: float = 0.0


@dataclass(frozen=True)
class Attempt:
    """One login attempt: whether it may check the password, and if not, how long to wait."""

    keys: tuple[tuple[Kind, str], ...]
    allowed: bool
    wait_seconds: int = 0


def wait_after(failures: int, budget: Budget) -> float:
    """The wait before the next attempt once a key has ``failures`` failures."""
    beyond = failures - budget.free
    if beyond < 0:
        return 0.0
    return min(budget.longest_wait, FIRST_WAIT_SECONDS * 2.0 ** min(beyond, 30))


class LoginThrottle:
    """Per-browser, per-address and per-name counts of wrong passwords (one per app)."""

    def __init__(
        self,
        budgets: dict[Kind, Budget] = BUDGETS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.budgets = budgets
        self._clock = clock
        self._counts: dict[tuple[Kind, str], _Count] = {}
        self._lock = threading.Lock()

    def reserve(self, *, name: str, client_id: str, address: str, known_device: bool) -> Attempt:
        """Reserve a password check for ``name`` from this browser and address, or say how
        long to wait. ``known_device``: the browser's device cookie names ``name``."""
        keys: list[tuple[Kind, str]] = [("client", f"{client_id}|{address}")]
        if not known_device:
            keys += [("address", address), ("name", name[:NAME_CHARS])]
        now = self._clock()
        with self._lock:
            if len(self._counts) > MAX_KEYS:
                self._prune(now)
            waits = [self._wait(key, now) for key in keys]
            if any(wait > 0 for wait in waits):
                return Attempt(tuple(keys), allowed=False, wait_seconds=math.ceil(max(waits)))
            for key in keys:
                self._counts.setdefault(key, _Count()).in_flight += 1
        return Attempt(tuple(keys), allowed=True)

    def settle(self, attempt: Attempt, *, succeeded: bool) -> None:
        """The password check of ``attempt`` is over: count a failure on every key, or on
        success forget the browser's failures. A success does not clear the name's count: the
        guesser's failures stay counted when the person logs in between their guesses."""
        if not attempt.allowed:
            return
        now = self._clock()
        with self._lock:
            for key in attempt.keys:
                count = self._counts.setdefault(key, _Count())
                count.in_flight = max(0, count.in_flight - 1)
                if succeeded:
                    if key[0] == "client" and count.in_flight == 0:
                        del self._counts[key]
                    continue
                count.failures += 1
                count.last_failure = now
                count.next_allowed = now + wait_after(count.failures, self.budgets[key[0]])

    def _wait(self, key: tuple[Kind, str], now: float) -> float:
        """Seconds before ``key`` may start another check (0: now)."""
        count = self._counts.get(key)
        if count is None:
            return 0.0
        budget = self.budgets[key[0]]
        if count.in_flight == 0 and now - count.last_failure > budget.forget_after:
            del self._counts[key]
            return 0.0
        if count.failures + count.in_flight < budget.free:
            return 0.0
        if count.failures >= budget.free and count.in_flight == 0:
            return max(0.0, count.next_allowed - now)
        # The free attempts are all taken by checks still running: wait for their verdict.
        return max(FIRST_WAIT_SECONDS, count.next_allowed - now)

    def _prune(self, now: float) -> None:
        """Drop forgotten counts; if still too many, the idle ones with the oldest failure."""
        for key, count in list(self._counts.items()):
            if (
                count.in_flight == 0
                and now - count.last_failure > self.budgets[key[0]].forget_after
            ):
                del self._counts[key]
        if len(self._counts) <= MAX_KEYS:
            return
        idle = sorted(
            (count.last_failure, key) for key, count in self._counts.items() if not count.in_flight
        )
        for _, key in idle[: len(self._counts) - MAX_KEYS]:
            del self._counts[key]
