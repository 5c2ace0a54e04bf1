#!/usr/bin/env python3
"""CPython's multiprocessing primitives, measured for comparison with the
Go benchmarks of process/bench_primitives_test.go.

Each figure is the median of several repetitions; each repetition times
many operations and divides. Output: one line per figure,

    name<TAB>value<TAB>unit

with unit ns/op, and comment lines starting with '#'. bench/primitives
sets these beside the Go benchmarks of the same operations.

Usage: python3 bench/primitives.py [--quick]
"""

import multiprocessing as mp
import os
import platform
import statistics
import sys
import time

REPS = 5


def median_ns_per_op(reps, ops, run):
    return statistics.median(run(ops) / ops * 1e9 for _ in range(reps))


def emit(name, value, unit):
    print(f"{name}\t{value:.6g}\t{unit}", flush=True)


# fork: multiprocessing's default on Linux until Python 3.14, and the
# fastest to start; the clocks below never include a start anyway.
ctx = mp.get_context("fork")


def echo(conn):
    # A forked child holds a copy of the parent's end too, so it would never
    # see EOF: None says stop.
    while True:
        v = conn.recv()
        if v is None:
            return
        conn.send(v)


def pipe_round_trip(ops):
    """An int sent to a child on a duplex Pipe and sent back."""
    a, b = ctx.Pipe()
    p = ctx.Process(target=echo, args=(b,))
    p.start()
    b.close()
    a.send(-1)
    a.recv()
    t = time.perf_counter()
    for i in range(ops):
        a.send(i)
        if a.recv() != i:
            raise SystemExit("Pipe lost a message")
    elapsed = time.perf_counter() - t
    a.send(None)
    p.join()
    a.close()
    return elapsed


def pong(ping, pong_, n):
    for _ in range(n):
        ping.wait()
        ping.clear()
        pong_.set()


def event_wakeup(ops):
    """One Event set wakes a process waiting on it: ping-pong between two
    processes, two wake-ups per round."""
    rounds = max(ops // 2, 1)
    ping, pong_ = ctx.Event(), ctx.Event()
    p = ctx.Process(target=pong, args=(ping, pong_, rounds + 1))
    p.start()

    def round_():
        ping.set()
        pong_.wait()
        pong_.clear()

    round_()
    t = time.perf_counter()
    for _ in range(rounds):
        round_()
    elapsed = time.perf_counter() - t
    p.join()
    return elapsed * ops / (2 * rounds)


def semaphore_acquire_release(ops):
    s = ctx.Semaphore(1)
    t = time.perf_counter()
    for _ in range(ops):
        s.acquire()
        s.release()
    return time.perf_counter() - t


def barrier_party(b, n):
    for _ in range(n):
        b.wait()


def barrier_round(ops):
    """The parent and a child pass a Barrier of two."""
    b = ctx.Barrier(2)
    p = ctx.Process(target=barrier_party, args=(b, ops + 1))
    p.start()
    b.wait()
    t = time.perf_counter()
    for _ in range(ops):
        b.wait()
    elapsed = time.perf_counter() - t
    p.join()
    return elapsed


def main(argv):
    quick = "--quick" in argv
    reps = 2 if quick else REPS
    scale = 10 if quick else 1
    print(f"# CPython {platform.python_version()} on {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs" + (", quick run" if quick else ""), flush=True)
    emit("pipe_round_trip", median_ns_per_op(reps, 20_000 // scale, pipe_round_trip), "ns/op")
    emit("event_wakeup", median_ns_per_op(reps, 20_000 // scale, event_wakeup), "ns/op")
    emit("semaphore_acquire_release", median_ns_per_op(reps, 1_000_000 // scale, semaphore_acquire_release), "ns/op")
    emit("barrier_round", median_ns_per_op(reps, 10_000 // scale, barrier_round), "ns/op")


if __name__ == "__main__":
    main(sys.argv[1:])
