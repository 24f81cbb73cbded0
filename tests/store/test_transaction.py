"""The one transaction helper: all or nothing, and a failed commit says why it failed."""

from __future__ import annotations

import duckdb
import pytest

from siaran.store.transaction import transaction


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (a INTEGER PRIMARY KEY)")
    return con


def test_work_lands_whole(con: duckdb.DuckDBPyConnection) -> None:
    with transaction(con):
        con.execute("INSERT INTO t VALUES (1), (2)")
    assert con.execute("SELECT count(*) FROM t").fetchone() == (2,)


def test_an_error_inside_leaves_nothing(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="stop"), transaction(con):
        con.execute("INSERT INTO t VALUES (1)")
        raise ValueError("stop")
    assert con.execute("SELECT count(*) FROM t").fetchone() == (0,)
    with pytest.raises(duckdb.ConstraintException), transaction(con):
        con.execute("INSERT INTO t VALUES (3)")
        con.execute("INSERT INTO t VALUES (3)")
    assert con.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_a_commit_that_fails_raises_its_own_reason(con: duckdb.DuckDBPyConnection) -> None:
    first, second = con.cursor(), con.cursor()
    with pytest.raises(duckdb.TransactionException, match="constraint"), transaction(second):
        second.execute("INSERT INTO t VALUES (7)")
        with transaction(first):
            first.execute("INSERT INTO t VALUES (7)")
    assert con.execute("SELECT a FROM t").fetchall() == [(7,)]
