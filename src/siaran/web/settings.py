"""How one ``siaran serve`` runs: which workspace, who may log in, and the limits it enforces."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

DEFAULT_HOST: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8765
DEFAULT_UPLOAD_LIMIT_MB: Final = 50
DEFAULT_SESSION_HOURS: Final = 8.0


@dataclass(frozen=True)
class WebSettings:
    """The settings of one web app.

    ``users_file`` switches on agency mode: every page needs a login and each person sees only
    the accounts their role allows. Without it the app is for the one person at this computer
    and must only be bound to the loopback address (``siaran serve`` refuses otherwise).
    ``secret`` signs session and form cookies; ``None`` draws a fresh one at start, so a
    restart logs everyone out.
    """

    workspace: Path
    users_file: Path | None = None
    upload_limit_bytes: int = DEFAULT_UPLOAD_LIMIT_MB * 1024 * 1024
    session_seconds: int = int(DEFAULT_SESSION_HOURS * 3600)
    secret: bytes | None = None
    secure_cookies: bool = False
    demo: bool = False

    @property
    def agency(self) -> bool:
        return self.users_file is not None
