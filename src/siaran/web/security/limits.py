"""The upload size limit, enforced while the body arrives (before anything is parsed)."""

from __future__ import annotations

from typing import Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LIMITED_METHODS: Final = frozenset({"POST", "PUT", "PATCH"})
DRAIN_FACTOR: Final = 8
"""Past the limit the rest of the body is read and dropped (so the browser, still sending,
gets the answer), up to this many times the limit; beyond that the connection is dropped."""


class BodyTooLargeError(Exception):
    """The request body is over the limit."""


class BodySizeLimit:
    """Refuse request bodies over ``limit`` bytes, as soon as ``Content-Length`` or the bytes
    received pass it: the app's next read raises :class:`BodyTooLargeError`, which its error
    handler turns into a page. Nothing over the limit reaches a parser or the disk."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in LIMITED_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        received = 0
        too_large = declared.isdigit() and int(declared) > self.limit

        async def drain(more: bool) -> None:
            nonlocal received
            while more and received <= self.limit * DRAIN_FACTOR:
                message = await receive()
                received += len(message.get("body", b""))
                more = bool(message.get("more_body")) and message["type"] == "http.request"

        async def counting_receive() -> Message:
            nonlocal received
            if too_large:
                await drain(True)
                raise BodyTooLargeError
            message: dict[str, Any] = dict(await receive())
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    await drain(bool(message.get("more_body")))
                    raise BodyTooLargeError
            return message

        await self.app(scope, counting_receive, send)
