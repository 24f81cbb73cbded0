"""ruff, mypy and import-linter run as part of the tests, so that CI keeps the code clean and
the layers of docs/architecture.md pointing down."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed: install the dev extra (pip install -e '.[dev]')")
    return found


def test_ruff_check() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "src", "tests", "benchmarks", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = subprocess.run(
        [_tool("ruff"), "format", "--check", "src", "tests", "benchmarks", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = subprocess.run(
        [_tool("mypy"), "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _lint_imports(source_root: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the contracts of pyproject.toml over the package in
    ``source_root`` (function-level and TYPE_CHECKING imports count)."""
    return subprocess.run(
        [
            _tool("lint-imports"),
            "--config",
            str(ROOT / "pyproject.toml"),
            "--no-logo",
            "--cache-dir",
            str(cache),
        ],
        cwd=source_root,
        env={**os.environ, "PYTHONPATH": str(source_root)},
        capture_output=True,
        text=True,
    )


def test_layers_point_down(tmp_path: Path) -> None:
    result = _lint_imports(ROOT / "src", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_an_arrow_pointing_up_breaks_the_layers(tmp_path: Path) -> None:
    # The store learning of the workspace that sits above it, in a copy of the package; only
    # as a type, and still refused.
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "siaran", copy / "siaran", ignore=shutil.ignore_patterns("*.pyc")
    )
    pending = copy / "siaran" / "store" / "pending.py"
    pending.write_text(
        pending.read_text(encoding="utf-8")
        + "\n\nif TYPE_CHECKING:\n    from siaran.workspace import Workspace\n",
        encoding="utf-8",
    )
    result = _lint_imports(copy, tmp_path / "cache")
    assert result.returncode == 1
    assert "siaran.store is not allowed to import siaran.workspace" in result.stdout
    assert "siaran.store.pending -> siaran.workspace" in result.stdout
