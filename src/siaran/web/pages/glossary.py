"""The KPI glossary, generated from the registry: what each figure means, its formula and
which platform definition it follows. Every KPI on every page links to its entry here."""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.metrics.glossary import glossary
from siaran.web.rendering import render
from siaran.web.viewer import viewer_of

router = APIRouter()
NAV: Final = (30, "/glossary", "web.nav.glossary")
LEVELS: Final = ("session", "rollup", "timeline", "feedback")


@router.get("/glossary", response_class=HTMLResponse)
def glossary_page(request: Request) -> HTMLResponse:
    viewer = viewer_of(request)
    entries = glossary(viewer.lang)
    groups = [(level, [e for e in entries if e["level"] == level]) for level in LEVELS]
    return render(request, viewer, "glossary.html", groups=groups)
