# The peer of the map benchmark: Python's multiprocessing.Pool(2) mapping a trivial function,
# ordered (imap) in chunks, as zproc's process_map and spychronous's pool do.
import sys, time
from multiprocessing import Pool

def double(x):
    return x * 2

if __name__ == "__main__":
    n = int(sys.argv[1])
    with Pool(2) as pool:
        start = time.perf_counter()
        total = 0
        for r in pool.imap(double, range(n), chunksize=1000):
            total += 1
        elapsed = time.perf_counter() - start
    print(f"{n / elapsed:.0f} {elapsed:.3f}")
