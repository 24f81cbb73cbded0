"""The local web dashboard (``siaran serve``): a FastAPI app over one workspace.

``create_app(WebSettings(workspace=...))`` gives the app; :mod:`siaran.web.pages` holds one
module per page. Pages are rendered on the server from Jinja templates; htmx (for partial
updates) and Plotly (for charts) are served by the app from their Python packages, so the
dashboard works without an internet connection.
"""

from siaran.web.app import create_app
from siaran.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
