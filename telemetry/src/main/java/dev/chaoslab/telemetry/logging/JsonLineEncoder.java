package dev.chaoslab.telemetry.logging;

import net.logstash.logback.composite.loggingevent.ArgumentsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LogstashMarkersJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;

/**
 * The one definition of chaoslab's JSON log line (docs/contracts.md, "Logs"), for every logback configuration
 * that writes it: the services' stdout ({@code logback.xml} of this module) and the simulator CLI's log file
 * ({@code chaoslab/logback-cli.xml}). In a configuration: {@code <encoder class="dev.chaoslab.telemetry.logging.JsonLineEncoder"/>}.
 *
 * <p>Fields in order: {@code @timestamp} (ISO-8601, UTC), {@code level}, {@code logger}, {@code message},
 * {@code service} (of the logging Vert.x instance), the MDC ({@code trace_id}, {@code span_id} only of a
 * sampled span, see {@link SampledTraceMdcJsonProvider}; never {@code trace_flags}), per-context fields
 * ({@link LogFields}, e.g. {@code run_id}), markers and structured arguments as top-level fields, {@code thread},
 * and {@code stack_trace} (root cause first, at most 30 frames per throwable).
 */
public class JsonLineEncoder extends LoggingEventCompositeJsonEncoder {

    static final int MAX_FRAMES_PER_THROWABLE = 30;

    private final ShortenedThrowableConverter throwableConverter = new ShortenedThrowableConverter();

    public JsonLineEncoder() {
        LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
        LoggingEventFormattedTimestampJsonProvider timestamp = new LoggingEventFormattedTimestampJsonProvider();
        timestamp.setFieldName("@timestamp");
        timestamp.setTimeZone("UTC");
        providers.addTimestamp(timestamp);
        LogLevelJsonProvider level = new LogLevelJsonProvider();
        level.setFieldName("level");
        providers.addLogLevel(level);
        LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
        logger.setFieldName("logger");
        providers.addLoggerName(logger);
        MessageJsonProvider message = new MessageJsonProvider();
        message.setFieldName("message");
        providers.addMessage(message);
        providers.addProvider(new ServiceJsonProvider());
        providers.addProvider(new SampledTraceMdcJsonProvider());
        providers.addProvider(new LogFieldsJsonProvider());
        providers.addLogstashMarkers(new LogstashMarkersJsonProvider());
        providers.addArguments(new ArgumentsJsonProvider());
        LoggingEventThreadNameJsonProvider thread = new LoggingEventThreadNameJsonProvider();
        thread.setFieldName("thread");
        providers.addThreadName(thread);
        throwableConverter.setMaxDepthPerThrowable(MAX_FRAMES_PER_THROWABLE);
        throwableConverter.setRootCauseFirst(true);
        StackTraceJsonProvider stackTrace = new StackTraceJsonProvider();
        stackTrace.setFieldName("stack_trace");
        stackTrace.setThrowableConverter(throwableConverter);
        providers.addStackTrace(stackTrace);
        setProviders(providers);
    }

    @Override
    public void start() {
        // Joran gives nested components of a configuration file their context; these are made here.
        throwableConverter.setContext(getContext());
        super.start();
    }
}
