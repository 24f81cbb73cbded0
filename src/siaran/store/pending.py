"""Imports under way, written down so that one cut short leaves nothing half-published.

An import writes files outside the database (the archived original in ``raw/``, event
partitions under ``events/``) before the one transaction that records it. Before it creates
any of them it leaves a note in ``.pending/<sha256>.json`` naming what it is about to write:
``outputs`` (kept only if the import got recorded) and ``scratch`` (its staging area, always
removed). The note goes once the import is recorded, or once a failed import has removed its
files. A note still there when the workspace next opens belongs to an import that was killed
(power cut, ``kill -9``): :func:`finish_interrupted` then keeps the outputs of a recorded
import and removes those of an unrecorded one, so that what readers see is always what an
import record covers. Paths in a note are relative to the workspace folder and may be globs.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

PENDING_DIR: Final = ".pending"
_ACTIVE: set[Path] = set()
_ACTIVE_LOCK = threading.Lock()


@contextmanager
def pending_import(
    folder: Path, sha256: str, *, outputs: Sequence[str], scratch: Sequence[str] = ()
) -> Iterator[None]:
    """Note the import of ``sha256`` as under way in the workspace at ``folder`` for the
    duration of the block (whatever way the block ends, the note goes with it)."""
    notes = folder / PENDING_DIR
    notes.mkdir(exist_ok=True)
    note = notes / f"{sha256}.json"
    partial = note.with_name(note.name + ".partial")
    partial.write_text(
        json.dumps({"sha256": sha256, "outputs": list(outputs), "scratch": list(scratch)}),
        encoding="utf-8",
    )
    partial.replace(note)
    with _ACTIVE_LOCK:
        _ACTIVE.add(note)
    try:
        yield
    finally:
        note.unlink(missing_ok=True)
        with _ACTIVE_LOCK:
            _ACTIVE.discard(note)


def finish_interrupted(con: duckdb.DuckDBPyConnection, folder: Path) -> list[str]:
    """Clean up after every import that was cut short; return the hashes of those that had
    not been recorded (their files are gone). Notes of imports running in this process are
    left alone."""
    notes = folder / PENDING_DIR
    if not notes.is_dir():
        return []
    undone: list[str] = []
    for note in sorted(notes.glob("*.json")):
        with _ACTIVE_LOCK:
            if note in _ACTIVE:
                continue
        try:
            entry = json.loads(note.read_text(encoding="utf-8"))
            sha = str(entry["sha256"])
            outputs = [str(p) for p in entry.get("outputs", [])]
            scratch = [str(p) for p in entry.get("scratch", [])]
        except (OSError, ValueError, KeyError, TypeError):
            note.unlink(missing_ok=True)  # a note cut short itself: nothing was written yet
            continue
        recorded = con.execute("SELECT count(*) FROM imports WHERE sha256 = ?", [sha]).fetchone()
        _remove(folder, scratch)
        if not (recorded and recorded[0]):
            _remove(folder, outputs)
            undone.append(sha)
        note.unlink(missing_ok=True)
    for partial in notes.glob("*.json.partial"):
        partial.unlink(missing_ok=True)
    return undone


def _remove(folder: Path, patterns: Sequence[str]) -> None:
    for pattern in patterns:
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            continue  # notes are written by siaran itself; never follow one outside the folder
        for found in folder.glob(pattern):
            if found.is_dir() and not found.is_symlink():
                shutil.rmtree(found, ignore_errors=True)
            else:
                found.unlink(missing_ok=True)
