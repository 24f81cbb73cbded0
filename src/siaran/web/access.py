"""The open workspace behind the web app, and the one lock every request takes to use it.

A DuckDB connection must not be used by two threads at once, and FastAPI runs plain route
functions on a thread pool, so every read and write goes through :meth:`WorkspaceAccess.use`.
Pages are fast queries; the comparison of a whole cohort (a bootstrap over every account) is
the slow one, so it is kept per data version: it changes only when an import lands, and an
import is the only write the app makes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

if TYPE_CHECKING:
    from siaran.workspace import Workspace

T = TypeVar("T")
CACHE_ENTRIES: Final = 32


class WorkspaceAccess:
    """One workspace, opened once for the life of the app."""

    def __init__(self, path: Path) -> None:
        from siaran.workspace import Workspace

        self.path = path
        self._lock = threading.RLock()
        self._workspace: Workspace = Workspace.open(path)
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._version: tuple[Any, ...] | None = None

    @contextmanager
    def use(self) -> Iterator[Workspace]:
        """The workspace, held by this thread alone until the block ends."""
        with self._lock:
            yield self._workspace

    def data_version(self) -> tuple[Any, ...]:
        """Changes whenever an import lands or a talk scorecard is stored (call under
        :meth:`use`)."""
        if self._version is None:
            row = self._workspace.con.execute(
                "SELECT count(*), max(imported_at) FROM imports"
            ).fetchone()
            scores = self._workspace.con.execute("SELECT count(*) FROM talk_scores").fetchone()
            self._version = (row, scores)
        return self._version

    def changed(self) -> None:
        """Forget every cached result: the workspace was written to."""
        with self._lock:
            self._version = None
            self._cache.clear()

    def cached(self, key: Hashable, compute: Callable[[Workspace], T]) -> T:
        """``compute(workspace)``, remembered for ``key`` until the data changes."""
        with self.use() as workspace:
            full_key = (key, self.data_version())
            if full_key in self._cache:
                self._cache.move_to_end(full_key)
                found: T = self._cache[full_key]
                return found
            value = compute(workspace)
            self._cache[full_key] = value
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
            return value

    def close(self) -> None:
        with self._lock:
            self._workspace.close()
