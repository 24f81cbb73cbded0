"""How one ``siaran serve`` runs: which workspace, who may log in, and the limits it enforces."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from siaran.web.security.hosts import AllowedHosts

DEFAULT_HOST: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8765
DEFAULT_UPLOAD_LIMIT_MB: Final = 50
DEFAULT_SESSION_HOURS: Final = 8.0
DEFAULT_PREVIEW_WORKERS: Final = 2
DEFAULT_PREVIEW_MEMORY_MB: Final = 1024
DEFAULT_PREVIEW_SECONDS: Final = 180.0


@dataclass(frozen=True)
class PreviewLimits:
    """How many upload previews run at once, and the memory and time each may take (see
    :mod:`siaran.web.preview_worker`)."""

    workers: int = DEFAULT_PREVIEW_WORKERS
    memory_bytes: int = DEFAULT_PREVIEW_MEMORY_MB * 1024 * 1024
    seconds: float = DEFAULT_PREVIEW_SECONDS


@dataclass(frozen=True)
class WebSettings:
    """The settings of one web app.

    ``users_file`` switches on agency mode: every page needs a login and each person sees only
    the accounts their role allows. Without it the app is for the one person at this computer
    and must only be bound to the loopback address (``siaran serve`` refuses otherwise).
    ``secret`` signs session, device and form cookies; ``None`` draws a fresh one at start.
    Sessions themselves are kept in memory, so a restart logs everyone out either way.
    ``allowed_hosts`` are the names the server answers for (``Host`` header); the default is
    the loopback names only.
    """

    workspace: Path
    users_file: Path | None = None
    upload_limit_bytes: int = DEFAULT_UPLOAD_LIMIT_MB * 1024 * 1024
    session_seconds: int = int(DEFAULT_SESSION_HOURS * 3600)
    secret: bytes | None = None
    secure_cookies: bool = False
    demo: bool = False
    allowed_hosts: AllowedHosts = field(default_factory=AllowedHosts)
    preview: PreviewLimits = field(default_factory=PreviewLimits)

    @property
    def agency(self) -> bool:
        return self.users_file is not None
