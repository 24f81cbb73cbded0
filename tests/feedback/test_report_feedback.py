"""The report's customer-feedback section: there with reviews, in both languages."""

from __future__ import annotations

from siaran.report.html import ReportOptions, render_report
from siaran.workspace import Workspace
from tests.feedback.test_measures import linked, reviewed

__all__ = ["linked", "reviewed"]


def test_the_report_has_a_feedback_section_with_reviews(reviewed: Workspace) -> None:
    english = render_report(reviewed, ReportOptions(lang="en"))
    start = english.index('id="feedback"')
    section = english[start : english.index("</section>", start)]
    assert "Customer feedback" in section and "Sambal Cakalang" in section
    # toko.ayu over all products: 30 days 3 negative of 6 rated; 7 days 1 of 3.
    assert "50.0%" in section and "33.3%" in section
    assert 'href="#kpi-negative_review_rate_30d"' in section
    assert "Umpan balik pelanggan" in render_report(reviewed, ReportOptions(lang="id"))


def test_no_feedback_section_without_reviews(linked: Workspace) -> None:
    assert 'id="feedback"' not in render_report(linked, ReportOptions(lang="en"))
