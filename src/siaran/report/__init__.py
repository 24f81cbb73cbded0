"""Reports: one self-contained offline HTML file per cohort and window.

``render_report`` returns the document, ``write_report`` writes it atomically. Charts are
inline SVG drawn by :mod:`siaran.report.charts`; numbers are written per language by
:mod:`siaran.formatting` (the same as in the terminal and the dashboard).
"""

from siaran.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
