"""Signed cookies: login sessions, CSRF tokens bound to the browser, and the mark of a browser
that has logged in before.

Every browser gets a random client id in an HttpOnly cookie on its first visit. The CSRF
token a form carries is an HMAC of that id under the app's secret: a page on another site can
make the browser send the cookie but can neither read it nor compute the token, so its forged
form is refused. A login session cookie carries only a signed session id; what the session is
(whose, for which browser, until when) is kept by the server (:mod:`.sessions`), so logging out
ends it for every copy of the cookie. Logging in draws a new client id, so a token or session
planted before the login is worthless after it.

The device cookie names the users who have logged in from this browser before. It opens
nothing by itself; it only lets its holder past the throttle that slows down guessing of those
names (:mod:`.throttle`), so that someone guessing a name cannot keep its owner out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Final

from itsdangerous import BadSignature, URLSafeTimedSerializer

CLIENT_COOKIE: Final = "siaran_client"
SESSION_COOKIE: Final = "siaran_session"
DEVICE_COOKIE: Final = "siaran_device"
LANG_COOKIE: Final = "siaran_lang"
CSRF_FIELD: Final = "csrf_token"
CSRF_HEADER: Final = "x-csrf-token"
DEVICE_SECONDS: Final = 180 * 24 * 3600
DEVICE_NAMES: Final = 8
"""A shared office computer remembers this many people; the oldest is forgotten first."""


def new_client_id() -> str:
    return secrets.token_urlsafe(24)


class Tokens:
    """Makes and checks tokens under one secret."""

    def __init__(self, secret: bytes, session_seconds: int) -> None:
        self._secret = secret
        self.session_seconds = session_seconds
        self._sessions = URLSafeTimedSerializer(secret, salt="siaran.web.session")
        self._devices = URLSafeTimedSerializer(secret, salt="siaran.web.device")

    def csrf_token(self, client_id: str) -> str:
        digest = hmac.new(self._secret, b"csrf:" + client_id.encode(), hashlib.sha256)
        return digest.hexdigest()

    def csrf_ok(self, client_id: str | None, token: str | None) -> bool:
        if not client_id or not token:
            return False
        return hmac.compare_digest(self.csrf_token(client_id), token)

    def session_cookie(self, session_id: str) -> str:
        return self._sessions.dumps({"session": session_id})

    def session_id(self, cookie: str | None) -> str | None:
        """The session id of a well-signed cookie younger than the session lifetime (whether
        that session still exists is the registry's to say)."""
        if not cookie:
            return None
        try:
            data = self._sessions.loads(cookie, max_age=self.session_seconds)
        except BadSignature:  # also SignatureExpired, a subclass
            return None
        found = data.get("session") if isinstance(data, dict) else None
        return found if isinstance(found, str) else None

    def device_cookie(self, name: str, known: Iterable[str] = ()) -> str:
        """The device cookie after ``name`` logged in on a browser that knew ``known``."""
        names = [name, *(other for other in known if other != name)][:DEVICE_NAMES]
        return self._devices.dumps({"names": names})

    def device_names(self, cookie: str | None) -> tuple[str, ...]:
        """The names that logged in before on the browser presenting ``cookie``."""
        if not cookie:
            return ()
        try:
            data = self._devices.loads(cookie, max_age=DEVICE_SECONDS)
        except BadSignature:
            return ()
        names = data.get("names") if isinstance(data, dict) else None
        if not isinstance(names, list):
            return ()
        return tuple(name for name in names if isinstance(name, str))
