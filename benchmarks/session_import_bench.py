"""Session import of one large ``Creator-Live-Performance`` CSV, against a DuckDB floor.

    python -m benchmarks.session_import_bench --rows 100000        # quick
    python -m benchmarks.session_import_bench --rows 1000000       # full
    python -m benchmarks.session_import_bench --rows 100000 --baseline-src /tmp/old/src --json
    python -m benchmarks.session_import_bench --rows 100000 --layout creator_xlsx  # or mapping

One account's 35-column export (every cell a string as TikTok writes it: ``Rp1,234.56``,
``12.34567%``, ``1h23m``, ``2026-07-04 20:01:54``, 19-digit room ids) is written through the
real layout writer, then measured three ways, each in a fresh child process (peak RSS its own):

* ``import``: :func:`siaran.importing.import_file` into a new workspace, everything included
  (reading, the vectorised parse, the bounds, the one transaction that writes the sessions and
  their 1.5 platform values per column);
* ``parse``: the reading and parsing alone (:func:`read_source` and the layout's ``parse``),
  what the floor does;
* the **floor**: one DuckDB query that reads the same CSV (every column as text) and parses the
  same money, percent, count, duration and time columns into a table;
* the **baseline** (only with ``--baseline-src``): the same parse and import by another siaran
  source tree, the per-cell parser of commit 8636ed0 for instance (``git archive 8636ed0 src``).

``--layout`` chooses the file: ``creator`` (default) the export above; ``creator_xlsx`` the
same export as TikTok's workbook, against fastexcel reading the sheet into Arrow (every column as
text) and the same query over it; ``mapping`` the same
CSV read through a YAML mapping of its headers (``siaran import --mapping``), against the same
floor; ``shopee_json`` the same sessions as a list of Shopee Live ``get_session_metric``
responses (numbers as JSON numbers, times as epoch seconds), against one DuckDB query that
reads the JSON and turns its fields into the same table.

Goal (issue 12): the import at most 3x the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parents[1]
GOAL_FLOOR_RATIO: Final = 3.0
Row = dict[str, Any]

_MONEY: Final = ("Attributed GMV", "AOV", "GMV per hour", "Show GPM", "Watch GPM")
_RATES: Final = (
    "Tap through rate", "LIVE CTR", "CTR", "CTOR", "CTOR (SKU orders)", "SKU order rate",
    "Follow rate", "Comment rate", "Share rate", "Like rate",
)  # fmt: skip
_COUNTS: Final = (
    "Attributed items sold", "Attributed orders", "Attributed SKU orders", "Customers", "Views",
    "Impressions", "Impressions Per Hour", "Product Impressions", "Product clicks",
    "New followers", "Comments", "Shares", "Likes",
)  # fmt: skip
_DURATIONS: Final = ("Duration", "Avg. viewing duration per view", "Avg. viewing duration")


def floor_sql(path: Path) -> str:
    """One query: read the CSV as text and parse every column the importer parses."""

    def q(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def seconds(name: str) -> str:
        col = q(name)
        return (
            f"coalesce(try_cast(regexp_extract({col}, '(\\d+)h', 1) AS DOUBLE), 0) * 3600"
            f" + coalesce(try_cast(regexp_extract({col}, '(\\d+)m', 1) AS DOUBLE), 0) * 60"
            f" + coalesce(try_cast(regexp_extract({col}, '(\\d+)s', 1) AS DOUBLE), 0)"
        )

    parts = [
        '"Room ID" AS room_id',
        '"Room Title" AS title',
        "strptime(\"Start Time\", '%Y-%m-%d %H:%M:%S') AS started_at",
        "strptime(\"End Time\", '%Y-%m-%d %H:%M:%S') AS ended_at",
    ]
    parts += [
        f"CAST(replace(replace({q(n)}, 'Rp', ''), ',', '') AS DOUBLE) AS {q(n)}" for n in _MONEY
    ]
    parts += [f"CAST(rtrim({q(n)}, '%') AS DOUBLE) / 100 AS {q(n)}" for n in _RATES]
    parts += [f"CAST(replace({q(n)}, ',', '') AS DOUBLE) AS {q(n)}" for n in _COUNTS]
    parts += [f"{seconds(n)} AS {q(n)}" for n in _DURATIONS]
    source = f"read_csv('{path}', all_varchar = true, skip = 2, header = true)"
    if path.suffix == ".xlsx":
        source = "sheet"  # the Arrow table of xlsx_floor_sheet, registered by the floor step
    return f"CREATE TABLE parsed AS SELECT {', '.join(parts)} FROM {source}"


def xlsx_floor_sheet(path: Path) -> Any:
    """The workbook's table read by fastexcel into Arrow, every column as text (what DuckDB's
    ``read_csv(all_varchar = true)`` gives the CSV floor)."""
    import fastexcel

    sheet = fastexcel.read_excel(str(path)).load_sheet(0, header_row=2, dtypes="string")
    return sheet.to_arrow()


def shopee_floor_sql(path: Path) -> str:
    """One query: read the API responses and turn their fields into the session table."""
    fields = ", ".join(
        f"response.{name} AS {name}"
        for name in ("session_id", "title", "username", "gmv", "orders", "ctr", "co", "ccu",
                     "peak_ccu", "likes", "comments", "shares", "views", "avg_viewing_duration")
    )  # fmt: skip
    times = (
        "to_timestamp(response.start_time) AS started_at, "
        "to_timestamp(response.end_time) AS ended_at"
    )
    return f"CREATE TABLE parsed AS SELECT {fields}, {times} FROM read_json('{path}')"


MAPPED_FIELDS: Final = {
    "room_id": "Room ID", "title": "Room Title", "started_at": "Start Time",
    "ended_at": "End Time", "duration_s": "Duration", "gmv": "Attributed GMV",
    "items_sold": "Attributed items sold", "orders": "Attributed orders",
    "sku_orders": "Attributed SKU orders", "customers": "Customers", "aov": "AOV",
    "views": "Views", "impressions": "Impressions", "gmv_per_hour": "GMV per hour",
    "show_gpm": "Show GPM", "watch_gpm": "Watch GPM",
    "avg_view_duration_s": "Avg. viewing duration per view", "live_ctr": "LIVE CTR",
    "product_impressions": "Product Impressions", "product_clicks": "Product clicks",
    "ctr": "CTR", "ctor": "CTOR", "new_followers": "New followers", "comments": "Comments",
    "shares": "Shares", "likes": "Likes",
}  # fmt: skip
"""What the ``mapping`` run reads of the export: every column with a canonical field or a
KPI a mapping may name (26 of the 35)."""


def write_mapping(path: Path) -> None:
    lines = ["platform: tiktok", "account: toko", "decimal: dot", "columns:"]
    lines += [f'  {name}: "{header}"' for name, header in MAPPED_FIELDS.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_export(path: Path, rows: int, layout: str = "creator") -> None:
    """``rows`` sessions of one account as a Creator-Live-Performance CSV (a workbook for
    ``creator_xlsx``; for ``shopee_json``, Shopee Live API responses)."""
    from benchmarks.core_bench import FIRST_DAY, generate_cohort, session_rows
    from siaran.ingest.layouts.shopee_writer import write_shopee_session_metrics
    from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance

    # One file, one account as the layout has it; the cohort needs an account per 10,000 rows
    # to give every session its own start minute, the room ids keep them apart here.
    cohort = generate_cohort(rows, max(1, rows // 10_000), 7)
    sessions = session_rows(cohort, slice(0, rows))
    for number, session in enumerate(sessions):
        session["room_id"] = f"7{number:018d}"
    if layout == "shopee_json":
        for session in sessions:
            session["account"] = "toko"
        write_shopee_session_metrics(path, sessions)
        return
    period = (FIRST_DAY, FIRST_DAY + dt.timedelta(days=119))
    write_creator_live_performance(path, sessions, period=period, as_csv=layout != "creator_xlsx")


def peak_rss_mb() -> float:
    """This process's peak resident set (MB). Read from ``/proc`` where there is one:
    ``ru_maxrss`` of a child counts the parent's resident set at the fork that started it
    (Linux keeps it across ``execve``), and the parent holds the whole generated file."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, path: Path, workdir: Path, layout: str = "creator") -> Row:
    """One measurement in this (child) process; modules are imported before the clock starts."""
    import duckdb

    from siaran.importing import ImportOptions, import_file
    from siaran.ingest.layout import ImportContext, Layout
    from siaran.ingest.layouts.mapping import load_mapping
    from siaran.ingest.layouts.shopee import SHOPEE_SESSION_METRICS
    from siaran.ingest.layouts.tiktok_creator import CREATOR_LIVE_PERFORMANCE
    from siaran.ingest.limits import ImportLimits
    from siaran.ingest.source import read_source
    from siaran.workspace import Workspace

    with path.open("rb") as handle:  # the limits raised for the file's size
        lines = sum(1 for _ in handle)
    if layout == "creator_xlsx":  # a zip's newline bytes say nothing of its rows
        with zipfile.ZipFile(path) as archive:
            lines = sum(info.file_size for info in archive.infolist()) // 100
    limits = ImportLimits(
        file_mb=10_000, unzipped_mb=100_000, rows=lines + 10, cells=lines * 40 + 1000
    )
    mapping = workdir / "mapping.yaml" if layout == "mapping" else None
    chosen: Layout = CREATOR_LIVE_PERFORMANCE
    if mapping is not None:
        chosen = load_mapping(mapping)
    elif layout == "shopee_json":
        chosen = SHOPEE_SESSION_METRICS
    if name == "floor":
        con = duckdb.connect()
        query = shopee_floor_sql(path) if layout == "shopee_json" else floor_sql(path)
        started = time.perf_counter()
        if layout == "creator_xlsx":
            con.register("sheet", xlsx_floor_sheet(path))
        con.execute(query)
        seconds = time.perf_counter() - started
        row = con.execute("SELECT count(*) FROM parsed").fetchone()
    elif name == "parse":
        from zoneinfo import ZoneInfo

        context = ImportContext("toko", ZoneInfo("Asia/Jakarta"))
        started = time.perf_counter()
        parsed = chosen.parse(read_source(path, limits), context)
        seconds = time.perf_counter() - started
        if parsed.problems:
            raise SystemExit(f"the benchmark file has problems: {parsed.problems[:3]}")
        row = (len(parsed.sessions),)
    else:  # import (by this tree, or the baseline's when PYTHONPATH points at it)
        with Workspace.create(workdir / f"ws-{os.getpid()}", timezone="Asia/Jakarta") as ws:
            started = time.perf_counter()
            import_file(ws, path, ImportOptions(account="toko", mapping=mapping, limits=limits))
            seconds = time.perf_counter() - started
            row = ws.con.execute("SELECT count(*) FROM sessions").fetchone()
    n = int(row[0]) if row else 0
    return {"seconds": seconds, "n": n, "peak_rss_mb": peak_rss_mb()}


def run_step(name: str, path: Path, workdir: Path, layout: str, source: Path | None = None) -> Row:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(source), str(ROOT)])
    command = [sys.executable, "-m", "benchmarks.session_import_bench", "--step", name]
    command += ["--file", str(path), "--workdir", str(workdir), "--layout", layout]
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    result: Row = json.loads(done.stdout)
    return result


LAYOUTS: Final = {
    "creator": ("csv", "35-column Creator-Live-Performance CSV"),
    "creator_xlsx": ("xlsx", "35-column Creator-Live-Performance workbook"),
    "mapping": (
        "mapping",
        "35-column Creator-Live-Performance CSV read through a 26-field mapping",
    ),
    "shopee_json": ("shopee_json", "Shopee Live get_session_metric JSON"),
}
"""Layout -> (the rows' name suffix, what the file is)."""


def measure(
    rows: int, workdir: Path, baseline_src: Path | None, layout: str = "creator"
) -> list[Row]:
    suffix, described = LAYOUTS[layout]
    if layout == "shopee_json":
        path = workdir / "session-metrics.json"
    elif layout == "creator_xlsx":
        path = workdir / "Creator-Live-Performance_20260917120000.xlsx"
    else:
        path = workdir / "Creator-Live-Performance_20260917120000.csv"
        write_mapping(workdir / "mapping.yaml")
    print(f"[session_import] writing {rows:,} rows ...", file=sys.stderr, flush=True)
    write_export(path, rows, layout)
    print("[session_import] measuring ...", file=sys.stderr, flush=True)
    floor = run_step("floor", path, workdir, layout)
    parse = run_step("parse", path, workdir, layout)
    imported = run_step("import", path, workdir, layout)
    baselines = {
        name: run_step(name, path, workdir, layout, baseline_src)
        for name in ("parse", "import")
        if baseline_src is not None
    }
    out = []
    for name, got in (("parse", parse), ("import", imported)):
        baseline = baselines.get(name)
        ratio = got["seconds"] / floor["seconds"]
        row: Row = {
            "name": f"session_{name}_{suffix}",
            "n": got["n"],
            "seconds": got["seconds"],
            "rows_per_second": got["n"] / got["seconds"],
            "floor_seconds": floor["seconds"],
            "floor_ratio": ratio,
            "baseline_seconds": baseline["seconds"] if baseline else None,
            "peak_rss_mb": got["peak_rss_mb"],
            "floor_peak_rss_mb": floor["peak_rss_mb"],
        }
        if row["baseline_seconds"]:
            row["baseline_speedup"] = row["baseline_seconds"] / got["seconds"]
        if name == "import":
            verdict = "PASS" if ratio <= GOAL_FLOOR_RATIO else "MISS"
            row["verdict"] = f"floor<={GOAL_FLOOR_RATIO:.0f}x {verdict}"
        row["note"] = (
            f"{rows:,}-row {described}: "
            + ("read and parsed" if name == "parse" else "imported into a new workspace")
            + f" at {row['rows_per_second']:,.0f} rows/s; floor: one DuckDB query reading and"
            " parsing the same columns"
        )
        out.append(row)
    return out


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.session_import_bench")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the export")
    parser.add_argument("--baseline-src", type=Path, help="a siaran src/ tree to compare with")
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="creator", help="the file")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help="keep the file and workspaces here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.step:
        print(json.dumps(step(args.step, args.file, args.workdir, args.layout)))
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = measure(args.rows, workdir, args.baseline_src, args.layout)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        baseline = row.get("baseline_speedup")
        print(
            f"{row['name']}: {row['n']:,} rows in {row['seconds']:.2f} s "
            f"({row['rows_per_second']:,.0f} rows/s), {row['floor_ratio']:.2f}x the floor "
            f"({row['floor_seconds']:.2f} s)"
            + (f", {baseline:.1f}x faster than the baseline" if baseline else "")
            + f", peak RSS {row['peak_rss_mb']:.0f} MB {row.get('verdict', '')}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
