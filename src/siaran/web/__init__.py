"""The local web dashboard (``siaran serve``): a FastAPI app over one workspace.

``create_app(WebSettings(workspace=...))`` gives the app; :mod:`siaran.web.pages` holds one
module per page. Pages are rendered on the server from Jinja templates; htmx (for partial
updates) and Plotly (for charts) are vendored and served by the app itself, so the dashboard
works without an internet connection.

``create_app`` is imported on first use: the CLI reads the server's defaults from
:mod:`siaran.web.settings` without loading FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from siaran.web.settings import WebSettings

if TYPE_CHECKING:
    from siaran.web.app import create_app

__all__ = ["WebSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from siaran.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
