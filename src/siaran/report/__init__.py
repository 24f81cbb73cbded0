"""Reports: one self-contained offline HTML file per cohort and window.

``render_report`` returns the document, ``write_report`` writes it atomically. Charts are
inline SVG drawn by :mod:`siaran.report.charts`; numbers are formatted per language by
:mod:`siaran.report.format`.
"""

from siaran.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
