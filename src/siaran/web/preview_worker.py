"""Previews of uploaded files, each in a worker process with a memory and a time limit.

Parsing is where a file can hurt: a 1.5 KB workbook that claims a cell at row 20,000,000 made
the server grow by gigabytes and, parsed on the server's threads under the workspace lock, held
up every other person's pages until it was done. Here a preview runs in a process of its own:

- at most ``workers`` at once; one more upload while they are all busy is answered "busy, try
  again" at once (nothing waits in the server for a turn, so uploads cannot pile up);
- its data segment is limited to ``memory_bytes`` (``RLIMIT_DATA``, where the system has it):
  a file that needs more fails in the worker with a message, the server does not grow;
- it runs at a lower priority and is killed after ``seconds``; its scratch folder is removed
  whatever happened;
- it never touches the person's workspace: the server looks up alone whether the same bytes
  were imported before, a moment's read.

Each preview is a fresh Python process, so it inherits none of the server's open files, threads
or memory; the job goes in on its standard input and the preview comes back on its standard
output. Its imports take a second or two, so from the first upload on one spare worker waits
with its imports done (165 MB resident, measured) for the next: a preview then costs only the
work on the file. A spare whose server is gone reads the end of its input and exits.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Final

from siaran.web.formatting import Figures
from siaran.web.settings import PreviewLimits
from siaran.web.uploads import Preview, PreviewJob, failed_preview, preview_file

log = logging.getLogger("siaran.web")

NICENESS: Final = 10
KILL_WAIT_SECONDS: Final = 10.0
WORKER_COMMAND: Final = "from siaran.web.preview_worker import main; main()"
WARM_MODULES: Final = (
    "siaran.importing",
    "siaran.events.report",
    "siaran.metrics",
    "siaran.workspace",
    "duckdb",
    "ibis",
    "openpyxl",
    "python_calamine",
)


class PreviewBusyError(Exception):
    """Every worker is busy: the person should try again in a moment."""


class PreviewWorkers:
    """The bounded set of preview processes of one app."""

    def __init__(self, limits: PreviewLimits) -> None:
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.workers)
        self._running: dict[int, subprocess.Popen[bytes]] = {}
        self._spare: subprocess.Popen[bytes] | None = None
        self._closed = False
        self._lock = threading.Lock()

    def running(self) -> list[int]:
        """The process ids of the previews running now."""
        with self._lock:
            return list(self._running)

    def run(self, job: PreviewJob) -> Preview:
        """Preview ``job`` in a worker and wait for it (blocking: call it off the event loop).
        Raises :class:`PreviewBusyError` at once when every worker is busy."""
        if not self._slots.acquire(blocking=False):
            raise PreviewBusyError
        scratch = Path(tempfile.mkdtemp(prefix="siaran-preview-"))
        try:
            return self._in_process(job, scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            self._slots.release()

    def _take_worker(self) -> subprocess.Popen[bytes]:
        """The spare worker (or a new one if it died), and a new spare started to warm up
        while this one works."""
        with self._lock:
            process, self._spare = self._spare, None
            if process is None or process.poll() is not None:
                _reap(process)
                process = _start_worker()
            self._running[process.pid] = process
            if not self._closed:
                self._spare = _start_worker()
            return process

    def _in_process(self, job: PreviewJob, scratch: Path) -> Preview:
        process = self._take_worker()
        try:
            request = pickle.dumps((job, scratch, self.limits))
            try:
                answer, _ = process.communicate(request, timeout=self.limits.seconds)
            except subprocess.TimeoutExpired:
                wait = Figures(job.lang).seconds(self.limits.seconds)
                return failed_preview("web.import.too_slow", job, wait=wait)
            try:
                found = pickle.loads(answer) if process.returncode == 0 else None
            except (pickle.UnpicklingError, EOFError, ValueError):
                found = None
            if isinstance(found, Preview):
                return found
            # Killed (out of memory or of processor time) before it could answer.
            log.warning("preview of %s ended with %s", job.original_name, process.returncode)
            return failed_preview("web.import.too_heavy", job, limit=self.limits.memory_bytes >> 20)
        finally:
            _reap(process)
            with self._lock:
                self._running.pop(process.pid, None)

    def close(self) -> None:
        """Stop the spare and every preview still running (the server is shutting down)."""
        with self._lock:
            self._closed = True
            stopping = [*self._running.values(), *([self._spare] if self._spare else [])]
            self._spare = None
        for process in stopping:
            _reap(process)


def _start_worker() -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", WORKER_COMMAND]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def _reap(process: subprocess.Popen[bytes] | None) -> None:
    """Kill ``process`` if it still runs, wait for it and close its pipes."""
    if process is None:
        return
    if process.poll() is None:
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired, ValueError, OSError):
        process.communicate(timeout=KILL_WAIT_SECONDS)


def _limit_this_process(limits: PreviewLimits) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on this system: the time limit still holds
        return
    memory = limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    cpu = int(limits.seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    os.nice(NICENESS)


def work(job: PreviewJob, scratch: Path, limits: PreviewLimits) -> Preview:
    """What the worker process does: preview ``job`` within ``limits``."""
    _limit_this_process(limits)
    try:
        return preview_file(job, scratch)
    except MemoryError:
        return failed_preview("web.import.too_heavy", job, limit=limits.memory_bytes >> 20)
    except Exception:  # logged here (the server's error stream); the person gets a message
        log.exception("preview of %s failed", job.original_name)
        return failed_preview("web.import.preview_failed", job)


def main() -> None:
    """The worker process: import what a preview needs, wait for a job, answer it."""
    # A reader stopped by a failed allocation leaves generators that cannot close cleanly;
    # their "exception ignored" reports would only fill the server's log.
    sys.unraisablehook = lambda _: None
    for name in WARM_MODULES:
        with contextlib.suppress(ImportError):  # an optional part: imported when used
            importlib.import_module(name)
    request = sys.stdin.buffer.read()
    if not request:  # the server is gone, or stopped this spare
        return
    job, scratch, limits = pickle.loads(request)
    preview = work(job, scratch, limits)
    sys.stdout.buffer.write(pickle.dumps(preview))
    sys.stdout.buffer.flush()
