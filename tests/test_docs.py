"""Docs are tested: a command, KPI or input layout without documentation fails the build."""

from __future__ import annotations

from pathlib import Path

import typer

from siaran.cli.app import app
from siaran.cli.reference import render_cli_reference

ROOT = Path(__file__).resolve().parents[1]
GUIDES = {"en": ROOT / "docs/en/guide.md", "id": ROOT / "docs/id/panduan.md"}
FORMATS = {"en": ROOT / "docs/en/formats.md", "id": ROOT / "docs/id/format.md"}


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    return list(group.commands)  # type: ignore[attr-defined]


def test_cli_reference_is_generated_from_the_app() -> None:
    committed = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    assert committed == render_cli_reference(), (
        "docs/cli.md is out of date: run python -m siaran.cli.reference --write"
    )


def test_every_command_is_in_both_guides() -> None:
    for lang, guide in GUIDES.items():
        text = guide.read_text(encoding="utf-8")
        missing = [c for c in _commands() if f"siaran {c}" not in text]
        assert missing == [], f"{guide.name} ({lang}) does not show: {missing}"


def test_every_layout_is_in_both_format_docs() -> None:
    from siaran.ingest.layouts import known_layouts

    names = [layout.name for layout in known_layouts()] + ["mapping"]
    for doc in FORMATS.values():
        text = doc.read_text(encoding="utf-8")
        missing = [name for name in names if f"`{name}`" not in text]
        assert missing == [], f"{doc.name} does not document layouts: {missing}"


def test_readme_first_screen_has_the_two_commands() -> None:
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:30])
    assert "siaran demo" in first_screen
    assert "python -m pytest" in first_screen
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest" in ci
