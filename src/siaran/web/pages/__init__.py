"""The dashboard's pages, one module each. Every module has a ``router``; the ones listed in
the navigation bar also have ``NAV = (order, path, message key)``, and a module whose pages
are only for some roles in agency mode has ``ROLES`` (a frozenset of role names).

A new page (the case-study pages, for one) is a module here plus one line in
:data:`PAGE_MODULES`: the app factory includes its router and puts it in the navigation.
"""

from __future__ import annotations

from typing import Final

PAGE_MODULES: Final[tuple[str, ...]] = (
    "siaran.web.pages.assets_page",
    "siaran.web.pages.login",
    "siaran.web.pages.overview",
    "siaran.web.pages.account",
    "siaran.web.pages.advice",
    "siaran.web.pages.experiments",
    "siaran.web.pages.plan",
    "siaran.web.pages.operations",
    "siaran.web.pages.live",
    "siaran.web.pages.crew",
    "siaran.web.pages.imports",
    "siaran.web.pages.glossary",
    "siaran.web.pages.casework",
    "siaran.web.pages.programme",
)
