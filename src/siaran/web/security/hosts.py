"""The names the server answers for, checked on every request before anything else runs.

DNS rebinding: a page on ``evil.example`` points that name at 127.0.0.1 (or at the agency's
server) once it is loaded; from then on the browser treats siaran as the same site as the page,
so the page can read siaran's pages, take the CSRF token and post a file. The one thing the
browser cannot hide is the name it used: it sends ``Host: evil.example``. A request is served
only when its ``Host`` is a name on the allowed list (the port is not compared: it says nothing
about which site the page came from).

An address written as the host (``127.0.0.1``, ``[::1]``, ``192.168.1.10``) cannot be rebound:
the browser connects to exactly that address. The loopback addresses and the address the server
is bound to are always answered; a server bound to every address (``0.0.0.0``) answers any
address, since it cannot know all of the machine's own.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from starlette.types import ASGIApp, Receive, Scope, Send

from siaran.i18n import LANGUAGES, text

LOOPBACK_NAMES: Final = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_ADDRESSES: Final = frozenset({"0.0.0.0", "::", ""})
REFUSED_STATUS: Final = 421
"""Misdirected Request: this server does not answer for that name."""


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def normal_host(value: str) -> str:
    """``value`` as compared: lower case, without a port, brackets or a final dot."""
    host = value.strip().lower()
    if host.startswith("["):  # [::1]:8765
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


@dataclass(frozen=True)
class AllowedHosts:
    """The names (and addresses) one server answers for."""

    names: frozenset[str] = LOOPBACK_NAMES
    any_address: bool = False

    @classmethod
    def for_bind(cls, bound: str, extra: Iterable[str] = ()) -> AllowedHosts:
        """The defaults for a server bound to ``bound``: the loopback names, the bound address
        or name, and, when bound beyond the loopback, the machine's own name; plus ``extra``
        (``siaran serve --allowed-host``)."""
        names = set(LOOPBACK_NAMES) | {normal_host(name) for name in extra if name.strip()}
        bound_host = normal_host(bound)
        wildcard = bound_host in WILDCARD_ADDRESSES
        if not wildcard:
            names.add(bound_host)
        address = _address(bound_host)
        if wildcard or (address is not None and not address.is_loopback):
            names |= machine_names()
        return cls(frozenset(names), any_address=wildcard)

    def allows(self, header: str | None) -> bool:
        if not header:
            return False
        host = normal_host(header)
        if host in self.names:
            return True
        return self.any_address and _address(host) is not None


def machine_names() -> set[str]:
    """This machine's host name and fully qualified name, as a browser on the network would
    type them."""
    found = {socket.gethostname()}
    with contextlib.suppress(OSError):  # a broken resolver leaves the plain name
        found.add(socket.getfqdn())
    return {normal_host(name) for name in found if name}


class HostCheck:
    """Answer 421 to a request whose ``Host`` the server does not answer for, before routing,
    cookies or the body are looked at."""

    def __init__(self, app: ASGIApp, allowed: AllowedHosts) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        if self.allowed.allows(host):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        # No cookie or language is trusted from this request: both languages, plain text.
        shown = host[:100]
        lines = [text("web.error.host", lang, host=shown) for lang in LANGUAGES]
        body = "\n".join([*lines, ""]).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": REFUSED_STATUS,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
