#!/usr/bin/env python3
"""CPython's multiprocessing, measured for comparison with package process.

Each figure is the median of several repetitions; each repetition times
many operations and divides. Output: one line per figure,

    name<TAB>value<TAB>unit

with unit ns/op or MB (lower is better), tasks/s or MB/s (higher is
better), and
comment lines starting with '#'. bench/run sets these beside the Go
benchmarks of the same operations. The whole run takes about a minute
and a half on 2 cores, most of it counting primes.

Usage: python3 bench/python_mp.py [--quick] [name ...]
       python3 bench/python_mp.py --map-big-once   (used by map_big_data)
  --quick   fewer repetitions and smaller loops, to try the script out
  name      run only the figures whose names start with one of these
"""

import math
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time

REPS = 5  # repetitions of each figure; the median is printed
QUICK = False


def median_ns_per_op(reps, ops, run):
    """Median over reps of run(ops)'s seconds, in nanoseconds per op."""
    times = []
    for _ in range(reps):
        times.append(run(ops) / ops * 1e9)
    return statistics.median(times)


def emit(name, value, unit):
    print(f"{name}\t{value:.6g}\t{unit}", flush=True)


# --- Process start + join ------------------------------------------------


def empty():
    pass


def start_join(method, ops):
    ctx = mp.get_context(method)
    t = time.perf_counter()
    for _ in range(ops):
        p = ctx.Process(target=empty)
        p.start()
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"child exited with {p.exitcode}")
    return time.perf_counter() - t


# --- Shared objects ------------------------------------------------------


def array_get(ops):
    """Reads of a shared Array's elements in turn. Array('q', ...) is
    synchronized by default: each access takes the array's lock."""
    a = mp.Array("q", 1024)
    total = 0
    t = time.perf_counter()
    for i in range(ops):
        total += a[i & 1023]
    return time.perf_counter() - t


def array_set(ops):
    """Writes of a shared Array's elements in turn."""
    a = mp.Array("q", 1024)
    t = time.perf_counter()
    for i in range(ops):
        a[i & 1023] = i
    elapsed = time.perf_counter() - t
    if a[(ops - 1) & 1023] != ops - 1:
        raise SystemExit("Array lost a write")
    return elapsed


def value_add(ops):
    """An atomic add to a shared Value: Python has no Add, so the add is
    done under the Value's lock."""
    v = mp.Value("q", 0)
    t = time.perf_counter()
    for _ in range(ops):
        with v.get_lock():
            v.value += 1
    elapsed = time.perf_counter() - t
    if v.value != ops:
        raise SystemExit("Value lost an add")
    return elapsed


def lock_acquire_release(ops):
    lock = mp.Lock()
    t = time.perf_counter()
    for _ in range(ops):
        lock.acquire()
        lock.release()
    return time.perf_counter() - t


def queue_producer(q, ready, n):
    ready.wait()
    for i in range(n):
        q.put(i)


def queue_put_get(ops):
    """ops items put by a child process and got by this one; the clock runs
    from the first item got to the last, so the child's start is not in it."""
    q = mp.Queue()
    ready = mp.Event()
    p = mp.get_context("fork").Process(target=queue_producer, args=(q, ready, ops + 1))
    p.start()
    ready.set()
    q.get()
    t = time.perf_counter()
    for i in range(1, ops + 1):
        if q.get() != i:
            raise SystemExit("Queue lost an item")
    elapsed = time.perf_counter() - t
    p.join()
    return elapsed


BIG_ITEM = 64 << 10  # bytes of one Queue item in queue_big_items


def queue_big_producer(q, ready, n):
    item = bytes(BIG_ITEM)
    ready.wait()
    for _ in range(n):
        q.put(item)


def queue_big_items(ops):
    """ops items of 64 KiB put by a child and got by this one: MB/s."""
    q = mp.Queue()
    ready = mp.Event()
    p = mp.get_context("fork").Process(target=queue_big_producer, args=(q, ready, ops + 1))
    p.start()
    ready.set()
    q.get()
    t = time.perf_counter()
    for _ in range(ops):
        if len(q.get()) != BIG_ITEM:
            raise SystemExit("Queue lost a byte")
    elapsed = time.perf_counter() - t
    p.join()
    return ops * BIG_ITEM / 1e6 / elapsed


# --- Pool ----------------------------------------------------------------


def square(x):
    return x * x


def apply_async_round_trip(pool, ops):
    t = time.perf_counter()
    for i in range(ops):
        if pool.apply_async(square, (i,)).get() != i * i:
            raise SystemExit("wrong square")
    return time.perf_counter() - t


def map_tiny_tasks(pool, n):
    xs = list(range(n))
    t = time.perf_counter()
    out = pool.map(square, xs)
    elapsed = time.perf_counter() - t
    if len(out) != n or out[-1] != (n - 1) ** 2:
        raise SystemExit("wrong map result")
    return elapsed


BIG_TASKS, BIG_SIZE = 1000, 1 << 20  # map_big_data: 1000 tasks of 1 MiB


def echo(b):
    return b


def map_big_once():
    """One pool.map of 1000 tasks of 1 MiB in and out on a fork pool of 2,
    in this (fresh) interpreter: prints MB/s of input and the peak resident
    memory of this process in MB, as testdata/bigmap does for Go."""
    import resource
    xs = [bytes([i & 255]) * BIG_SIZE for i in range(BIG_TASKS)]
    with mp.get_context("fork").Pool(2) as pool:
        pool.apply(square, (1,))
        t = time.perf_counter()
        out = pool.map(echo, xs)
        elapsed = time.perf_counter() - t
    if len(out) != BIG_TASKS or out[-1][0] != (BIG_TASKS - 1) & 255:
        raise SystemExit("wrong map result")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
    print(f"{BIG_TASKS * BIG_SIZE / 1e6 / elapsed:.1f} {peak:.0f}", flush=True)


def map_big(reps):
    """(median MB/s, median peak MB) of reps runs of map_big_once, each in
    a fresh interpreter so that its peak memory is its own."""
    import subprocess
    runs = []
    for _ in range(reps):
        out = subprocess.run([sys.executable, __file__, "--map-big-once"],
                             check=True, capture_output=True, text=True).stdout
        runs.append([float(x) for x in out.split()])
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


PRIMES_LIMIT = 2_000_000
PRIMES_BELOW_LIMIT = 148_933


def count_primes(r):
    """Primes in [lo, hi) by trial division, deliberately naive: the same
    divisions as the Go benchmark's (d from 2 while d*d <= x)."""
    lo, hi = r
    n = 0
    for x in range(max(lo, 2), hi):
        for d in range(2, math.isqrt(x) + 1):
            if x % d == 0:
                break
        else:
            n += 1
    return n


def prime_ranges(parts=64):
    """The range split in parts, the costliest (highest) first, as the Go
    benchmark hands them out, so that both workers stay busy to the end."""
    return [
        (j * PRIMES_LIMIT // parts, (j + 1) * PRIMES_LIMIT // parts)
        for j in reversed(range(parts))
    ]


def primes_serial():
    t = time.perf_counter()
    n = count_primes((0, PRIMES_LIMIT))
    elapsed = time.perf_counter() - t
    if n != PRIMES_BELOW_LIMIT:
        raise SystemExit(f"{n} primes")
    return elapsed


def primes_pool(pool):
    t = time.perf_counter()
    n = sum(pool.map(count_primes, prime_ranges(), chunksize=1))
    elapsed = time.perf_counter() - t
    if n != PRIMES_BELOW_LIMIT:
        raise SystemExit(f"{n} primes")
    return elapsed


# --- Driver --------------------------------------------------------------


def figures():
    """(name, unit, function returning the value) for every figure."""
    q = QUICK
    reps = 2 if q else REPS
    prime_reps = 1 if q else 3
    map_n = 100_000 if q else 1_000_000

    def with_pool(f):
        def run():
            # fork: multiprocessing's default on Linux until Python 3.14.
            with mp.get_context("fork").Pool(2) as pool:
                pool.apply(square, (1,))  # both workers up
                return f(pool)
        return run

    big = {}

    def map_big_figure(i):
        def run():
            if not big:
                big["runs"] = map_big(1 if q else 3)
            return big["runs"][i]
        return run

    return [
        ("start_join_fork", "ns/op",
         lambda: median_ns_per_op(reps, 20 if q else 200, lambda n: start_join("fork", n))),
        ("start_join_spawn", "ns/op",
         lambda: median_ns_per_op(reps, 3 if q else 10, lambda n: start_join("spawn", n))),
        ("array_get", "ns/op",
         lambda: median_ns_per_op(reps, 100_000 if q else 1_000_000, array_get)),
        ("array_set", "ns/op",
         lambda: median_ns_per_op(reps, 100_000 if q else 1_000_000, array_set)),
        ("value_add", "ns/op",
         lambda: median_ns_per_op(reps, 100_000 if q else 1_000_000, value_add)),
        ("lock_acquire_release", "ns/op",
         lambda: median_ns_per_op(reps, 100_000 if q else 1_000_000, lock_acquire_release)),
        ("queue_put_get", "ns/op",
         lambda: median_ns_per_op(reps, 10_000 if q else 100_000, queue_put_get)),
        ("queue_big_items", "MB/s",
         lambda: statistics.median(queue_big_items(2_000 if q else 20_000) for _ in range(reps))),
        ("map_big_data", "MB/s", map_big_figure(0)),
        ("map_big_peak", "MB", map_big_figure(1)),
        ("apply_async_round_trip", "ns/op",
         with_pool(lambda pool: median_ns_per_op(reps, 1_000 if q else 10_000,
                                                 lambda n: apply_async_round_trip(pool, n)))),
        ("map_tiny_tasks", "tasks/s",
         with_pool(lambda pool: statistics.median(
             map_n / map_tiny_tasks(pool, map_n) for _ in range(reps)))),
        ("primes_serial", "ns/op",
         lambda: statistics.median(primes_serial() for _ in range(prime_reps)) * 1e9),
        ("primes_pool2", "ns/op",
         with_pool(lambda pool: statistics.median(
             primes_pool(pool) for _ in range(prime_reps)) * 1e9)),
    ]


def main(argv):
    global QUICK
    if argv == ["--map-big-once"]:
        map_big_once()
        return
    args = [a for a in argv if a != "--quick"]
    QUICK = len(args) != len(argv)
    for a in args:
        if a.startswith("-"):
            sys.exit(f"python_mp.py: unknown flag {a}\n{__doc__}")
    print(f"# CPython {platform.python_version()} on {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs" + (", quick run" if QUICK else ""), flush=True)
    for name, unit, run in figures():
        if args and not any(name.startswith(a) for a in args):
            continue
        emit(name, run(), unit)


if __name__ == "__main__":
    main(sys.argv[1:])
