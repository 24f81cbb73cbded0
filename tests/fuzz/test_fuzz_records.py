"""JSON exports (Shopee's ``get_session_metric`` responses as JSON and JSON Lines) and live event
streams in JSON Lines, with values replaced by any JSON (numbers beyond float and int64, NaN,
nested lists), keys renamed or dropped and records doubled: imported cleanly or refused with
exit 1, the file and a reason, and the workspace unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.harness import (
    FUZZ,
    RecordSeed,
    assert_imported_or_refused,
    record_seeds,
    write_records,
)
from tests.fuzz.mutations import mutated_records

SEEDS = record_seeds()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.name)
def test_every_seed_imports_as_it_is(
    seed: RecordSeed, template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_records(tmp_path / seed.filename, seed.records, lines=seed.lines)
    assert assert_imported_or_refused(path, seed.args, template, capsys) == 0


@FUZZ
@given(data=st.data(), seed=st.sampled_from(SEEDS))
def test_mutated_records(
    data: st.DataObject,
    seed: RecordSeed,
    template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    records = data.draw(mutated_records(seed.records))
    path = write_records(tmp_path / seed.filename, records, lines=seed.lines)
    assert_imported_or_refused(path, seed.args, template, capsys)
