"""Fuzzing runs with ``SIARAN_DEBUG``: an unexpected exception fails the test with its traceback
instead of becoming the command line's "internal error" message."""

from __future__ import annotations

import pytest

from tests.fuzz.harness import template

__all__ = ["template"]


@pytest.fixture(autouse=True)
def _debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIARAN_DEBUG", "1")
