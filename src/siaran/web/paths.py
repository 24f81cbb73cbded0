"""Addresses of pages named by a user's words: an account handle or a live's reference.

A handle may hold any character, ``/`` and ``%`` included. Links encode it as one path segment
(``toko/cabang`` is ``/accounts/toko%2Fcabang``). A server decodes ``%2F`` into ``/`` before
routing, which would split the handle in two, so :class:`SegmentPaths` routes on the path as it
was sent, decoding everything but ``%2F`` and ``%25``; the ``segment`` path parameter type then
decodes those two inside its own segment. Every other route sees the path as before.
"""

from __future__ import annotations

import re
from typing import Any, Final
from urllib.parse import quote, unquote

from starlette.convertors import Convertor, register_url_convertor
from starlette.types import ASGIApp, Receive, Scope, Send

_KEPT_ESCAPES: Final = re.compile(r"(%2[fF]|%25)")


def segment(value: str) -> str:
    """``value`` as one path segment: every character but letters, digits and ``-._~``
    percent-encoded (as UTF-8)."""
    return quote(value, safe="")


def account_url(account: str) -> str:
    return "/accounts/" + segment(account)


def live_url(account: str, ref: str) -> str:
    return f"{account_url(account)}/lives/{segment(ref)}"


def routing_path(raw_path: bytes) -> str:
    """The path to route on: ``raw_path`` decoded, but for ``%2F`` and ``%25`` (kept as sent,
    in upper case) so that they stay inside their segment."""
    pieces = _KEPT_ESCAPES.split(raw_path.decode("latin-1"))
    return "".join(
        piece.upper() if number % 2 else unquote(piece) for number, piece in enumerate(pieces)
    )


class SegmentConvertor(Convertor[str]):
    """The ``{name:segment}`` path parameter: one segment, with ``%2F`` and ``%25`` decoded."""

    regex = "[^/]+"

    def convert(self, value: str) -> str:
        return unquote(value)

    def to_string(self, value: str) -> str:
        return segment(value)


register_url_convertor("segment", SegmentConvertor())


class SegmentPaths:
    """Route on the path as sent (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("raw_path")
        if scope["type"] == "http" and isinstance(raw, bytes) and not scope.get("root_path"):
            changed: dict[str, Any] = {**scope, "path": routing_path(raw.split(b"?", 1)[0])}
            await self.app(changed, receive, send)
            return
        await self.app(scope, receive, send)
