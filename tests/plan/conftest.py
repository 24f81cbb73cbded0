"""The demo workspace, built once for the plan tests (copied before anything writes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from siaran.workspace import Workspace


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from siaran.demo.build import build_demo_workspace

    folder = tmp_path_factory.mktemp("plan") / "demo"
    build_demo_workspace(folder)
    return folder


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Workspace]:
    with Workspace.open(demo_path) as ws:
        yield ws
