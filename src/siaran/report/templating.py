"""The report's Jinja environment: its templates, autoescaped, with undefined names an error.

Every piece of the report is a template under ``templates/``: the document (``report.html``),
one template per section (``sections/``), the SVG charts (``charts/``) and the partials the
dashboard shares (``partials/``: tiles, the verdict's figures, quadrant badges, scorecard checks,
moments of a live). The dashboard builds its environment on :func:`make_environment` with its
own templates first, so it includes these partials with the same settings; the report never
includes the dashboard's. Layers point down: web -> report.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from siaran.i18n import Lang, text
from siaran.report.markup import QUADRANT_STYLE, STATUS_MARK
from siaran.report.svg import FONT, GRID, INK, MUTED, num


def make_environment(*loaders: BaseLoader) -> Environment:
    """An environment over ``loaders`` (searched first) and the report's templates."""
    env = Environment(
        loader=ChoiceLoader([*loaders, PackageLoader("siaran.report", "templates")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = num
    env.globals.update(
        FONT=Markup(FONT),  # ours, and its quotes must stay quotes inside the attribute
        GRID=GRID,
        INK=INK,
        MUTED=MUTED,
        QUADRANT_STYLE=QUADRANT_STYLE,
        STATUS_MARK=STATUS_MARK,
    )
    return env


@cache
def environment() -> Environment:
    return make_environment()


def translator(lang: Lang) -> Any:
    """``t(key, **params)``: the catalogue text in ``lang``, as templates call it."""

    def t(key: str, /, **params: Any) -> str:
        return text(key, lang, **params)

    return t


def render(name: str, /, **context: Any) -> Markup:
    """Template ``name`` rendered with ``context`` (safe to place in another template)."""
    return Markup(environment().get_template(name).render(**context))
