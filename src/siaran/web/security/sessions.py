"""The server's list of open login sessions (agency mode).

A session cookie is only a signed id; the session itself (who, which browser, until when) lives
here. Logging out removes it, so a copied cookie stops working at once instead of at its
expiry. The list is held in memory: a restart of ``siaran serve`` ends every session, whatever
``$SIARAN_WEB_SECRET`` says (people log in again; nothing else is lost).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Final

SESSIONS_PER_USER: Final = 32
"""Beyond this many open sessions of one user, the oldest is ended."""


@dataclass(frozen=True)
class OpenSession:
    user: str
    client_id: str
    started: float
    ends: float


class SessionRegistry:
    """Open sessions by id, each ending ``lifetime_seconds`` after its login."""

    def __init__(self, lifetime_seconds: int) -> None:
        self.lifetime_seconds = lifetime_seconds
        self._open: dict[str, OpenSession] = {}
        self._lock = threading.Lock()

    def start(self, user: str, client_id: str) -> str:
        """A new session of ``user`` in the browser ``client_id``; its id."""
        now = time.monotonic()
        session_id = secrets.token_urlsafe(24)
        with self._lock:
            self._forget_ended(now)
            mine = sorted(
                (entry.started, key) for key, entry in self._open.items() if entry.user == user
            )
            for _, key in mine[: max(0, len(mine) - SESSIONS_PER_USER + 1)]:
                del self._open[key]
            self._open[session_id] = OpenSession(user, client_id, now, now + self.lifetime_seconds)
        return session_id

    def user_of(self, session_id: str | None, client_id: str) -> str | None:
        """The user of an open session presented by its own browser."""
        if not session_id:
            return None
        with self._lock:
            found = self._open.get(session_id)
            if found is None:
                return None
            if time.monotonic() >= found.ends:
                del self._open[session_id]
                return None
        if not secrets.compare_digest(found.client_id, client_id):
            return None
        return found.user

    def end(self, session_id: str | None) -> None:
        if session_id:
            with self._lock:
                self._open.pop(session_id, None)

    def __len__(self) -> int:
        with self._lock:
            self._forget_ended(time.monotonic())
            return len(self._open)

    def _forget_ended(self, now: float) -> None:
        for key in [key for key, entry in self._open.items() if now >= entry.ends]:
            del self._open[key]
