package dev.chaoslab.targets;

import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.targets.http.ClientOptions;
import dev.chaoslab.telemetry.Instrumentation;
import dev.chaoslab.telemetry.ReadDeadlines;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one target service per process ({@code --service orders}) or all four in one process
 * ({@code --service all}, each in its own Vert.x instance). Every flag has an environment variable.
 */
@Command(
        name = "chaoslab-targets",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Runs the chaoslab target services (gateway -> orders -> payments, inventory) with their chaos API.")
public final class TargetsMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TargetsMain.class);

    @Option(
            names = "--service",
            defaultValue = "${env:TARGETS_SERVICE:-all}",
            description = "gateway, orders, payments, inventory or all (env TARGETS_SERVICE; default ${DEFAULT-VALUE})")
    String service;

    @Option(
            names = "--host",
            defaultValue = "${env:TARGETS_HOST:-127.0.0.1}",
            description =
                    "address to listen on (env TARGETS_HOST; default ${DEFAULT-VALUE}); off loopback the chaos API needs CHAOS_TOKEN")
    String host;

    @Option(
            names = "--port",
            defaultValue = "${env:TARGETS_PORT}",
            description = "port of the one service given by --service (env TARGETS_PORT; 0 = free port)")
    Integer port;

    @Option(
            names = "--gateway-port",
            defaultValue = "${env:GATEWAY_PORT:-8080}",
            description = "env GATEWAY_PORT; default ${DEFAULT-VALUE}")
    int gatewayPort;

    @Option(
            names = "--orders-port",
            defaultValue = "${env:ORDERS_PORT:-8081}",
            description = "env ORDERS_PORT; default ${DEFAULT-VALUE}")
    int ordersPort;

    @Option(
            names = "--payments-port",
            defaultValue = "${env:PAYMENTS_PORT:-8082}",
            description = "env PAYMENTS_PORT; default ${DEFAULT-VALUE}")
    int paymentsPort;

    @Option(
            names = "--inventory-port",
            defaultValue = "${env:INVENTORY_PORT:-8083}",
            description = "env INVENTORY_PORT; default ${DEFAULT-VALUE}")
    int inventoryPort;

    @Option(
            names = "--orders-url",
            defaultValue = "${env:ORDERS_URL:-http://127.0.0.1:8081}",
            description = "orders, when not run in this process (env ORDERS_URL; default ${DEFAULT-VALUE})")
    String ordersUrl;

    @Option(
            names = "--payments-url",
            defaultValue = "${env:PAYMENTS_URL:-http://127.0.0.1:8082}",
            description = "payments, when not run in this process (env PAYMENTS_URL; default ${DEFAULT-VALUE})")
    String paymentsUrl;

    @Option(
            names = "--inventory-url",
            defaultValue = "${env:INVENTORY_URL:-http://127.0.0.1:8083}",
            description = "inventory, when not run in this process (env INVENTORY_URL; default ${DEFAULT-VALUE})")
    String inventoryUrl;

    @Option(
            names = "--request-timeout-ms",
            defaultValue = "${env:CLIENT_REQUEST_TIMEOUT_MS:-2000}",
            description =
                    "how long a downstream call may go unanswered before it is a 504 (env CLIENT_REQUEST_TIMEOUT_MS; default ${DEFAULT-VALUE})")
    long requestTimeoutMs;

    @Option(
            names = "--connect-timeout-ms",
            defaultValue = "${env:CLIENT_CONNECT_TIMEOUT_MS:-1000}",
            description = "env CLIENT_CONNECT_TIMEOUT_MS; default ${DEFAULT-VALUE}")
    int connectTimeoutMs;

    @Option(
            names = "--pool-size",
            defaultValue = "${env:CLIENT_POOL_SIZE:-50}",
            description = "connections per downstream (env CLIENT_POOL_SIZE; default ${DEFAULT-VALUE})")
    int poolSize;

    @Option(
            names = "--read-head-timeout-ms",
            defaultValue = "${env:READ_HEAD_TIMEOUT_MS:-" + ReadDeadlines.DEFAULT_HEAD_MS + "}",
            description = "a connection that has not sent its first request head this long after opening is closed, "
                    + ReadDeadlines.MIN_MS + ".." + ReadDeadlines.MAX_MS
                    + " (env READ_HEAD_TIMEOUT_MS; default ${DEFAULT-VALUE})")
    long readHeadTimeoutMs;

    @Option(
            names = "--read-body-timeout-ms",
            defaultValue = "${env:READ_BODY_TIMEOUT_MS:-" + ReadDeadlines.DEFAULT_BODY_MS + "}",
            description = "a request body still arriving this long (plus a second per 16 KiB) after the service "
                    + "starts reading it is answered 408, " + ReadDeadlines.MIN_MS + ".."
                    + ReadDeadlines.MAX_MS + " (env READ_BODY_TIMEOUT_MS; default ${DEFAULT-VALUE})")
    long readBodyTimeoutMs;

    @Option(
            names = "--chaos-max-latency-ms",
            defaultValue = "${env:CHAOS_MAX_LATENCY_MS:-30000}",
            description = "latency ceiling of faults (env CHAOS_MAX_LATENCY_MS; default ${DEFAULT-VALUE})")
    long maxLatencyMs;

    @Option(
            names = "--chaos-max-ttl-ms",
            defaultValue = "${env:CHAOS_MAX_TTL_MS:-3600000}",
            description = "longest fault TTL (env CHAOS_MAX_TTL_MS; default ${DEFAULT-VALUE})")
    long maxTtlMs;

    @Option(
            names = "--chaos-max-cpu-ms",
            defaultValue = "${env:CHAOS_MAX_CPU_MS:-1000}",
            description = "CPU ceiling of cpu faults per request (env CHAOS_MAX_CPU_MS; default ${DEFAULT-VALUE})")
    long maxCpuMs;

    @Option(
            names = "--chaos-seed",
            defaultValue = "${env:CHAOS_SEED}",
            description = "seed of the chaos randomness, for reproducible runs (env CHAOS_SEED)")
    Long seed;

    @Option(
            names = "--telemetry",
            defaultValue = "${env:CHAOSLAB_TELEMETRY:-on}",
            description =
                    "on or off: off runs without tracing and metrics, to measure their cost (env CHAOSLAB_TELEMETRY; default ${DEFAULT-VALUE})")
    String telemetry;

    @Option(
            names = "--instrumentation",
            defaultValue = "${env:CHAOSLAB_INSTRUMENTATION:-sdk}",
            description =
                    "sdk or agent: who traces requests, the services' own OpenTelemetry SDK or the OpenTelemetry Java "
                            + "agent given with -javaagent (env CHAOSLAB_INSTRUMENTATION; default ${DEFAULT-VALUE})")
    String instrumentation;

    public static void main(String[] args) {
        int code = new CommandLine(new TargetsMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    TargetsConfig config() {
        TargetsConfig config = new TargetsConfig().setHost(host);
        if ("all".equalsIgnoreCase(service)) {
            config.setServices(EnumSet.allOf(ServiceName.class));
        } else {
            config.setServices(EnumSet.of(ServiceName.parse(service)));
        }
        config.setPort(ServiceName.GATEWAY, gatewayPort)
                .setPort(ServiceName.ORDERS, ordersPort)
                .setPort(ServiceName.PAYMENTS, paymentsPort)
                .setPort(ServiceName.INVENTORY, inventoryPort);
        if (port != null) {
            if (config.services().size() != 1) {
                throw new IllegalArgumentException(
                        "--port needs a single --service; with --service all use --gateway-port etc.");
            }
            config.setPort(config.services().iterator().next(), port);
        }
        config.setUrl(ServiceName.ORDERS, ordersUrl)
                .setUrl(ServiceName.PAYMENTS, paymentsUrl)
                .setUrl(ServiceName.INVENTORY, inventoryUrl);
        config.setClient(new ClientOptions()
                .setRequestTimeoutMs(requestTimeoutMs)
                .setConnectTimeoutMs(connectTimeoutMs)
                .setMaxPoolSize(poolSize));
        ChaosOptions chaos = ChaosOptions.fromEnv(System.getenv())
                .setMaxLatencyMs(maxLatencyMs)
                .setMaxTtlMs(maxTtlMs)
                .setMaxCpuMs(maxCpuMs);
        config.setChaos(chaos).setSeed(seed);
        flag("--read-head-timeout-ms", () -> config.setReadHeadTimeoutMs(readHeadTimeoutMs));
        flag("--read-body-timeout-ms", () -> config.setReadBodyTimeoutMs(readBodyTimeoutMs));
        if (!telemetry.equalsIgnoreCase("on") && !telemetry.equalsIgnoreCase("off")) {
            throw new IllegalArgumentException("--telemetry must be on or off, not '" + telemetry + "'");
        }
        config.setInstrumentation(Instrumentation.parse(instrumentation));
        return config.setTelemetry(telemetry.equalsIgnoreCase("on"));
    }

    /** Runs {@code set}, naming {@code flag} in the message of the IllegalArgumentException it throws. */
    private static void flag(String flag, Runnable set) {
        try {
            set.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() {
        TargetsConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("chaoslab-targets: " + e.getMessage());
            return 2;
        }
        RunningTargets running;
        try {
            running = Targets.start(config).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("chaoslab-targets: " + e.getMessage());
            return 1;
        }
        LOG.info("target services running: {}", running.baseUrls());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                running.close().await(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                System.err.println("chaoslab-targets: shutdown: " + e.getMessage());
                            }
                        },
                        "targets-shutdown"));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
