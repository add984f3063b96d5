#!/usr/bin/env python3
"""CPU microseconds per request by part of the simulator, from async-profiler collapsed stacks.

Reads the round-N-X.collapsed / round-N-X.sent pairs that `PROFILER=... scripts/bench-engine-cpu.sh` leaves in its
profile directory (1 ms CPU samples, thread names as the first frame) and prints, per build (A, B), the CPU time per
request sent of each part below (a sample counts for a part when any frame of its stack matches; parts overlap) and
the frames that spend the most on their own. A benchmark aid, not a test.

    scripts/engine-profile-summary.py /tmp/chaoslab-profile-XXXX [TOP]
"""
import collections
import glob
import os
import re
import sys

INTERVAL_US = 1000.0  # the bench script profiles with interval=1ms

# (name, thread pattern or None, frame pattern or None): a sample is in the part when both match; frames are
# written with '/' between packages ("io/netty/channel/...")
PARTS = [
    ("all threads", None, None),
    ("event loops (lanes, run, API)", r"vert\.x-eventloop", None),
    ("  kernel (syscalls: epoll, read, write)", r"vert\.x-eventloop", r"_\[k\]$"),
    ("  Netty + Vert.x HTTP client I/O", r"vert\.x-eventloop", r"^io[./]netty[./]|^io[./]vertx[./]core[./](http|net)[./]impl"),
    ("  HttpLoadClient (span start, send)", r"vert\.x-eventloop", r"HttpLoadClient[./](start|send)"),
    ("  OpenTelemetry (spans, propagation)", r"vert\.x-eventloop", r"^io[./]opentelemetry[./]"),
    ("  Micrometer (meters, exemplars)", r"vert\.x-eventloop", r"^io[./]micrometer[./]|^io[./]prometheus[./]"),
    ("  JourneyRunner (pick, render, step)", r"vert\.x-eventloop", r"run[./]JourneyRunner[./]"),
    ("  JourneyRunner.render (templates)", r"vert\.x-eventloop", r"run[./]JourneyRunner[./]render"),
    ("  OutcomeRecorder (the outcome port)", r"vert\.x-eventloop", r"run[./]OutcomeRecorder[./]"),
    ("  LaneStats / RunStats (HdrHistogram)", r"vert\.x-eventloop", r"run[./](LaneStats|RunStats|RunSeconds)|HdrHistogram"),
    ("  scheduler (OpenModelScheduler, ArrivalSchedule)", r"vert\.x-eventloop",
     r"load[./](OpenModelScheduler|ArrivalSchedule)|traffic[./]"),
    ("  per-second tick, status, report", r"vert\.x-eventloop",
     r"run[./](SecondTicker|RunRecord|RunSnapshots)|result[./]|ResultJson"),
    ("  REST API (status polls)", r"vert\.x-eventloop", r"simulator[./]api[./]"),
    ("GC threads", r"GC Thread|G1 |VM Thread|GC ", None),
    ("JIT compiler threads", r"Compiler", None),
    ("other threads", r"^(?!.*(vert\.x-eventloop|GC Thread|G1 |VM Thread|GC |Compiler))", None),
]


# own CPU (the sample's leaf frame) on the event loops, by where the code lives
LIBRARIES = [
    ("kernel", r"_\[k\]$"),
    ("Netty", r"^io/netty/"),
    ("Vert.x", r"^io/vertx/"),
    ("OpenTelemetry", r"^io/opentelemetry/"),
    ("Micrometer, Prometheus client", r"^io/micrometer/|^io/prometheus/"),
    ("HdrHistogram", r"^org/HdrHistogram/"),
    ("chaoslab", r"^dev/chaoslab/"),
    ("JDK", r"^(java|javax|jdk|sun)/"),
    ("JVM, libc, vDSO (stubs, allocation, clock)", r"."),
]


def library(frame):
    for name, pattern in LIBRARIES:
        if re.search(pattern, frame):
            return name
    return "JVM, libc, vDSO (stubs, allocation, clock)"


def load(path):
    stacks = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            frames, _, count = line.rpartition(" ")
            parts = frames.split(";")
            thread = parts[0] if parts and parts[0].startswith("[") else ""
            stacks.append((thread, parts[1:] if thread else parts, int(count)))
    return stacks


NAMES = [name for name, _, _ in PARTS] + ["own: " + name for name, _ in LIBRARIES]


def main():
    directory = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    runs = collections.defaultdict(list)
    for path in sorted(glob.glob(os.path.join(directory, "round-*-*.collapsed"))):
        build = re.search(r"round-\d+-(\w+)\.collapsed$", path).group(1)
        sent = int(open(path[: -len(".collapsed")] + ".sent").read().strip())
        runs[build].append((path, load(path), sent))
    builds = sorted(runs)
    per_part = {b: collections.defaultdict(list) for b in builds}
    self_time = {b: collections.Counter() for b in builds}
    requests = {b: 0 for b in builds}
    for b in builds:
        for _, stacks, sent in runs[b]:
            requests[b] += sent
            totals = collections.Counter()
            for thread, frames, count in stacks:
                for name, thread_re, frame_re in PARTS:
                    if thread_re and not re.search(thread_re, thread):
                        continue
                    if frame_re and not any(re.search(frame_re, fr) for fr in frames):
                        continue
                    totals[name] += count
                if re.search(r"vert\.x-eventloop", thread) and frames:
                    self_time[b][frames[-1]] += count
                    totals["own: " + library(frames[-1])] += count
            for name in NAMES:
                per_part[b][name].append(totals[name] * INTERVAL_US / max(1, sent))
    header = "| part | " + " | ".join("%s µs/request (per round)" % b for b in builds)
    if len(builds) == 2:
        header += " | %s / %s (mean)" % (builds[1], builds[0])
    print(header + " |")
    print("|---" * (len(builds) + 1 + (len(builds) == 2)) + "|")
    for name in NAMES:
        cells = []
        means = []
        for b in builds:
            values = per_part[b][name]
            mean = sum(values) / len(values)
            means.append(mean)
            cells.append("%.1f (%s)" % (mean, ", ".join("%.1f" % v for v in values)))
        ratio = ""
        if len(builds) == 2:
            ratio = " | %.2f" % (means[1] / means[0]) if means[0] > 0 else " | -"
        label = name.replace("  ", "· ").replace("own: ", "event loops' own CPU: ")
        print("| %s | %s%s |" % (label, " | ".join(cells), ratio))
    for b in builds:
        print()
        print("Top %d frames by own CPU on the event loops, build %s (µs per request over its rounds):" % (top, b))
        print()
        for frame, count in self_time[b].most_common(top):
            print("- %.2f `%s`" % (count * INTERVAL_US / requests[b], frame))


if __name__ == "__main__":
    main()
