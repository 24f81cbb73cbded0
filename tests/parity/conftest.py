"""The DuckDB/Spark parity suite: one Spark session for the whole test run.

Every test here is marked ``spark``. Spark starts once (session-scoped fixture) on the master
of ``$SIARAN_SPARK_MASTER`` (default ``local[2]``); the workspace is the demo cohort, its event
streams included, built once per run.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from siaran.workspace import Workspace


@pytest.fixture(scope="session")
def spark_session() -> Any:
    pytest.importorskip("pyspark", reason="the parity suite needs pyspark (siaran[spark])")
    if shutil.which("java") is None:
        pytest.skip("the parity suite needs Java 17")
    from siaran.store.engine import spark_master, spark_session

    return spark_session(spark_master())


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from siaran.demo.build import build_demo_workspace

    folder = tmp_path_factory.mktemp("parity") / "demo"
    build_demo_workspace(folder)
    return folder


@pytest.fixture
def demo(demo_folder: Path, spark_session: Any) -> Iterator[Workspace]:
    with Workspace.open(demo_folder) as workspace:
        yield workspace
