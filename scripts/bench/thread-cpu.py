#!/usr/bin/env python3
"""thread-cpu.py BEFORE AFTER REQUESTS: CPU per request of one JVM's threads over a slice, from two snapshots of
/proc/PID/task/*/stat ("tid name utime+stime" per line, clock ticks of 1/100 s) taken around it. Prints
"busiest process" in microseconds per request: the busiest thread's (with one verticle per service, the gateway's
event loop, which bounds the shop's throughput) and the whole process's (all threads alive in both snapshots)."""
import sys

TICK_US = 10_000


def read(path):
    ticks = {}
    for line in open(path):
        tid, _name, used = line.split()
        ticks[tid] = int(used)
    return ticks


before, after, requests = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
used = [after[tid] - before[tid] for tid in after if tid in before]
if requests <= 0 or not used:
    print("0 0")
else:
    print("%.2f %.2f" % (max(used) * TICK_US / requests, sum(used) * TICK_US / requests))
