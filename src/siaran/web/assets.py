"""The static files the pages use, all served by the app itself (nothing from a CDN).

``site.css``, ``site.js`` and ``upload.js`` (the import page's progress) are siaran's own;
``htmx.min.js`` and ``plotly.min.js`` are vendored in ``static/vendor`` byte for byte from
their npm packages, with their versions, licences and checksums in ``vendored.toml``
(``scripts/refresh_vendored_js.py`` refreshes them). Each is read once, gzipped once, and
served under a URL carrying its content hash, so a browser caches it for good and never holds a
stale copy after an upgrade.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Final

ASSETS: Final[dict[str, tuple[str, str, str]]] = {
    # name: (package, path inside it, media type)
    "site.css": ("siaran.web", "static/site.css", "text/css; charset=utf-8"),
    "site.js": ("siaran.web", "static/site.js", "text/javascript; charset=utf-8"),
    "upload.js": ("siaran.web", "static/upload.js", "text/javascript; charset=utf-8"),
    "htmx.min.js": ("siaran.web", "static/vendor/htmx.min.js", "text/javascript; charset=utf-8"),
    "plotly.min.js": (
        "siaran.web",
        "static/vendor/plotly.min.js",
        "text/javascript; charset=utf-8",
    ),
}


@dataclass(frozen=True)
class Asset:
    name: str
    media_type: str
    body: bytes
    gzipped: bytes
    version: str


class AssetStore:
    """Loads each asset on first use and keeps it (and its gzip) in memory."""

    def __init__(self) -> None:
        self._loaded: dict[str, Asset] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> Asset | None:
        if name not in ASSETS:
            return None
        with self._lock:
            found = self._loaded.get(name)
            if found is None:
                package, path, media_type = ASSETS[name]
                body = (resources.files(package) / path).read_bytes()
                found = Asset(
                    name,
                    media_type,
                    body,
                    gzip.compress(body, compresslevel=6, mtime=0),
                    hashlib.sha256(body).hexdigest()[:12],
                )
                self._loaded[name] = found
            return found

    def url(self, name: str) -> str:
        asset = self.get(name)
        if asset is None:
            raise KeyError(name)
        return f"/static/{name}?v={asset.version}"
