"""Order export import speed: SKU lines of a TikTok Shop order export imported per second.

    python -m benchmarks.orders_bench                   # 1,000,000 order lines
    python -m benchmarks.orders_bench --lines 20000 --json

The export is generated in TikTok Shop's layout (every column, fake personal data in the
personal ones), two SKU lines per order on average, one file.

- ``seconds``: :func:`siaran.importing.import_file` into a new workspace: reading, recognising,
  parsing every number and time, hashing buyers, checking every row, writing the redacted
  archive copy and the orders and lines in one transaction (limits raised for the size).
- ``floor_seconds``: a plain DuckDB read of the same CSV into an in-memory table
  (``CREATE TABLE ... AS SELECT * FROM read_csv(...)``): the least reading it could cost.
- ``baseline_seconds``: none (no other tool imports these exports).

One run each (a second import of the same file is recognised and does nothing).
``peak_rss_mb`` is the process's peak (generation included). A benchmark reports; it never
fails on speed. It exits non-zero when the stored lines and orders differ from those written.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `siaran` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_LINES: Final = 1_000_000
PRODUCTS: Final = (("Sambal Bawang", 23_000), ("Sambal Cumi", 35_000), ("Rendang", 58_000))


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def write_export(path: Path, n_lines: int, seed: int = 20260917) -> int:
    """Write ``n_lines`` SKU lines (orders of one to three lines); the number of orders."""
    from siaran.orders.columns import TIKTOK_EN
    from siaran.orders.writer import PERSONAL, TIKTOK_HEADERS

    rng = random.Random(seed)
    index = {header: i for i, header in enumerate(TIKTOK_HEADERS)}
    start = dt.datetime(2026, 7, 1, 8, 0)
    written = orders = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(TIKTOK_HEADERS)
        while written < n_lines:
            orders += 1
            lines = min(rng.choice((1, 1, 2, 3)), n_lines - written)
            created = start + dt.timedelta(seconds=orders * 7 + rng.randint(0, 5))
            buyer = rng.randint(1, max(2, n_lines // 5))
            chosen = [PRODUCTS[rng.randrange(3)] for _ in range(lines)]
            quantities = [rng.randint(1, 3) for _ in range(lines)]
            total = sum(price * q for (_, price), q in zip(chosen, quantities, strict=True))
            for (name, price), quantity in zip(chosen, quantities, strict=True):
                row = [""] * len(TIKTOK_HEADERS)
                values = {
                    "order_id": f"57{orders:012d}",
                    "status": "Completed",
                    "created_at": created.strftime("%d/%m/%Y %H:%M:%S"),
                    "paid_at": (created + dt.timedelta(minutes=2)).strftime("%d/%m/%Y %H:%M:%S"),
                    "shipped_at": (created + dt.timedelta(hours=20)).strftime("%d/%m/%Y %H:%M:%S"),
                    "product": name,
                    "seller_sku": name[:3].upper(),
                    "quantity": str(quantity),
                    "unit_price": f"IDR {price:,}".replace(",", "."),
                    "amount": f"IDR {price * quantity:,}".replace(",", "."),
                    "order_amount": f"IDR {total:,}".replace(",", "."),
                    "province": "Jawa Tengah",
                    "city": "Kabupaten Banyumas",
                }
                for header, column in TIKTOK_EN.columns.items():
                    if header in index and column.field in values:
                        row[index[header]] = values[column.field]
                for header, kind in PERSONAL.items():
                    if header in index:
                        row[index[header]] = f"{kind} {buyer}"
                out.writerow(row)
                written += 1
    return orders


def run_orders_benchmark(n_lines: int, *, seed: int = 20260917) -> dict[str, Any]:
    import duckdb

    from siaran.importing import ImportOptions, import_file
    from siaran.ingest.limits import ImportLimits
    from siaran.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="siaran-orders-bench-") as scratch:
        folder = Path(scratch)
        export = folder / "Order_SKU_List.csv"
        orders = write_export(export, n_lines, seed)
        limits = ImportLimits(file_mb=10_000, rows=n_lines + 10, cells=n_lines * 60 + 1000)
        with Workspace.create(folder / "ws") as ws:
            started = time.perf_counter()
            import_file(ws, export, ImportOptions(account="toko.bench", limits=limits))
            seconds = time.perf_counter() - started
            stored = ws.con.execute(
                "SELECT (SELECT count(*) FROM order_lines), (SELECT count(*) FROM orders)"
            ).fetchone()
        con = duckdb.connect()
        started = time.perf_counter()
        con.execute(
            "CREATE TABLE plain AS SELECT * FROM read_csv(?, all_varchar = true)", [str(export)]
        )
        floor_seconds = time.perf_counter() - started
        floor_rows = con.execute("SELECT count(*) FROM plain").fetchone()
        con.close()
        size_mb = export.stat().st_size / 1e6
    agree = stored == (n_lines, orders) and floor_rows == (n_lines,)
    return {
        "name": "orders_import",
        "n": n_lines,
        "orders": orders,
        "file_mb": round(size_mb, 1),
        "seconds": round(seconds, 3),
        "floor_seconds": round(floor_seconds, 3),
        "baseline_seconds": None,
        "peak_rss_mb": peak_rss_mb(),
        "lines_per_second": round(n_lines / seconds) if seconds else None,
        "floor_ratio": round(seconds / floor_seconds, 2) if floor_seconds else None,
        "baseline_speedup": None,
        "agree": agree,
        "note": (
            "import_file of a TikTok Shop order export (every column, fake personal data) "
            "into a new workspace; floor: DuckDB CREATE TABLE AS read_csv of the same file"
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES)
    parser.add_argument("--seed", type=int, default=20260917)
    parser.add_argument("--json", action="store_true", help="print the row as JSON")
    args = parser.parse_args(argv)
    row = run_orders_benchmark(args.lines, seed=args.seed)
    if args.json:
        print(json.dumps(row, ensure_ascii=False, indent=2))
    else:
        print(
            f"{row['name']}: {row['n']:,} order lines ({row['orders']:,} orders, "
            f"{row['file_mb']} MB) in {row['seconds']} s ({row['lines_per_second']:,} lines/s); "
            f"floor {row['floor_seconds']} s ({row['floor_ratio']}x); "
            f"peak RSS {row['peak_rss_mb']} MB; agree {row['agree']}"
        )
    return 0 if row["agree"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
