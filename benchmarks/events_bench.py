"""Live event streams at scale: ingest and all-session timelines, against a floor and a baseline.

    python -m benchmarks.events_bench --quick          # 5M events (a few minutes on 2 cores)
    python -m benchmarks.events_bench                  # 100M events (long; needs ~25 GB disk)
    python -m benchmarks.events_bench --events 200000  # any size
    python -m benchmarks.events_bench --quick --json   # the rows as JSON on stdout
    python -m benchmarks.events_bench --quick --spark  # also time timelines on Spark (local[2])

``python -m benchmarks.run`` runs this suite with the others (``--quick``: 5M events, with
Spark when pyspark is installed).

Canonical JSONL is generated with numpy: lives of one to three hours across 200 accounts, with
viewer samples every 15 seconds, comments, like bursts, joins, shares and orders, 0.5% of the
lines re-captured duplicates and the lines of each file out of order. Every step runs in a
fresh child process so that its peak RSS is its own:

- ``ingest``: ``siaran import`` of the files (streamed, typed, deduplicated, written as Parquet
  partitioned by account and date). Floor: DuckDB's own ``read_json`` of the same files into
  Parquet with one ``COPY`` (no line numbers, no validation, no dedupe across imports).
  Baseline: pandas ``read_json(lines=True)`` in chunks, then ``to_parquet``.
- ``timelines``: the per-minute timeline of every session (the Ibis expressions of
  :mod:`siaran.events.timeline`, gaps filled). Floor: one hand-written DuckDB ``GROUP BY`` over
  the same Parquet files (no gap filling). Baseline: pandas reading the Parquet and grouping.
  All three must give the same per-minute totals, or the run fails loudly.
- ``timelines_spark`` (``--spark``): the same Ibis expressions on Spark local mode.
- ``event_ingest_csv`` (``--csv``): the same events written as canonical CSV (by DuckDB),
  imported by siaran; floor: DuckDB's ``read_csv`` into Parquet with one ``COPY``.
- ``event_ingest_capture`` (``--capture``): the same events, orders left out, written as a
  TikTokLive capture dump (:mod:`benchmarks.events_capture`), imported by siaran; floor:
  DuckDB's ``read_json`` of the dump into Parquet with one ``COPY``.

Goals (the issue's): ingest and timelines at 100M events under 4 GB peak RSS on 2 cores,
ingest within 2x and timelines within 1.5x of their floors. A figure for a size that was not run
is never printed. With ``--workdir``, files generated there for the same number of events by an
earlier run are used again (generating 100M events takes longer than ingesting them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from benchmarks.events_capture import (
    MANIFEST as CAPTURE_MANIFEST,
)
from benchmarks.events_capture import (
    expected_events,
    ingest_capture_floor,
    write_capture_copies,
)

QUICK: Final = 5_000_000
DEFAULT: Final = 100_000_000
ACCOUNTS: Final = 200
EVENTS_PER_FILE: Final = 1_000_000
GOAL_RSS_MB: Final = 4096.0
GOAL_RATIOS: Final = {
    "event_ingest": 2.0,
    "event_ingest_csv": 2.0,
    "event_ingest_capture": 2.0,
    "timelines_all_sessions": 1.5,
}
"""The most each step may take over its floor (seconds / floor seconds)."""
FIRST_DAY: Final = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
TYPES: Final = ("viewers", "comment", "like", "join", "share", "order")
TYPE_SHARES: Final = (0.05, 0.25, 0.35, 0.3, 0.03, 0.02)
DUPLICATE_SHARE: Final = 0.005

Row = dict[str, Any]


# -- the generated capture ---------------------------------------------------------------------


def generate_files(n_events: int, folder: Path, seed: int = 7) -> list[tuple[Path, str]]:
    """Write ``n_events`` canonical events as JSONL files of about a million lines each, one
    account per file; returns ``(path, account)`` pairs."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    files = max(1, n_events // EVENTS_PER_FILE)
    for number in range(files):
        size = n_events // files + (1 if number < n_events % files else 0)
        account = f"akun{number % ACCOUNTS:03d}"
        path = folder / f"events_{number:04d}.jsonl"
        _write_file(path, size, number, rng)
        written.append((path, account))
    return written


def _write_file(path: Path, size: int, number: int, rng: np.random.Generator) -> None:
    unique = size - int(size * DUPLICATE_SHARE)
    lives = max(1, unique // 20_000)
    live = np.sort(rng.integers(0, lives, unique))
    start = FIRST_DAY.timestamp() * 1000 + number * 86_400_000 / 4
    live_start = start + np.arange(lives) * 4 * 3_600_000
    length = rng.uniform(3_600_000, 3 * 3_600_000, lives)
    ts = (live_start[live] + rng.random(unique) * length[live]).astype(np.int64)
    kinds = rng.choice(len(TYPES), unique, p=TYPE_SHARES)
    values = rng.integers(1, 400, unique)
    order = np.concatenate([np.arange(unique), rng.integers(0, unique, size - unique)])
    rng.shuffle(order)
    with path.open("w", encoding="utf-8") as handle:
        lines = []
        for i in order.tolist():
            kind = TYPES[kinds[i]]
            base = (
                f'{{"id":"f{number}-{i}","type":"{kind}","ts":{ts[i]},'
                f'"room_id":"74{number:06d}{live[i]:011d}"'
            )
            if kind == "viewers":
                base += f',"viewers":{values[i]}'
            elif kind == "like":
                base += f',"count":{values[i] % 30 + 1}'
            elif kind == "order":
                base += f',"amount":{values[i] * 1000}'
            elif kind == "comment":
                base += ',"user":"penonton","text":"kak ready?"'
            lines.append(base + "}\n")
            if len(lines) >= 100_000:
                handle.writelines(lines)
                lines = []
        handle.writelines(lines)


# -- steps (each in its own process) -------------------------------------------------------------


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _manifest(workdir: Path, name: str = "manifest.json") -> list[tuple[Path, str]]:
    data = json.loads((workdir / name).read_text(encoding="utf-8"))
    return [(Path(p), a) for p, a in data]


def ingest_siaran(workdir: Path, manifest: str = "manifest.json") -> Row:
    from siaran.events import import_event_file
    from siaran.workspace import Workspace

    shutil.rmtree(workdir / "ws", ignore_errors=True)
    started = time.perf_counter()
    added = 0
    with Workspace.create(workdir / "ws") as workspace:
        for path, account in _manifest(workdir, manifest):
            added += import_event_file(workspace, path, account=account).events_added
    return {"seconds": time.perf_counter() - started, "events_added": added}


def ingest_floor(workdir: Path) -> Row:
    import duckdb

    out = workdir / "floor_parquet"
    shutil.rmtree(out, ignore_errors=True)
    files = ", ".join(f"'{p}'" for p, _ in _manifest(workdir))
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET memory_limit = '3GB'")
    con.execute(
        f"""COPY (SELECT id, type, epoch_ms(ts) AS ts, room_id, viewers, "count", amount
        FROM read_json([{files}], format='newline_delimited', columns={{id: 'VARCHAR',
        type: 'VARCHAR', ts: 'BIGINT', room_id: 'VARCHAR', viewers: 'BIGINT',
        "count": 'BIGINT', amount: 'DOUBLE'}})) TO '{out}' (FORMAT parquet)"""
    )
    return {"seconds": time.perf_counter() - started}


def write_csv_copies(workdir: Path) -> None:
    """The generated events as canonical CSV too (same lines, same order), with DuckDB."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    copies = []
    for path, account in _manifest(workdir):
        target = path.with_suffix(".csv")
        con.execute(
            f"""COPY (SELECT id, type, ts, room_id, "user", "text", "count", viewers, amount
            FROM read_json(?, format='newline_delimited', columns={_JSON_COLUMNS}))
            TO '{target}' (HEADER)""",
            [str(path)],
        )
        copies.append([str(target), account])
    (workdir / "manifest_csv.json").write_text(json.dumps(copies))


_JSON_COLUMNS: Final = """{id: 'VARCHAR', type: 'VARCHAR', ts: 'BIGINT', room_id: 'VARCHAR',
    "user": 'VARCHAR', "text": 'VARCHAR', "count": 'BIGINT', viewers: 'BIGINT', amount: 'DOUBLE'}"""


def ingest_csv_siaran(workdir: Path) -> Row:
    return ingest_siaran(workdir, "manifest_csv.json")


def ingest_csv_floor(workdir: Path) -> Row:
    import duckdb

    out = workdir / "floor_csv_parquet"
    shutil.rmtree(out, ignore_errors=True)
    files = [p for p, _ in _manifest(workdir, "manifest_csv.json")]
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET memory_limit = '3GB'")
    con.execute(
        f"""COPY (SELECT id, type, epoch_ms(ts) AS ts, room_id, viewers, "count", amount
        FROM read_csv(?, header=true, columns={_JSON_COLUMNS})) TO '{out}' (FORMAT parquet)""",
        [[str(p) for p in files]],
    )
    return {"seconds": time.perf_counter() - started}


def ingest_baseline(workdir: Path) -> Row:
    import pandas as pd

    out = workdir / "pandas_parquet"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    started = time.perf_counter()
    part = 0
    for path, _ in _manifest(workdir):
        for frame in pd.read_json(path, lines=True, chunksize=500_000, dtype=False):
            frame["ts"] = pd.to_datetime(frame["ts"], unit="ms", utc=True)
            frame = frame.drop_duplicates(["room_id", "id"])
            frame.to_parquet(out / f"part-{part:05d}.parquet")
            part += 1
    return {"seconds": time.perf_counter() - started}


def _event_glob(workdir: Path) -> str:
    return str(workdir / "ws" / "events" / "account=*" / "date=*" / "*.parquet")


def timelines_siaran(workdir: Path, engine: str = "duckdb") -> Row:
    from siaran.events.timeline import events_table, room_minutes
    from siaran.store.engine import engine_context
    from siaran.workspace import Workspace

    with Workspace.open(workdir / "ws") as workspace:
        started = time.perf_counter()
        context = engine_context(workspace, engine)  # type: ignore[arg-type]
        events = events_table(context, workspace)
        assert events is not None
        minutes = room_minutes(events)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "check": _check(minutes), "rows": minutes.num_rows}


def timelines_floor(workdir: Path) -> Row:
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    found = con.execute(
        f"""
        SELECT room_id, date_trunc('minute', ts) AS minute,
          arg_max(viewers, (ts, id)) FILTER (WHERE type = 'viewers') AS viewers,
          count(*) FILTER (WHERE type = 'join') AS joins,
          count(*) FILTER (WHERE type = 'comment') AS comments,
          coalesce(sum(coalesce("count", 1)) FILTER (WHERE type = 'like'), 0) AS likes,
          count(*) FILTER (WHERE type = 'share') AS shares,
          count(*) FILTER (WHERE type = 'order') AS orders,
          coalesce(sum(amount) FILTER (WHERE type = 'order'), 0) AS gmv
        FROM read_parquet('{_event_glob(workdir)}')
        GROUP BY ALL
        """
    ).to_arrow_table()
    return {"seconds": time.perf_counter() - started, "check": _check(found)}


def timelines_baseline(workdir: Path) -> Row:
    import pyarrow as pa
    import pyarrow.dataset as ds

    started = time.perf_counter()
    files = sorted(str(p) for p in (workdir / "ws" / "events").glob("account=*/date=*/*.parquet"))
    frame = (
        ds.dataset(files, format="parquet")
        .to_table(columns=["room_id", "id", "type", "ts", "count", "viewers", "amount"])
        .to_pandas()
    )
    frame["minute"] = frame["ts"].dt.floor("min")
    frame["like_count"] = frame["count"].fillna(1).where(frame["type"] == "like", 0)
    for kind in ("join", "comment", "share", "order"):
        frame[kind] = frame["type"] == kind
    frame["gmv"] = frame["amount"].where(frame["type"] == "order", 0).fillna(0)
    groups = frame.groupby(["room_id", "minute"], sort=False)
    summed = groups[["join", "comment", "like_count", "share", "order", "gmv"]].sum()
    samples = frame[frame["type"] == "viewers"].sort_values(["ts", "id"])
    viewers = samples.groupby(["room_id", "minute"], sort=False)["viewers"].last()
    found = summed.join(viewers).reset_index()
    table = pa.table(
        {
            "room_id": found["room_id"],
            "viewers": found["viewers"],
            "comments": found["comment"],
            "likes": found["like_count"],
            "orders": found["order"],
            "gmv": found["gmv"],
        }
    )
    return {"seconds": time.perf_counter() - started, "check": _check(table)}


def _check(table: Any) -> dict[str, float]:
    """Totals every implementation must agree on (gap minutes add nothing)."""
    import pyarrow.compute as pc

    return {
        name: float(pc.sum(table[name]).as_py() or 0)
        for name in ("viewers", "comments", "likes", "orders", "gmv")
    } | {"rooms": float(len(pc.unique(table["room_id"])))}


STEPS: Final[dict[str, Callable[[Path], Row]]] = {
    "ingest": ingest_siaran,
    "ingest_floor": ingest_floor,
    "ingest_baseline": ingest_baseline,
    "ingest_csv": ingest_csv_siaran,
    "ingest_csv_floor": ingest_csv_floor,
    "ingest_capture": lambda workdir: ingest_siaran(workdir, CAPTURE_MANIFEST),
    "ingest_capture_floor": ingest_capture_floor,
    "timelines": timelines_siaran,
    "timelines_floor": timelines_floor,
    "timelines_baseline": timelines_baseline,
    "timelines_spark": lambda workdir: timelines_siaran(workdir, "spark"),
}


def run_step(workdir: Path, step: str) -> Row:
    command = [sys.executable, "-m", "benchmarks.events_bench", "--step", step]
    result = subprocess.run(
        [*command, "--workdir", str(workdir)], stdout=subprocess.PIPE, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"benchmark step {step} failed (exit {result.returncode})")
    row: Row = json.loads(result.stdout)
    return row


def child_main(step: str, workdir: Path) -> None:
    row = STEPS[step](workdir)
    row["peak_rss_mb"] = peak_rss_mb()
    sys.stdout.write(json.dumps(row))


# -- the run -------------------------------------------------------------------------------------


def progress(message: str) -> None:
    print(f"[events_bench] {message}", file=sys.stderr, flush=True)


def _agree(rows: Sequence[Row]) -> None:
    first = rows[0]["check"]
    for row in rows[1:]:
        for key, value in first.items():
            other = row["check"][key]
            if abs(other - value) > 1e-6 * max(1.0, abs(value)):
                raise SystemExit(f"timelines disagree on {key}: {value} vs {other}")


def result_row(name: str, n: int, ours: Row, floor: Row | None, baseline: Row | None) -> Row:
    seconds = ours["seconds"]
    row: Row = {
        "name": name,
        "n": n,
        "seconds": round(seconds, 3),
        "events_per_second": round(n / seconds) if seconds else None,
        "floor_seconds": round(floor["seconds"], 3) if floor else None,
        "baseline_seconds": round(baseline["seconds"], 3) if baseline else None,
        "peak_rss_mb": ours["peak_rss_mb"],
        "floor_peak_rss_mb": floor["peak_rss_mb"] if floor else None,
        "baseline_peak_rss_mb": baseline["peak_rss_mb"] if baseline else None,
    }
    row["floor_ratio"] = round(seconds / floor["seconds"], 2) if floor else None
    row["baseline_speedup"] = round(baseline["seconds"] / seconds, 2) if baseline else None
    return row


def measure(
    n_events: int,
    workdir: Path,
    *,
    spark: bool,
    baseline: bool,
    csv: bool = False,
    capture: bool = False,
) -> list[Row]:
    generated = workdir / "generated.json"
    if generated.exists() and json.loads(generated.read_text()) == {"events": n_events}:
        progress(f"reusing the {n_events:,} events generated in {workdir}")
    else:
        progress(f"generating {n_events:,} events")
        manifest = generate_files(n_events, workdir / "input")
        (workdir / "manifest.json").write_text(json.dumps([[str(p), a] for p, a in manifest]))
        generated.write_text(json.dumps({"events": n_events}))
    rows = []
    progress("ingest (siaran, floor, baseline)")
    ours = run_step(workdir, "ingest")
    floor = run_step(workdir, "ingest_floor")
    base = run_step(workdir, "ingest_baseline") if baseline else None
    ingest = result_row("event_ingest", n_events, ours, floor, base)
    ingest["events_added"] = ours["events_added"]
    ingest["note"] = (
        "siaran import: stream, type, validate with line numbers, dedupe, Parquet by account/date;"
        " floor: DuckDB read_json -> one Parquet COPY; baseline: pandas read_json -> to_parquet"
    )
    rows.append(ingest)
    progress("timelines (siaran, floor, baseline)")
    ours = run_step(workdir, "timelines")
    floor = run_step(workdir, "timelines_floor")
    base = run_step(workdir, "timelines_baseline") if baseline else None
    _agree([r for r in (ours, floor, base) if r is not None])
    timeline = result_row("timelines_all_sessions", n_events, ours, floor, base)
    timeline["minute_rows"] = ours["rows"]
    timeline["note"] = (
        "per-minute timeline of every session through Ibis on DuckDB, gaps filled; floor: one "
        "hand-written DuckDB GROUP BY over the same Parquet; baseline: pandas groupby"
    )
    rows.append(timeline)
    if spark and not _spark_available():
        progress("Spark not timed: pyspark or Java is not installed")
    elif spark:
        progress("timelines on Spark local[2]")
        on_spark = run_step(workdir, "timelines_spark")
        _agree([ours, on_spark])
        row = result_row("timelines_spark", n_events, on_spark, floor, None)
        row["duckdb_seconds"] = timeline["seconds"]
        row["note"] = (
            "the same Ibis expressions on Spark local[2], session start included; peak RSS is "
            "the Python driver's only (Spark's JVM is a separate process, not counted)"
        )
        rows.append(row)
    if csv:
        progress("ingest of the same events as canonical CSV (siaran, floor)")
        write_csv_copies(workdir)
        rows.append(
            _copy_row(
                workdir,
                n_events,
                "event_ingest_csv",
                expected=ingest["events_added"],
                note="the same events as canonical CSV: siaran import (Arrow CSV blocks); "
                "floor: DuckDB read_csv -> one Parquet COPY",
            )
        )
    if capture:
        progress("ingest of the same events as a capture dump (siaran, floor)")
        write_capture_copies(workdir, _manifest(workdir))
        rows.append(
            _copy_row(
                workdir,
                n_events,
                "event_ingest_capture",
                expected=expected_events(workdir),
                note="the same events but orders as a TikTokLive capture dump: siaran import "
                "(block-wise capture reader); floor: DuckDB read_json of the named fields -> "
                "one Parquet COPY",
            )
        )
    for row in rows:
        goals = [row["peak_rss_mb"] <= GOAL_RSS_MB]
        ratio_goal = GOAL_RATIOS.get(row["name"])
        if ratio_goal is not None:
            goals.append(row["floor_ratio"] is not None and row["floor_ratio"] <= ratio_goal)
            row["goal_floor_ratio"] = ratio_goal
        row["verdict"] = "PASS" if all(goals) else "MISS"
        if row["name"] == "timelines_spark":
            row["verdict"] = "n/a (the JVM's memory is not measured)"
            continue
        if n_events != DEFAULT:
            row["verdict"] += f" (at {n_events:,}; the goals are stated for {DEFAULT:,})"
    return rows


def _copy_row(workdir: Path, n_events: int, name: str, *, expected: int, note: str) -> Row:
    """The row of the import of the generated events written in another format (the step
    ``ingest_<format>`` and its floor); the run fails unless the import stores ``expected``
    events."""
    step = name.removeprefix("event_")
    ours = run_step(workdir, step)
    floor = run_step(workdir, f"{step}_floor")
    if ours["events_added"] != expected:
        raise SystemExit(f"{name} stored {ours['events_added']} events, not {expected}")
    row = result_row(name, n_events, ours, floor, None)
    row["events_added"] = ours["events_added"]
    row["note"] = note
    return row


def _spark_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None


def render_table(rows: Sequence[Row]) -> str:
    header = ("step", "n", "seconds", "events/s", "s/floor", "baseline/s", "peak RSS MB", "goals")
    body = [
        (
            row["name"],
            f"{row['n']:,}",
            f"{row['seconds']:.1f}",
            f"{row['events_per_second']:,}" if row.get("events_per_second") else "-",
            f"{row['floor_ratio']:.2f}x" if row.get("floor_ratio") is not None else "-",
            f"{row['baseline_speedup']:.2f}x" if row.get("baseline_speedup") is not None else "-",
            f"{row['peak_rss_mb']:.0f}",
            str(row.get("verdict") or "-"),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in (header, *body)
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.events_bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} events")
    parser.add_argument("--events", type=int, help=f"number of events (default {DEFAULT:,})")
    parser.add_argument("--spark", action="store_true", help="also time timelines on Spark")
    parser.add_argument("--csv", action="store_true", help="also time ingest of the same CSV")
    parser.add_argument(
        "--capture", action="store_true", help="also time ingest of the same capture dump"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the pandas baseline")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--workdir", type=Path, help="keep the generated data here")
    parser.add_argument("--step", choices=tuple(STEPS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.step:
        if args.workdir is None:
            raise SystemExit("--step needs --workdir")
        child_main(args.step, args.workdir)
        return 0
    n_events = args.events or (QUICK if args.quick else DEFAULT)
    spark = args.spark
    temporary = args.workdir is None
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="siaran-events-bench-"))
    try:
        rows = measure(
            n_events,
            workdir,
            spark=spark,
            baseline=not args.no_baseline,
            csv=args.csv,
            capture=args.capture,
        )
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    else:
        print(render_table(rows))
        print(f"(machine: {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
