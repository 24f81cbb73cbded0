"""The workspace behind the web app: held only while a request uses it.

DuckDB lets one process at a time hold a database file. ``siaran serve`` therefore does not
keep the workspace open for its lifetime: every :meth:`WorkspaceAccess.use` block opens it,
and closes it when the block ends, so that ``siaran import``, ``siaran kpi`` and every other
command can work on the same workspace while the server runs (each waits its turn for the few
milliseconds a page holds it, and a page waits for a command the same way, up to
:data:`WAIT_SECONDS`, then answers "busy"). Blocks nest: an inner ``use`` reuses the outer
one's connection. After a block the workspace stays open for :data:`LINGER_SECONDS` more, so
that the requests of one page load (and of a busy dashboard) share one connection and its
prepared queries instead of paying for an open each; a command waiting for the workspace waits
at most that much longer. A DuckDB connection must not be used by two threads at once, and FastAPI
runs plain route functions on a thread pool, so one lock serialises the blocks.

The comparison of a whole cohort (a bootstrap over every account) is the one slow page, so it
is kept per data version: the imports and scorecards recorded, read afresh in every block, so
that an import made by another process (the command line) is noticed too.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

if TYPE_CHECKING:
    from siaran.workspace import Workspace

T = TypeVar("T")
CACHE_ENTRIES: Final = 32
WAIT_SECONDS: Final = 20.0
"""How long a page waits for a command that holds the workspace before it answers "busy"."""
LINGER_SECONDS: Final = 0.5
"""How long the workspace stays open after the last block that used it."""


class WorkspaceAccess:
    """One workspace, opened for each block that uses it."""

    def __init__(
        self, path: Path, *, wait: float = WAIT_SECONDS, linger: float = LINGER_SECONDS
    ) -> None:
        from siaran.workspace import Workspace

        self.path = path
        self.wait = wait
        self.linger = linger
        self._lock = threading.RLock()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._open: Workspace | None = None
        self._depth = 0
        self._last_used = 0.0
        self._closer: threading.Timer | None = None
        # Opened once now: a missing workspace fails before anything listens, the schema is
        # migrated and what an interrupted import left is cleaned up.
        Workspace.open(path, wait=wait).close()

    @contextmanager
    def use(self) -> Iterator[Workspace]:
        """The workspace, held by this thread alone until the block ends (raises
        :class:`~siaran.workspace.WorkspaceBusyError` when another process keeps it longer
        than :attr:`wait`)."""
        from siaran.workspace import Workspace

        with self._lock:
            if self._open is None:
                self._open = Workspace.open(self.path, wait=self.wait, tidy=False)
            self._depth += 1
            try:
                yield self._open
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._last_used = time.monotonic()
                    self._schedule_close()

    def _schedule_close(self) -> None:
        """Close the workspace once it has been idle for :attr:`linger` seconds (under the
        lock)."""
        if self.linger <= 0:
            self._close_now()
            return
        if self._closer is None:
            self._closer = threading.Timer(self.linger, self._close_if_idle)
            self._closer.daemon = True
            self._closer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            self._closer = None
            if self._depth > 0 or self._open is None:
                return
            idle = time.monotonic() - self._last_used
            if idle >= self.linger:
                self._close_now()
            else:
                self._closer = threading.Timer(self.linger - idle, self._close_if_idle)
                self._closer.daemon = True
                self._closer.start()

    def _close_now(self) -> None:
        if self._open is not None:
            workspace, self._open = self._open, None
            workspace.close()

    def data_version(self) -> tuple[Any, ...]:
        """Changes whenever an import lands, a talk scorecard is stored or an experiment is
        recorded, by this process or any other (call under :meth:`use`)."""
        if self._open is None:
            raise RuntimeError("data_version() outside use()")
        con = self._open.con
        imports = con.execute("SELECT count(*), max(imported_at) FROM imports").fetchone()
        scores = con.execute("SELECT count(*), max(scored_at) FROM talk_scores").fetchone()
        experiments = con.execute(
            "SELECT (SELECT count(*) FROM experiments), (SELECT max(created_at) FROM experiments),"
            " (SELECT count(*) FROM experiment_lives), (SELECT count(*) FROM experiment_accounts)"
        ).fetchone()
        return (imports, scores, experiments)

    def changed(self) -> None:
        """Forget every cached result: the workspace was written to."""
        with self._lock:
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
        """Close the workspace now (the app's shutdown) and forget every cached result."""
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
                self._closer = None
            self._close_now()
            self._cache.clear()
