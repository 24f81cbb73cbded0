"""Scale and speed of siaran on a large synthetic cohort, against a floor and a baseline.

    python -m benchmarks.core_bench --quick         # ~200k sessions, 2,000 accounts (< 1 min)
    python -m benchmarks.core_bench                 # 5M sessions, 50,000 accounts
    python -m benchmarks.core_bench --quick --json  # the rows as JSON on stdout

``python -m benchmarks.run`` runs this suite with the others.

The cohort is generated with numpy and written through the real export layouts (Seller Center
CSV files that name many accounts each, plus a sample of 35-column Creator-Live-Performance
workbooks, one account each), then imported through the real importer. Each step runs in a
fresh child process (``--step``) so that its peak RSS is its own. Every row is
``{name, n, seconds, floor_seconds, baseline_seconds, peak_rss_mb}`` plus extras (the floor's
and the baseline's own peak RSS, the cold first call, the ratios, PASS/MISS, a note). The floor
is the same result from one hand-written DuckDB query over the same stored ``sessions`` table,
the baseline the pandas code an analyst would write; all three must agree, number for number,
or the run fails loudly. A benchmark reports, it does not judge the build: the exit code is 0
unless something crashed or disagreed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import numpy as np

QUICK: Final = (200_000, 2_000)
DEFAULT: Final = (5_000_000, 50_000)
WINDOW_DAYS: Final = 28
DAYS: Final = 120
FIRST_DAY: Final = dt.date(2026, 5, 20)
TIMEZONE: Final = "Asia/Jakarta"
SELLER_CENTER_ROWS_PER_FILE: Final = 50_000
CREATOR_SAMPLE_ACCOUNTS: Final = 10
CREATOR_LAYOUT: Final = "tiktok_creator_live"
SELLER_CENTER_LAYOUT: Final = "tiktok_seller_center_live"
REPEATS: Final = 3
GOAL_FLOOR_RATIO: Final = 1.5
GOAL_BASELINE_SPEEDUP: Final = 10.0
REL_TOLERANCE: Final = 1e-9

Row = dict[str, Any]


# -- the cohort --------------------------------------------------------------------------------


def generate_cohort(n_sessions: int, n_accounts: int, seed: int) -> dict[str, np.ndarray]:
    """One row per session, column-wise, in canonical fields (docs/architecture.md), sorted by
    account and start. Sessions per account are skewed (lognormal weights, at least one each);
    GMV is lognormal per account with a per-account share of zero-GMV lives; a few cells are
    unknown (NaN) so that null handling is exercised; start times are Asia/Jakarta local times over
    ``DAYS`` days, mostly evenings. No account has two sessions in the same minute, because the
    Seller Center layout identifies a session by account and start minute."""
    if n_accounts < 1 or n_sessions < n_accounts:
        raise SystemExit("need at least one account and one session per account")
    rng = np.random.default_rng(seed)
    weights = rng.lognormal(0.0, 1.0, n_accounts)
    weights = np.minimum(weights, np.quantile(weights, 0.99))
    per_account = 1 + rng.multinomial(n_sessions - n_accounts, weights / weights.sum())
    account = np.repeat(np.arange(n_accounts), per_account)
    n = account.size

    evening = rng.random(n) < 0.7
    hour = np.where(evening, np.clip(rng.normal(20.0, 1.5, n), 0.0, 23.9), rng.uniform(8, 18, n))
    minute = rng.integers(0, DAYS, n) * 1440 + (hour * 60).astype(np.int64)
    for _ in range(1000):
        key = account.astype(np.int64) * 1_000_000 + minute
        order = np.argsort(key, kind="stable")
        clash = np.zeros(n, dtype=bool)
        clash[order[1:]] = key[order[1:]] == key[order[:-1]]
        if not clash.any():
            break
        # Move a clashing session up to two hours later (wrapping within the period).
        minute[clash] = (minute[clash] + rng.integers(1, 120, int(clash.sum()))) % (DAYS * 1440)
    else:
        raise SystemExit("too many sessions per account to give each its own start minute")
    order = np.lexsort((minute, account))
    account, minute = account[order], minute[order]
    second = rng.integers(0, 60, n)

    def per(values: np.ndarray) -> np.ndarray:
        return values[account]

    duration_s = np.round(np.clip(rng.lognormal(np.log(4000), 0.6, n), 300, 6 * 3600))
    zero_share = per(rng.beta(1.0, 3.0, n_accounts))
    gmv_median = per(rng.lognormal(np.log(400_000), 1.3, n_accounts))
    gmv = np.round(gmv_median * rng.lognormal(0.0, 1.0, n))
    gmv[rng.random(n) < zero_share] = 0.0
    aov = per(rng.lognormal(np.log(80_000), 0.6, n_accounts))
    orders = np.where(gmv > 0, np.maximum(1.0, np.round(gmv / aov)), 0.0)
    items_sold = orders + rng.binomial(orders.astype(np.int64), 0.3)
    customers = np.maximum(
        np.minimum(orders, 1.0), orders - rng.binomial(orders.astype(np.int64), 0.1)
    )
    views = (
        np.round(
            per(rng.lognormal(np.log(300), 1.2, n_accounts))
            * rng.lognormal(0.0, 0.7, n)
            * np.sqrt(duration_s / 3600)
        )
        + 1
    )
    viewers = np.round(views * rng.uniform(0.45, 0.9, n))
    avg_view_duration_s = np.round(rng.lognormal(np.log(40), 0.5, n))
    acu = np.round(views * avg_view_duration_s / duration_s, 1)
    product_impressions = np.round(views * rng.uniform(0.3, 1.5, n))
    cohort: dict[str, np.ndarray] = {
        "account": account,
        "minute": minute,
        "second": second,
        "duration_s": duration_s,
        "gmv": gmv,
        "orders": orders,
        "sku_orders": orders + rng.binomial(orders.astype(np.int64), 0.2),
        "items_sold": items_sold,
        "customers": customers,
        "views": views,
        "viewers": viewers,
        "impressions": np.round(views / rng.uniform(0.03, 0.2, n)),
        "acu": acu,
        "pcu": np.ceil(acu * rng.uniform(1.5, 4.0, n)),
        "avg_view_duration_s": avg_view_duration_s,
        "product_impressions": product_impressions,
        "product_clicks": np.round(product_impressions * rng.uniform(0.02, 0.15, n)),
        "comments": np.round(views * rng.uniform(0.05, 0.6, n)),
        "likes": np.round(views * rng.lognormal(np.log(2.0), 1.0, n)),
        "shares": np.round(views * rng.uniform(0.0, 0.02, n)),
        "new_followers": np.round(views * rng.uniform(0.0, 0.03, n)),
    }
    for name, share in (("gmv", 0.005), ("views", 0.003), ("viewers", 0.003)):
        cohort[name][rng.random(n) < share] = np.nan
    return cohort


def account_name(index: int) -> str:
    return f"toko{index:05d}"


def session_rows(cohort: dict[str, np.ndarray], rows: slice | np.ndarray) -> list[Row]:
    """Canonical session dicts (what the layout writers take) for the selected rows."""
    zone = ZoneInfo(TIMEZONE)
    origin = dt.datetime.combine(FIRST_DAY, dt.time(), tzinfo=zone)
    minutes = cohort["minute"][rows].tolist()
    seconds = cohort["second"][rows].tolist()
    durations = cohort["duration_s"][rows].tolist()
    names = [account_name(a) for a in cohort["account"][rows].tolist()]
    numeric = [k for k in cohort if k not in ("account", "minute", "second")]
    columns = {k: [None if math.isnan(v) else v for v in cohort[k][rows].tolist()] for k in numeric}
    out: list[Row] = []
    for i, (name, minute, second, duration) in enumerate(
        zip(names, minutes, seconds, durations, strict=True)
    ):
        # Wall-clock arithmetic in the local zone: Jakarta has no daylight saving time.
        started = origin + dt.timedelta(minutes=minute, seconds=second)
        row: Row = {k: columns[k][i] for k in numeric}
        row["account"] = name
        row["title"] = f"Live {name} {started:%d/%m}"
        row["started_at"] = started
        row["ended_at"] = started + dt.timedelta(seconds=duration)
        row["currency"] = "IDR"
        out.append(row)
    return out


# -- writing the cohort through the real export layouts ---------------------------------------


def write_cohort_files(cohort: dict[str, np.ndarray], folder: Path) -> list[Row]:
    """Write the cohort as export files and return the manifest (one entry per file).

    A sample of accounts (``CREATOR_SAMPLE_ACCOUNTS``) goes through the 35-column
    ``Creator-Live-Performance`` workbook, one account per file as TikTok exports it (imported
    with ``account=``); every other account goes through Seller Center files that name their
    accounts in the Creator column, ``SELLER_CENTER_ROWS_PER_FILE`` rows each and saved as
    CSV, so that neither per-file overhead nor the XLSX reader dominates the import.
    """
    from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance

    folder.mkdir(parents=True, exist_ok=True)
    account = cohort["account"]
    n_accounts = int(account.max()) + 1
    sample = min(CREATOR_SAMPLE_ACCOUNTS, max(1, n_accounts // 100)) if n_accounts > 1 else 0
    # Rows are sorted by account: the sample accounts' sessions come first.
    bounds = np.searchsorted(account, np.arange(sample + 1))
    period = (FIRST_DAY, FIRST_DAY + dt.timedelta(days=DAYS - 1))
    manifest: list[Row] = []
    for index in range(sample):
        rows = session_rows(cohort, slice(int(bounds[index]), int(bounds[index + 1])))
        for number, row in enumerate(rows):
            row["room_id"] = f"7{index:06d}{number:012d}"
        path = folder / f"Creator-Live-Performance_{index:05d}_20260917120000.xlsx"
        write_creator_live_performance(path, rows, period=period)
        manifest.append(_entry(path, CREATOR_LAYOUT, len(rows), account_name(index)))
    first = int(bounds[sample])
    for number, start in enumerate(range(first, account.size, SELLER_CENTER_ROWS_PER_FILE)):
        stop = min(start + SELLER_CENTER_ROWS_PER_FILE, account.size)
        path = folder / f"Live_{number:04d}.csv"
        write_seller_center_csv(path, session_rows(cohort, slice(start, stop)))
        manifest.append(_entry(path, SELLER_CENTER_LAYOUT, stop - start, None))
    return manifest


def write_seller_center_csv(path: Path, rows: Sequence[Row]) -> None:
    """The Seller Center ``Live*.xlsx`` as Excel saves it to CSV (numeric cells as plain
    numbers), cell by cell from the layout's own writer
    (:func:`siaran.ingest.layouts.seller_center.seller_row_cells`)."""
    import csv

    from siaran.ingest.layouts.seller_center import HEADERS, seller_row_cells

    starts = [row["started_at"] for row in rows]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["LIVE Data"])
        writer.writerow([f"Period: {min(starts):%Y/%m/%d} - {max(starts):%Y/%m/%d}"])
        writer.writerow(HEADERS["en"])
        writer.writerows(seller_row_cells(row, "en", True) for row in rows)


def _entry(path: Path, layout: str, rows: int, account: str | None) -> Row:
    return {"path": str(path), "layout": layout, "rows": rows, "account": account}


def describe_files(manifest: Sequence[Row]) -> str:
    def part(layout: str, label: str) -> str:
        files = [m for m in manifest if m["layout"] == layout]
        rows = sum(int(m["rows"]) for m in files)
        biggest = max((int(m["rows"]) for m in files), default=0)
        return f"{len(files)} {label} ({rows:,} sessions, up to {biggest:,} rows a file)"

    return (
        part(SELLER_CENTER_LAYOUT, "Seller Center CSV files naming many accounts each")
        + " + "
        + part(CREATOR_LAYOUT, "35-column Creator-Live-Performance XLSX, one account each")
    )


# -- the steps, each run in a child process ---------------------------------------------------


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def best_of(repeats: int, work: Callable[[], Any]) -> tuple[float, float, Any]:
    """The fastest of ``repeats`` runs, the first (cold) run's time, and the result. The first
    run pays any cold start (compiling expressions, preparing statements, reading pages)."""
    times = []
    result: Any = None
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), times[0], result


def step_import(workdir: Path) -> Row:
    from siaran.importing import ImportOptions, import_file
    from siaran.workspace import Workspace

    manifest = json.loads((workdir / "manifest.json").read_text(encoding="utf-8"))
    with Workspace.create(workdir / "workspace", timezone=TIMEZONE) as workspace:
        started = time.perf_counter()
        for entry in manifest:
            import_file(workspace, Path(entry["path"]), ImportOptions(account=entry["account"]))
        seconds = time.perf_counter() - started
        row = workspace.con.execute("SELECT count(*) FROM sessions").fetchone()
    stored = int(row[0]) if row else 0
    expected = sum(int(entry["rows"]) for entry in manifest)
    if stored != expected:
        raise SystemExit(f"import stored {stored} sessions, the files hold {expected}")
    return {"seconds": seconds, "n": stored}


# -- the 28-day rollup, three ways ------------------------------------------------------------

# The floor: the same rollup as one hand-written DuckDB query over the stored ``sessions`` table,
# with the definitions of siaran.metrics.registry (means over known values, the interpolated
# median, null when a denominator is 0 or unknown) and the rows of account_rollups (one per
# platform, account and currency; the same columns, the same order). The window is the ``days``
# local calendar days (the workspace's TimeZone) ending on the local date of the latest session,
# selected as a range of instants so the scan needs no per-row date conversion. A live's length
# (live_s) is end - start when the end is known and after the start, else the exported duration.
FLOOR_SQL: Final = """
WITH timed AS (
  SELECT *, CASE WHEN ended_at IS NOT NULL AND epoch(ended_at) > epoch(started_at)
                 THEN epoch(ended_at) - epoch(started_at) ELSE duration_s END AS live_s
  FROM sessions
), last AS (
  SELECT max(started_at)::DATE AS last_day FROM sessions
), bounds AS (
  SELECT last_day - ($days - 1) AS first_day, last_day,
         (last_day - ($days - 1))::TIMESTAMPTZ AS lo, (last_day + 1)::TIMESTAMPTZ AS hi
  FROM last
)
SELECT
  platform,
  account,
  currency,
  any_value(first_day)::VARCHAR AS window_start,
  any_value(last_day)::VARCHAR AS window_end,
  $days AS window_days,
  count(*) AS sessions,
  sum(live_s) / 3600 AS live_hours,
  sum(gmv) AS gmv_total,
  sum(gmv) / nullif(count(gmv), 0) AS gmv_mean_per_session,
  median(gmv) AS gmv_median_per_session,
  sum(views) / nullif(count(views), 0) AS views_per_session,
  sum(viewers) / nullif(count(viewers), 0) AS viewers_per_session,
  sum(gmv) FILTER (WHERE live_s IS NOT NULL)
    / nullif(sum(live_s) FILTER (WHERE gmv IS NOT NULL) / 3600, 0) AS gmv_per_live_hour,
  count(*) FILTER (WHERE gmv = 0) / nullif(count(gmv), 0) AS zero_gmv_share,
  count(*) * 28 / $days AS sessions_per_28_days,
  'first_party' AS basis
FROM timed, bounds
WHERE started_at >= bounds.lo AND started_at < bounds.hi
GROUP BY platform, account, currency
ORDER BY account, platform, currency
"""


def rollup_floor(workspace: Any) -> list[Row]:
    cursor = workspace.con.execute(FLOOR_SQL, {"days": WINDOW_DAYS})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def rollup_siaran(workspace: Any) -> Sequence[Mapping[str, Any]]:
    from siaran.metrics.rollups import account_rollups

    return account_rollups(workspace, window_days=WINDOW_DAYS)


def rollup_baseline(workspace: Any) -> list[Row]:
    """What an analyst fluent in pandas would write: read the columns needed from the stored
    table into a DataFrame, then filter and group by in pandas. Vectorised throughout (no
    per-group lambdas), so the baseline is a strong one, not a straw man."""
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

    frame = workspace.con.execute(
        "SELECT platform, account, currency, started_at, ended_at, duration_s, gmv, views, "
        "viewers FROM sessions"
    ).df()
    elapsed = (frame["ended_at"] - frame["started_at"]).dt.total_seconds()
    frame["live_s"] = elapsed.where(elapsed > 0, frame["duration_s"])
    day = frame["started_at"].dt.tz_convert(TIMEZONE).dt.normalize()
    last_day = day.max()
    first_day = last_day - pd.Timedelta(days=WINDOW_DAYS - 1)
    window = frame[(day >= first_day) & (day <= last_day)]
    gmv, duration = window["gmv"], window["live_s"]
    window = window.assign(
        gmv_zero=(gmv == 0).astype(float).where(gmv.notna()),
        gmv_timed=gmv.where(duration.notna()),
        duration_with_gmv=duration.where(gmv.notna()),
    )
    keys = ["account", "platform", "currency"]
    groups = window.groupby(keys, sort=True, dropna=False)
    sessions = groups.size()
    timed_hours = groups["duration_with_gmv"].sum(min_count=1) / 3600
    result = pd.DataFrame(
        {
            "window_start": first_day.date().isoformat(),
            "window_end": last_day.date().isoformat(),
            "window_days": WINDOW_DAYS,
            "sessions": sessions,
            "live_hours": groups["live_s"].sum(min_count=1) / 3600,
            "gmv_total": groups["gmv"].sum(min_count=1),
            "gmv_mean_per_session": groups["gmv"].mean(),
            "gmv_median_per_session": groups["gmv"].median(),
            "views_per_session": groups["views"].mean(),
            "viewers_per_session": groups["viewers"].mean(),
            "gmv_per_live_hour": groups["gmv_timed"].sum(min_count=1)
            / timed_hours.where(timed_hours != 0),
            "zero_gmv_share": groups["gmv_zero"].mean(),
            "sessions_per_28_days": sessions * 28 / WINDOW_DAYS,
            "basis": "first_party",
        }
    )
    records: list[Row] = result.reset_index().to_dict("records")
    return records


ROLLUPS: Final[dict[str, Callable[[Any], Sequence[Mapping[str, Any]]]]] = {
    "siaran": rollup_siaran,
    "floor": rollup_floor,
    "baseline": rollup_baseline,
}


def step_rollup(workdir: Path, implementation: str) -> Row:
    from siaran.workspace import Workspace

    with Workspace.open(workdir / "workspace") as workspace:
        seconds, cold, rows = best_of(REPEATS, lambda: ROLLUPS[implementation](workspace))
        stored = workspace.con.execute("SELECT count(*) FROM sessions").fetchone()
    results = workdir / "results"
    results.mkdir(exist_ok=True)
    (results / f"rollup_28d.{implementation}.json").write_text(
        json.dumps([_plain(row) for row in rows]), encoding="utf-8"
    )
    return {"seconds": seconds, "cold_seconds": cold, "n": int(stored[0]) if stored else 0}


def _plain(row: Mapping[str, Any]) -> Row:
    """JSON-ready: NaN (pandas' unknown) and None both become null, numpy scalars Python."""
    out: Row = {}
    for key, value in row.items():
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float) and math.isnan(value):
            value = None
        out[key] = value
    return out


def check_agreement(workdir: Path) -> str:
    """Fail loudly unless siaran, the floor and the baseline give the same rows (same order,
    same columns, numbers equal to a relative 1e-9: the engines add in different orders)."""
    results = {
        name: json.loads(
            (workdir / "results" / f"rollup_28d.{name}.json").read_text(encoding="utf-8")
        )
        for name in ROLLUPS
    }
    reference = results["siaran"]
    for name in ("floor", "baseline"):
        rows = results[name]
        if len(rows) != len(reference):
            raise SystemExit(f"rollup_28d: {name} has {len(rows)} rows, siaran {len(reference)}")
        for got, expected in zip(rows, reference, strict=True):
            where = f"{expected.get('account')}/{expected.get('currency')}"
            if got.keys() != expected.keys():
                raise SystemExit(
                    f"rollup_28d: {name} and siaran differ in columns at {where}: "
                    f"{sorted(got.keys() ^ expected.keys())}"
                )
            for column, value in expected.items():
                if not _same_value(got[column], value):
                    raise SystemExit(
                        f"rollup_28d: {name} disagrees with siaran at {where}, {column}: "
                        f"{got[column]!r} != {value!r}"
                    )
    columns = len(reference[0]) if reference else 0
    return f"siaran, floor and baseline agree: {len(reference):,} account rows x {columns} columns"


def _same_value(got: object, expected: object) -> bool:
    numbers = (int, float)
    if isinstance(got, numbers) and isinstance(expected, numbers):
        return math.isclose(got, expected, rel_tol=REL_TOLERANCE, abs_tol=1e-9)
    return got == expected


# -- compare ----------------------------------------------------------------------------------


def step_compare(workdir: Path) -> Row:
    from siaran.metrics.compare import compare_accounts
    from siaran.workspace import Workspace

    with Workspace.open(workdir / "workspace") as workspace:
        seconds, cold, _ = best_of(REPEATS, lambda: compare_accounts(workspace))
        stored = workspace.con.execute("SELECT count(*) FROM sessions").fetchone()
    return {"seconds": seconds, "cold_seconds": cold, "n": int(stored[0]) if stored else 0}


# -- the parent: generate, run each step in a child, check, report ----------------------------

ROOT: Final = Path(__file__).resolve().parents[1]


def run_step(workdir: Path, step: str, implementation: str | None = None) -> Row:
    """Run one step in a fresh interpreter, so that its peak RSS is its own."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.core_bench",
        "--step",
        step,
        "--workdir",
        str(workdir),
    ]
    if implementation is not None:
        command += ["--impl", implementation]
    label = step if implementation is None else f"{step} ({implementation})"
    progress(f"running {label} ...")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"benchmark step {label} failed (exit {done.returncode})")
    result: Row = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def child_main(step: str, implementation: str | None, workdir: Path) -> None:
    if step == "import":
        result = step_import(workdir)
    elif step == "rollup_28d":
        result = step_rollup(workdir, implementation or "siaran")
    elif step == "compare":
        result = step_compare(workdir)
    else:
        raise SystemExit(f"unknown step {step!r}")
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def verdicts(row: Row) -> Row:
    """The ratios and PASS/MISS against the goals (reported, never enforced)."""
    seconds, floor, baseline = row["seconds"], row["floor_seconds"], row["baseline_seconds"]
    floor_ratio = seconds / floor if floor else None
    speedup = baseline / seconds if baseline and seconds else None
    parts = []
    if floor_ratio is not None:
        ok = floor_ratio <= GOAL_FLOOR_RATIO
        parts.append(f"{'PASS' if ok else 'MISS'} <={GOAL_FLOOR_RATIO}x floor")
    if speedup is not None:
        ok = speedup >= GOAL_BASELINE_SPEEDUP
        parts.append(f"{'PASS' if ok else 'MISS'} >={GOAL_BASELINE_SPEEDUP:g}x baseline")
    return {
        "floor_ratio": floor_ratio,
        "baseline_speedup": speedup,
        "verdict": "; ".join(parts) if parts else "n/a (no floor or baseline)",
    }


def measure(n_sessions: int, n_accounts: int, seed: int, workdir: Path) -> tuple[list[Row], str]:
    started = time.perf_counter()
    cohort = generate_cohort(n_sessions, n_accounts, seed)
    generated = time.perf_counter() - started
    progress(f"generated {cohort['account'].size:,} sessions in {generated:.1f} s; writing files")
    started = time.perf_counter()
    manifest = write_cohort_files(cohort, workdir / "files")
    del cohort
    (workdir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    files = describe_files(manifest)
    progress(f"wrote {files} in {time.perf_counter() - started:.1f} s")

    imported = run_step(workdir, "import")
    n = int(imported["n"])
    rollups = {name: run_step(workdir, "rollup_28d", name) for name in ROLLUPS}
    agreement = check_agreement(workdir)
    progress(agreement)
    compared = run_step(workdir, "compare")

    floor, baseline = rollups["floor"], rollups["baseline"]
    cold = "first (cold) call {} s, floor {} s, baseline {} s".format(
        *(_seconds(rollups[name]["cold_seconds"]) for name in ROLLUPS)
    )
    rows = [
        result_row(
            "import",
            n,
            imported,
            note=f"all files through siaran.importing.import_file, "
            f"{n / imported['seconds']:,.0f} sessions/s; no floor or baseline (null)",
        ),
        result_row(
            "rollup_28d",
            n,
            rollups["siaran"],
            floor=floor,
            baseline=baseline,
            note=f"account_rollups(window_days={WINDOW_DAYS}) over every account, best of "
            f"{REPEATS}; floor: one DuckDB SQL query; baseline: pandas reading the stored table; "
            f"{cold}; {agreement}",
        ),
        result_row(
            "compare",
            n,
            compared,
            note=f"compare_accounts(window_days={WINDOW_DAYS}), best of {REPEATS}, first (cold) "
            f"call {_seconds(compared['cold_seconds'])} s; no floor or baseline (null): "
            "no single query or short pandas script does the bootstrap and weekly series",
        ),
    ]
    for row in rows:
        row.update(verdicts(row))
    return rows, files


def result_row(
    name: str,
    n: int,
    own: Row,
    *,
    floor: Row | None = None,
    baseline: Row | None = None,
    note: str,
) -> Row:
    """One output row: the six promised fields, then the extras (the floor's and baseline's
    own peak RSS, whether the implementations agreed, the cold first call, a note)."""
    return {
        "name": name,
        "n": n,
        "seconds": own["seconds"],
        "floor_seconds": floor["seconds"] if floor else None,
        "baseline_seconds": baseline["seconds"] if baseline else None,
        "peak_rss_mb": own["peak_rss_mb"],
        "floor_peak_rss_mb": floor["peak_rss_mb"] if floor else None,
        "baseline_peak_rss_mb": baseline["peak_rss_mb"] if baseline else None,
        "cold_seconds": own.get("cold_seconds"),
        "agree": True if floor or baseline else None,
        "note": note,
    }


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _rss(row: Row) -> str:
    own = f"{row['peak_rss_mb']:.0f}"
    if row["floor_peak_rss_mb"] is None:
        return own
    return f"{own} ({row['floor_peak_rss_mb']:.0f} / {row['baseline_peak_rss_mb']:.0f})"


def render_table(rows: Sequence[Row]) -> str:
    header = (
        "step",
        "n (sessions)",
        "seconds",
        "floor s",
        "baseline s",
        "s/floor",
        "baseline/s",
        "peak RSS MB (floor / baseline)",
        "goals",
    )
    body = [
        (
            row["name"],
            f"{row['n']:,}",
            _seconds(row["seconds"]),
            _seconds(row["floor_seconds"]),
            _seconds(row["baseline_seconds"]),
            _ratio(row["floor_ratio"]),
            _ratio(row["baseline_speedup"]),
            _rss(row),
            row["verdict"],
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True))
        for line in (header, *body)
    ]
    return "\n".join(line.rstrip() for line in lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.core_bench",
        description="Measure import and the 28-day rollups on a synthetic cohort, against a "
        "floor (one hand-written DuckDB query) and a baseline (pandas).",
    )
    parser.add_argument("--quick", action="store_true", help="~200k sessions, 2,000 accounts")
    parser.add_argument("--sessions", type=int, help="number of sessions (overrides the size)")
    parser.add_argument("--accounts", type=int, help="number of accounts (overrides the size)")
    parser.add_argument("--seed", type=int, default=20260917)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where to write files and the workspace (kept); default: a temporary folder, "
        "removed afterwards",
    )
    parser.add_argument(
        "--step", choices=("import", "rollup_28d", "compare"), help=argparse.SUPPRESS
    )
    parser.add_argument("--impl", choices=tuple(ROLLUPS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.step is not None:
        if args.workdir is None:
            raise SystemExit("--step needs --workdir")
        child_main(args.step, args.impl, args.workdir)
        return 0
    n_sessions, n_accounts = QUICK if args.quick else DEFAULT
    n_sessions = args.sessions if args.sessions is not None else n_sessions
    n_accounts = args.accounts if args.accounts is not None else n_accounts
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="siaran-bench-")) if temporary else args.workdir
    if not temporary and (workdir / "workspace").exists():
        raise SystemExit(f"{workdir} already holds a benchmark workspace: choose an empty folder")
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        rows, files = measure(n_sessions, n_accounts, args.seed, workdir)
        total = time.perf_counter() - started
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(
        f"siaran benchmark: {rows[0]['n']:,} sessions, {n_accounts:,} accounts, seed {args.seed}, "
        f"{os.cpu_count()} CPUs, {total:.0f} s in all"
    )
    print(f"files: {files}")
    print(
        f"goals: rollups <= {GOAL_FLOOR_RATIO}x the floor and >= {GOAL_BASELINE_SPEEDUP:g}x faster "
        f"than the baseline; query steps best of {REPEATS}; each step in its own process"
    )
    print(render_table(rows))
    for row in rows:
        print(f"  {row['name']}: {row['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
