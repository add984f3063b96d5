package dev.chaoslab.proxy;

import dev.chaoslab.chaos.ChaosOptions;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several running proxies, started together and closed together: when one cannot start, those already
 * started are closed and the start fails with its reason.
 */
public final class Proxies {

    private final List<ChaosProxy> running;

    private Proxies(List<ChaosProxy> running) {
        this.running = List.copyOf(running);
    }

    /** Starts every spec in order; see {@link ChaosProxy#start}. */
    public static Future<Proxies> start(
            List<ProxySpec> specs, UpstreamOptions upstream, ChaosOptions chaos, Map<String, String> env) {
        List<ChaosProxy> started = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (ProxySpec spec : specs) {
            chain = chain.compose(
                    v -> ChaosProxy.start(spec, upstream, chaos, env).map(p -> {
                        started.add(p);
                        return null;
                    }));
        }
        return chain.transform(ar -> ar.succeeded()
                ? Future.succeededFuture(new Proxies(started))
                : new Proxies(started).close().transform(closed -> Future.failedFuture(ar.cause())));
    }

    public List<ChaosProxy> all() {
        return running;
    }

    /** Closes every proxy; completes when all are closed. */
    public Future<Void> close() {
        return Future.join(running.stream().map(ChaosProxy::close).toList()).mapEmpty();
    }

    /** One line per proxy: where it listens, what it forwards to, where its admin API is. */
    public List<String> describe() {
        return running.stream()
                .map(p ->
                        "proxy " + p.spec().name() + ": http://" + host(p.spec().listen()) + ":"
                                + p.port() + " -> " + p.spec().upstream() + "; admin http://"
                                + host(p.spec().admin()) + ":" + p.adminPort()
                                + " (/chaos/faults, /metrics, /health, /ready)")
                .toList();
    }

    private static String host(HostPort address) {
        return address.host().contains(":") ? "[" + address.host() + "]" : address.host();
    }
}
