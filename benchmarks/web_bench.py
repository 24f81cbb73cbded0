"""Page render time of the dashboard's cohort overview, measured with a local HTTP client.

    python -m benchmarks.web_bench                 # 1,000 accounts, a year of sessions
    python -m benchmarks.web_bench --quick --json  # 100 accounts, 10,000 sessions

The cohort of :mod:`benchmarks.core_bench` (written through the real export layouts, imported
through the real importer) is stretched over 365 days. ``siaran serve``'s app then runs under
uvicorn on 127.0.0.1 in this process and an ``httpx`` client asks for ``/`` (the overview,
in Indonesian) ``--requests`` times:

- ``overview``: the p95 of those requests, the comparison kept per data version as the app
  does (the first request, which computes it, is ``cold_seconds``). Goal: p95 under 300 ms.
- floor: the p95 of ``/glossary``, a page of the same frame with no workspace query: HTTP,
  routing and template rendering only, the least any page costs.
- baseline: the p95 of ``/`` when every request recomputes the comparison (the app's cache
  cleared before each one), what a dashboard without it would cost.

The page must carry every account of the cohort, or the run fails. A benchmark reports, it
never fails on speed.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_P95_SECONDS: Final = 0.3
DAYS: Final = 365
FULL: Final = (100_000, 1_000)
QUICK: Final = (10_000, 100)
Row = dict[str, Any]


def build_workspace(folder: Path, sessions: int, accounts: int, seed: int) -> Path:
    """The core benchmark's cohort over a year, imported into ``folder/workspace``."""
    import benchmarks.core_bench as core
    from siaran.ingest.importer import import_file
    from siaran.workspace import Workspace

    core.DAYS = DAYS  # the same generator, stretched over a year
    cohort = core.generate_cohort(sessions, accounts, seed)
    manifest = core.write_cohort_files(cohort, folder / "files")
    with Workspace.create(folder / "workspace", timezone=core.TIMEZONE) as workspace:
        for entry in manifest:
            import_file(workspace, Path(entry["path"]), account=entry["account"])
    return folder / "workspace"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def timed(client: Any, url: str, before: Callable[[], None] | None = None) -> tuple[float, str]:
    if before is not None:
        before()
    started = time.perf_counter()
    answer = client.get(url)
    seconds = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"{url} answered {answer.status_code}")
    return seconds, answer.text


def measure(workspace: Path, requests: int, accounts: int) -> list[Row]:
    import httpx
    import uvicorn

    from siaran.web import WebSettings, create_app

    app = create_app(WebSettings(workspace=workspace))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    web = app.state.web
    base = f"http://127.0.0.1:{port}"
    from siaran.metrics import account_rollups

    with web.access.use() as ws:
        active = len({row["account"] for row in account_rollups(ws)})
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            cold, page = timed(client, "/?lang=id")
            shown = len(set(re.findall(r'data-account="([^"]+)"', page)))
            if shown != active:
                raise SystemExit(f"the overview shows {shown} accounts, the window has {active}")
            warm = [timed(client, "/")[0] for _ in range(requests)]
            floor = [timed(client, "/glossary")[0] for _ in range(requests)]
            baseline_runs = max(5, requests // 5)
            baseline = [timed(client, "/", web.access.changed)[0] for _ in range(baseline_runs)]
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    own, floor_p95, baseline_p95 = p95(warm), p95(floor), p95(baseline)
    verdict = "PASS" if own < GOAL_P95_SECONDS else "MISS"
    return [
        {
            "name": "overview_p95",
            "n": accounts,
            "seconds": own,
            "floor_seconds": floor_p95,
            "baseline_seconds": baseline_p95,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "cold_seconds": cold,
            "p50_seconds": statistics.median(warm),
            "requests": requests,
            "accounts_in_window": active,
            "page_kb": round(len(page.encode("utf-8")) / 1024, 1),
            "floor_ratio": own / floor_p95,
            "baseline_speedup": baseline_p95 / own,
            "verdict": f"p95 < {GOAL_P95_SECONDS * 1000:.0f} ms: {verdict}",
            "note": (
                f"GET / over HTTP on 127.0.0.1, {accounts:,} accounts ({active:,} live in the "
                f"28-day window, all on the page), {requests} requests; "
                f"first (cold) request {cold * 1000:.0f} ms; floor = /glossary, baseline = "
                "/ recomputing the comparison every time"
            ),
        }
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web_bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 accounts, 10,000 sessions")
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--accounts", type=int, default=None)
    parser.add_argument("--requests", type=int, default=None, help="requests per measurement")
    parser.add_argument("--seed", type=int, default=20260917)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sessions, accounts = QUICK if args.quick else FULL
    sessions, accounts = args.sessions or sessions, args.accounts or accounts
    requests = args.requests or (20 if args.quick else 60)
    folder = Path(tempfile.mkdtemp(prefix="siaran-web-bench-"))
    try:
        print(f"[web] building {accounts:,} accounts, {sessions:,} sessions", file=sys.stderr)
        workspace = build_workspace(folder, sessions, accounts, args.seed)
        rows = measure(workspace, requests, accounts)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        print(
            f"{row['name']}: p95 {row['seconds'] * 1000:.0f} ms (p50 "
            f"{row['p50_seconds'] * 1000:.0f} ms), floor {row['floor_seconds'] * 1000:.0f} ms "
            f"({row['floor_ratio']:.2f}x), baseline {row['baseline_seconds'] * 1000:.0f} ms "
            f"({row['baseline_speedup']:.2f}x faster), {row['verdict']}"
        )
        print(f"  {row['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
