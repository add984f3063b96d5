package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.result.ErrorKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's errors itemised, like a load tester's error table: per request label, error class and
 * {@link ErrorCause#key() cause}, how many, when first and last seen, the first one's message and trace id —
 * a way from "5 % of checkouts failed" to one failing request in Tempo and its log lines in Loki.
 *
 * <p>Memory is bounded however long the run and however varied its errors: at most {@link #MAX_KINDS} kinds;
 * errors of further kinds are counted under one kind per label and class ({@link #FURTHER}). Thread-safe: the
 * lanes record from their event loops; only errors take the lock.
 */
final class ErrorCatalog {
    static final int MAX_KINDS = 100;
    static final String FURTHER = "(further kinds, not itemised)";

    private record Key(String request, Outcome outcome, String cause) {}

    private static final class Kind {
        final String request;
        final Outcome outcome;
        final ErrorCause first;
        final long firstMs;
        long count;
        long lastMs;

        Kind(String request, Outcome outcome, ErrorCause first, long atMs) {
            this.request = request;
            this.outcome = outcome;
            this.first = first;
            this.firstMs = atMs;
        }
    }

    private final Map<Key, Kind> kinds = new HashMap<>();
    private int itemised;

    /**
     * Counts one error of {@code request} at {@code atMs} (since the run's start). Returns true when it is the
     * first of its kind.
     */
    synchronized boolean record(String request, Outcome outcome, ErrorCause cause, long atMs) {
        Key key = new Key(request, outcome, cause.key());
        Kind kind = kinds.get(key);
        boolean first = kind == null;
        if (first) {
            if (itemised >= MAX_KINDS) {
                key = new Key(request, outcome, FURTHER);
                kind = kinds.get(key);
                first = false;
                if (kind == null) {
                    kind = new Kind(request, outcome, new ErrorCause(0, FURTHER, FURTHER, null), atMs);
                    kinds.put(key, kind);
                }
            } else {
                kind = new Kind(request, outcome, cause, atMs);
                kinds.put(key, kind);
                itemised++;
            }
        }
        kind.count++;
        kind.lastMs = atMs;
        return first;
    }

    /** The kinds, most frequent first (then earliest), at most {@code limit} of them. */
    synchronized List<ErrorKind> kinds(int limit) {
        List<Kind> sorted = new ArrayList<>(kinds.values());
        sorted.sort(Comparator.comparingLong((Kind k) -> -k.count)
                .thenComparingLong(k -> k.firstMs)
                .thenComparing(k -> k.request));
        List<ErrorKind> out = new ArrayList<>();
        for (Kind k : sorted.subList(0, Math.min(limit, sorted.size()))) {
            out.add(new ErrorKind(
                    k.request,
                    k.outcome.label(),
                    k.first.status() == 0 ? null : k.first.status(),
                    k.first.key(),
                    k.first.message(),
                    k.count,
                    k.firstMs,
                    k.lastMs,
                    k.first.traceId()));
        }
        return out;
    }
}
