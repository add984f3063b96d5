package dev.chaoslab.simulator.cli;

import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.proxy.HostPort;
import dev.chaoslab.proxy.Proxies;
import dev.chaoslab.proxy.ProxyConfigException;
import dev.chaoslab.proxy.ProxyConfigReader;
import dev.chaoslab.proxy.ProxySpec;
import dev.chaoslab.proxy.RouteTemplates;
import dev.chaoslab.proxy.UpstreamOptions;
import dev.chaoslab.telemetry.ReadDeadlines;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code proxy}: flags to {@link ProxySpec}s, then the proxy module runs them until the process is stopped. */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs a chaos proxy in front of any HTTP service: faults route by route through its admin "
                + "listener's /chaos/faults, RED metrics on /metrics, spans and JSON access lines, as the shop services "
                + "have. One proxy from flags, or several from --config.")
public final class ProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where clients connect, e.g. 127.0.0.1:9000.")
    String listen;

    @Option(names = "--upstream", paramLabel = "URL", description = "The service to forward to, http://host:port.")
    String upstream;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The proxy's service name: the 'service' label of its metrics, spans and logs.")
    String name;

    @Option(
            names = "--admin",
            paramLabel = "HOST:PORT",
            description =
                    "Where the chaos API, /metrics, /health and /ready listen. Off loopback it needs CHAOS_TOKEN.")
    String admin;

    @Option(
            names = "--route",
            paramLabel = "TEMPLATE",
            description = "A route template such as /api/orders/:id (repeatable): the route label of matching paths; "
                    + "other paths are labelled /*.")
    List<String> routes = new ArrayList<>();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A YAML file of proxies (name, listen, upstream, admin, routes) instead of the flags above.")
    Path config;

    @Option(
            names = "--connect-timeout-ms",
            paramLabel = "MS",
            defaultValue = "" + UpstreamOptions.DEFAULT_CONNECT_TIMEOUT_MS,
            description = "Connecting to the upstream may take this long, then 504 (default ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    @Option(
            names = "--idle-timeout-ms",
            paramLabel = "MS",
            defaultValue = "" + UpstreamOptions.DEFAULT_IDLE_TIMEOUT_MS,
            description = "The upstream may stay silent this long, then 504 (default ${DEFAULT-VALUE}).")
    long idleTimeoutMs;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            defaultValue = "" + UpstreamOptions.DEFAULT_MAX_CONNECTIONS,
            description = "Connections to each upstream at most (default ${DEFAULT-VALUE}); waiting requests beyond "
                    + UpstreamOptions.DEFAULT_MAX_WAIT_QUEUE + " get 503.")
    int maxConnections;

    @Option(
            names = "--read-head-timeout-ms",
            paramLabel = "MS",
            defaultValue = "" + ReadDeadlines.DEFAULT_HEAD_MS,
            description = "A client connection that has not sent its first request head this long after opening is "
                    + "closed, on both listeners; " + ReadDeadlines.MIN_MS + ".."
                    + ReadDeadlines.MAX_MS + " (default ${DEFAULT-VALUE}).")
    long readHeadTimeoutMs;

    @Option(
            names = "--read-body-timeout-ms",
            paramLabel = "MS",
            defaultValue = "" + ReadDeadlines.DEFAULT_BODY_MS,
            description = "A request body still arriving this long (plus a second per 16 KiB) after the proxy starts "
                    + "reading it is answered 408, on both listeners; " + ReadDeadlines.MIN_MS + ".."
                    + ReadDeadlines.MAX_MS + " (default ${DEFAULT-VALUE}).")
    long readBodyTimeoutMs;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<ProxySpec> specs;
        UpstreamOptions options;
        ChaosOptions chaos;
        try {
            specs = specs();
            UpstreamOptions upstreamOptions = new UpstreamOptions()
                    .setConnectTimeoutMs(connectTimeoutMs)
                    .setIdleTimeoutMs(idleTimeoutMs)
                    .setMaxConnections(maxConnections);
            flag("--read-head-timeout-ms", () -> upstreamOptions.setReadHeadTimeoutMs(readHeadTimeoutMs));
            flag("--read-body-timeout-ms", () -> upstreamOptions.setReadBodyTimeoutMs(readBodyTimeoutMs));
            options = upstreamOptions;
            chaos = ChaosOptions.fromEnv(System.getenv());
        } catch (ProxyConfigException e) {
            e.problems().forEach(err::println);
            err.flush();
            return ExitCodes.INVALID_INPUT;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        Proxies proxies = Proxies.start(specs, options, chaos, System.getenv()).await();
        PrintWriter out = spec.commandLine().getOut();
        proxies.describe().forEach(out::println);
        out.println("Ctrl-C stops it.");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> proxies.close().await(), "chaoslab-stop-proxies"));
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }

    private List<ProxySpec> specs() throws ProxyConfigException {
        boolean flags = listen != null || upstream != null || name != null || admin != null || !routes.isEmpty();
        if (config != null) {
            if (flags) {
                throw new IllegalArgumentException(
                        "--config replaces --listen, --upstream, --name, --admin and --route; "
                                + "give one or the other");
            }
            return ProxyConfigReader.read(config);
        }
        List<String> missing = new ArrayList<>();
        if (listen == null) {
            missing.add("--listen");
        }
        if (upstream == null) {
            missing.add("--upstream");
        }
        if (name == null) {
            missing.add("--name");
        }
        if (admin == null) {
            missing.add("--admin");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing " + String.join(", ", missing) + " (or give --config FILE)");
        }
        URI uri = URI.create(upstream);
        return List.of(
                new ProxySpec(name, flag("--listen", listen), uri, flag("--admin", admin), new RouteTemplates(routes)));
    }

    /** Runs {@code set}, naming {@code flag} in the message of the IllegalArgumentException it throws. */
    private static void flag(String flag, Runnable set) {
        try {
            set.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }

    private static HostPort flag(String flag, String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + e.getMessage());
        }
    }
}
