"""Aging health check: diagnosing a 20,000-row invoice workbook vs openpyxl reading it alone.

    .venv/bin/python tests/bench/bench_aging.py [--rows 20000] [--repeat 5]

Both are measured in this one run on the same bytes (best of --repeat); the issue asks for
a ratio of at most 3.
"""

import argparse
import io
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site"))

from creditdesk.aging import MAX_BYTES, diagnose, load_rates  # noqa: E402

LIMIT = 3.0


def workbook(rows: int) -> bytes:
    """Return an invoice-per-row workbook like an ERP export: text, dates, amounts."""
    rng = random.Random(14)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("应收账款明细")
    sheet.append(["客户名称", "发票号", "开票日期", "到期日", "未收金额", "币种"])
    start = date(2024, 1, 1)
    for i in range(rows):
        issued = start + timedelta(days=rng.randrange(600))
        sheet.append([f"客户{rng.randrange(800):04d}有限公司", f"FP{i:07d}", issued,
                      issued + timedelta(days=rng.choice((30, 60, 90))),
                      round(rng.uniform(-2_000, 200_000), 2), "CNY"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def openpyxl_alone(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def timed(function) -> float:
    began = time.perf_counter()
    function()
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = workbook(args.rows)
    rates = load_rates(ROOT / "assessments" / "aging" / "provision-rates.yaml")
    as_of = date(2025, 10, 15)
    figures = diagnose(data, "bench.xlsx", as_of, rates).figures
    assert figures["rows"] == args.rows, figures["rows"]
    # Interleaved, best of each: the machine is shared, so load varies from second to second.
    alone_times, our_times = [], []
    for _ in range(args.repeat):
        alone_times.append(timed(lambda: openpyxl_alone(data)))
        our_times.append(timed(lambda: diagnose(data, "bench.xlsx", as_of, rates)))
    alone, ours = min(alone_times), min(our_times)
    ratio = ours / alone
    print(f"file: {args.rows} invoice rows, {len(data) / 1024:.0f} KiB "
          f"(upload limit {MAX_BYTES // 1024} KiB)")
    print(f"openpyxl read-only alone: {alone * 1000:.0f} ms (best of {args.repeat})")
    print(f"read + diagnose:          {ours * 1000:.0f} ms (best of {args.repeat})")
    print(f"ratio: {ratio:.2f} (limit {LIMIT:.1f}) {'OK' if ratio <= LIMIT else 'TOO SLOW'}")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
