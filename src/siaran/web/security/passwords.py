"""Password hashes with the standard library's scrypt (memory-hard, no extra dependency).

A hash is one line for the users file: ``scrypt$<n>$<r>$<p>$<salt>$<key>`` (salt and key in
URL-safe base64), so the cost can be raised later without breaking existing hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Final

SCHEME: Final = "scrypt"
COST_N: Final = 2**14
BLOCK_R: Final = 8
PARALLEL_P: Final = 1
KEY_BYTES: Final = 32
SALT_BYTES: Final = 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=2**27
    )


def hash_password(password: str) -> str:
    """A new salted hash of ``password``."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, COST_N, BLOCK_R, PARALLEL_P)
    return f"{SCHEME}${COST_N}${BLOCK_R}${PARALLEL_P}${_b64(salt)}${_b64(key)}"


def is_password_hash(value: str) -> bool:
    """Whether ``value`` has the shape of a hash made by :func:`hash_password`."""
    parts = value.split("$")
    return (
        len(parts) == 6
        and parts[0] == SCHEME
        and all(part.isdigit() for part in parts[1:4])
        and all(parts[4:])
    )


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``, compared in constant time."""
    if not is_password_hash(stored):
        return False
    _, n, r, p, salt, key = stored.split("$")
    try:
        expected = _unb64(key)
        found = _derive(password, _unb64(salt), int(n), int(r), int(p))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(found, expected)
