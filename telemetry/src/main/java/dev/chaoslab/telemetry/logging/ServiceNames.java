package dev.chaoslab.telemetry.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which service a log line belongs to, decided when it is written.
 *
 * <p>In the all-in-one mode four services share one JVM but each has its own Vert.x instance, so the
 * Vert.x instance that owns the current context names the service. Off Vert.x threads (main, exporter
 * threads) the name is the system property {@value #SERVICE_PROPERTY}, else the variable
 * {@value #SERVICE_VARIABLE}, else the service of the process if it hosts exactly one (services
 * registered as sharing their process never count as "the" service of the process).
 *
 * <p>{@link #current()} runs for every access line on the event loops, so its usual answer is cheap: the thread-local
 * of {@link #speakingFor} is read only while some thread speaks for a service, and the Vert.x instance is found by
 * identity in a small array of the registered ones, replaced (never changed) when one is registered or unregistered.
 */
public final class ServiceNames {

    /** System property naming the service of lines logged outside any service's Vert.x threads. */
    public static final String SERVICE_PROPERTY = "chaoslab.service";
    /** Environment variable with the same meaning as {@link #SERVICE_PROPERTY}. */
    public static final String SERVICE_VARIABLE = "CHAOSLAB_SERVICE";

    private static final Map<Object, String> BY_VERTX = new ConcurrentHashMap<>();
    private static final Map<Object, String> SOLE = new ConcurrentHashMap<>();
    private static final ThreadLocal<String> SPEAKING_FOR = new ThreadLocal<>();
    /** Calls of {@link #speakingFor} running now, on any thread: while none is, no thread's thread-local is set. */
    private static final AtomicInteger SPEAKING = new AtomicInteger();
    /** The registered Vert.x instances and their services, at the same indices; replaced on every change. */
    private static volatile Registered registered = new Registered(new Object[0], new String[0]);

    private ServiceNames() {}

    /**
     * Lines logged on {@code vertx}'s threads get {@code service}; when {@code sharedProcess} is false,
     * so do lines logged off Vert.x threads while it is the only such service.
     */
    public static synchronized void register(Vertx vertx, String service, boolean sharedProcess) {
        BY_VERTX.put(vertx, service);
        if (!sharedProcess) {
            SOLE.put(vertx, service);
        }
        registered = Registered.of(BY_VERTX);
    }

    public static synchronized void unregister(Vertx vertx) {
        BY_VERTX.remove(vertx);
        SOLE.remove(vertx);
        registered = Registered.of(BY_VERTX);
    }

    /**
     * Runs {@code action} with lines logged on this thread attributed to {@code service}: for code that
     * works for a service on a thread that is not its own (an exporter's HTTP thread, for instance).
     */
    public static void speakingFor(String service, Runnable action) {
        SPEAKING.incrementAndGet(); // before the thread-local is set: current() on this thread then reads it
        String previous = SPEAKING_FOR.get();
        SPEAKING_FOR.set(service);
        try {
            action.run();
        } finally {
            if (previous == null) {
                SPEAKING_FOR.remove();
            } else {
                SPEAKING_FOR.set(previous);
            }
            SPEAKING.decrementAndGet();
        }
    }

    /** The service of the calling thread, or {@code null} when it cannot be told. */
    public static String current() {
        return current(Vertx.currentContext());
    }

    /** {@link #current()} when the calling thread's Vert.x context is {@code context} (null off Vert.x threads). */
    static String current(Context context) {
        if (SPEAKING.get() != 0) {
            String explicit = SPEAKING_FOR.get();
            if (explicit != null) {
                return explicit;
            }
        }
        if (context != null) {
            String service = registered.serviceOf(context.owner());
            if (service != null) {
                return service;
            }
        }
        String configured = System.getProperty(SERVICE_PROPERTY);
        if (configured == null) {
            configured = System.getenv(SERVICE_VARIABLE);
        }
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (SOLE.size() == 1 && BY_VERTX.size() == 1) {
            for (String only : SOLE.values()) {
                return only;
            }
        }
        return null;
    }

    /** The registered Vert.x instances and their services, at the same indices. Immutable. */
    private record Registered(Object[] owners, String[] services) {

        static Registered of(Map<Object, String> byVertx) {
            Object[] owners = new Object[byVertx.size()];
            String[] services = new String[owners.length];
            int i = 0;
            for (Map.Entry<Object, String> each : byVertx.entrySet()) {
                owners[i] = each.getKey();
                services[i++] = each.getValue();
            }
            return new Registered(owners, services);
        }

        /** The service of {@code owner}, found by identity; {@code null} when it is not registered. */
        String serviceOf(Object owner) {
            Object[] all = owners;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == owner) {
                    return services[i];
                }
            }
            return null;
        }
    }
}
