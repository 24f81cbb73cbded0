"""Figures for the page: :class:`siaran.report.markup.Figures`, the one HTML formatting the
report uses too, with its KPI links pointing at the dashboard's glossary page."""

from __future__ import annotations

from typing import ClassVar

from siaran.report.markup import Figures as ReportFigures


class Figures(ReportFigures):
    """Formatting bound to one language, handed to every template as ``fig``."""

    glossary_page: ClassVar[str] = "/glossary"
