"""Buyers as keyed hashes: repeat customers can be counted, nobody can be named.

The buyer's username in an order export is replaced at import by
``HMAC-SHA256(secret, platform + ":" + username)`` written as 64 hex digits, its first 32
kept (128 bits). The secret is 32 random bytes created the first time a workspace needs one
and stored in its settings (``privacy.buyer_key_secret``), so the same buyer gets the same
key in every import of that workspace and a different one in every other workspace: the key
cannot be looked up in a list of usernames without the workspace itself, and two workspaces
cannot be joined on it. Handing a workspace over hands the secret over with it (docs say so).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Final

SECRET_SETTING: Final = "privacy.buyer_key_secret"
KEY_HEX_DIGITS: Final = 32


def new_secret() -> bytes:
    """A new workspace secret (the importer stores it in the transaction that first uses it,
    so a refused import leaves no secret behind)."""
    return secrets.token_bytes(32)


def buyer_key(secret: bytes, platform: str, username: str) -> str:
    """The key that stands for ``username`` on ``platform`` (trimmed, case ignored)."""
    message = f"{platform}:{username.strip().casefold()}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:KEY_HEX_DIGITS]


def buyer_keys(secret: bytes, platform: str, usernames: Iterable[str]) -> dict[str, str]:
    """Each distinct username's key."""
    return {name: buyer_key(secret, platform, name) for name in set(usernames)}
