"""The static files (style, script, htmx, Plotly), gzipped when the browser accepts it."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from siaran.web.pages.common import not_found, web_of

router = APIRouter()


@router.get("/static/{name}")
def static_file(request: Request, name: str) -> Response:
    asset = web_of(request).assets.get(name)
    if asset is None:
        raise not_found()
    versioned = request.query_params.get("v") == asset.version
    headers = {
        "Cache-Control": "public, max-age=31536000, immutable" if versioned else "no-cache",
        "ETag": f'"{asset.version}"',
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)
