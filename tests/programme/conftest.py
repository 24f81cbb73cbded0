"""A demo workspace shared by the programme's tests (built once, copied where written to)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def programme_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from siaran.demo.build import build_demo_workspace

    folder = tmp_path_factory.mktemp("programme-demo") / "ws"
    build_demo_workspace(folder)
    return folder
