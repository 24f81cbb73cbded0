"""The report's operations section on the hand-built export (:mod:`tests.operations.exports`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from siaran.operations import FulfilmentSettings, save_fulfilment_settings
from siaran.report.html import ReportOptions, render_report
from siaran.workspace import Workspace
from tests.operations.exports import build


def section(document: str) -> str:
    start = document.index('<section id="operations"')
    return document[start : document.index("</section>", start)]


@pytest.fixture
def shop(workspace: Workspace, tmp_path: Path) -> Workspace:
    return build(workspace, tmp_path)


def test_the_section_flags_the_live_over_capacity_in_both_languages(shop: Workspace) -> None:
    save_fulfilment_settings(shop, FulfilmentSettings(12, 24))
    english = section(render_report(shop, ReportOptions(lang="en", end=None)))
    assert "a peak of 4 orders in 10 minutes from 20:00, load 2.00" in english
    assert "late 50.0%, cancelled 14.3%, backlog 3" in english
    assert "1 lives over capacity (7 orders)" in english
    assert "Capacity: 12 orders/hour (2.0 per 10 minutes)" in english
    indonesian = section(render_report(shop, ReportOptions(lang="id")))
    assert "puncak 4 pesanan dalam 10 menit sejak 20:00, beban 2,00" in indonesian


def test_unknown_capacity_is_said_not_guessed(shop: Workspace) -> None:
    found = section(render_report(shop, ReportOptions(lang="en")))
    assert "Capacity unknown" in found and "over-capacity" not in found
    assert 'title="Unknown' in found or 'class="unknown"' in found
