from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from siaran.workspace import Workspace
from tests.crew.lives import import_lives


@pytest.fixture
def lives(tmp_path: Path) -> Iterator[Workspace]:
    """A workspace with the lives of :mod:`tests.crew.lives`, no roster yet."""
    with Workspace.create(tmp_path / "ws") as ws:
        import_lives(ws, tmp_path / "files")
        yield ws
