package dev.chaoslab.telemetry;

import dev.chaoslab.telemetry.logging.ServiceNames;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the OTLP span exporter so that an unreachable collector costs one warning, not one per export.
 *
 * <p>The OTLP exporter logs every failed export itself (through {@code java.util.logging}, throttled to a
 * few lines a minute): those loggers are switched off by {@link OtlpExporterLoggers#silence()} and this
 * wrapper reports instead: one warning when exports start failing, one info line when they work again.
 * The services never wait for the collector: the batch processor drops what it cannot send.
 */
final class WarnOnceSpanExporter implements SpanExporter {

    private static final Logger LOG = LoggerFactory.getLogger(WarnOnceSpanExporter.class);

    private final SpanExporter delegate;
    private final String serviceName;
    private final String endpoint;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();

    WarnOnceSpanExporter(SpanExporter delegate, String serviceName, String endpoint) {
        this.delegate = delegate;
        this.serviceName = serviceName;
        this.endpoint = endpoint;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result;
        try {
            result = delegate.export(spans);
        } catch (RuntimeException e) {
            reportFailure(e);
            return CompletableResultCode.ofFailure();
        }
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                if (failing.compareAndSet(true, false)) {
                    ServiceNames.speakingFor(
                            serviceName,
                            () -> LOG.info(
                                    "Span export to {} works again; spans of service {} are being delivered",
                                    endpoint,
                                    serviceName));
                }
            } else {
                reportFailure(result.getFailureThrowable());
            }
        });
        return result;
    }

    /** Exports that failed so far. */
    long failures() {
        return failures.get();
    }

    private void reportFailure(Throwable cause) {
        failures.incrementAndGet();
        if (failing.compareAndSet(false, true)) {
            String reason = cause == null
                    ? "the collector refused the spans"
                    : rootCause(cause).toString();
            ServiceNames.speakingFor(
                    serviceName,
                    () -> LOG.warn(
                            "Cannot export spans of service {} to {} ({}); the service keeps working and drops its spans "
                                    + "until the collector is reachable. Set OTEL_EXPORTER_OTLP_ENDPOINT to a running collector, or "
                                    + "unset it to stop exporting. This is reported once.",
                            serviceName,
                            endpoint,
                            reason));
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "WarnOnceSpanExporter{" + delegate + "}";
    }
}
