#!/usr/bin/env bash
# Measures what one access-logged request costs a service's event loop. First a base revision's telemetry module and
# the working tree's in turns (JVM after JVM, base first, PAIRS pairs; two JVMs of the same code differ widely on this
# shared machine, so these compare allocation better than CPU): one service (ServiceTelemetry, its own SDK,
# spans made and sampled but not exported, the shipped logback.xml with stdout discarded) answers
# GET /api/products/SKU-001 on loopback to 16 concurrent keep-alive requests from a second, unmeasured Vert.x
# instance in the same JVM. Reported per request: the CPU time and the bytes allocated of the service's event loop
# thread, and the CPU time of the access log's writer thread (ThreadMXBean), medians of ROUNDS rounds of REQUESTS
# requests after a warm-up. Then, in one JVM, the working tree's line (made in the metrics hook) against main
# d7b012b's router handler on its line path (copied into the benchmark, the service's hook left off), two services
# measured by turns in the same rounds. A benchmark, not a test: it reports figures.
#
#   scripts/bench-access-line-hook.sh [base revision, default HEAD~1]   (PAIRS=3 ROUNDS=7 REQUESTS=100000)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-HEAD~1}
PAIRS=${PAIRS:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mvn -B -q -o -pl telemetry -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
DEPS=$(cat "$WORK/cp.txt")
mkdir -p "$WORK/base" "$WORK/out" "$WORK/base-classes"
# the base's telemetry module, compiled against the same dependencies
git archive "$BASE" telemetry/src/main | tar -x -C "$WORK/base"
javac -nowarn -proc:none -d "$WORK/base-classes" -cp "$DEPS" $(find "$WORK/base/telemetry/src/main/java" -name '*.java') 2>&1 | grep -v '^Note:' || true
cp -r "$WORK/base/telemetry/src/main/resources/." "$WORK/base-classes/"

cat >"$WORK/AccessLineHookCost.java" <<'JAVA'
import com.sun.management.ThreadMXBean;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

public class AccessLineHookCost {
    static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    static final int CONCURRENCY = 16;
    static volatile long loopThread;

    public static void main(String[] args) throws Exception {
        String label = args[0];
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "7"));
        int requests = Integer.parseInt(System.getenv().getOrDefault("REQUESTS", "100000"));
        ServiceTelemetry telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnvInSharedProcess("inventory"));
        Vertx vertx = telemetry.newVertx(new VertxOptions().setEventLoopPoolSize(1));
        Router router = Router.router(vertx);
        try { // the working tree's API, else the base's handler
            ServiceTelemetry.class.getMethod("installAccessLog", Router.class).invoke(telemetry, router);
        } catch (NoSuchMethodException base) {
            @SuppressWarnings("unchecked")
            io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> handler =
                    (io.vertx.core.Handler<io.vertx.ext.web.RoutingContext>)
                            ServiceTelemetry.class.getMethod("accessLogHandler").invoke(telemetry);
            router.route().handler(handler);
        }
        router.get("/api/products/:sku").setName("/api/products/:sku").handler(ctx -> {
            loopThread = Thread.currentThread().getId();
            ctx.response().putHeader("content-type", "application/json").end("{\"sku\":\"SKU-001\",\"stock\":42}");
        });
        int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
        Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = clients.createHttpClient(
                new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONCURRENCY));
        run(client, port, 2 * requests);
        long writer = writerThread();
        double[] loop = new double[rounds], bytes = new double[rounds], write = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long cpu = MX.getThreadCpuTime(loopThread), alloc = MX.getThreadAllocatedBytes(loopThread);
            long wcpu = writer < 0 ? 0 : MX.getThreadCpuTime(writer);
            run(client, port, requests);
            Thread.sleep(100); // the writer drains what is queued
            loop[r] = (MX.getThreadCpuTime(loopThread) - cpu) / 1000.0 / requests;
            bytes[r] = (double) (MX.getThreadAllocatedBytes(loopThread) - alloc) / requests;
            write[r] = writer < 0 ? 0 : (MX.getThreadCpuTime(writer) - wcpu) / 1000.0 / requests;
        }
        System.err.printf("%-5s event loop %.2f us/request (%s), %.0f B/request; writer %.2f us/request%n",
                label, median(loop), quartiles(loop), median(bytes), median(write));
        client.close().await();
        clients.close().await();
        vertx.close().await();
        telemetry.close();
    }

    static void run(HttpClient client, int port, int requests) throws Exception {
        AtomicInteger started = new AtomicInteger(), done = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        for (int i = 0; i < CONCURRENCY; i++) {
            next(client, port, requests, started, done, all);
        }
        all.get();
    }

    static void next(HttpClient client, int port, int requests, AtomicInteger started, AtomicInteger done,
            CompletableFuture<Void> all) {
        if (started.incrementAndGet() > requests) {
            return;
        }
        client.request(HttpMethod.GET, port, "127.0.0.1", "/api/products/SKU-001")
                .compose(request -> request.send().compose(response -> response.body()))
                .onComplete(body -> {
                    if (body.failed()) {
                        all.completeExceptionally(body.cause());
                    } else if (done.incrementAndGet() == requests) {
                        all.complete(null);
                    } else {
                        next(client, port, requests, started, done, all);
                    }
                });
    }

    static long writerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("log-writer-ACCESS"))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static String quartiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format("q1 %.2f q3 %.2f", sorted[sorted.length / 4], sorted[3 * sorted.length / 4]);
    }
}
JAVA
mkdir -p "$WORK/one"
cat >"$WORK/one/AccessLineHookInterleaved.java" <<'JAVA'
package dev.chaoslab.telemetry;

import com.sun.management.ThreadMXBean;
import dev.chaoslab.telemetry.logging.AccessLine;
import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import dev.chaoslab.telemetry.logging.ShippedAccessLog;
import io.opentelemetry.context.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** The hook's line against the former router handler's (its line path, copied), two services in one JVM by turns. */
public class AccessLineHookInterleaved {
    static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    static final int CONCURRENCY = 16;

    static final class Service {
        final String name;
        final ServiceTelemetry telemetry;
        final Vertx vertx;
        final Vertx clients;
        final HttpClient client;
        final int port;
        volatile long loop;

        Service(String name, boolean hook) {
            this.name = name;
            telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnvInSharedProcess(name));
            vertx = telemetry.newVertx(new VertxOptions().setEventLoopPoolSize(1));
            Router router = Router.router(vertx);
            if (hook) {
                telemetry.installAccessLog(router);
            } else {
                router.route().handler(Service::formerHandler);
            }
            router.get("/api/products/:sku").setName("/api/products/:sku").handler(ctx -> {
                loop = Thread.currentThread().getId();
                ctx.response().putHeader("content-type", "application/json").end("{\"sku\":\"SKU-001\",\"stock\":42}");
            });
            port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
            clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            client = clients.createHttpClient(
                    new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONCURRENCY));
        }

        /** main d7b012b's AccessLogHandler on its line path (SDK mode), as it was. */
        static void formerHandler(RoutingContext ctx) {
            long start = System.nanoTime();
            Context traced = CurrentContext.get();
            ServerSpanCapture.TracedRequest routed = ServerSpanCapture.takeRouted();
            ctx.addBodyEndHandler(v -> {
                if (!AccessLogHandler.ACCESS.isInfoEnabled()) {
                    return;
                }
                int status = ctx.response().getStatusCode();
                double durationMs = Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
                String pattern = routed != null ? routed.route() : ctx.currentRoute() == null ? null : ctx.currentRoute().getName();
                String method = ctx.request().method().name();
                String path = ctx.request().path();
                String route = pattern == null ? "" : pattern;
                Context context = traced == null ? Context.root() : traced;
                AsyncLogAppender shipped = ShippedAccessLog.appender(AccessLogHandler.ACCESS);
                if (shipped != null) {
                    shipped.appendAccessLine(
                            AccessLine.capture(context, method, route, path, status, durationMs, AccessLogFields.of(ctx)));
                }
            });
            ctx.next();
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "9"));
        int requests = Integer.parseInt(System.getenv().getOrDefault("REQUESTS", "100000"));
        Service[] services = {new Service("former", false), new Service("hook", true)};
        for (Service s : services) {
            run(s, 2 * requests);
        }
        double[][] cpu = new double[2][rounds], bytes = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 2; i++) {
                Service s = services[(r + i) % 2 == 0 ? 0 : 1];
                int at = s == services[0] ? 0 : 1;
                long c0 = MX.getThreadCpuTime(s.loop), b0 = MX.getThreadAllocatedBytes(s.loop);
                run(s, requests);
                cpu[at][r] = (MX.getThreadCpuTime(s.loop) - c0) / 1000.0 / requests;
                bytes[at][r] = (double) (MX.getThreadAllocatedBytes(s.loop) - b0) / requests;
            }
        }
        for (int i = 0; i < 2; i++) {
            double[] c = cpu[i].clone();
            Arrays.sort(c);
            double[] b = bytes[i].clone();
            Arrays.sort(b);
            System.err.printf("one JVM %-6s event loop %.2f us/request (q1 %.2f q3 %.2f), %.0f B/request%n",
                    services[i].name, c[rounds / 2], c[rounds / 4], c[3 * rounds / 4], b[rounds / 2]);
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = cpu[1][r] - cpu[0][r];
        }
        Arrays.sort(ratio);
        System.err.printf("one JVM hook - former, same round: median %.2f us/request (q1 %.2f q3 %.2f)%n",
                ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
        System.exit(0);
    }

    static void run(Service s, int requests) throws Exception {
        AtomicInteger started = new AtomicInteger(), done = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        for (int i = 0; i < CONCURRENCY; i++) {
            next(s, requests, started, done, all);
        }
        all.get();
    }

    static void next(Service s, int requests, AtomicInteger started, AtomicInteger done, CompletableFuture<Void> all) {
        if (started.incrementAndGet() > requests) {
            return;
        }
        s.client.request(HttpMethod.GET, s.port, "127.0.0.1", "/api/products/SKU-001")
                .compose(request -> request.send().compose(response -> response.body()))
                .onComplete(body -> {
                    if (body.failed()) {
                        all.completeExceptionally(body.cause());
                    } else if (done.incrementAndGet() == requests) {
                        all.complete(null);
                    } else {
                        next(s, requests, started, done, all);
                    }
                });
    }
}
JAVA
javac -nowarn -d "$WORK/out" -cp "telemetry/target/classes:$DEPS" "$WORK/AccessLineHookCost.java" 2>&1 | grep -v '^Note:' || true
mkdir -p "$WORK/out-one"
javac -nowarn -d "$WORK/out-one" -cp "telemetry/target/classes:$DEPS" "$WORK/one/AccessLineHookInterleaved.java" 2>&1 | grep -v '^Note:' || true
uptime
for pair in $(seq "$PAIRS"); do
    java -cp "$WORK/out:$WORK/base-classes:$DEPS" AccessLineHookCost base 2>&1 >/dev/null | grep -E '^(base|tree) '
    java -cp "$WORK/out:telemetry/target/classes:$DEPS" AccessLineHookCost tree 2>&1 >/dev/null | grep -E '^(base|tree) '
done
uptime
java -cp "$WORK/out-one:telemetry/target/classes:$DEPS" dev.chaoslab.telemetry.AccessLineHookInterleaved 2>&1 >/dev/null | grep -E '^one JVM'
uptime
