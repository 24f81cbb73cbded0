"""Signed login sessions that expire, and CSRF tokens bound to the browser.

Every browser gets a random client id in an HttpOnly cookie on its first visit. The CSRF
token a form carries is an HMAC of that id under the app's secret: a page on another site can
make the browser send the cookie but can neither read it nor compute the token, so its forged
form is refused. A login session is the user's name and the client id, signed and stamped with
the time; it is refused once older than the session lifetime, or when presented by another
browser (its client id differs). Logging in draws a new client id, so a token or session
planted before the login is worthless after it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Final

from itsdangerous import BadSignature, URLSafeTimedSerializer

CLIENT_COOKIE: Final = "siaran_client"
SESSION_COOKIE: Final = "siaran_session"
LANG_COOKIE: Final = "siaran_lang"
CSRF_FIELD: Final = "csrf_token"
CSRF_HEADER: Final = "x-csrf-token"


def new_client_id() -> str:
    return secrets.token_urlsafe(24)


class Tokens:
    """Makes and checks tokens under one secret."""

    def __init__(self, secret: bytes, session_seconds: int) -> None:
        self._secret = secret
        self.session_seconds = session_seconds
        self._sessions = URLSafeTimedSerializer(secret, salt="siaran.web.session")

    def csrf_token(self, client_id: str) -> str:
        digest = hmac.new(self._secret, b"csrf:" + client_id.encode(), hashlib.sha256)
        return digest.hexdigest()

    def csrf_ok(self, client_id: str | None, token: str | None) -> bool:
        if not client_id or not token:
            return False
        return hmac.compare_digest(self.csrf_token(client_id), token)

    def session_cookie(self, user: str, client_id: str) -> str:
        return self._sessions.dumps({"user": user, "client": client_id})

    def session_user(self, cookie: str | None, client_id: str | None) -> str | None:
        """The user of a valid, unexpired session cookie presented by its own browser."""
        if not cookie or not client_id:
            return None
        try:
            data = self._sessions.loads(cookie, max_age=self.session_seconds)
        except BadSignature:  # also SignatureExpired, a subclass
            return None
        if not isinstance(data, dict) or data.get("client") != client_id:
            return None
        user = data.get("user")
        return user if isinstance(user, str) else None
