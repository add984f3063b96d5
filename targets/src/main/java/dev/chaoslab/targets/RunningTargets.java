package dev.chaoslab.targets;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Services started by {@link Targets#start}; {@link #close()} stops them all. */
public final class RunningTargets {

    record Started(ServiceName service, ServiceRuntime runtime, int port, String baseUrl) {}

    private final Map<ServiceName, Started> started = new EnumMap<>(ServiceName.class);
    private final List<ServiceName> startOrder = new ArrayList<>();

    synchronized void add(Started service) {
        started.put(service.service(), service);
        startOrder.add(service.service());
    }

    synchronized boolean has(ServiceName service) {
        return started.containsKey(service);
    }

    /** e.g. {@code http://127.0.0.1:41234}. */
    public synchronized String baseUrl(ServiceName service) {
        return require(service).baseUrl();
    }

    public synchronized int port(ServiceName service) {
        return require(service).port();
    }

    /** The runtime of a service started here (its Vert.x instance and meter registry). */
    public synchronized ServiceRuntime runtime(ServiceName service) {
        return require(service).runtime();
    }

    /** Base URLs by service id, in start order. */
    public synchronized Map<String, String> baseUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        startOrder.forEach(s -> urls.put(s.id(), started.get(s).baseUrl()));
        return urls;
    }

    private Started require(ServiceName service) {
        Started s = started.get(service);
        if (s == null) {
            throw new IllegalArgumentException(service.id() + " is not running in this process");
        }
        return s;
    }

    /** Stops the callers first (gateway before orders before its dependencies), each with its own Vert.x. */
    public Future<Void> close() {
        List<ServiceName> order;
        synchronized (this) {
            order = new ArrayList<>(startOrder);
            startOrder.clear();
        }
        Collections.reverse(order);
        Future<Void> chain = Future.succeededFuture();
        for (ServiceName s : order) {
            ServiceRuntime runtime = started.get(s).runtime();
            chain = chain.eventually(() -> runtime.close());
        }
        return chain;
    }
}
