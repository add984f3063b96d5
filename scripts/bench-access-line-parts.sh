#!/usr/bin/env bash
# Measures parts of an access line's cost in one JVM, a base revision's code and the working tree's alternating
# round by round (so both meet the same machine speed): the writer's encoding (AccessLineEncoder, identical bytes
# checked first) and, on a Vert.x event loop with four registered Vert.x instances as in the shop, the service
# look-up (ServiceNames.current), the per-line chain check (ShippedAccessLog.appender) and the whole check a line
# makes before it is captured (the level, the chain and the MDC: ShippedAccessLog.infoAppender, or in a base without
# it, Logger.isInfoEnabled and then the chain check). Thread CPU time and
# allocated bytes per call, medians and quartiles of 40-60 rounds. A benchmark, not a test: it reports figures.
# The whole line (logging thread and writer, hot and paced) is AccessLineCost's job (see its Javadoc).
#
#   scripts/bench-access-line-parts.sh [base revision, default HEAD~1]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-HEAD~1}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PKG=dev/chaoslab/telemetry/logging
SRC=telemetry/src/main/java/$PKG

mvn -B -q -o -pl telemetry -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP=telemetry/target/classes:$(cat "$WORK/cp.txt")
mkdir -p "$WORK/src/$PKG" "$WORK/out"
# the base's classes, renamed, next to the working tree's
git show "$BASE:$SRC/AccessLineEncoder.java" | sed 's/class AccessLineEncoder/class BaseEncoder/; s/ AccessLineEncoder(String/ BaseEncoder(String/' >"$WORK/src/$PKG/BaseEncoder.java"
git show "$BASE:$SRC/ShippedAccessLog.java" | sed 's/class ShippedAccessLog/class BaseShipped/; s/private ShippedAccessLog()/private BaseShipped()/' >"$WORK/src/$PKG/BaseShipped.java"
# the line's check as ResponseAccessLog makes it: one call where the base has infoAppender, else isInfoEnabled first
if grep -q 'static AsyncLogAppender infoAppender' "$WORK/src/$PKG/BaseShipped.java"; then
    BASE_CHECK='BaseShipped.infoAppender(access)'
else
    BASE_CHECK='access.isInfoEnabled() ? BaseShipped.appender(access) : null'
fi
git show "$BASE:$SRC/ServiceNames.java" | sed 's/class ServiceNames/class BaseServiceNames/; s/private ServiceNames()/private BaseServiceNames()/' >"$WORK/src/$PKG/BaseServiceNames.java"

cat >"$WORK/src/$PKG/AccessLinePartsCost.java" <<'JAVA'
package dev.chaoslab.telemetry.logging;

import com.sun.management.ThreadMXBean;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

public class AccessLinePartsCost {
    static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        System.out.printf("load at start %.2f%n", load());
        encoding();
        onEventLoop();
        System.out.printf("load at end %.2f%n", load());
        System.exit(0);
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static void encoding() {
        BaseEncoder base = new BaseEncoder("\n");
        AccessLineEncoder work = new AccessLineEncoder("\n");
        int n = 4096;
        AccessLine[] lines = new AccessLine[n];
        Instant start = Instant.parse("2026-12-07T02:10:00Z");
        for (int i = 0; i < n; i++) {
            lines[i] = new AccessLine(start.plusNanos(123_456_789L * i % 1_000_000_000L + 1),
                    "vert.x-eventloop-thread-1", "inventory",
                    String.format("%016x%016x", i * 31L + 7, i * 0x9E3779B97F4A7C15L), String.format("%016x", i * 17L + 3),
                    Map.of(), "GET", "/api/products/:sku", new String("/api/products/SKU-001"), 200, 1.25, Map.of(),
                    true); // the ids are lowercase hex, as a valid SpanContext's (AccessLine.capture)
        }
        LineBuffer a = new LineBuffer(256 * 1024), b = new LineBuffer(256 * 1024);
        for (int i = 0; i < n; i++) {
            a.clear();
            b.clear();
            base.encode(lines[i], a);
            work.encode(lines[i], b);
            if (!Arrays.equals(a.bytes(), 0, a.size(), b.bytes(), 0, b.size())) {
                throw new AssertionError("different bytes for line " + i);
            }
        }
        int rounds = 40, reps = 200_000;
        double[][] ns = new double[2][rounds], bytes = new double[2][rounds];
        for (int round = -10; round < rounds; round++) {
            for (int w = 0; w < 2; w++) {
                LineBuffer out = w == 0 ? a : b;
                long t0 = MX.getCurrentThreadCpuTime(), b0 = MX.getCurrentThreadAllocatedBytes();
                for (int r = 0; r < reps; r++) {
                    if ((r & 511) == 0) out.clear();
                    if (w == 0) base.encode(lines[r & (n - 1)], out); else work.encode(lines[r & (n - 1)], out);
                }
                if (round >= 0) {
                    ns[w][round] = (MX.getCurrentThreadCpuTime() - t0) / (double) reps;
                    bytes[w][round] = (MX.getCurrentThreadAllocatedBytes() - b0) / (double) reps;
                }
            }
        }
        print("encode base", ns[0], bytes[0]);
        print("encode work", ns[1], bytes[1]);
    }

    static void onEventLoop() throws Exception {
        Vertx[] shop = new Vertx[4];
        String[] names = {"gateway", "catalog", "inventory", "payments"};
        for (int i = 0; i < shop.length; i++) {
            shop[i] = Vertx.vertx();
            ServiceNames.register(shop[i], names[i], true);
            BaseServiceNames.register(shop[i], names[i], true);
        }
        io.vertx.core.Context loop = shop[2].getOrCreateContext();
        org.slf4j.Logger access = LoggerFactory.getLogger("access");
        if (ShippedAccessLog.appender(access) == null || BaseShipped.appender(access) == null) {
            throw new AssertionError("not the shipped chain: run with telemetry's logback.xml");
        }
        String[] what = {"service base", "service work", "chain check base", "chain check work", "line check base",
            "line check work"};
        Runnable[] work = {
            () -> { Object o = null; for (int i = 0; i < 100_000; i++) o = BaseServiceNames.current(); sink = o; },
            () -> { Object o = null; for (int i = 0; i < 100_000; i++) o = ServiceNames.current(); sink = o; },
            () -> { Object o = null; for (int i = 0; i < 100_000; i++) o = BaseShipped.appender(access); sink = o; },
            () -> { Object o = null; for (int i = 0; i < 100_000; i++) o = ShippedAccessLog.appender(access); sink = o; },
            () -> { Object o = null; for (int i = 0; i < 100_000; i++) o = BASE_CHECK; sink = o; },
            () -> { Object o = null; for (int i = 0; i < 100_000; i++) o = ShippedAccessLog.infoAppender(access); sink = o; },
        };
        int rounds = 60;
        double[][] ns = new double[6][rounds], bytes = new double[6][rounds];
        for (int round = -20; round < rounds; round++) {
            for (int w = 0; w < 6; w++) {
                Runnable job = work[w];
                double[] r = on(loop, () -> {
                    long t0 = MX.getCurrentThreadCpuTime(), b0 = MX.getCurrentThreadAllocatedBytes();
                    job.run();
                    return new double[] {(MX.getCurrentThreadCpuTime() - t0) / 100_000.0,
                        (MX.getCurrentThreadAllocatedBytes() - b0) / 100_000.0};
                });
                if (round >= 0) {
                    ns[w][round] = r[0];
                    bytes[w][round] = r[1];
                }
            }
        }
        for (int w = 0; w < 6; w++) print(what[w], ns[w], bytes[w]);
        for (Vertx vertx : shop) vertx.close().await();
    }

    static void print(String what, double[] ns, double[] bytes) {
        double[] s = ns.clone();
        Arrays.sort(s);
        int n = s.length;
        String allocated = "";
        if (bytes != null) {
            double[] b = bytes.clone();
            Arrays.sort(b);
            allocated = String.format(", %.2f B", b[n / 2]);
        }
        System.out.printf("%-17s median %.1f ns (quartiles %.1f-%.1f)%s per call%n", what, s[n / 2], s[n / 4], s[3 * n / 4], allocated);
    }

    static <T> T on(io.vertx.core.Context context, Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(work.get()));
        return result.get();
    }
}
JAVA
sed -i "s|BASE_CHECK|$BASE_CHECK|" "$WORK/src/$PKG/AccessLinePartsCost.java"
javac -nowarn -d "$WORK/out" -cp "$CP" "$WORK/src/$PKG"/*.java 2>&1 | grep -v '^Note:' || true
echo "base $(git rev-parse --short "$BASE") against the working tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', changed')), $(date -u +%FT%TZ)"
java -cp "$WORK/out:$CP" dev.chaoslab.telemetry.logging.AccessLinePartsCost 2>&1 | grep -v '^{'
