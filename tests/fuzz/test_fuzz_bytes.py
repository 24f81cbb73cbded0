"""Every seed file (workbooks, CSV, JSON, JSON Lines) cut short at any byte, with bytes flipped,
inserted or deleted: imported cleanly or refused with exit 1, the file and a reason, and the
workspace unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.harness import (
    FUZZ,
    assert_imported_or_refused,
    record_seeds,
    seed_args,
    table_seeds,
    write_records,
    write_table,
)
from tests.fuzz.mutations import damaged_bytes


def _seeds(folder: Path) -> list[tuple[Path, tuple[str, ...]]]:
    """Every seed as a file in ``folder``, with its options."""
    found = []
    for seed in table_seeds():
        for suffix in seed.suffixes:
            path = folder / f"{seed.name}" / f"{seed.stem}{suffix}"
            path.parent.mkdir(exist_ok=True)
            found.append((write_table(path, seed.rows, delimiter=seed.delimiter), seed.args))
    for record in record_seeds():
        path = folder / record.name / record.filename
        path.parent.mkdir()
        found.append((write_records(path, record.records, lines=record.lines), record.args))
    return found


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, tuple[str, ...]]]:
    return _seeds(tmp_path_factory.mktemp("fuzz-seeds"))


@FUZZ
@given(data=st.data())
def test_damaged_file(
    data: st.DataObject,
    seeds: list[tuple[Path, tuple[str, ...]]],
    template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed, args = data.draw(st.sampled_from(seeds))
    damaged = data.draw(damaged_bytes(seed.read_bytes()))
    path = tmp_path / "damaged" / seed.name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(damaged)
    assert_imported_or_refused(path, seed_args(args, tmp_path), template, capsys)
