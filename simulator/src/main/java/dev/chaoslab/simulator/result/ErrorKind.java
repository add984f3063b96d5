package dev.chaoslab.simulator.result;

/**
 * An {@code errorKinds} entry: errors of one request label, class and cause.
 *
 * @param error   the error class ({@code http_5xx}, {@code timeout}, …)
 * @param status  the HTTP status of the first one, or null without an answer
 * @param message the first one's message
 * @param firstMs when the first ended, ms from the run start
 * @param traceId the first one's trace, or null
 */
public record ErrorKind(
        String request,
        String error,
        Integer status,
        String cause,
        String message,
        long count,
        long firstMs,
        long lastMs,
        String traceId) {}
