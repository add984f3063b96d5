#!/usr/bin/env bash
# Measures the access line's hand-off from the event loops to the access log's writer thread in one JVM: a base
# revision's logging classes and the working tree's, each in a class loader of its own over the same dependencies,
# each an AsyncLogAppender in front of the shipped StdoutBatchAppender (JsonLineEncoder) writing to /dev/null (one
# write call per batch, as on stdout). Two Vert.x event loops append access lines (AsyncLogAppender.appendAccessLine,
# an AccessLine as the shop's inventory makes it) at a fixed rate, RATE lines/s each, in bursts of BURST every
# BURST/RATE s, base and tree alternating round by round (ROUNDS rounds of SECONDS_PER_ROUND s each, after 3 warm-up rounds).
# Reported per line: the event loops' CPU time and allocated bytes around the appending (ThreadMXBean, the two loops'
# sums over the lines; a burst's two ThreadMXBean reads are included, the same for both), and the writer thread's CPU
# time over the round (ThreadMXBean.getThreadCpuTime); medians and quartiles over the rounds, and lines dropped.
# A benchmark, not a test: it reports figures.
#
#   scripts/bench-access-line-handoff.sh [base revision, default HEAD~1]   (RATE=20000 BURST=100 ROUNDS=12 SECONDS_PER_ROUND=2)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-HEAD~1}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PKG=dev/chaoslab/telemetry/logging

mvn -B -q -o -pl telemetry -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
DEPS=$(cat "$WORK/cp.txt")
mkdir -p "$WORK/base" "$WORK/base-classes" "$WORK/tree-classes" "$WORK/harness/$PKG" "$WORK/driver"
git archive "$BASE" telemetry/src/main | tar -x -C "$WORK/base"
javac -nowarn -proc:none -d "$WORK/base-classes" -cp "$DEPS" $(find "$WORK/base/telemetry/src/main/java" -name '*.java') 2>&1 | grep -v '^Note:' || true
cp -r telemetry/target/classes/. "$WORK/tree-classes/"

# the same harness, compiled against each tree: appends the lines of one burst on the calling thread
cat >"$WORK/harness/$PKG/HandoffHarness.java" <<'JAVA'
package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.LoggerContext;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntConsumer;

public class HandoffHarness implements IntConsumer {
    private final AsyncLogAppender appender;
    private final AccessLine[] lines = new AccessLine[1024];

    public HandoffHarness(String name) {
        LoggerContext context = new LoggerContext();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        StdoutBatchAppender stdout = new StdoutBatchAppender();
        stdout.setContext(context);
        stdout.setName("stdout-" + name);
        stdout.setEncoder(encoder);
        stdout.start();
        appender = new AsyncLogAppender();
        appender.setContext(context);
        appender.setName(name);
        appender.addAppender(stdout);
        appender.start();
        Instant start = Instant.parse("2026-12-07T09:30:00Z");
        for (int i = 0; i < lines.length; i++) {
            lines[i] = new AccessLine(start.plusNanos(123_456_789L * i % 1_000_000_000L + 1), "vert.x-eventloop-thread-1",
                    "inventory", String.format("%016x%016x", i * 31L + 7, i * 0x9E3779B97F4A7C15L),
                    String.format("%016x", i * 17L + 3), Map.of(), "GET", "/api/products/:sku", "/api/products/SKU-001",
                    200, 1.25, Map.of(), true);
        }
    }

    /** Appends {@code count} lines. */
    @Override
    public void accept(int count) {
        for (int i = 0; i < count; i++) {
            appender.appendAccessLine(lines[i & 1023]);
        }
    }
}
JAVA
javac -nowarn -proc:none -d "$WORK/base-classes" -cp "$WORK/base-classes:$DEPS" "$WORK/harness/$PKG/HandoffHarness.java"
javac -nowarn -proc:none -d "$WORK/tree-classes" -cp "$WORK/tree-classes:$DEPS" "$WORK/harness/$PKG/HandoffHarness.java"

cat >"$WORK/driver/HandoffCost.java" <<'JAVA'
import com.sun.management.ThreadMXBean;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

public class HandoffCost {
    static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    static final int RATE = Integer.getInteger("rate", 20_000);
    static final int BURST = Integer.getInteger("burst", 100);
    static final int ROUNDS = Integer.getInteger("rounds", 12);
    static final int SECONDS = Integer.getInteger("seconds", 2);

    public static void main(String[] args) throws Exception {
        PrintStream report = System.out;
        System.setOut(new PrintStream(new FileOutputStream("/dev/null"), false));
        report.printf("load at start %.2f%n", load());
        IntConsumer[] trees = {harness(args[0], "base"), harness(args[1], "tree")};
        long[] writers = {writer("log-writer-base"), writer("log-writer-tree")};
        String[] services = {"inventory"};
        Vertx vertx = Vertx.vertx();
        Context[] loops = {context(vertx), context(vertx)};
        double[][] loopNs = new double[2][ROUNDS], loopBytes = new double[2][ROUNDS], writerNs = new double[2][ROUNDS];
        long[] dropped = new long[2];
        for (int round = -3; round < ROUNDS; round++) {
            for (int t = 0; t < 2; t++) {
                Class<?> appender = trees[t].getClass().getClassLoader()
                        .loadClass("dev.chaoslab.telemetry.logging.AsyncLogAppender");
                long dropsBefore = (long) appender.getMethod("dropped", String.class).invoke(null, "inventory");
                long w0 = MX.getThreadCpuTime(writers[t]);
                double[][] loop = new double[2][];
                CompletableFuture<?>[] done = new CompletableFuture<?>[2];
                for (int l = 0; l < 2; l++) {
                    int at = l;
                    CompletableFuture<double[]> result = new CompletableFuture<>();
                    done[l] = result;
                    IntConsumer tree = trees[t];
                    loops[l].runOnContext(v -> paced(vertx, tree, result));
                    result.thenAccept(r -> loop[at] = r);
                }
                CompletableFuture.allOf(done).get(60, TimeUnit.SECONDS);
                Thread.sleep(200); // the writer's last batch of the round
                long w1 = MX.getThreadCpuTime(writers[t]);
                double lines = loop[0][2] + loop[1][2];
                if (round >= 0) {
                    loopNs[t][round] = (loop[0][0] + loop[1][0]) / lines;
                    loopBytes[t][round] = (loop[0][1] + loop[1][1]) / lines;
                    writerNs[t][round] = (w1 - w0) / lines;
                    dropped[t] += (long) appender.getMethod("dropped", String.class).invoke(null, "inventory") - dropsBefore;
                }
            }
        }
        String[] names = {"base", "tree"};
        for (int t = 0; t < 2; t++) {
            report.printf("%s: loops %s ns, %s B per line; writer %s ns per line; dropped %d%n", names[t],
                    median(loopNs[t]), median(loopBytes[t]), median(writerNs[t]), dropped[t]);
        }
        report.printf("load at end %.2f%n", load());
        System.exit(0);
    }

    /** On the calling event loop: BURST lines every BURST/RATE s for SECONDS s; CPU ns, bytes and lines. */
    static void paced(Vertx vertx, IntConsumer tree, CompletableFuture<double[]> result) {
        long periodMicros = 1_000_000L * BURST / RATE;
        long bursts = (long) SECONDS * RATE / BURST;
        double[] sums = new double[3];
        long[] left = {bursts};
        vertx.setPeriodic(Math.max(1, periodMicros / 1000), id -> {
            long t0 = MX.getCurrentThreadCpuTime(), b0 = MX.getCurrentThreadAllocatedBytes();
            tree.accept(BURST);
            sums[0] += MX.getCurrentThreadCpuTime() - t0;
            sums[1] += MX.getCurrentThreadAllocatedBytes() - b0;
            sums[2] += BURST;
            if (--left[0] == 0) {
                vertx.cancelTimer(id);
                result.complete(sums);
            }
        });
    }

    static IntConsumer harness(String classes, String name) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(classes).toUri().toURL()},
                HandoffCost.class.getClassLoader());
        return (IntConsumer) loader.loadClass("dev.chaoslab.telemetry.logging.HandoffHarness")
                .getConstructor(String.class).newInstance(name);
    }

    static long writer(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow().getId();
    }

    static Context context(Vertx vertx) throws Exception {
        CompletableFuture<Context> made = new CompletableFuture<>();
        new Thread(() -> made.complete(vertx.getOrCreateContext())).start();
        return made.get();
    }

    static String median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return String.format("%.1f (%.1f-%.1f)", s[n / 2], s[n / 4], s[3 * n / 4]);
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
JAVA
javac -nowarn -d "$WORK/driver" -cp "$DEPS" "$WORK/driver/HandoffCost.java"
echo "base $(git rev-parse --short "$BASE") against the working tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', changed')), $(date -u +%FT%TZ), rate ${RATE:-20000}/s per loop"
java ${JAVA_OPTS:-} -Drate="${RATE:-20000}" -Dburst="${BURST:-100}" -Drounds="${ROUNDS:-12}" -Dseconds="${SECONDS_PER_ROUND:-2}" \
    -cp "$WORK/driver:$DEPS" HandoffCost "$WORK/base-classes" "$WORK/tree-classes" 2>&1 | grep -v '^{'
