"""Reports: one self-contained offline HTML file per cohort and window.

``render_report`` returns the document :class:`ReportOptions` describe (language, window,
engine), ``write_report`` writes it atomically. The document
is rendered from Jinja templates with autoescape (``templates/``, see
:mod:`siaran.report.templating`); charts are inline SVG laid out by
:mod:`siaran.report.charts`; numbers are written per language by :mod:`siaran.formatting`
through :class:`siaran.report.markup.Figures`, the same as on the dashboard, which includes the
report's partials (``templates/partials``).
"""

from siaran.report.html import ReportOptions, render_report, write_report

__all__ = ["ReportOptions", "render_report", "write_report"]
