"""Shared fixtures: real workspaces in temporary folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from siaran.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.create(tmp_path / "ws") as ws:
        yield ws


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests read messages in English unless they choose a language themselves.
    monkeypatch.setenv("SIARAN_LANG", "en")
    monkeypatch.delenv("SIARAN_WORKSPACE", raising=False)
