"""The peer of bench/JobsLoad: Python's multiprocessing.Pool.imap_unordered over the benchmark's
trivial task (d * 2), one worker process per CPU.

    python3 peer_multiprocessing.py [N] [chunksize]

The clock runs from the first task handed to imap_unordered to the last result received; the
pool's processes are started (and have each run one task) before it starts. The last line is
``tasks_per_second=<rate>`` for the driver to read.
"""
import multiprocessing
import os
import sys
import time


def run(d):
    return d * 2


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    chunksize = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    processes = os.cpu_count() or 1
    with multiprocessing.Pool(processes) as pool:
        pool.map(run, range(processes), chunksize=1)  # warm: every worker process is up
        start = time.perf_counter()
        count = 0
        total = 0
        for result in pool.imap_unordered(run, range(n), chunksize=chunksize):
            count += 1
            total += result
        elapsed = time.perf_counter() - start
    if count != n or total != n * (n - 1):
        raise SystemExit(f"wrong results: {count} results summing to {total}")
    print(f"processes={processes} chunksize={chunksize} tasks={n} seconds={elapsed:.3f}")
    print(f"tasks_per_second={n / elapsed:.0f}")


if __name__ == "__main__":
    main()
