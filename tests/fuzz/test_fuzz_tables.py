"""Spreadsheet exports of every layout (TikTok Shop Creator and Seller Center, Shopee dashboard
and API CSV, third-party summaries, a mapped Instagram log, event and order CSV) with columns
shuffled and renamed, extreme and malformed cells and other encodings: imported cleanly or
refused with exit 1, the file and a reason, and the workspace unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from tests.fuzz.harness import (
    FUZZ,
    TableSeed,
    assert_imported_or_refused,
    seed_args,
    table_seeds,
    write_table,
)
from tests.fuzz.mutations import ENCODINGS, mutated_table, xlsx_cells

SEEDS = table_seeds()
CSV_SEEDS = [seed for seed in SEEDS if ".csv" in seed.suffixes]
XLSX_SEEDS = [seed for seed in SEEDS if ".xlsx" in seed.suffixes]


def _seed_file(seed: TableSeed, folder: Path, suffix: str, **options: str) -> Path:
    return write_table(folder / f"{seed.stem}{suffix}", seed.rows, **options)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.name)
def test_every_seed_imports_as_it_is(
    seed: TableSeed, template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The property below is only worth something if the unmutated files import.
    for suffix in seed.suffixes:
        path = _seed_file(seed, tmp_path, suffix, delimiter=seed.delimiter)
        code = assert_imported_or_refused(path, seed_args(seed.args, tmp_path), template, capsys)
        assert code == 0, (seed.name, suffix)


@FUZZ
@given(data=st.data(), seed=st.sampled_from(CSV_SEEDS), encoding=st.sampled_from(ENCODINGS))
def test_mutated_csv(
    data: st.DataObject,
    seed: TableSeed,
    encoding: str,
    template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = data.draw(mutated_table(seed.rows, seed.header_at))
    path = write_table(
        tmp_path / f"{seed.stem}.csv", rows, delimiter=seed.delimiter, encoding=encoding
    )
    assert_imported_or_refused(path, seed_args(seed.args, tmp_path), template, capsys)


@FUZZ
@given(data=st.data(), seed=st.sampled_from(XLSX_SEEDS))
def test_mutated_workbook(
    data: st.DataObject,
    seed: TableSeed,
    template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = data.draw(mutated_table(seed.rows, seed.header_at, xlsx_cells))
    try:
        path = write_table(tmp_path / f"{seed.stem}.xlsx", rows)
    except IllegalCharacterError:  # openpyxl cannot write control characters
        return
    assert_imported_or_refused(path, seed_args(seed.args, tmp_path), template, capsys)
